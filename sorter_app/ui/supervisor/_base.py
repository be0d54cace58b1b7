"""What the supervisor screens share: loading through the operations runner, one message line,
the supervisor check, a wave picker, live reloads ("as of" time), and the table toolkit
(sorter_app.ui.widgets: rows model with state chips, progress bars, sorting and pinyin search;
list panels with an empty state).

Classes here are subclassed, so their own texts use `QCoreApplication.translate("Supervisor", ...)`
with literal strings (PySide6's `self.tr()` takes the runtime class name as its context, and
lupdate collects only literal texts).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import utc_now
from sorter_app.services.people.supervisor_actions import SupervisorRequired, require_supervisor
from sorter_app.services.views.data_version import data_version
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.ui.context import UiContext
from sorter_app.ui.widgets.palette import Tone
from sorter_app.ui.widgets.rows import Column, Progress, RowsModel, StateStyle
from sorter_app.ui.widgets.table import (
    SIZE_BY_ROWS,
    ListPanel,
    _size_columns_once,
    readable_font,
    table_view,
)

__all__ = [
    "SIZE_BY_ROWS",
    "Column",
    "ListPanel",
    "Progress",
    "RowsModel",
    "StateStyle",
    "SupervisorScreen",
    "Tone",
    "WavePicker",
    "_size_columns_once",
    "selected_row",
    "table_view",
]

# While a screen is visible it asks the store whether anything changed this often, and reloads
# only when it did (services/views/data_version.py: one cheap statement).
LIVE_POLL_MS = 2500


def ui_language(ctx: UiContext) -> str:
    """ "en" or "zh_CN": the language the shell switched to, else the setting."""
    try:
        from sorter_app.ui.i18n import current_language
    except ImportError:  # the shell's i18n module is optional for these screens
        return "en" if ctx.settings.language.lower().startswith("en") else "zh_CN"
    return current_language()


def error_text(ctx: UiContext, exc: BaseException) -> str:
    """A failure as the user reads it, in the screen's language."""
    if isinstance(exc, UserFacingError):
        return exc.message(ui_language(ctx))
    return QCoreApplication.translate("Supervisor", "出错了：{0}").format(exc)


def local_time(value: datetime | None, zone: ZoneInfo, with_date: bool = True) -> str:
    """A stored UTC time in the hub's zone (a night crosses midnight: the date matters)."""
    if value is None:
        return ""
    shown = value.astimezone(zone)
    return shown.strftime("%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def conflict_name(kind: str) -> str:
    """An import conflict's kind (ImportConflict.kind) in the supervisor's words."""
    names = {
        "line_reduced": QCoreApplication.translate("Supervisor", "数量减少"),
        "line_cancelled": QCoreApplication.translate("Supervisor", "订单行取消"),
        "order_cancelled": QCoreApplication.translate("Supervisor", "订单取消"),
        "sku_cancelled": QCoreApplication.translate("Supervisor", "商品取消"),
    }
    return names.get(kind, kind)


def save_file_dialog(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    """Where the user wants a file written: the save dialog's choice, None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return Path(name) if name else None


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "—"


class SupervisorScreen(QWidget):
    """Base of every supervisor screen: `Screen(ctx, parent=None)`.

    Data is loaded off the main thread (`load`); a newer load of the same kind wins, so a slow
    answer never overwrites a fresher one. `refreshed(kind)` is emitted after each applied load,
    and `as_of` (a label each screen places) says when the shown data was read.

    Live: while visible, the screen polls `live_version()` (the store's data version) every
    LIVE_POLL_MS off the main thread and calls `live_reload()` (by default `refresh`) only when
    the version changed, so numbers follow scans at the stations without a click.
    """

    refreshed = Signal(str)  # the kind of load just applied
    live_poll_ms = LIVE_POLL_MS  # a screen whose reload is costly may ask less often

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._latest: dict[str, int] = {}
        self._dirty = True
        self._last_refresh = 0.0
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setObjectName("supervisorMessage")
        # One type size for every supervisor screen (tables set theirs too: table_view).
        self.setFont(readable_font(self.font()))
        self.as_of = QLabel()  # no parent: a screen places it in its layout
        self.as_of.setObjectName("asOf")
        self._as_of: datetime | None = None
        self._seen_version: Any = None
        self._after_jobs: set[str] = set()
        self._polling = False
        self._live = QTimer(self)
        self._live.setInterval(self.live_poll_ms)
        self._live.timeout.connect(self.poll_changes)

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # The message line reports something that happened, worded when it happened: in
            # another language it would leave the screen mixed, so it goes.
            self.message.clear()
            self.retranslate()
            self._show_as_of()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every visible text again through tr(); each screen implements it."""
        raise NotImplementedError

    # --- loading ------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.live_version() is not None:
            self._live.start()
        if self._dirty:
            self.refresh()

    def hideEvent(self, event: Any) -> None:
        self._live.stop()  # hidden screens do no work
        super().hideEvent(event)

    def screen_shown(self) -> None:
        """The main window made this screen current: show fresh numbers (unless a load has just
        started, as showEvent does on the first show)."""
        if time.monotonic() - self._last_refresh > 0.5:
            self.refresh()

    def request_refresh(self) -> None:
        """Refresh now if on screen, else when next shown (hidden screens do no work)."""
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def refresh(self) -> None:
        """Load what the screen shows; each screen implements it through `load` (after calling
        this, which also reads the data version the next poll compares with)."""
        self._dirty = False
        self._last_refresh = time.monotonic()
        self._seen_version = None
        if self.isVisible():
            self.poll_changes()

    # --- live -----------------------------------------------------------------------------------

    def refresh_after_job(self, job: str) -> None:
        """Refresh when the background job `job` has run (services.jobs names it): its writes,
        such as the outbox's deliveries, are not events of their own."""
        self._after_jobs.add(job)
        if len(self._after_jobs) == 1:
            self.ctx.events.jobs_changed.connect(self._after_job_ran)

    def _after_job_ran(self, job: str) -> None:
        if job in self._after_jobs:
            self.request_refresh()

    def live_version(self) -> Callable[[], Any] | None:
        """What the poll reads (off the main thread); None: this screen does not poll."""
        store = self.ctx.store
        return lambda: data_version(store)

    def live_reload(self) -> None:
        """The store changed while this screen is shown: load again (a screen may load less)."""
        self.refresh()

    def poll_changes(self) -> None:
        """Ask whether the data changed; reload when it did (never twice at once)."""
        query = self.live_version()
        if query is None or self._polling or not self.isVisible():
            return
        self._polling = True

        def seen(version: Any) -> None:
            if not shiboken6.isValid(self):
                return
            self._polling = False
            changed = self._seen_version is not None and version != self._seen_version
            self._seen_version = version
            if changed and self.isVisible():
                self.live_reload()

        def failed(_exc: BaseException) -> bool:
            # A failed poll is not news: the next one tries again, and a load says what failed.
            if shiboken6.isValid(self):
                self._polling = False
            return True

        self.ctx.ops.run(lambda _report: query(), on_success=seen, on_failure=failed)

    def _stamp(self) -> None:
        self._as_of = utc_now()
        self._show_as_of()

    def _show_as_of(self) -> None:
        if self._as_of is None:
            self.as_of.setText("")
            return
        self.as_of.setText(
            QCoreApplication.translate("Supervisor", "截至 {0}").format(
                local_time(self._as_of, self.ctx.settings.zone, with_date=False)
            )
        )

    def load(
        self,
        kind: str,
        query: Callable[[], Any],
        on_loaded: Callable[[Any], None],
    ) -> None:
        """Run `query` on a worker thread and hand its result to `on_loaded` on this thread."""
        ticket = self._latest.get(kind, 0) + 1
        self._latest[kind] = ticket

        def apply(result: Any) -> None:
            if not shiboken6.isValid(self) or self._latest.get(kind) != ticket:
                return  # the screen is gone, or a newer load of the same kind is on its way
            on_loaded(result)
            self._stamp()
            self.refreshed.emit(kind)

        self.ctx.ops.run(
            lambda _report: query(), on_success=apply, on_failure=self._failed_if_alive
        )

    def act(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
    ) -> None:
        """Run a change off the main thread; its failure shows on the message line."""

        def done(result: Any) -> None:
            if shiboken6.isValid(self):
                on_done(result)

        self.ctx.ops.run(lambda _report: work(), on_success=done, on_failure=self._failed_if_alive)

    # --- messages -----------------------------------------------------------------------------

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def failed(self, exc: BaseException) -> bool:
        """A load or action failed: say so here, next to what the user did (True tells the
        operations runner the error is shown, so the window's banner does not repeat it)."""
        self.show_error(exc)
        return True

    def _failed_if_alive(self, exc: BaseException) -> bool:
        # A screen closed while its work ran: the window's banner reports the failure.
        return self.failed(exc) if shiboken6.isValid(self) else False

    def show_error(self, exc: BaseException | str) -> None:
        text = exc if isinstance(exc, str) else error_text(self.ctx, exc)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(text)

    # --- supervisor actions ------------------------------------------------------------------

    def supervisor(self) -> Any:
        """The unlocked supervisor, or None after telling the user this needs one."""
        try:
            require_supervisor(self.ctx.supervisor)
        except SupervisorRequired as exc:
            self.show_error(exc)
            return None
        return self.ctx.supervisor

    # Dialogs are methods so tests can answer them without a modal loop.
    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label)
        return text.strip() if ok and text.strip() else None

    # --- the current wave --------------------------------------------------------------------

    @property
    def wave_id(self) -> str | None:
        return self.ctx.wave_id

    def go_to(self, screen_key: str) -> None:
        """Show another screen (the main window listens; screens.py names the keys)."""
        self.ctx.events.open_screen.emit(screen_key)

    def show_wave_needed(self, panel: ListPanel, picker: WavePicker | None = None) -> None:
        """The empty state of a list that needs a wave: import one (none yet) or choose one."""
        if picker is not None and picker.combo.count():
            panel.set_empty_state(
                "☰",
                QCoreApplication.translate("Supervisor", "请先选择波次"),
                QCoreApplication.translate("Supervisor", "在上方的“波次”中选择今晚的波次。"),
            )
            return
        panel.set_empty_state(
            "⇩",
            QCoreApplication.translate("Supervisor", "还没有波次"),
            QCoreApplication.translate(
                "Supervisor", "先从平台或文件导入今晚的波次，这里就会列出它的数据。"
            ),
            (QCoreApplication.translate("Supervisor", "导入波次"), lambda: self.go_to("waves")),
        )


class WavePicker(QWidget):
    """The wave a supervisor screen shows; choosing one makes it the app's current wave."""

    def __init__(self, screen: SupervisorScreen) -> None:
        super().__init__(screen)
        self.owner_screen = screen
        self.ctx = screen.ctx
        self._loaded = False
        self.label = QLabel()
        self.combo = QComboBox()
        self.combo.setMinimumWidth(220)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.activated.connect(self._chosen)
        self.ctx.events.wave_selected.connect(self._show_current)
        self.ctx.events.wave_imported.connect(lambda _w: self.reload())
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(QCoreApplication.translate("Supervisor", "波次："))
        self.combo.setPlaceholderText(QCoreApplication.translate("Supervisor", "请选择波次"))

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        self.owner_screen.load(
            "waves", lambda: [w.wave_id for w in list_waves(self.ctx.store)], self._fill
        )

    def _fill(self, wave_ids: list[str]) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(wave_ids)
        self.combo.blockSignals(False)
        if self.ctx.wave_id is None and len(wave_ids) == 1:
            self.ctx.wave_id = wave_ids[0]
            self.ctx.events.wave_selected.emit(wave_ids[0])
        self._show_current(self.ctx.wave_id or "")
        if self.ctx.wave_id is None and wave_ids:
            # Empty states said "import a wave" before the list came: now it says "choose one".
            self.owner_screen.request_refresh()

    def _show_current(self, wave_id: str) -> None:
        self.combo.setCurrentIndex(self.combo.findText(wave_id) if wave_id else -1)

    def _chosen(self, index: int) -> None:
        wave_id = self.combo.itemText(index)
        if wave_id and wave_id != self.ctx.wave_id:
            self.ctx.wave_id = wave_id
            self.ctx.events.wave_selected.emit(wave_id)


def selected_row(view: QTableView) -> Any:
    model = view.model()
    assert isinstance(model, RowsModel)
    indexes = view.selectionModel().selectedRows()
    return model.row_at(indexes[0].row()) if indexes else None
