"""Crate labels in TSPL, for TSC, Xprinter, Gprinter and the other TSPL printers.

Commands end in CRLF. Chinese text goes as BITMAP graphics (1 = white in TSPL: the opposite of
ZPL, see printers.bitmap_text) or, with TextMode.RESIDENT, in the printer's TSS24.BF2 font as
GBK bytes. Every quoted string goes through `quote`: CR/LF and other control characters are
dropped and `"` is written as TSPL's `\\["]`, so data cannot end a string or start a command.
"""

from __future__ import annotations

from printers.bitmap_text import element_bitmap, tspl_bitmap_bytes
from printers.layout import (
    ELLIPSIS,
    Align,
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
from printers.render.options import Sensing, TextMode, TsplOptions

EOL = b"\r\n"
TSS24_CELL = 24  # TSS24.BF2: 24×24 dots per Chinese character, 12×24 per ASCII one


def quote(text: str) -> str:
    """A TSPL string literal holding `text`."""
    kept = "".join(c for c in text if c >= " " and c != "\x7f")
    return '"' + kept.replace('"', '\\["]') + '"'


def render_tspl(label: CrateLabel, media: LabelMedia, options: TsplOptions | None = None) -> bytes:
    """One crate label: set-up, CLS, the elements, PRINT 1,1."""
    return layout_tspl(layout_label(label, media), options or TsplOptions())


def layout_tspl(layout: LabelLayout, options: TsplOptions) -> bytes:
    media = layout.media
    out = [
        _line(f"SIZE {media.width_mm} mm,{media.height_mm} mm"),
        _line(_sensing(options)),
        _line(f"DIRECTION {options.direction}"),
        _line(f"REFERENCE {options.reference_x_dots},{options.reference_y_dots}"),
    ]
    if options.shift_dots:
        out.append(_line(f"SHIFT {options.shift_dots}"))
    if options.density is not None:
        out.append(_line(f"DENSITY {options.density}"))
    if options.speed_ips is not None:
        out.append(_line(f"SPEED {options.speed_ips:g}"))
    out.append(_line("CLS"))
    for element in layout:
        out.append(_element(element, options))
    out.append(_line("PRINT 1,1"))
    return b"".join(out)


def _line(command: str) -> bytes:
    return command.encode("ascii") + EOL


def _sensing(options: TsplOptions) -> str:
    gap, offset = f"{options.gap_mm:g}", f"{options.gap_offset_mm:g}"
    if options.sensing is Sensing.BLACK_MARK:
        return f"BLINE {gap} mm,{offset} mm"
    if options.sensing is Sensing.CONTINUOUS:
        return "GAP 0,0"
    return f"GAP {gap} mm,{offset} mm"


def _element(element: Element, options: TsplOptions) -> bytes:
    if isinstance(element, Text):
        if not element.runs:
            return b""
        if options.text is TextMode.RESIDENT:
            return _resident_text(element, options.resident_font)
        return _bitmap(element)
    if isinstance(element, Inverse | ZoneMark):
        return _bitmap(element)
    if isinstance(element, Box):
        right, bottom = element.x + element.width - 1, element.y + element.height - 1
        return _line(f"BOX {element.x},{element.y},{right},{bottom},{element.thickness}")
    if isinstance(element, Line):
        return _line(f"BAR {element.x},{element.y},{element.width},{element.height}")
    if isinstance(element, Code128):
        readable = 1 if element.human_readable else 0
        m = element.module_dots
        return _line(
            f'BARCODE {element.x},{element.y},"128",{element.height},{readable},0,{m},{m},'
            f"{quote(element.data)}"
        )
    return _qr(element)


def _bitmap(element: Text | Inverse | ZoneMark) -> bytes:
    bitmap = element_bitmap(element)
    if not bitmap.width:
        return b""
    x, y = element.x + bitmap.dx, element.y + bitmap.dy
    # Mode 0 (overwrite): bitmaps never reach past their element (see printers.layout).
    head = f"BITMAP {x},{y},{bitmap.width_bytes},{bitmap.height},0,"
    return head.encode("ascii") + tspl_bitmap_bytes(bitmap) + EOL


def _qr(qr: QrCode) -> bytes:
    return _line(f"QRCODE {qr.x},{qr.y},{qr.error_level},{qr.module_dots},A,0,{quote(qr.data)}")


def _tss24_width(text: str, scale: int) -> int:
    return sum(TSS24_CELL if ord(c) > 127 else TSS24_CELL // 2 for c in text) * scale


def _resident_text(text: Text, font_name: str) -> bytes:
    """TEXT lines in the 24-dot resident font, scaled by a whole factor that fits the box, and
    shortened again by that font's own widths."""
    lines = [run.text for run in text.runs]
    scale = max(1, min(10, text.size_dots // TSS24_CELL, text.height // (TSS24_CELL * len(lines))))
    line_height = TSS24_CELL * scale
    top = text.y + max(0, (text.height - line_height * len(lines)) // 2)
    out = []
    for i, line in enumerate(lines):
        while len(line) > 1 and _tss24_width(line, scale) > text.width:
            line = line[:-2] + ELLIPSIS
        width = _tss24_width(line, scale)
        if text.align is Align.CENTER:
            x = text.x + (text.width - width) // 2
        elif text.align is Align.RIGHT:
            x = text.x + text.width - width
        else:
            x = text.x
        head = (
            f"TEXT {max(text.x, x)},{top + i * line_height},{quote(font_name)},0,{scale},{scale},"
        )
        out.append(head.encode("ascii") + quote(line).encode("gbk", errors="replace") + EOL)
    return b"".join(out)
