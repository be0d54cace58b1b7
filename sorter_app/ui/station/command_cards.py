"""Command cards and badge cards: printed sheets of Code128 barcodes a worker scans instead of
touching the screen (CMD-CANCEL, CMD-UNDO ...), each worker's badge (BADGE-W01), and the current
wave's route cards (ROUTE-R01: at a loading station they choose the truck's route).

The sheet is drawn with QPainter onto any paint device: the preview image, a printer, a PDF.
Printing and PDF export paint in the background through `ctx.ops` (QPainter may paint on
QPrinter/QPdfWriter/QImage outside the GUI thread). Bars are whole device pixels wide: a scaled
or smoothed barcode does not scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from barcode import Code128  # type: ignore[import-untyped]
from PySide6.QtCore import QCoreApplication, QEvent, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.barcodes import Command, route_card_text
from sorter_app.services.people.roster import Person, add_person, list_people
from sorter_app.services.views.lookup_views import RouteListing, route_listing
from sorter_app.ui.context import UiContext

translate = QCoreApplication.translate


@dataclass(frozen=True)
class Card:
    title: str  # big, in the screen's language
    subtitle: str  # what it does, or the worker's code
    code: str  # what the barcode carries


QUANTITY_CARDS = (5, 10, 20)


def command_cards() -> list[Card]:
    """One card per command the engine knows, in the order workers need them most."""
    texts = {
        Command.CANCEL: (
            translate("Cards", "取消"),
            translate("Cards", "放弃当前目标，重新扫商品"),
        ),
        Command.UNDO: (
            translate("Cards", "撤销"),
            translate("Cards", "撤回上一次放货"),
        ),
        Command.CRATE_FULL: (
            translate("Cards", "筐满换筐"),
            translate("Cards", "当前筐已满，开一个新筐"),
        ),
        Command.DAMAGED: (
            translate("Cards", "破损登记"),
            translate("Cards", "先扫此卡，再扫破损商品"),
        ),
        Command.LOGOUT: (
            translate("Cards", "退出登录"),
            translate("Cards", "下班或换人时扫描"),
        ),
    }
    cards = [Card(title, subtitle, command.value) for command, (title, subtitle) in texts.items()]
    # Receiving counts: scan one of these, then the product (docs/scanning.md).
    for n in QUANTITY_CARDS:
        cards.append(
            Card(
                translate("Cards", "数量 {n}").format(n=n),
                translate("Cards", "收货：先扫此卡，再扫商品，记 {n} 件").format(n=n),
                f"{Command.QTY.value}-{n}",
            )
        )
    cards.append(
        Card(
            translate("Cards", "输入数量"),
            translate("Cards", "收货：扫此卡，键盘输入数量按回车，再扫商品"),
            Command.QTY.value,
        )
    )
    return cards


def badge_cards(people: Sequence[Person]) -> list[Card]:
    return [Card(person.name, person.code, person.badge) for person in people]


def route_cards(routes: Sequence[RouteListing]) -> list[Card]:
    """One card per route: scanned at a loading station, it chooses the route (docs/scanning.md)."""
    return [
        Card(r.route_name or r.route_id, r.route_id, route_card_text(r.route_id)) for r in routes
    ]


# --- drawing ---------------------------------------------------------------------------------

COLUMNS, ROWS = 2, 4  # cards per A4 page: 2 x 4, about 90 x 60 mm each


def draw_page(painter: QPainter, page: QRectF, cards: Sequence[Card]) -> None:
    """Up to COLUMNS x ROWS cards on one page; `page` is in device pixels."""
    painter.fillRect(page, QColor("white"))
    cell_w, cell_h = page.width() / COLUMNS, page.height() / ROWS
    for i, card in enumerate(cards[: COLUMNS * ROWS]):
        x = page.x() + (i % COLUMNS) * cell_w
        y = page.y() + (i // COLUMNS) * cell_h
        margin = cell_w * 0.05
        draw_card(
            painter, QRectF(x + margin, y + margin, cell_w - 2 * margin, cell_h - 2 * margin), card
        )


def draw_card(painter: QPainter, box: QRectF, card: Card) -> None:
    painter.save()
    pen = painter.pen()
    pen.setColor(QColor("#9E9E9E"))
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawRect(box)  # cutting line
    painter.setPen(QColor("black"))
    title = QFont(painter.font())
    title.setBold(True)
    title.setPixelSize(max(8, int(box.height() * 0.16)))
    painter.setFont(title)
    title_box = QRectF(box.x(), box.y() + box.height() * 0.04, box.width(), box.height() * 0.22)
    painter.drawText(title_box, Qt.AlignmentFlag.AlignCenter, card.title)
    small = QFont(title)
    small.setBold(False)
    small.setPixelSize(max(6, int(box.height() * 0.075)))
    painter.setFont(small)
    sub_box = QRectF(box.x(), title_box.bottom(), box.width(), box.height() * 0.11)
    painter.drawText(sub_box, Qt.AlignmentFlag.AlignCenter, card.subtitle)
    bars_box = QRectF(
        box.x() + box.width() * 0.06,
        sub_box.bottom() + box.height() * 0.04,
        box.width() * 0.88,
        box.height() * 0.36,
    )
    draw_code128(painter, bars_box, card.code)
    painter.setFont(small)
    code_box = QRectF(box.x(), bars_box.bottom(), box.width(), box.height() * 0.13)
    painter.drawText(code_box, Qt.AlignmentFlag.AlignCenter, card.code)
    painter.restore()


def draw_code128(painter: QPainter, box: QRectF, data: str) -> None:
    """Code128 bars centred in `box`, each module a whole number of device pixels wide."""
    modules = Code128(data).build()[0]
    quiet = 10  # modules of white on each side
    module = max(1, int(box.width() // (len(modules) + 2 * quiet)))
    width = module * len(modules)
    x = int(box.x() + (box.width() - width) / 2)
    top, height = int(box.y()), int(box.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for i, bit in enumerate(modules):
        if bit == "1":
            painter.fillRect(x + i * module, top, module, height, QColor("black"))
    painter.restore()


def pages(cards: Sequence[Card]) -> list[list[Card]]:
    per_page = COLUMNS * ROWS
    return [list(cards[i : i + per_page]) for i in range(0, len(cards), per_page)] or [[]]


def paint_document(device: QPagedPaintDevice, cards: Sequence[Card]) -> int:
    """Paint every page onto a printer or PDF writer; returns the page count."""
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(10, 10, 10, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(device)
    try:
        all_pages = pages(cards)
        for n, page_cards in enumerate(all_pages):
            if n:
                device.newPage()
            rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
            draw_page(painter, QRectF(0, 0, rect.width(), rect.height()), page_cards)
    finally:
        painter.end()
    return len(all_pages)


def preview_image(cards: Sequence[Card], width: int = 794) -> QImage:
    """The first page at screen resolution (A4 at 96 dpi is 794 px wide)."""
    size = QSizeF(width, width * 297 / 210)
    image = QImage(int(size.width()), int(size.height()), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        draw_page(painter, QRectF(0, 0, size.width(), size.height()), pages(cards)[0])
    finally:
        painter.end()
    return image


def write_pdf(path: Path, cards: Sequence[Card]) -> int:
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle("Hub Sorter cards")
    return paint_document(writer, cards)


# --- the screen -------------------------------------------------------------------------------


class CardsScreen(QWidget):
    """Preview and print the command cards, and the badges (with adding a worker)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.people: list[Person] = []
        self.routes: list[RouteListing] = []
        self.tabs = QTabWidget(self)
        self.commands_page, self.commands_preview = self._sheet_page()
        self.badges_page, self.badges_preview = self._sheet_page()
        badges_layout = self.badges_page.layout()
        assert isinstance(badges_layout, QVBoxLayout)
        badges_layout.insertWidget(0, self._add_form())
        self.tabs.addTab(self.commands_page, "")
        self.tabs.addTab(self.badges_page, "")
        self.routes_page, self.routes_preview = self._sheet_page()
        self.tabs.addTab(self.routes_page, "")
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.status = QLabel(self)
        self.status.setObjectName("data_status")
        self.print_button = QPushButton(self)
        self.pdf_button = QPushButton(self)
        self.print_button.clicked.connect(self.print_cards)
        self.pdf_button.clicked.connect(self.export_pdf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        ctx.events.people_changed.connect(self.load_people)
        ctx.events.wave_selected.connect(self.load_routes)
        ctx.events.language_changed.connect(lambda _: self._refresh_previews())
        self.tabs.currentChanged.connect(lambda _: self._refresh_previews())
        self.retranslate()
        self.load_people()
        self.load_routes()

    def _sheet_page(self) -> tuple[QWidget, QLabel]:
        page = QWidget(self)
        column = QVBoxLayout(page)
        preview = QLabel(page)
        preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(page)
        scroll.setWidget(preview)
        scroll.setWidgetResizable(True)
        column.addWidget(scroll, 1)
        return page, preview

    def _add_form(self) -> QWidget:
        box = QWidget(self)
        form = QFormLayout(box)
        self.new_code = QLineEdit(box)
        self.new_code.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.new_name = QLineEdit(box)
        self.new_role = QComboBox(box)
        self.new_pin = QLineEdit(box)
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(box)
        self.add_button.clicked.connect(self.add_worker)
        self.form_labels = [QLabel(box) for _ in range(4)]
        for label, field in zip(
            self.form_labels,
            (self.new_code, self.new_name, self.new_role, self.new_pin),
            strict=True,
        ):
            form.addRow(label, field)
        form.addRow(self.add_button)
        return box

    def retranslate(self) -> None:
        self.heading.setText(self.tr("操作卡与工牌"))
        self.tabs.setTabText(0, self.tr("操作卡"))
        self.tabs.setTabText(1, self.tr("工牌"))
        self.tabs.setTabText(2, self.tr("线路卡"))
        self.print_button.setText(self.tr("打印…"))
        self.pdf_button.setText(self.tr("导出 PDF…"))
        for label, text in zip(
            self.form_labels,
            (self.tr("工号"), self.tr("姓名"), self.tr("角色"), self.tr("密码（班组长）")),
            strict=True,
        ):
            label.setText(text)
        role = self.new_role.currentIndex()
        self.new_role.clear()
        self.new_role.addItem(self.tr("分拣员"), "worker")
        self.new_role.addItem(self.tr("班组长"), "supervisor")
        self.new_role.setCurrentIndex(max(0, role))
        self.add_button.setText(self.tr("添加人员"))
        self._refresh_previews()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def current_cards(self) -> list[Card]:
        index = self.tabs.currentIndex()
        if index == 2:
            return route_cards(self.routes)
        return command_cards() if index == 0 else badge_cards(self.people)

    def load_people(self) -> None:
        store = self.ctx.store
        self.ctx.ops.run(lambda report: list_people(store), on_success=self._people_loaded)

    def load_routes(self, wave_id: str | None = None) -> None:
        """The wave's routes (the current one by default), for their cards; none without a wave."""
        store, wave_id = self.ctx.store, wave_id or self.ctx.wave_id

        def work(report: Any) -> list[RouteListing]:
            return route_listing(store, wave_id) if wave_id else []

        self.ctx.ops.run(work, on_success=self._routes_loaded)

    def _routes_loaded(self, routes: list[RouteListing]) -> None:
        self.routes = routes
        self._refresh_previews()

    def _people_loaded(self, people: list[Person]) -> None:
        self.people = people
        self._refresh_previews()

    def _refresh_previews(self) -> None:
        for preview, cards in (
            (self.commands_preview, command_cards()),
            (self.badges_preview, badge_cards(self.people)),
            (self.routes_preview, route_cards(self.routes)),
        ):
            preview.setPixmap(QPixmap.fromImage(preview_image(cards)))

    def add_worker(self) -> None:
        code, name = self.new_code.text().strip(), self.new_name.text().strip()
        role, pin = self.new_role.currentData(), self.new_pin.text() or None
        store = self.ctx.store

        def added(person: Person) -> None:
            self.status.setText(
                self.tr("已添加 {name}（{code}）").format(name=person.name, code=person.code)
            )
            for field in (self.new_code, self.new_name, self.new_pin):
                field.clear()
            self.ctx.events.people_changed.emit()

        self.ctx.ops.run(lambda report: add_person(store, code, name, role, pin), on_success=added)

    def export_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出 PDF"), "cards.pdf", "PDF (*.pdf)")
        if name:
            self.save_pdf(Path(name))

    def save_pdf(self, path: Path) -> None:
        cards = self.current_cards()
        self.status.setText(self.tr("正在生成…"))
        self.ctx.ops.run(
            lambda report: write_pdf(path, cards),
            on_success=lambda count: self.status.setText(
                self.tr("已保存 {path}（{pages} 页）").format(path=path, pages=count)
            ),
        )

    def print_cards(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        cards = self.current_cards()
        self.status.setText(self.tr("正在打印…"))
        self._printer: Any = printer  # alive until the background job has painted
        self.ctx.ops.run(
            lambda report: paint_document(printer, cards),
            on_success=lambda count: self.status.setText(
                self.tr("已发送打印（{pages} 页）").format(pages=count)
            ),
        )
