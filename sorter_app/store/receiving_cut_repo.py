"""Closing receiving at the cut time: the waves still open for receiving, and the lock that makes
closing a wave happen once when several PCs try at the same moment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from sorter_app.store import tables


def waves_open_for_receiving(session: Session) -> list[tuple[str, datetime]]:
    """(wave ID, order cutoff) of the waves not purged whose receiving is not closed as a whole."""
    closed = exists().where(
        tables.ReceivingClosure.wave_pk == tables.Wave.id,
        tables.ReceivingClosure.sku_pk.is_(None),
    )
    rows = session.execute(
        select(tables.Wave.wave_id, tables.Wave.cutoff_at)
        .where(tables.Wave.purged_at.is_(None), ~closed)
        .order_by(tables.Wave.id)
    )
    return [(wave_id, cutoff_at) for wave_id, cutoff_at in rows]


def lock_wave(session: Session, wave_pk: int) -> None:
    """Hold the wave's row until the transaction ends (PostgreSQL: SELECT … FOR UPDATE), so a
    second PC closing receiving waits and then finds it closed. SQLite's writers are already one
    at a time (BEGIN IMMEDIATE), and it has no FOR UPDATE: the clause is left out there."""
    session.execute(select(tables.Wave.id).where(tables.Wave.id == wave_pk).with_for_update())
