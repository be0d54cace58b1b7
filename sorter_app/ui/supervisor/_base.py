"""What the supervisor screens share: loading through the operations runner, one message line,
the supervisor check, a wave picker, and a read-only table model.

Classes here are subclassed, so their own texts use `QCoreApplication.translate("Supervisor", ...)`
with literal strings (PySide6's `self.tr()` takes the runtime class name as its context, and
lupdate collects only literal texts).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from sorter_app.domain.errors import UserFacingError
from sorter_app.services.people.supervisor_actions import SupervisorRequired, require_supervisor
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.ui.context import UiContext


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


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "—"


class SupervisorScreen(QWidget):
    """Base of every supervisor screen: `Screen(ctx, parent=None)`.

    Data is loaded off the main thread (`load`); a newer load of the same kind wins, so a slow
    answer never overwrites a fresher one. `refreshed(kind)` is emitted after each applied load.
    """

    refreshed = Signal(str)  # the kind of load just applied

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

    # --- language -------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # The message line reports something that happened, worded when it happened: in
            # another language it would leave the screen mixed, so it goes.
            self.message.clear()
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every visible text again through tr(); each screen implements it."""
        raise NotImplementedError

    # --- loading ------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

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
        """Load what the screen shows; each screen implements it through `load`."""
        self._dirty = False
        self._last_refresh = time.monotonic()

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

    def _show_current(self, wave_id: str) -> None:
        self.combo.setCurrentIndex(self.combo.findText(wave_id) if wave_id else -1)

    def _chosen(self, index: int) -> None:
        wave_id = self.combo.itemText(index)
        if wave_id and wave_id != self.ctx.wave_id:
            self.ctx.wave_id = wave_id
            self.ctx.events.wave_selected.emit(wave_id)


class RowsModel(QAbstractTableModel):
    """Read-only rows of a service's dataclasses; `cells(row)` gives what each column shows.

    Numbers are right-aligned; UserRole gives the raw value (for sorting and tests).
    """

    def __init__(
        self, cells: Callable[[Any], Sequence[Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._cells = cells
        self._headers: list[str] = []
        self.rows: list[Any] = []
        self._shown: dict[int, Sequence[Any]] = {}  # row → its cells, computed when first asked

    def set_headers(self, headers: list[str]) -> None:
        self._headers = headers
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(headers) - 1, 0))
        self.relabel()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._shown.clear()
        self.endResetModel()

    def relabel(self) -> None:
        """Texts made by `cells` changed language: show them again."""
        self._shown.clear()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self._headers) - 1)
            )

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def cell(self, row: int, column: int) -> Any:
        cells = self._shown.get(row)
        if cells is None:
            cells = self._shown[row] = self._cells(self.rows[row])
        return cells[column]

    def text(self, row: int, column: int) -> str:
        value = self.cell(row, column)
        return "" if value is None else str(value)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        value = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None


SIZE_BY_ROWS = 40


def table_view(model: RowsModel, parent: QWidget | None = None) -> QTableView:
    """A read-only table, one row selected at a time."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    # Sizing columns to contents reads this many rows, not a thousand: a 3,000-community table
    # would otherwise stall the main thread for a quarter of a second on every refresh.
    header.setResizeContentsPrecision(SIZE_BY_ROWS)
    view.horizontalHeader().setStretchLastSection(True)
    _size_columns_once(view, model)
    return view


def _size_columns_once(view: QTableView, model: RowsModel) -> None:
    """Columns fit their contents when the first rows arrive and when the headers change (another
    language), not on every refresh. Sizing reads cells through Python, and while a worker
    thread runs (a print job, an import) each read waits for the GIL: a print queue refreshed
    every few seconds held the window for 100 ms and more each time (bench/ui_stall.py)."""
    sized = False

    def size(force: bool = False) -> None:
        nonlocal sized
        if model.rowCount() and (force or not sized):
            view.resizeColumnsToContents()
            sized = True

    model.modelReset.connect(lambda: size())
    model.headerDataChanged.connect(lambda *_: size(force=True))


def selected_row(view: QTableView) -> Any:
    model = view.model()
    assert isinstance(model, RowsModel)
    indexes = view.selectionModel().selectedRows()
    return model.row_at(indexes[0].row()) if indexes else None
