"""What every A4 document shares: the embedded CJK font, the page template with its running
header and "第 n/N 页" footer, and tables that break across pages with their header repeated.

A batch PDF holds many sections (one per community, route or supplier); each section is torn off
and used on its own, so page numbers count within the section. N is only known once the section
has been laid out, so the canvas keeps each finished page back and draws the page furniture when
the document is saved (the classic "page x of y" canvas, keyed by section).

The tables are drawn by GridTable rather than platypus' Table: a night's manifests are 3,000
communities and hundreds of thousands of rows, and Table's per-cell styling and one text object
per cell made that several times slower. GridTable knows only what the documents need: fixed
columns, wrapped CJK text, a repeated header row, row fills, heavy rules, boxed cells and
checkboxes.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from printers.fonts import CjkFont, find_cjk_font

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 12 * mm
MARGIN_TOP = 18 * mm  # room for the running header
MARGIN_BOTTOM = 14 * mm  # room for the footer
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

BODY_SIZE = 9.0
LEADING = 11.0
CELL_PAD_X = 2.5
CELL_PAD_Y = 2.5
GRID = colors.Color(0.35, 0.35, 0.35)
LABEL_GREY_LEVEL = 0.3
HEADER_FILL = colors.Color(0.88, 0.88, 0.88)
TOTAL_FILL = colors.Color(0.94, 0.94, 0.94)
GROUP_FILL = colors.Color(0.96, 0.96, 0.96)

_registered: dict[tuple[str, int], str] = {}


def register_font(font: CjkFont | None = None) -> str:
    """Register the CJK TrueType font with reportlab once, and return its reportlab name.

    A TTFont is embedded (as subsets) in every PDF that uses it; the CID font STSong-Light is
    not, and prints as boxes on many printers.
    """
    font = font or find_cjk_font()
    key = (str(font.path), font.subfont_index)
    name = _registered.get(key)
    if name is None:
        name = f"HubCJK-{font.name}-{font.subfont_index}"
        pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=font.subfont_index))
        _registered[key] = name
    return name


@dataclass(frozen=True, slots=True)
class Styles:
    """Paragraph styles in the registered CJK font."""

    font: str
    title: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle

    @classmethod
    def for_font(cls, font: str) -> Styles:
        # wordWrap CJK: Chinese has no spaces, so lines may break between any two characters.
        body = ParagraphStyle("body", fontName=font, fontSize=BODY_SIZE, leading=13, wordWrap="CJK")
        return cls(
            font=font,
            title=ParagraphStyle("title", parent=body, fontSize=16, leading=20, spaceAfter=4),
            body=body,
            small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        )


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (names may contain '<' or '&', which are markup to reportlab)."""
    return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style)


# --- sections and page furniture ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Section:
    """The running header of one torn-off part: what it is and whose it is."""

    title: str
    subject: str
    footer: str = ""


class SectionStart(Flowable):
    """Zero-size marker at the top of a section: from here on the pages belong to `section`."""

    def __init__(self, section: Section) -> None:
        super().__init__()
        self.section = section
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.hub_section = self.section


class _SectionCanvas(Canvas):
    """Keeps finished pages back until save, then draws header and "第 n/N 页" on each."""

    def __init__(self, *args: Any, font_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hub_font = font_name
        self.hub_section: Section | None = None
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(id(page["hub_section"]) for page in self._pages)
        numbers: Counter[int] = Counter()
        for page in self._pages:
            self.__dict__.update(page)
            key = id(page["hub_section"])
            numbers[key] += 1
            self._draw_furniture(page["hub_section"], numbers[key], totals[key])
            Canvas.showPage(self)
        Canvas.save(self)

    def _draw_furniture(self, section: Section | None, number: int, total: int) -> None:
        if section is None:
            return
        self.saveState()
        top = PAGE_HEIGHT - 11 * mm
        self.setFont(self.hub_font, 9)
        self.drawString(MARGIN_X, top, section.title)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, top, section.subject)
        self.setStrokeColor(GRID)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)
        bottom = 8 * mm
        self.setFont(self.hub_font, 8)
        if section.footer:
            self.drawString(MARGIN_X, bottom, section.footer)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, f"第 {number}/{total} 页")
        self.restoreState()


def build_pdf(sections: Iterable[Sequence[Flowable]], *, title: str, font_name: str) -> bytes:
    """One PDF of several sections, each starting on a new page (each begins with SectionStart)."""
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author="Hub Sorter",
        creator="Hub Sorter",
        initialFontName=font_name,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    story: list[Flowable] = []
    for part in sections:
        if story:
            story.append(PageBreak())
        story.extend(part)
    if not story:
        story.append(Spacer(1, 1))

    def canvasmaker(*args: Any, **kwargs: Any) -> _SectionCanvas:
        return _SectionCanvas(*args, font_name=font_name, **kwargs)

    with binary_streams():
        doc.build(story, canvasmaker=canvasmaker)
    return out.getvalue()


@contextmanager
def binary_streams() -> Iterator[None]:
    """Page streams compressed but not ASCII85-wrapped: a quarter smaller, and encoding thousands
    of pages to ASCII85 in pure Python took a good part of a batch's time. Both are valid PDF."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


# --- text measuring -------------------------------------------------------------------------


class Measure:
    """Text widths and line wrapping in one font and size, with per-character widths cached
    (measuring each cell through reportlab's stringWidth was a large part of the render time)."""

    def __init__(self, font: str, size: float = BODY_SIZE) -> None:
        self.font = font
        self.size = size
        self._face = pdfmetrics.getFont(font)
        self._widths: dict[str, float] = {}
        self._texts: dict[str, float] = {}
        self._wrapped: dict[tuple[str, float], tuple[str, ...]] = {}

    def width(self, text: str) -> float:
        known = self._texts.get(text)
        if known is not None:
            return known
        widths = self._widths
        total = 0.0
        for ch in text:
            w = widths.get(ch)
            if w is None:
                w = widths[ch] = self._face.stringWidth(ch, self.size)
            total += w
        if len(self._texts) < 200_000:  # names and numbers repeat across a batch
            self._texts[text] = total
        return total

    @classmethod
    def shared(cls, font: str, size: float = BODY_SIZE) -> Measure:
        """One Measure per font and size for the process: a wave's manifests are a hundred
        documents (one per route) measuring the same names and numbers."""
        key = (font, size)
        measure = _shared_measures.get(key)
        if measure is None:
            measure = _shared_measures[key] = cls(font, size)
        return measure

    def wrap(self, text: str, width: float) -> tuple[str, ...]:
        """Lines of at most `width` points; Chinese breaks between any two characters, Latin
        text at the last space when there is one on the line."""
        key = (text, width)
        known = self._wrapped.get(key)
        if known is not None:
            return known
        lines: list[str] = []
        for paragraph_text in text.split("\n"):
            lines.extend(self._wrap_one(paragraph_text, width))
        # A tuple of strings: the garbage collector stops tracking it, so a full cache costs
        # nothing at each full collection (a list would be walked every time).
        wrapped = tuple(lines) or ("",)
        if len(self._wrapped) < 200_000:
            self._wrapped[key] = wrapped
        return wrapped

    def _wrap_one(self, text: str, width: float) -> list[str]:
        if self.width(text) <= width:
            return [text]
        lines: list[str] = []
        line = ""
        line_width = 0.0
        for ch in text:
            w = self.width(ch)
            if line and line_width + w > width:
                cut = line.rfind(" ")
                if ch.isascii() and ch.isalnum() and cut > 0 and line[cut + 1 :].isascii():
                    lines.append(line[:cut])
                    line = line[cut + 1 :]
                else:
                    lines.append(line)
                    line = ""
                line_width = self.width(line)
                if ch == " " and not line:
                    continue
            line += ch
            line_width += w
        if line:
            lines.append(line)
        return lines


_shared_measures: dict[tuple[str, float], Measure] = {}


class TextRuns:
    """Positioned text written straight into the page stream in one text object.

    This is the path reportlab's ttfonts module documents for TrueType fonts (splitString, then
    getSubsetInternalName for each chunk), with each string's encoding cached for the document:
    a batch repeats the same names and numbers thousands of times, and reportlab's own text
    objects re-encode, re-measure and re-format every one (most of a batch's time).
    """

    def __init__(self, canvas: Canvas, font_name: str, size: float) -> None:
        self.canvas = canvas
        self.font = pdfmetrics.getFont(font_name)
        self.size = size
        self.doc = canvas._doc
        # A string's encoding depends on the font and the document, not on the size.
        cached: tuple[object, dict[str, dict[str, list[tuple[str, str]]]]] | None = getattr(
            canvas, "hub_text_runs", None
        )
        if cached is None or cached[0] is not self.doc:
            cached = (self.doc, {})
            canvas.hub_text_runs = cached
        self._runs = cached[1].setdefault(font_name, {})
        self._parts = ["BT"]
        self._font_ref = ""

    def add(self, x: float, y: float, text: str) -> None:
        runs = self._runs.get(text)
        if runs is None:
            runs = self._runs[text] = [
                (self.font.getSubsetInternalName(subset, self.doc), escapePDF(chunk))
                for subset, chunk in self.font.splitString(text, self.doc)
            ]
        parts = self._parts
        parts.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for font_ref, chunk in runs:
            if font_ref != self._font_ref:
                parts.append(f"{font_ref} {self.size:g} Tf")
                self._font_ref = font_ref
            parts.append(f"({chunk}) Tj")

    def gray(self, level: float) -> None:
        """Fill colour for the text that follows (0 black, 1 white)."""
        self._parts.append(f"{level:g} g")

    def flush(self) -> None:
        if len(self._parts) > 1:
            self._parts.append("ET")
            self.canvas.addLiteral(" ".join(self._parts))
        self._parts = ["BT"]
        self._font_ref = ""


# --- tables ---------------------------------------------------------------------------------

CHECKBOX = object()  # a cell value: an empty square to tick by hand


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    align: str = "left"  # left | right | center


@dataclass(frozen=True, slots=True)
class RowStyle:
    fill: colors.Color | None = None
    rule_above: float = 0.0  # a heavier line above the row (a new group starts)
    boxed: tuple[int, ...] = ()  # columns whose cell gets a heavy frame (numbers to notice)


_PLAIN = RowStyle()


@dataclass(slots=True)
class _Row:
    cells: list[Any]  # list[str] lines per text cell, or CHECKBOX
    height: float
    style: RowStyle


@dataclass(slots=True)
class _Layout:
    columns: Sequence[Column]
    measure: Measure
    header: _Row
    xs: list[float] = field(default_factory=list)  # column left edges, and the right edge


class GridTable(Flowable):
    """A gridded table whose header row is repeated on every page it spans; rows never split.

    `tail` (a signature block, say) is drawn right under the last row and never sits alone on a
    page: when it does not fit, the last `tail_rows` rows go over with it.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]],
        measure: Measure,
        *,
        styles: Sequence[RowStyle | None] | None = None,
        tail: Sequence[Flowable] = (),
        tail_rows: int = 3,
    ) -> None:
        super().__init__()
        xs = [0.0]
        for column in columns:
            xs.append(xs[-1] + column.width)
        header = _make_row([c.title for c in columns], columns, measure, RowStyle(HEADER_FILL))
        self._layout = _Layout(columns, measure, header, xs)
        row_styles = list(styles or [])
        rows_ = [
            _make_row(
                cells,
                columns,
                measure,
                (row_styles[i] if i < len(row_styles) else None) or _PLAIN,
            )
            for i, cells in enumerate(rows)
        ]
        self._setup(rows_, list(tail), tail_rows)

    def _setup(self, rows: list[_Row], tail: list[Flowable], tail_rows: int) -> None:
        self._rows = rows
        self._tail = tail
        self._tail_rows = tail_rows
        self.width = self._layout.xs[-1]
        self._table_height = self._layout.header.height + sum(r.height for r in rows)
        self.height = self._table_height + self._tail_height()

    def _part(self, rows: list[_Row], tail: list[Flowable]) -> GridTable:
        part = GridTable.__new__(GridTable)
        Flowable.__init__(part)
        part._layout = self._layout
        part._setup(rows, tail, self._tail_rows)
        return part

    def _tail_height(self) -> float:
        return float(sum(f.wrap(self.width, PAGE_HEIGHT)[1] for f in self._tail))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        room = availHeight - self._layout.header.height
        fits = 0
        for row in self._rows:
            if row.height > room:
                break
            room -= row.height
            fits += 1
        if fits == len(self._rows) and self._tail:
            # Every row fits but the tail does not: the last rows go over with it.
            fits = len(self._rows) - min(self._tail_rows, len(self._rows))
        if fits <= 0 or fits >= len(self._rows):
            return []  # move to the next page whole
        return [self._part(self._rows[:fits], []), self._part(self._rows[fits:], self._tail)]

    def draw(self) -> None:
        canvas = self.canv
        layout = self._layout
        rows = [layout.header, *self._rows]
        tops: list[float] = []
        y = self.height
        for row in rows:
            tops.append(y)
            y -= row.height
        canvas.saveState()
        for row, top in zip(rows, tops, strict=True):
            if row.style.fill is not None:
                canvas.setFillColor(row.style.fill)
                canvas.rect(0, top - row.height, self.width, row.height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        self._draw_text(rows, tops)
        self._draw_rules(rows, tops)
        canvas.restoreState()
        for flowable in self._tail:
            _, height = flowable.wrap(self.width, PAGE_HEIGHT)
            y -= height
            flowable.drawOn(canvas, 0, y)

    def _draw_text(self, rows: list[_Row], tops: list[float]) -> None:
        layout = self._layout
        measure = layout.measure
        text = TextRuns(self.canv, measure.font, measure.size)
        # The baseline of a line sits this far below the top of its line box.
        drop = (LEADING - measure.size) / 2 + measure.size * 0.8
        xs = layout.xs
        for row_index, (row, top) in enumerate(zip(rows, tops, strict=True)):
            header = row_index == 0
            for col, (column, cell) in enumerate(zip(layout.columns, row.cells, strict=True)):
                if cell is CHECKBOX or not cell[0]:
                    continue
                y = top - (row.height - len(cell) * LEADING) / 2 - drop
                align = "center" if header else column.align
                for line in cell:
                    if align == "left":
                        x = xs[col] + CELL_PAD_X
                    elif align == "right":
                        x = xs[col + 1] - CELL_PAD_X - measure.width(line)
                    else:
                        x = (xs[col] + xs[col + 1] - measure.width(line)) / 2
                    text.add(x, y, line)
                    y -= LEADING
        text.flush()

    def _draw_rules(self, rows: list[_Row], tops: list[float]) -> None:
        """The grid, heavy rules, framed cells and checkboxes, as raw path operators: through
        canvas.line/rect each coordinate went through reportlab's slow number formatting."""
        xs = self._layout.xs
        width = self.width
        bottom = tops[-1] - rows[-1].height
        grid = [f"{x:.2f} {bottom:.2f} m {x:.2f} {self.height:.2f} l" for x in xs]
        grid.extend(f"0 {top:.2f} m {width:.2f} {top:.2f} l" for top in tops)
        grid.append(f"0 {bottom:.2f} m {width:.2f} {bottom:.2f} l")
        rules: list[str] = []
        frames: list[str] = []
        boxes: list[str] = []
        box = 3.4 * mm
        for row, top in zip(rows, tops, strict=True):
            if row.style.rule_above:
                rules.append(f"0 {top:.2f} m {width:.2f} {top:.2f} l")
            for col in row.style.boxed:
                left, right = xs[col], xs[col + 1]
                frames.append(
                    f"{left + 0.6:.2f} {top - row.height + 0.6:.2f} "
                    f"{right - left - 1.2:.2f} {row.height - 1.2:.2f} re"
                )
            for col, cell in enumerate(row.cells):
                if cell is CHECKBOX:
                    x = (xs[col] + xs[col + 1] - box) / 2
                    y = top - (row.height + box) / 2
                    boxes.append(f"{x:.2f} {y:.2f} {box:.2f} {box:.2f} re")
        canvas = self.canv
        canvas.setStrokeColor(GRID)
        canvas.addLiteral(f"0.5 w {' '.join(grid)} S")
        canvas.setStrokeColor(colors.black)
        for line_width, paths in ((1.2, rules), (1.2, frames), (0.8, boxes)):
            if paths:
                canvas.addLiteral(f"{line_width} w {' '.join(paths)} S")


def _make_row(
    cells: Sequence[Any], columns: Sequence[Column], measure: Measure, style: RowStyle
) -> _Row:
    if len(cells) != len(columns):
        raise ValueError(f"row has {len(cells)} cells for {len(columns)} columns: {cells!r}")
    lines_per_cell: list[Any] = []
    most = 1
    for column, value in zip(columns, cells, strict=True):
        if value is CHECKBOX:
            lines_per_cell.append(CHECKBOX)
            continue
        text = value if type(value) is str else ("" if value is None else str(value))
        if not text:
            lines_per_cell.append(_NO_LINES)
            continue
        lines = measure.wrap(text, column.width - 2 * CELL_PAD_X)
        if len(lines) > most:
            most = len(lines)
        lines_per_cell.append(lines)
    return _Row(lines_per_cell, most * LEADING + 2 * CELL_PAD_Y, style)


_NO_LINES = [""]


# --- blocks ---------------------------------------------------------------------------------


class FieldBlock(Flowable):
    """The key/value block under a document title. Each row holds one or two (label, value)
    pairs; a lone pair takes the full width (an address), and long values wrap."""

    LABEL_WIDTH = 17 * mm
    MAX_LINES = 6
    SIZE = 10.0
    ROW_LEADING = 13.0

    def __init__(
        self, rows: Sequence[Sequence[tuple[str, str]]], font: str, width: float = CONTENT_WIDTH
    ) -> None:
        super().__init__()
        self.font = font
        self.width = width
        measure = Measure(font, self.SIZE)
        half = width / 2
        self._lines: list[list[tuple[float, str, list[str]]]] = []
        self.height = 0.0
        for pairs in rows:
            span = width if len(pairs) == 1 else half
            laid = [
                (i * half, label, self._lines_of(measure, value, span - self.LABEL_WIDTH - 3))
                for i, (label, value) in enumerate(pairs)
            ]
            self._lines.append(laid)
            self.height += max(len(lines) for _, _, lines in laid) * self.ROW_LEADING + 2

    @classmethod
    def _lines_of(cls, measure: Measure, value: str, width: float) -> list[str]:
        """A value's lines, at most MAX_LINES: the block must fit on a page whatever it holds."""
        lines = list(measure.wrap(value, width))
        if len(lines) <= cls.MAX_LINES:
            return lines
        last = lines[cls.MAX_LINES - 1]
        while last and measure.width(last + "…") > width:
            last = last[:-1]
        return [*lines[: cls.MAX_LINES - 1], last + "…"]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        # Labels and values in reading order (one text object, the colour switched inside it):
        # text extraction and screen readers then pair each label with its value.
        text = TextRuns(self.canv, self.font, self.SIZE)
        y = self.height
        for laid in self._lines:
            baseline = y - self.SIZE
            for x, label, lines in laid:
                text.gray(LABEL_GREY_LEVEL)
                text.add(x, baseline, label)
                text.gray(0)
                for n, line in enumerate(lines):
                    text.add(x + self.LABEL_WIDTH, baseline - n * self.ROW_LEADING, line)
            y -= max(len(lines) for _, _, lines in laid) * self.ROW_LEADING + 2
        self.canv.saveState()
        text.flush()
        self.canv.restoreState()


class SignatureLine(Flowable):
    """Labels each followed by a blank line to write on ("团长签字 ______"); values, when known,
    are printed on the line (a driver's name filled in from the plan)."""

    def __init__(
        self, fields: Sequence[tuple[str, str]], font: str, width: float = CONTENT_WIDTH
    ) -> None:
        super().__init__()
        self.fields = list(fields)
        self.font = font
        self.width = width
        self.height = 9 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        slot = self.width / max(len(self.fields), 1)
        baseline = 2 * mm
        canvas.setLineWidth(0.6)
        canvas.setFont(self.font, 10)
        for i, (label, value) in enumerate(self.fields):
            x = i * slot
            canvas.drawString(x, baseline, f"{label}：")
            start = x + pdfmetrics.stringWidth(f"{label}：", self.font, 10) + 1
            end = x + slot - 4 * mm
            canvas.line(start, baseline - 1.2, end, baseline - 1.2)
            if value:
                canvas.drawString(start + 2, baseline, value)


def crate_numbers(seqs: Iterable[int]) -> str:
    """Crate numbers as short text: '1-3, 5' (runs of three or more collapsed)."""
    ordered = sorted(set(seqs))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{ordered[i]}-{ordered[j]}")
        else:
            parts.extend(str(n) for n in ordered[i : j + 1])
        i = j + 1
    return ", ".join(parts)
