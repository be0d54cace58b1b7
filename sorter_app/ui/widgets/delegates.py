"""How state and progress cells are painted: a rounded chip in the state's tone with its icon and
word, and a bar with "12/40". The words stay the cells' display text (what a screen reader, a
copy and the tests read); the delegates only draw them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sorter_app.ui.widgets.palette import (
    COLOURS,
    PROGRESS_DONE,
    PROGRESS_FILL,
    PROGRESS_TRACK,
    Tone,
)
from sorter_app.ui.widgets.rows import CHIP_ROLE, PROGRESS_ROLE, Progress

Index = QModelIndex | QPersistentModelIndex
PAD_X = 8  # inside a chip, left and right
MARGIN = 3  # between a chip or bar and the cell's edge


def _background(painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
    """The cell's own background (selection, alternate rows) as the style draws it."""
    opt = QStyleOptionViewItem(option)
    opt.text = ""
    widget = option.widget
    style = widget.style() if widget is not None else QApplication.style()
    style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)


def chip_text(index: Index) -> str:
    chip = index.data(CHIP_ROLE)
    word = index.data(Qt.ItemDataRole.DisplayRole) or ""
    return f"{chip[1]} {word}" if chip else str(word)


class ChipDelegate(QStyledItemDelegate):
    """Chips are drawn once per (text, tone, font, size) into a pixmap and then copied: a repaint
    during a batch print makes each call into Qt wait for the sender's GIL, and one copy is a
    dozen fewer calls than drawing the chip again."""

    CACHE_LIMIT = 512

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pixmaps: dict[tuple[object, ...], QPixmap] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        chip = index.data(CHIP_ROLE)
        if not chip:
            super().paint(painter, option, index)
            return
        _background(painter, option, index)
        rect: QRect = option.rect
        pixmap = self._chip(chip[0], chip_text(index), option, rect)
        ratio = pixmap.devicePixelRatio() or 1.0
        painter.drawPixmap(
            rect.left() + MARGIN,
            rect.top() + int((rect.height() - pixmap.height() / ratio) / 2),
            pixmap,
        )

    def _chip(self, tone: Tone, text: str, option: QStyleOptionViewItem, rect: QRect) -> QPixmap:
        font = option.font
        ratio = option.widget.devicePixelRatioF() if option.widget is not None else 1.0
        key = (tone, text, font.key(), rect.width(), rect.height(), ratio)
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            return pixmap
        metrics = option.fontMetrics
        width = max(min(metrics.horizontalAdvance(text) + 2 * PAD_X, rect.width() - 2 * MARGIN), 1)
        height = max(min(metrics.height() + 6, rect.height() - 2 * MARGIN), 1)
        pixmap = QPixmap(int(width * ratio), int(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        colours = COLOURS[tone]
        chip = QPainter(pixmap)
        chip.setRenderHint(QPainter.RenderHint.Antialiasing)
        chip.setPen(QPen(QColor(colours.edge), 1))
        chip.setBrush(QColor(colours.fill))
        box = QRectF(0.5, 0.5, width - 1, height - 1)
        chip.drawRoundedRect(box, (height - 1) / 2, (height - 1) / 2)
        chip.setPen(QColor(colours.text))
        chip.setFont(font)
        chip.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        chip.end()
        if len(self._pixmaps) >= self.CACHE_LIMIT:
            self._pixmaps.clear()
        self._pixmaps[key] = pixmap
        return pixmap

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance(chip_text(index)) + 2 * PAD_X + 2 * MARGIN
        return QSize(max(size.width(), width), max(size.height(), metrics.height() + 12))


class ProgressDelegate(QStyledItemDelegate):
    BAR_WIDTH = 90

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        progress = index.data(PROGRESS_ROLE)
        if not isinstance(progress, Progress):
            super().paint(painter, option, index)
            return
        _background(painter, option, index)
        rect: QRect = option.rect
        metrics = option.fontMetrics
        text = str(progress)
        text_width = metrics.horizontalAdvance(text)
        bar_width = max(rect.width() - text_width - 3 * MARGIN - 4, 0)
        bar_height = max(min(10, rect.height() - 2 * MARGIN), 2)
        bar = QRectF(
            rect.left() + MARGIN,
            rect.top() + (rect.height() - bar_height) / 2,
            bar_width,
            bar_height,
        )
        done = progress.whole > 0 and progress.part >= progress.whole
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PROGRESS_TRACK))
        painter.drawRoundedRect(bar, bar_height / 2, bar_height / 2)
        filled = QRectF(bar)
        filled.setWidth(bar.width() * min(progress.ratio, 1.0))
        painter.setBrush(QColor(PROGRESS_DONE if done else PROGRESS_FILL))
        if filled.width() > 0:
            painter.drawRoundedRect(filled, bar_height / 2, bar_height / 2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.setPen(palette.highlightedText().color() if selected else palette.text().color())
        painter.setFont(option.font)
        text_rect = QRect(rect)
        text_rect.setRight(rect.right() - MARGIN)
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), size.width() + self.BAR_WIDTH), size.height())
