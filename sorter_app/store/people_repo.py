"""Workers and supervisors (the workers table): look up, add, list, and keep a supervisor's PIN
and its lockout. Services call these inside one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sorter_app.store import tables


@dataclass(frozen=True, slots=True)
class WorkerRecord:
    code: str
    name: str
    role: str  # worker | supervisor
    active: bool
    pin_hash: str  # empty: no PIN (a worker, or a supervisor imported from a file)
    failed_attempts: int
    locked_until: datetime | None

    @property
    def is_active_supervisor(self) -> bool:
        return self.active and self.role == "supervisor"


def worker(session: Session, code: str) -> WorkerRecord | None:
    """The person with this code (as stored: upper case), active or not."""
    row = session.get(tables.Worker, code)
    if row is None:
        return None
    return WorkerRecord(
        row.code,
        row.name,
        row.role,
        row.active,
        row.pin_hash,
        row.failed_attempts,
        row.locked_until,
    )


def add_worker(
    session: Session, code: str, name: str, role: str, pin_hash: str, now: datetime
) -> None:
    """A new active person; `worker(code)` finds them at once, in the same transaction."""
    session.add(
        tables.Worker(
            code=code,
            name=name,
            role=role,
            active=True,
            pin_hash=pin_hash,
            failed_attempts=0,
            created_at=now,
        )
    )
    session.flush()


def active_people(session: Session) -> list[tuple[str, str, str]]:
    """(code, name, role) of the active people, in code order."""
    rows = session.execute(
        select(tables.Worker.code, tables.Worker.name, tables.Worker.role)
        .where(tables.Worker.active.is_(True))
        .order_by(tables.Worker.code)
    )
    return [(code, name, role) for code, name, role in rows]


def active_people_with_pins(
    session: Session,
) -> list[tuple[str, str, str, str, datetime | None]]:
    """(code, name, role, pin_hash, locked_until) of the active people, in code order."""
    rows = session.execute(
        select(
            tables.Worker.code,
            tables.Worker.name,
            tables.Worker.role,
            tables.Worker.pin_hash,
            tables.Worker.locked_until,
        )
        .where(tables.Worker.active.is_(True))
        .order_by(tables.Worker.code)
    )
    return [(code, name, role, pin_hash, locked) for code, name, role, pin_hash, locked in rows]


def names_and_roles(session: Session) -> dict[str, tuple[str, str]]:
    """Everyone ever added (active or not): code -> (name, role)."""
    rows = session.execute(select(tables.Worker.code, tables.Worker.name, tables.Worker.role))
    return {code: (name, role) for code, name, role in rows}


def has_active_supervisor(session: Session) -> bool:
    return (
        session.scalar(
            select(tables.Worker.code)
            .where(tables.Worker.role == "supervisor", tables.Worker.active.is_(True))
            .limit(1)
        )
        is not None
    )


def set_pin_hash(session: Session, code: str, pin_hash: str) -> None:
    """A new PIN for the person; it also lifts a lockout."""
    record_pin_attempts(session, code, 0, None, pin_hash=pin_hash)


def record_pin_attempts(
    session: Session,
    code: str,
    failed_attempts: int,
    locked_until: datetime | None,
    *,
    pin_hash: str | None = None,
) -> None:
    """Wrong PINs in a row so far, and until when the person is locked out (None: not)."""
    values: dict[str, object] = {"failed_attempts": failed_attempts, "locked_until": locked_until}
    if pin_hash is not None:
        values["pin_hash"] = pin_hash
    session.execute(update(tables.Worker).where(tables.Worker.code == code).values(**values))
