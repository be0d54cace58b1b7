"""The route board: what the dashboard a shift lead reads at 03:00 shows.

Per route: stops, units due and sorted, crates closed and loaded, when it left, its departure
(settings, `[routes.departures]`), the units sorted for it in the last 30 minutes, and its state
by the at-risk rule (`domain/route_risk.py`). Tiles for the night's few numbers, each with its
value 30 minutes ago and a level from the `[dashboard]` thresholds. Chart series: units sorted
over the night per route against its due, and the wrong-crate rate per worker. `route_detail`
opens one route: its stops, what each still misses, who is sorting for it.

A 3,000-community, 600,000-line wave is read in a handful of aggregate queries (grouped by route,
never one query per route; the wave's totals are the routes' sums). The charts' series, the
costliest part (every put of the night by time), are read only when asked (`series=True`);
the workers' rates come from `progress.worker_stats`, the undelivered count from
`outbox_view.undelivered_count`, the crates from the query the dispatch refuses on
(`sorting_repo.crates_with_units`). bench/route_board.py measures it on the bench wave.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from sorter_app.domain.route_risk import (
    RATE_WINDOW,
    RouteFacts,
    RouteState,
    departure_at,
    route_risk,
)
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.views.dispatch_view import route_load
from sorter_app.services.views.outbox_view import undelivered_count
from sorter_app.services.views.progress import worker_stats
from sorter_app.settings import DashboardSettings, Settings
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import crates_with_units
from sorter_app.store.wave_lookup import wave_pk_of

BUCKET = timedelta(minutes=10)  # the charts' time step
OK, WARN, BAD = "ok", "warn", "bad"


@dataclass(frozen=True)
class RouteCard:
    """One route on the board: the facts the at-risk rule judged it by (units, crates loaded,
    departure, the last 30 minutes' units: `facts`), its verdict, and what else a card shows."""

    route_id: str
    name: str
    stops: int
    facts: RouteFacts
    crates_closed: int
    dispatched_at: datetime | None
    state: RouteState
    projected_finish: datetime | None  # None: never at the current rate, or gone
    workers: tuple[str, ...]  # worker codes with puts for the route in the last 30 minutes


@dataclass(frozen=True)
class Tile:
    key: str  # sorted | shortage | wrong_crate | undelivered | printers
    value: float
    before: float | None  # 30 minutes ago; None where it cannot be known
    level: str  # ok | warn | bad
    total: float | None = None  # sorted: the units due
    rate_per_hour: float | None = None  # sorted: the whole wave's, over the last 30 minutes

    @property
    def change(self) -> float | None:
        return None if self.before is None else self.value - self.before


@dataclass(frozen=True)
class ProgressSeries:
    """Cumulative units sorted at the end of each BUCKET, against the units due."""

    key: str  # a route ID, or "" for the whole wave
    name: str
    due: int
    points: tuple[tuple[datetime, int], ...]


@dataclass(frozen=True)
class WorkerRate:
    worker: str
    name: str
    units: int
    wrong_crate: int

    @property
    def per_10k(self) -> float:
        return 10_000 * self.wrong_crate / self.units if self.units else 0.0


@dataclass(frozen=True)
class Totals:
    """The wave's units (the routes' sums) and its wrong-crate scans."""

    ordered: int
    due: int
    sorted: int
    wrong_crate: int

    @property
    def shorted(self) -> int:
        return self.ordered - self.due


@dataclass(frozen=True)
class RouteBoard:
    wave_id: str
    delivery_date: date
    as_of: datetime
    routes: list[RouteCard]  # in route ID order
    tiles: list[Tile]
    totals: Totals
    # With series=True only (else empty): the charts' data.
    progress: list[ProgressSeries]  # the whole wave first, then each route
    workers: list[WorkerRate]

    def tile(self, key: str) -> Tile:
        return next(t for t in self.tiles if t.key == key)

    def route(self, route_id: str) -> RouteCard:
        return next(r for r in self.routes if r.route_id == route_id)


def level(value: float, warn: float, bad: float) -> str:
    """ok below `warn`, warn from it, bad from `bad`."""
    return BAD if value >= bad else WARN if value >= warn else OK


def route_board(
    store: Store,
    wave_id: str,
    settings: Settings,
    clock: Clock = utc_now,
    *,
    series: bool = True,
) -> RouteBoard:
    """The route board of `wave_id` as of `clock()`; with `series`, the charts' data too."""
    now = clock()
    since = now - RATE_WINDOW
    buffer = timedelta(minutes=settings.routes.loading_buffer_min)
    departures = dict(settings.routes.departures)
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        delivery = s.scalar(select(tables.Wave.delivery_date).where(tables.Wave.id == wave_pk))
        assert delivery is not None
        routes = _routes(s, wave_pk)
        crates = _crates(s, wave_pk)
        dispatched = dict(
            s.execute(
                select(tables.RouteDispatch.route_id, tables.RouteDispatch.departed_at).where(
                    tables.RouteDispatch.wave_pk == wave_pk
                )
            ).all()
        )
        recent = _recent_puts(s, wave_pk, since)
        buckets = _put_buckets(s, wave_pk) if series else {}
        names = dict(s.execute(select(tables.Worker.code, tables.Worker.name)).all())
        before = _before(s, wave_pk, since)
        wrong = s.scalar(
            select(func.count()).where(
                tables.Scan.wave_pk == wave_pk, tables.Scan.result == "wrong_crate"
            )
        )
    cards = []
    for route_id, (name, stops, due, put, _ordered) in routes.items():
        n, closed, loaded = crates.get(route_id, (0, 0, 0))
        left_at = _aware(dispatched.get(route_id))
        at = departures.get(route_id)
        facts = RouteFacts(
            due,
            put,
            n,
            loaded,
            left_at is not None,
            departure_at(delivery, at, settings.zone) if at else None,
            sum(recent.get(route_id, {}).values()),
        )
        risk = route_risk(facts, buffer, now)
        sorting = recent.get(route_id, {})
        cards.append(
            RouteCard(
                route_id,
                name,
                stops,
                facts,
                closed,
                left_at,
                risk.state,
                risk.projected_finish,
                tuple(sorted(w for w in sorting if w)),
            )
        )
    totals = Totals(
        sum(r[4] for r in routes.values()),
        sum(c.facts.units_due for c in cards),
        sum(c.facts.units_sorted for c in cards),
        int(wrong or 0),
    )
    tiles = [_levelled(t, cards, settings.dashboard) for t in _tiles(store, cards, totals, before)]
    workers = (
        [
            WorkerRate(w.worker, names.get(w.worker, ""), w.units, w.wrong_crate)
            for w in worker_stats(store, wave_id)
        ]
        if series
        else []
    )
    return RouteBoard(
        wave_id,
        delivery,
        now,
        cards,
        tiles,
        totals,
        _series(cards, buckets, now) if series else [],
        workers,
    )


# --- the aggregate queries --------------------------------------------------------------------


def _routes(s: Session, wave_pk: int) -> dict[str, tuple[str, int, int, int, int]]:
    """route ID → (name, stops, units due, sorted, ordered), in route ID order."""
    c, st = tables.Community, tables.SortTask
    route_of: dict[int, str] = {}
    names: dict[str, str] = {}
    stops: dict[str, int] = defaultdict(int)
    for pk, route, name in s.execute(
        select(c.id, c.route_id, c.route_name).where(c.wave_pk == wave_pk)
    ):
        route_of[pk] = route
        names.setdefault(route, name)
        stops[route] += 1
    # Summed per community (an integer key) and added up per route here: a third faster on
    # 431,000 tasks than joining every task to its community to group by the route's text.
    units: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for pk, due, put, ordered in s.execute(
        select(
            st.community_pk, func.sum(st.due_qty), func.sum(st.put_qty), func.sum(st.ordered_qty)
        )
        .where(st.wave_pk == wave_pk)
        .group_by(st.community_pk)
    ):
        total = units[route_of[pk]]
        total[0] += int(due or 0)
        total[1] += int(put or 0)
        total[2] += int(ordered or 0)
    routes = {}
    for route in sorted(stops):
        due, put, ordered = units.get(route, [0, 0, 0])
        routes[route] = (names[route], stops[route], due, put, ordered)
    return routes


def _crates(s: Session, wave_pk: int) -> dict[str, tuple[int, int, int]]:
    """route ID → (crates with units, closed, loaded)."""
    holding = crates_with_units(s, wave_pk).subquery()
    rows = s.execute(
        select(
            holding.c.route_id,
            func.count(),
            func.sum(case((tables.Crate.status == "closed", 1), else_=0)),
            func.count(tables.CrateLoad.id),
        )
        .select_from(holding)
        .join(tables.Crate, tables.Crate.id == holding.c.id)
        .outerjoin(tables.CrateLoad, tables.CrateLoad.crate_pk == holding.c.id)
        .group_by(holding.c.route_id)
    )
    return {route: (int(n), int(closed or 0), int(loaded)) for route, n, closed, loaded in rows}


def _recent_puts(s: Session, wave_pk: int, since: datetime) -> dict[str, dict[str, int]]:
    """route ID → worker → units put since `since` (not undone)."""
    p, c = tables.Put, tables.Community
    rows = s.execute(
        select(c.route_id, p.worker, func.sum(p.qty))
        .join(c, c.id == p.community_pk)
        .where(p.wave_pk == wave_pk, p.undone_at.is_(None), p.created_at >= since)
        .group_by(c.route_id, p.worker)
    )
    recent: dict[str, dict[str, int]] = defaultdict(dict)
    for route, worker, units in rows:
        recent[route][worker] = int(units or 0)
    return recent


def _put_buckets(s: Session, wave_pk: int) -> dict[str, dict[int, int]]:
    """route ID → bucket number (whole BUCKETs since 1970) → units put in it (not undone)."""
    p, c = tables.Put, tables.Community
    step = int(BUCKET.total_seconds())
    if s.get_bind().dialect.name == "postgresql":
        bucket: Any = func.floor(func.extract("epoch", p.created_at) / step)
    else:
        # SQLite keeps times as 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC): the first 15 characters name
        # the 10 minutes, and a text prefix groups far faster than date functions on each row.
        bucket = func.substr(p.created_at, 1, 15)
    rows = s.execute(
        select(c.route_id, bucket.label("bucket"), func.sum(p.qty))
        .join(c, c.id == p.community_pk)
        .where(p.wave_pk == wave_pk, p.undone_at.is_(None))
        .group_by(c.route_id, bucket)
    )
    buckets: dict[str, dict[int, int]] = defaultdict(dict)
    for route, key, units in rows:
        if isinstance(key, str):
            moment = datetime.fromisoformat(key + "0").replace(tzinfo=UTC)
            key = int(moment.timestamp()) // step
        buckets[route][int(key)] = int(units or 0)
    return buckets


@dataclass(frozen=True)
class _Before:
    """What the tiles showed 30 minutes ago (as far as the store remembers)."""

    units_put: int
    wrong_crate: int
    shorted_since: int  # final shortage units recorded in the last 30 minutes
    undelivered: int
    printers_in_error: int


def _before(s: Session, wave_pk: int, since: datetime) -> _Before:
    p, o, j = tables.Put, tables.OutboxEntry, tables.PrintJob
    units = s.scalar(
        select(func.coalesce(func.sum(p.qty), 0)).where(
            p.wave_pk == wave_pk, p.undone_at.is_(None), p.created_at < since
        )
    )
    wrong = s.scalar(
        select(func.count()).where(
            tables.Scan.wave_pk == wave_pk,
            tables.Scan.result == "wrong_crate",
            tables.Scan.created_at < since,
        )
    )
    shorted = s.scalar(
        select(func.coalesce(func.sum(tables.Shortage.qty), 0)).where(
            tables.Shortage.wave_pk == wave_pk,
            tables.Shortage.kind == "shortage",
            tables.Shortage.created_at >= since,
        )
    )
    # Undelivered then: created before, and still undelivered or delivered only since.
    undelivered = s.scalar(
        select(func.count()).where(
            o.created_at < since,
            (o.status.in_(("pending", "parked"))) | and_(o.status == "sent", o.sent_at >= since),
        )
    )
    printers_then = s.scalar(
        select(func.count(func.distinct(j.printer))).where(_printer_error(j), j.created_at < since)
    )
    return _Before(
        int(units or 0),
        int(wrong or 0),
        int(shorted or 0),
        int(undelivered or 0),
        int(printers_then or 0),
    )


def _printer_error(j: type[tables.PrintJob]) -> Any:
    # A printer is in error while it has a failed job, or a job waiting to be tried again.
    return (j.status == "failed") | and_(j.status == "queued", j.last_error != "")


def _printers_in_error(store: Store) -> int:
    j = tables.PrintJob
    with store.read() as s:
        n = s.scalar(select(func.count(func.distinct(j.printer))).where(_printer_error(j)))
    return int(n or 0)


# --- tiles and series -------------------------------------------------------------------------


def _tiles(store: Store, cards: list[RouteCard], totals: Totals, before: _Before) -> list[Tile]:
    recent = sum(r.facts.sorted_last_30_min for r in cards)
    due, put, shorted, wrong = totals.due, totals.sorted, totals.shorted, totals.wrong_crate
    return [
        Tile(
            "sorted",
            put,
            before.units_put,
            OK,
            total=due,
            rate_per_hour=recent * (timedelta(hours=1) / RATE_WINDOW),
        ),
        Tile("shortage", shorted, max(shorted - before.shorted_since, 0), OK),
        Tile(
            "wrong_crate",
            _per_10k(wrong, put),
            _per_10k(before.wrong_crate, before.units_put),
            OK,
        ),
        Tile("undelivered", undelivered_count(store), before.undelivered, OK),
        Tile("printers", _printers_in_error(store), before.printers_in_error, OK),
    ]


def _levelled(tile: Tile, cards: list[RouteCard], t: DashboardSettings) -> Tile:
    if tile.key == "sorted":
        states = {r.state for r in cards}
        shown = BAD if RouteState.LATE in states else WARN if RouteState.AT_RISK in states else OK
    else:
        warn, bad = {
            "shortage": (t.shortage_warn_units, t.shortage_bad_units),
            "wrong_crate": (t.wrong_crate_warn_per_10k, t.wrong_crate_bad_per_10k),
            "undelivered": (t.undelivered_warn, t.undelivered_bad),
            "printers": (t.printers_error_warn, t.printers_error_bad),
        }[tile.key]
        shown = level(tile.value, warn, bad)
    return replace(tile, level=shown)


def _per_10k(wrong: int, units: int) -> float:
    return 10_000 * wrong / units if units else 0.0


def _series(
    cards: list[RouteCard], buckets: dict[str, dict[int, int]], now: datetime
) -> list[ProgressSeries]:
    """Cumulative units per route at each bucket's end, from the first put's bucket to now."""
    numbers = [n for per in buckets.values() for n in per]
    if not numbers:
        return []
    step = int(BUCKET.total_seconds())
    first, last = min(numbers), max(max(numbers), int(now.timestamp()) // step)
    ends = [datetime.fromtimestamp((n + 1) * step, UTC) for n in range(first, last + 1)]
    total = [0] * len(ends)
    series = []
    for card in cards:
        per = buckets.get(card.route_id, {})
        running, points = 0, []
        for i, n in enumerate(range(first, last + 1)):
            running += per.get(n, 0)
            total[i] += running
            points.append((ends[i], running))
        start = (datetime.fromtimestamp(first * step, UTC), 0)
        series.append(
            ProgressSeries(card.route_id, card.name, card.facts.units_due, (start, *points))
        )
    whole_start = (datetime.fromtimestamp(first * step, UTC), 0)
    whole = ProgressSeries(
        "", "", sum(c.facts.units_due for c in cards), (whole_start, *zip(ends, total, strict=True))
    )
    return [whole, *series]


def _aware(value: datetime | None) -> datetime | None:
    # Read back through the UTC column type it is aware already; guard all the same.
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


# --- one route --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StopDetail:
    stop_seq: int
    community_id: str
    name: str
    units_due: int
    units_sorted: int
    units_shorted: int  # ordered − due: short at receiving
    crates: int  # with units
    crates_loaded: int
    missing: tuple[tuple[str, int], ...]  # (SKU name, units still to sort), most first

    @property
    def units_left(self) -> int:
        return max(self.units_due - self.units_sorted, 0)


@dataclass(frozen=True)
class RouteDetail:
    route_id: str
    stops: list[StopDetail]  # in stop order
    workers: list[tuple[str, str, int]]  # (code, name, units in the last 30 minutes), most first


def route_detail(store: Store, wave_id: str, route_id: str, clock: Clock = utc_now) -> RouteDetail:
    """One route's stops with what each still misses, and who sorted for it lately."""
    since = clock() - RATE_WINDOW
    c, st, k, p = tables.Community, tables.SortTask, tables.Sku, tables.Put
    crates = {stop.community_id: stop for stop in route_load(store, wave_id, route_id).stops}
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        # One pass over the route's tasks (the costly part: sort_tasks has no index by
        # community), summed per stop here.
        tasks = s.execute(
            select(
                c.community_id,
                c.name,
                c.stop_seq,
                k.name,
                st.due_qty,
                st.put_qty,
                st.ordered_qty,
            )
            .join(c, c.id == st.community_pk)
            .join(k, k.id == st.sku_pk)
            .where(st.wave_pk == wave_pk, c.route_id == route_id)
        ).all()
        workers = s.execute(
            select(p.worker, func.max(tables.Worker.name), func.sum(p.qty))
            .join(c, c.id == p.community_pk)
            .outerjoin(tables.Worker, tables.Worker.code == p.worker)
            .where(
                p.wave_pk == wave_pk,
                c.route_id == route_id,
                p.undone_at.is_(None),
                p.created_at >= since,
            )
            .group_by(p.worker)
            .order_by(func.sum(p.qty).desc())
        ).all()
    sums: dict[str, list[Any]] = {}
    missing: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for community, name, seq, sku, due, put, ordered in tasks:
        total = sums.setdefault(community, [name, seq, 0, 0, 0])
        total[2] += due
        total[3] += put
        total[4] += ordered
        if due > put:
            missing[community].append((sku, due - put))
    stops = []
    for community, (name, seq, due, put, ordered) in sums.items():
        load = crates.get(community)
        stops.append(
            StopDetail(
                int(seq),
                community,
                name,
                due,
                put,
                ordered - due,
                load.expected if load else 0,
                load.loaded if load else 0,
                tuple(sorted(missing.get(community, ()), key=lambda m: (-m[1], m[0]))),
            )
        )
    stops.sort(key=lambda stop: (stop.stop_seq, stop.community_id))
    return RouteDetail(route_id, stops, [(w, n or "", int(u or 0)) for w, n, u in workers])


def wave_routes(store: Store, wave_id: str) -> list[tuple[str, str]]:
    """The wave's routes as (route ID, name), in ID order: what the settings page offers to set
    departures for."""
    c = tables.Community
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        rows = s.execute(
            select(c.route_id, func.max(c.route_name))
            .where(c.wave_pk == wave_pk)
            .group_by(c.route_id)
            .order_by(c.route_id)
        ).all()
    return [(route, name or "") for route, name in rows]
