"""What the supervisor screens' charts (QtCharts) share: a view over one chart with the legend
below, cleared before each redraw, and the pens their lines are drawn with. The dashboard's,
the trends' and the forecast's charts build on it."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget


class ChartView(QChartView):
    """A view over `chart_`, antialiased, at least `min_height` px tall."""

    def __init__(
        self, parent: QWidget | None = None, *, min_height: int = 260, legend: bool = True
    ) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_ = QChart()
        if legend:
            self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        else:
            self.chart_.legend().hide()
        self.setChart(self.chart_)
        self.setMinimumHeight(min_height)

    def clear(self) -> None:
        """Remove every series and axis (each redraw builds its own)."""
        chart = self.chart_
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)

    def series_names(self) -> list[str]:
        return [s.name() for s in self.chart_.series()]


def pen(colour: str, width: int = 2, dashed: bool = False) -> QPen:
    line = QPen(QColor(colour))
    line.setWidth(width)
    if dashed:
        line.setStyle(Qt.PenStyle.DashLine)
    return line
