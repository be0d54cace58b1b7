"""Aggregates that outlive the detail: each finished wave's numbers, kept for good.

A 中心仓 adds 600,000 lines a night; after `detail_retention_days` a wave's orders, lines,
scans and puts are deleted (`purge_detail`), and what the night-over-night trends need stays in
the aggregates (`sorter_app/domain/wave_aggregates.py`): totals and timeline, per community and
temperature zone, per SKU (with its category and supplier), per worker, per route (its departure
setting that night, its dispatch, the route board's first at-risk warning).

When: as the last route of a wave leaves (the dispatch service, given the settings), each day in
the retention job for waves finished since or with claims pulled since (claims come the day
after), right before a wave's detail is deleted (then frozen: final), and on demand
(`sorter-app aggregate --wave W`). Recomputing replaces; a route's departure setting is the one
first captured, so editing tomorrow's departures does not rewrite history.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, timedelta

from sorter_app.domain.route_risk import departure_at
from sorter_app.domain.wave_aggregates import RouteNight, WaveAggregates
from sorter_app.services.clock import Clock, utc_now
from sorter_app.settings import Settings
from sorter_app.store import aggregates_repo
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of

log = logging.getLogger(__name__)

# Rows deleted per transaction by the detail purge: a few milliseconds each.
DELETE_CHUNK = 2_000


def aggregate_wave(
    store: Store, wave_id: str, settings: Settings, clock: Clock = utc_now
) -> WaveAggregates:
    """Compute the wave's aggregates from its detail and store them (replacing any before).
    A wave whose detail is deleted (or being deleted) keeps what was stored: that is returned
    unchanged.

    The detail is read outside the write transaction (a 600,000-line wave takes seconds to
    read, and the stations' scans must not wait behind it); only the replace is written."""
    now = clock()
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        before = aggregates_repo.stored(s, wave_id)
        if before is not None and before.frozen_at is not None:
            return before  # its detail is (being) deleted: what is left of it must not count
        fresh = aggregates_repo.compute(s, wave_pk)
    kept = {r.route_id: r for r in before.routes} if before is not None else {}
    routes = tuple(_with_departure(r, kept.get(r.route_id), fresh, settings) for r in fresh.routes)
    agg = replace(fresh, routes=routes, computed_at=now)
    with store.write() as s:
        state = aggregates_repo.aggregated_state(s, wave_id)
        if state is not None and state[1]:
            frozen = aggregates_repo.stored(s, wave_id)
            assert frozen is not None
            return frozen  # the purge froze it meanwhile
        aggregates_repo.replace(s, agg)
    return agg


def _with_departure(
    route: RouteNight, kept: RouteNight | None, agg: WaveAggregates, settings: Settings
) -> RouteNight:
    if kept is not None and kept.departure_setting is not None:
        return replace(
            route, departure_setting=kept.departure_setting, departure_at=kept.departure_at
        )
    setting = settings.routes.departure(route.route_id)
    if setting is None:
        return route
    at = departure_at(agg.totals.delivery_date, setting, settings.zone)
    return replace(route, departure_setting=setting, departure_at=at.astimezone(UTC))


def stored_aggregates(store: Store, wave_id: str) -> WaveAggregates | None:
    with store.read() as s:
        return aggregates_repo.stored(s, wave_id)


def aggregate_if_finished(
    store: Store, wave_id: str, settings: Settings, clock: Clock = utc_now
) -> WaveAggregates | None:
    """The dispatch's hook: aggregate the wave once every route has left. Never raises: the
    dispatch already stands, and the retention job aggregates what was missed here."""
    try:
        with store.read() as s:
            finished = aggregates_repo.all_dispatched(s, wave_pk_of(s, wave_id))
        return aggregate_wave(store, wave_id, settings, clock) if finished else None
    except Exception:
        log.exception("aggregating wave %s after its last dispatch failed", wave_id)
        return None


def aggregate_due(store: Store, settings: Settings, clock: Clock = utc_now) -> list[str]:
    """Aggregate the finished waves (every route gone) not aggregated yet, or with claims pulled
    since they were; returns their IDs."""
    with store.read() as s:
        due = []
        for wave_pk, wave_id in aggregates_repo.dispatched_waves(s):
            state = aggregates_repo.aggregated_state(s, wave_id)
            if state is None or (
                not state[1] and state[0] != aggregates_repo.claim_count(s, wave_pk)
            ):
                due.append(wave_id)
    for wave_id in due:
        aggregate_wave(store, wave_id, settings, clock)
    return due


@dataclass(frozen=True)
class DetailPurge:
    purged: list[str]  # waves whose detail was deleted now (their aggregates stored first)
    waiting: list[str]  # old enough, but with outbox entries not delivered yet: kept for now


def purge_detail(
    store: Store, settings: Settings, clock: Clock = utc_now, *, chunk: int = DELETE_CHUNK
) -> DetailPurge:
    """Delete the detail of waves delivered more than `detail_retention_days` ago.

    Per wave: its aggregates are computed, stored and frozen (a wave with reports still to
    deliver, pending or parked in the outbox, keeps its detail until they are dealt with); then
    the detail goes in short transactions of `chunk` rows, so that the
    stations' scans never wait long behind it; last the wave is marked purged. Safe to run
    again: a wave interrupted half-way is finished next time, its frozen aggregates untouched."""
    if settings.detail_retention_days < 1:
        raise ValueError("keep the detail at least one day")
    now = clock()
    limit = (now.astimezone(settings.zone) - timedelta(days=settings.detail_retention_days)).date()
    with store.read() as s:
        waves = aggregates_repo.waves_with_detail_before(s, limit)
    purged, waiting = [], []
    for wave_pk, wave_id in waves:
        with store.read() as s:
            state = aggregates_repo.aggregated_state(s, wave_id)
        if state is None or not state[1]:
            if not _deliverable(store, wave_pk):
                waiting.append(wave_id)
                continue
            aggregate_wave(store, wave_id, settings, lambda: now)
            with store.write() as s:
                # Checked again where it counts: nothing may be queued for the wave now.
                if aggregates_repo.undelivered_entries(s, wave_pk):
                    waiting.append(wave_id)
                    continue
                aggregates_repo.freeze(s, wave_id, now)
        for step in range(aggregates_repo.detail_steps()):
            while True:
                with store.write() as s:
                    if aggregates_repo.delete_detail_chunk(s, wave_pk, step, chunk) < chunk:
                        break
        with store.write() as s:
            aggregates_repo.mark_detail_purged(s, wave_pk, wave_id, now)
        purged.append(wave_id)
    return DetailPurge(purged, waiting)


def _deliverable(store: Store, wave_pk: int) -> bool:
    """No outbox entry of the wave is still to deliver (pending) or parked."""
    with store.read() as s:
        return aggregates_repo.undelivered_entries(s, wave_pk) == 0
