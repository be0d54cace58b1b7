"""The print centre's documents section: choose a document (manifests per community, per route or
the whole wave; the pickup list per community or all; a route's load sheet; the supplier
shortage list; the receiving sheet per supplier or all; the end-of-night summary, 日结), preview
it and save it as PDF.

The preview is the rendered PDF's page drawn as a picture (printers/documents/page_preview.py,
PDFium; QtPdf is not in every PySide6 build), page by page, with a summary of its pages and
sections (one per community, route or supplier). Drawing runs off the main thread like the
rendering. "Open PDF" hands the file to the system's PDF viewer. "Print" queues the PDF as a
document job for the document printer of the settings (`[documents] printer = NAME`), which the
app's print sender sends like any label. The documents come from services/printing/documents.py,
as the CLI's.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from printers.documents.page_preview import PagePicture, page_picture
from printers.file_names import safe_stem
from sorter_app.services.printing import documents
from sorter_app.services.printing.documents import Document, DocumentKind
from sorter_app.services.views.crates_view import CommunityCrates
from sorter_app.services.views.document_data import suppliers
from sorter_app.store.database import Store
from sorter_app.ui.supervisor._base import save_file_dialog

if TYPE_CHECKING:
    from sorter_app.ui.supervisor.print_centre import PrintCentreScreen

KINDS = tuple(DocumentKind)
# The scope of a choice: (what, ID); what is "wave" (everything), "community", "route", "supplier"
Scope = tuple[str, str | None]


class DocumentsBox(QGroupBox):
    def __init__(self, centre: PrintCentreScreen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.centre = centre
        self.communities: list[CommunityCrates] = []
        self._names: dict[Scope, str] = {}
        self.suppliers: list[tuple[str, str]] = []
        self.document: Document | None = None
        self.scope_list: list[Scope] = []  # what the scope list shows, in its order
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.scope = QComboBox()
        self.scope.setMinimumWidth(200)
        self.preview_button = QPushButton()
        self.open_button = QPushButton()
        self.save_button = QPushButton()
        self.print_button = QPushButton()
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(110)
        self.picture: PagePicture | None = None
        self.page_image = QLabel()
        self.page_image.setObjectName("documentPage")
        self.page_image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_image.setStyleSheet("background: white;")
        self.page_area = QScrollArea()
        self.page_area.setWidget(self.page_image)
        self.page_area.setWidgetResizable(True)
        self.previous_page = QPushButton("◀")
        self.next_page = QPushButton("▶")
        self.page_number = QLabel()
        choose = QHBoxLayout()
        choose.addWidget(self.kind)
        choose.addWidget(self.scope, 1)
        choose.addWidget(self.preview_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_page)
        buttons.addWidget(self.page_number)
        buttons.addWidget(self.next_page)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.summary)
        layout.addWidget(self.page_area, 1)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_scopes())
        self.scope.currentIndexChanged.connect(lambda _i: self._forget())
        self.preview_button.clicked.connect(self.preview)
        self.open_button.clicked.connect(self.open_pdf)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.clicked.connect(self.print_document)
        self.previous_page.clicked.connect(lambda: self.show_page(self._page_shown() - 1))
        self.next_page.clicked.connect(lambda: self.show_page(self._page_shown() + 1))
        self._show_page_picture()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("单据"))
        names = {
            DocumentKind.MANIFESTS: self.tr("团长签收单 / 装箱单"),
            DocumentKind.PICKUP_LIST: self.tr("团长分拣单"),
            DocumentKind.LOAD_SHEET: self.tr("装车单"),
            DocumentKind.SUPPLIER_SHORTAGES: self.tr("供应商缺货单"),
            DocumentKind.RECEIVING_SHEET: self.tr("到货核对单"),
            DocumentKind.NIGHT_SUMMARY: self.tr("日结"),
        }
        for i, kind in enumerate(KINDS):
            self.kind.setItemText(i, names[kind])
        self.preview_button.setText(self.tr("预览单据"))
        self.open_button.setText(self.tr("打开 PDF"))
        self.save_button.setText(self.tr("另存为 PDF"))
        self.print_button.setText(self.tr("打印到单据打印机"))
        self._fill_scopes()
        self._show_summary()

    def _scope_text(self, scope: Scope) -> str:
        what, key = scope
        if what == "wave":
            return {
                DocumentKind.MANIFESTS: self.tr("整个波次"),
                DocumentKind.PICKUP_LIST: self.tr("全部社区"),
                DocumentKind.RECEIVING_SHEET: self.tr("全部供应商"),
            }.get(self.current_kind(), self.tr("整个波次"))
        name = self._names.get(scope, "")
        if what == "route":
            return self.tr("线路 {0} {1}").format(key, name)
        return f"{key} {name}"

    # --- choices --------------------------------------------------------------------------------

    def current_kind(self) -> DocumentKind:
        return DocumentKind(self.kind.currentData())

    def current_scope(self) -> Scope | None:
        index = self.scope.currentIndex()
        return self.scope_list[index] if 0 <= index < len(self.scope_list) else None

    def set_communities(self, rows: list[CommunityCrates]) -> None:
        self.communities = rows
        self._name_scopes()
        self._fill_scopes()

    def _name_scopes(self) -> None:
        """Each scope's name, looked up once: a wave of 3,000 communities listed its scopes by
        building the name table again for each one (5.7 s opening the print centre)."""
        self._names = {("route", c.route_id): c.route_name for c in self.communities}
        self._names |= {("community", c.community_id): c.name for c in self.communities}
        self._names |= {("supplier", s): name for s, name in self.suppliers}

    def set_suppliers(self, rows: list[tuple[str, str]]) -> None:
        self.suppliers = rows
        self._name_scopes()
        self._fill_scopes()

    def load_suppliers(self, store: Store, wave_id: str | None) -> None:
        if wave_id is None:
            self.set_suppliers([])
            return
        self.centre.load("suppliers", lambda: suppliers(store, wave_id), self.set_suppliers)

    def scopes(self) -> list[Scope]:
        kind = self.current_kind()
        routes = list(dict.fromkeys(c.route_id for c in self.communities))
        communities: list[Scope] = [("community", c.community_id) for c in self.communities]
        if kind is DocumentKind.MANIFESTS:
            return [("wave", None), *(("route", r) for r in routes), *communities]
        if kind is DocumentKind.PICKUP_LIST:
            return [("wave", None), *communities]
        if kind is DocumentKind.LOAD_SHEET:
            return [("route", r) for r in routes]
        if kind is DocumentKind.RECEIVING_SHEET:
            return [("wave", None), *(("supplier", s) for s, _ in self.suppliers)]
        return [("wave", None)]

    def choose(self, kind: DocumentKind, scope: Scope = ("wave", None)) -> None:
        """Choose a document and its scope (as a user would with the two lists)."""
        self.kind.setCurrentIndex(KINDS.index(kind))
        if scope not in self.scope_list:
            raise ValueError(f"no such choice: {kind} {scope}")
        self.scope.setCurrentIndex(self.scope_list.index(scope))

    def _fill_scopes(self) -> None:
        keep = self.current_scope()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope_list = self.scopes()
        for scope in self.scope_list:
            self.scope.addItem(self._scope_text(scope))
        index = self.scope_list.index(keep) if keep in self.scope_list else -1
        self.scope.setCurrentIndex(index if index >= 0 else (0 if self.scope.count() else -1))
        self.scope.blockSignals(False)
        self._forget()

    def _forget(self) -> None:
        self.document = None
        self.picture = None
        self._show_summary()
        self._show_page_picture()

    # --- the document ---------------------------------------------------------------------------

    def _make(self) -> Callable[[], Document] | None:
        wave_id, scope = self.centre.wave_id, self.current_scope()
        if wave_id is None or scope is None:
            self.centre.show_error(self.tr("请先选择波次和单据范围"))
            return None
        store, kind, (what, key) = self.centre.ctx.store, self.current_kind(), scope
        community = key if what == "community" else None
        route = key if what == "route" else None
        if kind is DocumentKind.MANIFESTS:
            return lambda: documents.manifests(store, wave_id, community, route)
        if kind is DocumentKind.PICKUP_LIST:
            return lambda: documents.pickup_list(store, wave_id, community)
        if kind is DocumentKind.LOAD_SHEET:
            assert route is not None
            return lambda: documents.load_sheet(store, wave_id, route)
        if kind is DocumentKind.RECEIVING_SHEET:
            supplier = key if what == "supplier" else None
            return lambda: documents.receiving_sheet(store, wave_id, supplier)
        if kind is DocumentKind.NIGHT_SUMMARY:
            zone = self.centre.ctx.settings.zone
            return lambda: documents.night_summary(store, wave_id, zone)
        return lambda: documents.supplier_shortages(store, wave_id)

    def preview(self) -> None:
        """Render the chosen document off the main thread and show its summary."""
        make = self._make()
        if make is not None:
            self.centre.load("document", make, self._rendered)

    def _rendered(self, document: Document) -> None:
        self.document = document
        self.centre.show_info("")
        self._show_summary()
        self.show_page(0)

    # --- the page picture -----------------------------------------------------------------------

    def _page_shown(self) -> int:
        return self.picture.page if self.picture is not None else 0

    def show_page(self, page: int) -> None:
        """Draw page `page` (0-based) of the previewed document off the main thread."""
        doc = self.document
        if doc is None:
            return
        width = max(600, self.page_area.viewport().width() - 24)
        pdf = doc.pdf

        def drawn(picture: PagePicture) -> None:
            if self.document is doc:  # not a picture of a document chosen away from since
                self.picture = picture
                self._show_page_picture()

        self.centre.load("document_page", lambda: page_picture(pdf, page, width), drawn)

    def _show_page_picture(self) -> None:
        picture = self.picture if self.document is not None else None
        if picture is None:
            self.page_image.clear()
            self.page_number.setText("")
        else:
            pixmap = QPixmap()
            pixmap.loadFromData(picture.png, "PNG")
            self.page_image.setPixmap(pixmap)
            self.page_number.setText(
                self.tr("第 {0} / {1} 页").format(picture.page + 1, picture.pages)
            )
        self.previous_page.setEnabled(picture is not None and picture.page > 0)
        self.next_page.setEnabled(picture is not None and picture.page + 1 < picture.pages)

    def _show_summary(self) -> None:
        doc = self.document
        if doc is None:
            self.summary.setPlainText(self.tr("选择单据和范围，然后预览、打开或另存为 PDF"))
            return
        head = self.tr("{0}：共 {1} 页，{2} 部分").format(
            self.kind.itemText(KINDS.index(doc.kind)), doc.pages, len(doc.sections)
        )
        self.summary.setPlainText("\n".join([head, "", *doc.sections]))

    def _with_document(self, then: Callable[[Document], None]) -> None:
        """The previewed document, or render the chosen one first."""
        if self.document is not None:
            then(self.document)
            return
        make = self._make()
        if make is None:
            return

        def rendered(doc: Document) -> None:
            self._rendered(doc)
            then(doc)

        self.centre.load("document", make, rendered)

    def ask_save_path(self, document: Document) -> Path | None:
        """Where to write the PDF (a method, so tests answer it without a dialog)."""
        return save_file_dialog(
            self,
            self.tr("另存为 PDF"),
            f"{safe_stem(document.description.replace(' ', '_'))}.pdf",
            self.tr("PDF 文件 (*.pdf)"),
        )

    def save_pdf(self, path: Path | None = None) -> None:
        """Save the chosen document as PDF (to `path`, or where the dialog says)."""

        def save(doc: Document) -> None:
            target = path or self.ask_save_path(doc)
            if target is None:
                return
            self.centre.act(
                lambda: _write(target, doc.pdf),
                lambda _p: self.centre.show_info(
                    self.tr("已保存 {0}（{1} 页）").format(str(target), doc.pages)
                ),
            )

        self._with_document(save)

    def print_document(self) -> None:
        """Queue the chosen document for the document printer (`[documents] printer`)."""
        printer, store = self.centre.ctx.settings.documents.printer, self.centre.ctx.store

        def queue(doc: Document) -> None:
            self.centre.act(
                lambda: documents.queue_document(store, printer, doc),
                lambda _job: self._queued(printer),
            )

        if not printer:
            self.centre.show_error(
                self.tr("没有设置单据打印机：请在设置文件中填写 [documents] printer = 名称")
            )
            return
        self._with_document(queue)

    def _queued(self, printer: str) -> None:
        self.centre.show_info(self.tr("单据已加入打印机 {0} 的队列").format(printer))
        self.centre.ctx.events.print_queue_changed.emit()

    def open_pdf(self) -> None:
        """Write the document to a temporary file and open it in the system's PDF viewer."""

        def open_(doc: Document) -> None:
            folder = Path(tempfile.gettempdir()) / "hub_sorter_documents"
            target = folder / f"{safe_stem(doc.description.replace(' ', '_'))}.pdf"
            self.centre.act(lambda: _write(target, doc.pdf), _open_in_viewer)

        self._with_document(open_)


def _open_in_viewer(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return path
