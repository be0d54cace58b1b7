"""到货核对单 (receiving sheet): per supplier, each SKU expected, received, short, over and
damaged as counted at receiving, with lines for the receiver's and the supplier's signatures."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.documents.models import ReceivingSheet
from printers.documents.pdf_base import (
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
    paragraph,
    register_font,
)
from printers.fonts import CjkFont

TITLE = "到货核对单"
_COLUMNS = (
    Column("商品编码", 26 * mm),
    Column("商品", 52 * mm),
    Column("规格", 22 * mm),
    Column("应到", 15 * mm, "right"),
    Column("实收", 15 * mm, "right"),
    Column("短缺", 15 * mm, "right"),
    Column("超收", 15 * mm, "right"),
    Column("破损", 15 * mm, "right"),
)


def render_receiving_sheets(
    sheets: Sequence[ReceivingSheet], *, font: CjkFont | None = None
) -> bytes:
    """One PDF, one section (its own pages) per supplier."""
    styles = Styles.for_font(register_font(font))
    measure = Measure(styles.font)
    return build_pdf(
        (_supplier(s, styles, measure) for s in sheets), title=TITLE, font_name=styles.font
    )


def _supplier(s: ReceivingSheet, styles: Styles, measure: Measure) -> list[Flowable]:
    section = Section(
        title=TITLE,
        subject=f"{s.supplier_name}（{s.supplier_id}） {s.delivery_date.isoformat()}",
        footer=f"波次 {s.wave_id}",
    )
    state = "已结束收货" if s.receiving_closed else "收货进行中（数字可能还会变）"
    fields = FieldBlock(
        [
            [
                ("供应商", f"{s.supplier_name}（{s.supplier_id}）"),
                ("配送日期", s.delivery_date.isoformat()),
            ],
            [("波次", s.wave_id), ("商品", f"{len(s.lines)} 种")],
            [("收货状态", state)],
        ],
        styles.font,
    )
    rows: list[list[object]] = [
        [
            line.sku_id,
            line.name,
            line.spec,
            line.ordered,
            line.received,
            line.short or "",
            line.over or "",
            line.damaged or "",
        ]
        for line in s.lines
    ]
    rows.append(["", "合计", "", s.ordered, s.received, s.short, s.over, s.damaged])
    row_styles: list[RowStyle | None] = [None] * len(s.lines) + [RowStyle(fill=TOTAL_FILL)]
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        fields,
        Spacer(1, 3 * mm),
        GridTable(
            _COLUMNS,
            rows,
            measure,
            styles=row_styles,
            tail=[
                Spacer(1, 8 * mm),
                SignatureLine(
                    [("收货员", ""), ("送货人（供应商）", ""), ("日期", "")], styles.font
                ),
            ],
        ),
    ]
