"""A read-only table model over a service's rows (dataclasses), with what a supervisor needs to
read a table at a glance: columns that declare what they are (a state chip, a progress bar, a
number, the stretched name), sorting by the raw values, and a search over IDs, names and pinyin.

The view's rows are the model's rows (`model.rows`, after search and sort): no proxy, so a row
number means the same to the view, the screens and the tests. Sorting and filtering run here in
Python over cached cells, one pass each, instead of a QSortFilterProxyModel calling back into
Python for every comparison (3,000 rows: some 70,000 calls per sort).

Search: `search(row)` gives a row's IDs and names (plain attributes, no translated words). The
keys (text, pinyin initials, full pinyin: search_keys) are built once per set of rows, on a
worker thread as the rows are set (names seen before are one cache lookup), so typing in the
search box only compares strings.

A reload (`set_rows`) keeps the selection and the scroll position: when the rows have keys
(`key=`), the same rows in the same order only repaint (dataChanged), and otherwise the view's
persistent indexes (its selection, its current row) follow their rows by key.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
)

from sorter_app.ui.widgets import search_keys
from sorter_app.ui.widgets.palette import ICONS, Tone

CHIP_ROLE = Qt.ItemDataRole.UserRole + 1  # a state cell's (Tone, icon)
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 2  # a progress cell's Progress


@dataclass(frozen=True)
class Progress:
    """A (part, whole) cell: a bar and "12/40"."""

    part: int
    whole: int

    @property
    def ratio(self) -> float:
        return self.part / self.whole if self.whole else 0.0

    def __str__(self) -> str:
        return f"{self.part}/{self.whole}"


@dataclass(frozen=True)
class StateStyle:
    """How a state column shows its states: code → (tone, icon), and the word for a code (the
    screen's translated name). Codes sort in the mapping's order."""

    styles: Mapping[str, tuple[Tone, str | None]]
    word: Callable[[str], str]

    def chip(self, code: str) -> tuple[Tone, str]:
        tone, icon = self.styles.get(code, (Tone.NEUTRAL, None))
        return tone, icon or ICONS[tone]

    def rank(self, code: str) -> int:
        order = list(self.styles)
        return order.index(code) if code in order else len(order)


@dataclass(frozen=True)
class Column:
    """What a column is. `stretch`: this column takes the spare width (the name, not the last
    column). `states`: a state column (its cells are state codes). `fmt`: how a number shows
    (sorting still uses the number)."""

    stretch: bool = False
    states: StateStyle | None = None
    fmt: Callable[[Any], str] | None = None


PLAIN = Column()


Search = Callable[[Any], Iterable[object]]


@dataclass(frozen=True)
class _Keys:
    """Search keys of one set of rows (`generation`), built once, not per keystroke."""

    generation: int = -1
    keys: list[str] = field(default_factory=list)


def build_keys(rows: Sequence[Any], search: Search) -> list[str]:
    return [search_keys.row_key(search(row)) for row in rows]


_POOL: list[QThreadPool] = []


def _keys_pool() -> QThreadPool:
    """One thread of its own for search keys: the app's pool (ctx.ops: loads, the senders) has
    as many threads as cores, and a list's keys should never make a load wait."""
    if not _POOL:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        _POOL.append(pool)
    return _POOL[0]


class _KeysJob(QRunnable):
    """The keys of a new set of rows, built on a worker thread. `search` reads the rows' plain
    attributes (frozen dataclasses: safe to read from another thread); the result is handed over
    by replacing one attribute, and the model uses it only for the rows it was built for."""

    def __init__(self, model: RowsModel, generation: int, rows: list[Any], search: Search) -> None:
        super().__init__()
        self.model, self.generation, self.rows, self.search = model, generation, rows, search

    def run(self) -> None:
        keys = _Keys(self.generation, build_keys(self.rows, self.search))
        model = self.model
        if model._generation == self.generation and model._search.generation != self.generation:
            model._search = keys


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.TextAlignmentRole,
        CHIP_ROLE,
        PROGRESS_ROLE,
    }
)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class RowsModel(QAbstractTableModel):
    """Read-only rows of a service's dataclasses; `cells(row)` gives what each column shows.

    Numbers are right-aligned; UserRole gives the raw value (for sorting and tests). `columns`
    declares the columns (see Column); `key(row)` names a row across reloads (an ID).
    """

    def __init__(
        self,
        cells: Callable[[Any], Sequence[Any]],
        parent: QObject | None = None,
        *,
        columns: Sequence[Column] = (),
        key: Callable[[Any], Hashable] | None = None,
        search: Search | None = None,
    ) -> None:
        super().__init__(parent)
        self._cells = cells
        self.columns: list[Column] = list(columns)
        self._key = key
        self.search = search  # None: the list has no search box
        self._headers: list[str] = []
        self._all: list[Any] = []
        self._order: list[int] = []  # the rows shown, as indexes into _all
        self.rows: list[Any] = []
        self._shown: dict[int, Sequence[Any]] = {}  # _all index → its cells, when first asked
        self._generation = 0
        self._search = _Keys()
        self._terms: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.loaded = False  # rows were set at least once (an empty list is then really empty)

    # --- columns and headers ------------------------------------------------------------------

    def column(self, column: int) -> Column:
        return self.columns[column] if 0 <= column < len(self.columns) else PLAIN

    def stretch_column(self) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.stretch), None)

    def set_headers(self, headers: list[str]) -> None:
        self._headers = headers
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(headers) - 1, 0))
        self.relabel()

    def relabel(self) -> None:
        """Texts made by `cells` changed language: show them again."""
        self._shown.clear()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self._headers) - 1)
            )

    # --- rows -----------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Rows before the search: 0 means the list itself is empty."""
        return len(self._all)

    def set_rows(self, rows: Sequence[Any]) -> None:
        key = self._key
        before = [key(row) for row in self.rows] if key is not None else None
        self._all = list(rows)
        self._shown.clear()
        self._generation += 1
        if self.search is not None and self._all:
            _keys_pool().start(_KeysJob(self, self._generation, self._all, self.search))
        self.loaded = True
        order = self._arranged()
        if key is None or not self.rows or not order:
            self.beginResetModel()
            self._show_order(order)
            self.endResetModel()
            return
        if [key(self._all[i]) for i in order] == before:
            # The same rows where they were: nothing moves; repaint only the rows whose data
            # changed. Each cell painted is a call from Qt into Python, which under a busy worker
            # (a batch print) waits for the GIL: a live reload that changed nothing paints nothing.
            old_rows = self.rows
            self._show_order(order)
            changed = [r for r, row in enumerate(self.rows) if row != old_rows[r]]
            if changed and self._headers:
                self.dataChanged.emit(
                    self.index(changed[0], 0), self.index(changed[-1], len(self._headers) - 1)
                )
            return
        self._relayout(order, lambda row: key(row))

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # --- search and sort ------------------------------------------------------------------------

    def set_filter(self, query: str) -> None:
        """Show only rows whose IDs, names or their pinyin contain every word of `query`."""
        terms = search_keys.query_terms(query)
        if terms == self._terms:
            return
        self._terms = terms
        self._rearrange()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the raw values of `column` (numbers as numbers); -1: the service's order."""
        if (column, order) == self._sort:
            return
        self._sort = (column, order)
        self._rearrange()

    def _arranged(self) -> list[int]:
        order = list(range(len(self._all)))
        if self._terms:
            keys = self._keys()
            order = [i for i in order if search_keys.matches(keys[i], self._terms)]
        column, direction = self._sort
        if 0 <= column < max(len(self._headers), len(self.columns)):
            order = self._sorted(order, column, direction)
        return order

    def _sorted(self, order: list[int], column: int, direction: Qt.SortOrder) -> list[int]:
        states = self.column(column).states
        values = {i: self._cells_of(i)[column] for i in order}

        def sort_key(i: int) -> tuple[Any, ...]:
            v = values[i]
            if states is not None:
                return (0, states.rank(str(v)), str(v))
            if isinstance(v, Progress):
                return (0, v.ratio, v.part)
            if _is_number(v):
                return (0, v)
            return (1, str(v).casefold())

        empty = [i for i in order if values[i] is None or values[i] == ""]
        filled = [i for i in order if not (values[i] is None or values[i] == "")]
        filled.sort(key=sort_key, reverse=direction == Qt.SortOrder.DescendingOrder)
        return filled + empty  # empty cells last either way

    def _rearrange(self) -> None:
        if not self.loaded:
            return
        self._relayout(self._arranged(), None)

    def _relayout(self, order: list[int], key: Callable[[Any], Hashable] | None) -> None:
        """Show `order`; the view's selection and current row follow their rows."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        # A row's identity: its key across reloads, its place in _all within one set of rows.
        if key is not None:
            old = [
                key(self.rows[p.row()]) if 0 <= p.row() < len(self.rows) else None
                for p in persistent
            ]
            self._show_order(order)
            where = {key(row): r for r, row in enumerate(self.rows)}
        else:
            old = [
                self._order[p.row()] if 0 <= p.row() < len(self._order) else None
                for p in persistent
            ]
            self._show_order(order)
            where = {i: r for r, i in enumerate(self._order)}
        moved = [
            self.index(where[o], p.column()) if o is not None and o in where else QModelIndex()
            for o, p in zip(old, persistent, strict=True)
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _show_order(self, order: list[int]) -> None:
        self._order = order
        self.rows = [self._all[i] for i in order]

    def _keys(self) -> list[str]:
        """The current rows' keys: the worker's, or built here when asked before it is done."""
        found = self._search
        if found.generation != self._generation:
            search = self.search or (lambda _row: ())
            found = self._search = _Keys(self._generation, build_keys(self._all, search))
        return found.keys

    # --- cells ----------------------------------------------------------------------------------

    def _cells_of(self, index: int) -> Sequence[Any]:
        cells = self._shown.get(index)
        if cells is None:
            cells = self._shown[index] = self._cells(self._all[index])
        return cells

    def cell(self, row: int, column: int) -> Any:
        """The raw value shown at (row, column): a number, a text, a state code, a Progress."""
        return self._cells_of(self._order[row])[column]

    def _display(self, cells: Sequence[Any], column: int) -> str:
        value = cells[column]
        if value is None:
            return ""
        spec = self.column(column)
        if spec.states is not None:
            return spec.states.word(str(value))
        if spec.fmt is not None:
            return spec.fmt(value)
        return str(value)

    def text(self, row: int, column: int) -> str:
        """What the cell says (a state's word, a progress "12/40")."""
        return self._display(self._cells_of(self._order[row]), column)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # A painted cell asks a dozen roles; those this model has no answer for return at once
        # (each call is Python: a 3,000-row table repaints its visible rows on every reload).
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._order):
            return None
        row, column = index.row(), index.column()
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            if role == Qt.ItemDataRole.ToolTipRole and self.column(column).states is None:
                return None
            return self.text(row, column)
        value = self.cell(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == CHIP_ROLE:
            states = self.column(column).states
            return states.chip(str(value)) if states is not None and value is not None else None
        if role == PROGRESS_ROLE:
            return value if isinstance(value, Progress) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            _is_number(value) or isinstance(value, Progress)
        ):
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
