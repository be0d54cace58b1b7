"""装车单: per route, the stops in delivery order with their crates; the loader ticks each stop
as its crates go on the truck, the driver signs for the count and brings empty crates back."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.documents.models import LoadSheet
from printers.documents.pdf_base import (
    CHECKBOX,
    TOTAL_FILL,
    Column,
    FieldBlock,
    GridTable,
    Measure,
    RowStyle,
    Section,
    SectionStart,
    SignatureLine,
    Styles,
    build_pdf,
    crate_numbers,
    paragraph,
    register_font,
)
from printers.fonts import CjkFont

TITLE = "装车单"
_COLUMNS = (
    Column("站序", 11 * mm, "right"),
    Column("社区", 46 * mm),
    Column("团长", 42 * mm),
    Column("筐数", 12 * mm, "right"),
    Column("筐号", 29 * mm),
    Column("件数", 14 * mm, "right"),
    Column("回收空筐", 18 * mm, "right"),
    Column("已装", 14 * mm, "center"),
)


def render_load_sheet(sheet: LoadSheet, *, font: CjkFont | None = None) -> bytes:
    """One route's load sheet as a PDF."""
    return render_load_sheets([sheet], font=font)


def render_load_sheets(sheets: Sequence[LoadSheet], *, font: CjkFont | None = None) -> bytes:
    """Several routes in one PDF, one section per route."""
    styles = Styles.for_font(register_font(font))
    measure = Measure(styles.font)
    return build_pdf(
        (_sheet(s, styles, measure) for s in sheets), title=TITLE, font_name=styles.font
    )


def _sheet(sheet: LoadSheet, styles: Styles, measure: Measure) -> list[Flowable]:
    section = Section(
        title=f"{TITLE}  {sheet.route_name}（{sheet.route_id}）",
        subject=sheet.delivery_date.isoformat(),
        footer=f"波次 {sheet.wave_id}",
    )
    fields = FieldBlock(
        [
            [
                ("线路", f"{sheet.route_name}（{sheet.route_id}）"),
                ("配送日期", sheet.delivery_date.isoformat()),
            ],
            [
                ("波次", sheet.wave_id),
                ("合计", f"{len(sheet.stops)} 站，{sheet.crates} 筐，{sheet.units} 件"),
            ],
        ],
        styles.font,
    )
    tail = [
        Spacer(1, 6 * mm),
        SignatureLine(
            [("司机", sheet.driver_name), ("车牌", sheet.plate), ("发车时间", "")], styles.font
        ),
        Spacer(1, 5 * mm),
        SignatureLine([("司机签字", ""), ("装车员签字", ""), ("日期", "")], styles.font),
    ]
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        fields,
        Spacer(1, 3 * mm),
        _stops_table(sheet, measure, tail),
    ]


def _stops_table(sheet: LoadSheet, measure: Measure, tail: list[Flowable]) -> Flowable:
    rows: list[list[object]] = [
        [
            stop.stop_seq,
            f"{stop.community_name}（{stop.community_id}）",
            f"{stop.leader_name} {stop.leader_phone_masked}",
            stop.crates,
            crate_numbers(stop.crate_seqs) or "—",
            stop.units,
            stop.collect_back,
            CHECKBOX,
        ]
        for stop in sheet.stops
    ]
    rows.append(
        [
            "",
            "合计",
            f"{len(sheet.stops)} 站",
            sheet.crates,
            "",
            sheet.units,
            sheet.collect_back,
            "",
        ]
    )
    styles: list[RowStyle | None] = [None] * len(sheet.stops) + [RowStyle(fill=TOTAL_FILL)]
    return GridTable(_COLUMNS, rows, measure, styles=styles, tail=tail)
