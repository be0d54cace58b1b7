"""What changed, announced once: screens react to these instead of polling or reaching into
each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    wave_imported = Signal(str)  # wave_id
    wave_selected = Signal(str)  # wave_id the station and dashboards work on
    scan_committed = Signal(object)  # sorter_app.domain.decisions.Decision
    receiving_changed = Signal(str)  # wave_id
    print_queue_changed = Signal()
    people_changed = Signal()
    language_changed = Signal(str)  # "zh_CN" | "en"
    worker_logged_in = Signal(object)  # sorter_app.services.people.roster.Person, or None on logout
    supervisor_unlocked = Signal(object)  # Person, or None when the unlock expires
    jobs_changed = Signal(str)  # the background job that ran (services.jobs names): see ctx.jobs
    open_screen = Signal(str)  # a screen asks the main window to show another (screens.py keys)
