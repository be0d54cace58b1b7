"""Data retention: customer data (nicknames, pickup codes, leader phones) of old waves is purged;
the numbers (tasks, puts, shortages, claims) stay for the dashboards."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from sorter_app.services.clock import Clock, utc_now
from sorter_app.store import tables as t
from sorter_app.store.database import Store


def purge_customer_data(store: Store, older_than_days: int, clock: Clock = utc_now) -> list[str]:
    """Purge waves delivered more than `older_than_days` ago; returns the waves purged now."""
    if older_than_days < 1:
        raise ValueError("keep customer data at least one day")
    now = clock()
    limit = (now - timedelta(days=older_than_days)).date()
    with store.write() as s:
        waves = s.execute(
            select(t.Wave.id, t.Wave.wave_id).where(
                t.Wave.delivery_date < limit, t.Wave.purged_at.is_(None)
            )
        ).all()
        for wave_pk, _ in waves:
            s.execute(
                update(t.Order)
                .where(t.Order.wave_pk == wave_pk)
                .values(customer_nickname="", pickup_code="")
            )
            s.execute(
                update(t.Community).where(t.Community.wave_pk == wave_pk).values(leader_phone="")
            )
            s.execute(update(t.Wave).where(t.Wave.id == wave_pk).values(purged_at=now))
    return [wave_id for _, wave_id in waves]
