"""供应商缺货单: per supplier, what was delivered short or damaged, for the buyer's claim and
the next day's order."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.documents.models import SupplierShortage
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

TITLE = "供应商缺货单"
_COLUMNS = (
    Column("商品编码", 24 * mm),
    Column("商品", 52 * mm),
    Column("规格", 24 * mm),
    Column("订购", 15 * mm, "right"),
    Column("实收", 15 * mm, "right"),
    Column("破损", 15 * mm, "right"),
    Column("短缺", 15 * mm, "right"),
    Column("原因", 26 * mm),
)


def render_supplier_shortages(
    shortages: Sequence[SupplierShortage], *, font: CjkFont | None = None
) -> bytes:
    """One PDF, one section per supplier."""
    styles = Styles.for_font(register_font(font))
    measure = Measure(styles.font)
    return build_pdf(
        (_supplier(s, styles, measure) for s in shortages), title=TITLE, font_name=styles.font
    )


def _supplier(s: SupplierShortage, styles: Styles, measure: Measure) -> list[Flowable]:
    section = Section(
        title=TITLE,
        subject=f"{s.supplier_name}（{s.supplier_id}） {s.delivery_date.isoformat()}",
        footer=f"波次 {s.wave_id}",
    )
    fields = FieldBlock(
        [
            [
                ("供应商", f"{s.supplier_name}（{s.supplier_id}）"),
                ("配送日期", s.delivery_date.isoformat()),
            ],
            [("波次", s.wave_id), ("商品", f"{len(s.lines)} 种")],
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
            line.damaged,
            line.short,
            " ".join(f"{note.reason_zh} {note.qty}" for note in line.reasons),
        ]
        for line in s.lines
    ]
    rows.append(["", "合计", "", s.ordered, s.received, s.damaged, s.short, ""])
    styles_: list[RowStyle | None] = [None] * len(s.lines) + [RowStyle(fill=TOTAL_FILL)]
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        fields,
        Spacer(1, 3 * mm),
        GridTable(
            _COLUMNS,
            rows,
            measure,
            styles=styles_,
            tail=[
                Spacer(1, 8 * mm),
                SignatureLine([("收货员", ""), ("供应商确认", ""), ("日期", "")], styles.font),
            ],
        ),
    ]
