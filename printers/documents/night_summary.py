"""日结 (end-of-night summary): one wave's figures (units, shortages by reason, damage, missorts,
crates, routes and reports), the routes table with each departure, driver, plate and whether the
platform has the dispatch, the night's timeline, and a line for the supervisor's signature.

The model carries every word and number it prints (times already in the hub's zone), filled by
sorter_app.services.views.night_summary.summary_sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.documents.pdf_base import (
    CONTENT_WIDTH,
    Column,
    FieldBlock,
    GridTable,
    Measure,
    Section,
    SectionStart,
    SignatureLine,
    Styles,
    build_pdf,
    paragraph,
    register_font,
)
from printers.fonts import CjkFont

TITLE = "日结"
TITLE_EN = "End-of-night summary"


@dataclass(frozen=True, slots=True)
class SummaryFigure:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class SummaryRouteRow:
    route_id: str
    route_name: str
    stops: int
    crates: int  # crates holding units
    loaded: int
    departed: str  # the departure time as printed, or why there is none
    forced: bool
    driver: str
    plate: str
    platform: str  # whether the platform has the dispatch, in words


@dataclass(frozen=True, slots=True)
class NightSummarySheet:
    hub: str
    wave_id: str
    delivery_date: date
    printed_at: str
    sections: tuple[tuple[str, tuple[SummaryFigure, ...]], ...]  # (heading, figures)
    routes: tuple[SummaryRouteRow, ...]
    timeline: tuple[SummaryFigure, ...]


# Two figures a row: label, number, label, number.
_LABEL_W = 62 * mm
_VALUE_W = CONTENT_WIDTH / 2 - _LABEL_W
_FIGURE_COLUMNS = (
    Column("项目", _LABEL_W),
    Column("数量", _VALUE_W, "right"),
    Column("项目", _LABEL_W),
    Column("数量", _VALUE_W, "right"),
)
_TIMELINE_COLUMNS = (
    Column("节点", _LABEL_W),
    Column("时间", _VALUE_W, "right"),
    Column("节点", _LABEL_W),
    Column("时间", _VALUE_W, "right"),
)
_ROUTE_COLUMNS = (
    Column("线路", 38 * mm),
    Column("站数", 11 * mm, "right"),
    Column("筐数", 12 * mm, "right"),
    Column("已装", 12 * mm, "right"),
    Column("发车时间", 25 * mm),
    Column("强制", 11 * mm, "center"),
    Column("司机", 24 * mm),
    Column("车牌", 22 * mm),
    Column("平台", CONTENT_WIDTH - 155 * mm),
)


def render_night_summary(sheet: NightSummarySheet, *, font: CjkFont | None = None) -> bytes:
    """The summary as an A4 PDF."""
    styles = Styles.for_font(register_font(font))
    measure = Measure(styles.font)
    return build_pdf(
        [_summary(sheet, styles, measure)], title=f"{TITLE} {TITLE_EN}", font_name=styles.font
    )


def _summary(sheet: NightSummarySheet, styles: Styles, measure: Measure) -> list[Flowable]:
    section = Section(
        title=f"{TITLE} / {TITLE_EN}",
        subject=f"{sheet.hub} {sheet.delivery_date.isoformat()}",
        footer=f"波次 {sheet.wave_id}",
    )
    story: list[Flowable] = [
        SectionStart(section),
        paragraph(f"{TITLE} / {TITLE_EN}", styles.title),
        FieldBlock(
            [
                [("网格仓", sheet.hub), ("配送日期", sheet.delivery_date.isoformat())],
                [("波次", sheet.wave_id), ("打印时间", sheet.printed_at)],
            ],
            styles.font,
        ),
    ]
    for heading, figures in sheet.sections:
        story += [
            Spacer(1, 3 * mm),
            paragraph(heading, styles.body),
            GridTable(_FIGURE_COLUMNS, _pairs(figures), measure),
        ]
    story += [
        Spacer(1, 3 * mm),
        paragraph("线路", styles.body),
        GridTable(_ROUTE_COLUMNS, [_route_cells(r) for r in sheet.routes], measure),
        Spacer(1, 3 * mm),
        paragraph("时间线", styles.body),
        GridTable(
            _TIMELINE_COLUMNS,
            _pairs(sheet.timeline),
            measure,
            tail=[
                Spacer(1, 10 * mm),
                SignatureLine([("班组长签字", ""), ("日期", "")], styles.font),
            ],
        ),
    ]
    return story


def _pairs(figures: Sequence[SummaryFigure]) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(0, len(figures), 2):
        left = figures[i]
        right = figures[i + 1] if i + 1 < len(figures) else SummaryFigure("", "")
        rows.append([left.label, left.value, right.label, right.value])
    return rows or [["—", "", "", ""]]


def _route_cells(r: SummaryRouteRow) -> list[object]:
    return [
        f"{r.route_id} {r.route_name}".strip(),
        r.stops,
        r.crates,
        r.loaded,
        r.departed,
        "是" if r.forced else "",
        r.driver,
        r.plate,
        r.platform,
    ]
