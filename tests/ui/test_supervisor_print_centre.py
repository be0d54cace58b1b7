"""The print centre: printers from the settings file with a test label, the queue with status and
cancel, and a label preview that scans as the crate's code."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from printers.profiles import PrinterProfile
from sorter_app.services.printing import print_queue
from sorter_app.services.printing.documents import DocumentKind
from sorter_app.services.views.label_data import crate_labels
from sorter_app.settings import DocumentSettings, settings_path
from sorter_app.store import retention_repo, tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.print_centre import PrintCentreScreen
from sorter_app.ui.supervisor.print_documents import Scope
from tests.ui.supervisor_support import (
    SUPERVISOR,
    WAVE,
    make_ctx,
    screen_store,
    seeded_small_wave,
)


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        seeded_small_wave(s)
        yield s


def open_centre(qtbot: QtBot, store: Store, folder: Path) -> PrintCentreScreen:
    folder.mkdir(exist_ok=True)
    ctx = make_ctx(store, wave_id=WAVE, supervisor=SUPERVISOR)
    path = settings_path(ctx.settings.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[printers.label1]\n"
        'language = "zpl"\n'
        'transport = "folder"\n'
        f'address = "{folder.as_posix()}"\n',
        encoding="utf-8",
    )
    screen = PrintCentreScreen(ctx)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "labels"):
        screen.show()  # printers, queue, the wave's communities and the first one's labels
    qtbot.waitUntil(lambda: not ctx.ops.busy, timeout=10000)
    assert screen.message.text() == ""
    return screen


@pytest.fixture
def printer_dir(tmp_path: Path) -> Path:
    return tmp_path / "printer"  # the folder transport writes each job here as a file


def test_printers_and_a_test_label(qtbot: QtBot, store: Store, printer_dir: Path) -> None:
    screen = open_centre(qtbot, store, printer_dir)
    assert [screen.printers.text(0, c) for c in range(6)] == [
        "label1",
        "ZPL",
        "203 dpi",
        "100x100 mm",
        "folder",
        printer_dir.as_posix(),
    ]
    screen.print_test_label()
    qtbot.waitUntil(
        lambda: screen.message.text().startswith("测试标签已发送到 label1"), timeout=10000
    )
    [written] = list(printer_dir.iterdir())
    assert b"^XA" in written.read_bytes() and written.suffix == ".zpl"
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "queue"):
        screen.show_all.setCurrentIndex(1)
    assert [screen.queue.text(0, c) for c in (1, 2, 4)] == ["label1", "测试标签", "已发送"]


def test_the_queue_shows_status_and_a_job_can_be_cancelled(
    qtbot: QtBot, store: Store, printer_dir: Path
) -> None:
    screen = open_centre(qtbot, store, printer_dir)
    profile = PrinterProfile(name="label1", transport="folder", address=printer_dir.as_posix())
    ids = print_queue.queue_labels(store, profile, crate_labels(store, WAVE))
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "queue"):
        screen.ctx.events.print_queue_changed.emit()
    assert screen.queue.rowCount() == len(ids) == 4
    assert {screen.queue.text(r, 4) for r in range(4)} == {"排队中"}
    assert screen.queue_note.text() == "排队 4，失败 0"

    screen.queue_view.selectRow(0)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "queue"):
        screen.cancel_button.click()
    assert print_queue.job(store, ids[0]).status == "cancelled"
    assert screen.queue.rowCount() == 3  # open jobs only
    assert screen.message.text() == f"已取消打印任务 {ids[0]}"


def test_the_preview_is_the_label_as_printed(qtbot: QtBot, store: Store, printer_dir: Path) -> None:
    from PIL import Image

    screen = open_centre(qtbot, store, printer_dir)
    assert screen.community.currentData() == "C0001"
    assert screen.crate.count() == 2
    screen.label_size.setCurrentText("60x40")
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "preview"):
        screen.preview_button.click()
    preview: Any = screen.preview
    assert preview is not None and not screen.image.pixmap().isNull()
    assert screen.image.pixmap().width() == 480  # 60 mm at 203 dpi
    image = Image.open(io.BytesIO(preview.png))
    texts = {r.text for r in zxingcpp.read_barcodes(image)}
    assert preview.label.scan_code in texts
    assert preview.label.crate_id == f"HS-{WAVE}-C0001-01"


# --- documents ---------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def save_document(
    qtbot: QtBot, screen: PrintCentreScreen, kind: DocumentKind, scope: Scope, path: Path
) -> str:
    """Choose the document, preview it, save it as PDF; the PDF's text."""
    box = screen.documents
    box.choose(kind, scope)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "document"):
        box.preview()
    assert box.document is not None and box.document.kind is kind
    assert f"{box.document.pages} 页" in box.summary.toPlainText()
    box.save_pdf(path)
    qtbot.waitUntil(lambda: screen.message.text().startswith("已保存"), timeout=10000)
    return pdf_text(path)


def customers_of(store: Store, community_id: str) -> list[tuple[str, str]]:
    with store.read() as s:
        return list(
            s.execute(
                select(tables.Order.pickup_code, tables.Order.customer_nickname)
                .join(tables.Community, tables.Community.id == tables.Order.community_pk)
                .where(tables.Community.community_id == community_id)
            ).all()
        )


def skus_by_supplier(store: Store) -> dict[str, list[str]]:
    """Every SKU ordered in the wave, by supplier."""
    with store.read() as s:
        rows = s.execute(
            select(tables.Sku.supplier_id, tables.Sku.sku_id)
            .join(tables.SortTask, tables.SortTask.sku_pk == tables.Sku.id)
            .where(tables.SortTask.ordered_qty > 0)
            .distinct()
        ).all()
        by: dict[str, list[str]] = {}
        for supplier, sku in rows:
            by.setdefault(supplier, []).append(sku)
        return by


def test_each_document_kind_previews_and_saves_as_a_pdf(
    qtbot: QtBot, store: Store, printer_dir: Path, tmp_path: Path
) -> None:
    screen = open_centre(qtbot, store, printer_dir)
    qtbot.waitUntil(lambda: bool(screen.documents.suppliers), timeout=10000)
    box = screen.documents

    box.choose(DocumentKind.MANIFESTS)
    assert box.scope_list[:2] == [
        ("wave", None),
        ("route", "R01"),
    ]
    text = save_document(qtbot, screen, DocumentKind.MANIFESTS, ("wave", None), tmp_path / "m.pdf")
    assert all(f"阳光花园{n}期" in text for n in (1, 2, 3))
    text = save_document(
        qtbot, screen, DocumentKind.MANIFESTS, ("community", "C0002"), tmp_path / "m2.pdf"
    )
    assert "阳光花园2期" in text and "阳光花园1期" not in text
    routes = {c.community_id: c.route_id for c in screen.documents.communities}
    text = save_document(
        qtbot, screen, DocumentKind.MANIFESTS, ("route", routes["C0001"]), tmp_path / "mr.pdf"
    )
    assert "阳光花园1期" in text

    customers = customers_of(store, "C0001")
    assert customers
    text = save_document(
        qtbot, screen, DocumentKind.PICKUP_LIST, ("community", "C0001"), tmp_path / "p.pdf"
    )
    assert "团长分拣单" in text and "阳光花园2期" not in text
    assert all(code in text and nickname in text for code, nickname in customers)

    text = save_document(
        qtbot, screen, DocumentKind.LOAD_SHEET, ("route", routes["C0003"]), tmp_path / "l.pdf"
    )
    assert "装车单" in text and "阳光花园3期" in text

    text = save_document(
        qtbot, screen, DocumentKind.SUPPLIER_SHORTAGES, ("wave", None), tmp_path / "s.pdf"
    )
    assert "供应商缺货单" in text and "S00001" in text

    by_supplier = skus_by_supplier(store)
    text = save_document(
        qtbot, screen, DocumentKind.RECEIVING_SHEET, ("wave", None), tmp_path / "r.pdf"
    )
    assert all(sku in text for skus in by_supplier.values() for sku in skus)
    supplier = sorted(by_supplier)[0]
    text = save_document(
        qtbot, screen, DocumentKind.RECEIVING_SHEET, ("supplier", supplier), tmp_path / "r1.pdf"
    )
    assert all(sku in text for sku in by_supplier[supplier]) and supplier in text


def test_saving_without_a_preview_renders_first_and_a_purged_wave_has_no_pickup_list(
    qtbot: QtBot, store: Store, printer_dir: Path, tmp_path: Path
) -> None:
    screen = open_centre(qtbot, store, printer_dir)
    box = screen.documents
    box.choose(DocumentKind.PICKUP_LIST, ("community", "C0002"))
    box.save_pdf(tmp_path / "p2.pdf")
    qtbot.waitUntil(lambda: screen.message.text().startswith("已保存"), timeout=10000)
    assert "阳光花园2期" in pdf_text(tmp_path / "p2.pdf")

    with store.write() as s:
        wave = s.scalars(select(tables.Wave).where(tables.Wave.wave_id == WAVE)).one()
        retention_repo.purge_wave(s, wave.id, datetime.now(UTC))
    box.choose(DocumentKind.PICKUP_LIST, ("wave", None))
    box.save_pdf(tmp_path / "refused.pdf")
    qtbot.waitUntil(lambda: "清除" in screen.message.text(), timeout=10000)
    assert not (tmp_path / "refused.pdf").exists()


def test_a_document_goes_to_the_document_printer_as_one_pdf_job(
    qtbot: QtBot, store: Store, printer_dir: Path
) -> None:
    screen = open_centre(qtbot, store, printer_dir)
    box = screen.documents
    box.choose(DocumentKind.MANIFESTS, ("community", "C0001"))
    box.print_document()
    assert "[documents]" in screen.message.text()  # no document printer set: it says where

    screen.ctx.settings = replace(screen.ctx.settings, documents=DocumentSettings("docs"))
    box.print_document()
    qtbot.waitUntil(lambda: "docs" in screen.message.text(), timeout=10000)
    [job] = [j for j in print_queue.jobs(store) if j.kind == "document"]
    assert job.printer == "docs" and job.description == f"manifests {WAVE} C0001"
    with store.read() as s:
        payload = s.scalars(
            select(tables.PrintJob.payload).where(tables.PrintJob.id == job.id)
        ).one()
    assert "阳光花园1期" in PdfReader(io.BytesIO(payload)).pages[0].extract_text()


def test_the_end_of_night_summary_is_one_more_document_with_a_preview(
    qtbot: QtBot, store: Store, printer_dir: Path, tmp_path: Path
) -> None:
    screen = open_centre(qtbot, store, printer_dir)
    box = screen.documents
    box.choose(DocumentKind.NIGHT_SUMMARY)
    assert box.scope_list == [("wave", None)]
    assert box.kind.currentText() == "日结"
    text = save_document(
        qtbot, screen, DocumentKind.NIGHT_SUMMARY, ("wave", None), tmp_path / "n.pdf"
    )
    assert "日结" in text and WAVE in text and "R01" in text and "错筐拦截 1" in text
    assert "日结：共 1 页" in box.summary.toPlainText()


def test_the_document_preview_is_its_pages_as_pictures(
    qtbot: QtBot, store: Store, printer_dir: Path
) -> None:
    from PIL import Image

    screen = open_centre(qtbot, store, printer_dir)
    box = screen.documents
    box.choose(DocumentKind.MANIFESTS, ("wave", None))
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "document_page"):
        box.preview()
    assert box.document is not None and box.document.pages >= 2
    first = box.picture
    assert first is not None and first.page == 0 and first.pages == box.document.pages
    assert box.page_number.text() == f"第 1 / {box.document.pages} 页"
    assert not box.page_image.pixmap().isNull()
    assert not box.previous_page.isEnabled() and box.next_page.isEnabled()
    image = Image.open(io.BytesIO(first.png)).convert("L")
    assert abs(image.height / image.width - 297 / 210) < 0.02  # an A4 page, portrait
    assert image.getextrema()[0] < 64  # something is printed on it, not a blank page

    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "document_page"):
        box.next_page.click()
    assert box.picture is not None and box.picture.page == 1
    assert box.picture.png != first.png
    assert box.previous_page.isEnabled()

    box.choose(DocumentKind.SUPPLIER_SHORTAGES)  # another choice forgets the pictures
    assert box.picture is None and box.page_image.pixmap().isNull()
    assert box.page_number.text() == ""
