"""The audit log of supervised actions: its records, the hash chain that links them, and the
check that finds the first broken link. Pure: no store, no clock.

Every supervised action (a forced dispatch, retrying or dismissing a parked outbox entry, a label
reprint, closing receiving by hand, setting a supervisor's PIN, an outbox resend, a late undo)
appends one record in the same transaction as the action. Records are never updated or deleted.

## The chain (format version 1)

Records are numbered `seq` = 1, 2, 3, … without gaps. Record n carries `prev_hash`, the `hash` of
record n − 1 (for record 1: sixty-four zeros, `GENESIS`), and its own `hash`:

    hash = SHA-256( prev_hash + "\\n" + canonical(record) )   as 64 lowercase hex digits

where `prev_hash + "\\n"` is ASCII and `canonical(record)` is the UTF-8 encoding of this JSON
object, with exactly these keys, sorted by key, no whitespace (`separators=(",", ":")`), non-ASCII
characters as themselves (`ensure_ascii=False`):

    {"action": str, "at": str, "crate_id": str, "entry_id": str, "person_id": str,
     "reason": str, "route_id": str, "seq": int, "sku_id": str, "supervisor": str, "v": 1,
     "wave_id": str}

- `at` is the moment of the action in UTC as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (always six digits of
  microseconds, the store's precision);
- `action` is a stable action code (`Action`); `supervisor` the code of who acted;
- `wave_id`, `route_id`, `sku_id`, `crate_id`, `entry_id` (an outbox entry's number),
  `person_id` (whose PIN was set) name the object, `""` where one does not apply;
- `reason` is the supervisor's reason, `""` when the action takes none.

Texts are cleaned before hashing and stored exactly as hashed (`audit_entry`): control characters
other than tab and line feed are dropped (PostgreSQL cannot store NUL), surrounding blanks are
stripped, and each field is cut to its column's width (`LIMITS`). So `sorter-app audit verify`
recomputes every hash from the stored columns alone.

What the chain shows: a record changed in place (its hash no longer matches), a record removed or
inserted (the next record's `prev_hash` or `seq` no longer follows). What it cannot show alone: the
newest records removed together (the chain up to there is intact); comparing the last `seq` and
hash with a copy kept elsewhere catches that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum

FORMAT_VERSION = 1
GENESIS = "0" * 64


class Action(StrEnum):
    """What was done: stable codes, stored and hashed (never rename one)."""

    FORCED_DISPATCH = "dispatch.forced"
    OUTBOX_RETRY = "outbox.retry"
    OUTBOX_DISMISS = "outbox.dismiss"
    OUTBOX_RESEND = "outbox.resend"
    LABEL_REPRINT = "label.reprint"
    RECEIVING_CLOSED = "receiving.closed"
    PIN_SET = "people.pin_set"
    LATE_UNDO = "receiving.late_undo"


# (Chinese, English) of each action, for the CLI and exports (the screen has its own tr() texts).
ACTION_WORDS: dict[str, tuple[str, str]] = {
    Action.FORCED_DISPATCH: ("缺筐强制发车", "forced dispatch"),
    Action.OUTBOX_RETRY: ("重试搁置的上报", "retried a parked report"),
    Action.OUTBOX_DISMISS: ("放弃搁置的上报", "dismissed a parked report"),
    Action.OUTBOX_RESEND: ("重新发往平台", "re-sent to the platform"),
    Action.LABEL_REPRINT: ("补打筐贴", "label reprinted"),
    Action.RECEIVING_CLOSED: ("班组长结束收货", "receiving closed by a supervisor"),
    Action.PIN_SET: ("设置班组长密码", "supervisor PIN set"),
    Action.LATE_UNDO: ("超时撤销", "late undo"),
}

# Column widths (characters) of the stored fields; texts are cut to these before hashing.
LIMITS: dict[str, int] = {
    "supervisor": 32,
    "action": 40,
    "wave_id": 160,
    "route_id": 160,
    "sku_id": 160,
    "crate_id": 160,
    "entry_id": 160,
    "person_id": 160,
    "reason": 500,
}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """What a supervised action says about itself: who, what, which object, why."""

    action: str
    supervisor: str
    reason: str = ""
    wave_id: str = ""
    route_id: str = ""
    sku_id: str = ""
    crate_id: str = ""
    entry_id: str = ""
    person_id: str = ""


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One stored record of the chain."""

    seq: int
    at: datetime  # aware, UTC
    action: str
    supervisor: str
    reason: str
    wave_id: str
    route_id: str
    sku_id: str
    crate_id: str
    entry_id: str
    person_id: str
    prev_hash: str
    hash: str

    @property
    def entry(self) -> AuditEntry:
        return AuditEntry(
            self.action,
            self.supervisor,
            self.reason,
            self.wave_id,
            self.route_id,
            self.sku_id,
            self.crate_id,
            self.entry_id,
            self.person_id,
        )


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The newest record's number and hash: what the next record links to."""

    seq: int = 0
    hash: str = GENESIS


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first record whose link does not hold, and which check failed."""

    seq: int
    problem: str  # "seq" (a record missing or out of place) | "prev_hash" | "hash"

    def message(self, lang: str = "zh") -> str:
        zh, en = _PROBLEMS[self.problem]
        if lang == "zh":
            return f"审计记录 #{self.seq} 被改动或缺失：{zh}"
        return f"audit record #{self.seq} was altered or is missing: {en}"


_PROBLEMS = {
    "seq": (
        "编号不连续（有记录被删除或插入）",
        "its number does not follow (a record removed or inserted)",
    ),
    "prev_hash": ("与上一条记录的链接不符", "its link to the previous record does not match"),
    "hash": ("内容与其哈希不符", "its content does not match its hash"),
}


_ENTRY_FIELDS = tuple(field.name for field in fields(AuditEntry))


def _clean(text: str, limit: int) -> str:
    kept = "".join(ch for ch in str(text) if ch in "\t\n" or (ch >= " " and ch != "\x7f"))
    return kept.strip()[:limit].strip()


def audit_entry(entry: AuditEntry) -> AuditEntry:
    """The entry as it will be stored and hashed (see the module docstring)."""
    return AuditEntry(
        **{name: _clean(getattr(entry, name), LIMITS[name]) for name in _ENTRY_FIELDS}
    )


def utc_text(at: datetime) -> str:
    """`at` as the chain hashes it: UTC, microseconds, a trailing Z."""
    if at.tzinfo is None:
        raise ValueError(f"naive datetime in the audit log: {at!r}")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(seq: int, at: datetime, entry: AuditEntry) -> bytes:
    """The record's canonical serialisation (format version 1)."""
    values: dict[str, object] = {name: getattr(entry, name) for name in _ENTRY_FIELDS}
    values.update({"seq": seq, "at": utc_text(at), "v": FORMAT_VERSION})
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def record_hash(prev_hash: str, seq: int, at: datetime, entry: AuditEntry) -> str:
    digest = hashlib.sha256((prev_hash + "\n").encode("ascii"))
    digest.update(canonical(seq, at, entry))
    return digest.hexdigest()


def next_record(head: ChainHead, at: datetime, entry: AuditEntry) -> AuditRecord:
    """The record that follows `head`: the entry cleaned, numbered, linked and hashed."""
    utc_text(at)  # refuses a naive time before anything else
    entry = audit_entry(entry)
    seq = head.seq + 1
    at = at.astimezone(UTC)
    return AuditRecord(
        seq,
        at,
        entry.action,
        entry.supervisor,
        entry.reason,
        entry.wave_id,
        entry.route_id,
        entry.sku_id,
        entry.crate_id,
        entry.entry_id,
        entry.person_id,
        head.hash,
        record_hash(head.hash, seq, at, entry),
    )


def first_break(records: Iterable[AuditRecord]) -> ChainBreak | None:
    """The first record, in `seq` order, whose number, link or hash does not hold; None when the
    whole chain is intact."""
    head = ChainHead()
    for record in records:
        if record.seq != head.seq + 1:
            return ChainBreak(record.seq, "seq")
        if record.prev_hash != head.hash:
            return ChainBreak(record.seq, "prev_hash")
        if record.hash != record_hash(record.prev_hash, record.seq, record.at, record.entry):
            return ChainBreak(record.seq, "hash")
        head = ChainHead(record.seq, record.hash)
    return None
