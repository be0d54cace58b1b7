"""The outbox's rows: queue inside a unit of work, take the next due, mark the outcome."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from sorter_app.store import tables as t


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
        insert(t.OutboxEntry.__table__),
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
    return session.scalar(select(t.OutboxEntry.id).where(t.OutboxEntry.key == key)) is not None


def next_due(session: Session, now: datetime) -> OutboxItem | None:
    """The oldest pending entry, if its backoff has passed (entries go out in order: a later one
    never overtakes one that is waiting)."""
    o = t.OutboxEntry
    row = session.execute(
        select(
            o.id,
            t.Wave.wave_id,
            t.Wave.source,
            o.kind,
            o.topic,
            o.key,
            o.body,
            o.attempts,
            o.next_attempt_at,
        )
        .join(t.Wave, t.Wave.id == o.wave_pk)
        .where(o.status == "pending")
        .order_by(o.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    entry_id, wave_id, source, kind, topic, key, body, attempts, next_at = row
    if next_at is not None and next_at > now:
        return None
    return OutboxItem(entry_id, wave_id, source, kind, topic, key, json.loads(body), attempts)


def next_attempt_at(session: Session) -> datetime | None:
    o = t.OutboxEntry
    return session.scalar(
        select(o.next_attempt_at).where(o.status == "pending").order_by(o.id).limit(1)
    )


def mark_sent(session: Session, entry_id: int, now: datetime) -> None:
    session.execute(
        update(t.OutboxEntry)
        .where(t.OutboxEntry.id == entry_id)
        .values(status="sent", sent_at=now, last_error="", attempts=t.OutboxEntry.attempts + 1)
    )


def mark_retry(session: Session, entry_id: int, error: str, at: datetime) -> None:
    session.execute(
        update(t.OutboxEntry)
        .where(t.OutboxEntry.id == entry_id)
        .values(last_error=error[:2000], next_attempt_at=at, attempts=t.OutboxEntry.attempts + 1)
    )


def park(session: Session, entry_id: int, error: str) -> None:
    """A permanent refusal: kept for a supervisor, never retried in a loop."""
    session.execute(
        update(t.OutboxEntry)
        .where(t.OutboxEntry.id == entry_id)
        .values(status="parked", last_error=error[:2000], attempts=t.OutboxEntry.attempts + 1)
    )


def requeue(session: Session, entry_id: int) -> None:
    """A supervisor sends a parked entry again (same key: the platform still counts it once)."""
    session.execute(
        update(t.OutboxEntry)
        .where(t.OutboxEntry.id == entry_id, t.OutboxEntry.status == "parked")
        .values(status="pending", next_attempt_at=None)
    )


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(t.OutboxEntry.status, func.count()).group_by(t.OutboxEntry.status)
    )
    return {status: int(n) for status, n in rows}


def parked(session: Session) -> list[tuple[int, str, str, str]]:
    o = t.OutboxEntry
    return [
        (r[0], r[1], r[2], r[3])
        for r in session.execute(
            select(o.id, o.topic, o.key, o.last_error).where(o.status == "parked").order_by(o.id)
        )
    ]
