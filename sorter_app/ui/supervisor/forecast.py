"""Forecast (预测): tonight's final line count before cutoff, and what it means on the floor
(services/forecast/forecasting.py; the method is docs/forecast.md).

At the top the number in large type with its band, the day's kind, the method, the snapshot it
used, last night's actuals and the forecast's measured error on past nights (MAPE); beside it
the chart of past nights' forecast against actual with the band (forecast_chart.py). Tabs below:
the factors as an explanation list, crates per temperature zone against crates on hand
(shortfall in red), workers and trucks per route, and the supervisor's local events (add and
remove: they are data for the forecast).

Opening the screen forecasts from the store without keeping it; 立即预测 polls the platform once
(if one is configured) and makes the forecast that is kept, as the 15:00 job does. With no past
night in the store the screen says what the forecast needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.forecast.model import Factor
from sorter_app.platform.errors import PlatformError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.forecast.forecasting import (
    ForecastReport,
    NoForecastHistory,
    add_event,
    list_events,
    make_forecast,
    remove_event,
)
from sorter_app.services.waves.platform_link import PlatformLink, open_client
from sorter_app.settings import Settings
from sorter_app.store.database import Store
from sorter_app.store.forecast_repo import EventRow
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    selected_row,
    ui_language,
)
from sorter_app.ui.supervisor.forecast_chart import ForecastChart
from sorter_app.ui.supervisor.trend_charts import day_of
from sorter_app.ui.widgets.empty_state import EmptyState

SHORT, ENOUGH, NOT_SET = "short", "enough", "not_set"
TOTAL = ""  # the crates table's total row (zones are named)
_LINES = {"weekday_median", "profile", "count_so_far", "curve"}  # factors counted in lines


@dataclass(frozen=True)
class ForecastData:
    delivery: date
    report: ForecastReport | None  # None: no past night to forecast from
    events: list[EventRow]
    warning: UserFacingError | None = None  # the platform could not be polled


@dataclass(frozen=True)
class CrateRow:
    zone: str  # TOTAL for the total
    per_line: float | None
    needed: int
    on_hand: int | None
    short: int | None
    state: str | None


def load_forecast(
    store: Store,
    settings: Settings,
    delivery: date,
    now: datetime,
    *,
    link: PlatformLink | None = None,
    save: bool = False,
) -> ForecastData:
    """The forecast for `delivery` (off the main thread) and the local events. With `link`, the
    platform is polled once first; a platform that is down leaves the forecast to the store."""
    warning: UserFacingError | None = None
    client = None
    if link is not None and link.url:
        try:
            # One look at the wave list: a platform that is down costs seconds, not minutes.
            client = open_client(link, max_attempts=2, read_timeout=10)
        except UserFacingError as exc:
            warning = exc
    try:
        try:
            report = make_forecast(store, settings, delivery, now=now, platform=client, save=save)
        except PlatformError as exc:
            warning = exc
            report = make_forecast(store, settings, delivery, now=now, save=save)
    except NoForecastHistory:
        report = None
    finally:
        if client is not None:
            client.close()
    return ForecastData(delivery, report, list_events(store), warning)


def crate_rows(report: ForecastReport) -> list[CrateRow]:
    """Each zone's crates needed, then the total against the crates on hand."""
    rates = report.inputs.rates.crates_per_line
    rows = [
        CrateRow(c.zone, rates.get(c.zone), c.needed, None, None, None) for c in report.needs.crates
    ]
    on_hand, short = report.inputs.crates_on_hand, report.crates_short
    state = NOT_SET if on_hand is None else SHORT if short else ENOUGH
    rows.append(CrateRow(TOTAL, None, report.crates_needed, on_hand, short, state))
    return rows


class EventDialog(QDialog):
    """A local event: its date, name, an optional factor (else learned), a note."""

    def __init__(self, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加本地事件"))
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如：社区集市、平台大促、暴雨"))
        self.learned = QCheckBox(self.tr("从历史同类事件学习系数"))
        self.learned.setChecked(True)
        self.factor = QDoubleSpinBox()
        self.factor.setRange(0.1, 10.0)
        self.factor.setSingleStep(0.05)
        self.factor.setValue(1.2)
        self.factor.setEnabled(False)
        self.learned.toggled.connect(lambda on: self.factor.setEnabled(not on))
        self.note = QLineEdit()
        form = QFormLayout(self)
        form.addRow(self.tr("日期"), self.day)
        form.addRow(self.tr("名称"), self.name)
        form.addRow("", self.learned)
        form.addRow(self.tr("行数系数"), self.factor)
        form.addRow(self.tr("备注"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def event_values(self) -> tuple[date, str, float | None, str]:
        factor = None if self.learned.isChecked() else round(self.factor.value(), 3)
        return day_of(self.day.date()), self.name.text(), factor, self.note.text()


class ForecastScreen(SupervisorScreen):
    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, *, clock: Clock = utc_now
    ) -> None:
        super().__init__(ctx, parent)
        self.clock = clock  # "now" of the forecast; tests stage it
        self.data: ForecastData | None = None
        tomorrow = clock().astimezone(ctx.settings.zone).date() + timedelta(days=1)
        self.delivery_label = QLabel()
        self.delivery = QDateEdit(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.delivery.setCalendarPopup(True)
        self.delivery.setDisplayFormat("yyyy-MM-dd")
        self.run_button = QPushButton()
        self.run_button.setObjectName("forecastNow")
        self.run_button.setMinimumHeight(36)

        # The headline, read from across the room.
        self.day_text = QLabel()
        self.day_text.setWordWrap(True)
        self.lines = QLabel()
        self.lines.setObjectName("forecastLines")
        self.lines.setStyleSheet("font-size: 56px; font-weight: bold;")
        self.band = QLabel()
        self.band.setObjectName("forecastBand")
        self.band.setStyleSheet("font-size: 20px;")
        self.method = QLabel()
        self.snapshot = QLabel()
        self.yesterday = QLabel()
        self.mape = QLabel()
        self.workers = QLabel()
        self.workers.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.crates = QLabel()
        self.crates.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.notes = QLabel()
        for label in (self.method, self.snapshot, self.yesterday, self.mape, self.notes):
            label.setWordWrap(True)
        self.chart = ForecastChart(self)

        self.factors = RowsModel(
            self._factor_cells,
            self,
            columns=[Column(stretch=False), Column(), Column(stretch=True)],
        )
        self.crate_states = StateStyle(
            {SHORT: (Tone.BAD, "✖"), ENOUGH: (Tone.OK, "✔"), NOT_SET: (Tone.NEUTRAL, "○")},
            self._crate_word,
        )
        self.crate_table = RowsModel(
            self._crate_cells,
            self,
            columns=[
                Column(stretch=True),
                Column(fmt=lambda v: f"{v:.4f}"),
                Column(),
                Column(),
                Column(),
                Column(states=self.crate_states),
            ],
        )
        self.routes = RowsModel(
            self._route_cells,
            self,
            columns=[
                Column(),
                Column(stretch=True),
                Column(),
                Column(fmt=lambda v: f"{v:.1f}%"),
                Column(fmt=lambda v: f"{v:.0f}"),
                Column(fmt=lambda v: f"{v:.0f}"),
                Column(fmt=lambda v: f"{v:.2f}"),
            ],
            search=lambda r: (r.route_id, r.name),
        )
        self.events = RowsModel(
            self._event_cells,
            self,
            columns=[Column(), Column(stretch=True)],
            key=lambda e: e.day,
            search=lambda e: (e.name, e.note),
        )
        self.factor_panel = ListPanel(self.factors, self, searchable=False)
        self.crate_panel = ListPanel(self.crate_table, self, searchable=False)
        self.route_panel = ListPanel(self.routes, self)
        self.event_panel = ListPanel(self.events, self)
        self.add_event_button = QPushButton()
        self.remove_event_button = QPushButton()

        headline = QWidget()
        grid = QVBoxLayout(headline)
        grid.addWidget(self.day_text)
        grid.addWidget(self.lines)
        grid.addWidget(self.band)
        grid.addWidget(self.method)
        grid.addWidget(self.snapshot)
        grid.addWidget(self.yesterday)
        grid.addWidget(self.mape)
        grid.addWidget(self.crates)
        grid.addWidget(self.workers)
        grid.addWidget(self.notes)
        grid.addStretch(1)
        top = QSplitter()
        top.addWidget(headline)
        top.addWidget(self.chart)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)

        events_page = QWidget()
        events_layout = QVBoxLayout(events_page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_event_button)
        buttons.addWidget(self.remove_event_button)
        buttons.addStretch(1)
        events_layout.addLayout(buttons)
        events_layout.addWidget(self.event_panel, 1)
        self.tabs = QTabWidget()
        for page in (self.factor_panel, self.crate_panel, self.route_panel, events_page):
            self.tabs.addTab(page, "")

        content = QWidget()
        content_layout = QGridLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(top, 0, 0)
        content_layout.addWidget(self.tabs, 1, 0)
        content_layout.setRowStretch(0, 3)
        content_layout.setRowStretch(1, 2)
        self.empty = EmptyState(self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(content)
        self.pages.setCurrentWidget(content)
        self.content = content

        bar = QHBoxLayout()
        bar.addWidget(self.delivery_label)
        bar.addWidget(self.delivery)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        self.as_of.setStyleSheet("font-size: 16px; font-weight: bold;")
        bar.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)

        self.run_button.clicked.connect(self.forecast_now)
        self.delivery.dateChanged.connect(lambda _d: self.request_refresh())
        self.add_event_button.clicked.connect(lambda: self.add_event())
        self.remove_event_button.clicked.connect(lambda: self.remove_selected_event())
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.delivery_label.setText(self.tr("配送日"))
        self.run_button.setText(self.tr("立即预测"))
        self.add_event_button.setText(self.tr("添加事件…"))
        self.remove_event_button.setText(self.tr("删除所选事件"))
        for index, text in enumerate(
            (self.tr("计算依据"), self.tr("周转筐"), self.tr("人手与车辆"), self.tr("本地事件"))
        ):
            self.tabs.setTabText(index, text)
        self.factors.set_headers([self.tr("因素"), self.tr("数值"), self.tr("说明")])
        self.crate_table.set_headers(
            [
                self.tr("温区"),
                self.tr("每行用筐"),
                self.tr("需要"),
                self.tr("现有"),
                self.tr("缺口"),
                self.tr("状态"),
            ]
        )
        self.routes.set_headers(
            [
                self.tr("线路"),
                self.tr("名称"),
                self.tr("发车"),
                self.tr("行数占比"),
                self.tr("行数"),
                self.tr("件数"),
                self.tr("可用小时"),
                self.tr("人手"),
                self.tr("周转筐"),
                self.tr("车辆"),
            ]
        )
        self.events.set_headers(
            [self.tr("日期"), self.tr("名称"), self.tr("系数"), self.tr("备注")]
        )
        self.event_panel.set_empty_state(
            "☆",
            self.tr("还没有本地事件"),
            self.tr("集市、促销、停电等会改变订单量的日子，加在这里，预测会考虑它。"),
        )
        self.route_panel.set_empty_state(
            "⇆",
            self.tr("还没有线路"),
            self.tr("导入过的波次或设置中的线路发车时间会出现在这里。"),
        )
        self._show()

    def _kind_word(self, kind: str) -> str:
        return {
            "normal": self.tr("平常日"),
            "holiday": self.tr("节假日"),
            "holiday_eve": self.tr("节前"),
            "makeup_workday": self.tr("调休上班日"),
        }.get(kind, kind)

    def _zone_word(self, zone: str) -> str:
        return {
            "ambient": self.tr("常温"),
            "chilled": self.tr("冷藏"),
            "frozen": self.tr("冷冻"),
            TOTAL: self.tr("合计（一个筐池）"),
        }.get(zone, zone)

    def _crate_word(self, code: str) -> str:
        return {
            SHORT: self.tr("不够"),
            ENOUGH: self.tr("够用"),
            NOT_SET: self.tr("未设置自有筐数"),
        }.get(code, code)

    def _factor_word(self, code: str) -> str:
        return {
            "weekday_median": self.tr("同星期中位数"),
            "kind_factor": self.tr("节假日系数"),
            "event_factor": self.tr("本地事件系数"),
            "profile": self.tr("星期规律估计"),
            "count_so_far": self.tr("目前行数"),
            "curve_fraction": self.tr("历史同时刻完成比例"),
            "curve": self.tr("日内曲线估计"),
            "curve_weight": self.tr("曲线权重"),
        }.get(code, code)

    def _factor_detail(self, detail: str) -> str:
        """The domain's detail (English, fixed shapes) in the screen's words."""
        if m := re.fullmatch(r"(\d+) nights", detail):
            return self.tr("{0} 晚").format(m[1])
        if m := re.fullmatch(r"(\w+): (\d+) past days", detail):
            return self.tr("{0}：过去 {1} 天").format(self._kind_word(m[1]), m[2])
        if m := re.fullmatch(r"(.+): set by the supervisor", detail):
            return self.tr("{0}：班组长设定").format(m[1])
        if m := re.fullmatch(r"(.+): learned from (\d+) past events", detail):
            return self.tr("{0}：从过去 {1} 次事件学习").format(m[1], m[2])
        return detail

    # --- cells ----------------------------------------------------------------------------------

    def _factor_cells(self, f: Factor) -> list[Any]:
        if f.code in _LINES:
            value = f"{f.value:.0f}"
        elif f.code in ("curve_fraction", "curve_weight"):
            value = f"{100 * f.value:.1f}%"
        else:
            value = f"×{f.value:.3f}"
        return [self._factor_word(f.code), value, self._factor_detail(f.detail)]

    def _crate_cells(self, r: CrateRow) -> list[Any]:
        return [self._zone_word(r.zone), r.per_line, r.needed, r.on_hand, r.short, r.state]

    def _route_cells(self, r: Any) -> list[Any]:
        plan = self._plans().get(r.route_id)
        zone = self.ctx.settings.zone
        departure = ""
        if plan is not None:
            departure = plan.departure.astimezone(zone).strftime("%H:%M")
            if not plan.departure_set:
                departure += self.tr("（默认）")
        return [
            r.route_id,
            r.name,
            departure,
            100 * plan.line_share if plan else None,
            r.lines,
            r.units,
            r.hours,
            "—" if r.workers is None else r.workers,
            r.crates,
            r.trucks,
        ]

    def _plans(self) -> dict[str, Any]:
        report = self.data.report if self.data else None
        return {p.route_id: p for p in report.inputs.routes} if report else {}

    def _event_cells(self, e: EventRow) -> list[Any]:
        factor = self.tr("从历史学习") if e.factor is None else f"×{e.factor:g}"
        return [e.day.isoformat(), e.name, factor, e.note]

    # --- showing --------------------------------------------------------------------------------

    def _show(self) -> None:
        data = self.data
        if data is None:
            return
        self.events.set_rows(data.events)
        report = data.report
        if report is None:
            self._show_empty()
            return
        self.pages.setCurrentWidget(self.content)
        f, i = report.forecast, report.inputs
        zh = not ui_language(self.ctx).startswith("en")
        kind = self._kind_word(f.info.kind.value)
        if zh and f.info.holiday_name:
            kind += f" {f.info.holiday_name}"  # the holidays package names them in Chinese
        if f.info.event is not None:
            kind += f" + {f.info.event.name}"
        self.day_text.setText(
            self.tr("配送日 {0}（{1} 截单，{2}）预测订单行数").format(i.delivery_date, i.day, kind)
        )
        self.lines.setText(f"{f.rounded:,}")
        self.band.setText(
            self.tr("区间 {0:,} – {1:,} 行（约十晚九中）").format(round(f.low), round(f.high))
        )
        self.method.setText(
            self.tr("方法：日内曲线与星期规律加权")
            if f.method.value == "blend"
            else self.tr("方法：仅按星期规律（今晚还没有可用的轮询快照）")
        )
        if f.snapshot is not None:
            self.snapshot.setText(
                self.tr("所用快照：今晚 {0} 已有 {1:,} 行").format(
                    f.snapshot.at.strftime("%H:%M"), f.snapshot.lines
                )
            )
        else:
            self.snapshot.setText(self.tr("所用快照：无"))
        y = report.yesterday
        if y is None:
            self.yesterday.setText(self.tr("上一晚：无记录"))
        elif y.forecast is None:
            self.yesterday.setText(self.tr("上一晚 {0}：实际 {1:,} 行").format(y.day, y.lines))
        else:
            self.yesterday.setText(
                self.tr("上一晚 {0}：实际 {1:,} 行，当时预测 {2:,} 行").format(
                    y.day, y.lines, round(y.forecast)
                )
            )
        b = report.backtest
        if b.mape is None:
            self.mape.setText(self.tr("历史误差：历史不足（至少 15 晚），尚未测量"))
        else:
            self.mape.setText(
                self.tr(
                    "过去 {0} 晚 15:00 预测的平均绝对百分比误差 MAPE {1:.1%}，{2:.0%} 落在区间内"
                ).format(len(b.points), b.mape, b.band_coverage or 0.0)
            )
        short = report.crates_short
        on_hand = i.crates_on_hand
        if on_hand is None:
            crates = self.tr("周转筐：需要 {0}（未设置自有筐数）").format(report.crates_needed)
        elif short:
            crates = self.tr("周转筐：需要 {0}，现有 {1}，缺 {2}").format(
                report.crates_needed, on_hand, short
            )
        else:
            crates = self.tr("周转筐：需要 {0}，现有 {1}，够用").format(
                report.crates_needed, on_hand
            )
        self.crates.setText(crates)
        self.crates.setStyleSheet(
            "font-size: 18px; font-weight: bold;" + (" color: #b00020;" if short else "")
        )
        workers = "—" if report.needs.workers is None else str(report.needs.workers)
        trucks = sum(r.trucks for r in report.needs.routes)
        self.workers.setText(
            self.tr("全仓人手（一组）{0} 人 · 车辆 {1} 辆").format(workers, trucks)
        )
        notes = []
        defaults = [k for k, v in i.rates.sources.items() if v == "default"]
        if defaults:
            words = {
                "units_per_line": self.tr("每行件数"),
                "crates_per_line": self.tr("每行用筐"),
                "puts_per_hour": self.tr("每小时放入"),
                "route_shares": self.tr("线路行数占比"),
            }
            notes.append(
                self.tr("尚无历史、用默认值：{0}").format(
                    self.tr("、").join(words.get(d, d) for d in defaults)
                )
            )
        if report.weather_note:
            notes.append(self.tr("天气：{0}").format(report.weather_note))
        if data.warning is not None:
            notes.append(
                self.tr("未能轮询平台（{0}），按已存数据预测").format(
                    data.warning.message(ui_language(self.ctx))
                )
            )
        self.notes.setText("\n".join(notes))
        self.factors.set_rows(list(f.factors))
        self.crate_table.set_rows(crate_rows(report))
        self.routes.set_rows(list(report.needs.routes))
        self.chart.show_points(b.points[-28:], (i.day, f.lines, f.low, f.high))

    def _show_empty(self) -> None:
        self.pages.setCurrentWidget(self.empty)
        self.empty.show_state(
            "◷",
            self.tr("还没有可供预测的历史"),
            self.tr(
                "预测要用之前几晚的最终订单行数（导入的波次），最好还有未截单时每 30 分钟轮询的"
                "行数快照（应用运行时自动轮询）。导入或轮询几晚后再来；误差要 15 晚以上才能测量。"
            ),
            (self.tr("导入波次"), lambda: self.go_to("waves")),
        )

    # --- loading --------------------------------------------------------------------------------

    def live_version(self) -> None:
        return None  # the forecast is made at 15:00 or on demand, not with every scan

    def delivery_date(self) -> date:
        return day_of(self.delivery.date())

    def refresh(self) -> None:
        super().refresh()
        store, settings, day, now = (
            self.ctx.store,
            self.ctx.settings,
            self.delivery_date(),
            self.clock(),
        )
        self.load("forecast", lambda: load_forecast(store, settings, day, now), self._loaded)

    def _loaded(self, data: ForecastData) -> None:
        if data.delivery != self.delivery_date():
            return
        self.data = data
        self._show()

    def forecast_now(self) -> None:
        """Poll the platform once (if configured), make the forecast and keep it."""
        store, settings, link = self.ctx.store, self.ctx.settings, self.ctx.platform
        day, now = self.delivery_date(), self.clock()
        self.run_button.setEnabled(False)

        def done(data: ForecastData) -> None:
            self.run_button.setEnabled(True)
            self._loaded(data)
            self._stamp()
            if data.report is None:
                self.show_error(self.tr("还没有可供预测的历史，未生成预测"))
                return
            f = data.report.forecast
            self.show_info(
                self.tr("已预测并保存：{0} 行（{1}–{2}）").format(
                    f.rounded, round(f.low), round(f.high)
                )
            )

        def work() -> ForecastData:
            return load_forecast(store, settings, day, now, link=link, save=True)

        self.act(work, done)

    def failed(self, exc: BaseException) -> bool:
        self.run_button.setEnabled(True)
        return super().failed(exc)

    # --- local events ---------------------------------------------------------------------------

    def ask_event(self) -> tuple[date, str, float | None, str] | None:
        """The event to add (a method, so tests answer it without a dialog)."""
        night = self.data.report.inputs.day if self.data and self.data.report else None
        dialog = EventDialog(night or self.delivery_date() - timedelta(days=1), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.event_values()

    def add_event(self) -> None:
        if self.supervisor() is None:
            return
        answer = self.ask_event()
        if answer is None:
            return
        day, name, factor, note = answer
        store, now = self.ctx.store, self.clock()

        def done(row: EventRow) -> None:
            self.show_info(self.tr("已添加事件：{0} {1}").format(row.day, row.name))
            self.refresh()

        self.act(lambda: add_event(store, day, name, factor=factor, note=note, now=now), done)

    def remove_selected_event(self) -> None:
        if self.supervisor() is None:
            return
        row = selected_row(self.event_panel.view)
        if row is None:
            self.show_error(self.tr("请先在列表中选择一个事件"))
            return
        store, day = self.ctx.store, row.day

        def done(_result: None) -> None:
            self.show_info(self.tr("已删除 {0} 的事件").format(day))
            self.refresh()

        self.act(lambda: remove_event(store, day), done)
