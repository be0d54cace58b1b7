"""The audit log of supervised actions, read back: listed (the audit screen, `sorter-app audit
list`), verified (`sorter-app audit verify`) and exported as CSV or XLSX.

Records are written by the actions themselves, in their own transactions, through
`store/audit_repo.py:record_audit`; the chain is defined in `domain/audit.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sorter_app.domain.audit import ACTION_WORDS, AuditRecord, ChainBreak, first_break
from sorter_app.services.reporting.exports import ExportTable, write_export
from sorter_app.store import audit_repo
from sorter_app.store.database import Store

# A screen shows this many of the newest records; the export and `audit list` take all.
ROWS_SHOWN = 2_000

_OBJECT_WORDS = (
    ("wave_id", "波次", "wave"),
    ("route_id", "线路", "route"),
    ("sku_id", "商品", "SKU"),
    ("crate_id", "筐", "crate"),
    ("entry_id", "上报 #", "report #"),
    ("person_id", "人员", "person"),
)
_COLUMNS = (
    ("编号", "no."),
    ("时间", "time"),
    ("班组长", "supervisor"),
    ("操作", "action"),
    ("对象", "object"),
    ("原因", "reason"),
    ("操作代码", "action code"),
    ("哈希", "hash"),
)


@dataclass(frozen=True)
class AuditCheck:
    records: int  # how many records were checked (up to the break)
    broken: ChainBreak | None  # the first record whose link does not hold

    @property
    def intact(self) -> bool:
        return self.broken is None


def audit_records(
    store: Store, *, wave_id: str | None = None, limit: int | None = None
) -> list[AuditRecord]:
    """The newest records first (of one wave when `wave_id` is given)."""
    with store.read() as session:
        return audit_repo.records(session, wave_id=wave_id, newest_first=True, limit=limit)


def verify_audit(store: Store) -> AuditCheck:
    """Recompute the whole chain from the stored columns, oldest first."""
    checked = 0

    def counted(records: Iterable[AuditRecord]) -> Iterator[AuditRecord]:
        nonlocal checked
        for record in records:
            checked += 1
            yield record

    with store.read() as session:
        broken = first_break(counted(audit_repo.every_record(session)))
    return AuditCheck(checked, broken)


def action_words(action: str, lang: str = "zh") -> str:
    """An action code in words (the code itself when unknown: a newer release wrote it)."""
    zh, en = ACTION_WORDS.get(action, (action, action))
    return zh if lang == "zh" else en


def object_text(record: AuditRecord, lang: str = "zh") -> str:
    """Which object the action was about, e.g. "波次 W1 线路 R01"."""
    parts = []
    for name, zh, en in _OBJECT_WORDS:
        value = getattr(record, name)
        if value:
            word = zh if lang == "zh" else en
            parts.append(f"{word}{value}" if word.endswith("#") else f"{word} {value}")
    return "  ".join(parts)


def audit_table(records: list[AuditRecord], *, lang: str = "zh", zone: ZoneInfo) -> ExportTable:
    """The records as an export: times in the hub's zone (naive, as Excel has no zones)."""
    return ExportTable(
        "审计日志" if lang == "zh" else "Audit log",
        [zh if lang == "zh" else en for zh, en in _COLUMNS],
        [
            [
                r.seq,
                r.at.astimezone(zone).replace(tzinfo=None),
                r.supervisor,
                action_words(r.action, lang),
                object_text(r, lang),
                r.reason,
                r.action,
                r.hash,
            ]
            for r in sorted(records, key=lambda r: r.seq)
        ],
    )


def export_audit(
    store: Store,
    path: Path,
    *,
    fmt: str = "csv",
    lang: str = "zh",
    zone: ZoneInfo,
    wave_id: str | None = None,
    limit: int | None = None,
) -> int:
    """Write the log (of one wave, or all of it; the newest `limit` records) to `path` as CSV or
    XLSX, oldest first, with cells no spreadsheet runs as a formula. Returns how many records
    were written."""
    records = audit_records(store, wave_id=wave_id, limit=limit)
    write_export(path, audit_table(records, lang=lang, zone=zone), fmt)
    return len(records)
