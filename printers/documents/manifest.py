"""团长签收单/装箱单: per community, what was ordered, what is in the crates, what is short and
why; the leader checks the delivery against it and signs. One copy also travels in the crate."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.documents.models import Manifest, ManifestCrate, ManifestLine
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
    crate_numbers,
    paragraph,
    register_font,
)
from printers.fonts import CjkFont
from printers.model import ZONE_TEXT_ZH, Zone

TITLE = "团长签收单 / 装箱单"
_COLUMNS = (
    Column("序号", 9 * mm, "right"),
    Column("商品", 50 * mm),
    Column("规格", 22 * mm),
    Column("订购", 12 * mm, "right"),
    Column("应发", 12 * mm, "right"),
    Column("实发", 12 * mm, "right"),
    Column("缺货（原因）", 27 * mm),
    Column("筐号", 17 * mm),
    Column("售后/备注", 25 * mm),
)
_SHORT_COL = 6
# Short quantities must stand out in print: most CJK fonts have no bold, so the cell is framed.
_SHORT_ROW = RowStyle(boxed=(_SHORT_COL,))
_TOTAL_ROW = RowStyle(fill=TOTAL_FILL)
LISTED_CRATES = 6  # up to this many crates, each is listed with its full crate ID
NOTICE = "请当场清点：少货、错货、破损请在“售后/备注”栏注明数量，并请司机签字确认。"


def render_manifests(manifests: Sequence[Manifest], *, font: CjkFont | None = None) -> bytes:
    """One PDF, one section per manifest, in the order given (route and stop order)."""
    styles = Styles.for_font(register_font(font))
    measure = Measure.shared(styles.font)
    return build_pdf(
        (_manifest(m, styles, measure) for m in manifests), title=TITLE, font_name=styles.font
    )


def _manifest(m: Manifest, styles: Styles, measure: Measure) -> list[Flowable]:
    section = Section(
        title=f"{TITLE}  {m.route_name} 第 {m.stop_seq} 站",
        subject=f"{m.community_name}（{m.community_id}） {m.delivery_date.isoformat()}",
        footer=f"波次 {m.wave_id}",
    )
    tail = [
        Spacer(1, 3 * mm),
        paragraph(NOTICE, styles.small),
        Spacer(1, 6 * mm),
        SignatureLine([("团长签字", ""), ("日期", ""), ("司机签字", "")], styles.font),
    ]
    return [
        SectionStart(section),
        paragraph(TITLE, styles.title),
        _fields(m, styles.font),
        Spacer(1, 3 * mm),
        _lines_table(m, measure, tail),
    ]


def _fields(m: Manifest, font: str) -> Flowable:
    return FieldBlock(
        [
            [
                ("社区", f"{m.community_name}（{m.community_id}）"),
                ("团长", f"{m.leader_name}  {m.leader_phone_masked}"),
            ],
            [("自提点", m.pickup_address)],
            [
                ("线路", f"{m.route_name}（{m.route_id}） 第 {m.stop_seq} 站"),
                ("配送日期", m.delivery_date.isoformat()),
            ],
            [("波次", m.wave_id), ("筐数", f"{len(m.crates)} 筐")],
            [("筐号", _crates_text(m.crates))],
        ],
        font,
    )


def _crates_text(crates: Sequence[ManifestCrate]) -> str:
    """A few crates each with its full ID; many (a big leader's 100+) as numbers by zone and
    the first and last ID, which keeps the sheet's head to a few lines."""
    if not crates:
        return "—"
    if len(crates) <= LISTED_CRATES:
        return "；".join(
            f"{c.seq}号 {c.crate_id} {ZONE_TEXT_ZH[c.zone]}{'（加筐）' if c.extra else ''}"
            for c in crates
        )
    by_zone = [
        f"{ZONE_TEXT_ZH[zone]} {crate_numbers(c.seq for c in crates if c.zone is zone)}"
        for zone in Zone
        if any(c.zone is zone for c in crates)
    ]
    extra = [c.seq for c in crates if c.extra]
    if extra:
        by_zone.append(f"加筐 {crate_numbers(extra)}")
    return f"{'；'.join(by_zone)}（{crates[0].crate_id} 至 {crates[-1].crate_id}）"


def _lines_table(m: Manifest, measure: Measure, tail: list[Flowable]) -> Flowable:
    rows: list[list[object]] = []
    styles: list[RowStyle | None] = []
    for i, line in enumerate(m.lines, start=1):
        rows.append(_line_row(i, line))
        styles.append(_SHORT_ROW if line.short else None)
    short_total = f"缺 {m.short}" if m.short else "0"
    rows.append(
        ["", "合计", f"{len(m.lines)} 种", m.ordered, m.due, m.shipped, short_total, "", ""]
    )
    styles.append(_TOTAL_ROW)
    return GridTable(_COLUMNS, rows, measure, styles=styles, tail=tail)


def _line_row(i: int, line: ManifestLine) -> list[object]:
    return [
        i,
        line.name,
        line.spec,
        line.ordered,
        line.due,
        line.shipped,
        " ".join(f"{note.reason_zh} {note.qty}" for note in line.shorts),
        crate_numbers(line.crate_seqs),
        line.remark,
    ]
