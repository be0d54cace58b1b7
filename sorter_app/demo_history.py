"""DEMO DATA ONLY: a few weeks of past nights' wave aggregates for `sorter-app demo`, so that the
trends screen shows something real at once.

Sorting 28 full waves through the scan rules would take minutes; instead each past night's
aggregates (sorter_app.domain.wave_aggregates) are made up from tonight's imported wave: its
SKUs (with their categories and suppliers), its routes and its units, scaled to that night's
line count in the simulator's history (the same counts the forecast's history holds), with
seeded noise. The figures are plausible, not measured: a supplier or two that often ships short,
fruit that bruises, a route that is often late (and warned about first), ten workers of different
pace. They are stored through aggregates_repo like real ones, under the simulator's wave IDs of
those nights (no wave of those IDs is in the store: nothing else reads them).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sorter_app.domain.wave_aggregates import (
    RouteNight,
    SkuNight,
    WaveAggregates,
    WaveTotals,
    WorkerNight,
)
from sorter_app.store import aggregates_repo
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of

WORKERS = 10
PUTS_PER_HOUR = 320.0  # the crew's typical pace; each worker ±25 %
FIRST_DEPARTURE = time(5, 0)  # route k leaves at 05:00 + 5 min × (k mod 6)
UNITS_PER_CRATE = 14
# The SKUs most ordered tonight, not all: the losses by category and supplier read the same, and
# storing 28 nights × every SKU would add a second to the demo's start.
SKUS_KEPT = 60


def seed_trend_history(
    store: Store,
    wave_id: str,
    zone: ZoneInfo,
    nights: list[tuple[str, date, datetime, int]],
    seed: int = 7,
) -> int:
    """Store made-up aggregates for `nights` (wave ID, delivery date, cutoff, final lines),
    shaped like tonight's wave `wave_id`. Returns how many nights were stored."""
    with store.read() as s:
        tonight = aggregates_repo.compute(s, wave_pk_of(s, wave_id))
    if not tonight.skus or tonight.totals.lines <= 0:
        return 0
    kept = sorted(tonight.skus, key=lambda k: (-k.units_ordered, k.sku_id))[:SKUS_KEPT]
    tonight = replace(tonight, skus=tuple(kept))
    made = [
        _night(tonight, night_id, day, cutoff, lines, zone, random.Random(seed * 1_000 + i))
        for i, (night_id, day, cutoff, lines) in enumerate(nights)
    ]
    with store.write() as s:
        for agg in made:
            aggregates_repo.replace(s, agg)
    return len(made)


def _night(
    tonight: WaveAggregates,
    wave_id: str,
    day: date,
    cutoff: datetime,
    lines: int,
    zone: ZoneInfo,
    rng: random.Random,
) -> WaveAggregates:
    scale = lines / tonight.totals.lines
    suppliers = sorted({k.supplier_id for k in tonight.skus})
    # Two suppliers that often ship short this month, one of them getting better.
    poor = {s: rng.uniform(0.02, 0.05) for s in suppliers[:2]}
    skus = [_sku(k, scale, poor.get(k.supplier_id, 0.004), rng) for k in tonight.skus]
    units_ordered = sum(k.units_ordered for k in skus)
    units_put = sum(k.units_put for k in skus)
    local_cutoff = cutoff.astimezone(zone)
    at: Callable[[float], datetime] = lambda minutes: (  # noqa: E731
        local_cutoff + timedelta(minutes=minutes)
    ).astimezone(UTC)
    imported = at(rng.uniform(20, 40))
    receipt = _clock(local_cutoff.date(), time(22, 0), zone) + timedelta(
        minutes=rng.uniform(-10, 15)
    )
    sorting = receipt + timedelta(minutes=rng.uniform(15, 30))
    workers = _workers(units_put, sorting, rng)
    sorted_at = max(w.last_put_at for w in workers if w.last_put_at is not None)
    routes = _routes(tonight, day, scale, sorted_at, zone, rng)
    gone = max((r.dispatched_at for r in routes if r.dispatched_at), default=sorted_at)
    totals = WaveTotals(
        wave_id=wave_id,
        hub_id=tonight.totals.hub_id,
        delivery_date=day,
        source="demo",
        cutoff_at=cutoff.astimezone(UTC),
        imported_at=imported,
        first_receipt_at=receipt,
        sorting_at=sorting,
        sorted_at=sorted_at,
        dispatched_at=gone,
        orders=round(tonight.totals.orders * scale),
        lines=lines,
        skus=sum(1 for k in skus if k.units_ordered),
        communities=tonight.totals.communities,
        units_ordered=units_ordered,
        units_due=sum(k.units_due for k in skus),
        units_put=units_put,
        units_received=sum(k.units_received for k in skus),
        units_shorted=sum(k.units_shorted for k in skus),
        units_damaged=sum(k.units_damaged for k in skus),
        crates=sum(r.crates for r in routes),
        puts=sum(w.puts for w in workers),
        workers=len(workers),
        first_put_at=sorting,
        last_put_at=sorted_at,
        wrong_crate=sum(w.wrong_crate for w in workers),
        claims=sum(k.claims for k in skus),
        claimed_missorts=sum(k.claimed_missorts for k in skus),
    )
    return WaveAggregates(totals, (), tuple(skus), tuple(workers), tuple(routes), gone)


def _clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, zone).astimezone(UTC)


def _sku(k: SkuNight, scale: float, short_rate: float, rng: random.Random) -> SkuNight:
    ordered = max(0, round(k.units_ordered * scale * rng.uniform(0.85, 1.15)))
    shorted = _some(ordered, short_rate, rng)
    damage_rate = 0.012 if k.category in ("水果", "鲜果", "蔬菜") else 0.002
    damaged = _some(ordered - shorted, damage_rate, rng)
    due = ordered - shorted
    put = due - damaged
    escaped = _some(put, 0.0004, rng)
    return replace(
        k,
        lines=max(0, round(k.lines * scale)),
        units_ordered=ordered,
        units_due=due,
        units_put=put,
        units_received=ordered - shorted,
        units_shorted=shorted,
        units_damaged=damaged,
        wrong_crate=_some(put, 0.0015, rng),
        claims=escaped,
        claimed_missorts=escaped,
    )


def _some(units: int, rate: float, rng: random.Random) -> int:
    """About `rate` of `units` (a seeded draw, so small SKUs are mostly 0)."""
    expected = units * rate * rng.uniform(0.3, 1.7)
    whole = int(expected)
    return min(units, whole + (1 if rng.random() < expected - whole else 0))


def _workers(units: int, start: datetime, rng: random.Random) -> list[WorkerNight]:
    paces = [PUTS_PER_HOUR * rng.uniform(0.75, 1.25) for _ in range(WORKERS)]
    hours = units / 1.4 / sum(paces)  # puts of ~1.4 units each
    rows = []
    for i, pace in enumerate(paces):
        first = start + timedelta(minutes=rng.uniform(0, 10))
        worked = hours * rng.uniform(0.9, 1.05)
        puts = round(pace * worked)
        rows.append(
            WorkerNight(
                worker=f"W{i + 1:02d}",
                puts=puts,
                units=round(puts * 1.4),
                wrong_crate=_some(puts, 0.002 if i % 4 else 0.006, rng),
                first_put_at=first,
                last_put_at=first + timedelta(hours=worked),
            )
        )
    return rows


def _routes(
    tonight: WaveAggregates,
    day: date,
    scale: float,
    sorted_at: datetime,
    zone: ZoneInfo,
    rng: random.Random,
) -> list[RouteNight]:
    rows = []
    for k, r in enumerate(tonight.routes):
        setting = (datetime.combine(day, FIRST_DEPARTURE) + timedelta(minutes=5 * (k % 6))).time()
        departure = _clock(day, setting, zone)
        # Most routes leave a few minutes early; the first route runs late one night in three,
        # and a late sort makes every route wait.
        late = k == 0 and rng.random() < 0.35
        minutes = rng.uniform(8, 35) if late else rng.uniform(-12, 3)
        dispatched = max(departure + timedelta(minutes=minutes), sorted_at + timedelta(minutes=10))
        warned = None
        if dispatched > departure and rng.random() < 0.7:
            warned = departure - timedelta(minutes=rng.uniform(10, 45))
        due = round(r.units_due * scale * rng.uniform(0.9, 1.1))
        rows.append(
            RouteNight(
                route_id=r.route_id,
                route_name=r.route_name,
                stops=r.stops,
                units_due=due,
                units_put=due,
                crates=max(1, round(due / UNITS_PER_CRATE)),
                departure_setting=setting.strftime("%H:%M"),
                departure_at=departure,
                dispatched_at=dispatched,
                forced=False,
                first_at_risk_at=warned,
            )
        )
    return rows
