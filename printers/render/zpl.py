"""Crate labels in ZPL II, for Zebra printers and the many that emulate them.

Every piece of text that comes from data goes through `field_data`: ^FH before ^FD, with `_`,
`^` and `~` written as hex escapes and line breaks dropped, so no community, leader or address
can end a label early or run a printer command (a bare `~` in data acts at once, even inside a
field). Chinese text goes as ^GF graphics by default (resident fonts have no CJK glyphs); with
TextMode.RESIDENT it is sent as UTF-8 (^CI28) in a printer font named by the profile.
Barcodes are printer-native: ^BC (automatic subsets) and ^BQ, module widths in whole dots.
"""

from __future__ import annotations

from printers.bitmap_text import element_bitmap, zpl_graphic_field
from printers.layout import (
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
    font,
    layout_label,
)
from printers.model import CrateLabel, LabelMedia
from printers.render.options import Sensing, TextMode, ZplOptions

# Zebra firmware draws ^BQ one ^BY bar height (10 dots unless changed) below its ^FO; the QR is
# placed with that height set explicitly and the origin moved up by it.
QR_BY_HEIGHT = 10
_SENSING = {Sensing.GAP: "W", Sensing.BLACK_MARK: "M", Sensing.CONTINUOUS: "N"}
_JUSTIFY = {Align.LEFT: "L", Align.CENTER: "C", Align.RIGHT: "R"}


def escape(text: str) -> str:
    """Text safe inside ^FH^FD ... ^FS: control characters (CR, LF, ...) dropped and the three
    characters ZPL acts on written as ^FH hex escapes."""
    kept = "".join(c for c in text if c >= " " and c != "\x7f")
    return kept.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")


def field_data(text: str, prefix: str = "") -> str:
    """`^FH^FD{prefix}{escaped text}^FS`; `prefix` is ours (e.g. the QR's `QA,`), never data."""
    return f"^FH^FD{prefix}{escape(text)}^FS"


def render_zpl(label: CrateLabel, media: LabelMedia, options: ZplOptions | None = None) -> bytes:
    """One crate label as a ^XA ... ^XZ format."""
    return layout_zpl(layout_label(label, media), options or ZplOptions()).encode("utf-8")


def layout_zpl(layout: LabelLayout, options: ZplOptions) -> str:
    parts = ["^XA", "^CI28", f"^PW{layout.width}", f"^LL{layout.height}"]
    parts.append(f"^LH{options.home_x_dots},{options.home_y_dots}")
    if options.top_dots:
        parts.append(f"^LT{options.top_dots}")
    if options.darkness is not None:
        parts.append(f"^MD{options.darkness}")
    if options.speed_ips is not None:
        parts.append(f"^PR{options.speed_ips}")
    parts.append(f"^MN{_SENSING[options.sensing]}")
    parts.extend(command for element in layout if (command := _element(element, options)))
    parts.append("^XZ")
    return "\n".join(parts) + "\n"


def _element(element: Element, options: ZplOptions) -> str:
    if isinstance(element, Text):
        if not element.runs:
            return ""
        if options.text is TextMode.RESIDENT:
            return _resident_text(element, options.resident_font)
        return _graphic(element, options)
    if isinstance(element, Inverse | ZoneMark):
        # Marks stay graphics in every mode: their patterns are not text, and there are few.
        return _graphic(element, options)
    if isinstance(element, Box):
        return _box(element.x, element.y, element.width, element.height, element.thickness)
    if isinstance(element, Line):
        thickness = min(element.width, element.height)
        return _box(element.x, element.y, element.width, element.height, thickness)
    if isinstance(element, Code128):
        return _code128(element)
    return _qr(element)


def _box(x: int, y: int, width: int, height: int, thickness: int) -> str:
    return f"^FO{x},{y}^GB{width},{height},{thickness},B,0^FS"


def _graphic(element: Text | Inverse | ZoneMark, options: ZplOptions) -> str:
    bitmap = element_bitmap(element)
    if not bitmap.width:
        return ""
    x, y = element.x + bitmap.dx, element.y + bitmap.dy
    return f"^FO{x},{y}{zpl_graphic_field(bitmap, options.compressed_graphics)}^FS"


def _resident_text(text: Text, font_name: str) -> str:
    """One field per laid-out line, justified by the printer within the element's width."""
    ascent, _ = font(text.size_dots).getmetrics()
    fields = []
    for run in text.runs:
        top = text.y + max(0, run.baseline - ascent - text.stroke)
        # In a ^FB block a backslash starts a control sequence (\& is a line break).
        line = run.text.replace("\\", "\\\\")
        fields.append(
            f"^FO{text.x},{top}^A@N,{text.size_dots},{text.size_dots},{font_name}"
            f"^FB{text.width},1,0,{_JUSTIFY[text.align]},0{field_data(line)}"
        )
    return "".join(fields)


def _code128(code: Code128) -> str:
    interpretation = "Y" if code.human_readable else "N"
    # ^A0 before ^BC sets the font of the interpretation line: sized to the reserved height.
    text_height = max(10, code.text_height * 9 // 10)
    return (
        f"^FO{code.x},{code.y}^BY{code.module_dots},3,{code.height}"
        f"^A0N,{text_height},{text_height * 3 // 5}"
        f"^BCN,{code.height},{interpretation},N,N,A{field_data(code.data)}"
    )


def _qr(qr: QrCode) -> str:
    y = max(0, qr.y - QR_BY_HEIGHT)
    # Field data starts with `<error level>A,`: without it the first characters are eaten.
    return (
        f"^BY2,3,{QR_BY_HEIGHT}^FO{qr.x},{y}^BQN,2,{qr.module_dots}"
        f"{field_data(qr.data, prefix=qr.error_level + 'A,')}"
    )
