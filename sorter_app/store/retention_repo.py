"""Customer data of old waves (nicknames, pickup codes, leader phones) blanked, the numbers kept.
Services call these inside one unit of work."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sorter_app.store import tables


def unpurged_waves_delivered_before(session: Session, day: date) -> list[tuple[int, str]]:
    """(wave pk, wave ID) of the waves delivered before `day` whose data is not purged yet."""
    rows = session.execute(
        select(tables.Wave.id, tables.Wave.wave_id).where(
            tables.Wave.delivery_date < day, tables.Wave.purged_at.is_(None)
        )
    )
    return [(wave_pk, wave_id) for wave_pk, wave_id in rows]


def purge_wave(session: Session, wave_pk: int, now: datetime) -> None:
    """Blank the wave's customer nicknames, pickup codes and leader phones; mark it purged."""
    session.execute(
        update(tables.Order)
        .where(tables.Order.wave_pk == wave_pk)
        .values(customer_nickname="", pickup_code="")
    )
    session.execute(
        update(tables.Community).where(tables.Community.wave_pk == wave_pk).values(leader_phone="")
    )
    session.execute(update(tables.Wave).where(tables.Wave.id == wave_pk).values(purged_at=now))
