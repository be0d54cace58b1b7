"""Data retention: customer data (nicknames, pickup codes, leader phones) of old waves is purged;
the numbers (tasks, puts, shortages, claims) stay for the dashboards."""

from __future__ import annotations

from datetime import timedelta

from sorter_app.services.clock import Clock, utc_now
from sorter_app.store import retention_repo
from sorter_app.store.database import Store


def purge_customer_data(store: Store, older_than_days: int, clock: Clock = utc_now) -> list[str]:
    """Purge waves delivered more than `older_than_days` ago; returns the waves purged now."""
    if older_than_days < 1:
        raise ValueError("keep customer data at least one day")
    now = clock()
    limit = (now - timedelta(days=older_than_days)).date()
    with store.write() as s:
        waves = retention_repo.unpurged_waves_delivered_before(s, limit)
        for wave_pk, _ in waves:
            retention_repo.purge_wave(s, wave_pk, now)
    return [wave_id for _, wave_id in waves]
