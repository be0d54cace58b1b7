"""The crate label as a picture: the preview the UI shows, at the printer's own resolution.

Drawn from the same layout and the same text bitmaps as the thermal back ends, one image dot per
printer dot. Barcodes are drawn module by module at whole-dot widths, never scaled, so a preview
scans exactly like the printed label.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw

from printers.bitmap_text import element_bitmap
from printers.layout import (
    Box,
    Code128,
    Element,
    Inverse,
    LabelLayout,
    Line,
    QrCode,
    Text,
    ZoneMark,
    layout_label,
)
from printers.model import CrateLabel, LabelMedia

BLACK, WHITE = 0, 255


def render_image(label: CrateLabel, media: LabelMedia) -> Image.Image:
    """The label as a greyscale image (pure black and white), media.width_dots wide."""
    return layout_image(layout_label(label, media))


def render_png(label: CrateLabel, media: LabelMedia) -> bytes:
    """The label as a 1-bit PNG carrying the printer resolution."""
    return image_png(render_image(label, media), media.dpi)


def image_png(image: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    image.convert("1", dither=Image.Dither.NONE).save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def layout_image(layout: LabelLayout) -> Image.Image:
    image = Image.new("L", (layout.width, layout.height), WHITE)
    draw = ImageDraw.Draw(image)
    for element in layout:
        _draw(image, draw, element)
    return image


def _draw(image: Image.Image, draw: ImageDraw.ImageDraw, element: Element) -> None:
    if isinstance(element, Text | Inverse | ZoneMark):
        _paste(image, element)
    elif isinstance(element, Box):
        for r in element.border_rects():
            _fill(draw, r.x, r.y, r.width, r.height)
    elif isinstance(element, Line):
        _fill(draw, element.x, element.y, element.width, element.height)
    elif isinstance(element, Code128):
        _draw_code128(image, draw, element)
    elif isinstance(element, QrCode):
        _draw_qr(draw, element)


def _paste(image: Image.Image, element: Text | Inverse | ZoneMark) -> None:
    if isinstance(element, Text) and not element.runs:
        return
    bitmap = element_bitmap(element)
    if not bitmap.width:
        return
    x, y = element.x + bitmap.dx, element.y + bitmap.dy
    mask = bitmap.image()
    image.paste(BLACK, (x, y, x + mask.width, y + mask.height), mask)


def _fill(draw: ImageDraw.ImageDraw, x: int, y: int, width: int, height: int) -> None:
    if width > 0 and height > 0:
        draw.rectangle((x, y, x + width - 1, y + height - 1), fill=BLACK)


def _draw_code128(image: Image.Image, draw: ImageDraw.ImageDraw, code: Code128) -> None:
    m = code.module_dots
    start = None
    for i, module in enumerate(code.modules + "0"):
        if module == "1" and start is None:
            start = i
        elif module == "0" and start is not None:
            _fill(draw, code.x + start * m, code.y, (i - start) * m, code.height)
            start = None
    if code.human_readable and code.caption is not None:
        _paste(image, code.caption)


@functools.lru_cache(maxsize=256)
def qr_matrix(data: str, version: int, error_level: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules of `data` in byte mode (True = dark), from reportlab's encoder."""
    from reportlab.graphics.barcode import qrencoder  # its package takes ~0.2 s to import

    qr = qrencoder.QRCode(version, getattr(qrencoder.QRErrorCorrectLevel, error_level))
    qr.addData(qrencoder.QR8bitByte(data))
    qr.make()
    return tuple(tuple(bool(dark) for dark in row) for row in qr.modules)


def _draw_qr(draw: ImageDraw.ImageDraw, qr: QrCode) -> None:
    m = qr.module_dots
    for r, row in enumerate(qr_matrix(qr.data, qr.version, qr.error_level)):
        for c, dark in enumerate(row):
            if dark:
                _fill(draw, qr.x + c * m, qr.y + r * m, m, m)
