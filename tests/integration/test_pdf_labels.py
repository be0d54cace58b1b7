"""Crate labels as PDF, read back the way a scanner and a printer would: every page rasterised
by poppler (pdftoppm, 300 dpi) and decoded by a real barcode reader (zxing-cpp)."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from printers.documents.pdf_base import register_font
from printers.fonts import find_cjk_font
from printers.model import CrateLabel, LabelMedia, Zone, media
from printers.render.pdf_label import render_pdf_labels
from sorter_app.services.views.label_data import crate_labels
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from tests.factories import small_wave

WAVE = "W20261127-HZ01"

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="needs pdftoppm: apt-get install -y poppler-utils"
)


def rasterise(pdf: bytes, tmp_path: Path, dpi: int = 300) -> list[Image.Image]:
    source = tmp_path / "labels.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    # pdftoppm pads page numbers to the width of the largest one: sorting by name is page order.
    return [Image.open(path) for path in sorted(tmp_path.glob("page-*.png"))]


def decoded(image: Image.Image) -> dict[str, str]:
    return {r.format.name: r.text for r in zxingcpp.read_barcodes(image)}


@pytest.fixture(scope="module")
def wave_labels(tmp_path_factory: pytest.TempPathFactory) -> list[CrateLabel]:
    """The small wave's four crate labels, the second shown as a reprinted extra crate."""
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('db') / 'hub.sqlite'}")
    try:
        store_snapshot(store, small_wave(WAVE), source="api")
        labels = crate_labels(store, WAVE)
    finally:
        store.close()
    labels[1] = replace(labels[1], label_version=2, extra=True)
    return labels


@needs_pdftoppm
@pytest.mark.parametrize(
    "size,dpi", [("100x100", 203), ("100x100", 300), ("60x40", 203), ("60x40", 300)]
)
def test_every_page_scans_as_its_crate(
    wave_labels: list[CrateLabel], size: str, dpi: int, tmp_path: Path
) -> None:
    m = media(size, dpi)
    pdf = render_pdf_labels(wave_labels, m)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(wave_labels)
    for page in reader.pages:  # the page is the label
        assert float(page.mediabox.width) == pytest.approx(m.width_mm * mm, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(m.height_mm * mm, abs=0.01)
    images = rasterise(pdf, tmp_path)
    assert len(images) == len(wave_labels)
    for label, image in zip(wave_labels, images, strict=True):
        codes = decoded(image)
        assert codes.get("Code128") == label.scan_code, (label.crate_id, codes)
        assert codes.get("QRCode") == label.qr_payload, (label.crate_id, codes)


def test_label_text_is_real_text_in_the_embedded_cjk_font(wave_labels: list[CrateLabel]) -> None:
    pdf = render_pdf_labels(wave_labels, media("100x100", 203))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    first, second = (reader.pages[i].extract_text() for i in (0, 1))
    assert "阳光花园1期" in first and "西湖 1 线" in first and "常温" in first
    assert "团长 王秀英1" in first and "138****0001" in first and "1/2 筐" in first
    assert wave_labels[0].scan_code in first  # the human-readable line under the bars
    assert "补打 v2" in second and "加筐" in second and "冷藏" in second
    assert "补打" not in first and "加筐" not in first
    face = pdfmetrics.getFont(register_font(find_cjk_font())).face.name.decode()
    for page in reader.pages:
        fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
        assert fonts and all(face in str(f["/BaseFont"]) for f in fonts)
        assert not any("STSong" in str(f["/BaseFont"]) for f in fonts)
        assert any("/FontFile2" in f["/FontDescriptor"].get_object() for f in fonts)


@needs_pdftoppm
def test_hostile_and_overlong_text_stays_inside_and_codes_still_scan(tmp_path: Path) -> None:
    label = CrateLabel(
        crate_id="HS-W20261127-HZ01-C0017-02",
        scan_code="9000001238",
        qr_payload="HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2/3|14",
        wave_id=WAVE,
        delivery_date=date(2026, 11, 27),
        community_id="C0017",
        community_name='阳光(花园) \\ ^XZ^XA ~JA "东区"',
        leader_name="王) Tj ET (秀英",
        leader_phone_masked="138****5678",
        pickup_address="杭州市西湖区文三路" + "很长的地址" * 40,
        route_id="R01",
        route_name="西湖 1 线",
        stop_seq=7,
        crate_seq=2,
        crate_count=3,
        extra=False,
        zone=Zone.FROZEN,
        units=14,
        lines=5,
    )
    for m in (media("100x100", 203), media("60x40", 300)):
        pdf = render_pdf_labels([label], m)
        text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        # Wrapped onto lines as the label has room: compare without the white space.
        assert "".join(label.community_name.split()) in "".join(text.split())
        assert "冷冻" in text
        out = tmp_path / f"{m.width_mm}-{m.dpi}"
        out.mkdir()
        [image] = rasterise(pdf, out)
        assert decoded(image) == {"Code128": label.scan_code, "QRCode": label.qr_payload}
    text_100 = (
        pypdf.PdfReader(io.BytesIO(render_pdf_labels([label], media("100x100", 203))))
        .pages[0]
        .extract_text()
    )
    assert "王) Tj ET (秀英" in text_100
    assert "…" in text_100  # the 200-character address is shortened visibly, not overflowing


def test_no_labels_is_an_empty_document_not_an_error() -> None:
    pdf = render_pdf_labels([], LabelMedia(100, 100, 203))
    assert pdf.startswith(b"%PDF")
