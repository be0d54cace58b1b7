"""Tables a shift lead reads standing: `table_view(model)` (type at least 14 px, state chips and
progress bars where the columns say so, numbers right-aligned, the name column stretched, sortable
headers) and `ListPanel` (a table with a search box above it and an empty state in its place when
the list is empty).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sorter_app.ui.widgets.delegates import ChipDelegate, ProgressDelegate
from sorter_app.ui.widgets.empty_state import EmptyState
from sorter_app.ui.widgets.palette import Tone
from sorter_app.ui.widgets.rows import Progress, RowsModel

# Type size of supervisor tables and their headers: readable at 1080p from a standing distance.
TABLE_FONT_PX = 15
# Sizing columns to contents reads this many rows, not a thousand: a 3,000-community table
# would otherwise stall the main thread for a quarter of a second on every refresh.
SIZE_BY_ROWS = 40
SEARCH_DELAY_MS = 150  # a search runs when typing pauses, not on every key


def readable_font(font: QFont) -> QFont:
    """`font` at the supervisor screens' type size (never smaller)."""
    sized = QFont(font)
    if sized.pixelSize() < TABLE_FONT_PX:
        sized.setPixelSize(TABLE_FONT_PX)
    return sized


def table_view(model: RowsModel, parent: QWidget | None = None) -> QTableView:
    """A read-only table, one row selected at a time, drawn as the model's columns declare."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setFont(readable_font(view.font()))
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 14)
    header = view.horizontalHeader()
    header.setFont(readable_font(header.font()))
    header.setResizeContentsPrecision(SIZE_BY_ROWS)
    header.setHighlightSections(False)
    chips, bars = ChipDelegate(view), ProgressDelegate(view)
    for column, spec in enumerate(model.columns):
        if spec.states is not None:
            view.setItemDelegateForColumn(column, chips)
    stretch = model.stretch_column()
    header.setStretchLastSection(stretch is None)
    if stretch is not None:
        # Sections exist once the headers are set (a resize mode set before is dropped).
        def stretch_name(*_: object) -> None:
            if stretch < header.count():
                header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

        header.sectionCountChanged.connect(stretch_name)
        stretch_name()
    # Progress cells can be in any column a screen's cells put them; the delegate falls back
    # to the plain drawing elsewhere.
    _progress_columns(view, model, bars)
    # No sort until a header is clicked: rows come in the service's order (route and stop,
    # newest first); a third click returns to it.
    header.setSortIndicatorClearable(True)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    _size_columns_once(view, model)
    return view


def _progress_columns(view: QTableView, model: RowsModel, bars: ProgressDelegate) -> None:
    """The progress delegate on the columns whose first row holds a Progress, once rows come."""
    done: set[int] = set()

    def install() -> None:
        if not model.rows:
            return
        for column in range(model.columnCount()):
            if column not in done and isinstance(model.cell(0, column), Progress):
                view.setItemDelegateForColumn(column, bars)
                done.add(column)

    model.modelReset.connect(install)
    model.layoutChanged.connect(install)


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
    model.layoutChanged.connect(lambda: size())
    model.headerDataChanged.connect(lambda *_: size(force=True))


class ListPanel(QWidget):
    """A table with a search box (IDs, names, pinyin initials) and, when the list itself is
    empty, an EmptyState saying what to do next (set it with `empty.show_state`; until then an
    empty list shows the empty table)."""

    def __init__(
        self, model: RowsModel, parent: QWidget | None = None, *, searchable: bool = True
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.view = table_view(model, self)
        self.empty = EmptyState(self)
        self.search = QLineEdit()
        self.search.setObjectName("listSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setFont(readable_font(self.search.font()))
        self.search.setMaximumWidth(420)
        self.count = QLabel()
        self.count.setObjectName("listCount")
        self._empty_set = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        bar.addStretch(1)
        self.bar = QWidget()
        self.bar.setLayout(bar)
        self.searchable = searchable and model.search is not None
        self.bar.setVisible(self.searchable)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addLayout(self.stack, 1)

        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.apply_search)
        for signal in (model.modelReset, model.layoutChanged):
            signal.connect(self._update)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(
            QCoreApplication.translate("Supervisor", "搜索：编号、名称或拼音首字母（如 dqhy）")
        )
        self._update()

    def apply_search(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.search.text())

    def set_empty_state(
        self,
        icon: str,
        title: str,
        hint: str = "",
        action: tuple[str, Callable[[], None]] | None = None,
        tone: Tone = Tone.INFO,
    ) -> None:
        """What the panel shows instead of an empty list (see EmptyState.show_state)."""
        self._empty_set = True
        self.empty.show_state(icon, title, hint, action, tone)
        self._update()

    def clear_empty_state(self) -> None:
        self._empty_set = False
        self._update()

    @property
    def showing_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def _update(self) -> None:
        model = self.model
        empty = self._empty_set and model.loaded and model.total == 0
        self.stack.setCurrentWidget(self.empty if empty else self.view)
        self.bar.setVisible(self.searchable and not empty)  # nothing to search in
        self.search.setEnabled(model.total > 0 or bool(self.search.text()))
        if model.total and len(model.rows) != model.total:
            self.count.setText(
                QCoreApplication.translate("Supervisor", "显示 {0} / {1} 行").format(
                    len(model.rows), model.total
                )
            )
        else:
            self.count.setText("")
