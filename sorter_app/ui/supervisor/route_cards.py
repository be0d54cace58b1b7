"""The route board's cards: one per route, readable from a standing distance — the units sorted
of due as a big number and a bar, crates closed and loaded, the departure with a countdown, and
the state as colour, icon and word. The state comes from the service (the at-risk rule in
domain/route_risk.py); a card only draws it. Clicking a card asks for the route's detail.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.route_risk import RouteState
from sorter_app.services.views.route_board import RouteCard
from sorter_app.ui.widgets.palette import (
    COLOURS,
    PROGRESS_DONE,
    PROGRESS_FILL,
    PROGRESS_TRACK,
    Tone,
)

CARD_WIDTH = 340  # the grid fits as many columns as this width allows
CARDS_PER_TURN = 2  # new cards built per turn of the event loop (each ~4 ms idle, more under load)
TITLE_WIDTH = 190  # px of a card's title line beside its state chip

# Shapes differ as well as colours: a state is never colour alone.
STATE_LOOK: dict[RouteState, tuple[Tone, str]] = {
    RouteState.ON_TRACK: (Tone.OK, "✔"),
    RouteState.AT_RISK: (Tone.WARN, "▲"),
    RouteState.LATE: (Tone.BAD, "✖"),
    RouteState.LOADED: (Tone.INFO, "▣"),
    RouteState.DISPATCHED: (Tone.NEUTRAL, "➜"),
    RouteState.NO_DEPARTURE: (Tone.NEUTRAL, "○"),
}


def state_word(state: RouteState) -> str:
    words = {
        RouteState.ON_TRACK: QCoreApplication.translate("RouteCards", "正常"),
        RouteState.AT_RISK: QCoreApplication.translate("RouteCards", "有风险"),
        RouteState.LATE: QCoreApplication.translate("RouteCards", "已晚点"),
        RouteState.LOADED: QCoreApplication.translate("RouteCards", "已装车"),
        RouteState.DISPATCHED: QCoreApplication.translate("RouteCards", "已发车"),
        RouteState.NO_DEPARTURE: QCoreApplication.translate("RouteCards", "未设发车时间"),
    }
    return words[state]


def hm(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M") if moment else ""


def countdown(card: RouteCard, now: datetime, zone: ZoneInfo) -> str:
    """The departure and how long until it (or since, or when the truck left)."""
    if card.dispatched_at is not None:
        return QCoreApplication.translate("RouteCards", "{0} 已发车").format(
            hm(card.dispatched_at, zone)
        )
    departure = card.facts.departure
    if departure is None:
        return QCoreApplication.translate("RouteCards", "未设发车时间（在设置中填写）")
    minutes = int((departure - now).total_seconds() // 60)
    if minutes < 0:
        return QCoreApplication.translate("RouteCards", "发车 {0} · 已过 {1} 分钟").format(
            hm(departure, zone), -minutes
        )
    return QCoreApplication.translate("RouteCards", "发车 {0} · 还有 {1}:{2:02d}").format(
        hm(departure, zone), minutes // 60, minutes % 60
    )


def _label(px: int, *, bold: bool = False) -> QLabel:
    label = QLabel()
    font = QFont(label.font())
    font.setPixelSize(px)
    font.setBold(bold)
    label.setFont(font)
    return label


def _restyle(widget: QWidget, name: str, value: str) -> None:
    """Set a property the style sheet selects on, and have the sheet applied again."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def grid_style() -> str:
    """The cards' one style sheet: each tone's colours, selected by the `tone` property."""
    rules = [
        "QFrame#routeCard { background: white; border-radius: 6px; }",
        "QLabel#routeState { border-radius: 10px; padding: 3px 10px; }",
        f"QProgressBar#routeBar {{ background: {PROGRESS_TRACK}; border: none;"
        " border-radius: 4px; }",
        f"QProgressBar#routeBar::chunk {{ background: {PROGRESS_FILL}; border-radius: 4px; }}",
        f'QProgressBar#routeBar[done="true"]::chunk {{ background: {PROGRESS_DONE}; }}',
    ]
    for tone, c in COLOURS.items():
        rules += [
            f'QFrame#routeCard[tone="{tone.value}"] {{ border: 1px solid {c.edge};'
            f" border-left: 10px solid {c.edge}; }}",
            f'QLabel#routeState[tone="{tone.value}"] {{ background: {c.fill}; color: {c.text};'
            f" border: 1px solid {c.edge}; }}",
            f'QLabel#routeDeparture[tone="{tone.value}"] {{ color: {c.text}; }}',
        ]
    return "\n".join(rules)


class RouteCardWidget(QFrame):
    """One route's card; `clicked(route_id)` when a supervisor clicks it."""

    clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("routeCard")
        self.setFixedWidth(CARD_WIDTH - 12)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.route_id = ""
        self.state: RouteState | None = None
        self.tone: Tone | None = None
        self.title = _label(20, bold=True)
        self.title.setObjectName("data_routeTitle")  # the platform's route ID and name
        # One line, elided: a word-wrapped title makes the grid's layout ask every card for
        # its height at each width, which held the window ~50 ms per new card on a wave's
        # first load (bench/ui_stall.py --dashboard). The full name is the title's tooltip.
        self.title.setWordWrap(False)
        self.chip = _label(17, bold=True)
        self.chip.setObjectName("routeState")
        self.units = _label(32, bold=True)
        self.units.setObjectName("routeUnits")
        self.bar = QProgressBar()
        self.bar.setObjectName("routeBar")
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(16)
        self.crates = _label(15)
        self.departure = _label(18, bold=True)
        self.departure.setObjectName("routeDeparture")
        self.pace = _label(15)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.units)
        layout.addWidget(self.bar)
        layout.addWidget(self.crates)
        layout.addWidget(self.departure)
        layout.addWidget(self.pace)

    def show_card(self, card: RouteCard, now: datetime, zone: ZoneInfo) -> None:
        self.route_id = card.route_id
        self.state = card.state
        tone, icon = STATE_LOOK[card.state]
        if tone != self.tone:
            # Colours come from the grid's one style sheet by this property: setting a sheet
            # per card made a reload of 100 routes hold the window for half a second.
            self.tone = tone
            for widget in (self, self.chip, self.departure):
                _restyle(widget, "tone", tone.value)
        self.chip.setText(f"{icon} {state_word(card.state)}")
        name = f"{card.route_id}  {card.name}" if card.name != card.route_id else card.route_id
        self.title.setText(
            self.title.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, TITLE_WIDTH)
        )
        self.title.setToolTip(name)
        facts = card.facts
        self.units.setText(
            QCoreApplication.translate("RouteCards", "{0} / {1} 件").format(
                facts.units_sorted, facts.units_due
            )
        )
        self.bar.setRange(0, max(facts.units_due, 1))
        self.bar.setValue(min(facts.units_sorted, max(facts.units_due, 1)))
        done = "true" if facts.units_due and facts.units_sorted >= facts.units_due else "false"
        if self.bar.property("done") != done:
            _restyle(self.bar, "done", done)
        self.crates.setText(
            QCoreApplication.translate("RouteCards", "筐：已封 {0} · 已装车 {1} / {2}").format(
                card.crates_closed, facts.crates_loaded, facts.crates
            )
        )
        self.departure.setText(countdown(card, now, zone))
        finish = (
            QCoreApplication.translate("RouteCards", "预计 {0} 完成").format(
                hm(card.projected_finish, zone)
            )
            if card.projected_finish and card.state not in (RouteState.DISPATCHED,)
            else QCoreApplication.translate("RouteCards", "近 30 分钟无人分拣")
            if facts.units_left and not facts.sorted_last_30_min
            else ""
        )
        pace = QCoreApplication.translate("RouteCards", "{0} 站 · 每小时 {1:.0f} 件").format(
            card.stops, facts.rate_per_hour
        )
        self.pace.setText(f"{pace} · {finish}" if finish else pace)
        self.setToolTip(QCoreApplication.translate("RouteCards", "点击查看各站缺什么、谁在分拣"))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.route_id:
            self.clicked.emit(self.route_id)
        super().mousePressEvent(event)


class RouteGrid(QScrollArea):
    """The cards in a scrollable grid, as many columns as fit; cards are kept per route and
    updated in place, so a reload does not rebuild the grid."""

    route_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.inner = QWidget()
        self.inner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.grid = QGridLayout(self.inner)
        self.grid.setSpacing(12)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.inner.setStyleSheet(grid_style())
        self.setWidget(self.inner)
        self.setMinimumWidth(CARD_WIDTH + 24)  # one card and the scroll bar, beside a route
        self.cards: dict[str, RouteCardWidget] = {}
        self._order: list[str] = []
        self._columns = 0
        self._making: list[RouteCard] = []  # new routes whose cards are still to be built
        self._shown_at: tuple[datetime, ZoneInfo] = (datetime.now(UTC), ZoneInfo("UTC"))

    def set_cards(self, cards: list[RouteCard], now: datetime, zone: ZoneInfo) -> None:
        wanted = [c.route_id for c in cards]
        for gone in set(self.cards) - set(wanted):
            widget = self.cards.pop(gone)
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self._making = [c for c in cards if c.route_id not in self.cards]
        for card in cards:
            if card.route_id in self.cards:
                self.cards[card.route_id].show_card(card, now, zone)
        self._shown_at = (now, zone)
        if wanted != self._order:
            self._order = wanted
            self._layout(force=True)
        self._make_some()

    def _make_some(self) -> None:
        """Build the next few new cards and place them. A wave's first load brings a hundred
        routes; building and styling them in one go held the window for half a second, so they
        come a few per turn of the event loop (the first few at once)."""
        batch, self._making = self._making[:CARDS_PER_TURN], self._making[CARDS_PER_TURN:]
        now, zone = self._shown_at
        columns = max(self._columns, 1)
        place = {route_id: i for i, route_id in enumerate(self._order)}
        for card in batch:
            if card.route_id in self.cards or card.route_id not in place:
                continue
            made = self.cards[card.route_id] = RouteCardWidget(self.inner)
            made.clicked.connect(self.route_clicked)
            made.show_card(card, now, zone)
            i = place[card.route_id]
            self.grid.addWidget(made, i // columns, i % columns)
        if self._making:
            QTimer.singleShot(0, self._make_some)

    def card(self, route_id: str) -> RouteCardWidget:
        return self.cards[route_id]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout()

    def _layout(self, force: bool = False) -> None:
        columns = max(1, self.viewport().width() // CARD_WIDTH)
        if columns == self._columns and not force:
            return
        self._columns = columns
        for widget in self.cards.values():
            self.grid.removeWidget(widget)
        for i, route_id in enumerate(self._order):
            if route_id in self.cards:  # the others are placed when they are built
                self.grid.addWidget(self.cards[route_id], i // columns, i % columns)
