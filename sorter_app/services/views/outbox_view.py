"""Read-only views of the outbox, for the supervisor's outbox screen and the dashboard: what is
still to be delivered (with its age and attempts), what the platform refused (parked, with its
message), and when the last entry was delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from sorter_app.store import tables
from sorter_app.store.database import Store

# A screen shows this many of each list; the counts are always whole.
ROWS_SHOWN = 500


@dataclass(frozen=True)
class OutboxRow:
    entry_id: int
    wave_id: str
    kind: str  # report | dispatch | hub_status
    topic: str  # the report type, "dispatch" or the stage
    key: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    last_error: str  # for a parked entry, the platform's message

    def age_s(self, now: datetime) -> float:
        return max((now - self.created_at).total_seconds(), 0.0)


@dataclass(frozen=True)
class OutboxOverview:
    pending: list[OutboxRow]  # oldest first, at most ROWS_SHOWN
    parked: list[OutboxRow]
    pending_count: int
    parked_count: int
    last_delivered_at: datetime | None

    @property
    def undelivered(self) -> int:
        """Entries the platform (or the export folder) has not received: pending and parked."""
        return self.pending_count + self.parked_count


def _rows(store: Store, status: str, limit: int) -> list[OutboxRow]:
    o = tables.OutboxEntry
    with store.read() as session:
        rows = session.execute(
            select(
                o.id,
                tables.Wave.wave_id,
                o.kind,
                o.topic,
                o.key,
                o.attempts,
                o.created_at,
                o.next_attempt_at,
                o.last_error,
            )
            .join(tables.Wave, tables.Wave.id == o.wave_pk)
            .where(o.status == status)
            .order_by(o.id)
            .limit(limit)
        ).all()
    return [OutboxRow(*row) for row in rows]


def undelivered_count(store: Store) -> int:
    """Pending and parked entries: what the dashboard shows."""
    o = tables.OutboxEntry
    with store.read() as session:
        n = session.scalar(select(func.count()).where(o.status.in_(("pending", "parked"))))
    return int(n or 0)


def outbox_overview(store: Store, limit: int = ROWS_SHOWN) -> OutboxOverview:
    o = tables.OutboxEntry
    with store.read() as session:
        counts = dict(
            session.execute(
                select(o.status, func.count())
                .where(o.status.in_(("pending", "parked")))
                .group_by(o.status)
            ).all()
        )
        last = session.scalar(select(func.max(o.sent_at)).where(o.status == "sent"))
    return OutboxOverview(
        pending=_rows(store, "pending", limit),
        parked=_rows(store, "parked", limit),
        pending_count=int(counts.get("pending", 0)),
        parked_count=int(counts.get("parked", 0)),
        last_delivered_at=last,
    )
