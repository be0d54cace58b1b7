"""Read-only listings of a wave for a hub without a screen: its SKUs with their codes and
receiving numbers, its crates with their scan codes, and its routes with loading and dispatch.

`sorter-app skus`, `crates list` and `routes` print these. They are built from the supervisor
screens' views (receiving_view, crates_view) plus the few look-ups those do not make.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from sorter_app.domain.errors import UserFacingError
from sorter_app.services.views.crates_view import community_crates, wave_crates
from sorter_app.services.views.receiving_view import receiving_overview
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import crates_with_units
from sorter_app.store.wave_lookup import wave_pk_of


class UnknownCommunity(UserFacingError):
    code = "unknown_community"


# --- SKUs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkuListing:
    sku_id: str
    name: str
    spec: str
    unit: str
    barcodes: tuple[str, ...]
    plu: str | None  # weighed SKUs: the PLU of the hub's scale labels
    weighed: bool
    temperature: str
    status: str  # the platform's: active | cancelled_below_threshold
    ordered: int
    due: int  # after the shortage allocation
    received: int
    damaged: int
    put: int
    receiving: str  # waiting | receiving | closed; none: nothing ordered, nothing received

    def as_json(self) -> dict[str, Any]:
        return {
            "sku_id": self.sku_id,
            "name": self.name,
            "spec": self.spec,
            "unit": self.unit,
            "barcodes": list(self.barcodes),
            "plu": self.plu,
            "weighed": self.weighed,
            "temperature": self.temperature,
            "status": self.status,
            "ordered": self.ordered,
            "due": self.due,
            "received": self.received,
            "damaged": self.damaged,
            "put": self.put,
            "receiving": self.receiving,
        }


def sku_listing(store: Store, wave_id: str) -> list[SkuListing]:
    """Every SKU of the wave in SKU order, also those cancelled below their group threshold."""
    numbers = {row.sku_id: row for row in receiving_overview(store, wave_id).skus}
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        skus = s.execute(
            select(
                tables.Sku.id,
                tables.Sku.sku_id,
                tables.Sku.name,
                tables.Sku.spec,
                tables.Sku.unit,
                tables.Sku.plu,
                tables.Sku.weighed,
                tables.Sku.temperature,
                tables.Sku.status,
            )
            .where(tables.Sku.wave_pk == wave_pk)
            .order_by(tables.Sku.sku_id)
        ).all()
        barcodes: dict[int, list[str]] = defaultdict(list)
        for sku_pk, code in s.execute(
            select(tables.SkuBarcode.sku_pk, tables.SkuBarcode.barcode)
            .where(tables.SkuBarcode.wave_pk == wave_pk)
            .order_by(tables.SkuBarcode.id)
        ):
            barcodes[sku_pk].append(code)
    rows = []
    for pk, sku_id, name, spec, unit, plu, weighed, temperature, status in skus:
        n = numbers.get(sku_id)
        rows.append(
            SkuListing(
                sku_id=sku_id,
                name=name,
                spec=spec or "",
                unit=unit or "",
                barcodes=tuple(barcodes.get(pk, ())),
                plu=plu or None,
                weighed=bool(weighed),
                temperature=temperature,
                status=status,
                ordered=n.ordered if n else 0,
                due=n.due if n else 0,
                received=n.received if n else 0,
                damaged=n.damaged if n else 0,
                put=n.put if n else 0,
                receiving=n.state if n else "none",
            )
        )
    return rows


# --- crates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrateListing:
    crate_id: str  # the long ID of dispatches, claims and the label's QR
    scan_code: str  # the label's Code128
    community_id: str
    community_name: str
    route_id: str
    route_name: str
    stop_seq: int
    seq: int  # n of "n/m"
    count: int  # m: the community's crates now
    temperature: str
    status: str  # open | closed
    extra: bool  # opened during sorting (crate full, or beyond the plan)
    planned: int
    put: int
    loaded: bool
    label_version: int

    @property
    def n_of_m(self) -> str:
        return f"{self.seq}/{self.count}"

    def as_json(self) -> dict[str, Any]:
        return {
            "crate_id": self.crate_id,
            "scan_code": self.scan_code,
            "community_id": self.community_id,
            "community_name": self.community_name,
            "route_id": self.route_id,
            "route_name": self.route_name,
            "stop_seq": self.stop_seq,
            "n": self.seq,
            "m": self.count,
            "temperature": self.temperature,
            "status": self.status,
            "extra": self.extra,
            "planned": self.planned,
            "put": self.put,
            "loaded": self.loaded,
            "label_version": self.label_version,
        }


def crate_listing(
    store: Store, wave_id: str, community_id: str | None = None
) -> list[CrateListing]:
    """The wave's crates (or one community's) in route, stop and crate order."""
    communities = community_crates(store, wave_id)
    if community_id is not None and all(c.community_id != community_id for c in communities):
        raise UnknownCommunity(
            f"波次 {wave_id} 中没有小区 {community_id}",
            f"No community {community_id} in wave {wave_id}",
        )
    order = {c.community_id: i for i, c in enumerate(communities)}
    where = {c.community_id: c for c in communities}
    crates = [
        crate
        for crate in wave_crates(store, wave_id)
        if community_id is None or crate.community_id == community_id
    ]
    crates.sort(key=lambda crate: (order[crate.community_id], crate.seq))
    loaded = _loaded_crates(store, wave_id)
    return [
        CrateListing(
            crate_id=crate.crate_id,
            scan_code=crate.scan_code,
            community_id=crate.community_id,
            community_name=where[crate.community_id].name,
            route_id=where[crate.community_id].route_id,
            route_name=where[crate.community_id].route_name,
            stop_seq=where[crate.community_id].stop_seq,
            seq=crate.seq,
            count=crate.count,
            temperature=crate.temperature,
            status=crate.status,
            extra=crate.extra,
            planned=crate.planned,
            put=crate.put,
            loaded=crate.crate_id in loaded,
            label_version=crate.label_version,
        )
        for crate in crates
    ]


def _loaded_crates(store: Store, wave_id: str) -> set[str]:
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        return set(
            s.scalars(
                select(tables.Crate.crate_id)
                .join(tables.CrateLoad, tables.CrateLoad.crate_pk == tables.Crate.id)
                .where(tables.CrateLoad.wave_pk == wave_pk)
            )
        )


# --- routes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteListing:
    route_id: str
    route_name: str
    stops: int  # communities on the route
    crates: int  # every crate of its communities, empty ones too
    crates_with_units: int  # what goes on the truck
    loaded: int  # crates scanned onto the truck
    dispatched: bool
    departed_at: datetime | None  # in the hub's time zone
    forced: bool  # a supervisor let it leave with crates missing

    @property
    def to_load(self) -> int:
        return max(self.crates_with_units - self.loaded, 0)

    def as_json(self) -> dict[str, Any]:
        return {
            "route_id": self.route_id,
            "route_name": self.route_name,
            "stops": self.stops,
            "crates": self.crates,
            "crates_with_units": self.crates_with_units,
            "loaded": self.loaded,
            "to_load": self.to_load,
            "dispatched": self.dispatched,
            "departed_at": self.departed_at.isoformat() if self.departed_at else None,
            "forced": self.forced,
        }


def route_listing(store: Store, wave_id: str, zone: ZoneInfo | None = None) -> list[RouteListing]:
    """Per route in route order: stops, crates, crates loaded, and whether it left."""
    stops: dict[str, int] = defaultdict(int)
    crates: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for c in community_crates(store, wave_id):
        stops[c.route_id] += 1
        crates[c.route_id] += c.crates
        names.setdefault(c.route_id, c.route_name)
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        with_units: dict[str, int] = defaultdict(int)
        for row in s.execute(crates_with_units(s, wave_pk)):
            with_units[row.route_id] += 1
        loaded = dict(
            s.execute(
                select(tables.CrateLoad.route_id, func.count())
                .where(tables.CrateLoad.wave_pk == wave_pk)
                .group_by(tables.CrateLoad.route_id)
            ).all()
        )
        dispatches = {
            route_id: (departed_at, bool(forced))
            for route_id, departed_at, forced in s.execute(
                select(
                    tables.RouteDispatch.route_id,
                    tables.RouteDispatch.departed_at,
                    tables.RouteDispatch.forced,
                ).where(tables.RouteDispatch.wave_pk == wave_pk)
            )
        }
    rows = []
    for route_id in sorted(stops):
        departed, forced = dispatches.get(route_id, (None, False))
        if departed is not None and zone is not None:
            departed = departed.astimezone(zone)
        rows.append(
            RouteListing(
                route_id=route_id,
                route_name=names[route_id],
                stops=stops[route_id],
                crates=crates[route_id],
                crates_with_units=with_units.get(route_id, 0),
                loaded=int(loaded.get(route_id, 0)),
                dispatched=route_id in dispatches,
                departed_at=departed,
                forced=forced,
            )
        )
    return rows
