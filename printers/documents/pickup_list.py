"""团长分拣单: per community, each customer's goods, sorted by pickup code, so the leader can
bag orders before customers arrive and hand them out on the code they show."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.documents.models import PickupList
from printers.documents.pdf_base import (
    Cells,
    Checkbox,
    Section,
    SectionStart,
    Styles,
    build_pdf,
    data_table,
    field_table,
    paragraph,
    register_font,
)
from printers.fonts import CjkFont

TITLE = "团长分拣单"
_HEADER = ["提货码", "顾客", "商品", "规格", "数量", "缺货", "件数", "已取"]
_WIDTHS = [w * mm for w in (20, 30, 58, 24, 13, 17, 12, 12)]
_FIELD_WIDTHS = [w * mm for w in (16, 77, 16, 77)]
_GROUP_FILL = colors.Color(0.96, 0.96, 0.96)


def render_pickup_lists(lists: Sequence[PickupList], *, font: CjkFont | None = None) -> bytes:
    """One PDF, one section per community, in the order given (route and stop order)."""
    styles = Styles.for_font(register_font(font))
    cells = Cells(styles)
    return build_pdf(
        (_pickup_list(p, styles, cells) for p in lists), title=TITLE, font_name=styles.font
    )


def _pickup_list(p: PickupList, styles: Styles, cells: Cells) -> list[Flowable]:
    section = Section(
        title=f"{TITLE}  {p.route_name} 第 {p.stop_seq} 站",
        subject=f"{p.community_name}（{p.community_id}） {p.delivery_date.isoformat()}",
        footer=f"波次 {p.wave_id}",
    )
    fields = field_table(
        [
            [
                "社区",
                cells.fit(f"{p.community_name}（{p.community_id}）", _FIELD_WIDTHS[1]),
                "团长",
                cells.fit(f"{p.leader_name}  {p.leader_phone_masked}", _FIELD_WIDTHS[3]),
            ],
            ["自提点", cells.fit(p.pickup_address, sum(_FIELD_WIDTHS[1:])), "", ""],
            [
                "配送日期",
                p.delivery_date.isoformat(),
                "顾客",
                f"{len(p.customers)} 位，共 {p.units} 件",
            ],
        ],
        _FIELD_WIDTHS,
        styles.font,
    )
    fields.setStyle([("SPAN", (1, 1), (3, 1))])
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        fields,
        Spacer(1, 3 * mm),
        _customers_table(p, styles, cells),
    ]


def _customers_table(p: PickupList, styles: Styles, cells: Cells) -> Flowable:
    rows: list[list[object]] = [list(_HEADER)]
    extra: list[tuple[object, ...]] = []
    for n, customer in enumerate(p.customers):
        first = len(rows)
        for i, item in enumerate(customer.items):
            head = i == 0
            rows.append(
                [
                    customer.pickup_code if head else "",
                    cells.fit(customer.nickname, _WIDTHS[1]) if head else "",
                    cells.fit(item.name, _WIDTHS[2]),
                    cells.fit(item.spec, _WIDTHS[3]),
                    f"{item.qty} {item.unit}".strip(),
                    f"{item.short_reason_zh or '缺'} {item.short}" if item.short else "",
                    customer.units if head else "",
                    Checkbox() if head else "",
                ]
            )
        last = len(rows) - 1
        # A heavy line between customers; alternate shading keeps each customer's rows together
        # to the eye without spanned cells (which would not split across pages).
        extra.append(("LINEABOVE", (0, first), (-1, first), 1.2, colors.black))
        if n % 2:
            extra.append(("BACKGROUND", (0, first), (-1, last), _GROUP_FILL))
    return data_table(
        rows,
        _WIDTHS,
        styles.font,
        numeric_cols=(4, 6),
        extra_style=[("ALIGN", (7, 1), (7, -1), "CENTER"), *extra],
    )
