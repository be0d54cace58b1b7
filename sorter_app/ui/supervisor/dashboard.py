"""Dashboard: where the wave stands, by community, SKU, station and worker, with the
wrong-crate rate per 10,000 units put; the wave's timeline (cutoff → dispatch) and its losses
(shortage and damage by SKU, category and supplier, 损耗分析) with the missorts that reached the
leaders. Numbers come from sorter_app.services.views.progress and sorter_app.services.views.numbers.

It refreshes shortly after scans are committed here (coalesced: at most one load per
`SCAN_REFRESH_MS`, however fast the scans come), and every `PERIODIC_REFRESH_MS` for scans made at
other stations, only while it is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

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
from sorter_app.services.views.outbox_view import undelivered_count
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
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    RowsModel,
    SupervisorScreen,
    WavePicker,
    local_time,
    percent,
    table_view,
)

SCAN_REFRESH_MS = 2000
PERIODIC_REFRESH_MS = 30000


@dataclass(frozen=True)
class DashboardData:
    wave: WaveProgress
    communities: list[ProgressRow]
    skus: list[ProgressRow]
    stations: list[ProgressRow]
    workers: list[WorkerRow]
    names: dict[str, str]  # worker code → name
    timeline: list[TimelineStep]
    losses: list[tuple[str, LossRow]]  # (sku | category | supplier, row)
    missorts: MissortNumbers
    undelivered: int = 0  # outbox entries the platform has not received (all waves)


def load_dashboard(store: Store, wave_id: str) -> DashboardData:
    return DashboardData(
        wave_progress(store, wave_id),
        community_progress(store, wave_id),
        sku_progress(store, wave_id),
        station_progress(store, wave_id),
        worker_stats(store, wave_id),
        {p.code: p.name for p in list_people(store)},
        timeline(store, wave_id),
        [(by, row) for by in ("category", "supplier", "sku") for row in losses(store, wave_id, by)],
        missorts(store, wave_id),
        undelivered_count(store),
    )


class DashboardScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: DashboardData | None = None
        self.picker = WavePicker(self)
        self.refresh_button = QPushButton()
        self.updated = QLabel()
        # The headline numbers: name label and value label per key.
        self.keys = (
            "percent",
            "put",
            "due",
            "ordered",
            "shorted",
            "communities",
            "skus",
            "puts",
            "wrong_crate",
            "wrong_rate",
            "claimed_rate",
            "undelivered",
        )
        self.captions = {key: QLabel() for key in self.keys}
        self.values = {key: QLabel() for key in self.keys}
        for label in self.values.values():
            label.setObjectName("dashboardValue")
            label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.communities = RowsModel(self._progress_cells, self)
        self.skus = RowsModel(self._sku_cells, self)
        self.stations = RowsModel(self._station_cells, self)
        self.workers = RowsModel(self._worker_cells, self)
        self.timeline = RowsModel(self._timeline_cells, self)
        self.losses = RowsModel(self._loss_cells, self)
        self.tabs = QTabWidget()
        for model in (
            self.communities,
            self.skus,
            self.stations,
            self.workers,
            self.timeline,
            self.losses,
        ):
            self.tabs.addTab(table_view(model, self), "")

        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        top.addWidget(self.updated)
        top.addWidget(self.refresh_button)
        grid = QGridLayout()
        for i, key in enumerate(self.keys):
            cell = QFormLayout()
            cell.addRow(self.captions[key])
            cell.addRow(self.values[key])
            grid.addLayout(cell, i // 6, i % 6)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        self.scan_timer = QTimer(self)
        self.scan_timer.setSingleShot(True)
        self.scan_timer.setInterval(SCAN_REFRESH_MS)
        self.scan_timer.timeout.connect(self.request_refresh)
        self.periodic = QTimer(self)
        self.periodic.setInterval(PERIODIC_REFRESH_MS)
        self.periodic.timeout.connect(self.request_refresh)
        self.refresh_button.clicked.connect(self.refresh)
        ctx.events.scan_committed.connect(self._scan_committed)
        ctx.events.wave_selected.connect(lambda _w: self.request_refresh())
        ctx.events.wave_imported.connect(lambda _w: self.request_refresh())
        ctx.events.receiving_changed.connect(lambda _w: self.request_refresh())
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.refresh_button.setText(self.tr("刷新"))
        captions = {
            "percent": self.tr("完成"),
            "put": self.tr("已分（件）"),
            "due": self.tr("应分（件）"),
            "ordered": self.tr("订购（件）"),
            "shorted": self.tr("缺货（件）"),
            "communities": self.tr("社区完成"),
            "skus": self.tr("商品完成"),
            "puts": self.tr("分拣次数"),
            "wrong_crate": self.tr("错筐拦截"),
            "wrong_rate": self.tr("错筐率（每万件）"),
            "claimed_rate": self.tr("售后错分（每万件）"),
            "undelivered": self.tr("未送达上报"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)
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
            self.tabs.setTabText(index, text)
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
        self._show_numbers()

    def _progress_cells(self, row: ProgressRow) -> list[Any]:
        return [row.key, row.name, row.ordered, row.due, row.put, percent(row.put, row.due)]

    _sku_cells = _progress_cells

    def _station_cells(self, row: ProgressRow) -> list[Any]:
        return [row.key, row.put]

    def _worker_cells(self, row: WorkerRow) -> list[Any]:
        names = self.data.names if self.data else {}
        return [
            row.worker or self.tr("（未登录）"),
            names.get(row.worker, ""),
            row.puts,
            row.units,
            row.wrong_crate,
            f"{row.wrong_crate_per_10k:.1f}",
            f"{row.puts_per_hour:.0f}",
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
        minutes = notes.get(step.note, step.note) or (
            "" if step.minutes_since_previous is None else f"{step.minutes_since_previous:.0f}"
        )
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
            percent(row.shorted, row.ordered),
            percent(row.damaged, row.ordered),
        ]

    def numbers(self) -> dict[str, str]:
        """The headline numbers as shown."""
        return {key: self.values[key].text() for key in self.keys}

    def _show_numbers(self) -> None:
        if self.data is None:
            for label in self.values.values():
                label.setText("—")
            self.updated.setText(
                self.tr("请先选择波次") if self.wave_id is None else self.tr("正在加载…")
            )
            return
        p = self.data.wave
        shown = {
            "percent": percent(p.put, p.due),
            "put": str(p.put),
            "due": str(p.due),
            "ordered": str(p.ordered),
            "shorted": self.tr("{0}（{1}）").format(p.shorted, f"{100 * p.shortage_rate:.1f}%"),
            "communities": f"{p.communities_done}/{p.communities}",
            "skus": f"{p.skus_done}/{p.skus}",
            "puts": str(p.puts),
            "wrong_crate": str(p.wrong_crate),
            "wrong_rate": f"{p.wrong_crate_per_10k:.1f}",
            "claimed_rate": f"{self.data.missorts.claimed_per_10k:.1f}",
            "undelivered": str(self.data.undelivered),
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        last = local_time(p.last_put_at, self.ctx.settings.zone)
        self.updated.setText(self.tr("最近一次分拣：{0}").format(last) if last else "")

    # --- refreshing -----------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        self.periodic.start()
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        self.periodic.stop()
        super().hideEvent(event)

    def _scan_committed(self, _decision: object) -> None:
        # Not on every scan: the first one starts the timer, the rest ride on it.
        if not self.scan_timer.isActive():
            self.scan_timer.start()

    def refresh(self) -> None:
        super().refresh()
        self.picker.ensure_loaded()
        wave_id = self.wave_id
        if wave_id is None:
            self.data = None
            self._show_numbers()
            return
        self.load("dashboard", lambda: load_dashboard(self.ctx.store, wave_id), self._show)

    def _show(self, data: DashboardData) -> None:
        self.data = data
        self.communities.set_rows(data.communities)
        self.skus.set_rows(data.skus)
        self.stations.set_rows(data.stations)
        self.workers.set_rows(data.workers)
        self.timeline.set_rows(data.timeline)
        self.losses.set_rows(data.losses)
        self._show_numbers()
