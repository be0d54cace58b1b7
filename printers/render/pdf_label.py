"""Crate labels as PDF, one page per label, the page the size of the label: for office and
label printers without a ZPL/TSPL driver, and for archiving what was printed.

Drawn from the same layout as the thermal labels (printers.layout), converting printer dots to
points at the media's resolution, so a PDF label looks exactly like its ZPL or TSPL twin. All of
it is vector: text in the embedded CJK TrueType font (synthetic bold by stroking the outline, as
the bitmaps do), Code 128 bars from the layout's module pattern (the same subset choice as the
printers' own encoders) and the QR from reportlab's encoder, with the exact payload.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printers.documents.pdf_base import TextRuns, binary_streams, register_font
from printers.fonts import CjkFont
from printers.layout import (
    Box,
    Code128,
    Element,
    Inverse,
    LabelLayout,
    Line,
    QrCode,
    Text,
    TextRun,
    ZoneMark,
    label_font,
    layout_label,
)
from printers.model import CrateLabel, LabelMedia, Zone

BLACK, WHITE = 0.0, 1.0


def render_pdf_labels(
    labels: Sequence[CrateLabel], media: LabelMedia, *, font: CjkFont | None = None
) -> bytes:
    """One PDF with a page per label, in the order given; each page is `media` in size."""
    font_name = register_font(font or label_font())
    out = io.BytesIO()
    canvas = Canvas(
        out,
        pagesize=(media.width_mm * mm, media.height_mm * mm),
        initialFontName=font_name,
        pageCompression=1,
    )
    canvas.setTitle("Crate labels")
    canvas.setAuthor("Hub Sorter")
    canvas.setCreator("Hub Sorter")
    with binary_streams():
        for label in labels:
            _LabelPage(canvas, font_name, media).draw(layout_label(label, media))
            canvas.showPage()
        canvas.save()
    return out.getvalue()


class _LabelPage:
    """Draws one layout on the current page: dots (origin top-left, y down) to points."""

    def __init__(self, canvas: Canvas, font_name: str, media: LabelMedia) -> None:
        self.canvas = canvas
        self.font_name = font_name
        self.scale = 72.0 / media.dpi
        self.page_height = media.height_mm * mm

    def draw(self, layout: LabelLayout) -> None:
        for element in layout:
            self._element(element)

    def _element(self, element: Element) -> None:
        if isinstance(element, Text):
            self._text(element.x, element.y, element.runs, element.size_dots, element.stroke)
        elif isinstance(element, Inverse):
            self._fill([(element.x, element.y, element.width, element.height)])
            self._text(element.x, element.y, element.runs, element.size_dots, element.stroke, WHITE)
        elif isinstance(element, ZoneMark):
            self._zone(element)
        elif isinstance(element, Box):
            self._fill([(r.x, r.y, r.width, r.height) for r in element.border_rects()])
        elif isinstance(element, Line):
            self._fill([(element.x, element.y, element.width, element.height)])
        elif isinstance(element, Code128):
            self._code128(element)
        elif isinstance(element, QrCode):
            self._qr(element)

    # --- primitives -----------------------------------------------------------------------

    def _x(self, dots: float) -> float:
        return dots * self.scale

    def _y(self, dots: float) -> float:
        return float(self.page_height - dots * self.scale)

    def _rects(self, rects: Iterable[tuple[float, float, float, float]]) -> str:
        s = self.scale
        return " ".join(
            f"{x * s:.3f} {self.page_height - (y + h) * s:.3f} {w * s:.3f} {h * s:.3f} re"
            for x, y, w, h in rects
            if w > 0 and h > 0
        )

    def _fill(
        self, rects: Iterable[tuple[float, float, float, float]], gray: float = BLACK
    ) -> None:
        path = self._rects(rects)
        if path:
            self.canvas.addLiteral(f"{gray:g} g {path} f")

    def _text(
        self,
        x: int,
        y: int,
        runs: Sequence[TextRun],
        size_dots: int,
        stroke: int,
        gray: float = BLACK,
    ) -> None:
        if not runs:
            return
        canvas = self.canvas
        canvas.saveState()
        # Synthetic bold as the bitmaps draw it: the outline stroked `stroke` dots on each side.
        mode = f"2 Tr {2 * stroke * self.scale:.3f} w 1 j" if stroke else "0 Tr"
        canvas.addLiteral(f"{gray:g} g {gray:g} G {mode}")
        text = TextRuns(canvas, self.font_name, size_dots * self.scale)
        for run in runs:
            text.add(self._x(x + run.x), self._y(y + run.baseline), run.text)
        text.flush()
        canvas.restoreState()

    # --- elements -------------------------------------------------------------------------

    def _zone(self, zone: ZoneMark) -> None:
        """Told apart by pattern, not colour: ambient outlined, chilled hatched behind a white
        plate, frozen solid with white text (as printers.bitmap_text draws them)."""
        box = (zone.x, zone.y, zone.width, zone.height)
        if zone.zone is Zone.FROZEN:
            self._fill([box])
            self._text(zone.x, zone.y, zone.runs, zone.size_dots, zone.stroke, WHITE)
            return
        if zone.zone is Zone.CHILLED:
            self._hatch(zone)
            plate = zone.plate
            self._fill([(zone.x + plate.x, zone.y + plate.y, plate.width, plate.height)], WHITE)
        b = zone.border
        self._fill(
            [
                (zone.x, zone.y, zone.width, b),
                (zone.x, zone.y + zone.height - b, zone.width, b),
                (zone.x, zone.y, b, zone.height),
                (zone.x + zone.width - b, zone.y, b, zone.height),
            ]
        )
        self._text(zone.x, zone.y, zone.runs, zone.size_dots, zone.stroke)

    def _hatch(self, zone: ZoneMark) -> None:
        """'/' stripes `hatch_width` dots wide every `hatch_period` dots, clipped to the band."""
        height, width, period, w = zone.height, zone.width, zone.hatch_period, zone.hatch_width
        polygons = []
        for k in range(-height, width + period, period):
            corners = [(k, 0), (k + w, 0), (k + w - height, height), (k - height, height)]
            points = [(self._x(zone.x + cx), self._y(zone.y + cy)) for cx, cy in corners]
            (x0, y0), *rest = points
            polygons.append(
                f"{x0:.3f} {y0:.3f} m " + " ".join(f"{px:.3f} {py:.3f} l" for px, py in rest) + " h"
            )
        clip = self._rects([(zone.x, zone.y, width, height)])
        self.canvas.addLiteral(f"q {clip} W n 0 g {' '.join(polygons)} f Q")

    def _code128(self, code: Code128) -> None:
        m = code.module_dots
        bars = []
        start = None
        for i, module in enumerate(code.modules + "0"):
            if module == "1" and start is None:
                start = i
            elif module == "0" and start is not None:
                bars.append((code.x + start * m, code.y, (i - start) * m, code.height))
                start = None
        self._fill(bars)
        if code.human_readable and code.caption is not None:
            caption = code.caption
            self._text(caption.x, caption.y, caption.runs, caption.size_dots, caption.stroke)

    def _qr(self, qr: QrCode) -> None:
        m = qr.module_dots
        rects = []
        for r, row in enumerate(_qr_modules(qr.data, qr.version, qr.error_level)):
            start = None
            for c, dark in enumerate((*row, False)):
                if dark and start is None:
                    start = c
                elif not dark and start is not None:
                    rects.append((qr.x + start * m, qr.y + r * m, (c - start) * m, m))
                    start = None
        self._fill(rects)


def _qr_modules(data: str, version: int, error_level: str) -> list[list[bool]]:
    """The QR modules of `data` in byte mode (True = dark), at the version the layout reserved.

    One fixed mask pattern instead of reportlab's search over all eight: scoring the eight
    masks is four fifths of reportlab's encoding time (about 10 ms a label, 50 s for a night's
    5,000 labels), and every mask is valid QR that readers decode; the penalty rules only
    polish robustness on marginal prints, and crate labels carry large modules at level Q.
    """
    from reportlab.graphics.barcode import qrencoder  # its package takes ~0.2 s to import

    qr = qrencoder.QRCode(version, getattr(qrencoder.QRErrorCorrectLevel, error_level))
    qr.addData(qrencoder.QR8bitByte(data))
    qr.makeImpl(False, _QR_MASK)
    return [[bool(dark) for dark in row] for row in qr.modules]


_QR_MASK = 0
