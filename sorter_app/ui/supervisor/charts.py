"""The dashboard's charts (QtCharts, PySide6-Addons): units sorted over the night as a share of
what is due — the whole wave and the routes that most need a look — against the due line
(100 %), and the wrong-crate rate per worker as bars.

Shares, not units: a route of 400 units and the whole wave's 60,000 read on one axis, and the
due line is the same for all of them.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from sorter_app.domain.route_risk import RouteState
from sorter_app.services.views.route_board import ProgressSeries, RouteBoard, WorkerRate
from sorter_app.ui.widgets.chart_view import ChartView, pen
from sorter_app.ui.widgets.palette import COLOURS, Tone

ROUTES_SHOWN = 4  # besides the whole wave: the routes late or at risk first, then the slowest
WORKERS_SHOWN = 15  # the highest wrong-crate rates
_URGENT = {RouteState.LATE: 0, RouteState.AT_RISK: 1}


def routes_to_chart(board: RouteBoard) -> list[ProgressSeries]:
    """The whole wave, then up to ROUTES_SHOWN routes: late, at risk, then least done."""
    cards = {c.route_id: c for c in board.routes}
    whole = [s for s in board.progress if s.key == ""]
    routes = [s for s in board.progress if s.key in cards]
    routes.sort(
        key=lambda s: (
            _URGENT.get(cards[s.key].state, 2),
            cards[s.key].facts.units_sorted / s.due if s.due else 1,
        )
    )
    return whole + routes[:ROUTES_SHOWN]


def _msecs(moment: datetime, zone: ZoneInfo) -> int:
    """The hub's wall-clock time as the axis shows it: QDateTimeAxis labels in this PC's zone,
    so the hub's hour and minute are placed at that wall time here."""
    at = moment.astimezone(zone)
    shown = QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute, at.second))
    return int(shown.toMSecsSinceEpoch())


class ProgressChart(ChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, min_height=280)
        self.retranslate()

    def retranslate(self) -> None:
        self.chart_.setTitle(
            QCoreApplication.translate("Charts", "已分占应分（%）：全部与重点线路")
        )

    def show_board(self, board: RouteBoard, zone: ZoneInfo) -> None:
        chart = self.chart_
        self.clear()
        shown = routes_to_chart(board)
        if not shown or not shown[0].points:
            return
        x = QDateTimeAxis()
        x.setFormat("HH:mm")
        x.setTitleText(QCoreApplication.translate("Charts", "时间"))
        y = QValueAxis()
        y.setRange(0, 110)
        y.setTickCount(12)  # every 10 %
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        first, last = shown[0].points[0][0], shown[0].points[-1][0]
        due = QLineSeries()
        due.setName(QCoreApplication.translate("Charts", "应分（100%）"))
        due.append(_msecs(first, zone), 100)
        due.append(_msecs(last, zone), 100)
        due.setPen(pen(COLOURS[Tone.BAD].edge, 2, dashed=True))
        for series in (due, *(self._line(s, zone) for s in shown)):
            chart.addSeries(series)
            series.attachAxis(x)
            series.attachAxis(y)
        x.setRange(
            QDateTime.fromMSecsSinceEpoch(_msecs(first, zone)),
            QDateTime.fromMSecsSinceEpoch(_msecs(last, zone)),
        )

    def _line(self, series: ProgressSeries, zone: ZoneInfo) -> QLineSeries:
        line = QLineSeries()
        line.setName(series.key or QCoreApplication.translate("Charts", "全部"))
        for at, units in series.points:
            line.append(_msecs(at, zone), 100 * units / series.due if series.due else 0)
        if not series.key:
            thick = line.pen()
            thick.setWidth(4)
            line.setPen(thick)
        return line


class WorkerChart(ChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, min_height=240, legend=False)
        self.bars: QBarSet | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.chart_.setTitle(QCoreApplication.translate("Charts", "各员工错筐率（每万件）"))

    def show_workers(self, workers: list[WorkerRate]) -> None:
        chart = self.chart_
        self.clear()
        self.bars = None
        ranked = sorted((w for w in workers if w.units), key=lambda w: -w.per_10k)
        ranked = ranked[:WORKERS_SHOWN]
        if not ranked:
            return
        bars = QBarSet(QCoreApplication.translate("Charts", "错筐率（每万件）"))
        bars.setColor(QColor(COLOURS[Tone.WARN].edge))
        for worker in ranked:
            bars.append(round(worker.per_10k, 1))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append([w.name or w.worker or "—" for w in ranked])
        y = QValueAxis()
        y.setRange(0, max(w.per_10k for w in ranked) * 1.2 or 1)
        y.setLabelFormat("%.0f")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.bars = bars

    def categories(self) -> list[str]:
        axes = self.chart_.axes(Qt.Orientation.Horizontal)
        return list(axes[0].categories()) if axes else []  # type: ignore[attr-defined]
