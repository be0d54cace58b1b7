"""What every A4 document shares: the embedded CJK font, the page template with its running
header and "第 n/N 页" footer, and tables that break across pages with their header repeated.

A batch PDF holds many sections (one per community, route or supplier); each section is torn off
and used on its own, so page numbers count within the section. N is only known once the section
has been laid out, so the canvas keeps each finished page back and draws the page furniture when
the document is saved (the classic "page x of y" canvas, keyed by section).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)

from printers.fonts import CjkFont, find_cjk_font

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 12 * mm
MARGIN_TOP = 18 * mm  # room for the running header
MARGIN_BOTTOM = 14 * mm  # room for the footer
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

BODY_SIZE = 9.0
CELL_PADDING = 2.5
GRID = colors.Color(0.35, 0.35, 0.35)
HEADER_FILL = colors.Color(0.88, 0.88, 0.88)
TOTAL_FILL = colors.Color(0.94, 0.94, 0.94)

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
    cell: ParagraphStyle
    small: ParagraphStyle

    @classmethod
    def for_font(cls, font: str) -> Styles:
        # wordWrap CJK: Chinese has no spaces, so lines may break between any two characters.
        body = ParagraphStyle("body", fontName=font, fontSize=BODY_SIZE, leading=13, wordWrap="CJK")
        return cls(
            font=font,
            title=ParagraphStyle("title", parent=body, fontSize=16, leading=20, spaceAfter=4),
            body=body,
            cell=ParagraphStyle("cell", parent=body, leading=11),
            small=ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5),
        )


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

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv.hub_section = self.section  # type: ignore[attr-defined]


class _SectionCanvas(Canvas):
    """Keeps finished pages back until save, then draws header and "第 n/N 页" on each."""

    def __init__(self, *args: Any, font_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hub_font = font_name
        self.hub_section: Section | None = None
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
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

    doc.build(story, canvasmaker=canvasmaker)
    return out.getvalue()


class Cells:
    """Table cell text: a plain string when it fits its column (fast to lay out), otherwise a
    wrapping Paragraph, so long names wrap instead of running into the next column."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles

    def fit(self, text: str, width: float, style: ParagraphStyle | None = None) -> str | Paragraph:
        style = style or self.styles.cell
        if pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width - 2 * CELL_PADDING:
            return text
        return Paragraph(_escape(text), style)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (names may contain '<' or '&', which are markup to reportlab)."""
    return Paragraph(_escape(text), style)


def data_table(
    rows: list[list[Any]],
    widths: Sequence[float],
    font: str,
    *,
    numeric_cols: Sequence[int] = (),
    total_row: bool = False,
    extra_style: Sequence[tuple[Any, ...]] = (),
) -> LongTable:
    """A gridded table whose first row is the header, repeated on every page it spans."""
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ]
    for col in numeric_cols:
        style.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    if total_row:
        style.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL))
    style.extend(extra_style)
    return LongTable(rows, colWidths=list(widths), repeatRows=1, style=TableStyle(style))


def field_table(rows: list[list[Any]], widths: Sequence[float], font: str) -> LongTable:
    """The key/value block under a document title (no grid; labels in grey)."""
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("LEADING", (0, 0), (-1, -1), 13),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for col in range(0, len(widths), 2):
        style.append(("TEXTCOLOR", (col, 0), (col, -1), colors.Color(0.3, 0.3, 0.3)))
    return LongTable(rows, colWidths=list(widths), style=TableStyle(style))


class Checkbox(Flowable):
    """An empty square to tick by hand; drawn, so it prints whatever glyphs the font has."""

    def __init__(self, size: float = 3.6 * mm) -> None:
        super().__init__()
        self.size = size
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


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

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        slot = self.width / max(len(self.fields), 1)
        baseline = 2 * mm
        canvas.setLineWidth(0.6)
        for i, (label, value) in enumerate(self.fields):
            x = i * slot
            canvas.setFont(self.font, 10)
            canvas.drawString(x, baseline, f"{label}：")
            start = x + pdfmetrics.stringWidth(f"{label}：", self.font, 10) + 1
            end = x + slot - 4 * mm
            canvas.line(start, baseline - 1.2, end, baseline - 1.2)
            if value:
                canvas.drawString(start + 2, baseline, value)


def crate_numbers(seqs: Iterable[int]) -> str:
    """Crate numbers as short text: '1-3, 5' (runs collapsed)."""
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


def section_start(section: Section) -> list[Flowable]:
    return [SectionStart(section)]
