"""Exceptions: wrong-crate events per worker (near-missorts caught at the crate), codes scanned
that nothing knew, and import conflicts still open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sorter_app.services.people.roster import list_people
from sorter_app.services.views.exceptions_view import (
    UNKNOWN_RESULTS,
    ConflictView,
    UnknownScan,
    WrongCrateEvent,
    import_conflicts,
    unknown_scans,
    wrong_crate_events,
)
from sorter_app.services.views.progress import WorkerRow, worker_stats
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    WavePicker,
    conflict_name,
    local_time,
)

UNKNOWN_CHIPS = {
    "void_label": (Tone.BAD, "✖"),
    "unknown_crate": (Tone.WARN, "▲"),
    "unknown_barcode": (Tone.WARN, "▲"),
    "rejected": (Tone.NEUTRAL, "?"),
}
CONFLICT_CHIPS = {
    "order_cancelled": (Tone.BAD, "✖"),
    "line_cancelled": (Tone.BAD, "✖"),
    "sku_cancelled": (Tone.BAD, "✖"),
    "line_reduced": (Tone.WARN, "▼"),
}
PLAIN = Column()
NAME = Column(stretch=True)


@dataclass(frozen=True)
class ExceptionsData:
    workers: list[WorkerRow]  # only those with wrong-crate scans
    names: dict[str, str]
    events: list[WrongCrateEvent]
    unknown: list[UnknownScan]
    conflicts: list[ConflictView]


def load_exceptions(store: Store, wave_id: str) -> ExceptionsData:
    return ExceptionsData(
        sorted(
            (w for w in worker_stats(store, wave_id) if w.wrong_crate),
            key=lambda w: (-w.wrong_crate, w.worker),
        ),
        {p.code: p.name for p in list_people(store)},
        wrong_crate_events(store, wave_id),
        unknown_scans(store, wave_id),
        import_conflicts(store, wave_id),
    )


class ExceptionsScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: ExceptionsData | None = None
        self.picker = WavePicker(self)
        self.refresh_button = QPushButton()
        self.workers = RowsModel(
            self._worker_cells,
            self,
            columns=[PLAIN, NAME, PLAIN, PLAIN, Column(fmt="{:.1f}".format)],
            key=lambda w: w.worker,
            search=lambda w: (w.worker, self.data.names.get(w.worker) if self.data else None),
        )
        self.events = RowsModel(
            self._event_cells,
            self,
            columns=[PLAIN, PLAIN, PLAIN, PLAIN, NAME],
            key=lambda e: (e.at, e.station_id, e.scanned_crate_id),
            search=lambda e: (
                e.station_id,
                e.worker,
                e.sku_id,
                e.sku_name,
                e.expected_community_id,
                e.scanned_crate_id,
                e.scanned_community_id,
            ),
        )
        self.unknown = RowsModel(
            self._unknown_cells,
            self,
            columns=[NAME, Column(states=StateStyle(UNKNOWN_CHIPS, self.unknown_name))],
            key=lambda u: (u.raw, u.result),
            search=lambda u: (u.raw, *u.stations),
        )
        self.conflicts = RowsModel(
            self._conflict_cells,
            self,
            columns=[
                PLAIN,
                NAME,
                PLAIN,
                PLAIN,
                PLAIN,
                Column(states=StateStyle(CONFLICT_CHIPS, conflict_name)),
            ],
            key=lambda c: (c.order_id, c.sku_id, c.kind, c.detected_at),
            search=lambda c: (c.community_id, c.community_name, c.sku_id, c.sku_name, c.order_id),
        )
        self.worker_panel = ListPanel(self.workers, self)
        self.event_panel = ListPanel(self.events, self)
        self.unknown_panel = ListPanel(self.unknown, self)
        self.conflict_panel = ListPanel(self.conflicts, self)
        self.events_title = QLabel()
        wrong = QSplitter(Qt.Orientation.Vertical)
        wrong.addWidget(self.worker_panel)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.events_title)
        lower_layout.addWidget(self.event_panel)
        wrong.addWidget(lower)
        self.tabs = QTabWidget()
        self.tabs.addTab(wrong, "")
        self.tabs.addTab(self.unknown_panel, "")
        self.tabs.addTab(self.conflict_panel, "")

        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        top.addWidget(self.as_of)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        self.refresh_button.clicked.connect(self.refresh)
        ctx.events.wave_selected.connect(lambda _w: self.request_refresh())
        ctx.events.wave_imported.connect(lambda _w: self.request_refresh())
        ctx.events.scan_committed.connect(self._scan_committed)
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.refresh_button.setText(self.tr("刷新"))
        self.events_title.setText(self.tr("最近的错筐事件"))
        self._retitle_tabs()
        self._show_empty_states()
        self.workers.set_headers(
            [
                self.tr("工号"),
                self.tr("姓名"),
                self.tr("错筐拦截"),
                self.tr("已分（件）"),
                self.tr("错筐率（每万件）"),
            ]
        )
        self.events.set_headers(
            [
                self.tr("时间"),
                self.tr("工位"),
                self.tr("工号"),
                self.tr("商品"),
                self.tr("商品名称"),
                self.tr("应放社区"),
                self.tr("扫到的筐"),
                self.tr("扫到的社区"),
                self.tr("件数"),
            ]
        )
        self.unknown.set_headers(
            [
                self.tr("扫到的内容"),
                self.tr("类型"),
                self.tr("次数"),
                self.tr("首次"),
                self.tr("最近"),
                self.tr("工位"),
            ]
        )
        self.conflicts.set_headers(
            [
                self.tr("社区"),
                self.tr("社区名称"),
                self.tr("商品"),
                self.tr("商品名称"),
                self.tr("订单"),
                self.tr("变化"),
                self.tr("原数量"),
                self.tr("新数量"),
                self.tr("已分"),
                self.tr("需从筐中取回"),
                self.tr("发现时间"),
            ]
        )

    def _retitle_tabs(self) -> None:
        data = self.data
        counts = (
            (sum(w.wrong_crate for w in data.workers), len(data.unknown), len(data.conflicts))
            if data
            else (0, 0, 0)
        )
        titles = (self.tr("错筐（{0}）"), self.tr("未知条码（{0}）"), self.tr("导入冲突（{0}）"))
        for index, (title, count) in enumerate(zip(titles, counts, strict=True)):
            self.tabs.setTabText(index, title.format(count))

    def _show_empty_states(self) -> None:
        if self.wave_id is None:
            for panel in self._panels():
                self.show_wave_needed(panel, self.picker)
            return
        calm = (
            (self.worker_panel, self.tr("没有错筐"), self.tr("今晚还没有人把商品扫到错误的筐。")),
            (self.event_panel, self.tr("没有错筐事件"), ""),
            (
                self.unknown_panel,
                self.tr("没有未知条码"),
                self.tr("扫到的每个条码都认识。"),
            ),
            (
                self.conflict_panel,
                self.tr("没有导入冲突"),
                self.tr("重新导入波次时，已分拣的订单没有被平台改动。"),
            ),
        )
        for panel, title, hint in calm:
            panel.set_empty_state("✔", title, hint, tone=Tone.OK)

    def _panels(self) -> tuple[ListPanel, ...]:
        return (self.worker_panel, self.event_panel, self.unknown_panel, self.conflict_panel)

    def unknown_name(self, result: str) -> str:
        return {
            "unknown_barcode": self.tr("未知商品条码"),
            "unknown_crate": self.tr("未知筐码"),
            "void_label": self.tr("已作废的旧标签"),
            "rejected": self.tr("无法识别"),
        }.get(result, result)

    def _worker_cells(self, w: WorkerRow) -> list[Any]:
        names = self.data.names if self.data else {}
        return [
            w.worker or self.tr("（未登录）"),
            names.get(w.worker, ""),
            w.wrong_crate,
            w.units,
            w.wrong_crate_per_10k,
        ]

    def _event_cells(self, e: WrongCrateEvent) -> list[Any]:
        return [
            local_time(e.at, self.ctx.settings.zone),
            e.station_id,
            e.worker,
            e.sku_id,
            e.sku_name,
            e.expected_community_id,
            e.scanned_crate_id,
            e.scanned_community_id,
            e.qty,
        ]

    def _unknown_cells(self, u: UnknownScan) -> list[Any]:
        zone = self.ctx.settings.zone
        return [
            u.raw,
            u.result,
            u.count,
            local_time(u.first_at, zone),
            local_time(u.last_at, zone),
            ", ".join(u.stations),
        ]

    def _conflict_cells(self, c: ConflictView) -> list[Any]:
        return [
            c.community_id,
            c.community_name,
            c.sku_id,
            c.sku_name,
            c.order_id,
            c.kind,
            c.old_qty,
            c.new_qty,
            c.put_qty,
            c.excess_qty,
            local_time(c.detected_at, self.ctx.settings.zone),
        ]

    # --- data -----------------------------------------------------------------------------------

    def _scan_committed(self, decision: Any) -> None:
        if getattr(decision, "result", None) in ("wrong_crate", *UNKNOWN_RESULTS):
            self.request_refresh()

    def refresh(self) -> None:
        super().refresh()
        self.picker.ensure_loaded()
        wave_id = self.wave_id
        self._show_empty_states()
        if wave_id is None:
            self._show(ExceptionsData([], {}, [], [], []))
            return
        self.load("exceptions", lambda: load_exceptions(self.ctx.store, wave_id), self._show)

    def _show(self, data: ExceptionsData) -> None:
        self.data = data
        self.workers.set_rows(data.workers)
        self.events.set_rows(data.events)
        self.unknown.set_rows(data.unknown)
        self.conflicts.set_rows(data.conflicts)
        self._retitle_tabs()
