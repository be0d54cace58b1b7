"""A route leaves: check every crate with units is on the truck, tell the platform per community
what is coming (crates, units, crate IDs, actual weights of weighed lines), exactly once."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.weights import attribute_weights
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.crate_ledger import record_crates_out
from sorter_app.services.people import Person
from sorter_app.services.reporting import queue_milestone
from sorter_app.store import outbox_repo
from sorter_app.store import tables as t
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import crates_missing_from_truck, crates_with_units
from sorter_app.store.wave_lookup import wave_pk_of


@dataclass(frozen=True)
class MissingCrate:
    stop_seq: int
    community_id: str
    community_name: str
    crate_id: str


class DispatchBlocked(UserFacingError):
    code = "crates_missing"

    def __init__(self, route_id: str, missing: list[MissingCrate]) -> None:
        self.missing = missing
        super().__init__(
            f"线路 {route_id} 还有 {len(missing)} 筐没装车，需班组长确认并说明原因才能发车",
            f"Route {route_id} has {len(missing)} crates not loaded; dispatching needs a supervisor and a reason",
        )


@dataclass(frozen=True)
class DispatchResult:
    dispatch_id: str
    route_id: str
    communities: int
    crates: int
    units: int
    forced: bool
    already: bool = False


def missing_crates(store: Store, wave_id: str, route_id: str) -> list[MissingCrate]:
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        return [
            MissingCrate(stop, cid, name, crate_id)
            for _, crate_id, _, cid, name, stop, _, _ in crates_missing_from_truck(
                s, wave_pk, route_id
            )
        ]


def dispatch_route(
    store: Store,
    wave_id: str,
    route_id: str,
    *,
    force: bool = False,
    reason: str = "",
    supervisor: Person | None = None,
    clock: Clock = utc_now,
) -> DispatchResult:
    """Record the departure and queue the dispatch; refuses with crates missing unless a
    supervisor forces it with a reason. Dispatching a route twice returns the first dispatch."""
    now = clock()
    with store.write() as s:
        wave_pk = wave_pk_of(s, wave_id)
        earlier = s.scalars(
            select(t.RouteDispatch).where(
                t.RouteDispatch.wave_pk == wave_pk, t.RouteDispatch.route_id == route_id
            )
        ).first()
        if earlier is not None:
            return DispatchResult(
                earlier.dispatch_id, route_id, 0, 0, 0, earlier.forced, already=True
            )
        missing = [
            MissingCrate(stop, cid, name, crate_id)
            for _, crate_id, _, cid, name, stop, _, _ in crates_missing_from_truck(
                s, wave_pk, route_id
            )
        ]
        if missing and not force:
            raise DispatchBlocked(route_id, missing)
        if missing and (supervisor is None or not supervisor.is_supervisor or not reason.strip()):
            raise UserFacingError(
                "缺筐发车需要班组长和原因",
                "Dispatching with crates missing needs a supervisor and a reason",
                code="supervisor_required",
            )
        communities = _community_entries(s, wave_pk, route_id, {m.crate_id for m in missing})
        dispatch_id = str(uuid.uuid4())
        body = {
            "dispatch_id": dispatch_id,
            "route_id": route_id,
            "departed_at": now.isoformat(),
            "communities": communities,
        }
        s.add(
            t.RouteDispatch(
                wave_pk=wave_pk,
                route_id=route_id,
                dispatch_id=dispatch_id,
                departed_at=now,
                forced=bool(missing),
                reason=reason.strip(),
                supervisor=supervisor.code if supervisor else "",
                missing=json.dumps([m.crate_id for m in missing]),
            )
        )
        s.flush()
        outbox_repo.enqueue(
            s,
            wave_pk=wave_pk,
            kind="dispatch",
            topic="dispatch",
            key=dispatch_id,
            body=body,
            now=now,
        )
        record_crates_out(s, wave_pk, {c["community_id"]: c["crate_ids"] for c in communities}, now)
        if _all_routes_dispatched(s, wave_pk):
            queue_milestone(s, wave_pk, wave_id, "dispatched", now)
    return DispatchResult(
        dispatch_id,
        route_id,
        len(communities),
        sum(c["crates"] for c in communities),
        sum(c["units"] for c in communities),
        bool(missing),
    )


def _community_entries(
    s: Session, wave_pk: int, route_id: str, left_behind: set[str]
) -> list[dict[str, Any]]:
    """Per community of the route: its crates with units that are on the truck."""
    crates: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for _, crate_id, _, cid, _, _, _, units in s.execute(crates_with_units(s, wave_pk, route_id)):
        if crate_id not in left_behind:
            crates[cid].append((crate_id, int(units)))
    weights = _weights_by_community(s, wave_pk, route_id, left_behind)
    entries = []
    for cid, items in crates.items():
        entry: dict[str, Any] = {
            "community_id": cid,
            "crates": len(items),
            "units": sum(u for _, u in items),
            "crate_ids": [crate_id for crate_id, _ in items],
        }
        if weights.get(cid):
            entry["weights"] = weights[cid]
        entries.append(entry)
    return entries


def _weights_by_community(
    s: Session, wave_pk: int, route_id: str, left_behind: set[str]
) -> dict[str, list[dict[str, Any]]]:
    """Actual grams per line of weighed SKUs, from the weights scanned at each put."""
    c, p, k = t.Community, t.Put, t.Sku
    puts = s.execute(
        select(c.id, c.community_id, k.id, k.sku_id, p.grams, t.Crate.crate_id)
        .join(c, c.id == p.community_pk)
        .join(k, k.id == p.sku_pk)
        .join(t.Crate, t.Crate.id == p.crate_pk)
        .where(
            p.wave_pk == wave_pk,
            p.undone_at.is_(None),
            p.grams.is_not(None),
            k.weighed.is_(True),
            c.route_id == route_id,
        )
        .order_by(p.id)
    ).all()
    grams: dict[tuple[int, int], list[int]] = defaultdict(list)
    names: dict[tuple[int, int], tuple[str, str]] = {}
    for community_pk, cid, sku_pk, sku_id, g, crate_id in puts:
        if crate_id not in left_behind:
            grams[(community_pk, sku_pk)].append(int(g or 0))
            names[(community_pk, sku_pk)] = (cid, sku_id)
    result: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (community_pk, sku_pk), unit_grams in grams.items():
        lines = s.execute(
            select(t.OrderLine.line_id, t.OrderLine.qty)
            .join(t.Order, t.Order.id == t.OrderLine.order_pk)
            .where(
                t.OrderLine.community_pk == community_pk,
                t.OrderLine.sku_pk == sku_pk,
                t.OrderLine.to_sort.is_(True),
            )
            .order_by(t.Order.placed_at, t.Order.order_id, t.OrderLine.line_id)
        ).all()
        shorted = dict(
            s.execute(
                select(t.OrderLine.line_id, t.Shortage.qty)
                .join(t.OrderLine, t.OrderLine.id == t.Shortage.line_pk)
                .where(t.Shortage.sku_pk == sku_pk, t.Shortage.community_pk == community_pk)
            ).all()
        )
        cid, sku_id = names[(community_pk, sku_pk)]
        delivered = [(line_id, qty - int(shorted.get(line_id, 0))) for line_id, qty in lines]
        for line_id, g in attribute_weights(delivered, unit_grams).items():
            result[cid].append({"line_id": line_id, "sku_id": sku_id, "grams": g})
    return result


def _all_routes_dispatched(s: Session, wave_pk: int) -> bool:
    routes = set(
        s.scalars(select(t.Community.route_id).where(t.Community.wave_pk == wave_pk).distinct())
    )
    with_units = {row[6] for row in s.execute(crates_with_units(s, wave_pk))}
    dispatched = set(
        s.scalars(select(t.RouteDispatch.route_id).where(t.RouteDispatch.wave_pk == wave_pk))
    )
    return bool(routes) and with_units <= dispatched


def _wave_pk(s: Session, wave_id: str) -> int:
    pk = s.scalar(select(t.Wave.id).where(t.Wave.wave_id == wave_id))
    if pk is None:
        raise UserFacingError(
            f"本地没有波次 {wave_id}", f"No local wave {wave_id}", code="unknown_wave"
        )
    return int(pk)
