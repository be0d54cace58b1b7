"""缺货单 per supplier: what each supplier delivered short or damaged, for the buyer's claim and
the next day's order."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.documents.models import SupplierShortage
from printers.documents.pdf_base import (
    Cells,
    Section,
    SectionStart,
    SignatureLine,
    Styles,
    build_pdf,
    data_table,
    field_table,
    paragraph,
    register_font,
)
from printers.fonts import CjkFont

TITLE = "供应商缺货单"
_HEADER = ["商品编码", "商品", "规格", "订购", "实收", "破损", "短缺", "原因"]
_WIDTHS = [w * mm for w in (24, 52, 24, 15, 15, 15, 15, 26)]
_FIELD_WIDTHS = [w * mm for w in (16, 77, 16, 77)]


def render_supplier_shortages(
    shortages: Sequence[SupplierShortage], *, font: CjkFont | None = None
) -> bytes:
    """One PDF, one section per supplier."""
    styles = Styles.for_font(register_font(font))
    cells = Cells(styles)
    return build_pdf(
        (_supplier(s, styles, cells) for s in shortages), title=TITLE, font_name=styles.font
    )


def _supplier(s: SupplierShortage, styles: Styles, cells: Cells) -> list[Flowable]:
    section = Section(
        title=TITLE,
        subject=f"{s.supplier_name}（{s.supplier_id}） {s.delivery_date.isoformat()}",
        footer=f"波次 {s.wave_id}",
    )
    fields = field_table(
        [
            [
                "供应商",
                cells.fit(f"{s.supplier_name}（{s.supplier_id}）", _FIELD_WIDTHS[1]),
                "配送日期",
                s.delivery_date.isoformat(),
            ],
            ["波次", s.wave_id, "商品", f"{len(s.lines)} 种"],
        ],
        _FIELD_WIDTHS,
        styles.font,
    )
    rows: list[list[object]] = [list(_HEADER)]
    for line in s.lines:
        reasons = " ".join(f"{note.reason_zh} {note.qty}" for note in line.reasons)
        rows.append(
            [
                cells.fit(line.sku_id, _WIDTHS[0]),
                cells.fit(line.name, _WIDTHS[1]),
                cells.fit(line.spec, _WIDTHS[2]),
                line.ordered,
                line.received,
                line.damaged,
                line.short,
                cells.fit(reasons, _WIDTHS[7]),
            ]
        )
    rows.append(["", "合计", "", s.ordered, s.received, s.damaged, s.short, ""])
    table = data_table(rows, _WIDTHS, styles.font, numeric_cols=(3, 4, 5, 6), total_row=True)
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        fields,
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 8 * mm),
        SignatureLine([("收货员", ""), ("供应商确认", ""), ("日期", "")], styles.font),
    ]
