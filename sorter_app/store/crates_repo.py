"""A wave's crates looked up by their exact IDs, outside the scan path: a supervisor closing a
crate, a crate coming back to the hub. (The scan path reads crates through SortingRepository.)"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sorter_app.store import tables
from sorter_app.store.sorting_repo import crate_by_crate_id


@dataclass(frozen=True, slots=True)
class CrateState:
    pk: int
    wave_pk: int
    status: str  # open | closed


def crate_state(session: Session, crate_id: str) -> CrateState | None:
    """The crate with exactly this ID, None if there is none."""
    row = session.execute(
        select(tables.Crate.id, tables.Crate.wave_pk, tables.Crate.status).where(
            tables.Crate.crate_id == crate_id
        )
    ).first()
    return None if row is None else CrateState(*row)


def crate_id_of_scan_code(session: Session, scan_code: str) -> str | None:
    """The ID of the crate whose label carries this scan code (the current label only)."""
    return session.scalar(select(tables.Crate.crate_id).where(tables.Crate.scan_code == scan_code))


def crate_id_as_read(session: Session, crate_id: str) -> str | None:
    """The crate ID as stored for an ID as read (exact, else any case if only one crate fits)."""
    crate = crate_by_crate_id(session.connection(), crate_id)
    return crate.crate_id if crate else None
