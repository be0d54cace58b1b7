"""装车单: per route, the stops in delivery order with their crates; the loader ticks each stop
as its crates go on the truck, the driver signs for the count and brings empty crates back."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from printers.documents.models import LoadSheet
from printers.documents.pdf_base import (
    Cells,
    Checkbox,
    Section,
    SectionStart,
    SignatureLine,
    Styles,
    build_pdf,
    crate_numbers,
    data_table,
    field_table,
    paragraph,
    register_font,
)
from printers.fonts import CjkFont

TITLE = "装车单"
_HEADER = ["站序", "社区", "团长", "筐数", "筐号", "件数", "回收空筐", "已装"]
_WIDTHS = [w * mm for w in (11, 46, 42, 12, 29, 14, 18, 14)]
_FIELD_WIDTHS = [w * mm for w in (16, 77, 16, 77)]


def render_load_sheet(sheet: LoadSheet, *, font: CjkFont | None = None) -> bytes:
    """One route's load sheet as a PDF."""
    return render_load_sheets([sheet], font=font)


def render_load_sheets(sheets: Sequence[LoadSheet], *, font: CjkFont | None = None) -> bytes:
    """Several routes in one PDF, one section per route."""
    styles = Styles.for_font(register_font(font))
    cells = Cells(styles)
    return build_pdf((_sheet(s, styles, cells) for s in sheets), title=TITLE, font_name=styles.font)


def _sheet(sheet: LoadSheet, styles: Styles, cells: Cells) -> list[Flowable]:
    section = Section(
        title=f"{TITLE}  {sheet.route_name}（{sheet.route_id}）",
        subject=sheet.delivery_date.isoformat(),
        footer=f"波次 {sheet.wave_id}",
    )
    delivery = sheet.delivery_date.isoformat()
    totals = f"{len(sheet.stops)} 站，{sheet.crates} 筐，{sheet.units} 件"
    fields = field_table(
        [
            ["线路", f"{sheet.route_name}（{sheet.route_id}）", "配送日期", delivery],
            ["波次", sheet.wave_id, "合计", totals],
        ],
        _FIELD_WIDTHS,
        styles.font,
    )
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        fields,
        Spacer(1, 3 * mm),
        _stops_table(sheet, styles, cells),
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                SignatureLine(
                    [("司机", sheet.driver_name), ("车牌", sheet.plate), ("发车时间", "")],
                    styles.font,
                ),
                Spacer(1, 5 * mm),
                SignatureLine([("司机签字", ""), ("装车员签字", ""), ("日期", "")], styles.font),
            ]
        ),
    ]


def _stops_table(sheet: LoadSheet, styles: Styles, cells: Cells) -> Flowable:
    rows: list[list[object]] = [list(_HEADER)]
    for stop in sheet.stops:
        rows.append(
            [
                stop.stop_seq,
                cells.fit(f"{stop.community_name}（{stop.community_id}）", _WIDTHS[1]),
                cells.fit(f"{stop.leader_name} {stop.leader_phone_masked}", _WIDTHS[2]),
                stop.crates,
                cells.fit(crate_numbers(stop.crate_seqs) or "—", _WIDTHS[4]),
                stop.units,
                stop.collect_back,
                Checkbox(),
            ]
        )
    rows.append(
        ["", "合计", f"{len(sheet.stops)} 站", sheet.crates, "", sheet.units, sheet.collect_back, ""]
    )
    return data_table(
        rows,
        _WIDTHS,
        styles.font,
        numeric_cols=(0, 3, 5, 6),
        total_row=True,
        extra_style=[("ALIGN", (7, 1), (7, -1), "CENTER")],
    )
