"""The outbox's rows: queue inside a unit of work, take the next due, mark the outcome."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from sorter_app.store import tables

# The start of `last_error` of an entry held back because the platform refused the token.
PAUSED_MARK = "[paused] "


@dataclass(frozen=True)
class OutboxItem:
    id: int
    wave_id: str
    wave_source: str  # api | file
    kind: str
    topic: str
    key: str
    body: dict[str, Any]
    attempts: int


def enqueue(
    session: Session,
    *,
    wave_pk: int,
    kind: str,
    topic: str,
    key: str,
    body: dict[str, Any],
    now: datetime,
) -> None:
    session.execute(
        insert(tables.OutboxEntry.__table__),
        [
            {
                "wave_pk": wave_pk,
                "kind": kind,
                "topic": topic,
                "key": key,
                "body": json.dumps(body, ensure_ascii=False),
                "status": "pending",
                "attempts": 0,
                "last_error": "",
                "created_at": now,
            }
        ],
    )


def has_key(session: Session, key: str) -> bool:
    return (
        session.scalar(select(tables.OutboxEntry.id).where(tables.OutboxEntry.key == key))
        is not None
    )


def _heads(session: Session, *, platform_waves: bool) -> list[Any]:
    """The oldest pending entry of each wave, oldest first: order is kept within a wave only, so
    one wave waiting (for its platform, or in backoff) never holds back another wave's entries.
    Without `platform_waves`, only waves imported from a file (exported, no platform needed)."""
    o = tables.OutboxEntry
    first_per_wave = (
        select(func.min(o.id)).where(o.status == "pending").group_by(o.wave_pk).scalar_subquery()
    )
    query = (
        select(
            o.id,
            tables.Wave.wave_id,
            tables.Wave.source,
            o.kind,
            o.topic,
            o.key,
            o.body,
            o.attempts,
            o.next_attempt_at,
        )
        .join(tables.Wave, tables.Wave.id == o.wave_pk)
        .where(o.id.in_(first_per_wave))
        .order_by(o.id)
    )
    if not platform_waves:
        query = query.where(tables.Wave.source == "file")
    return list(session.execute(query))


def bodies(session: Session, wave_pk: int, *, kind: str, topic: str) -> list[dict[str, Any]]:
    """The bodies of the wave's entries of one kind and topic, sent or not, oldest first."""
    o = tables.OutboxEntry
    return [
        json.loads(body)
        for body in session.scalars(
            select(o.body)
            .where(o.wave_pk == wave_pk, o.kind == kind, o.topic == topic)
            .order_by(o.id)
        )
    ]


def next_due(session: Session, now: datetime, *, platform_waves: bool = True) -> OutboxItem | None:
    """The oldest entry, among the waves' first pending entries, whose backoff has passed
    (within a wave, a later entry never overtakes one that is waiting)."""
    for row in _heads(session, platform_waves=platform_waves):
        entry_id, wave_id, source, kind, topic, key, body, attempts, next_at = row
        if next_at is None or next_at <= now:
            return OutboxItem(
                entry_id, wave_id, source, kind, topic, key, json.loads(body), attempts
            )
    return None


def next_attempt_at(session: Session, *, platform_waves: bool = True) -> datetime | None:
    """When the next of the waves' first pending entries is due (None: one is due now)."""
    times: list[datetime | None] = [
        row.next_attempt_at for row in _heads(session, platform_waves=platform_waves)
    ]
    due_later = [at for at in times if at is not None]
    if not due_later or len(due_later) < len(times):
        return None
    return min(due_later)


def waiting_platform_waves(session: Session) -> dict[str, int]:
    """Pending entries of waves imported from the platform, per wave ID."""
    o = tables.OutboxEntry
    rows = session.execute(
        select(tables.Wave.wave_id, func.count())
        .select_from(o)
        .join(tables.Wave, tables.Wave.id == o.wave_pk)
        .where(o.status == "pending", tables.Wave.source != "file")
        .group_by(tables.Wave.wave_id)
        .order_by(tables.Wave.wave_id)
    )
    return {wave_id: int(n) for wave_id, n in rows}


def mark_sent(session: Session, entry_id: int, now: datetime, *, delivered_to: str) -> None:
    """Delivered: `delivered_to` is "platform" or "file" (kept so that a diversion shows)."""
    session.execute(
        update(tables.OutboxEntry)
        .where(tables.OutboxEntry.id == entry_id)
        .values(
            status="sent",
            sent_at=now,
            delivered_to=delivered_to,
            last_error="",
            attempts=tables.OutboxEntry.attempts + 1,
        )
    )


def mark_retry(session: Session, entry_id: int, error: str, at: datetime) -> None:
    session.execute(
        update(tables.OutboxEntry)
        .where(tables.OutboxEntry.id == entry_id)
        .values(
            last_error=error[:2000], next_attempt_at=at, attempts=tables.OutboxEntry.attempts + 1
        )
    )


def park(session: Session, entry_id: int, error: str) -> None:
    """A permanent refusal: kept for a supervisor, never retried in a loop."""
    session.execute(
        update(tables.OutboxEntry)
        .where(tables.OutboxEntry.id == entry_id)
        .values(status="parked", last_error=error[:2000], attempts=tables.OutboxEntry.attempts + 1)
    )


def requeue(session: Session, entry_id: int) -> bool:
    """A supervisor sends a parked entry again (same key: the platform still counts it once).
    False when the entry is not parked (another supervisor was quicker)."""
    result = session.execute(
        update(tables.OutboxEntry)
        .where(tables.OutboxEntry.id == entry_id, tables.OutboxEntry.status == "parked")
        .values(status="pending", next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_paused(session: Session) -> int:
    """Entries held back because the platform refused the token become due now (a new token was
    entered: no need to wait out their backoff). Returns how many."""
    o = tables.OutboxEntry
    result = session.execute(
        update(o)
        .where(o.status == "pending", o.last_error.like(f"{PAUSED_MARK}%"))
        .values(next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def dismiss(session: Session, entry_id: int) -> bool:
    """A supervisor gives up on a parked entry: it is kept (status "dismissed", the platform's
    message with it) and never sent. False when the entry is not parked."""
    result = session.execute(
        update(tables.OutboxEntry)
        .where(tables.OutboxEntry.id == entry_id, tables.OutboxEntry.status == "parked")
        .values(status="dismissed")
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def entry_wave_and_topic(session: Session, entry_id: int) -> tuple[str, str] | None:
    """The wave ID and topic of an outbox entry (for the audit record), None if there is none."""
    row = session.execute(
        select(tables.Wave.wave_id, tables.OutboxEntry.topic)
        .join(tables.Wave, tables.Wave.id == tables.OutboxEntry.wave_pk)
        .where(tables.OutboxEntry.id == entry_id)
    ).first()
    return None if row is None else (str(row[0]), str(row[1]))


def requeue_diverted(session: Session, wave_pk: int) -> int:
    """Send again to the platform what was marked sent without reaching it: entries exported to a
    file, and entries sent before their path was recorded (NULL; a repeat of one that did arrive
    answers 200 and creates nothing). Returns how many were re-queued."""
    o = tables.OutboxEntry
    result = session.execute(
        update(o)
        .where(
            o.wave_pk == wave_pk,
            o.status == "sent",
            or_(o.delivered_to.is_(None), o.delivered_to == "file"),
        )
        .values(status="pending", sent_at=None, delivered_to=None, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(tables.OutboxEntry.status, func.count()).group_by(tables.OutboxEntry.status)
    )
    return {status: int(n) for status, n in rows}


def parked(session: Session) -> list[tuple[int, str, str, str]]:
    o = tables.OutboxEntry
    return [
        (r[0], r[1], r[2], r[3])
        for r in session.execute(
            select(o.id, o.topic, o.key, o.last_error).where(o.status == "parked").order_by(o.id)
        )
    ]
