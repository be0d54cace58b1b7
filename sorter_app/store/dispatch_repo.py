"""Routes leaving the hub (route_dispatches) and what a dispatch tells the platform: the crates
on the truck and the weights put into them. Services call these inside one unit of work."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sorter_app.store import tables
from sorter_app.store.sorting_repo import crates_missing_from_truck, crates_with_units


@dataclass(frozen=True, slots=True)
class EarlierDispatch:
    dispatch_id: str
    forced: bool


@dataclass(frozen=True, slots=True)
class CrateOnRoute:
    """A crate of the route that holds units, in stop order."""

    crate_id: str
    community_id: str
    community_name: str
    stop_seq: int
    units: int


@dataclass(frozen=True, slots=True)
class WeighedPut:
    """A put of a weighed SKU with the grams scanned for it."""

    community_pk: int
    community_id: str
    sku_pk: int
    sku_id: str
    grams: int | None
    crate_id: str


@dataclass(frozen=True, slots=True)
class SortedLines:
    """A community's order lines of a SKU that are sorted, oldest order first (the order weights
    are attributed in), and the units shorted on each."""

    lines: list[tuple[str, int]]  # (line ID, qty)
    shorted: dict[str, int]  # line ID -> units shorted


def dispatch_of(session: Session, wave_pk: int, route_id: str) -> EarlierDispatch | None:
    """The route's dispatch, if it left already."""
    row = session.execute(
        select(tables.RouteDispatch.dispatch_id, tables.RouteDispatch.forced).where(
            tables.RouteDispatch.wave_pk == wave_pk, tables.RouteDispatch.route_id == route_id
        )
    ).first()
    return None if row is None else EarlierDispatch(row[0], row[1])


def crates_not_loaded(session: Session, wave_pk: int, route_id: str) -> list[CrateOnRoute]:
    """The route's crates with units that were not scanned onto the truck."""
    return [_on_route(row) for row in crates_missing_from_truck(session, wave_pk, route_id)]


def crates_on_route(session: Session, wave_pk: int, route_id: str) -> list[CrateOnRoute]:
    """The route's crates with units, loaded or not."""
    return [
        _on_route(row) for row in session.execute(crates_with_units(session, wave_pk, route_id))
    ]


def _on_route(row: tuple[int, str, int, str, str, int, str, int]) -> CrateOnRoute:
    _, crate_id, _, community_id, name, stop, _, units = row
    return CrateOnRoute(crate_id, community_id, name, stop, int(units))


def add_dispatch(
    session: Session,
    *,
    wave_pk: int,
    route_id: str,
    dispatch_id: str,
    departed_at: datetime,
    reason: str,
    supervisor: str,
    left_behind: list[str],
    driver: str | None = None,
    plate: str | None = None,
) -> None:
    """The route left; `forced` when crates were left behind (a supervisor's decision)."""
    session.add(
        tables.RouteDispatch(
            wave_pk=wave_pk,
            route_id=route_id,
            dispatch_id=dispatch_id,
            departed_at=departed_at,
            forced=bool(left_behind),
            reason=reason,
            supervisor=supervisor,
            missing=json.dumps(left_behind),
            driver=driver,
            plate=plate,
        )
    )
    session.flush()


def all_routes_dispatched(session: Session, wave_pk: int) -> bool:
    """Every route with units due or a crate holding units has left (and the wave has routes).

    A route whose sorting has not started yet still counts: on a night where the first route
    leaves before the last one's goods are sorted, the wave is not dispatched until it goes."""
    routes = set(
        session.scalars(
            select(tables.Community.route_id).where(tables.Community.wave_pk == wave_pk).distinct()
        )
    )
    with_units = {row[6] for row in session.execute(crates_with_units(session, wave_pk))}
    with_units |= set(
        session.scalars(
            select(tables.Community.route_id)
            .join(tables.SortTask, tables.SortTask.community_pk == tables.Community.id)
            .where(tables.SortTask.wave_pk == wave_pk, tables.SortTask.due_qty > 0)
            .distinct()
        )
    )
    dispatched = set(
        session.scalars(
            select(tables.RouteDispatch.route_id).where(tables.RouteDispatch.wave_pk == wave_pk)
        )
    )
    return bool(routes) and with_units <= dispatched


def any_dispatched(session: Session, wave_pk: int) -> bool:
    """Whether any route of the wave has left."""
    found = session.scalar(
        select(tables.RouteDispatch.id).where(tables.RouteDispatch.wave_pk == wave_pk).limit(1)
    )
    return found is not None


def waves_dispatched_since(session: Session, since: datetime) -> list[str]:
    """Wave IDs with a route that left at or after `since`."""
    return list(
        session.scalars(
            select(tables.Wave.wave_id)
            .join(tables.RouteDispatch, tables.RouteDispatch.wave_pk == tables.Wave.id)
            .where(tables.RouteDispatch.departed_at >= since)
            .distinct()
        )
    )


# --- weights ----------------------------------------------------------------------------------


def weighed_puts(session: Session, wave_pk: int, route_id: str) -> list[WeighedPut]:
    """Puts of weighed SKUs to the route's communities with their grams, in put order."""
    c, p, k = tables.Community, tables.Put, tables.Sku
    rows = session.execute(
        select(c.id, c.community_id, k.id, k.sku_id, p.grams, tables.Crate.crate_id)
        .join(c, c.id == p.community_pk)
        .join(k, k.id == p.sku_pk)
        .join(tables.Crate, tables.Crate.id == p.crate_pk)
        .where(
            p.wave_pk == wave_pk,
            p.undone_at.is_(None),
            p.grams.is_not(None),
            k.weighed.is_(True),
            c.route_id == route_id,
        )
        .order_by(p.id)
    )
    return [WeighedPut(*row) for row in rows]


def lines_of(
    session: Session, pairs: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], SortedLines]:
    """The sorted lines of each (community pk, SKU pk) pair."""
    return {
        (community_pk, sku_pk): SortedLines(
            _lines_to_sort(session, community_pk, sku_pk),
            _shorted_by_line(session, community_pk, sku_pk),
        )
        for community_pk, sku_pk in pairs
    }


def _lines_to_sort(session: Session, community_pk: int, sku_pk: int) -> list[tuple[str, int]]:
    rows = session.execute(
        select(tables.OrderLine.line_id, tables.OrderLine.qty)
        .join(tables.Order, tables.Order.id == tables.OrderLine.order_pk)
        .where(
            tables.OrderLine.community_pk == community_pk,
            tables.OrderLine.sku_pk == sku_pk,
            tables.OrderLine.to_sort.is_(True),
        )
        .order_by(tables.Order.placed_at, tables.Order.order_id, tables.OrderLine.line_id)
    )
    return [(line_id, qty) for line_id, qty in rows]


def _shorted_by_line(session: Session, community_pk: int, sku_pk: int) -> dict[str, int]:
    rows = session.execute(
        select(tables.OrderLine.line_id, tables.Shortage.qty)
        .join(tables.OrderLine, tables.OrderLine.id == tables.Shortage.line_pk)
        .where(tables.Shortage.sku_pk == sku_pk, tables.Shortage.community_pk == community_pk)
    )
    return {line_id: qty for line_id, qty in rows}
