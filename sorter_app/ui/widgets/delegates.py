"""How state and progress cells are painted: a rounded chip in the state's tone with its icon and
word, and a bar with "12/40". The words stay the cells' display text (what a screen reader, a
copy and the tests read); the delegates only draw them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
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
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        chip = index.data(CHIP_ROLE)
        if not chip:
            super().paint(painter, option, index)
            return
        tone: Tone = chip[0]
        colours = COLOURS[tone]
        text = chip_text(index)
        _background(painter, option, index)
        rect: QRect = option.rect
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 2 * PAD_X, rect.width() - 2 * MARGIN)
        height = min(metrics.height() + 6, rect.height() - 2 * MARGIN)
        box = QRectF(rect.left() + MARGIN, rect.top() + (rect.height() - height) / 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(colours.edge), 1))
        painter.setBrush(QColor(colours.fill))
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(QColor(colours.text))
        painter.setFont(option.font)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

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
