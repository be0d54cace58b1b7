"""The print queue's rows (print_jobs): queue, list, move between states, claim the next job of a
printer and record how its sending went. Services call these inside one unit of work."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from sorter_app.store import tables

KINDS = ("label", "document", "test")
PRINT_SEQUENCE = "print_job_sequence"


@dataclass(frozen=True, slots=True)
class NewJob:
    """A job to queue: printer-ready bytes, or a file read when the job is sent."""

    kind: str
    description: str
    payload: bytes | None = None
    payload_ref: str | None = None
    crate_id: str | None = None
    label_version: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown print job kind {self.kind!r}")
        if (self.payload is None) == (self.payload_ref is None):
            raise ValueError("a print job needs a payload or a payload_ref, not both")


@dataclass(frozen=True, slots=True)
class JobStatus:
    id: int
    sequence: int
    printer: str
    kind: str
    description: str
    crate_id: str | None
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    """A job a sender has taken (status `sending`): what it needs to deliver it."""

    id: int
    printer: str
    description: str
    payload: bytes | None
    payload_ref: str | None
    crate_id: str | None
    label_version: int | None
    attempts: int


_STATUS_COLUMNS = (
    tables.PrintJob.id,
    tables.PrintJob.sequence,
    tables.PrintJob.printer,
    tables.PrintJob.kind,
    tables.PrintJob.description,
    tables.PrintJob.crate_id,
    tables.PrintJob.status,
    tables.PrintJob.attempts,
    tables.PrintJob.last_error,
    tables.PrintJob.created_at,
    tables.PrintJob.next_attempt_at,
    tables.PrintJob.sent_at,
)

_CLAIMED_COLUMNS = (
    tables.PrintJob.id,
    tables.PrintJob.printer,
    tables.PrintJob.description,
    tables.PrintJob.payload,
    tables.PrintJob.payload_ref,
    tables.PrintJob.crate_id,
    tables.PrintJob.label_version,
    tables.PrintJob.attempts,
)

# Jobs a printer still has to take.
_OPEN = ("queued", "sending")


@dataclass(frozen=True, slots=True)
class OpenJob:
    """A job a printer still has to take, as the sender's waiting rules need it."""

    printer: str
    status: str
    last_error: str
    next_attempt_at: datetime | None


# --- queueing ----------------------------------------------------------------------------------


def add_jobs(session: Session, printer: str, jobs: Sequence[NewJob], now: datetime) -> list[int]:
    """Queue jobs for a printer in the order given, inside the caller's transaction (so a job and
    the event it prints commit together); returns their IDs."""
    if not jobs:
        return []
    first = _next_sequence(session, len(jobs))
    session.execute(
        insert(tables.PrintJob),
        [
            {
                "sequence": first + i,
                "printer": printer,
                "kind": job.kind,
                "description": job.description[:200],
                "crate_id": job.crate_id,
                "label_version": job.label_version,
                "payload": job.payload,
                "payload_ref": job.payload_ref,
                "status": "queued",
                "attempts": 0,
                "last_error": "",
                "created_at": now,
            }
            for i, job in enumerate(jobs)
        ],
    )
    return list(
        session.scalars(
            select(tables.PrintJob.id)
            .where(tables.PrintJob.sequence.between(first, first + len(jobs) - 1))
            .order_by(tables.PrintJob.sequence)
        )
    )


def _next_sequence(session: Session, count: int) -> int:
    """Reserve `count` queue positions; returns the first."""
    counter = session.get(
        tables.Counter, PRINT_SEQUENCE, with_for_update=session.get_bind().dialect.name != "sqlite"
    )
    if counter is None:
        counter = tables.Counter(name=PRINT_SEQUENCE, value=0)
        session.add(counter)
    first = counter.value + 1
    counter.value += count
    session.flush()
    return first


def label_versions_waiting(
    session: Session, crate_ids: Collection[str] | None = None
) -> set[tuple[str | None, int | None]]:
    """(crate ID, label version) of every label job still to print: queued, being sent, or
    failed (a failed job is retried, not doubled by a second print); of `crate_ids` only if
    given (filtered in the database: a wave queued community by community otherwise read the
    whole queue back once per community)."""
    query = select(tables.PrintJob.crate_id, tables.PrintJob.label_version).where(
        tables.PrintJob.kind == "label",
        tables.PrintJob.status.in_(("queued", "sending", "failed")),
    )
    if crate_ids is not None:
        query = query.where(tables.PrintJob.crate_id.in_(crate_ids))
    return {(crate, version) for crate, version in session.execute(query)}


# --- status, cancel, retry ---------------------------------------------------------------------


def job_statuses(
    session: Session,
    printer: str | None = None,
    *,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[JobStatus]:
    """Jobs in queue order, optionally of one printer and some statuses."""
    query = select(*_STATUS_COLUMNS).order_by(tables.PrintJob.sequence)
    if printer is not None:
        query = query.where(tables.PrintJob.printer == printer)
    if statuses is not None:
        query = query.where(tables.PrintJob.status.in_(list(statuses)))
    if limit is not None:
        query = query.limit(limit)
    return [_job_status(row) for row in session.execute(query)]


def job_status(session: Session, job_id: int) -> JobStatus | None:
    row = session.execute(select(*_STATUS_COLUMNS).where(tables.PrintJob.id == job_id)).first()
    return None if row is None else _job_status(row)


def _job_status(row: Any) -> JobStatus:
    return JobStatus(*row)


def move(session: Session, job_id: int, from_: tuple[str, ...], to: str) -> bool:
    """Move a job from one of `from_` to `to` (and due at once); False if it was in none."""
    moved = session.execute(
        update(tables.PrintJob)
        .where(tables.PrintJob.id == job_id, tables.PrintJob.status.in_(from_))
        .values(status=to, next_attempt_at=None)
        .returning(tables.PrintJob.id)
    ).first()
    return moved is not None


def requeue_failed(session: Session, printer: str) -> int:
    """Every failed job of a printer back in the queue; returns how many."""
    moved = session.execute(
        update(tables.PrintJob)
        .where(tables.PrintJob.printer == printer, tables.PrintJob.status == "failed")
        .values(status="queued", next_attempt_at=None)
        .returning(tables.PrintJob.id)
    ).all()
    return len(moved)


def cancel_label_jobs(session: Session, crate_id: str, reason: str) -> None:
    """Cancel a crate's jobs still waiting (queued or failed): its label was replaced."""
    session.execute(
        update(tables.PrintJob)
        .where(
            tables.PrintJob.crate_id == crate_id, tables.PrintJob.status.in_(("queued", "failed"))
        )
        .values(status="cancelled", last_error=reason)
    )


# --- sending -----------------------------------------------------------------------------------


def release_abandoned(session: Session, printer: str, claimed_before: datetime, error: str) -> None:
    """Jobs claimed before `claimed_before` and still `sending` belong to a sender that died
    mid-job: a label or document goes back in the queue, a test label fails (printed hours later
    it would only confuse)."""
    stale = (
        tables.PrintJob.printer == printer,
        tables.PrintJob.status == "sending",
        tables.PrintJob.claimed_at < claimed_before,
    )
    for which, status in (
        (tables.PrintJob.kind != "test", "queued"),
        (tables.PrintJob.kind == "test", "failed"),
    ):
        session.execute(
            update(tables.PrintJob)
            .where(*stale, which)
            .values(status=status, claimed_at=None, last_error=error)
        )


def claim_next(session: Session, printer: str, now: datetime) -> ClaimedJob | None:
    """Take the printer's first queued job if it is due and no job of the printer is being sent
    (each printer's jobs go out in order, one at a time)."""
    busy = session.scalar(
        select(tables.PrintJob.id)
        .where(tables.PrintJob.printer == printer, tables.PrintJob.status == "sending")
        .limit(1)
    )
    if busy is not None:
        return None
    head = session.execute(
        select(tables.PrintJob.id, tables.PrintJob.next_attempt_at)
        .where(tables.PrintJob.printer == printer, tables.PrintJob.status == "queued")
        .order_by(tables.PrintJob.sequence)
        .limit(1)
    ).first()
    if head is None or (head.next_attempt_at is not None and head.next_attempt_at > now):
        return None
    claimed = session.execute(
        update(tables.PrintJob)
        .where(tables.PrintJob.id == head.id, tables.PrintJob.status == "queued")
        .values(status="sending", claimed_at=now, attempts=tables.PrintJob.attempts + 1)
        .returning(*_CLAIMED_COLUMNS)
    ).first()
    return None if claimed is None else _claimed_job(claimed)


def _claimed_job(row: Any) -> ClaimedJob:
    return ClaimedJob(*row)


def mark_sending(session: Session, job_id: int, now: datetime) -> None:
    """A job sent at once, outside the queue's order (a printer test): its first attempt."""
    session.execute(
        update(tables.PrintJob)
        .where(tables.PrintJob.id == job_id)
        .values(status="sending", claimed_at=now, attempts=1)
    )


def requeue(session: Session, job_id: int, error: str, next_attempt_at: datetime) -> None:
    """A job being sent goes back to its place in the queue, due again at `next_attempt_at`."""
    session.execute(
        update(tables.PrintJob)
        .where(tables.PrintJob.id == job_id, tables.PrintJob.status == "sending")
        .values(
            status="queued",
            claimed_at=None,
            last_error=error,
            next_attempt_at=next_attempt_at,
        )
    )


def mark_sent(session: Session, job_id: int, now: datetime) -> None:
    """The printer took a job being sent. Its payload is not kept: printing the same label again
    is a supervised reprint."""
    session.execute(
        update(tables.PrintJob)
        .where(tables.PrintJob.id == job_id, tables.PrintJob.status == "sending")
        .values(
            status="sent",
            claimed_at=None,
            last_error="",
            sent_at=now,
            payload=None,
            next_attempt_at=None,
        )
    )


def mark_failed(session: Session, job_id: int, error: str) -> None:
    """A job being sent failed for good (it stays failed until someone retries it)."""
    session.execute(
        update(tables.PrintJob)
        .where(tables.PrintJob.id == job_id, tables.PrintJob.status == "sending")
        .values(status="failed", claimed_at=None, last_error=error)
    )


def record_test_outcome(
    session: Session, job_id: int, payload: bytes, error: str | None, done: datetime
) -> None:
    """How a printer test went: sent (payload dropped), or failed keeping its payload."""
    session.execute(
        update(tables.PrintJob)
        .where(tables.PrintJob.id == job_id)
        .values(
            status="failed" if error else "sent",
            last_error=error or "",
            sent_at=None if error else done,
            payload=payload if error else None,
            claimed_at=None,
        )
    )


def open_jobs(session: Session, printers: list[str]) -> list[OpenJob]:
    """The printers' jobs still to send (queued or being sent), in queue order."""
    return [
        OpenJob(*row)
        for row in session.execute(
            select(
                tables.PrintJob.printer,
                tables.PrintJob.status,
                tables.PrintJob.last_error,
                tables.PrintJob.next_attempt_at,
            )
            .where(tables.PrintJob.printer.in_(printers), tables.PrintJob.status.in_(_OPEN))
            .order_by(tables.PrintJob.sequence)
        )
    ]
