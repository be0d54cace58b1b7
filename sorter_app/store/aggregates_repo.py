"""Wave aggregates: computed from a wave's detail, stored for good, read back for the trends;
the detail purge; the route board's first at-risk warnings. Services call these inside one unit
of work.

A 600,000-line wave is read in a few grouped queries (per SKU, per community and zone, per
worker, per route), never one query per row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import asdict, fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, select
from sqlalchemy.orm import Session

from sorter_app.domain.wave_aggregates import (
    MISSORT_CLAIM_KINDS,
    CommunityZone,
    RouteNight,
    SkuNight,
    WaveAggregates,
    WaveTotals,
    WorkerNight,
)
from sorter_app.store import tables

# The milestones (hub-status stages) the timeline keeps, and the field each goes to.
_STAGES = {
    "imported": "imported_at",
    "receiving": "first_receipt_at",
    "sorting": "sorting_at",
    "sorted": "sorted_at",
    "dispatched": "dispatched_at",
}


# --- computing from the detail ----------------------------------------------------------------


def compute(session: Session, wave_pk: int) -> WaveAggregates:
    """The wave's aggregates from its detail as it is now (routes without departures: the
    settings are the service's to add)."""
    skus = _skus(session, wave_pk)
    communities = _community_zones(session, wave_pk)
    workers = _workers(session, wave_pk)
    routes = _routes(session, wave_pk, communities)
    totals = _totals(session, wave_pk, skus, communities, workers)
    return WaveAggregates(
        totals, tuple(communities), tuple(skus), tuple(workers), tuple(routes), _now()
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: object) -> datetime | None:
    # min/max over a UTC column bypass its type on SQLite and come back as naive text.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _totals(
    s: Session,
    wave_pk: int,
    skus: list[SkuNight],
    communities: list[CommunityZone],
    workers: list[WorkerNight],
) -> WaveTotals:
    w = tables.Wave
    wave = s.execute(
        select(w.wave_id, w.hub_id, w.delivery_date, w.source, w.cutoff_at).where(w.id == wave_pk)
    ).one()
    stages: dict[str, datetime | None] = dict.fromkeys(_STAGES.values())
    for topic, body in s.execute(
        select(tables.OutboxEntry.topic, tables.OutboxEntry.body).where(
            tables.OutboxEntry.wave_pk == wave_pk, tables.OutboxEntry.kind == "hub_status"
        )
    ):
        if topic in _STAGES:
            stages[_STAGES[topic]] = _aware(datetime.fromisoformat(json.loads(body)["at"]))
    orders = s.scalar(select(func.count()).where(tables.Order.wave_pk == wave_pk))
    puts, first, last, people = s.execute(
        select(
            func.count(),
            func.min(tables.Put.created_at),
            func.max(tables.Put.created_at),
            func.count(func.distinct(tables.Put.worker)),
        ).where(tables.Put.wave_pk == wave_pk, tables.Put.undone_at.is_(None))
    ).one()
    claims = s.scalar(select(func.count()).where(tables.Claim.wave_pk == wave_pk))
    # Claims and wrong-crate scans of SKUs not in the wave still count for the wave.
    escaped = s.scalar(
        select(func.coalesce(func.sum(tables.Claim.qty), 0)).where(
            tables.Claim.wave_pk == wave_pk, tables.Claim.kind.in_(MISSORT_CLAIM_KINDS)
        )
    )
    wrong = s.scalar(
        select(func.count()).where(
            tables.Scan.wave_pk == wave_pk, tables.Scan.result == "wrong_crate"
        )
    )
    return WaveTotals(
        wave_id=wave.wave_id,
        hub_id=wave.hub_id,
        delivery_date=wave.delivery_date,
        source=wave.source,
        cutoff_at=_aware(wave.cutoff_at),
        **stages,
        orders=int(orders or 0),
        lines=sum(k.lines for k in skus),
        skus=sum(1 for k in skus if k.units_ordered > 0),
        communities=len({c.community_id for c in communities if c.units_ordered > 0}),
        units_ordered=sum(k.units_ordered for k in skus),
        units_due=sum(k.units_due for k in skus),
        units_put=sum(k.units_put for k in skus),
        units_received=sum(k.units_received for k in skus),
        units_shorted=sum(k.units_shorted for k in skus),
        units_damaged=sum(k.units_damaged for k in skus),
        crates=sum(c.crates for c in communities),
        puts=int(puts),
        workers=int(people),
        first_put_at=_aware(first),
        last_put_at=_aware(last),
        wrong_crate=int(wrong or 0),
        claims=int(claims or 0),
        claimed_missorts=int(escaped or 0),
    )


def _skus(s: Session, wave_pk: int) -> list[SkuNight]:
    k, st = tables.Sku, tables.SortTask
    units = {
        sku_pk: (int(o or 0), int(d or 0), int(p or 0))
        for sku_pk, o, d, p in s.execute(
            select(st.sku_pk, func.sum(st.ordered_qty), func.sum(st.due_qty), func.sum(st.put_qty))
            .where(st.wave_pk == wave_pk)
            .group_by(st.sku_pk)
        )
    }
    lines = _count_by(
        s,
        tables.OrderLine.sku_pk,
        tables.OrderLine.wave_pk == wave_pk,
        tables.OrderLine.to_sort.is_(True),
    )
    r = tables.Receipt
    received = _sum_by(s, r.sku_pk, r.qty, r.wave_pk == wave_pk, r.kind == "received")
    sh = tables.Shortage
    shorted = _sum_by(s, sh.sku_pk, sh.qty, sh.wave_pk == wave_pk, sh.kind == "shortage")
    damaged = _sum_by(s, sh.sku_pk, sh.qty, sh.wave_pk == wave_pk, sh.kind == "damage")
    sc = tables.Scan
    wrong = _count_by(s, sc.sku_pk, sc.wave_pk == wave_pk, sc.result == "wrong_crate")
    c = tables.Claim
    claims = {
        sku_id: (int(n), int(escaped or 0))
        for sku_id, n, escaped in s.execute(
            select(
                c.sku_id,
                func.count(),
                func.sum(case((c.kind.in_(MISSORT_CLAIM_KINDS), c.qty), else_=0)),
            )
            .where(c.wave_pk == wave_pk)
            .group_by(c.sku_id)
        )
    }
    rows = []
    for sku in s.scalars(select(k).where(k.wave_pk == wave_pk).order_by(k.sku_id)):
        ordered, due, put = units.get(sku.id, (0, 0, 0))
        n_claims, escaped = claims.get(sku.sku_id, (0, 0))
        rows.append(
            SkuNight(
                sku_id=sku.sku_id,
                name=sku.name,
                category=sku.category,
                supplier_id=sku.supplier_id,
                supplier_name=sku.supplier_name,
                temperature=sku.temperature,
                lines=lines.get(sku.id, 0),
                units_ordered=ordered,
                units_due=due,
                units_put=put,
                units_received=received.get(sku.id, 0),
                units_shorted=shorted.get(sku.id, 0),
                units_damaged=damaged.get(sku.id, 0),
                wrong_crate=wrong.get(sku.id, 0),
                claims=n_claims,
                claimed_missorts=escaped,
            )
        )
    return rows


def _count_by(s: Session, key: Any, *where: Any) -> dict[Any, int]:
    return {k: int(n) for k, n in s.execute(select(key, func.count()).where(*where).group_by(key))}


def _sum_by(s: Session, key: Any, value: Any, *where: Any) -> dict[Any, int]:
    return {
        k: int(n or 0)
        for k, n in s.execute(select(key, func.sum(value)).where(*where).group_by(key))
    }


def _community_zones(s: Session, wave_pk: int) -> list[CommunityZone]:
    c, k, st, ol = tables.Community, tables.Sku, tables.SortTask, tables.OrderLine
    units = {
        (cpk, zone): (int(o or 0), int(d or 0), int(p or 0))
        for cpk, zone, o, d, p in s.execute(
            select(
                st.community_pk,
                k.temperature,
                func.sum(st.ordered_qty),
                func.sum(st.due_qty),
                func.sum(st.put_qty),
            )
            .join(k, k.id == st.sku_pk)
            .where(st.wave_pk == wave_pk)
            .group_by(st.community_pk, k.temperature)
        )
    }
    lines = {
        (cpk, zone): int(n)
        for cpk, zone, n in s.execute(
            select(ol.community_pk, k.temperature, func.count())
            .join(k, k.id == ol.sku_pk)
            .where(ol.wave_pk == wave_pk, ol.to_sort.is_(True))
            .group_by(ol.community_pk, k.temperature)
        )
    }
    p, cr = tables.Put, tables.Crate
    crates = {
        (cpk, zone): int(n)
        for cpk, zone, n in s.execute(
            select(cr.community_pk, cr.temperature, func.count(func.distinct(cr.id)))
            .join(p, p.crate_pk == cr.id)
            .where(cr.wave_pk == wave_pk, p.undone_at.is_(None), p.qty > 0)
            .group_by(cr.community_pk, cr.temperature)
        )
    }
    names = {
        pk: (cid, name, route)
        for pk, cid, name, route in s.execute(
            select(c.id, c.community_id, c.name, c.route_id).where(c.wave_pk == wave_pk)
        )
    }
    rows = []
    for cpk, zone in sorted(
        set(units) | set(lines) | set(crates), key=lambda x: (names[x[0]], x[1])
    ):
        cid, name, route = names[cpk]
        ordered, due, put = units.get((cpk, zone), (0, 0, 0))
        rows.append(
            CommunityZone(
                cid,
                name,
                route,
                zone,
                lines.get((cpk, zone), 0),
                ordered,
                due,
                put,
                crates.get((cpk, zone), 0),
            )
        )
    return rows


def _workers(s: Session, wave_pk: int) -> list[WorkerNight]:
    p, sc = tables.Put, tables.Scan
    puts = {
        w: (int(n), int(u or 0), _aware(first), _aware(last))
        for w, n, u, first, last in s.execute(
            select(
                p.worker,
                func.count(),
                func.sum(p.qty),
                func.min(p.created_at),
                func.max(p.created_at),
            )
            .where(p.wave_pk == wave_pk, p.undone_at.is_(None))
            .group_by(p.worker)
        )
    }
    wrong = _count_by(s, sc.worker, sc.wave_pk == wave_pk, sc.result == "wrong_crate")
    rows = []
    for worker in sorted(set(puts) | set(wrong)):
        n, units, first, last = puts.get(worker, (0, 0, None, None))
        rows.append(WorkerNight(worker, n, units, wrong.get(worker, 0), first, last))
    return rows


def _routes(s: Session, wave_pk: int, zones: list[CommunityZone]) -> list[RouteNight]:
    c = tables.Community
    stops = {
        route: (name, int(n))
        for route, name, n in s.execute(
            select(c.route_id, func.max(c.route_name), func.count())
            .where(c.wave_pk == wave_pk)
            .group_by(c.route_id)
        )
    }
    d = tables.RouteDispatch
    left = {
        route: (_aware(at), bool(forced))
        for route, at, forced in s.execute(
            select(d.route_id, d.departed_at, d.forced).where(d.wave_pk == wave_pk)
        )
    }
    rw = tables.RouteRiskWarning
    warned = {
        route: _aware(at)
        for route, at in s.execute(select(rw.route_id, rw.first_at).where(rw.wave_pk == wave_pk))
    }
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for z in zones:
        per[z.route_id][0] += z.units_due
        per[z.route_id][1] += z.units_put
        per[z.route_id][2] += z.crates
    rows = []
    for route, (name, n) in sorted(stops.items()):
        due, put, crates = per[route]
        at, forced = left.get(route, (None, False))
        rows.append(
            RouteNight(route, name, n, due, put, crates, None, None, at, forced, warned.get(route))
        )
    return rows


# --- storing and reading ------------------------------------------------------------------------

_CHILDREN = (
    (tables.WaveCommunityAggregate, "communities", CommunityZone),
    (tables.WaveSkuAggregate, "skus", SkuNight),
    (tables.WaveWorkerAggregate, "workers", WorkerNight),
    (tables.WaveRouteAggregate, "routes", RouteNight),
)


PARTS = tuple(attr for _, attr, _ in _CHILDREN)


def replace(session: Session, agg: WaveAggregates) -> None:
    """Store the wave's aggregates, replacing any stored before."""
    wave_id = agg.totals.wave_id
    for model, _, _ in _CHILDREN:
        session.execute(delete(model.__table__).where(model.__table__.c.wave_id == wave_id))
    session.execute(delete(tables.WaveAggregate).where(tables.WaveAggregate.wave_id == wave_id))
    session.execute(
        insert(tables.WaveAggregate).values(
            **asdict(agg.totals),
            computed_at=agg.computed_at,
            frozen_at=agg.frozen_at,
            detail_purged_at=agg.detail_purged_at,
        )
    )
    for model, attr, _ in _CHILDREN:
        rows = [dict(asdict(row), wave_id=wave_id) for row in getattr(agg, attr)]
        if rows:
            session.execute(insert(model), rows)


def stored(session: Session, wave_id: str) -> WaveAggregates | None:
    found = load(session, wave_ids=[wave_id])
    return found[0] if found else None


def load(
    session: Session,
    *,
    first: date | None = None,
    last: date | None = None,
    wave_ids: list[str] | None = None,
    parts: Collection[str] = PARTS,
) -> list[WaveAggregates]:
    """Stored aggregates of waves delivered from `first` to `last` (both included), or of the
    waves named, by delivery date and wave ID; of the per-row `parts` only those asked (a year
    of a 3,000-community hub is millions of community rows no trend reads)."""
    wa = tables.WaveAggregate
    query = select(wa).order_by(wa.delivery_date, wa.wave_id)
    if first is not None:
        query = query.where(wa.delivery_date >= first)
    if last is not None:
        query = query.where(wa.delivery_date <= last)
    if wave_ids is not None:
        query = query.where(wa.wave_id.in_(wave_ids))
    waves = list(session.scalars(query))
    if not waves:
        return []
    ids = [w.wave_id for w in waves]
    children: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for model, attr, kind in _CHILDREN:
        if attr not in parts:
            continue
        names = [f.name for f in fields(kind)]
        table = model.__table__
        for row in session.execute(
            select(table).where(table.c.wave_id.in_(ids)).order_by(table.c.wave_id, table.c.id)
        ).mappings():
            children[row["wave_id"]][attr].append(kind(**{n: row[n] for n in names}))
    totals_names = [f.name for f in fields(WaveTotals)]
    return [
        WaveAggregates(
            WaveTotals(**{n: getattr(w, n) for n in totals_names}),
            tuple(children[w.wave_id]["communities"]),
            tuple(children[w.wave_id]["skus"]),
            tuple(children[w.wave_id]["workers"]),
            tuple(children[w.wave_id]["routes"]),
            w.computed_at,
            w.frozen_at,
            w.detail_purged_at,
        )
        for w in waves
    ]


def aggregated_state(session: Session, wave_id: str) -> tuple[int, bool] | None:
    """(claims counted, frozen) of the wave's stored aggregates, or None when there are none."""
    wa = tables.WaveAggregate
    row = session.execute(select(wa.claims, wa.frozen_at).where(wa.wave_id == wave_id)).first()
    return None if row is None else (int(row[0]), row[1] is not None)


def claim_count(session: Session, wave_pk: int) -> int:
    return int(session.scalar(select(func.count()).where(tables.Claim.wave_pk == wave_pk)) or 0)


# --- which waves ----------------------------------------------------------------------------------


def dispatched_waves(session: Session) -> list[tuple[int, str]]:
    """(wave pk, wave ID) of the waves whose every route left (the `dispatched` milestone)."""
    o = tables.OutboxEntry
    rows = session.execute(
        select(tables.Wave.id, tables.Wave.wave_id)
        .join(o, and_(o.wave_pk == tables.Wave.id, o.kind == "hub_status", o.topic == "dispatched"))
        .order_by(tables.Wave.delivery_date, tables.Wave.wave_id)
    )
    return [(int(pk), wave_id) for pk, wave_id in rows]


def all_dispatched(session: Session, wave_pk: int) -> bool:
    """Whether every route of the wave left (its `dispatched` milestone is queued)."""
    o = tables.OutboxEntry
    found = session.scalar(
        select(o.id)
        .where(o.wave_pk == wave_pk, o.kind == "hub_status", o.topic == "dispatched")
        .limit(1)
    )
    return found is not None


def waves_with_detail_before(session: Session, day: date) -> list[tuple[int, str]]:
    """(wave pk, wave ID) of the waves delivered before `day` whose detail is still there."""
    purged = select(tables.WaveAggregate.wave_id).where(
        tables.WaveAggregate.detail_purged_at.is_not(None)
    )  # a wave frozen but interrupted before its detail was all gone is picked up again
    rows = session.execute(
        select(tables.Wave.id, tables.Wave.wave_id)
        .where(tables.Wave.delivery_date < day, tables.Wave.wave_id.not_in(purged))
        .order_by(tables.Wave.delivery_date, tables.Wave.wave_id)
    )
    return [(int(pk), wave_id) for pk, wave_id in rows]


def undelivered_entries(session: Session, wave_pk: int) -> int:
    """Outbox entries of the wave still to deliver (pending) or waiting for a supervisor."""
    o = tables.OutboxEntry
    return int(
        session.scalar(
            select(func.count()).where(o.wave_pk == wave_pk, o.status.in_(("pending", "parked")))
        )
        or 0
    )


# --- the detail purge --------------------------------------------------------------------------


def freeze(session: Session, wave_id: str, now: datetime) -> None:
    """The wave's aggregates are final: its detail is about to be deleted."""
    wa = tables.WaveAggregate
    session.execute(wa.__table__.update().where(wa.wave_id == wave_id).values(frozen_at=now))


def _by_wave(model: Any) -> Any:
    def ids(wave_pk: int) -> Any:
        return select(model.__table__.c.id).where(model.__table__.c.wave_pk == wave_pk)

    return model, ids


def _by_crate(model: Any, key: str = "id") -> Any:
    def ids(wave_pk: int) -> Any:
        t = model.__table__
        crates = select(tables.Crate.id).where(tables.Crate.wave_pk == wave_pk)
        return select(t.c[key]).where(t.c.crate_pk.in_(crates))

    return model, ids


def _puts_ids(wave_pk: int) -> Any:
    # Through the crates (ix_puts_crate): puts has no index of its own by wave.
    crates = select(tables.Crate.id).where(tables.Crate.wave_pk == wave_pk)
    return select(tables.Put.id).where(tables.Put.crate_pk.in_(crates))


# Children before parents, so that no foreign key ever points at a row deleted. Communities and
# SKUs stay: a few thousand rows a wave, and every detail table points at them.
_DETAIL_STEPS: tuple[tuple[Any, Any], ...] = (
    _by_crate(tables.CratePlanItem),
    _by_crate(tables.VoidCrateCode, "scan_code"),
    _by_crate(tables.LabelReprint),
    _by_wave(tables.Scan),
    (tables.Put, _puts_ids),
    _by_wave(tables.CrateLoad),
    _by_wave(tables.Shortage),
    _by_wave(tables.Receipt),
    _by_wave(tables.ReceivingClosure),
    _by_wave(tables.ImportConflict),
    _by_wave(tables.Claim),
    _by_wave(tables.RouteDispatch),
    _by_wave(tables.RouteRiskWarning),
    _by_wave(tables.OutboxEntry),
    _by_wave(tables.Crate),
    _by_wave(tables.SortTask),
    _by_wave(tables.OrderLine),
    _by_wave(tables.Order),
)


def detail_steps() -> int:
    return len(_DETAIL_STEPS)


def delete_detail_chunk(session: Session, wave_pk: int, step: int, limit: int) -> int:
    """Delete up to `limit` rows of the wave's detail table `step` (see _DETAIL_STEPS); returns
    how many went (0: that table is done)."""
    model, ids = _DETAIL_STEPS[step]
    table = model.__table__
    key = table.c.scan_code if model is tables.VoidCrateCode else table.c.id
    chunk = [row[0] for row in session.execute(ids(wave_pk).limit(limit))]
    if chunk:
        session.execute(delete(table).where(key.in_(chunk)))
    return len(chunk)


def mark_detail_purged(session: Session, wave_pk: int, wave_id: str, now: datetime) -> None:
    """Every row of the wave's detail is gone: say so on its aggregates, and mark its customer
    data purged too (it went with the orders)."""
    w = tables.Wave
    session.execute(
        w.__table__.update().where(w.id == wave_pk, w.purged_at.is_(None)).values(purged_at=now)
    )
    wa = tables.WaveAggregate
    session.execute(wa.__table__.update().where(wa.wave_id == wave_id).values(detail_purged_at=now))


# --- the route board's warnings ------------------------------------------------------------------


def warned_routes(session: Session, wave_pk: int) -> set[str]:
    rw = tables.RouteRiskWarning
    return set(session.scalars(select(rw.route_id).where(rw.wave_pk == wave_pk)))


def add_warnings(session: Session, wave_pk: int, routes: list[str], at: datetime) -> None:
    if routes:
        session.execute(
            insert(tables.RouteRiskWarning),
            [{"wave_pk": wave_pk, "route_id": r, "first_at": at} for r in routes],
        )
