"""Text and marks as 1-bit bitmaps, and the encodings thermal printers take them in.

Thermal printers have no Chinese glyphs (ZPL resident fonts have none; TSPL's TSS24.BF2 is one
small size), so label text is drawn here with Pillow and the label's CJK TrueType font and sent
as a graphic. Glyphs are drawn anti-aliased and thresholded, not dithered: a dithered edge prints
as grey fuzz on a thermal head.

`Bitmap.data` is rows top to bottom, each padded to whole bytes, most significant bit leftmost,
1 = black (ZPL ^GF polarity). TSPL BITMAP wants the opposite (1 = white): `tspl_bitmap_bytes`.
Bitmaps are cached by what they show, not where: a route name, date or zone drawn once serves
every label of the night.
"""

from __future__ import annotations

import base64
import binascii
import functools
import zlib
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from printers.layout import (
    Inverse,
    Rect,
    RunAtoms,
    Text,
    TextRun,
    ZoneMark,
    char_advance,
    font,
)
from printers.model import Zone

_THRESHOLD = bytes(255 if v >= 128 else 0 for v in range(256))


@dataclass(frozen=True, slots=True)
class Bitmap:
    """A 1-bit picture placed at (dx, dy) inside its element."""

    width: int  # dots that carry the picture; rows are padded to width_bytes * 8
    height: int
    data: bytes
    dx: int = 0
    dy: int = 0

    @property
    def width_bytes(self) -> int:
        return (self.width + 7) // 8

    def image(self) -> Image.Image:
        """A mode '1' image, 255 where the bitmap is black: a paste mask for previews."""
        padded = Image.frombytes("1", (self.width_bytes * 8, self.height), self.data)
        return padded.crop((0, 0, self.width, self.height))


def element_bitmap(element: Text | Inverse | ZoneMark) -> Bitmap:
    """The bitmap of a text element, a reverse (white-on-black) mark or a zone band."""
    if isinstance(element, ZoneMark):
        return _zone_bitmap(
            element.zone,
            element.width,
            element.height,
            _atoms(element.runs),
            element.size_dots,
            element.stroke,
            element.border,
            element.hatch_period,
            element.hatch_width,
            element.plate,
        )
    inverse = isinstance(element, Inverse)
    return Bitmap(
        *text_bitmap(
            _atoms(element.runs),
            element.size_dots,
            element.stroke,
            element.width,
            element.height,
            inverse,
        )
    )


# The caches below hold only ints, strings and bytes, keys and values: tuples of those are
# untracked by the garbage collector, so thousands of cached bitmaps add nothing to a full
# collection (as Bitmap and TextRun instances they made each one walk ~20,000 more objects).
_BitmapAtoms = tuple[int, int, bytes, int, int]  # Bitmap's fields


def _atoms(runs: tuple[TextRun, ...]) -> tuple[RunAtoms, ...]:
    return tuple((r.text, r.x, r.baseline, r.width) for r in runs)


@functools.lru_cache(maxsize=4096)
def text_bitmap(
    runs: tuple[RunAtoms, ...],
    size: int,
    stroke: int,
    width: int,
    height: int,
    inverse: bool = False,
) -> _BitmapAtoms:
    """Placed text lines (text, x, baseline, advance) in a width × height box, as Bitmap's
    fields; `inverse` draws white text on black."""
    canvas = _canvas(width, height)
    draw = ImageDraw.Draw(canvas)
    ink = 255
    if inverse:
        draw.rectangle((0, 0, width - 1, height - 1), fill=255)
        ink = 0
    _draw_runs(canvas, runs, size, stroke, ink)
    # Plain text is cropped to its ink: a left-aligned name in a wide box is mostly white, and
    # white costs bytes on the wire (TSPL bitmaps and ZPL hex are not compressed).
    bitmap = _pack(canvas, width, height, crop=not inverse)
    return (bitmap.width, bitmap.height, bitmap.data, bitmap.dx, bitmap.dy)


@functools.lru_cache(maxsize=64)
def _zone_bitmap(
    zone: Zone,
    width: int,
    height: int,
    runs: tuple[RunAtoms, ...],
    size: int,
    stroke: int,
    border: int,
    period: int,
    hatch_width: int,
    plate: Rect,
) -> Bitmap:
    canvas = _canvas(width, height)
    draw = ImageDraw.Draw(canvas)
    last_x, last_y = width - 1, height - 1
    if zone is Zone.FROZEN:
        draw.rectangle((0, 0, last_x, last_y), fill=255)
        _draw_runs(canvas, runs, size, stroke, 0)
        return _pack(canvas, width, height)
    if zone is Zone.CHILLED:
        # "/" stripes: dots where (x + y) mod period < hatch_width, tiled from one period.
        tile = Image.new("L", (period, period), 0)
        for y in range(period):
            for x in range(period):
                if (x + y) % period < hatch_width:
                    tile.putpixel((x, y), 255)
        for y in range(0, height, period):
            for x in range(0, width, period):
                canvas.paste(tile, (x, y))
        draw.rectangle(
            (plate.x, plate.y, plate.x + plate.width - 1, plate.y + plate.height - 1), fill=0
        )
    draw.rectangle((0, 0, last_x, last_y), outline=255, width=border)
    _draw_runs(canvas, runs, size, stroke, 255)
    return _pack(canvas, width, height)


def _canvas(width: int, height: int) -> Image.Image:
    return Image.new("L", (width, height), 0)


def _draw_runs(
    canvas: Image.Image, runs: tuple[RunAtoms, ...], size: int, stroke: int, ink: int
) -> None:
    # Glyph by glyph from a cache: the same few hundred characters make up most community names
    # and addresses, and drawing a whole line through FreeType costs several times more.
    for text, run_x, baseline, _ in runs:
        pen = float(run_x)
        for char in text:
            glyph, left, top = _glyph(char, size, stroke)
            if glyph is not None:
                x, y = round(pen) + left, baseline + top
                canvas.paste(ink, (x, y, x + glyph.width, y + glyph.height), glyph)
            pen += char_advance(char, size)


@functools.lru_cache(maxsize=16384)
def _glyph(char: str, size: int, stroke: int) -> tuple[Image.Image | None, int, int]:
    """One character's anti-aliased coverage and its offset from the pen on the baseline."""
    face = font(size)
    left, top, right, bottom = (
        int(v) for v in face.getbbox(char, anchor="ls", stroke_width=stroke)
    )
    if right <= left or bottom <= top:
        return None, 0, 0
    image = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(image).text((-left, -top), char, font=face, fill=255, anchor="ls")
    return (_embolden(image, stroke) if stroke else image), left, top


def _embolden(glyph: Image.Image, stroke: int) -> Image.Image:
    """Synthetic bold as a round dilation of the filled glyph by `stroke` dots.

    Not FreeType's stroker (Pillow's stroke_width): it strokes each contour on its own, and where
    a font builds a character from overlapping contours the inner borders spill into the gaps
    (筐 at 4-5 mm prints with its counters filled)."""
    bold = glyph.copy()
    for dx in range(-stroke, stroke + 1):
        for dy in range(-stroke, stroke + 1):
            if (dx or dy) and dx * dx + dy * dy <= stroke * stroke:
                shifted = Image.new("L", glyph.size, 0)
                shifted.paste(glyph, (dx, dy))  # clipped at the edges, never wrapped round
                bold = ImageChops.lighter(bold, shifted)
    return bold


def _pack(canvas: Image.Image, width: int, height: int, crop: bool = False) -> Bitmap:
    # Threshold, then pack: Pillow's mode '1' stores 255 as bit 1, rows padded to whole bytes.
    bits = canvas.point(_THRESHOLD, "1")
    if not crop:
        return Bitmap(width, height, bits.tobytes())
    ink = bits.getbbox()
    if ink is None:
        return Bitmap(0, 0, b"")
    left, top, right, bottom = ink
    # Whole bytes across, kept inside the element when it is whole bytes wide itself (the
    # layout makes it so): the padding then never covers a neighbour.
    padded = (right - left + 7) // 8 * 8
    if left + padded > width:
        left = max(0, width - padded)
    right = left + padded
    return Bitmap(padded, bottom - top, bits.crop((left, top, right, bottom)).tobytes(), left, top)


# --- Printer encodings ------------------------------------------------------------------------


def zpl_hex(bitmap: Bitmap) -> str:
    """^GF ASCII hex data: two hex digits per byte, 1 = black."""
    return bitmap.data.hex().upper()


def zpl_z64(bitmap: Bitmap) -> str:
    """^GF Z64 data: zlib-deflated, base64, then the CRC-16 of the base64 text (ZPL II manual:
    `:Z64:<base64>:<crc>`, CRC-16-CCITT polynomial 0x1021 with initial value 0, 4 hex digits)."""
    return _z64(bitmap.data)


def _z64(data: bytes) -> str:
    # Level 1: labels are mostly white, so it packs nearly as tight as 6 in a third of the time.
    encoded = base64.b64encode(zlib.compress(data, 1)).decode("ascii")
    crc = binascii.crc_hqx(encoded.encode("ascii"), 0)
    return f":Z64:{encoded}:{crc:04X}"


def zpl_graphic_field(bitmap: Bitmap, compressed: bool = True) -> str:
    """`^GFA,total,total,row_bytes,data` for the bitmap: Z64 when `compressed`, else hex."""
    return _graphic_field(bitmap.data, bitmap.width_bytes, compressed)


@functools.lru_cache(maxsize=4096)
def _graphic_field(data: bytes, width_bytes: int, compressed: bool) -> str:
    total = len(data)
    encoded = _z64(data) if compressed else data.hex().upper()
    return f"^GFA,{total},{total},{width_bytes},{encoded}"


_INVERT = bytes(255 - v for v in range(256))


def tspl_bitmap_bytes(bitmap: Bitmap) -> bytes:
    """TSPL BITMAP data: the same rows with 1 = white (no dot), so every bit is flipped."""
    return _inverted(bitmap.data)


@functools.lru_cache(maxsize=4096)
def _inverted(data: bytes) -> bytes:
    return data.translate(_INVERT)
