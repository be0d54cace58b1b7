"""The forecast screen's chart: past nights' final line counts against what the 15:00 forecast
said for them (domain/forecast/evaluation.py `backtest` points), with its band shaded, and
tonight's forecast with its band at the end."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QAreaSeries,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from sorter_app.domain.forecast.evaluation import BacktestPoint
from sorter_app.ui.widgets.chart_view import ChartView, pen
from sorter_app.ui.widgets.palette import COLOURS, Tone


def _msecs(day: date) -> float:
    # Noon of the night's date as this PC's clock shows it: the axis labels dates only.
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


class ForecastChart(ChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edges: tuple[QLineSeries, QLineSeries] | None = None

    def show_points(
        self,
        points: Sequence[BacktestPoint],
        tonight: tuple[date, float, float, float] | None,
    ) -> None:
        """Past nights (actual, forecast, band) and `tonight` as (night, lines, low, high)."""
        chart = self.chart_
        self.clear()
        chart.setTitle(
            QCoreApplication.translate("ForecastChart", "预测与实际（订单行数），阴影为预测区间")
        )
        if not points and tonight is None:
            return
        upper, lower = QLineSeries(), QLineSeries()
        actual, forecast = QLineSeries(), QLineSeries()
        for p in points:
            at = _msecs(p.day)
            upper.append(at, p.high)
            lower.append(at, p.low)
            actual.append(at, p.actual)
            forecast.append(at, p.forecast)
        band = QAreaSeries(upper, lower)
        # The area series does not own its edges: without a reference Python frees them while
        # the chart still draws from them.
        self._edges = (upper, lower)
        band.setName(QCoreApplication.translate("ForecastChart", "预测区间"))
        fill = QColor(COLOURS[Tone.INFO].edge)
        fill.setAlpha(50)
        band.setColor(fill)
        band.setBorderColor(fill)
        actual.setName(QCoreApplication.translate("ForecastChart", "实际"))
        actual.setPen(pen("#000000", 3))
        actual.setPointsVisible(True)
        forecast.setName(QCoreApplication.translate("ForecastChart", "15:00 预测"))
        forecast.setPen(pen(COLOURS[Tone.INFO].edge, 2, dashed=True))
        series: list[QXYSeries | QAreaSeries] = [band, actual, forecast]
        values = [v for p in points for v in (p.low, p.high, p.actual)]
        days = [p.day for p in points]
        if tonight is not None:
            night, lines, low, high = tonight
            now = QScatterSeries()
            now.setName(QCoreApplication.translate("ForecastChart", "今晚预测"))
            now.setMarkerSize(14)
            now.setColor(QColor(COLOURS[Tone.WARN].edge))
            now.append(_msecs(night), lines)
            whisker = QLineSeries()
            whisker.setName(QCoreApplication.translate("ForecastChart", "今晚区间"))
            whisker.setPen(pen(COLOURS[Tone.WARN].edge, 4))
            whisker.append(_msecs(night), low)
            whisker.append(_msecs(night), high)
            series += [whisker, now]
            values += [low, high]
            days.append(night)
        x = QDateTimeAxis()
        x.setFormat("MM-dd")
        x.setTickCount(min(8, max(2, len(days))))
        first, last = min(days), max(days)
        x.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_msecs(first) - 43_200_000)),
            QDateTime.fromMSecsSinceEpoch(int(_msecs(last) + 43_200_000)),
        )
        y = QValueAxis()
        y.setRange(min(values) * 0.9, max(values) * 1.05)
        y.applyNiceNumbers()  # ticks at round line counts
        y.setLabelFormat("%.0f")
        y.setTitleText(QCoreApplication.translate("ForecastChart", "行数"))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in series:
            chart.addSeries(s)
            s.attachAxis(x)
            s.attachAxis(y)

    def values(self, name: str) -> list[float]:
        for s in self.chart_.series():
            if s.name() == name:
                if isinstance(s, QAreaSeries):
                    return [p.y() for p in s.upperSeries().points()]
                assert isinstance(s, QXYSeries)
                return [p.y() for p in s.points()]
        raise KeyError(name)
