"""团长签收单/装箱单: per community, what was ordered, what is in the crates, what is short and
why; the leader checks the delivery against it and signs. One copy also travels in the crate."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from printers.documents.models import Manifest, ManifestLine
from printers.documents.pdf_base import (
    Cells,
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
from printers.model import ZONE_TEXT_ZH

TITLE = "团长签收单 / 装箱单"
_HEADER = ["序号", "商品", "规格", "订购", "应发", "实发", "缺货（原因）", "筐号", "售后/备注"]
_WIDTHS = [w * mm for w in (9, 50, 22, 12, 12, 12, 27, 17, 25)]
_NUMERIC = (0, 3, 4, 5)
_FIELD_WIDTHS = [w * mm for w in (16, 77, 16, 77)]


def render_manifests(manifests: Sequence[Manifest], *, font: CjkFont | None = None) -> bytes:
    """One PDF, one section per manifest, in the order given (route and stop order)."""
    styles = Styles.for_font(register_font(font))
    cells = Cells(styles)
    return build_pdf(
        (_manifest(m, styles, cells) for m in manifests), title=TITLE, font_name=styles.font
    )


def _manifest(m: Manifest, styles: Styles, cells: Cells) -> list[Flowable]:
    section = Section(
        title=f"{TITLE}  {m.route_name} 第 {m.stop_seq} 站",
        subject=f"{m.community_name}（{m.community_id}） {m.delivery_date.isoformat()}",
        footer=f"波次 {m.wave_id}",
    )
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        _fields(m, styles, cells),
        Spacer(1, 3 * mm),
        _lines_table(m, styles, cells),
        Spacer(1, 3 * mm),
        KeepTogether(
            [
                paragraph(
                    "请当场清点：少货、错货、破损请在“售后/备注”栏注明数量，并请司机签字确认。",
                    styles.small,
                ),
                Spacer(1, 6 * mm),
                SignatureLine([("团长签字", ""), ("日期", ""), ("司机签字", "")], styles.font),
            ]
        ),
    ]


def _fields(m: Manifest, styles: Styles, cells: Cells) -> Flowable:
    value_width = _FIELD_WIDTHS[1]
    wide = _FIELD_WIDTHS[1] + _FIELD_WIDTHS[2] + _FIELD_WIDTHS[3]
    crates = "；".join(
        f"{c.seq}号 {c.crate_id} {ZONE_TEXT_ZH[c.zone]}{'（加箱）' if c.extra else ''}"
        for c in m.crates
    )
    rows = [
        [
            "社区",
            cells.fit(f"{m.community_name}（{m.community_id}）", value_width),
            "团长",
            cells.fit(f"{m.leader_name}  {m.leader_phone_masked}", value_width),
        ],
        ["自提点", cells.fit(m.pickup_address, wide), "", ""],
        [
            "线路",
            f"{m.route_name}（{m.route_id}） 第 {m.stop_seq} 站",
            "配送日期",
            m.delivery_date.isoformat(),
        ],
        ["波次", m.wave_id, "筐数", f"{len(m.crates)} 筐"],
        ["筐号", cells.fit(crates or "—", wide), "", ""],
    ]
    table = field_table(rows, _FIELD_WIDTHS, styles.font)
    table.setStyle([("SPAN", (1, 1), (3, 1)), ("SPAN", (1, 4), (3, 4))])
    return table


def _lines_table(m: Manifest, styles: Styles, cells: Cells) -> Flowable:
    rows: list[list[object]] = [list(_HEADER)]
    short_rows: list[int] = []
    for i, line in enumerate(m.lines, start=1):
        rows.append(_line_row(i, line, cells))
        if line.short:
            short_rows.append(i)
    rows.append(
        ["", "合计", f"{len(m.lines)} 种", m.ordered, m.due, m.shipped, _short_total(m), "", ""]
    )
    # Short quantities stand out in print: bold is not available in most CJK fonts, so a box.
    emphasis = [("BOX", (6, r), (6, r), 1.2, (0, 0, 0)) for r in short_rows]
    return data_table(
        rows,
        _WIDTHS,
        styles.font,
        numeric_cols=_NUMERIC,
        total_row=True,
        extra_style=[("ALIGN", (3, -1), (5, -1), "RIGHT"), *emphasis],
    )


def _line_row(i: int, line: ManifestLine, cells: Cells) -> list[object]:
    short = " ".join(f"{note.reason_zh} {note.qty}" for note in line.shorts)
    return [
        i,
        cells.fit(line.name, _WIDTHS[1]),
        cells.fit(line.spec, _WIDTHS[2]),
        line.ordered,
        line.due,
        line.shipped,
        cells.fit(short, _WIDTHS[6]),
        cells.fit(crate_numbers(line.crate_seqs), _WIDTHS[7]),
        cells.fit(line.remark, _WIDTHS[8]),
    ]


def _short_total(m: Manifest) -> str:
    return f"缺 {m.short}" if m.short else "0"
