"""A page of a rendered document as a PNG picture, for the print centre's preview.

A supervisor checks a manifest or a pickup list by looking at it, not at a page count. PDFium
(through pypdfium2) draws the page exactly as the PDF will print; the rest of the app never
needs to rasterize a PDF, so this is the only module that imports it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from sorter_app.domain.errors import UserFacingError


class PreviewUnavailable(UserFacingError):
    """The document has no such page, or its PDF cannot be drawn."""


@dataclass(frozen=True)
class PagePicture:
    png: bytes
    page: int  # 0-based, as drawn
    pages: int  # the document's page count
    width: int
    height: int


def page_picture(pdf: bytes, page: int = 0, width_px: int = 900) -> PagePicture:
    """Draw page `page` (0-based, clamped to the document) `width_px` pixels wide."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise PreviewUnavailable(
            f"单据无法预览（PDF 无法读取：{exc}）",
            f"The document cannot be previewed (its PDF cannot be read: {exc}).",
        ) from exc
    try:
        count = len(document)
        if count == 0:
            raise PreviewUnavailable(
                "单据没有页面，无法预览", "The document has no pages to preview."
            )
        index = min(max(page, 0), count - 1)
        drawn = document[index]
        try:
            points_wide = drawn.get_width() or 1.0
            bitmap = drawn.render(scale=width_px / points_wide)
            try:
                image = bitmap.to_pil()
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=False)
                return PagePicture(out.getvalue(), index, count, image.width, image.height)
            finally:
                bitmap.close()
        finally:
            drawn.close()
    finally:
        document.close()
