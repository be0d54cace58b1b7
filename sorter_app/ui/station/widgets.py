"""The station screen's parts: the state shape, the last-scans list and the progress strip."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.decisions import Level
from sorter_app.ui.station.presentation import GLYPHS, IDLE, PALETTES


class StateIcon(QWidget):
    """A shape per level, so the state reads without colour: circle with an arrow (next), circle
    with a tick (done), triangle with "!" (check), octagon with a cross (stop), card (badge)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = IDLE
        self.setMinimumSize(QSize(120, 120))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_level(self, level: str) -> None:
        self.level = level
        self.update()

    def paintEvent(self, event: QEvent) -> None:
        palette = PALETTES[self.level]
        side = min(self.width(), self.height()) * 0.92
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(palette.foreground)
        mark = QColor(palette.background)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        stroke = QPen(mark, side * 0.11, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        stroke.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if self.level == Level.CONFIRM.value:
            painter.drawEllipse(box)
            painter.setPen(stroke)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(
                QPolygonF([_at(box, 0.26, 0.53), _at(box, 0.43, 0.70), _at(box, 0.75, 0.34)])
            )
        elif self.level == Level.WARNING.value:
            painter.drawPolygon(
                QPolygonF([_at(box, 0.5, 0.04), _at(box, 0.98, 0.92), _at(box, 0.02, 0.92)])
            )
            painter.setPen(stroke)
            painter.drawLine(_at(box, 0.5, 0.36), _at(box, 0.5, 0.62))
            painter.drawPoint(_at(box, 0.5, 0.79))
        elif self.level == Level.INTERCEPT.value:
            painter.drawPolygon(_octagon(box))
            painter.setPen(stroke)
            painter.drawLine(_at(box, 0.32, 0.32), _at(box, 0.68, 0.68))
            painter.drawLine(_at(box, 0.68, 0.32), _at(box, 0.32, 0.68))
        elif self.level == Level.PROMPT.value:
            painter.drawEllipse(box)
            painter.setPen(stroke)
            painter.drawLine(_at(box, 0.25, 0.5), _at(box, 0.72, 0.5))
            painter.drawPolyline(
                QPolygonF([_at(box, 0.52, 0.30), _at(box, 0.74, 0.5), _at(box, 0.52, 0.70)])
            )
        else:  # a badge card with a barcode: "scan your badge"
            card = QRectF(box.x(), box.y() + side * 0.18, side, side * 0.64)
            painter.drawRoundedRect(card, side * 0.06, side * 0.06)
            painter.setBrush(mark)
            x = card.x() + side * 0.12
            for i, width in enumerate((3, 1, 2, 1, 3, 2, 1, 1, 3, 1, 2, 2, 1, 3)):
                w = side * 0.026 * width
                if i % 2 == 0:
                    painter.drawRect(QRectF(x, card.y() + side * 0.14, w, side * 0.36))
                x += w
        painter.end()


def _at(box: QRectF, fx: float, fy: float) -> QPointF:
    return QPointF(box.x() + box.width() * fx, box.y() + box.height() * fy)


def _octagon(box: QRectF) -> QPolygonF:
    cx, cy, r = box.center().x(), box.center().y(), box.width() / 2
    return QPolygonF(
        [
            QPointF(
                cx + r * math.cos(math.radians(22.5 + 45 * i)),
                cy + r * math.sin(math.radians(22.5 + 45 * i)),
            )
            for i in range(8)
        ]
    )


@dataclass(frozen=True)
class ScanLine:
    at: datetime
    level: str
    text: str  # what happened, in the language at the time it is drawn


class LastScans(QFrame):
    """The last few answers, newest first, each with its level glyph."""

    ROWS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        layout.addWidget(self.title)
        self.rows: list[QLabel] = []
        for i in range(self.ROWS):
            row = QLabel(self)
            row.setObjectName(f"data_scan_row_{i}")  # holds names from the wave
            row.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(row)
            self.rows.append(row)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("最近扫描"))

    def show_lines(self, lines: list[ScanLine]) -> None:
        for row, line in zip(self.rows, [*lines, *[None] * self.ROWS], strict=False):
            if line is None:
                row.setText("")
                row.setStyleSheet("")
                continue
            row.setText(f"{line.at:%H:%M:%S}  {GLYPHS[line.level]}  {line.text}")
            row.setStyleSheet(f"color: {_ROW_COLOURS[line.level]};")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# Darker tints than the panel colours: they sit on the light card.
_ROW_COLOURS = {
    IDLE: "#37474F",
    Level.PROMPT.value: "#0D47A1",
    Level.CONFIRM.value: "#1B5E20",
    Level.WARNING.value: "#8A5A00",
    Level.INTERCEPT.value: "#B71C1C",
}


class ProgressStrip(QFrame):
    """This SKU's and the wave's units put of units due."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        grid = QGridLayout(self)
        grid.setContentsMargins(16, 10, 16, 10)
        grid.setHorizontalSpacing(12)
        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        grid.addWidget(self.title, 0, 0, 1, 3)
        self.sku_caption = QLabel(self)
        self.sku_name = QLabel(self)
        self.sku_name.setObjectName("data_progress_sku")
        self.sku_bar = _bar(self)
        self.sku_numbers = QLabel(self)
        self.wave_caption = QLabel(self)
        self.wave_bar = _bar(self)
        self.wave_numbers = QLabel(self)
        grid.addWidget(self.sku_caption, 1, 0)
        grid.addWidget(self.sku_name, 1, 1, 1, 2)
        grid.addWidget(self.sku_bar, 2, 0, 1, 2)
        grid.addWidget(self.sku_numbers, 2, 2)
        grid.addWidget(self.wave_caption, 3, 0, 1, 3)
        grid.addWidget(self.wave_bar, 4, 0, 1, 2)
        grid.addWidget(self.wave_numbers, 4, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(5, 1)
        self._sku: tuple[str, int, int] | None = None
        self._wave: tuple[int, int, float] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("进度"))
        self.sku_caption.setText(self.tr("本商品"))
        self.wave_caption.setText(self.tr("本波次"))
        self._render()

    def show_sku(self, name: str, put: int, due: int) -> None:
        self._sku = (name, put, due)
        self._render()

    def show_wave(self, put: int, due: int, percent: float) -> None:
        self._wave = (put, due, percent)
        self._render()

    def clear_sku(self) -> None:
        self._sku = None
        self._render()

    def _render(self) -> None:
        if self._sku is None:
            self.sku_name.setText("")
            self.sku_bar.setValue(0)
            self.sku_numbers.setText(self.tr("—"))
        else:
            name, put, due = self._sku
            self.sku_name.setText(name)
            self.sku_bar.setValue(_permille(put, due))
            self.sku_numbers.setText(self.tr("{put} / {due} 件").format(put=put, due=due))
        if self._wave is None:
            self.wave_bar.setValue(0)
            self.wave_numbers.setText(self.tr("—"))
        else:
            put, due, percent = self._wave
            self.wave_bar.setValue(_permille(put, due))
            self.wave_numbers.setText(
                self.tr("{put} / {due} 件（{percent}%）").format(
                    put=put, due=due, percent=f"{percent:.0f}"
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _bar(parent: QWidget) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setRange(0, 1000)
    bar.setTextVisible(False)
    bar.setFixedHeight(22)
    return bar


def _permille(put: int, due: int) -> int:
    return 1000 if due <= 0 else max(0, min(1000, round(1000 * put / due)))


@dataclass(frozen=True)
class StopMissing:
    """One stop of the chosen route with crates still to load."""

    stop_seq: int
    community_name: str
    missing: int
    expected: int


class LoadList(QFrame):
    """In load mode: the chosen route and, per stop, the crates still missing from the truck."""

    ROWS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        layout.addWidget(self.title)
        self.rows: list[QLabel] = []
        for i in range(self.ROWS + 1):  # the last row says how many more stops
            row = QLabel(self)
            row.setObjectName(f"data_missing_row_{i}")  # community names from the wave
            row.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(row)
            self.rows.append(row)
        layout.addStretch(1)
        self.route: str | None = None
        self.stops: list[StopMissing] | None = None  # None: not read yet
        self.retranslate()

    def retranslate(self) -> None:
        self._render()

    def show_route(self, route: str | None, stops: list[StopMissing] | None = None) -> None:
        self.route, self.stops = route, stops
        self._render()

    @property
    def missing(self) -> dict[int, int]:
        """Crates still missing per stop number (what the rows show)."""
        return {s.stop_seq: s.missing for s in self.stops or [] if s.missing}

    def _render(self) -> None:
        if self.route is None:
            self.title.setText(self.tr("待装：请选择线路"))
        else:
            total = sum(s.missing for s in self.stops or [])
            self.title.setText(
                self.tr("待装 {route}：还差 {n} 筐").format(route=self.route, n=total)
                if self.stops is not None
                else self.tr("待装 {route}").format(route=self.route)
            )
        missing = [s for s in self.stops or [] if s.missing]
        texts = [
            self.tr("{stop} 号站 {name}：缺 {missing} / {expected} 筐").format(
                stop=s.stop_seq, name=s.community_name, missing=s.missing, expected=s.expected
            )
            for s in missing[: self.ROWS]
        ]
        if len(missing) > self.ROWS:
            texts.append(self.tr("……还有 {n} 个站").format(n=len(missing) - self.ROWS))
        elif self.route is not None and self.stops is not None and not missing:
            texts.append(self.tr("全部装齐"))
        for row, text in zip(self.rows, [*texts, *[""] * len(self.rows)], strict=False):
            row.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
