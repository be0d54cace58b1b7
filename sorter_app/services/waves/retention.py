"""Data retention: customer data (nicknames, pickup codes, leader phones) of old waves is purged;
later the whole detail (orders, lines, scans, puts ...) is deleted, once the wave's aggregates
are stored (services/waves/aggregates.py): those stay for the trends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.waves.aggregates import aggregate_due, purge_detail
from sorter_app.settings import Settings
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


@dataclass(frozen=True)
class RetentionRun:
    """What one day's retention job did."""

    customer_purged: list[str]  # waves whose customer data was blanked
    aggregated: list[str]  # finished waves aggregated (new, or with claims pulled since)
    detail_purged: list[str]  # waves whose detail was deleted (aggregates kept)
    detail_waiting: list[str]  # old enough, but reports still undelivered: detail kept


def run_retention(store: Store, settings: Settings, clock: Clock = utc_now) -> RetentionRun:
    """The daily job: blank old customer data, store the aggregates of finished waves, then
    delete the detail of waves past `detail_retention_days` (each after its aggregates)."""
    customer = purge_customer_data(store, settings.retention_days, clock)
    aggregated = aggregate_due(store, settings, clock)
    detail = purge_detail(store, settings, clock)
    return RetentionRun(customer, aggregated, detail.purged, detail.waiting)
