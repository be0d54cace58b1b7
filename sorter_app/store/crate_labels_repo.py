"""Crate labels in the store: which are printed, and the supervised reprint (a new scan code, the
old one voided, an audit row). Services call these inside one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sorter_app.domain.crate_codes import make_crate_scan_code
from sorter_app.store import tables
from sorter_app.store.sorting_repo import SortingRepository


@dataclass(frozen=True, slots=True)
class CrateLabelState:
    """A crate's label as stored: the code it carries and its version (1, then 2 after a
    reprint, ...)."""

    crate_pk: int
    wave_pk: int
    crate_id: str
    scan_code: str
    label_version: int


@dataclass(frozen=True, slots=True)
class ReprintRecord:
    """One row of the reprint audit."""

    id: int
    crate_pk: int
    crate_id: str
    old_scan_code: str
    new_scan_code: str
    label_version: int  # the version the new label carries
    supervisor: str
    reason: str
    reprinted_at: datetime


def printed_crates(session: Session, wave_id: str) -> set[str]:
    """Crate IDs of the wave whose current label is printed."""
    return set(
        session.scalars(
            select(tables.Crate.crate_id)
            .join(tables.Wave, tables.Wave.id == tables.Crate.wave_pk)
            .where(tables.Wave.wave_id == wave_id, tables.Crate.printed_at.is_not(None))
        )
    )


def mark_printed(session: Session, crate_id: str, label_version: int | None, now: datetime) -> None:
    """The crate's label of this version is printed (an older version's job changes nothing)."""
    session.execute(
        update(tables.Crate)
        .where(tables.Crate.crate_id == crate_id, tables.Crate.label_version == label_version)
        .values(printed_at=now)
    )


def wave_and_community_of(session: Session, crate_id: str) -> tuple[str, str] | None:
    """The wave ID and community ID of a crate, None for an unknown crate."""
    row = session.execute(
        select(tables.Wave.wave_id, tables.Community.community_id)
        .join(tables.Crate, tables.Crate.wave_pk == tables.Wave.id)
        .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
        .where(tables.Crate.crate_id == crate_id)
    ).first()
    return None if row is None else (row[0], row[1])


def lock_label(session: Session, crate_id: str) -> CrateLabelState:
    """The crate's label, its row locked for this transaction where the database can lock rows
    (a second reprint of the same crate waits, then sees the first one's new code)."""
    row = session.execute(
        select(
            tables.Crate.id,
            tables.Crate.wave_pk,
            tables.Crate.crate_id,
            tables.Crate.scan_code,
            tables.Crate.label_version,
        )
        .where(tables.Crate.crate_id == crate_id)
        .with_for_update()
    ).one()
    return CrateLabelState(*row)


def replace_label(
    session: Session, crate: CrateLabelState, supervisor: str, reason: str, now: datetime
) -> CrateLabelState:
    """Give the crate a new scan code from the crate serial and the next label version, void the
    old code and audit the reprint; the new label is not printed yet."""
    new_code = make_crate_scan_code(SortingRepository(session, crate.wave_pk).next_serial())
    version = crate.label_version + 1
    session.add(
        tables.VoidCrateCode(scan_code=crate.scan_code, crate_pk=crate.crate_pk, voided_at=now)
    )
    session.execute(
        update(tables.Crate)
        .where(tables.Crate.id == crate.crate_pk)
        .values(scan_code=new_code, label_version=version, printed_at=None)
    )
    session.add(
        tables.LabelReprint(
            crate_pk=crate.crate_pk,
            crate_id=crate.crate_id,
            old_scan_code=crate.scan_code,
            new_scan_code=new_code,
            label_version=version,
            supervisor=supervisor,
            reason=reason,
            reprinted_at=now,
        )
    )
    session.flush()
    return CrateLabelState(crate.crate_pk, crate.wave_pk, crate.crate_id, new_code, version)


def reprint_history(session: Session, crate_id: str | None = None) -> list[ReprintRecord]:
    """The reprint audit, oldest first (one crate's if given)."""
    r = tables.LabelReprint
    query = select(
        r.id,
        r.crate_pk,
        r.crate_id,
        r.old_scan_code,
        r.new_scan_code,
        r.label_version,
        r.supervisor,
        r.reason,
        r.reprinted_at,
    ).order_by(r.id)
    if crate_id is not None:
        query = query.where(r.crate_id == crate_id)
    return [ReprintRecord(*row) for row in session.execute(query)]
