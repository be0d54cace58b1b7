"""The supervisor screens are in the main window's navigation and open once a supervisor has
unlocked them."""

from __future__ import annotations

from typing import Any

from sorter_app.services.people.roster import Person
from sorter_app.ui.screens import SUPERVISOR_SCREENS, registered_screens

SUPERVISOR_SCREEN_CLASSES = {
    "dashboard": ("dashboard", "DashboardScreen"),
    "waves": ("waves", "WavesScreen"),
    "receiving": ("receiving", "ReceivingScreen"),
    "crates": ("crates", "CratesScreen"),
    "crate_returns": ("crate_returns", "CrateReturnsScreen"),
    "exceptions": ("exceptions", "ExceptionsScreen"),
    "dispatch": ("dispatch", "DispatchScreen"),
    "night_summary": ("night_summary", "NightSummaryScreen"),
    "trends": ("trends", "TrendsScreen"),
    "forecast": ("forecast", "ForecastScreen"),
    "print_centre": ("print_centre", "PrintCentreScreen"),
    "outbox": ("outbox", "OutboxScreen"),
    "jobs": ("jobs", "JobsScreen"),
    "audit": ("audit", "AuditScreen"),
    "settings": ("settings_page", "SettingsScreen"),
}


def test_the_main_window_opens_every_supervisor_screen(ui: Any) -> None:
    keys = {spec.key: spec for spec in registered_screens()}
    for key in SUPERVISOR_SCREEN_CLASSES:
        assert keys[key].supervisor_only
    assert {s.key for s in SUPERVISOR_SCREENS} == {*SUPERVISOR_SCREEN_CLASSES, "command_cards"}
    ui.window.set_supervisor(Person("SUP1", "李班长", "supervisor"))
    for key, (module, class_name) in SUPERVISOR_SCREEN_CLASSES.items():
        assert ui.window.show_screen(key), key
        page = ui.window.page(key)
        assert type(page).__name__ == class_name
        assert type(page).__module__ == f"sorter_app.ui.supervisor.{module}"
    assert keys["receiving"].title == "收货与缺货"
