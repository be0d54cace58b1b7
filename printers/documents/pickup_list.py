"""团长分拣单: per community, each customer's goods, sorted by pickup code, so the leader can
bag orders before customers arrive and hand them out on the code they show."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.documents.models import PickupItem, PickupList
from printers.documents.pdf_base import (
    CHECKBOX,
    GROUP_FILL,
    Column,
    FieldBlock,
    GridTable,
    Measure,
    RowStyle,
    Section,
    SectionStart,
    Styles,
    build_pdf,
    paragraph,
    register_font,
)
from printers.fonts import CjkFont

TITLE = "团长分拣单"
_COLUMNS = (
    Column("提货码", 20 * mm),
    Column("顾客", 30 * mm),
    Column("商品", 58 * mm),
    Column("规格", 24 * mm),
    Column("数量", 13 * mm, "right"),
    Column("缺货", 17 * mm),
    Column("件数", 12 * mm, "right"),
    Column("已取", 12 * mm, "center"),
)
# A heavy rule starts each customer, and every other customer is shaded: a customer's rows stay
# together to the eye without spanned cells (which could not split across pages).
_FIRST = RowStyle(rule_above=1.2)
_FIRST_SHADED = RowStyle(fill=GROUP_FILL, rule_above=1.2)
_SHADED = RowStyle(fill=GROUP_FILL)


def render_pickup_lists(lists: Sequence[PickupList], *, font: CjkFont | None = None) -> bytes:
    """One PDF, one section per community, in the order given (route and stop order)."""
    styles = Styles.for_font(register_font(font))
    measure = Measure(styles.font)
    return build_pdf(
        (_pickup_list(p, styles, measure) for p in lists), title=TITLE, font_name=styles.font
    )


def _pickup_list(p: PickupList, styles: Styles, measure: Measure) -> list[Flowable]:
    section = Section(
        title=f"{TITLE}  {p.route_name} 第 {p.stop_seq} 站",
        subject=f"{p.community_name}（{p.community_id}） {p.delivery_date.isoformat()}",
        footer=f"波次 {p.wave_id}",
    )
    fields = FieldBlock(
        [
            [
                ("社区", f"{p.community_name}（{p.community_id}）"),
                ("团长", f"{p.leader_name}  {p.leader_phone_masked}"),
            ],
            [("自提点", p.pickup_address)],
            [
                ("配送日期", p.delivery_date.isoformat()),
                ("顾客", f"{len(p.customers)} 位，共 {p.units} 件"),
            ],
        ],
        styles.font,
    )
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        fields,
        Spacer(1, 3 * mm),
        _customers_table(p, measure),
    ]


def _customers_table(p: PickupList, measure: Measure) -> Flowable:
    rows: list[list[object]] = []
    styles: list[RowStyle | None] = []
    for n, customer in enumerate(p.customers):
        shaded = n % 2 == 1
        for i, item in enumerate(customer.items):
            if i == 0:
                rows.append(
                    [
                        customer.pickup_code,
                        customer.nickname,
                        *_item_cells(item),
                        customer.units,
                        CHECKBOX,
                    ]
                )
                styles.append(_FIRST_SHADED if shaded else _FIRST)
            else:
                rows.append(["", "", *_item_cells(item), "", ""])
                styles.append(_SHADED if shaded else None)
    return GridTable(_COLUMNS, rows, measure, styles=styles)


def _item_cells(item: PickupItem) -> list[object]:
    short = f"{item.short_reason_zh or '缺'} {item.short}" if item.short else ""
    return [item.name, item.spec, f"{item.qty} {item.unit}".strip(), short]
