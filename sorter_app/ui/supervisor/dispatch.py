"""Dispatch, per route: the crates expected, loaded and missing by stop, the departure time,
driver and plate (optional), the button to dispatch (refused on screen while crates are missing,
one line naming how many per stop), the supervisor's forced dispatch with a reason (audited by
the service), and after dispatch whether the platform has it yet (the outbox entry: queued, sent
or parked).

Numbers come from sorter_app.services.views.dispatch_view (the same repository reads
sorter_app.services.loading.dispatch.dispatch_route refuses on); the route list from
lookup_views.route_listing. Driver and plate go to dispatch_route, which keeps them with the
departure (trimmed, length-checked); once the route left the two fields show what was recorded
and can no longer be edited. The platform's dispatch body does not carry them.

The stops are a ListPanel (search by community ID, name or pinyin initials), each stop's loading
as a bar and its state as a chip; where the platform stands with the dispatch is a chip too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sorter_app.services.jobs import OUTBOX
from sorter_app.services.loading.dispatch import (
    DRIVER_MAX,
    PLATE_MAX,
    DispatchBlocked,
    DispatchResult,
    dispatch_route,
)
from sorter_app.services.views.dispatch_view import RouteLoad, StopLoad, route_load
from sorter_app.services.views.lookup_views import RouteListing, route_listing
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    Progress,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    WavePicker,
    local_time,
)
from sorter_app.ui.widgets.palette import COLOURS, ICONS

# A stop as a chip: all its crates on the truck, some still off it, or gone with the route
# (a forced dispatch leaves its missing crates behind: that stays red).
STOP_CHIPS = {
    "left_short": (Tone.BAD, "✖"),
    "missing": (Tone.WARN, "▲"),
    "loaded": (Tone.OK, "✔"),
    "dispatched": (Tone.NEUTRAL, "➜"),
}
# Where the platform stands with the route's dispatch (the outbox entry's status); "none": not
# dispatched yet, "no_entry": dispatched without an outbox entry.
PLATFORM_CHIPS = {
    "none": (Tone.NEUTRAL, "○"),
    "pending": (Tone.INFO, "◔"),
    "sent": (Tone.OK, "✔"),
    "parked": (Tone.BAD, "✖"),
    "dismissed": (Tone.NEUTRAL, "■"),
    "no_entry": (Tone.WARN, "▲"),
}


def stop_state(stop: StopLoad, dispatched: bool) -> str:
    """Which chip a stop shows (a key of STOP_CHIPS)."""
    if dispatched:
        return "left_short" if stop.missing else "dispatched"
    return "missing" if stop.missing else "loaded"


def platform_state(load: RouteLoad) -> str:
    """Which chip the route's dispatch shows with the platform (a key of PLATFORM_CHIPS)."""
    return "none" if load.dispatch is None else load.dispatch.platform_state


def chip_style(tone: Tone) -> str:
    """A label drawn as a state chip (the table's chips are painted by their delegate)."""
    colours = COLOURS[tone]
    return (
        f"background: {colours.fill}; color: {colours.text}; border: 1px solid {colours.edge};"
        " border-radius: 12px; padding: 3px 12px; font-size: 15px;"
    )


@dataclass(frozen=True)
class DispatchData:
    routes: list[RouteListing]
    load: RouteLoad | None  # the chosen route's, None when none is chosen


def load_dispatch(store: Store, wave_id: str, route_id: str | None) -> DispatchData:
    routes = route_listing(store, wave_id)
    if route_id not in {r.route_id for r in routes}:
        route_id = routes[0].route_id if routes else None
    return DispatchData(routes, route_load(store, wave_id, route_id) if route_id else None)


class DispatchScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: DispatchData | None = None
        self.picker = WavePicker(self)
        self.route_caption = QLabel()
        self.route = QComboBox()
        self.route.setObjectName("data_route")  # route IDs and the platform's route names
        self.route.setMinimumWidth(220)
        self.summary = QLabel()
        self.summary.setObjectName("dispatchSummary")
        self._dispatched_route = False  # the shown route left: its stops say so
        self.stops = RowsModel(
            self._stop_cells,
            self,
            columns=[
                Column(),
                Column(),
                Column(stretch=True),
                Column(),
                Column(),
                Column(),
                Column(states=StateStyle(STOP_CHIPS, self.stop_state_name)),
            ],
            key=lambda stop: stop.community_id,
            search=lambda stop: (stop.community_id, stop.community_name),
        )
        self.stops_panel = ListPanel(self.stops, self)
        self.stops_view = self.stops_panel.view

        self.departure_caption = QLabel()
        self.departure = QLabel()
        self.departure.setObjectName("dispatchDeparture")
        self.driver_caption = QLabel()
        self.driver = QLineEdit()
        self.driver.setObjectName("dispatchDriver")
        self.driver.setMaxLength(DRIVER_MAX)
        self.plate_caption = QLabel()
        self.plate = QLineEdit()
        self.plate.setObjectName("dispatchPlate")
        self.plate.setMaxLength(PLATE_MAX)
        form = QFormLayout()
        form.addRow(self.departure_caption, self.departure)
        form.addRow(self.driver_caption, self.driver)
        form.addRow(self.plate_caption, self.plate)

        self.platform_state = QLabel()
        self.platform_state.setObjectName("dispatchPlatformState")
        self.platform_state.setWordWrap(True)
        self.platform_state.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.refresh_button = QPushButton()
        self.dispatch_button = QPushButton()
        self.dispatch_button.setObjectName("dispatchButton")
        self.force_button = QPushButton()
        self.force_button.setObjectName("forceDispatchButton")

        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addWidget(self.route_caption)
        top.addWidget(self.route)
        top.addStretch(1)
        top.addWidget(self.as_of)
        top.addWidget(self.refresh_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dispatch_button)
        buttons.addWidget(self.force_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.stops_panel, 1)
        layout.addLayout(form)
        layout.addWidget(self.platform_state)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        self.route.activated.connect(lambda _i: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.dispatch_button.clicked.connect(self.dispatch)
        self.force_button.clicked.connect(self.force_dispatch)
        ctx.events.wave_selected.connect(lambda _w: self.request_refresh())
        ctx.events.scan_committed.connect(self._scan_committed)
        self.refresh_after_job(OUTBOX)
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.route_caption.setText(self.tr("线路："))
        self.route.setPlaceholderText(self.tr("请选择线路"))
        self.departure_caption.setText(self.tr("发车时间："))
        self.driver_caption.setText(self.tr("司机（可选）："))
        self.plate_caption.setText(self.tr("车牌（可选）："))
        self.driver.setPlaceholderText(self.tr("司机姓名"))
        self.plate.setPlaceholderText(self.tr("车牌号"))
        self.refresh_button.setText(self.tr("刷新"))
        self.dispatch_button.setText(self.tr("发车"))
        self.force_button.setText(self.tr("缺筐强制发车…"))
        self.stops.set_headers(
            [
                self.tr("站序"),
                self.tr("小区编号"),
                self.tr("小区"),
                self.tr("应装筐数"),
                self.tr("已装"),
                self.tr("缺"),
                self.tr("装车状态"),
            ]
        )
        self._show_numbers()
        self._show_empty_state()

    def _stop_cells(self, stop: StopLoad) -> list[Any]:
        return [
            stop.stop_seq,
            stop.community_id,
            stop.community_name,
            stop.expected,
            Progress(stop.loaded, stop.expected),
            stop.missing,
            stop_state(stop, self._dispatched_route),
        ]

    def stop_state_name(self, state: str) -> str:
        return {
            "loaded": self.tr("已装齐"),
            "missing": self.tr("未装齐"),
            "dispatched": self.tr("已发车"),
            "left_short": self.tr("缺筐发车"),
        }.get(state, state)

    def _show_empty_state(self) -> None:
        """What the stops say when there are none (set again on a language switch)."""
        data = self.data
        if self.wave_id is None:
            self.show_wave_needed(self.stops_panel, self.picker)
        elif data is not None and not data.routes:
            self.stops_panel.set_empty_state(
                "○",
                self.tr("这个波次没有线路"),
                self.tr("波次的小区都没有分配线路：请检查导入的波次数据。"),
            )
        elif data is not None and data.load is not None:
            self.stops_panel.set_empty_state(
                "○",
                self.tr("这条线路没有要装车的筐"),
                self.tr("线路上的小区还没有分到货：分拣后，有货的筐会列在这里。"),
            )
        else:
            self.stops_panel.clear_empty_state()

    def missing_line(self, load: RouteLoad) -> str:
        """One line: how many crates are missing, per stop."""
        per_stop = self.tr("；").join(
            self.tr("第 {0} 站 {1}（{2}）缺 {3} 筐").format(
                s.stop_seq, s.community_name, s.community_id, s.missing
            )
            for s in load.stops_missing
        )
        return self.tr("不能发车：还有 {0} 筐没装车 —— {1}").format(load.missing, per_stop)

    def platform_text(self, load: RouteLoad) -> str:
        state = load.dispatch
        if state is None:
            return self.tr("平台：尚未发车")
        words = {
            "pending": self.tr("平台：排队待发送（平台尚未收到）"),
            "sent": self.tr("平台：已收到发车信息"),
            "parked": self.tr("平台：已拒收，已搁置（见“待发送上报”）：{0}"),
            "dismissed": self.tr("平台：已放弃发送"),
        }
        if state.outbox_status is None:
            return self.tr("平台：没有待发送的发车记录")
        return words.get(state.outbox_status, state.outbox_status).format(state.outbox_error)

    def _show_numbers(self) -> None:
        load = self.data.load if self.data else None
        if load is None:
            self.summary.setText(self.tr("请选择线路"))
            self.departure.setText("—")
            self.platform_state.setText("")
            self.platform_state.setStyleSheet("")
            self.dispatch_button.setEnabled(False)
            self.force_button.setEnabled(False)
            return
        self.summary.setText(
            self.tr("应装 {0} 筐，已装 {1} 筐，缺 {2} 筐").format(
                load.expected, load.loaded, load.missing
            )
        )
        state = load.dispatch
        self._show_vehicle(load)
        if state is None:
            self.departure.setText(self.tr("未发车（发车时记录）"))
        else:
            when = local_time(state.departed_at, self.ctx.settings.zone)
            forced = self.tr("（缺筐强制发车）") if state.forced else ""
            self.departure.setText(when + forced)
        self._show_platform(load)
        self.dispatch_button.setEnabled(state is None)
        self.force_button.setEnabled(state is None and load.missing > 0)

    def _show_platform(self, load: RouteLoad) -> None:
        """The platform's state as a chip: its tone, its icon and its words."""
        tone, icon = PLATFORM_CHIPS.get(platform_state(load), (Tone.NEUTRAL, None))
        self.platform_state.setText(f"{icon or ICONS[tone]} {self.platform_text(load)}")
        self.platform_state.setStyleSheet(chip_style(tone))

    def _show_vehicle(self, load: RouteLoad) -> None:
        """Before dispatch the fields take what is typed; after it they show what was recorded."""
        state = load.dispatch
        for field, recorded in (
            (self.driver, state.driver if state else None),
            (self.plate, state.plate if state else None),
        ):
            field.setReadOnly(state is not None)
            if state is not None:
                field.setText(recorded or "")
        if state is not None:
            self.driver.setPlaceholderText(self.tr("未填写"))
            self.plate.setPlaceholderText(self.tr("未填写"))

    # --- data -----------------------------------------------------------------------------------

    @property
    def route_id(self) -> str | None:
        route_id = self.route.currentData()
        return route_id if isinstance(route_id, str) else None

    def _scan_committed(self, decision: Any) -> None:
        if getattr(decision, "result", None) in ("loaded", "already_loaded"):
            self.request_refresh()

    def refresh(self) -> None:
        super().refresh()
        self.picker.ensure_loaded()
        wave_id = self.wave_id
        if wave_id is None:
            self._show(DispatchData([], None))
            return
        store, route_id = self.ctx.store, self.route_id
        self.load("dispatch", lambda: load_dispatch(store, wave_id, route_id), self._show)

    def _show(self, data: DispatchData) -> None:
        shown = self.data.load.route_id if self.data and self.data.load else None
        self.data = data
        chosen = data.load.route_id if data.load else None
        if chosen != shown:  # what was typed was for the other route's truck
            self.driver.clear()
            self.plate.clear()
            self.driver.setPlaceholderText(self.tr("司机姓名"))
            self.plate.setPlaceholderText(self.tr("车牌号"))
        self.route.blockSignals(True)
        self.route.clear()
        for r in data.routes:
            self.route.addItem(f"{r.route_id} {r.route_name}", r.route_id)
        self.route.setCurrentIndex(self.route.findData(chosen) if chosen else -1)
        self.route.blockSignals(False)
        self._dispatched_route = data.load is not None and data.load.dispatch is not None
        self._show_empty_state()
        self.stops.set_rows(data.load.stops if data.load else [])
        self._show_numbers()

    # --- actions --------------------------------------------------------------------------------

    def dispatch(self) -> None:
        load = self.data.load if self.data else None
        wave_id = self.wave_id
        if load is None or wave_id is None:
            self.show_error(self.tr("请先选择线路"))
            return
        if load.missing:
            self.show_error(self.missing_line(load))
            return
        store, route_id, settings = self.ctx.store, load.route_id, self.ctx.settings
        driver, plate = self.driver.text(), self.plate.text()

        def work() -> DispatchResult | DispatchBlocked:
            try:
                return dispatch_route(
                    store, wave_id, route_id, driver=driver, plate=plate, settings=settings
                )
            except DispatchBlocked as blocked:  # a crate went missing meanwhile
                return blocked

        self.act(work, self._dispatched)

    def force_dispatch(self) -> None:
        load = self.data.load if self.data else None
        wave_id = self.wave_id
        if load is None or wave_id is None:
            self.show_error(self.tr("请先选择线路"))
            return
        supervisor = self.supervisor()
        if supervisor is None:
            return
        reason = self.ask_text(
            self.tr("缺筐强制发车"),
            self.tr("线路 {0} 还有 {1} 筐没装车，强制发车（记入审计日志）。原因：").format(
                load.route_id, load.missing
            ),
        )
        if reason is None:
            self.show_error(self.tr("强制发车需要填写原因"))
            return
        store, route_id, settings = self.ctx.store, load.route_id, self.ctx.settings
        driver, plate = self.driver.text(), self.plate.text()
        self.act(
            lambda: dispatch_route(
                store,
                wave_id,
                route_id,
                force=True,
                reason=reason,
                supervisor=supervisor,
                driver=driver,
                plate=plate,
                settings=settings,
            ),
            self._dispatched,
        )

    def _dispatched(self, result: DispatchResult | DispatchBlocked) -> None:
        if isinstance(result, DispatchBlocked):
            self.refresh()
            self.show_error(self.tr("不能发车：还有 {0} 筐没装车").format(len(result.missing)))
            return
        if result.already:
            self.show_info(self.tr("线路 {0} 已经发过车").format(result.route_id))
        elif result.forced:
            self.show_info(
                self.tr("线路 {0} 已强制发车：{1} 个小区，{2} 筐，{3} 件（已记入审计日志）").format(
                    result.route_id, result.communities, result.crates, result.units
                )
            )
        else:
            self.show_info(
                self.tr("线路 {0} 已发车：{1} 个小区，{2} 筐，{3} 件").format(
                    result.route_id, result.communities, result.crates, result.units
                )
            )
        self.refresh()
