"""The trends screen's charts (QtCharts), one per view, each over the periods shown (nights or
ISO weeks) on a category axis: the timeline's stages as lines at the hub's clock time, losses as
bars worst first (this period beside the one before), missorts caught and escaped per 10,000
units, puts per hour per worker, and each route's dispatch against its departure (late in red).

Every chart is a `TrendChart`: `show_*` replaces its series; `series_names()` and `values(name)`
say what it shows (for tests and the screenshots).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCharts import (
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QColor

from sorter_app.ui.widgets.chart_view import ChartView, pen
from sorter_app.ui.widgets.palette import COLOURS, Tone

BARS_SHOWN = 12  # losses: the worst this many categories or suppliers
WORKERS_SHOWN = 8  # productivity: the workers with most puts, besides the hub's line
# Okabe–Ito colours for several lines (the palette's tones are for states).
LINE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
_DAY0 = QDate(2000, 1, 3)  # the timeline's clock axis: any day will do, the date is not shown


@dataclass(frozen=True)
class StagePoint:
    """One stage of one period: the hub's clock time it was reached (None: not reached)."""

    period: str
    at: datetime | None  # naive, the hub's wall clock (the cutoff's date is day 0)


class TrendChart(ChartView):
    def values(self, name: str) -> list[float]:
        """The y values (or bar values) of the series or bar set called `name`."""
        for series in self.chart_.series():
            if isinstance(series, QXYSeries) and series.name() == name:
                return [p.y() for p in series.points()]
            if isinstance(series, QBarSeries):
                for bars in series.barSets():
                    if bars.label() == name:
                        return [bars.at(i) for i in range(bars.count())]
        raise KeyError(name)

    def bar_names(self) -> list[str]:
        return [
            bars.label()
            for series in self.chart_.series()
            if isinstance(series, QBarSeries)
            for bars in series.barSets()
        ]

    def categories(self) -> list[str]:
        axes = self.chart_.axes(Qt.Orientation.Horizontal)
        if not axes:
            return []
        axis = axes[0]
        if isinstance(axis, QBarCategoryAxis):
            return list(axis.categories())
        if isinstance(axis, QCategoryAxis):
            return list(axis.categoriesLabels())
        return []

    # --- building blocks ------------------------------------------------------------------------

    def _period_axis(self, periods: Sequence[str]) -> QCategoryAxis:
        """Periods at x = 0, 1, 2 …, labelled on their value."""
        x = QCategoryAxis()
        x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for i, period in enumerate(periods):
            x.append(_short(period), i)
        x.setRange(-0.5, len(periods) - 0.5)
        x.setLabelsAngle(-45 if len(periods) > 10 else 0)
        return x

    def _attach(self, series: QAbstractSeries, x: object, y: object) -> None:
        self.chart_.addSeries(series)
        series.attachAxis(x)  # type: ignore[arg-type]
        series.attachAxis(y)  # type: ignore[arg-type]

    def _value_axis(self, top: float, fmt: str = "%.0f", title: str = "") -> QValueAxis:
        y = QValueAxis()
        y.setRange(0, top * 1.15 if top > 0 else 1)
        y.applyNiceNumbers()  # ticks at round values
        y.setLabelFormat(fmt)
        y.setTitleText(title)
        return y


def _short(period: str) -> str:
    """`2026-11-27` → `11-27`: the year says nothing on a few weeks' axis (weeks stay whole)."""
    return period[5:] if len(period) == 10 else period


def day_of(edit_date: QDate) -> date:
    """A date edit's date as a Python date."""
    return date(edit_date.year(), edit_date.month(), edit_date.day())


def clock_msecs(at: datetime) -> float:
    """A naive hub wall-clock time placed on the clock axis (day 0 is the cutoff's date)."""
    day = _DAY0.addDays((at.date() - datetime(2000, 1, 1).date()).days)
    return float(QDateTime(day, QTime(at.hour, at.minute, at.second)).toMSecsSinceEpoch())


def stage_clock(cutoff: time, minutes: float | None) -> datetime | None:
    """The hub's clock time `minutes` after a cutoff at `cutoff` (day 0 is the cutoff's date)."""
    if minutes is None:
        return None
    return datetime.combine(datetime(2000, 1, 1).date(), cutoff) + timedelta(minutes=minutes)


class TimelineChart(TrendChart):
    """Each stage as a line over the periods, at the hub's clock time it was reached."""

    def show_stages(self, periods: Sequence[str], stages: dict[str, Sequence[StagePoint]]) -> None:
        """`stages`: the stage's shown name → one point per period (in `periods` order)."""
        self.clear()
        self.chart_.setTitle(
            QCoreApplication.translate("TrendCharts", "各节点到达时间（仓库时间）")
        )
        reached = [p.at for points in stages.values() for p in points if p.at is not None]
        if not periods or not reached:
            return
        x = self._period_axis(periods)
        y = QDateTimeAxis()
        y.setFormat("HH:mm")
        # Whole hours from before the first stage to after the last, a tick every hour or two.
        first = min(reached).replace(minute=0, second=0, microsecond=0)
        hours = math.ceil((max(reached) - first) / timedelta(hours=1))
        step = 1 if hours <= 12 else 2
        hours = max(step, math.ceil(hours / step) * step)
        y.setRange(
            QDateTime.fromMSecsSinceEpoch(int(clock_msecs(first))),
            QDateTime.fromMSecsSinceEpoch(int(clock_msecs(first + timedelta(hours=hours)))),
        )
        y.setTickCount(hours // step + 1)
        self.chart_.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for i, (name, points) in enumerate(stages.items()):
            line = QLineSeries()
            line.setName(name)
            line.setPointsVisible(True)
            line.setPen(pen(LINE_COLOURS[i % len(LINE_COLOURS)]))
            for index, point in enumerate(points):
                if point.at is not None:
                    line.append(index, clock_msecs(point.at))
            self._attach(line, x, y)


@dataclass(frozen=True)
class LossBar:
    name: str
    rate: float  # percent
    previous: float | None  # percent, the period before


class LossChart(TrendChart):
    """One period's loss rate by category or supplier, worst first, beside the period before."""

    def show_losses(self, period: str, bars: Sequence[LossBar]) -> None:
        self.clear()
        self.chart_.setTitle(
            QCoreApplication.translate("TrendCharts", "损耗率（%），{0}，最严重在前").format(period)
        )
        shown = list(bars)[:BARS_SHOWN]
        if not shown:
            return
        now = QBarSet(QCoreApplication.translate("TrendCharts", "本期"))
        now.setColor(QColor(COLOURS[Tone.BAD].edge))
        before = QBarSet(QCoreApplication.translate("TrendCharts", "上期"))
        before.setColor(QColor(COLOURS[Tone.NEUTRAL].edge))
        for bar in shown:
            now.append(round(bar.rate, 2))
            before.append(round(bar.previous or 0.0, 2))
        series = QBarSeries()
        series.append(now)
        series.append(before)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        x = QBarCategoryAxis()
        x.append([b.name for b in shown])
        if len(shown) > 6:
            x.setLabelsAngle(-30)
        top = max(max(b.rate, b.previous or 0.0) for b in shown)
        y = self._value_axis(top, "%.1f", QCoreApplication.translate("TrendCharts", "损耗率 %"))
        self.chart_.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        self._attach(series, x, y)


class MissortChart(TrendChart):
    """Caught (wrong crates blocked) and escaped (claims) per 10,000 units put, per period."""

    def show_missorts(
        self, periods: Sequence[str], caught: Sequence[float], escaped: Sequence[float]
    ) -> None:
        self.clear()
        self.chart_.setTitle(
            QCoreApplication.translate("TrendCharts", "错分（每万件）：拦截与漏出")
        )
        if not periods:
            return
        x = self._period_axis(periods)
        y = self._value_axis(
            max([*caught, *escaped, 0.0]),
            "%.1f",
            QCoreApplication.translate("TrendCharts", "每万件"),
        )
        self.chart_.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for name, values, tone in (
            (QCoreApplication.translate("TrendCharts", "拦截（错筐）"), caught, Tone.OK),
            (QCoreApplication.translate("TrendCharts", "漏出（售后错分）"), escaped, Tone.BAD),
        ):
            line = QLineSeries()
            line.setName(name)
            line.setPointsVisible(True)
            line.setPen(pen(COLOURS[tone].edge, 3))
            for i, value in enumerate(values):
                line.append(i, value)
            self._attach(line, x, y)


class ProductivityChart(TrendChart):
    """Puts per hour of each worker (the busiest WORKERS_SHOWN) and of the hub, per period."""

    def show_rates(
        self, periods: Sequence[str], hub_name: str, rates: Mapping[str, Sequence[float | None]]
    ) -> None:
        """`rates`: a worker's shown name (the hub's first, as `hub_name`) → one rate per
        period (None: no puts that period)."""
        self.clear()
        self.chart_.setTitle(QCoreApplication.translate("TrendCharts", "每人每小时放入次数"))
        known = [v for values in rates.values() for v in values if v is not None]
        if not periods or not known:
            return
        x = self._period_axis(periods)
        y = self._value_axis(
            max(known), "%.0f", QCoreApplication.translate("TrendCharts", "放入/小时")
        )
        self.chart_.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for i, (name, values) in enumerate(rates.items()):
            line = QLineSeries()
            line.setName(name)
            line.setPointsVisible(True)
            hub = name == hub_name
            line.setPen(pen("#000000" if hub else LINE_COLOURS[i % 6], 4 if hub else 2))
            for index, value in enumerate(values):
                if value is not None:
                    line.append(index, value)
            self._attach(line, x, y)


@dataclass(frozen=True)
class RoutePoint:
    period_index: int
    route: str
    minutes: float  # dispatch − departure (negative: early); by week, the worst night's lateness
    late: bool


class RouteChart(TrendChart):
    """Each route's dispatch minus its departure, one dot per route and period: on time green,
    late red, against the departure line (0)."""

    def show_routes(self, periods: Sequence[str], points: Sequence[RoutePoint]) -> None:
        self.clear()
        self.chart_.setTitle(
            QCoreApplication.translate("TrendCharts", "实际发车减计划发车（分钟），晚点为红")
        )
        if not periods or not points:
            return
        x = self._period_axis(periods)
        low = min(0.0, *(p.minutes for p in points))
        high = max(0.0, *(p.minutes for p in points))
        y = QValueAxis()
        pad = max(5.0, (high - low) * 0.1)
        y.setRange(low - pad, high + pad)
        y.applyNiceNumbers()
        y.setLabelFormat("%.0f")
        y.setTitleText(QCoreApplication.translate("TrendCharts", "分钟"))
        self.chart_.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        departure = QLineSeries()
        departure.setName(QCoreApplication.translate("TrendCharts", "计划发车"))
        departure.setPen(pen(COLOURS[Tone.NEUTRAL].text, 2, dashed=True))
        departure.append(-0.5, 0)
        departure.append(len(periods) - 0.5, 0)
        self._attach(departure, x, y)
        for name, late, tone in (
            (QCoreApplication.translate("TrendCharts", "准点"), False, Tone.OK),
            (QCoreApplication.translate("TrendCharts", "晚点"), True, Tone.BAD),
        ):
            dots = QScatterSeries()
            dots.setName(name)
            dots.setMarkerSize(11)
            dots.setColor(QColor(COLOURS[tone].edge))
            dots.setBorderColor(QColor(COLOURS[tone].text))
            for p in points:
                if p.late == late:
                    dots.append(p.period_index, p.minutes)
            self._attach(dots, x, y)
