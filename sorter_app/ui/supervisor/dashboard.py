"""Dashboard: the route board a shift lead reads at 03:00 in seconds.

It opens on one card per route (sorter_app/ui/supervisor/route_cards.py: units sorted of due,
crates closed and loaded, departure and countdown, the state as colour, icon and word) under a
row of tiles (tiles.py: units sorted with the rate per hour, shortages, wrong-crate rate,
undelivered reports, printers in error, each with its change over 30 minutes and its level).
Clicking a card opens the route beside the grid (route_detail.py). The charts tab (charts.py)
shows units sorted over the night against the due line, and the wrong-crate rate per worker; the
details tab keeps the tables by community, SKU, station and worker, the timeline and the losses.

Numbers come from services/views/route_board.py (the at-risk rule is domain/route_risk.py) and
load off the main thread. They follow the store live (SupervisorScreen polls its data version
while the screen is visible) and reload every TIME_REFRESH_MS as well, since a route turns at
risk by time passing alone. A reload waits until the worker thread has rested LOAD_GAP times as
long as the last load took (about a second on a 3,000-community, 600,000-line wave: see
bench/route_board.py), so a busy night's scans never keep a core reading the board. The charts'
series and the details tables load only while their tab is shown; each details table is a
toolkit list (progress as bars, rates as numbers, search by ID, name or pinyin).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.loading.route_warnings import note_at_risk
from sorter_app.services.people.roster import list_people
from sorter_app.services.views.numbers import (
    BEFORE_PREVIOUS,
    IMPORTED_BEFORE_CUTOFF,
    LossRow,
    MissortNumbers,
    TimelineStep,
    losses,
    missorts,
    timeline,
)
from sorter_app.services.views.progress import (
    ProgressRow,
    WaveProgress,
    WorkerRow,
    community_progress,
    sku_progress,
    station_progress,
    wave_progress,
    worker_stats,
)
from sorter_app.services.views.route_board import RouteBoard, route_board, route_detail
from sorter_app.settings import Settings
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    Progress,
    RowsModel,
    SupervisorScreen,
    Tone,
    WavePicker,
    local_time,
    percent,
)
from sorter_app.ui.supervisor.charts import ProgressChart, WorkerChart
from sorter_app.ui.supervisor.route_cards import RouteGrid
from sorter_app.ui.supervisor.route_detail import RouteDetailPanel
from sorter_app.ui.supervisor.tiles import TilesRow
from sorter_app.ui.widgets.empty_state import EmptyState

TIME_REFRESH_MS = 30_000  # states change with time alone (a countdown, the 30-minute window)
LOAD_GAP = 2.0  # between two board loads the worker rests at least this many times a load
BOARD, CHARTS, DETAILS = 0, 1, 2  # the tabs


def _tenths(value: float) -> str:
    return f"{value:.1f}"


def _whole(value: float) -> str:
    return f"{value:.0f}"


def _share(value: float) -> str:
    return f"{100 * value:.1f}%"


def _minutes(value: float | str) -> str:
    """Minutes since the step before, or the note that stands in for them."""
    return value if isinstance(value, str) else f"{value:.0f}"


@dataclass(frozen=True)
class BoardData:
    board: RouteBoard
    missorts: MissortNumbers


def load_board(
    store: Store, wave_id: str, settings: Settings, clock: Clock, *, series: bool
) -> BoardData:
    board = route_board(store, wave_id, settings, clock, series=series)
    note_at_risk(store, board)  # the trends ask how early the warning came
    return BoardData(board, missorts(store, wave_id))


@dataclass(frozen=True)
class DetailsData:
    wave: WaveProgress
    communities: list[ProgressRow]
    skus: list[ProgressRow]
    stations: list[ProgressRow]
    workers: list[WorkerRow]
    names: dict[str, str]  # worker code → name
    timeline: list[TimelineStep]
    losses: list[tuple[str, LossRow]]  # (sku | category | supplier, row)


def load_details(store: Store, wave_id: str) -> DetailsData:
    return DetailsData(
        wave_progress(store, wave_id),
        community_progress(store, wave_id),
        sku_progress(store, wave_id),
        station_progress(store, wave_id),
        worker_stats(store, wave_id),
        {p.code: p.name for p in list_people(store)},
        timeline(store, wave_id),
        [(by, row) for by in ("category", "supplier", "sku") for row in losses(store, wave_id, by)],
    )


class DashboardScreen(SupervisorScreen):
    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, *, clock: Clock = utc_now
    ) -> None:
        super().__init__(ctx, parent)
        self.clock = clock  # "now" of the at-risk rule; tests stage it
        self.data: BoardData | None = None
        self.details: DetailsData | None = None
        self.picker = WavePicker(self)
        self.summary = QLabel()  # the other headline numbers, in one line
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 15px;")
        self.tiles = TilesRow(self)
        self.grid = RouteGrid(self)
        self.route_panel = RouteDetailPanel(self)
        self.route_panel.hide()
        self.progress_chart = ProgressChart(self)
        self.worker_chart = WorkerChart(self)
        self.empty = EmptyState(self)

        by_key = (lambda row: row.key, lambda row: (row.key, row.name))
        progress_columns = [Column(), Column(stretch=True), *[Column()] * 4]
        self.communities = RowsModel(
            self._progress_cells, self, columns=progress_columns, key=by_key[0], search=by_key[1]
        )
        self.skus = RowsModel(
            self._sku_cells, self, columns=progress_columns, key=by_key[0], search=by_key[1]
        )
        self.stations = RowsModel(
            self._station_cells,
            self,
            columns=[Column(stretch=True), Column()],
            key=by_key[0],
            search=lambda row: (row.key,),
        )
        self.workers = RowsModel(
            self._worker_cells,
            self,
            columns=[
                Column(),
                Column(stretch=True),
                *[Column()] * 3,
                Column(fmt=_tenths),
                Column(fmt=_whole),
            ],
            key=lambda row: row.worker,
            search=lambda row: (row.worker, self.worker_name(row.worker)),
        )
        # A dozen steps in time order: nothing to search.
        self.timeline = RowsModel(
            self._timeline_cells,
            self,
            columns=[Column(stretch=True), Column(), Column(fmt=_minutes)],
            key=lambda step: step.step,
        )
        self.losses = RowsModel(
            self._loss_cells,
            self,
            columns=[
                Column(),
                Column(),
                Column(stretch=True),
                *[Column()] * 3,
                Column(fmt=_share),
                Column(fmt=_share),
            ],
            key=lambda item: (item[0], item[1].key),
            search=lambda item: (item[1].key, item[1].name),
        )
        self.detail_tabs = QTabWidget()
        self.detail_panels: list[ListPanel] = []
        for model in (
            self.communities,
            self.skus,
            self.stations,
            self.workers,
            self.timeline,
            self.losses,
        ):
            panel = ListPanel(model, self)
            self.detail_panels.append(panel)
            self.detail_tabs.addTab(panel, "")

        split = self.split = QSplitter()
        split.addWidget(self.grid)
        split.addWidget(self.route_panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        charts = QWidget()
        chart_layout = QVBoxLayout(charts)
        chart_layout.addWidget(self.progress_chart, 3)
        chart_layout.addWidget(self.worker_chart, 2)
        self.tabs = QTabWidget()
        self.tabs.addTab(split, "")
        self.tabs.addTab(charts, "")
        self.tabs.addTab(self.detail_tabs, "")
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.tiles)
        content_layout.addWidget(self.summary)
        content_layout.addWidget(self.tabs, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(content)

        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        self.as_of.setStyleSheet("font-size: 16px; font-weight: bold;")
        top.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)

        self._load_started: float | None = None  # a board load on its way since then
        self._next_load_at = 0.0
        self._deferred = QTimer(self)
        self._deferred.setSingleShot(True)
        self._deferred.timeout.connect(self.live_reload)
        self.periodic = QTimer(self)
        self.periodic.setInterval(TIME_REFRESH_MS)
        self.periodic.timeout.connect(self.live_reload)
        self.grid.route_clicked.connect(self.open_route)
        self.tabs.currentChanged.connect(self._tab_changed)
        ctx.events.wave_selected.connect(lambda _w: self.request_refresh())
        ctx.events.wave_imported.connect(lambda _w: self.request_refresh())
        ctx.events.receiving_changed.connect(lambda _w: self.request_refresh())
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.tiles.retranslate()
        self.route_panel.retranslate()
        self.progress_chart.retranslate()
        self.worker_chart.retranslate()
        for index, text in enumerate((self.tr("线路看板"), self.tr("图表"), self.tr("明细表"))):
            self.tabs.setTabText(index, text)
        for index, text in enumerate(
            (
                self.tr("按社区"),
                self.tr("按商品"),
                self.tr("按工位"),
                self.tr("按员工"),
                self.tr("时间线"),
                self.tr("损耗分析"),
            )
        ):
            self.detail_tabs.setTabText(index, text)
        self.communities.set_headers(
            [
                self.tr("社区"),
                self.tr("社区名称"),
                self.tr("订购"),
                self.tr("应分"),
                self.tr("已分"),
                self.tr("完成"),
            ]
        )
        self.skus.set_headers(
            [
                self.tr("商品编号"),
                self.tr("商品名称"),
                self.tr("订购"),
                self.tr("应分"),
                self.tr("已分"),
                self.tr("完成"),
            ]
        )
        self.stations.set_headers([self.tr("工位"), self.tr("已分（件）")])
        self.timeline.set_headers([self.tr("节点"), self.tr("时间"), self.tr("距上一节点（分钟）")])
        self.losses.set_headers(
            [
                self.tr("维度"),
                self.tr("编号"),
                self.tr("名称"),
                self.tr("订购"),
                self.tr("缺货"),
                self.tr("破损"),
                self.tr("缺货率"),
                self.tr("破损率"),
            ]
        )
        self.workers.set_headers(
            [
                self.tr("工号"),
                self.tr("姓名"),
                self.tr("分拣次数"),
                self.tr("已分（件）"),
                self.tr("错筐拦截"),
                self.tr("错筐率（每万件）"),
                self.tr("每小时分拣次数"),
            ]
        )
        self._empty_texts()  # set in this language even while the board hides it
        self._details_empty_texts()
        self._show_board()

    def _details_empty_texts(self) -> None:
        """What the details lists say before anything happened in them."""
        stations, workers, losses = (self.detail_panels[i] for i in (2, 3, 5))
        stations.set_empty_state(
            "○",
            self.tr("还没有工位分拣"),
            self.tr("工位扫第一件商品后，这里按工位列出已分件数。"),
        )
        workers.set_empty_state(
            "○",
            self.tr("还没有人分拣"),
            self.tr("员工在工位登录并分拣后，这里列出每人的件数和错筐率。"),
        )
        losses.set_empty_state(
            "✔",
            self.tr("没有缺货或破损"),
            self.tr("收货关闭后确定的缺货和记录的破损会列在这里。"),
            tone=Tone.OK,
        )

    def worker_name(self, code: str) -> str:
        return self.details.names.get(code, "") if self.details else ""

    def _progress_cells(self, row: ProgressRow) -> list[Any]:
        return [row.key, row.name, row.ordered, row.due, row.put, Progress(row.put, row.due)]

    _sku_cells = _progress_cells

    def _station_cells(self, row: ProgressRow) -> list[Any]:
        return [row.key, row.put]

    def _worker_cells(self, row: WorkerRow) -> list[Any]:
        return [
            row.worker or self.tr("（未登录）"),
            self.worker_name(row.worker),
            row.puts,
            row.units,
            row.wrong_crate,
            row.wrong_crate_per_10k,
            row.puts_per_hour,
        ]

    def _timeline_cells(self, step: TimelineStep) -> list[Any]:
        stage, _, route = step.step.partition(":")
        names = {
            "cutoff": self.tr("截单"),
            "imported": self.tr("导入完成"),
            "receiving": self.tr("开始收货"),
            "sorting": self.tr("开始分拣"),
            "sorted": self.tr("分拣完成"),
            "dispatched": self.tr("全部发车"),
        }
        name = self.tr("线路 {0} 发车").format(route) if route else names.get(stage, stage)
        notes = {
            IMPORTED_BEFORE_CUTOFF: self.tr("导入早于截单"),
            BEFORE_PREVIOUS: self.tr("早于上一节点"),
        }
        # A step earlier than the one before has no duration: its note says why instead.
        minutes = notes.get(step.note, step.note) or step.minutes_since_previous
        return [name, local_time(step.at, self.ctx.settings.zone), minutes]

    def _loss_cells(self, item: tuple[str, LossRow]) -> list[Any]:
        by, row = item
        dimension = {
            "sku": self.tr("商品"),
            "category": self.tr("品类"),
            "supplier": self.tr("供应商"),
        }[by]
        return [
            dimension,
            row.key,
            row.name,
            row.ordered,
            row.shorted,
            row.damaged,
            row.shorted / row.ordered if row.ordered else None,  # None: nothing ordered, no rate
            row.damaged / row.ordered if row.ordered else None,
        ]

    def numbers(self) -> dict[str, str]:
        """The headline numbers as shown, by key (the details tab's once it has loaded)."""
        if self.data is None:
            return {}
        board, t = self.data.board, self.data.board.totals
        shown = {
            "percent": percent(t.sorted, t.due),
            "put": str(t.sorted),
            "due": str(t.due),
            "ordered": str(t.ordered),
            "shorted": self.tr("{0}（{1}）").format(
                t.shorted, f"{100 * t.shorted / t.ordered if t.ordered else 0:.1f}%"
            ),
            "wrong_crate": str(t.wrong_crate),
            "wrong_rate": f"{board.tile('wrong_crate').value:.1f}",
            "claimed_rate": f"{self.data.missorts.claimed_per_10k:.1f}",
            "undelivered": f"{board.tile('undelivered').value:.0f}",
        }
        if self.details is not None:
            p = self.details.wave
            shown |= {
                "communities": f"{p.communities_done}/{p.communities}",
                "skus": f"{p.skus_done}/{p.skus}",
                "puts": str(p.puts),
            }
        return shown

    def _show_board(self) -> None:
        if self.data is None:
            self._show_empty()
            return
        self.pages.setCurrentIndex(1)
        board = self.data.board
        self.tiles.show_tiles(board.tiles)
        self.grid.set_cards(board.routes, board.as_of, self.ctx.settings.zone)
        self.progress_chart.show_board(board, self.ctx.settings.zone)
        self.worker_chart.show_workers(board.workers)
        self._show_summary()

    def _show_summary(self) -> None:
        n = self.numbers()
        if not n:
            self.summary.clear()
            return
        text = self.tr(
            "完成 {0} · 订购 {1} 件 · 缺货 {2} · 错筐拦截 {3} · 售后错分（每万件）{4}"
        ).format(n["percent"], n["ordered"], n["shorted"], n["wrong_crate"], n["claimed_rate"])
        if "communities" in n:
            text += self.tr(" · 社区完成 {0} · 商品完成 {1} · 分拣次数 {2}").format(
                n["communities"], n["skus"], n["puts"]
            )
        self.summary.setText(text)

    def _show_empty(self) -> None:
        self.pages.setCurrentIndex(0)
        self._empty_texts()

    def _empty_texts(self) -> None:
        import_wave = (self.tr("导入波次"), lambda: self.go_to("waves"))
        if self.wave_id is None:
            self.empty.show_state(
                "▦",
                self.tr("还没有选择波次"),
                self.tr("导入今晚的波次，或在上方选择一个已导入的波次。"),
                import_wave,
            )
        else:
            self.empty.show_state("◔", self.tr("正在加载…"))

    # --- loading --------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        self.periodic.start()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        self.periodic.stop()
        super().hideEvent(event)

    def live_reload(self) -> None:
        """The store changed (or time passed): load again, once the worker has rested."""
        if not self.isVisible():
            self._dirty = True
            return
        wait = self._next_load_at - time.monotonic()
        if self._load_started is not None or wait > 0:
            if not self._deferred.isActive():
                self._deferred.start(max(int(wait * 1000), 250))
            return
        self.refresh()

    def failed(self, exc: BaseException) -> bool:
        self._load_started = None  # the next change or tick tries again
        return super().failed(exc)

    def refresh(self) -> None:
        super().refresh()
        self.picker.ensure_loaded()
        wave_id = self.wave_id
        if wave_id is None:
            self.data = None
            self._show_empty()
            return
        if self.data is not None and self.data.board.wave_id != wave_id:
            self.data = None
            self._show_empty()
        store, settings, clock = self.ctx.store, self.ctx.settings, self.clock
        series = self.tabs.currentIndex() == CHARTS  # the costly part, only when looked at
        self._load_started = time.monotonic()
        self.load(
            "dashboard",
            lambda: load_board(store, wave_id, settings, clock, series=series),
            self._loaded,
        )
        if self.route_panel.route_id is not None:
            self._load_route(self.route_panel.route_id)
        self._load_details()

    def _loaded(self, data: BoardData) -> None:
        now = time.monotonic()
        took = now - (self._load_started or now)
        self._load_started = None
        self._next_load_at = now + LOAD_GAP * took
        if data.board.wave_id != self.wave_id:
            return
        self.data = data
        self._show_board()

    def open_route(self, route_id: str) -> None:
        """A card was clicked: its stops, what they miss, who sorts for it, beside the grid."""
        name = ""
        if self.data is not None:
            name = next((r.name for r in self.data.board.routes if r.route_id == route_id), "")
        if self.route_panel.isHidden():
            width = self.split.width()  # the cards keep the larger part
            self.split.setSizes([width * 3 // 5, width - width * 3 // 5])
        self.route_panel.open_route(route_id, name)
        self._load_route(route_id)

    def _load_route(self, route_id: str) -> None:
        wave_id, store, clock = self.wave_id, self.ctx.store, self.clock
        if wave_id is None:
            return
        self.load(
            "route",
            lambda: route_detail(store, wave_id, route_id, clock),
            self.route_panel.show_detail,
        )

    def _tab_changed(self, index: int) -> None:
        if index == CHARTS:
            self.refresh()  # the series are loaded only for the charts tab
        else:
            self._load_details()

    def _load_details(self) -> None:
        wave_id = self.wave_id
        if wave_id is None or self.tabs.currentIndex() != DETAILS or not self.isVisible():
            return
        store = self.ctx.store
        self.load("details", lambda: load_details(store, wave_id), self._show_details)

    def _show_details(self, data: DetailsData) -> None:
        self.details = data
        self._show_summary()
        self.communities.set_rows(data.communities)
        self.skus.set_rows(data.skus)
        self.stations.set_rows(data.stations)
        self.workers.set_rows(data.workers)
        self.timeline.set_rows(data.timeline)
        self.losses.set_rows(data.losses)
