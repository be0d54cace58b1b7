"""Night over night: trends from the stored wave aggregates only, so that they still work once
a wave's detail is deleted (services/waves/aggregates.py).

- `timeline`: minutes from the cutoff to each stage (imported, first receipt, sorting started,
  sorted, first route gone, every route gone), averaged over the period's waves;
- `losses`: shortage and damage by category and by supplier, worst first, with the change of
  the loss rate against the period before;
- `missorts`: caught (wrong-crate scans blocked) and escaped (leaders' claims of wrong, extra or
  missing items) per 10,000 units put;
- `productivity`: puts per hour per worker (first to last put each night), and the hub's;
- `routes`: each route's dispatch against its departure (on time, late by how much) and how
  often and how early the route board's at-risk warning came before a late departure.

A period is a delivery day, or an ISO week (Monday to Sunday) labelled like `2026-W48`. Routes
are matched night to night by ID, then by name (a route renumbered keeps its history).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sorter_app.domain.wave_aggregates import RouteNight, WaveAggregates, WaveTotals
from sorter_app.store import aggregates_repo
from sorter_app.store.database import Store

WHATS = ("timeline", "losses", "missorts", "productivity", "routes")
BYS = ("day", "week")
STAGES = ("imported", "first_receipt", "sorting", "sorted", "first_dispatch", "dispatched")


def period_start(day: date, by: str) -> date:
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    raise ValueError(f"unknown period {by!r}; choose day or week")


def period_label(day: date, by: str) -> str:
    """`2026-11-27` for a day, `2026-W48` (ISO week) for a week."""
    if by == "day":
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def history(
    store: Store, first: date, last: date, parts: Collection[str] = aggregates_repo.PARTS
) -> list[WaveAggregates]:
    """The stored aggregates of waves delivered from `first` to `last`, oldest first, with the
    per-row `parts` asked (communities, skus, workers, routes)."""
    with store.read() as s:
        return aggregates_repo.load(s, first=first, last=last, parts=parts)


def _periods(waves: Iterable[WaveAggregates], by: str) -> list[tuple[str, list[WaveAggregates]]]:
    """(label, waves) of each period with waves, oldest first."""
    return [(period_label(start, by), waves) for start, waves in _by_start(waves, by).items()]


def _by_start(waves: Iterable[WaveAggregates], by: str) -> dict[date, list[WaveAggregates]]:
    grouped: dict[date, list[WaveAggregates]] = defaultdict(list)
    for wave in waves:
        grouped[period_start(wave.totals.delivery_date, by)].append(wave)
    return {start: grouped[start] for start in sorted(grouped)}


def _step(by: str) -> timedelta:
    return timedelta(days=1) if by == "day" else timedelta(weeks=1)


def _minutes(later: datetime | None, earlier: datetime | None) -> float | None:
    if later is None or earlier is None:
        return None
    return (later - earlier).total_seconds() / 60


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _per_10k(count: int, units: int) -> float:
    return 10_000 * count / units if units else 0.0


# --- timeline -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    period: str
    waves: tuple[str, ...]
    # Minutes after the cutoff, averaged over the period's waves that reached the stage; None
    # where none did (or the cutoff is unknown). In STAGES order.
    minutes: tuple[float | None, ...]

    def stage(self, name: str) -> float | None:
        return self.minutes[STAGES.index(name)]


def _stage_times(t: WaveTotals, routes: tuple[RouteNight, ...]) -> tuple[datetime | None, ...]:
    left = [r.dispatched_at for r in routes if r.dispatched_at is not None]
    return (
        t.imported_at,
        t.first_receipt_at,
        t.sorting_at,
        t.sorted_at,
        min(left) if left else None,
        t.dispatched_at,
    )


def timeline(store: Store, first: date, last: date, by: str = "day") -> list[TimelineRow]:
    rows = []
    for period, waves in _periods(history(store, first, last, ("routes",)), by):
        per_wave = [
            [_minutes(at, w.totals.cutoff_at) for at in _stage_times(w.totals, w.routes)]
            for w in waves
        ]
        minutes = tuple(_mean(col) for col in zip(*per_wave, strict=True))
        rows.append(TimelineRow(period, tuple(w.totals.wave_id for w in waves), minutes))
    return rows


# --- losses -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LossTrendRow:
    period: str
    by: str  # category | supplier
    key: str
    name: str
    ordered: int
    shorted: int
    damaged: int
    previous_rate: float | None  # the loss rate of the period before; None: nothing ordered then

    @property
    def lost(self) -> int:
        return self.shorted + self.damaged

    @property
    def rate(self) -> float:
        """Shortage and damage over units ordered."""
        return self.lost / self.ordered if self.ordered else 0.0

    @property
    def change(self) -> float | None:
        """The loss rate against the period before (a fraction: 0.01 is one point more)."""
        return None if self.previous_rate is None else self.rate - self.previous_rate


def _loss_totals(waves: Iterable[WaveAggregates], by: str) -> dict[str, tuple[str, int, int, int]]:
    """key → (name, ordered, shorted, damaged) over the waves' SKUs."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    names: dict[str, str] = {}
    for wave in waves:
        for sku in wave.skus:
            key, name = (
                (sku.category, sku.category)
                if by == "category"
                else (sku.supplier_id, sku.supplier_name)
            )
            names[key] = name or key
            t = totals[key]
            t[0] += sku.units_ordered
            t[1] += sku.units_shorted
            t[2] += sku.units_damaged
    return {k: (names[k], v[0], v[1], v[2]) for k, v in totals.items()}


def losses(store: Store, first: date, last: date, by: str = "week") -> list[LossTrendRow]:
    """Per period, by category then by supplier, worst (most units lost) first; the change is
    against the period right before (the one before `first` too)."""
    start = period_start(first, by)
    grouped = _by_start(history(store, start - _step(by), last, ("skus",)), by)
    rows: list[LossTrendRow] = []
    for period, waves in grouped.items():
        if period < start:
            continue  # only the comparison's
        shown = [w for w in waves if w.totals.delivery_date >= first]
        for dimension in ("category", "supplier"):
            previous = _loss_totals(grouped.get(period - _step(by), []), dimension)
            period_rows = [
                LossTrendRow(
                    period_label(period, by),
                    dimension,
                    key,
                    name,
                    ordered,
                    shorted,
                    damaged,
                    _previous_rate(previous, key),
                )
                for key, (name, ordered, shorted, damaged) in _loss_totals(shown, dimension).items()
                if ordered or shorted or damaged  # a category only of cancelled SKUs says nothing
            ]
            rows += sorted(period_rows, key=lambda r: (-r.lost, -r.rate, r.key))
    return rows


def _previous_rate(previous: dict[str, tuple[str, int, int, int]], key: str) -> float | None:
    if key not in previous:
        return None
    _, ordered, shorted, damaged = previous[key]
    return (shorted + damaged) / ordered if ordered else None


# --- missorts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissortTrendRow:
    period: str
    units_put: int
    caught: int  # wrong-crate scans blocked
    escaped: int  # units claimed by leaders as wrong, extra or missing

    @property
    def caught_per_10k(self) -> float:
        return _per_10k(self.caught, self.units_put)

    @property
    def escaped_per_10k(self) -> float:
        return _per_10k(self.escaped, self.units_put)


def missorts(store: Store, first: date, last: date, by: str = "day") -> list[MissortTrendRow]:
    return [
        MissortTrendRow(
            period,
            sum(w.totals.units_put for w in waves),
            sum(w.totals.wrong_crate for w in waves),
            sum(w.totals.claimed_missorts for w in waves),
        )
        for period, waves in _periods(history(store, first, last, ()), by)
    ]


# --- productivity -------------------------------------------------------------------------------

ALL_WORKERS = "*"  # the hub's row: every worker's puts over every worker's hours


@dataclass(frozen=True)
class ProductivityRow:
    period: str
    worker: str  # a worker code, or ALL_WORKERS
    nights: int
    puts: int
    units: int
    hours: float  # each night first to last put, summed

    @property
    def puts_per_hour(self) -> float:
        return self.puts / self.hours if self.hours else 0.0


def productivity(store: Store, first: date, last: date, by: str = "day") -> list[ProductivityRow]:
    """Per period, each worker with puts (by code), then the hub's row (ALL_WORKERS)."""
    rows = []
    for period, waves in _periods(history(store, first, last, ("workers",)), by):
        per: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0])
        for wave in waves:
            for w in wave.workers:
                if w.puts == 0:
                    continue
                t = per[w.worker]
                t[0] += 1
                t[1] += w.puts
                t[2] += w.units
                t[3] += w.hours
        for worker in sorted(per):
            n, puts, units, hours = per[worker]
            rows.append(ProductivityRow(period, worker, int(n), int(puts), int(units), hours))
        if per:
            rows.append(
                ProductivityRow(
                    period,
                    ALL_WORKERS,
                    len(waves),
                    int(sum(t[1] for t in per.values())),
                    int(sum(t[2] for t in per.values())),
                    sum(t[3] for t in per.values()),
                )
            )
    return rows


# --- routes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteTrendRow:
    period: str
    route_id: str  # the ID the route was first seen with (the match key)
    name: str  # its latest name
    nights: int  # nights the route ran
    judged: int  # nights with a departure set and a dispatch
    on_time: int
    late: int
    late_minutes: tuple[float, ...]  # how late, each late night
    warned_before_late: int  # late nights the at-risk warning came before the departure
    warning_leads: tuple[float, ...]  # minutes before the departure, each such night
    # One night (by day): its departure and dispatch.
    departure_at: datetime | None = None
    dispatched_at: datetime | None = None

    @property
    def mean_late_minutes(self) -> float | None:
        return _mean(self.late_minutes)

    @property
    def max_late_minutes(self) -> float | None:
        return max(self.late_minutes) if self.late_minutes else None

    @property
    def mean_warning_lead(self) -> float | None:
        return _mean(self.warning_leads)


def route_keys(waves: Iterable[WaveAggregates]) -> dict[tuple[str, str], str]:
    """(wave ID, route ID) → the route's key over the nights: the ID it was first seen with,
    matched by ID, then by name. `waves` oldest first."""
    by_id: dict[str, str] = {}
    by_name: dict[str, str] = {}
    keys = {}
    for wave in waves:
        for r in wave.routes:
            key = by_id.get(r.route_id) or by_name.get(r.route_name) or r.route_id
            by_id.setdefault(r.route_id, key)
            by_name.setdefault(r.route_name, key)
            keys[(wave.totals.wave_id, r.route_id)] = key
    return keys


def routes(store: Store, first: date, last: date, by: str = "day") -> list[RouteTrendRow]:
    """Per period, each route (matched night to night) in key order."""
    waves = history(store, first, last, ("routes",))
    keys = route_keys(waves)
    rows = []
    for period, period_waves in _periods(waves, by):
        nights: dict[str, list[RouteNight]] = defaultdict(list)
        for wave in period_waves:
            for r in wave.routes:
                nights[keys[(wave.totals.wave_id, r.route_id)]].append(r)
        for key in sorted(nights):
            rows.append(_route_row(period, key, nights[key], single=by == "day"))
    return rows


def _route_row(period: str, key: str, nights: list[RouteNight], *, single: bool) -> RouteTrendRow:
    judged = [r for r in nights if r.late_minutes is not None]
    late = [r for r in judged if (r.late_minutes or 0) > 0]
    # A warning counts when it came before the departure (after it the board says late).
    leads = [lead for r in late if (lead := r.warning_lead_minutes) is not None and lead >= 0]
    one = nights[-1] if single and len(nights) == 1 else None
    return RouteTrendRow(
        period,
        key,
        nights[-1].route_name,
        len(nights),
        len(judged),
        len(judged) - len(late),
        len(late),
        tuple(r.late_minutes or 0.0 for r in late),
        len(leads),
        tuple(leads),
        one.departure_at if one else None,
        one.dispatched_at if one else None,
    )
