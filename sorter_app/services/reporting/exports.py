"""`sorter-app export`: a wave's numbers as CSV (UTF-8 with BOM, for Excel) or XLSX.

What a supervisor opens in Excel: column names in the chosen language (Chinese by default),
times in the hub's time zone, one named sheet, rows of nothing but zeros left out. Text from the
platform or the hub's people (names, IDs, worker codes) is written so that no spreadsheet runs
it as a formula: a text cell in XLSX, a leading ' in CSV where it starts like one.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sorter_app.services.reporting.safe_cells import csv_cell, xlsx_text
from sorter_app.services.views.numbers import (
    BEFORE_PREVIOUS,
    IMPORTED_BEFORE_CUTOFF,
    TimelineStep,
    losses,
    missorts,
    timeline,
)
from sorter_app.services.views.progress import worker_stats
from sorter_app.store.database import Store

WHATS = ("timeline", "shortages", "missorts", "claims", "productivity")

# (Chinese, English) of each export's sheet and columns.
_SHEETS = {
    "timeline": ("时间线", "Timeline"),
    "shortages": ("缺货与破损", "Shortage and damage"),
    "missorts": ("错分", "Missorts"),
    "claims": ("售后", "Claims"),
    "productivity": ("作业效率", "Productivity"),
}
_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "timeline": (
        ("节点", "step"),
        ("时间", "time"),
        ("距上一节点（分钟）", "minutes since previous"),
        ("备注", "note"),
    ),
    "shortages": (
        ("维度", "by"),
        ("编号", "key"),
        ("名称", "name"),
        ("订购", "ordered"),
        ("缺货", "shorted"),
        ("破损", "damaged"),
        ("缺货率", "shortage rate"),
        ("破损率", "damage rate"),
    ),
    "missorts": (
        ("已分件数", "units put"),
        ("错筐拦截", "wrong crates caught"),
        ("错筐拦截（每万件）", "caught per 10,000"),
        ("售后错分", "claimed missorts"),
        ("售后错分（每万件）", "claimed per 10,000"),
    ),
    "claims": (
        ("售后单号", "claim"),
        ("类型", "kind"),
        ("商品编号", "SKU"),
        ("件数", "qty"),
        ("筐号", "crate"),
        ("放入工位", "put at station"),
        ("放入作业员", "put by worker"),
    ),
    "productivity": (
        ("作业员", "worker"),
        ("放入次数", "puts"),
        ("件数", "units"),
        ("错筐拦截", "wrong crates caught"),
        ("错筐（每万件）", "wrong crates per 10,000"),
        ("每小时放入", "puts per hour"),
        ("首次放入", "first put"),
        ("最后放入", "last put"),
    ),
}
_STEPS = {
    "cutoff": ("截单", "cutoff"),
    "imported": ("导入完成", "imported"),
    "receiving": ("开始收货", "receiving started"),
    "sorting": ("开始分拣", "sorting started"),
    "sorted": ("分拣完成", "sorted"),
    "dispatched": ("全部发车", "all routes dispatched"),
}
_NOTES = {
    IMPORTED_BEFORE_CUTOFF: ("导入早于截单", "imported before cutoff"),
    BEFORE_PREVIOUS: ("早于上一节点", "earlier than the step before"),
}
_BY = {"sku": ("商品", "SKU"), "category": ("品类", "category"), "supplier": ("供应商", "supplier")}
_CLAIM_KINDS = {
    "missing": ("少货", "missing"),
    "wrong_item": ("错货", "wrong item"),
    "damaged": ("破损", "damaged"),
    "extra": ("多货", "extra"),
}


@dataclass(frozen=True)
class ExportTable:
    """One export as it is written: a named sheet, its header and rows."""

    sheet: str
    header: list[str]
    rows: list[list[Any]]


def export_table(
    store: Store, wave_id: str, what: str, *, lang: str = "zh", zone: ZoneInfo | None = None
) -> ExportTable:
    """The export `what` of a wave, in `lang` (zh | en), times in `zone` (the hub's)."""
    if what not in WHATS:
        raise ValueError(f"unknown export {what!r}; choose one of {', '.join(WHATS)}")
    words = Words.of(lang, zone)
    rows = _ROWS[what](store, wave_id, words)
    if what != "timeline":  # a timeline step is a moment, not a count: it always stays
        rows = [row for row in rows if not _all_zero(row)]
    return ExportTable(words(_SHEETS[what]), [words(c) for c in _COLUMNS[what]], rows)


@dataclass(frozen=True)
class Words:
    """The reader's language and the hub's time zone: `words(pair)` is a (Chinese, English) pair's
    word, `words.local(at)` a moment as the hub's clocks showed it. The trends' export too."""

    lang: str
    zone: ZoneInfo

    @classmethod
    def of(cls, lang: str, zone: ZoneInfo | None) -> Words:
        """`lang` (zh | en) in `zone`, by default the hub's usual one."""
        return cls(lang, zone or ZoneInfo("Asia/Shanghai"))

    def __call__(self, pair: tuple[str, str]) -> str:
        return pair[0] if self.lang == "zh" else pair[1]

    def local(self, at: datetime | None) -> datetime | None:
        # Naive hub-local time, as the hub's clocks showed it: Excel has no time zones.
        return at.astimezone(self.zone).replace(tzinfo=None) if at is not None else None


def _timeline(store: Store, wave_id: str, w: Words) -> list[list[Any]]:
    def step_name(step: TimelineStep) -> str:
        stage, _, route = step.step.partition(":")
        if route:
            return w((f"线路 {route} 发车", f"route {route} dispatched"))
        return w(_STEPS.get(stage, (stage, stage)))

    return [
        [
            step_name(s),
            w.local(s.at),
            s.minutes_since_previous,
            w(_NOTES.get(s.note, (s.note, s.note))),
        ]
        for s in timeline(store, wave_id)
    ]


def _shortages(store: Store, wave_id: str, w: Words) -> list[list[Any]]:
    return [
        [
            w(_BY[by]),
            r.key,
            r.name,
            r.ordered,
            r.shorted,
            r.damaged,
            round(r.shortage_rate, 4),
            round(r.damage_rate, 4),
        ]
        for by in ("sku", "category", "supplier")
        for r in losses(store, wave_id, by)
    ]


def _missorts(store: Store, wave_id: str, w: Words) -> list[list[Any]]:
    m = missorts(store, wave_id)
    return [
        [
            m.units_put,
            m.near_missorts,
            round(m.near_per_10k, 2),
            m.claimed_missorts,
            round(m.claimed_per_10k, 2),
        ]
    ]


def _claims(store: Store, wave_id: str, w: Words) -> list[list[Any]]:
    return [
        [claim_id, w(_CLAIM_KINDS.get(kind, (kind, kind))), sku, qty, crate, station, worker]
        for claim_id, kind, sku, qty, crate, station, worker in missorts(store, wave_id).claims
    ]


def _productivity(store: Store, wave_id: str, w: Words) -> list[list[Any]]:
    return [
        [
            row.worker,
            row.puts,
            row.units,
            row.wrong_crate,
            round(row.wrong_crate_per_10k, 2),
            round(row.puts_per_hour, 1),
            w.local(row.first_at),
            w.local(row.last_at),
        ]
        for row in worker_stats(store, wave_id)
    ]


_ROWS: dict[str, Callable[[Store, str, Words], list[list[Any]]]] = {
    "timeline": _timeline,
    "shortages": _shortages,
    "missorts": _missorts,
    "claims": _claims,
    "productivity": _productivity,
}


def _all_zero(row: Sequence[Any]) -> bool:
    """Every number in the row is zero (text and times do not count; a row without numbers
    is not a zero row)."""
    numbers = [v for v in row if isinstance(v, int | float) and not isinstance(v, bool)]
    return bool(numbers) and all(v == 0 for v in numbers)


def write_export(path: Path, table: ExportTable, fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([csv_cell(h) for h in table.header])
            writer.writerows([csv_cell(v) for v in row] for row in table.rows)
        return
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = table.sheet
        for r, row in enumerate([table.header, *table.rows], start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, str):
                    xlsx_text(cell, value)
                elif isinstance(value, datetime):
                    cell.value = value
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                else:
                    cell.value = value
        sheet.freeze_panes = "A2"
        book.save(path)
        return
    raise ValueError(f"unknown format {fmt!r}; choose csv or xlsx")
