"""One crate-label layout for every printer language: positioned elements in printer dots.

The layout decides every font size, line break and shortening with the real font metrics (Pillow
with the CJK TrueType font the bitmaps are drawn with), so the ZPL, TSPL, PNG and PDF renderers
only draw what they are given and cannot disagree about what fits. Coordinates: origin at the
top-left corner of the label, x to the right, y down, whole dots of the media's resolution.

Text elements carry their lines already placed (`runs`: pen origin and baseline relative to the
element): a renderer draws each run with a left-baseline anchor and, for bold, a stroke of
`stroke` dots (synthetic bold: CJK system fonts rarely ship a bold face).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from barcode.charsets.code128 import CODES as _CODE128_PATTERNS
from barcode.charsets.code128 import STOP as _CODE128_STOP
from PIL import ImageFont

from printers.fonts import CjkFont, find_cjk_font
from printers.model import ZONE_TEXT_ZH, CrateLabel, LabelMedia, Zone
from sorter_app.domain.errors import UserFacingError

ELLIPSIS = "…"
CODE128_QUIET_MODULES = 10
QR_QUIET_MODULES = 4
# Level Q (25 % recovery): crate labels get wet, scuffed and half-covered by tape.
QR_ERROR_LEVEL = "Q"
WEEKDAYS_ZH = "一二三四五六日"


class LayoutError(UserFacingError):
    code = "label_layout"


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def intersects(self, other: Rect) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def contains(self, other: Rect) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


@dataclass(frozen=True, slots=True)
class TextRun:
    """One line of text: pen origin `x` and `baseline` relative to its element, advance width."""

    text: str
    x: int
    baseline: int
    width: int


@dataclass(frozen=True, slots=True)
class Text:
    """Black text fitted into its box; `text` is what is printed (lines joined by newlines)."""

    x: int
    y: int
    width: int
    height: int
    text: str
    size_dots: int
    bold: bool
    align: Align
    max_lines: int
    runs: tuple[TextRun, ...]
    stroke: int = 0
    shortened: bool = False
    name: str = ""

    @property
    def box(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.height)


@dataclass(frozen=True, slots=True)
class Inverse:
    """White text on a black block: the reprint mark (补打 v2) and the extra-crate mark (加筐)."""

    x: int
    y: int
    width: int
    height: int
    text: str
    size_dots: int
    runs: tuple[TextRun, ...]
    stroke: int = 0
    name: str = ""

    @property
    def box(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.height)


@dataclass(frozen=True, slots=True)
class ZoneMark:
    """The temperature zone band, told apart by pattern as well as by text (no colour on labels).

    ambient: outline only, black text; chilled: outline filled with diagonal hatching
    (`hatch_width` dark of every `hatch_period` dots along x + y), black text on a white `plate`;
    frozen: solid black, white text. `plate` is relative to the element.
    """

    x: int
    y: int
    width: int
    height: int
    zone: Zone
    text: str
    size_dots: int
    runs: tuple[TextRun, ...]
    stroke: int
    border: int
    hatch_period: int
    hatch_width: int
    plate: Rect
    name: str = "zone"

    @property
    def box(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.height)


@dataclass(frozen=True, slots=True)
class Box:
    """An outline frame of `thickness` dots; elements may sit inside it, never on the border."""

    x: int
    y: int
    width: int
    height: int
    thickness: int
    name: str = ""

    @property
    def box(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.height)

    def border_rects(self) -> tuple[Rect, ...]:
        t = self.thickness
        return (
            Rect(self.x, self.y, self.width, t),
            Rect(self.x, self.bottom - t, self.width, t),
            Rect(self.x, self.y, t, self.height),
            Rect(self.right - t, self.y, t, self.height),
        )

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height


@dataclass(frozen=True, slots=True)
class Line:
    """A solid black bar (a rule): horizontal or vertical."""

    x: int
    y: int
    width: int
    height: int
    name: str = ""

    @property
    def box(self) -> Rect:
        return Rect(self.x, self.y, self.width, self.height)


@dataclass(frozen=True, slots=True)
class Code128:
    """A Code 128 symbol; (x, y) is the top-left of the first bar, `height` the bar height.

    `modules` is the bar pattern ('1' = dark module) without quiet zones; each module is
    `module_dots` whole dots wide. The human-readable line goes under the bars, in `text_height`
    dots: printers draw it natively (ZPL ^BC, TSPL BARCODE), PNG and PDF draw `caption`.
    The reserved `box` includes the quiet zones of 10 modules either side.
    """

    x: int
    y: int
    module_dots: int
    height: int
    data: str
    human_readable: bool
    modules: str
    text_height: int
    caption: Text | None
    name: str = "scan_code"

    @property
    def quiet_dots(self) -> int:
        return CODE128_QUIET_MODULES * self.module_dots

    @property
    def bar_width(self) -> int:
        return len(self.modules) * self.module_dots

    @property
    def box(self) -> Rect:
        return Rect(
            self.x - self.quiet_dots,
            self.y,
            self.bar_width + 2 * self.quiet_dots,
            self.height + (self.text_height if self.human_readable else 0),
        )


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR symbol; (x, y) is its top-left module. `version` is the size reserved for `data` in
    byte mode at `error_level`, an upper bound of what a printer's own encoder chooses. The
    reserved `box` includes the 4-module quiet zone."""

    x: int
    y: int
    module_dots: int
    data: str
    version: int
    error_level: str = QR_ERROR_LEVEL
    name: str = "qr"

    @property
    def modules(self) -> int:
        return 17 + 4 * self.version

    @property
    def size_dots(self) -> int:
        return self.modules * self.module_dots

    @property
    def quiet_dots(self) -> int:
        return QR_QUIET_MODULES * self.module_dots

    @property
    def box(self) -> Rect:
        q = self.quiet_dots
        return Rect(self.x - q, self.y - q, self.size_dots + 2 * q, self.size_dots + 2 * q)


Element = Text | Inverse | ZoneMark | Box | Line | Code128 | QrCode


@dataclass(frozen=True, slots=True)
class LabelLayout:
    media: LabelMedia
    elements: tuple[Element, ...]

    @property
    def width(self) -> int:
        return self.media.width_dots

    @property
    def height(self) -> int:
        return self.media.height_dots

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements)

    def named(self, name: str) -> Element:
        """The element showing field `name` (KeyError if this size leaves it out)."""
        for element in self.elements:
            if element.name == name:
                return element
        raise KeyError(name)

    def names(self) -> set[str]:
        return {e.name for e in self.elements}


# --- Fonts and measurement -------------------------------------------------------------------


@functools.cache
def label_font() -> CjkFont:
    """The CJK font every label is measured and drawn with (found once per process)."""
    return find_cjk_font()


@functools.lru_cache(maxsize=512)
def font(size: int) -> ImageFont.FreeTypeFont:
    cjk = label_font()
    # Basic layout (no shaping engine): CJK labels need none, it is several times faster, and a
    # line's width is then exactly the sum of its characters' advances, as in reportlab.
    return ImageFont.truetype(
        str(cjk.path), size, index=cjk.subfont_index, layout_engine=ImageFont.Layout.BASIC
    )


def stroke_for(size: int, bold: bool) -> int:
    """Synthetic bold: a stroke around the outline, in dots."""
    return max(1, round(size * 0.03)) if bold else 0


@functools.lru_cache(maxsize=65536)
def char_advance(char: str, size: int) -> float:
    return float(font(size).getlength(char))


def text_width(text: str, size: int, bold: bool = False) -> int:
    """The advance width of one line in dots, including the bold stroke on both sides."""
    advance = sum(char_advance(c, size) for c in text)
    return math.ceil(advance - 1e-6) + 2 * stroke_for(size, bold)


def line_height(size: int, bold: bool = False) -> int:
    ascent, descent = font(size).getmetrics()
    return ascent + descent + 2 * stroke_for(size, bold)


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=16384)
def clean_text(text: str) -> str:
    """One line of printable text: control characters and line breaks become spaces."""
    chars = (" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    return _SPACES.sub(" ", "".join(chars)).strip()


# --- Fitting text into a box ------------------------------------------------------------------


# Fitted text as plain ints and strings: (size, stroke, shortened, lines joined by newlines,
# runs as (text, x, baseline, width)). The fitting cache holds thousands of these for the whole
# night; tuples of atoms are untracked by the garbage collector, while dataclass instances were
# walked at every full collection (54-56 ms each with the caches full, a stall of the window).
RunAtoms = tuple[str, int, int, int]
_Fitted = tuple[int, int, bool, str, tuple[RunAtoms, ...]]


def _wrap(text: str, size: int, bold: bool, width: int) -> list[tuple[int, int]]:
    """Greedy line breaking into (start, end) spans of `text`: anywhere between CJK characters,
    at a space rather than inside a Latin word."""
    limit = width - 2 * stroke_for(size, bold)
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        end, used = start, 0.0
        while end < n and (end == start or used + char_advance(text[end], size) <= limit):
            used += char_advance(text[end], size)
            end += 1
        if end < n and _inside_word(text, end):
            space = text.rfind(" ", start, end)
            if space > start:
                end = space
        spans.append((start, end))
        start = end
        while start < n and text[start] == " ":
            start += 1
    return spans


def _inside_word(text: str, i: int) -> bool:
    before, after = text[i - 1], text[i]
    return before != " " and after != " " and before.isascii() and after.isascii()


def _ellipsize(text: str, size: int, bold: bool, width: int) -> str:
    """The longest prefix of `text` that fits with a trailing ellipsis."""
    if text_width(ELLIPSIS, size, bold) > width:
        raise ValueError(f"a {width}-dot box cannot hold even an ellipsis at {size} dots")
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def _lines_allowed(size: int, bold: bool, height: int, max_lines: int) -> int:
    return min(max_lines, height // line_height(size, bold))


@functools.lru_cache(maxsize=16384)
def _fit(
    text: str,
    width: int,
    height: int,
    max_size: int,
    min_size: int,
    bold: bool,
    max_lines: int,
    align: str,  # Align's value: an enum member would keep the cache's keys tracked
    tight: bool,
) -> _Fitted:
    def fits(size: int) -> list[str] | None:
        if tight:
            if text_width(text, size, bold) > width or _ink_height(text, size, bold) > height:
                return None
            return [text]
        allowed = _lines_allowed(size, bold, height, max_lines)
        if allowed < 1 or text_width(text.replace(" ", ""), size, bold) > allowed * width:
            return None  # cannot fit however it breaks: skip the wrapping
        lines = [text[a:b].rstrip() for a, b in _wrap(text, size, bold, width)]
        if len(lines) > allowed or any(text_width(ln, size, bold) > width for ln in lines):
            return None
        return lines

    if not text:
        return (max_size, stroke_for(max_size, bold), False, "", ())
    found = fits(min_size)
    if found is not None:
        lo, hi = min_size, max_size
        while lo < hi:  # the largest size that fits
            mid = (lo + hi + 1) // 2
            if fits(mid) is not None:
                lo = mid
            else:
                hi = mid - 1
        size, lines, shortened = lo, fits(lo) or found, False
    else:
        size, shortened = min_size, True
        allowed = 1 if tight else _lines_allowed(size, bold, height, max_lines)
        if allowed < 1 or (tight and _ink_height(text, size, bold) > height):
            raise ValueError(f"a {height}-dot box cannot hold text of {size} dots")
        spans = [] if tight else _wrap(text, size, bold, width)[: allowed - 1]
        lines = [text[a:b].rstrip() for a, b in spans]
        rest = text[spans[-1][1] :] if spans else text
        lines.append(_ellipsize(rest.strip(), size, bold, width))
    runs = _place(lines, size, bold, width, height, Align(align), tight)
    return (size, stroke_for(size, bold), shortened, "\n".join(r[0] for r in runs), runs)


def _ink_height(text: str, size: int, bold: bool) -> int:
    _, top, _, bottom = font(size).getbbox(text, anchor="ls", stroke_width=stroke_for(size, bold))
    return int(bottom - top)


def _place(
    lines: list[str], size: int, bold: bool, width: int, height: int, align: Align, tight: bool
) -> tuple[RunAtoms, ...]:
    stroke = stroke_for(size, bold)
    if tight:
        _, top, _, bottom = font(size).getbbox(lines[0], anchor="ls", stroke_width=stroke)
        first_baseline = (height - int(bottom - top)) // 2 - int(top)
        step = 0
    else:
        ascent, _ = font(size).getmetrics()
        step = line_height(size, bold)
        first_baseline = (height - step * len(lines)) // 2 + stroke + ascent
    runs = []
    for i, line in enumerate(lines):
        w = text_width(line, size, bold)
        if align is Align.LEFT:
            left = 0
        elif align is Align.CENTER:
            left = (width - w) // 2
        else:
            left = width - w
        runs.append((line, left + stroke, first_baseline + i * step, w))
    return tuple(runs)


def fit_text(
    text: str,
    box: Rect,
    *,
    max_size: int,
    min_size: int,
    bold: bool = False,
    max_lines: int = 1,
    align: Align = Align.LEFT,
    tight: bool = False,
    name: str = "",
) -> Text:
    """`text` in `box` at the largest size in [min_size, max_size] (dots) that shows all of it in
    at most `max_lines` lines; failing that, at `min_size` with the last line cut short with "…".

    `tight` (one line only) fits the ink of the actual glyphs rather than the font's line height:
    digits then fill the box, which is what the stop number needs.
    """
    size, stroke, shortened, shown, runs = _fit(
        clean_text(text),
        box.width,
        box.height,
        max_size,
        min(min_size, max_size),
        bold,
        max_lines,
        align.value,
        tight,
    )
    return Text(
        box.x,
        box.y,
        box.width,
        box.height,
        shown,
        size,
        bold,
        align,
        max_lines,
        tuple(TextRun(*run) for run in runs),
        stroke,
        shortened,
        name,
    )


# --- Barcodes ---------------------------------------------------------------------------------


_START = {"B": 104, "C": 105}
_SWITCH = {"B": 100, "C": 99}  # CODE B (from C), CODE C (from B)


def code128_values(data: str) -> list[int]:
    """Symbol values of `data`, start and check included, in the fewest symbols by the rules of
    ISO/IEC 15417 Annex E: subset C for runs of digits, subset B for everything else. The same
    choice ZPL ^BC automatic mode and TSPL "128" make, so the layout knows the printed width.
    (python-barcode's own encoder drops a "99" pair after a start C, so only its bar patterns
    are used.)"""
    if not data or not all(32 <= ord(c) < 127 for c in data):
        raise ValueError(f"Code 128 data must be printable ASCII, got {data!r}")
    n = len(data)

    def digits_from(i: int) -> int:
        j = i
        while j < n and data[j].isdigit():
            j += 1
        return j - i

    first = digits_from(0)
    subset = "C" if first >= 4 or first == n == 2 else "B"
    values = [_START[subset]]
    i = 0
    while i < n:
        run = digits_from(i)
        if subset == "C":
            if run >= 2:
                values.append(int(data[i : i + 2]))
                i += 2
            else:
                subset = "B"
                values.append(_SWITCH["B"])
            continue
        if run >= 6 or (run >= 4 and i + run == n):
            if run % 2:
                values.append(ord(data[i]) - 32)
                i += 1
            subset = "C"
            values.append(_SWITCH["C"])
            continue
        values.append(ord(data[i]) - 32)
        i += 1
    values.append((values[0] + sum(k * v for k, v in enumerate(values[1:], 1))) % 103)
    return values


@functools.lru_cache(maxsize=8192)
def code128_modules(data: str) -> str:
    """The bar pattern of `data` ('1' = dark module), stop and final bar included, no quiet
    zones."""
    patterns = "".join(str(_CODE128_PATTERNS[v]) for v in code128_values(data))
    return patterns + str(_CODE128_STOP) + "11"


@functools.lru_cache(maxsize=256)
def _qr_version_for_bytes(length: int) -> int:
    from reportlab.graphics.barcode import qrencoder  # its package takes ~0.2 s to import

    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, QR_ERROR_LEVEL))
    qr.addData(qrencoder.QR8bitByte("0" * length))
    return int(qr.calculate_version())


def qr_version(data: str) -> int:
    """The QR version `data` needs in byte mode at the label's error level."""
    return _qr_version_for_bytes(len(data.encode("utf-8")))


# --- The two label sizes ----------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _dots(media: LabelMedia, mm: float) -> int:
    return media.dots(mm)


@functools.lru_cache(maxsize=1024)
def _mm_rect(media: LabelMedia, x: float, y: float, w: float, h: float) -> Rect:
    # Round both edges, not the size, so that neighbours never overlap through rounding.
    x0, y0 = _dots(media, x), _dots(media, y)
    return Rect(x0, y0, _dots(media, x + w) - x0, _dots(media, y + h) - y0)


def _whole_bytes(rect: Rect, align: Align) -> Rect:
    """`rect` narrowed to a whole number of bytes (8 dots), on the side away from the text.

    Text and marks go to printers as bitmaps whose rows are whole bytes, and TSPL's BITMAP
    overwrites everything under it, padding included: with whole-byte widths no bitmap ever
    reaches past its own element.
    """
    extra = rect.width % 8
    if align is Align.RIGHT:
        shift = extra
    elif align is Align.CENTER:
        shift = extra // 2
    else:
        shift = 0
    return Rect(rect.x + shift, rect.y, rect.width - extra, rect.height)


class _Sheet:
    """Collects elements, with positions given in millimetres and rounded to dots."""

    def __init__(self, media: LabelMedia) -> None:
        self.media = media
        self.elements: list[Element] = []

    def d(self, mm: float) -> int:
        return _dots(self.media, mm)

    def rect(self, x: float, y: float, w: float, h: float) -> Rect:
        return _mm_rect(self.media, x, y, w, h)

    def add(self, element: Element) -> None:
        self.elements.append(element)

    def text(
        self,
        name: str,
        text: str,
        rect: Rect,
        *,
        max_mm: float,
        min_mm: float,
        bold: bool = False,
        lines: int = 1,
        align: Align = Align.LEFT,
        tight: bool = False,
        light_bold: bool = False,
    ) -> None:
        fitted = fit_text(
            text,
            _whole_bytes(rect, align),
            max_size=self.d(max_mm),
            min_size=self.d(min_mm),
            bold=bold,
            max_lines=lines,
            align=align,
            tight=tight,
            name=name,
        )
        self.add(_lighter(fitted) if light_bold else fitted)

    def _mark_text(self, text: str, rect: Rect, inset: int) -> Text:
        """Text of a mark, as large as its glyphs fit inside `rect` less `inset` on each side;
        runs relative to the mark."""
        inner = Rect(0, 0, rect.width - 2 * inset, rect.height - 2 * inset)
        fitted = fit_text(
            text,
            inner,
            max_size=inner.height * 2,
            min_size=min(inner.height, self.d(2)),
            bold=True,
            align=Align.CENTER,
            tight=True,
        )
        runs = tuple(TextRun(r.text, r.x + inset, r.baseline + inset, r.width) for r in fitted.runs)
        return Text(
            rect.x,
            rect.y,
            rect.width,
            rect.height,
            fitted.text,
            fitted.size_dots,
            True,
            Align.CENTER,
            1,
            runs,
            fitted.stroke,
            fitted.shortened,
        )

    def inverse(self, name: str, text: str, rect: Rect, *, light_bold: bool = False) -> None:
        rect = _whole_bytes(rect, Align.LEFT)
        t = self._mark_text(text, rect, max(2, self.d(0.8)))
        t = _lighter(t) if light_bold else t
        self.add(
            Inverse(
                rect.x, rect.y, rect.width, rect.height, t.text, t.size_dots, t.runs, t.stroke, name
            )
        )

    def zone(self, zone: Zone, rect: Rect) -> None:
        rect = _whole_bytes(rect, Align.LEFT)
        border = max(2, self.d(0.35))
        pad = max(2, self.d(0.6))
        t = self._mark_text(ZONE_TEXT_ZH[zone], rect, border + max(2, self.d(0.3)))
        ink_left = min(r.x - t.stroke for r in t.runs)
        ink_right = max(r.x - t.stroke + r.width for r in t.runs)
        plate = Rect(
            ink_left - pad, border, ink_right - ink_left + 2 * pad, rect.height - 2 * border
        )
        period = max(6, self.d(1.6))
        self.add(
            ZoneMark(
                rect.x,
                rect.y,
                rect.width,
                rect.height,
                zone,
                t.text,
                t.size_dots,
                t.runs,
                t.stroke,
                border,
                period,
                max(2, period * 2 // 5),
                plate,
            )
        )

    def frame(self, name: str, rect: Rect, thickness_mm: float) -> int:
        thickness = max(2, self.d(thickness_mm))
        self.add(Box(rect.x, rect.y, rect.width, rect.height, thickness, name))
        return thickness

    def rule(self, y: float, x0: float, x1: float) -> None:
        r = self.rect(x0, y, x1 - x0, 0.3)
        self.add(Line(r.x, r.y, r.width, max(2, r.height), "rule"))

    def code128(self, data: str, area: Rect, *, max_module_mm: float, text_mm: float) -> None:
        """The largest whole-dot module (up to max_module_mm) whose symbol and quiet zones fit
        `area` across; bars fill the height left above the human-readable line."""
        modules = code128_modules(data)
        total = len(modules) + 2 * CODE128_QUIET_MODULES
        module = min(area.width // total, max(self._min_module(), self.d(max_module_mm)))
        if module < self._min_module():
            raise LayoutError(
                f"条码 {data} 太长，{self.media.width_mm}×{self.media.height_mm} 标签放不下",
                f"Scan code {data} is too long for a {self.media.width_mm}x"
                f"{self.media.height_mm} mm label",
            )
        text_height = self.d(text_mm)
        bar_height = area.height - text_height
        bars = len(modules) * module
        x = area.x + (area.width - bars) // 2
        caption_box = Rect(x, area.y + bar_height, bars, text_height)
        caption = fit_text(
            data,
            caption_box,
            max_size=text_height * 100 // 118,
            min_size=self.d(2),
            align=Align.CENTER,
            name="scan_code_text",
        )
        self.add(Code128(x, area.y, module, bar_height, data, True, modules, text_height, caption))

    def qr(self, data: str, area: Rect, *, max_module_mm: float, anchor: str) -> QrCode:
        """The largest whole-dot module (up to max_module_mm) whose symbol and quiet zone fit
        `area`; placed in its `anchor` corner ('top-right' or 'bottom-right')."""
        version = qr_version(data)
        total = 17 + 4 * version + 2 * QR_QUIET_MODULES
        module = min(area.width // total, area.height // total, self.d(max_module_mm))
        if module < self._min_module():
            raise LayoutError(
                f"二维码内容太长，{self.media.width_mm}×{self.media.height_mm} 标签放不下",
                f"The QR payload is too long for a {self.media.width_mm}x"
                f"{self.media.height_mm} mm label",
            )
        side = total * module
        quiet = QR_QUIET_MODULES * module
        x = area.right - side + quiet
        y = area.y + quiet if anchor == "top-right" else area.bottom - side + quiet
        qr = QrCode(x, y, module, data, version)
        self.add(qr)
        return qr

    def _min_module(self) -> int:
        # 0.25 mm is the smallest bar a handheld scanner reads reliably off a thermal label.
        return max(2, math.ceil(0.25 * self.media.dots_per_mm - 0.01))

    def layout(self) -> LabelLayout:
        return LabelLayout(self.media, tuple(self.elements))


def _date_text(label: CrateLabel) -> str:
    day = label.delivery_date
    return f"{day:%Y-%m-%d} 周{WEEKDAYS_ZH[day.weekday()]}"


# The synthetic bold of text holding 筐: its strokes are so close together (王 inside 匡 under 竹)
# that the usual stroke of 3 % of the size (2 dots at 7.5 mm, 203 dpi) closes the gaps and it
# prints as a black block. One dot keeps it bold and readable; below 32 dots (4 mm at 203 dpi)
# even one dot fills it, so small text holding it is drawn without bold.
LIGHT_BOLD_STROKE = 1
LIGHT_BOLD_MIN_SIZE = 32


def _lighter(text: Text) -> Text:
    """`text` with a lighter bold. It was fitted with the full stroke: the pens stay where they
    are and each run's ink box (which counts the stroke on both sides) narrows to match."""
    stroke = min(text.stroke, LIGHT_BOLD_STROKE if text.size_dots >= LIGHT_BOLD_MIN_SIZE else 0)
    less = text.stroke - stroke
    runs = tuple(replace(r, width=r.width - 2 * less) for r in text.runs)
    return replace(text, stroke=stroke, runs=runs)


def _crate_text(label: CrateLabel) -> str:
    return f"{label.crate_seq}/{label.crate_count} 筐"


def _counts_text(label: CrateLabel) -> str:
    return f"{label.units} 件 / {label.lines} 品"


def _reprint_text(label: CrateLabel) -> str:
    return f"补打 v{label.label_version}"


def _layout_100x100(label: CrateLabel, media: LabelMedia) -> LabelLayout:
    s = _Sheet(media)
    # Top band: the stop number a loader reads from a metre away, route, date, zone, reprint.
    stop = s.rect(2, 2, 34, 26)
    t = s.frame("stop_frame", stop, 0.5)
    pad = t + s.d(1.2)
    s.text(
        "stop",
        f"{label.stop_seq:02d}",
        Rect(stop.x + pad, stop.y + pad, stop.width - 2 * pad, stop.height - 2 * pad),
        max_mm=40,
        min_mm=8,
        bold=True,
        align=Align.CENTER,
        tight=True,
    )
    s.text(
        "route",
        label.route_name,
        s.rect(38, 2, 60, 9.5),
        max_mm=7.5,
        min_mm=3.5,
        bold=True,
        lines=2,
    )
    s.text("date", _date_text(label), s.rect(38, 12, 60, 5.5), max_mm=4.5, min_mm=3)
    if label.reprint:
        s.zone(label.zone, s.rect(38, 18.5, 30, 9.5))
        s.inverse("reprint", _reprint_text(label), s.rect(69, 18.5, 29, 9.5))
    else:
        s.zone(label.zone, s.rect(38, 18.5, 60, 9.5))
    s.rule(29.2, 2, 98)
    # Who and where.
    s.text(
        "community",
        label.community_name,
        s.rect(2, 30.5, 96, 14.5),
        max_mm=11,
        min_mm=4.5,
        bold=True,
        lines=2,
    )
    s.text("leader", f"团长 {label.leader_name}", s.rect(2, 45.5, 58, 6.5), max_mm=5, min_mm=3.5)
    s.text(
        "phone",
        label.leader_phone_masked,
        s.rect(61, 45.5, 37, 6.5),
        max_mm=5,
        min_mm=3.5,
        align=Align.RIGHT,
    )
    s.text(
        "address",
        f"自提点 {label.pickup_address}",
        s.rect(2, 52.5, 96, 9.5),
        max_mm=4,
        min_mm=3,
        lines=2,
    )
    s.rule(62.7, 2, 98)
    # Which crate and what is in it.
    s.text(
        "crate",
        _crate_text(label),
        s.rect(2, 64, 34, 9),
        max_mm=7.5,
        min_mm=4,
        bold=True,
        light_bold=True,
    )
    if label.extra:
        s.inverse("extra", "加筐", s.rect(37, 64.5, 17, 8), light_bold=True)
    s.text(
        "counts",
        _counts_text(label),
        s.rect(55, 64, 43, 9),
        max_mm=6,
        min_mm=3.5,
        align=Align.RIGHT,
    )
    # Codes: the QR in the bottom-right corner (its quiet zone may run into the margin), the
    # scan code filling what is left of the bottom band.
    qr = s.qr(label.qr_payload, s.rect(70, 74, 30, 26), max_module_mm=0.75, anchor="bottom-right")
    band = s.rect(0, 75, 0, 23)
    s.code128(
        label.scan_code,
        Rect(0, band.y, qr.box.x - s.d(1), band.height),
        max_module_mm=0.5,
        text_mm=4,
    )
    return s.layout()


def _layout_60x40(label: CrateLabel, media: LabelMedia) -> LabelLayout:
    s = _Sheet(media)
    # The QR top-right, as large as the corner allows; the texts beside it end where it starts.
    qr = s.qr(label.qr_payload, s.rect(38, 0, 22, 20.5), max_module_mm=0.5, anchor="top-right")
    right = qr.box.x - s.d(0.5)
    stop = s.rect(1.5, 1.5, 16, 12)
    t = s.frame("stop_frame", stop, 0.4)
    pad = t + s.d(0.6)
    s.text(
        "stop",
        f"{label.stop_seq:02d}",
        Rect(stop.x + pad, stop.y + pad, stop.width - 2 * pad, stop.height - 2 * pad),
        max_mm=20,
        min_mm=4,
        bold=True,
        align=Align.CENTER,
        tight=True,
    )
    name_x = s.d(18.5)
    s.text(
        "community",
        label.community_name,
        Rect(name_x, stop.y, right - name_x, stop.height),
        max_mm=5.5,
        min_mm=2.8,
        bold=True,
        lines=3,
    )
    s.text(
        "crate",
        _crate_text(label),
        s.rect(1.5, 14.3, 13, 5.4),
        max_mm=4.5,
        min_mm=2.8,
        bold=True,
        light_bold=True,
    )
    if label.extra:
        s.inverse("extra", "加筐", s.rect(15, 14.5, 8, 5), light_bold=True)
    zone_x = s.d(23.5)
    s.zone(label.zone, Rect(zone_x, s.d(14.5), right - zone_x, s.d(19.5) - s.d(14.5)))
    # The scan code across the whole width: the wider the modules, the easier the scan.
    s.code128(label.scan_code, s.rect(0, 20.8, 60, 14.2), max_module_mm=0.5, text_mm=3)
    # A small last line: contents and route, and the reprint mark when there is one.
    if label.reprint:
        s.inverse("reprint", _reprint_text(label), s.rect(44, 35.2, 14.5, 4))
        counts = s.rect(1.5, 35.4, 42, 3.6)
    else:
        counts = s.rect(1.5, 35.4, 57, 3.6)
    s.text(
        "counts",
        f"{_counts_text(label)}  {label.route_name}",
        counts,
        max_mm=3,
        min_mm=2.5,
    )
    return s.layout()


_LAYOUTS = {(100, 100): _layout_100x100, (60, 40): _layout_60x40}


def layout_label(label: CrateLabel, media: LabelMedia) -> LabelLayout:
    """Where every field of `label` goes on `media` (100×100 or 60×40 mm, 203 or 300 dpi)."""
    build = _LAYOUTS.get((media.width_mm, media.height_mm))
    if build is None:
        raise ValueError(
            f"no crate label layout for {media.width_mm}x{media.height_mm} mm; use 100x100 or 60x40"
        )
    return build(label, media)
