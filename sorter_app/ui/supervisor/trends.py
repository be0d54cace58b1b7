"""Trends (趋势): night over night from the stored wave aggregates (services/views/trends.py), so
they still show once a wave's detail is deleted.

From/to dates (the last four weeks by default), per day or ISO week, one tab per view: the
timeline, losses, missorts, productivity and routes on time. Each tab has its chart above
(trend_charts.py) and its table below (numbers right-aligned, states as chips, search); the
export buttons write the current view as CSV or XLSX (services/reporting/trend_exports.py).
Only the tab shown is loaded. With no aggregate stored yet the screen says so and offers to
aggregate the finished waves (services/waves/aggregates.py `aggregate_due`).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sorter_app.services.clock import utc_now
from sorter_app.services.people.roster import list_people
from sorter_app.services.reporting.exports import write_export
from sorter_app.services.reporting.trend_exports import trend_table
from sorter_app.services.views import trends
from sorter_app.services.waves.aggregates import aggregate_due
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    local_time,
    save_file_dialog,
    ui_language,
)
from sorter_app.ui.supervisor.trend_charts import (
    LossBar,
    LossChart,
    MissortChart,
    ProductivityChart,
    RouteChart,
    RoutePoint,
    StagePoint,
    TimelineChart,
    TrendChart,
    day_of,
    stage_clock,
)
from sorter_app.ui.widgets.empty_state import EmptyState

DEFAULT_DAYS = 28  # the last four weeks
WHATS = trends.WHATS  # the tabs, in this order
ON_TIME, LATE, NO_DEPARTURE = "on_time", "late", "unknown"


@dataclass(frozen=True)
class TrendData:
    what: str
    first: date
    last: date
    by: str
    rows: list[Any]
    stored_any: bool  # some aggregate is stored at all (else: the "aggregate" empty state)
    cutoffs: dict[str, time] = field(default_factory=dict)  # timeline: period → hub cutoff
    names: dict[str, str] = field(default_factory=dict)  # productivity: worker → name


def load_trend(
    store: Store, what: str, first: date, last: date, by: str, zone: ZoneInfo
) -> TrendData:
    """One view's rows (off the main thread), with what its chart needs besides."""
    views: dict[str, Callable[[Store, date, date, str], Sequence[Any]]] = {
        "timeline": trends.timeline,
        "losses": trends.losses,
        "missorts": trends.missorts,
        "productivity": trends.productivity,
        "routes": trends.routes,
    }
    view = views[what]
    rows = view(store, first, last, by)
    stored_any = bool(rows) or bool(trends.history(store, date.min, date.max, ()))
    data = TrendData(what, first, last, by, list(rows), stored_any)
    if what == "timeline":
        data.cutoffs.update(_cutoffs(store, first, last, by, zone))
    if what == "productivity":
        data.names.update({p.code: p.name for p in list_people(store)})
    return data


def _cutoffs(store: Store, first: date, last: date, by: str, zone: ZoneInfo) -> dict[str, time]:
    """Each period's cutoff as the hub's clock showed it (the median of its waves'), so that the
    timeline's minutes after the cutoff can be drawn at the hub's clock time."""
    seen: dict[str, list[int]] = defaultdict(list)
    for wave in trends.history(store, first, last, ()):
        at = wave.totals.cutoff_at
        if at is not None:
            local = at.astimezone(zone)
            period = trends.period_label(wave.totals.delivery_date, by)
            seen[period].append(local.hour * 60 + local.minute)
    return {
        p: time(int(m) // 60, int(m) % 60)
        for p, values in seen.items()
        for m in [statistics.median(values)]
    }


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _one(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}%"


def _points(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


class TrendsScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: dict[str, TrendData] = {}
        today = utc_now().astimezone(ctx.settings.zone).date()
        self.from_label, self.to_label, self.by_label = QLabel(), QLabel(), QLabel()
        self.first = QDateEdit(_qdate(today - timedelta(days=DEFAULT_DAYS - 1)))
        self.last = QDateEdit(_qdate(today))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.by = QComboBox()
        self.by.addItems(["", ""])
        self.refresh_button = QPushButton()
        self.csv_button = QPushButton()
        self.xlsx_button = QPushButton()
        self.summary = QLabel()
        self.summary.setObjectName("trendsSummary")
        self.summary.setStyleSheet("font-size: 15px;")

        self.route_states = StateStyle(
            {ON_TIME: (Tone.OK, "✔"), LATE: (Tone.BAD, "✖"), NO_DEPARTURE: (Tone.NEUTRAL, "○")},
            self._route_word,
        )
        num = Column()
        self.models: dict[str, RowsModel] = {
            "timeline": RowsModel(self._timeline_cells, self, columns=[Column(), num]),
            "losses": RowsModel(
                self._loss_cells,
                self,
                columns=[
                    Column(),
                    Column(),
                    Column(),
                    Column(stretch=True),
                    *[num] * 4,
                    Column(fmt=_pct),
                    Column(fmt=_pct),
                    Column(fmt=_points),
                ],
                search=lambda r: (r.key, r.name),
            ),
            "missorts": RowsModel(
                self._missort_cells,
                self,
                columns=[Column(), num, num, Column(fmt=_one), num, Column(fmt=_one)],
            ),
            "productivity": RowsModel(
                self._productivity_cells,
                self,
                columns=[
                    Column(),
                    Column(),
                    Column(stretch=True),
                    num,
                    num,
                    num,
                    Column(fmt=lambda v: f"{v:.2f}"),
                    Column(fmt=lambda v: f"{v:.0f}"),
                ],
                search=lambda r: (r.worker, self._worker_name(r.worker)),
            ),
            "routes": RowsModel(
                self._route_cells,
                self,
                columns=[
                    Column(),
                    Column(),
                    Column(stretch=True),
                    Column(states=self.route_states),
                    num,
                    num,
                    num,
                    Column(fmt=_one),
                    Column(fmt=_one),
                    num,
                    Column(fmt=_one),
                    Column(),
                    Column(),
                ],
                search=lambda r: (r.route_id, r.name),
            ),
        }
        self.charts: dict[str, TrendChart] = {
            "timeline": TimelineChart(self),
            "losses": LossChart(self),
            "missorts": MissortChart(self),
            "productivity": ProductivityChart(self),
            "routes": RouteChart(self),
        }
        self.panels: dict[str, ListPanel] = {}
        self.tabs = QTabWidget()
        self.loss_dimension = QComboBox()
        self.loss_dimension.addItems(["", ""])
        for what in WHATS:
            page = QWidget()
            layout = QVBoxLayout(page)
            if what == "losses":
                pick = QHBoxLayout()
                pick.addWidget(self.loss_dimension)
                pick.addStretch(1)
                layout.addLayout(pick)
            layout.addWidget(self.charts[what], 3)
            panel = self.panels[what] = ListPanel(self.models[what], self)
            layout.addWidget(panel, 2)
            self.tabs.addTab(page, "")

        self.empty = EmptyState(self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.tabs)
        self.pages.setCurrentWidget(self.tabs)

        top = QHBoxLayout()
        for widget in (self.from_label, self.first, self.to_label, self.last, self.by_label):
            top.addWidget(widget)
        top.addWidget(self.by)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.csv_button)
        top.addWidget(self.xlsx_button)
        self.as_of.setStyleSheet("font-size: 16px; font-weight: bold;")
        top.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)

        self.refresh_button.clicked.connect(self.refresh)
        self.first.dateChanged.connect(lambda _d: self._period_changed())
        self.last.dateChanged.connect(lambda _d: self._period_changed())
        self.by.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        self.loss_dimension.currentIndexChanged.connect(lambda _i: self._show_chart("losses"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.from_label.setText(self.tr("从"))
        self.to_label.setText(self.tr("到"))
        self.by_label.setText(self.tr("按"))
        self.by.setItemText(0, self.tr("天"))
        self.by.setItemText(1, self.tr("周"))
        self.loss_dimension.setItemText(0, self.tr("按品类"))
        self.loss_dimension.setItemText(1, self.tr("按供应商"))
        self.refresh_button.setText(self.tr("刷新"))
        self.csv_button.setText(self.tr("导出 CSV"))
        self.xlsx_button.setText(self.tr("导出 XLSX"))
        for index, text in enumerate(
            (
                self.tr("时间线"),
                self.tr("损耗"),
                self.tr("错分"),
                self.tr("效率"),
                self.tr("线路准点"),
            )
        ):
            self.tabs.setTabText(index, text)
        stages = (
            self.tr("导入完成"),
            self.tr("首次收货"),
            self.tr("开始分拣"),
            self.tr("分拣完成"),
            self.tr("首条线路发车"),
            self.tr("全部发车"),
        )
        self.stage_names = dict(zip(trends.STAGES, stages, strict=True))
        self.models["timeline"].set_headers(
            [self.tr("周期"), self.tr("波次数")]
            + [self.tr("截单→{0}（分钟）").format(s) for s in stages]
        )
        self.models["losses"].set_headers(
            [
                self.tr("周期"),
                self.tr("维度"),
                self.tr("编号"),
                self.tr("名称"),
                self.tr("订购"),
                self.tr("缺货"),
                self.tr("破损"),
                self.tr("损耗"),
                self.tr("损耗率"),
                self.tr("上期损耗率"),
                self.tr("变化（百分点）"),
            ]
        )
        self.models["missorts"].set_headers(
            [
                self.tr("周期"),
                self.tr("已分件数"),
                self.tr("错筐拦截"),
                self.tr("拦截（每万件）"),
                self.tr("售后错分"),
                self.tr("售后错分（每万件）"),
            ]
        )
        self.models["productivity"].set_headers(
            [
                self.tr("周期"),
                self.tr("工号"),
                self.tr("姓名"),
                self.tr("夜数"),
                self.tr("放入次数"),
                self.tr("件数"),
                self.tr("小时"),
                self.tr("每小时放入"),
            ]
        )
        self.models["routes"].set_headers(
            [
                self.tr("周期"),
                self.tr("线路"),
                self.tr("名称"),
                self.tr("状态"),
                self.tr("夜数"),
                self.tr("准点"),
                self.tr("晚点"),
                self.tr("平均晚点（分钟）"),
                self.tr("最长晚点（分钟）"),
                self.tr("晚点前已预警"),
                self.tr("平均提前预警（分钟）"),
                self.tr("计划发车"),
                self.tr("实际发车"),
            ]
        )
        for what in WHATS:
            self.panels[what].set_empty_state(
                "☰",
                self.tr("这段日期没有已汇总的波次"),
                self.tr("换一段日期，或在上方点“刷新”。"),
            )
            self._show_chart(what)
        self._show_summary()
        if self.pages.currentWidget() is self.empty:
            self._show_empty()

    def _route_word(self, code: str) -> str:
        return {
            ON_TIME: self.tr("准点"),
            LATE: self.tr("晚点"),
            NO_DEPARTURE: self.tr("未设发车时间"),
        }.get(code, code)

    def _worker_name(self, worker: str) -> str:
        if worker == trends.ALL_WORKERS:
            return self.tr("全仓")
        data = self.data.get("productivity")
        return data.names.get(worker, "") if data else ""

    # --- cells ----------------------------------------------------------------------------------

    def _timeline_cells(self, r: trends.TimelineRow) -> list[Any]:
        return [r.period, len(r.waves), *(None if m is None else round(m) for m in r.minutes)]

    def _loss_cells(self, r: trends.LossTrendRow) -> list[Any]:
        by = self.tr("品类") if r.by == "category" else self.tr("供应商")
        return [
            r.period,
            by,
            r.key,
            r.name,
            r.ordered,
            r.shorted,
            r.damaged,
            r.lost,
            100 * r.rate,
            None if r.previous_rate is None else 100 * r.previous_rate,
            None if r.change is None else 100 * r.change,
        ]

    def _missort_cells(self, r: trends.MissortTrendRow) -> list[Any]:
        return [r.period, r.units_put, r.caught, r.caught_per_10k, r.escaped, r.escaped_per_10k]

    def _productivity_cells(self, r: trends.ProductivityRow) -> list[Any]:
        worker = self.tr("全部") if r.worker == trends.ALL_WORKERS else r.worker
        return [
            r.period,
            worker,
            self._worker_name(r.worker),
            r.nights,
            r.puts,
            r.units,
            r.hours,
            r.puts_per_hour,
        ]

    def _route_cells(self, r: trends.RouteTrendRow) -> list[Any]:
        zone = self.ctx.settings.zone
        state = NO_DEPARTURE if not r.judged else LATE if r.late else ON_TIME
        return [
            r.period,
            r.route_id,
            r.name,
            state,
            r.nights,
            r.on_time,
            r.late,
            r.mean_late_minutes,
            r.max_late_minutes,
            r.warned_before_late,
            r.mean_warning_lead,
            local_time(r.departure_at, zone)[:11] if r.departure_at else "",
            local_time(r.dispatched_at, zone)[:11] if r.dispatched_at else "",
        ]

    # --- charts ---------------------------------------------------------------------------------

    def _show_chart(self, what: str) -> None:
        data = self.data.get(what)
        rows = data.rows if data is not None else []
        periods = list(dict.fromkeys(r.period for r in rows))
        chart = self.charts[what]
        if what == "timeline":
            assert isinstance(chart, TimelineChart)
            cutoffs = data.cutoffs if data else {}
            chart.show_stages(
                periods,
                {
                    self.stage_names[stage]: [
                        StagePoint(
                            r.period,
                            stage_clock(cutoffs[r.period], r.stage(stage))
                            if r.period in cutoffs
                            else None,
                        )
                        for r in rows
                    ]
                    for stage in trends.STAGES
                },
            )
        elif what == "losses":
            assert isinstance(chart, LossChart)
            dimension = "category" if self.loss_dimension.currentIndex() == 0 else "supplier"
            latest = periods[-1] if periods else ""
            chart.show_losses(
                latest,
                [
                    LossBar(
                        r.name,
                        100 * r.rate,
                        None if r.previous_rate is None else 100 * r.previous_rate,
                    )
                    for r in rows
                    if r.period == latest and r.by == dimension
                ],
            )
        elif what == "missorts":
            assert isinstance(chart, MissortChart)
            chart.show_missorts(
                periods, [r.caught_per_10k for r in rows], [r.escaped_per_10k for r in rows]
            )
        elif what == "productivity":
            assert isinstance(chart, ProductivityChart)
            chart.show_rates(periods, self.tr("全仓"), self._rates(rows, periods))
        else:
            assert isinstance(chart, RouteChart)
            chart.show_routes(periods, self._route_points(rows, periods))

    def _rates(
        self, rows: list[trends.ProductivityRow], periods: list[str]
    ) -> dict[str, list[float | None]]:
        puts: dict[str, int] = defaultdict(int)
        for r in rows:
            if r.worker != trends.ALL_WORKERS:
                puts[r.worker] += r.puts
        busiest = sorted(puts, key=lambda w: (-puts[w], w))[:8]
        rate = {(r.period, r.worker): r.puts_per_hour for r in rows}
        shown = {self.tr("全仓"): trends.ALL_WORKERS}
        shown |= {self._worker_name(w) or w: w for w in busiest}
        return {name: [rate.get((p, worker)) for p in periods] for name, worker in shown.items()}

    def _route_points(
        self, rows: list[trends.RouteTrendRow], periods: list[str]
    ) -> list[RoutePoint]:
        index = {p: i for i, p in enumerate(periods)}
        points = []
        for r in rows:
            if r.departure_at is not None and r.dispatched_at is not None:
                minutes = (r.dispatched_at - r.departure_at).total_seconds() / 60
            elif r.judged:
                minutes = r.max_late_minutes or 0.0  # a week: its worst night
            else:
                continue
            points.append(RoutePoint(index[r.period], r.route_id, minutes, r.late > 0))
        return points

    # --- loading --------------------------------------------------------------------------------

    def live_version(self) -> None:
        return None  # finished nights do not change while one looks at them

    @property
    def what(self) -> str:
        return WHATS[self.tabs.currentIndex()]

    def period(self) -> tuple[date, date, str]:
        return (
            day_of(self.first.date()),
            day_of(self.last.date()),
            trends.BYS[self.by.currentIndex()],
        )

    def _period_changed(self) -> None:
        self.data.clear()
        self.request_refresh()

    def _tab_changed(self) -> None:
        if self.what not in self.data:
            self.request_refresh()
        self._show_summary()

    def refresh(self) -> None:
        super().refresh()
        first, last, by = self.period()
        if first > last:
            self.show_error(self.tr("开始日期不能晚于结束日期"))
            return
        what, store, zone = self.what, self.ctx.store, self.ctx.settings.zone
        self.load(
            f"trend:{what}", lambda: load_trend(store, what, first, last, by, zone), self._loaded
        )

    def _loaded(self, data: TrendData) -> None:
        if (data.first, data.last, data.by) != self.period():
            return  # the dates changed meanwhile: a newer load is on its way
        self.data[data.what] = data
        if not data.stored_any:
            self._show_empty()
            return
        self.pages.setCurrentWidget(self.tabs)
        self._exportable(True)
        self.models[data.what].set_rows(data.rows)
        self._show_chart(data.what)
        self._show_summary()

    def _show_empty(self) -> None:
        self.pages.setCurrentWidget(self.empty)
        self._exportable(False)
        self.empty.show_state(
            "▤",
            self.tr("还没有已完成的波次汇总"),
            self.tr("每个波次全部发车后会自动汇总；已经发完车但还没汇总的波次，可以现在汇总。"),
            (self.tr("汇总已完成的波次"), self.aggregate_finished),
        )

    def _exportable(self, on: bool) -> None:
        # Nothing aggregated: an export would be an empty sheet.
        self.csv_button.setEnabled(on)
        self.xlsx_button.setEnabled(on)

    def _show_summary(self) -> None:
        data = self.data.get(self.what)
        if data is None or not data.rows:
            self.summary.clear()
            return
        periods = len({r.period for r in data.rows})
        self.summary.setText(
            self.tr("{0} 至 {1}，{2} 个周期").format(data.first, data.last, periods)
        )

    # --- actions --------------------------------------------------------------------------------

    def aggregate_finished(self) -> None:
        """Aggregate the finished waves not aggregated yet (the empty state's button)."""
        if self.supervisor() is None:
            return
        store, settings = self.ctx.store, self.ctx.settings

        def done(waves: list[str]) -> None:
            if waves:
                self.show_info(
                    self.tr("已汇总 {0} 个波次：{1}").format(len(waves), ", ".join(waves))
                )
            else:
                self.show_info(self.tr("没有已全部发车、尚未汇总的波次"))
            self.data.clear()
            self.refresh()

        self.act(lambda: aggregate_due(store, settings), done)

    def ask_export_path(self, what: str, fmt: str) -> Path | None:
        """Where to write the export (a method, so tests answer it without a dialog)."""
        first, last, _ = self.period()
        return save_file_dialog(
            self,
            self.tr("导出趋势"),
            f"trends_{what}_{first}_{last}.{fmt}",
            self.tr("CSV 文件 (*.csv)") if fmt == "csv" else self.tr("Excel 文件 (*.xlsx)"),
        )

    def export(self, fmt: str, path: Path | None = None) -> None:
        """Write the current view over the chosen dates as CSV or XLSX."""
        what = self.what
        target = path or self.ask_export_path(what, fmt)
        if target is None:
            return
        first, last, by = self.period()
        store, zone = self.ctx.store, self.ctx.settings.zone
        lang = "en" if ui_language(self.ctx).startswith("en") else "zh"

        def work() -> int:
            table = trend_table(store, what, first, last, by, lang=lang, zone=zone)
            write_export(target, table, fmt)
            return len(table.rows)

        self.act(
            work,
            lambda rows: self.show_info(self.tr("已导出 {0} 行到 {1}").format(rows, target)),
        )


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
