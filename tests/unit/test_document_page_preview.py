"""A document page drawn as a picture for the print centre's preview."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from printers.documents.page_preview import PreviewUnavailable, page_picture


def two_pages() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("Helvetica", 72)
    pdf.drawString(72, 600, "ONE")
    pdf.showPage()
    pdf.showPage()  # blank second page
    pdf.save()
    return out.getvalue()


def test_a_page_is_drawn_at_the_width_asked_and_its_number_is_clamped() -> None:
    picture = page_picture(two_pages(), 0, width_px=600)
    image = Image.open(io.BytesIO(picture.png)).convert("L")
    assert (picture.pages, picture.page, image.width) == (2, 0, 600)
    assert image.getextrema()[0] < 64  # the text is on it
    last = page_picture(two_pages(), 7, width_px=600)
    assert last.page == 1
    assert Image.open(io.BytesIO(last.png)).convert("L").getextrema()[0] > 200  # blank page


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4\n garbage", b"not a pdf at all"])
def test_a_broken_pdf_is_a_clear_message(data: bytes) -> None:
    with pytest.raises(PreviewUnavailable) as caught:
        page_picture(data)
    assert "无法预览" in caught.value.message("zh") and "preview" in caught.value.message("en")
