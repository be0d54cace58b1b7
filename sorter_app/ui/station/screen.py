"""The worker's station screen: full screen, read from a metre away, driven by the scanner alone.

A worker logs in by scanning their badge, then scans goods (and crates): every scan is one call of
`ScanStation.scan`, and the screen changes colour, shape, word and sound only after it returned
(the decision is committed by then). The call takes about a millisecond, so it runs on the main
thread; progress numbers are read in the background through `ctx.ops`.

Keys, for a station without a mouse: F5 receiving, F6 seeding, F7 loading, F12 log out. In load
mode the worker chooses the route from the wave's routes (or scans its route card `ROUTE-…`),
then scans crates; what each stop still misses is read again after every scan
(services/views/dispatch_view.py, the dispatch screen's read). Command cards
(CMD-CANCEL, CMD-UNDO, CMD-CRATE-FULL, CMD-DAMAGED, CMD-QTY-N, CMD-LOGOUT) go to the engine like
any scan. At receiving, digits typed on the keypad and Enter send the count as `CMD-COUNT-N`, the
same scan call (the rules say what it counts: docs/scanning.md); an undo the rules refuse as too
late (`undo_needs_supervisor`) opens the supervisor's PIN dialog and, once unlocked, goes through
services/receiving/late_undo.py.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.barcodes import BadgeCode, CrateCode, RouteCode, parse_scan
from sorter_app.domain.decisions import Decision, Level, Result
from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.ids import same_id_ignoring_case
from sorter_app.services.people.roster import badge_login
from sorter_app.services.receiving.late_undo import undo_receipt_as
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.sorting.station_options import station_options
from sorter_app.services.views.dispatch_view import route_load
from sorter_app.services.views.lookup_views import RouteListing, route_listing
from sorter_app.services.views.progress import sku_progress, wave_progress
from sorter_app.ui.context import UiContext
from sorter_app.ui.i18n import current_language
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner.wedge import disable_input_method
from sorter_app.ui.sound import Sound
from sorter_app.ui.speech import Speech
from sorter_app.ui.station.presentation import (
    IDLE,
    PALETTES,
    View,
    count_entry_text,
    decision_message,
    login_view,
    mode_name,
    route_view,
    speech_for,
    text_view,
    view_for,
    welcome_view,
)
from sorter_app.ui.station.widgets import (
    LastScans,
    LoadList,
    ProgressStrip,
    ScanLine,
    StateIcon,
    StopMissing,
)
from sorter_app.ui.unlock import SupervisorUnlockDialog

log = logging.getLogger(__name__)

MODES = ("receive", "seed", "load")
MAX_TYPED_DIGITS = 4  # a count is 1 to 9999, as for CODE*N
_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): str(d) for d in range(10)}
SLOW_SCAN_MS = 50.0
# Pixel sizes at 1920x1080; everything scales with the window, the stop number never below
# STOP_MIN_PX (its digits are then >= 120 px high).
STOP_MIN_PX = 170
_SIZES = {
    "stop": 300,
    "qty": 210,
    "word": 110,
    "headline": 72,
    "title": 96,
    "unit": 56,
    "crate": 60,
    "detail": 40,
    "caption": 30,
    "message": 36,
    "bar": 24,
    "card": 24,
}


class StationScreen(QWidget):
    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        sound: Sound | None = None,
        speech: Speech | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sound: Sound = sound or ctx.sound
        self.speech: Speech = speech or ctx.speech
        self.mode = "seed"
        self.station: ScanStation | None = None
        self._station_error: UserFacingError | None = None
        self._scan_config = station_options(ctx.settings).scan_config
        self._render: Callable[[], View] = login_view
        self._lines: list[tuple[datetime, str, Callable[[], str]]] = []
        self._progress_sku: str | None = None
        self._progress_running = False
        self._progress_again = False
        self.typed = ""  # digits of a count typed on the keypad, sent on Enter
        self.route: str | None = None  # the truck being loaded, in load mode
        self.routes: list[RouteListing] = []
        self._load_generation = 0  # a missing-list read older than the last request is dropped
        self.view: View = login_view()
        self.setObjectName("stationScreen")
        disable_input_method(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()
        self._shortcuts()
        ctx.events.wave_selected.connect(self._wave_selected)
        self.open_station()
        self.retranslate()
        self._apply_sizes()

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_top_bar())

        self.panel = QFrame(self)
        self.panel.setObjectName("statePanel")
        self.panel.setAutoFillBackground(True)
        body = QVBoxLayout(self.panel)
        body.setContentsMargins(32, 24, 32, 24)
        body.setSpacing(16)

        main = QHBoxLayout()
        main.setSpacing(40)
        left = QVBoxLayout()
        self.icon = StateIcon(self.panel)
        self.icon.setObjectName("stateIcon")
        self.word = QLabel(self.panel)
        self.word.setObjectName("stateWord")
        self.word.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        left.addWidget(self.icon, 3)
        left.addWidget(self.word, 1)
        main.addLayout(left, 3)
        main.addLayout(self._build_target(), 9)
        body.addLayout(main, 1)

        self.message = QLabel(self.panel)
        self.message.setObjectName("data_message")  # the engine's message names communities
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        body.addWidget(self.message)
        self.count_entry = QLabel(self.panel)
        self.count_entry.setObjectName("countEntry")
        self.count_entry.setVisible(False)
        body.addWidget(self.count_entry)

        cards = QHBoxLayout()
        cards.setSpacing(20)
        self.last_scans = LastScans(self.panel)
        self.progress = ProgressStrip(self.panel)
        self.load_list = LoadList(self.panel)
        self.load_list.setObjectName("loadList")
        self.load_list.setVisible(False)
        for card in (self.last_scans, self.progress, self.load_list):
            _light_card(card)
        cards.addWidget(self.last_scans, 3)
        cards.addWidget(self.load_list, 3)
        cards.addWidget(self.progress, 2)
        body.addLayout(cards)
        outer.addWidget(self.panel, 1)

    def _build_target(self) -> QVBoxLayout:
        """Headline; stop number and quantity side by side; community; crate and zone chips;
        the item. Hidden parts collapse."""
        column = QVBoxLayout()
        column.setSpacing(6)
        self.headline = QLabel(self.panel)
        self.headline.setObjectName("data_headline")  # may quote the engine's message
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.headline)

        numbers = QHBoxLayout()
        numbers.setSpacing(120)
        self.stop_caption, self.stop = QLabel(self.panel), QLabel(self.panel)
        self.stop_caption.setObjectName("stopCaption")
        self.stop.setObjectName("data_stop")
        self.qty_caption, self.qty = QLabel(self.panel), QLabel(self.panel)
        self.qty_caption.setObjectName("qtyCaption")
        self.qty.setObjectName("data_qty")
        self.unit = QLabel(self.panel)
        self.unit.setObjectName("data_unit")
        stop_box = QVBoxLayout()
        stop_box.setSpacing(0)
        stop_box.addWidget(self.stop_caption)
        stop_box.addWidget(self.stop)
        qty_line = QHBoxLayout()
        qty_line.setSpacing(16)
        qty_line.addWidget(self.qty, 0, Qt.AlignmentFlag.AlignBottom)
        qty_line.addWidget(self.unit, 0, Qt.AlignmentFlag.AlignBottom)
        qty_box = QVBoxLayout()
        qty_box.setSpacing(0)
        qty_box.addWidget(self.qty_caption)
        qty_box.addLayout(qty_line)
        numbers.addLayout(stop_box)
        numbers.addLayout(qty_box)
        numbers.addStretch(1)
        for box in (stop_box, qty_box):
            numbers.setAlignment(box, Qt.AlignmentFlag.AlignTop)
        column.addLayout(numbers)

        self.title = QLabel(self.panel)
        self.title.setObjectName("data_title")  # community name (or the SKU when receiving)
        self.title.setWordWrap(True)
        column.addWidget(self.title)
        chips = QHBoxLayout()
        chips.setSpacing(24)
        self.crate = QLabel(self.panel)
        self.crate.setObjectName("data_crate")
        self.temperature = QLabel(self.panel)
        self.temperature.setObjectName("temperature")
        chips.addWidget(self.crate)
        chips.addWidget(self.temperature)
        chips.addStretch(1)
        column.addLayout(chips)
        self.detail = QLabel(self.panel)
        self.detail.setObjectName("data_detail")
        self.detail.setWordWrap(True)
        column.addWidget(self.detail)
        column.addStretch(1)
        for label in (self.title, self.detail):
            label.setTextFormat(Qt.TextFormat.PlainText)
        return column

    def _build_top_bar(self) -> QWidget:
        bar = QFrame(self)
        bar.setObjectName("topBar")
        bar.setAutoFillBackground(True)
        palette = bar.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#212121"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#FFFFFF"))
        bar.setPalette(palette)
        row = QHBoxLayout(bar)
        row.setContentsMargins(20, 8, 20, 8)
        row.setSpacing(14)
        self.mode_chip = QLabel(bar)
        self.mode_chip.setObjectName("modeChip")
        self.mode_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.mode_chip)
        self.top_labels: list[QLabel] = []
        self.worker_caption, self.worker_value = self._pair(bar, row, "data_worker")
        self.wave_caption, self.wave_value = self._pair(bar, row, "data_wave")
        self.station_caption, self.station_value = self._pair(bar, row, "data_station")
        row.addStretch(1)
        self.route_box = QComboBox(bar)
        self.route_box.setObjectName("routeBox")  # "R01 西湖 1 线": the names are data
        self.route_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans keep going to the screen
        self.route_box.setMinimumHeight(44)
        self.route_box.setVisible(False)
        self.route_box.activated.connect(self._route_picked)
        row.addWidget(self.route_box)
        self.receive_button = QPushButton(bar)
        self.seed_button = QPushButton(bar)
        self.load_button = QPushButton(bar)
        self.logout_button = QPushButton(bar)
        for button in self._buttons():
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter/Space never press them
            button.setMinimumHeight(44)
            row.addWidget(button)
        self.receive_button.clicked.connect(lambda: self.set_mode("receive"))
        self.seed_button.clicked.connect(lambda: self.set_mode("seed"))
        self.load_button.clicked.connect(lambda: self.set_mode("load"))
        self.logout_button.clicked.connect(self.logout)
        return bar

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.receive_button, self.seed_button, self.load_button, self.logout_button)

    def _pair(self, parent: QWidget, row: QHBoxLayout, value_name: str) -> tuple[QLabel, QLabel]:
        caption = QLabel(parent)
        value = QLabel(parent)
        value.setObjectName(value_name)
        caption.setStyleSheet("color: #B0BEC5;")
        row.addWidget(caption)
        row.addWidget(value)
        row.addSpacing(18)
        self.top_labels += [caption, value]
        return caption, value

    def _shortcuts(self) -> None:
        for key, action in (
            ("F5", lambda: self.set_mode("receive")),
            ("F6", lambda: self.set_mode("seed")),
            ("F7", lambda: self.set_mode("load")),
            ("F12", self.logout),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)

    # --- text -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.receive_button.setText(self.tr("收货 F5"))
        self.seed_button.setText(self.tr("分拣 F6"))
        self.load_button.setText(self.tr("装车 F7"))
        self.logout_button.setText(self.tr("退出 F12"))
        self.worker_caption.setText(self.tr("操作员"))
        self.wave_caption.setText(self.tr("波次"))
        self.station_caption.setText(self.tr("工位"))
        self._show_header()
        self._show(self._render)
        self._show_lines()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_header(self) -> None:
        self.mode_chip.setText(mode_name(self.mode))
        worker = self.ctx.worker
        self.worker_value.setText(f"{worker.name} {worker.code}" if worker else self.tr("未登录"))
        self.wave_value.setText(self.ctx.wave_id or self.tr("无"))
        self.station_value.setText(self.ctx.settings.station_id)
        self.receive_button.setEnabled(self.mode != "receive")
        self.seed_button.setEnabled(self.mode != "seed")
        self.load_button.setEnabled(self.mode != "load")
        loading = self.mode == "load"
        self.route_box.setVisible(loading)
        self.load_list.setVisible(loading)
        self.progress.setVisible(not loading)
        self._fill_route_box()
        self.logout_button.setEnabled(worker is not None)

    # --- the wave -------------------------------------------------------------------------------

    def open_station(self) -> None:
        """Bind to the context's wave (again): after start-up and whenever another is selected."""
        self.station, self._station_error = None, None
        if self.ctx.wave_id:
            try:
                self.station = ScanStation(
                    self.ctx.store,
                    wave_id=self.ctx.wave_id,
                    station_id=self.ctx.settings.station_id,
                    options=station_options(self.ctx.settings),
                )
            except UserFacingError as exc:
                self._station_error = exc
        self._progress_sku = None
        self.progress.clear_sku()
        self.route = None
        self.routes = []
        self.load_list.show_route(None)
        if self.mode == "load":
            self._read_routes()
        self._show_header()
        self.refresh_progress()

    def _wave_selected(self, wave_id: str) -> None:
        self.ctx.wave_id = wave_id
        self.open_station()
        if self.ctx.worker is not None:
            name = self.ctx.worker.name
            self._show(lambda: welcome_view(name, self.mode))

    # --- scans ----------------------------------------------------------------------------------

    def handle_scan(self, read: ScanRead) -> bool:
        """One scan from any scanner; always consumed here."""
        parsed = parse_scan(read.text, self._scan_config)
        if isinstance(parsed, BadgeCode):
            self.login(parsed.worker_code)
            return True
        if self.ctx.worker is None:
            self._warn(
                lambda: self.tr("请先扫描工牌登录"),
                lambda: self.tr("扫描工牌后才能扫货"),
            )
            return True
        if self.station is None:
            self._no_wave()
            return True
        if self.mode == "load" and isinstance(parsed, RouteCode):
            self.choose_route(parsed.route_id)
            return True
        if self.mode == "load" and self.route is None and isinstance(parsed, CrateCode):
            self._warn(
                lambda: self.tr("请先选择线路"),
                lambda: self.tr("在上方选择线路，或扫描线路卡"),
            )
            return True
        started = time.perf_counter()
        try:
            decision = self.station.scan(
                read.text,
                mode=self.mode,
                worker=self.ctx.worker.code,
                route=self.route if self.mode == "load" else None,
            )
        except UserFacingError as exc:
            log.warning("scan %r not recorded: %s", read.text, exc)
            self._warn(lambda: self.tr("未记录，请重扫"), _message_of(exc))
            return True
        except Exception:
            log.exception("scan %r failed", read.text)
            self._warn(
                lambda: self.tr("未记录，请重扫"),
                lambda: self.tr("系统错误，请叫班组长（详情见日志）"),
            )
            return True
        elapsed_ms = (time.perf_counter() - started) * 1000
        if elapsed_ms > SLOW_SCAN_MS:
            log.warning("scan took %.0f ms on the main thread", elapsed_ms)
        self.show_decision(decision)
        self.ctx.events.scan_committed.emit(decision)
        if decision.result is Result.LOGGED_OUT:
            self._logged_out()
        elif decision.result is Result.UNDO_NEEDS_SUPERVISOR:
            self.ask_supervisor_to_undo()
        return True

    # --- counts typed on the keypad, and a late undo -----------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits then Enter at receiving: the count goes to the engine as `CMD-COUNT-N`."""
        key = event.key()
        typing = self.mode == "receive" and self.ctx.worker is not None
        if typing and key in _DIGIT_KEYS and len(self.typed) < MAX_TYPED_DIGITS:
            self._set_typed(self.typed + _DIGIT_KEYS[key])
        elif self.typed and key == Qt.Key.Key_Backspace:
            self._set_typed(self.typed[:-1])
        elif self.typed and key == Qt.Key.Key_Escape:
            self._set_typed("")
        elif self.typed and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            digits = self.typed
            self._set_typed("")
            self.handle_scan(ScanRead(f"CMD-COUNT-{digits}", source="keypad"))
        else:
            super().keyPressEvent(event)

    def _set_typed(self, digits: str) -> None:
        self.typed = digits
        self.count_entry.setText(count_entry_text(digits) if digits else "")
        self.count_entry.setVisible(bool(digits))

    def ask_supervisor_to_undo(self) -> None:
        """The PIN dialog; once a supervisor unlocked it, the late undo in their name."""
        dialog = SupervisorUnlockDialog(self.ctx, self.ctx.scan_router, self)
        dialog.setObjectName("lateUndoUnlock")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.undo_as(dialog.person))
        dialog.open()

    def undo_as(self, supervisor: Any) -> None:
        """Undo the station's last receipt in `supervisor`'s name (services/receiving/late_undo)."""
        if self.station is None or self.ctx.worker is None:
            return
        try:
            decision = undo_receipt_as(self.station, supervisor, worker=self.ctx.worker.code)
        except UserFacingError as exc:
            self._warn(lambda: self.tr("未撤销"), _message_of(exc))
            return
        self.show_decision(decision)
        self.ctx.events.scan_committed.emit(decision)

    def show_decision(self, decision: Decision) -> None:
        self._show(lambda: view_for(decision, current_language()))
        self._add_line(decision.level.value, lambda: decision_message(decision, current_language()))
        self.sound.play(decision.level)
        spoken = speech_for(decision)
        if spoken:
            self.speech.say(spoken)
        if decision.sku_id:
            self._progress_sku = decision.sku_id
        self.refresh_progress()
        if self.mode == "load":
            self.refresh_load()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES or mode == self.mode:
            return
        self.mode = mode
        self._set_typed("")
        if mode == "load":
            self._read_routes()
            self.refresh_load()
        self._show_header()
        if self.ctx.worker is not None:
            name = self.ctx.worker.name
            self._show(lambda: welcome_view(name, self.mode))
            self.sound.play(Level.PROMPT)

    # --- loading: the route and what it still misses -----------------------------------------

    def _read_routes(self) -> None:
        """The wave's routes for the chooser (a small read, on entering load mode)."""
        if self.station is None:
            self.routes = []
            return
        try:
            self.routes = route_listing(self.ctx.store, self.station.wave_id)
        except UserFacingError as exc:
            log.warning("routes not read: %s", exc)
            self.routes = []

    def _fill_route_box(self) -> None:
        box = self.route_box
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("选择线路…"), None)
        for r in self.routes:
            box.addItem(f"{r.route_id} {r.route_name}", r.route_id)
        index = box.findData(self.route) if self.route is not None else 0
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def _route_picked(self, index: int) -> None:
        route_id = self.route_box.itemData(index)
        if isinstance(route_id, str):
            self.choose_route(route_id)

    def choose_route(self, route_id: str) -> None:
        """Load onto `route_id`'s truck from now on (a route of this wave; a Caps Lock read of a
        route card matches its route when only one does)."""
        if not self.routes:
            self._read_routes()
        exact = [r for r in self.routes if r.route_id == route_id]
        folded = [r for r in self.routes if same_id_ignoring_case(r.route_id, route_id)]
        found = exact or (folded if len(folded) == 1 else [])
        if not found:
            self._warn(
                lambda: self.tr("没有这条线路"),
                lambda: self.tr("本波次没有线路 {route}").format(route=route_id),
            )
            return
        chosen = found[0]
        self.route = chosen.route_id
        self._show_header()
        name = chosen.route_name
        self._show(lambda: route_view(chosen.route_id, name))
        self._add_line(
            Level.PROMPT.value,
            lambda: self.tr("装车线路 {route}").format(route=chosen.route_id),
        )
        self.sound.play(Level.PROMPT)
        self.load_list.show_route(chosen.route_id)
        self.refresh_load()

    def refresh_load(self) -> None:
        """Re-read what each stop of the chosen route still misses, off the main thread."""
        if self.station is None or self.route is None:
            self.load_list.show_route(self.route)
            return
        self._load_generation += 1
        generation = self._load_generation
        store, wave_id, route = self.ctx.store, self.station.wave_id, self.route

        def work(report: Any) -> list[StopMissing]:
            load = route_load(store, wave_id, route)
            return [
                StopMissing(s.stop_seq, s.community_name, s.missing, s.expected) for s in load.stops
            ]

        def done(stops: list[StopMissing]) -> None:
            if not shiboken6.isValid(self.load_list) or generation != self._load_generation:
                return
            self.load_list.show_route(route, stops)

        def failed(exc: BaseException) -> bool:
            log.warning("missing crates not read: %s", exc)
            return True

        self.ctx.ops.run(work, on_success=done, on_failure=failed)

    # --- people ---------------------------------------------------------------------------------

    def login(self, worker_code: str) -> None:
        try:
            person = badge_login(self.ctx.store, worker_code)
        except UserFacingError as exc:
            self._warn(lambda: self.tr("工牌无效"), _message_of(exc))
            return
        self.ctx.worker = person
        self.ctx.events.worker_logged_in.emit(person)
        self._show_header()
        if self.station is None:
            self._no_wave()
            return
        self._show(lambda: welcome_view(person.name, self.mode))
        self._add_line(
            Level.CONFIRM.value, lambda: self.tr("{name} 已登录").format(name=person.name)
        )
        self.sound.play(Level.CONFIRM)

    def logout(self) -> None:
        """The F12 key and the button do what the CMD-LOGOUT card does, through the engine."""
        if self.ctx.worker is None:
            return
        if self.station is not None:
            try:
                self.station.scan("CMD-LOGOUT", mode=self.mode, worker=self.ctx.worker.code)
            except Exception:
                log.exception("logout scan failed")
        self._logged_out()

    def _logged_out(self) -> None:
        self._set_typed("")
        name = self.ctx.worker.name if self.ctx.worker else ""
        self.ctx.worker = None
        self.ctx.events.worker_logged_in.emit(None)
        self._show_header()
        self._show(login_view)
        self._add_line(IDLE, lambda: self.tr("{name} 已退出").format(name=name))

    # --- showing --------------------------------------------------------------------------------

    def _show(self, render: Callable[[], View]) -> None:
        self._render = render
        view = render()
        self.view = view
        palette = PALETTES[view.level]
        colours = self.panel.palette()
        colours.setColor(QPalette.ColorRole.Window, QColor(palette.background))
        colours.setColor(QPalette.ColorRole.WindowText, QColor(palette.foreground))
        self.panel.setPalette(colours)  # the cards set their own colours and keep them
        self.icon.set_level(view.level)
        self.word.setText(view.word)
        self.headline.setText(view.headline)
        self.stop_caption.setText(view.stop_caption)
        self.stop.setText(view.stop)
        self.qty_caption.setText(view.qty_caption)
        self.qty.setText(view.qty)
        self.unit.setText(view.unit)
        self.title.setText(view.title)
        self.crate.setText(view.crate)
        self.temperature.setText(view.temperature)
        self.detail.setText(view.detail)
        self.message.setText(view.message)
        for label in (
            self.headline,
            self.stop_caption,
            self.stop,
            self.qty_caption,
            self.qty,
            self.unit,
            self.crate,
            self.temperature,
            self.detail,
            self.message,
        ):
            label.setVisible(bool(label.text()))
        chip = (
            f"color: {palette.foreground}; border: 4px solid {palette.foreground};"
            " border-radius: 14px; padding: 2px 22px;"
        )
        for label in (self.crate, self.temperature):
            label.setStyleSheet(chip)

    def _warn(self, title: Callable[[], str], message: Callable[[], str]) -> None:
        self._show(lambda: text_view(Level.WARNING.value, title(), message()))
        self._add_line(
            Level.WARNING.value,
            lambda: self.tr("{title}：{message}").format(title=title(), message=message()),
        )
        self.sound.play(Level.WARNING)

    def _no_wave(self) -> None:
        error = self._station_error

        def message() -> str:
            if error is not None:
                return error.message(current_language())
            return self.tr("请班组长先导入波次")

        self._warn(lambda: self.tr("没有可分拣的波次"), message)

    def _add_line(self, level: str, text: Callable[[], str]) -> None:
        self._lines.insert(0, (datetime.now(self.ctx.settings.zone), level, text))
        del self._lines[LastScans.ROWS :]
        self._show_lines()

    def _show_lines(self) -> None:
        self.last_scans.show_lines([ScanLine(at, level, text()) for at, level, text in self._lines])

    # --- progress (background) ----------------------------------------------------------------

    def refresh_progress(self) -> None:
        """Re-read this SKU's and the wave's numbers off the main thread; at most one read runs,
        and scans that come meanwhile ask for one more read after it."""
        if self.station is None:
            return
        if self._progress_running:
            self._progress_again = True
            return
        self._progress_running = True
        store, wave_id, sku_id = self.ctx.store, self.station.wave_id, self._progress_sku

        def work(report: Any) -> tuple[Any, Any]:
            wave = wave_progress(store, wave_id)
            sku = None
            if sku_id:
                sku = next((row for row in sku_progress(store, wave_id) if row.key == sku_id), None)
            return wave, sku

        self.ctx.ops.run(work, on_success=self._progress_read, on_failure=self._progress_failed)

    def _progress_read(self, result: tuple[Any, Any]) -> None:
        if not shiboken6.isValid(self.progress):
            return  # the window closed while the numbers were read
        wave, sku = result
        self.progress.show_wave(wave.put, wave.due, wave.percent)
        if sku is not None:
            self.progress.show_sku(sku.name, sku.put, sku.due)
        self._progress_done()

    def _progress_failed(self, exc: BaseException) -> bool:
        log.warning("progress not read: %s", exc)
        self._progress_done()
        return True  # a missing number is not worth interrupting the worker for

    def _progress_done(self) -> None:
        self._progress_running = False
        if self._progress_again:
            self._progress_again = False
            self.refresh_progress()

    # --- size -----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_sizes()

    def _apply_sizes(self) -> None:
        scale = max(0.55, min(self.width() / 1920, self.height() / 1080, 2.0))

        def px(name: str) -> int:
            return max(14, round(_SIZES[name] * scale))

        _font(self.stop, max(STOP_MIN_PX, px("stop")), bold=True)
        _font(self.qty, max(STOP_MIN_PX * 3 // 4, px("qty")), bold=True)
        _font(self.word, px("word"), bold=True)
        _font(self.title, max(40, px("title")), bold=True)
        _font(self.headline, max(36, px("headline")), bold=True)
        _font(self.unit, px("unit"), bold=True)
        _font(self.crate, max(32, px("crate")), bold=True)
        _font(self.temperature, max(32, px("crate")), bold=True)
        _font(self.detail, max(22, px("detail")))
        _font(self.message, max(22, px("message")), bold=True)
        _font(self.count_entry, max(28, px("crate")), bold=True)
        for label in (self.stop_caption, self.qty_caption):
            _font(label, max(18, px("caption")))
        _font(self.mode_chip, max(20, px("bar") + 6), bold=True)
        self.mode_chip.setStyleSheet(
            "background: #FFFFFF; color: #212121; border-radius: 8px; padding: 2px 16px;"
        )
        for label in self.top_labels:
            _font(label, max(16, px("bar")))
        for button in self._buttons():
            _font(button, max(16, px("bar") - 2))
        side = max(120, round(230 * scale))
        self.icon.setFixedSize(side, side)
        _font(self.route_box, max(16, px("bar")))
        for card in (self.last_scans, self.progress, self.load_list):
            for label in card.findChildren(QLabel):
                _font(label, max(16, px("card")), bold=label.objectName() == "cardTitle")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)


def _message_of(error: UserFacingError) -> Callable[[], str]:
    """The error's message in whatever language is current when it is drawn (again)."""
    return lambda: error.message(current_language())


def _font(widget: QWidget, pixels: int, *, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPixelSize(pixels)
    font.setBold(bold)
    widget.setFont(font)


def _light_card(card: QWidget) -> None:
    """The cards keep dark text on white whatever colour the panel around them has."""
    card.setAutoFillBackground(True)
    palette = card.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#FAFAFA"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#212121"))
    card.setPalette(palette)
    card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
