"""The A4 documents' data from the store: manifests, pickup lists, load sheets, supplier
shortage lists and receiving sheets, at any stage of the night (ordered, due after shortages, put so far).

Each function reads the wave with a handful of set-based queries (one per table involved, never
one per community) and assembles the plain models of printers.documents in Python: a batch of
3,000 community manifests is a few queries, not 3,000 round trips.

Which crates a stop gets: the crates holding units; while a community (or a line) is not fully
sorted yet, also the crates the plan has for it, so a sheet printed before the shift already
lists them, and an empty planned crate drops off once everything due has been put.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Executable

from printers.documents.models import (
    PENDING_SHORT_ZH,
    LoadSheet,
    LoadStop,
    Manifest,
    ManifestCrate,
    ManifestLine,
    PickupCustomer,
    PickupItem,
    PickupList,
    ReceivingSheet,
    ReceivingSheetLine,
    ShortNote,
    SupplierShortage,
    SupplierShortageLine,
    short_reason_zh,
)
from printers.model import Zone, mask_phone
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.views.crate_ledger_view import held_by_community
from sorter_app.store import tables
from sorter_app.store.database import Store

_ZONE_ORDER = {Zone.AMBIENT: 0, Zone.CHILLED: 1, Zone.FROZEN: 2}
_ZONES = {zone.value: zone for zone in Zone}
_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])


class UnknownWave(UserFacingError):
    code = "unknown_wave"


class UnknownCommunity(UserFacingError):
    code = "unknown_community"


class UnknownRoute(UserFacingError):
    code = "unknown_route"


class UnknownSupplier(UserFacingError):
    code = "unknown_supplier"


# --- public ---------------------------------------------------------------------------------


def manifests(
    store: Store, wave_id: str, community_id: str | None = None, *, route_id: str | None = None
) -> list[Manifest]:
    """Every community's 团长签收单/装箱单 in route and stop order (one community's or one
    route's if given). A whole wave's lines are half a million objects: print a wave through
    `manifests_by_route`, which holds a few routes' at a time."""
    return _manifests(store, wave_id, community_id, route_id, None)


def _manifests(
    store: Store,
    wave_id: str,
    community_id: str | None,
    route_id: str | None,
    route_ids: Collection[str] | None,
) -> list[Manifest]:
    with store.read() as session:
        wave = _wave(session, wave_id)
        communities = _communities(
            session, wave, community_id=community_id, route_id=route_id, route_ids=route_ids
        )
        scoped = community_id is not None or route_id is not None or route_ids is not None
        scope = _Scope(wave.pk, _pks(communities) if scoped else None)
        skus = _skus(session, wave.pk)
        tasks = _tasks(session, scope)
        shorts = _shortages_by_task(session, scope)
        crates = _crates(session, scope)
        contents = _contents(session, scope)
    # Lines in zone order (as the crates are packed), then by SKU ID: one sort for the batch.
    tasks.sort(key=lambda task: skus[task[1]].rank)
    lines_of: dict[int, list[ManifestLine]] = defaultdict(list)
    crates_of: dict[int, set[int]] = defaultdict(set)
    no_shorts: dict[tuple[str, str], int] = {}
    for c_pk, s_pk, ordered, due, put in tasks:
        key = (c_pk, s_pk)
        line_crates = contents.line_crates(key, complete=put >= due)
        crates_of[c_pk].update(line_crates)
        sku = skus[s_pk]
        recorded = shorts.get(key, no_shorts)
        lines_of[c_pk].append(
            ManifestLine(  # positional: this runs half a million times for a large wave
                sku.sku_id,
                sku.name,
                sku.spec,
                sku.unit,
                ordered,
                due,
                put,
                _short_notes(recorded, ordered - due) if recorded or ordered > due else (),
                _seqs(line_crates, crates),
            )
        )
    return [
        Manifest(
            wave_id=wave_id,
            delivery_date=wave.delivery_date,
            community_id=c.community_id,
            community_name=c.name,
            leader_name=c.leader_name,
            leader_phone_masked=mask_phone(c.leader_phone),
            pickup_address=c.pickup_address,
            route_id=c.route_id,
            route_name=c.route_name,
            stop_seq=c.stop_seq,
            crates=tuple(
                crates[pk].manifest_crate() for pk in _by_seq(crates_of.get(c.pk, ()), crates)
            ),
            lines=tuple(lines_of.get(c.pk, ())),
        )
        for c in communities
    ]


# Routes are read from the store a few at a time, about this many communities together: one
# read of a route's tasks costs nearly a pass over the wave's (the store indexes them by wave
# and SKU, not by community), and this many communities' lines are a fifteenth of a large wave's.
READ_COMMUNITIES = 200
# Up to this many communities, their tasks are looked up (SKU by SKU) rather than read in a pass.
LOOKUP_COMMUNITIES = 60


def manifests_by_route(store: Store, wave_id: str) -> Iterator[tuple[str, list[Manifest]]]:
    """The wave's manifests route by route, in route order: (route ID, its manifests). Routes
    are read together up to READ_COMMUNITIES communities, and the next ones only once those
    have been used: the memory of a few routes, never of the whole wave."""
    group: list[str] = []
    size = 0
    for route_id, communities in _route_sizes(store, wave_id):
        group.append(route_id)
        size += communities
        if size >= READ_COMMUNITIES:
            yield from _by_route(_manifests(store, wave_id, None, None, group))
            group, size = [], 0
    if group:
        yield from _by_route(_manifests(store, wave_id, None, None, group))


def _by_route(batch: list[Manifest]) -> Iterator[tuple[str, list[Manifest]]]:
    """Consecutive manifests of the same route (the batch is in route order), route by route;
    each route's are dropped from the batch as they go."""
    batch.reverse()  # pop from the end: the batch shrinks as routes are handed out
    while batch:
        route_id = batch[-1].route_id
        route: list[Manifest] = []
        while batch and batch[-1].route_id == route_id:
            route.append(batch.pop())
        yield route_id, route


def _route_sizes(store: Store, wave_id: str) -> list[tuple[str, int]]:
    """The wave's routes in route order, with their number of communities."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        c = tables.Community
        rows = _rows(
            session,
            select(c.route_id, func.count())
            .where(c.wave_pk == wave.pk)
            .group_by(c.route_id)
            .order_by(c.route_id),
        )
    return [(route_id, int(count)) for route_id, count in rows]


def pickup_lists(store: Store, wave_id: str, community_id: str | None = None) -> list[PickupList]:
    """Every community's 团长分拣单 in route and stop order: customers by pickup code, each
    customer's items with what is short on their own order lines."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        communities = _communities(session, wave, community_id=community_id)
        scope = _Scope(wave.pk, _pks(communities) if community_id else None)
        lines = _order_lines(session, scope)
        shorts = _shortages_by_line(session, scope)
    # community → (pickup code, nickname) → sku_id → [item parts]
    grouped: dict[int, dict[tuple[str, str], dict[str, _ItemSum]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for row in lines:
        customer = grouped[row.community_pk][(row.pickup_code, row.nickname)]
        item = customer.get(row.sku_id)
        if item is None:
            item = customer[row.sku_id] = _ItemSum(row.name, row.spec, row.unit)
        line_shorts = shorts.get(row.line_pk, {})
        short = sum(line_shorts.values())
        item.qty += row.qty - short
        item.short += short
        for kind_reason in line_shorts:
            item.reasons.setdefault(short_reason_zh(*kind_reason), None)
    result = []
    for c in communities:
        customers = tuple(
            PickupCustomer(
                nickname=nickname,
                pickup_code=code,
                items=tuple(items[sku_id].item() for sku_id in sorted(items)),
            )
            for (code, nickname), items in sorted(
                grouped.get(c.pk, {}).items(), key=lambda entry: _pickup_order(*entry[0])
            )
        )
        result.append(
            PickupList(
                wave_id=wave_id,
                delivery_date=wave.delivery_date,
                community_id=c.community_id,
                community_name=c.name,
                leader_name=c.leader_name,
                leader_phone_masked=mask_phone(c.leader_phone),
                pickup_address=c.pickup_address,
                route_name=c.route_name,
                stop_seq=c.stop_seq,
                customers=customers,
            )
        )
    return result


def load_sheet(
    store: Store,
    wave_id: str,
    route_id: str,
    *,
    collect_back: Mapping[str, int] | None = None,
    driver_name: str = "",
    plate: str = "",
) -> LoadSheet:
    """One route's 装车单: stops in order with their crates and the units due to them.

    `collect_back` gives empty crates to bring back per community ID; by default what the crate
    ledger says each leader still holds.
    """
    if collect_back is None:
        collect_back = held_by_community(store)
    with store.read() as session:
        wave = _wave(session, wave_id)
        communities = _communities(session, wave, route_id=route_id)
        scope = _Scope(wave.pk, _pks(communities))
        tasks = _tasks(session, scope)
        crates = _crates(session, scope)
        contents = _contents(session, scope)
    due: dict[int, int] = defaultdict(int)
    crates_of: dict[int, set[int]] = defaultdict(set)
    for c_pk, s_pk, _, task_due, put in tasks:
        due[c_pk] += task_due
        crates_of[c_pk].update(contents.line_crates((c_pk, s_pk), complete=put >= task_due))
    back = collect_back
    stops = tuple(
        LoadStop(
            stop_seq=c.stop_seq,
            community_id=c.community_id,
            community_name=c.name,
            leader_name=c.leader_name,
            leader_phone_masked=mask_phone(c.leader_phone),
            crate_seqs=_seqs(crates_of.get(c.pk, ()), crates),
            units=due[c.pk],
            collect_back=back.get(c.community_id, 0),
        )
        for c in communities
    )
    return LoadSheet(
        wave_id=wave_id,
        delivery_date=wave.delivery_date,
        route_id=route_id,
        route_name=communities[0].route_name,
        stops=stops,
        driver_name=driver_name,
        plate=plate,
    )


def route_ids(store: Store, wave_id: str) -> list[str]:
    """The wave's routes, in the order the load sheets are printed."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        return list(
            session.scalars(
                select(tables.Community.route_id)
                .where(tables.Community.wave_pk == wave.pk)
                .group_by(tables.Community.route_id)
                .order_by(tables.Community.route_id)
            )
        )


def _ordered_skus(wave_pk: int) -> Select[int, str, str, str, str, str, str, int]:
    """The wave's SKUs that anyone ordered, with their supplier and the units ordered."""
    return (
        select(
            tables.Sku.id,
            tables.Sku.sku_id,
            tables.Sku.name,
            tables.Sku.spec,
            tables.Sku.unit,
            tables.Sku.supplier_id,
            tables.Sku.supplier_name,
            func.sum(tables.SortTask.ordered_qty),
        )
        .join(tables.SortTask, tables.SortTask.sku_pk == tables.Sku.id)
        .where(tables.Sku.wave_pk == wave_pk)
        .group_by(tables.Sku.id)
        .having(func.sum(tables.SortTask.ordered_qty) > 0)
    )


def _receipt_totals(session: Session, wave_pk: int) -> dict[tuple[int, str], int]:
    """Units counted per (SKU, received | damaged)."""
    return {
        (sku_pk, kind): int(qty)
        for sku_pk, kind, qty in _rows(
            session,
            select(tables.Receipt.sku_pk, tables.Receipt.kind, func.sum(tables.Receipt.qty))
            .where(tables.Receipt.wave_pk == wave_pk)
            .group_by(tables.Receipt.sku_pk, tables.Receipt.kind),
        )
    }


def supplier_shortages(store: Store, wave_id: str) -> list[SupplierShortage]:
    """Per supplier, the SKUs that arrived short or damaged (or have not arrived yet), by
    supplier ID; suppliers with nothing short are left out."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        skus = _rows(session, _ordered_skus(wave.pk))
        receipts = _receipt_totals(session, wave.pk)
        recorded: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
        for sku_pk, kind, reason, qty in _rows(
            session,
            select(
                tables.Shortage.sku_pk,
                tables.Shortage.kind,
                tables.Shortage.reason,
                func.sum(tables.Shortage.qty),
            )
            .where(tables.Shortage.wave_pk == wave.pk)
            .group_by(tables.Shortage.sku_pk, tables.Shortage.kind, tables.Shortage.reason),
        ):
            recorded[sku_pk][(kind, reason)] = int(qty)
    by_supplier: dict[tuple[str, str], list[SupplierShortageLine]] = defaultdict(list)
    for pk, sku_id, name, spec, unit, supplier_id, supplier_name, ordered in sorted(
        skus, key=lambda row: row[1]
    ):
        ordered = int(ordered)
        received = receipts.get((pk, "received"), 0)
        damaged = receipts.get((pk, "damaged"), 0)
        short = max(ordered - received, 0)
        if short == 0 and damaged == 0:
            continue
        notes = recorded.get(pk, {})
        not_arrived = sum(q for (kind, _), q in notes.items() if kind == "shortage")
        reasons = _merge_notes(notes)
        if short > not_arrived:  # receiving still open: the rest may yet come
            reasons = (*reasons, ShortNote(PENDING_SHORT_ZH, short - not_arrived))
        by_supplier[(supplier_id, supplier_name)].append(
            SupplierShortageLine(
                sku_id=sku_id,
                name=name,
                spec=spec,
                unit=unit,
                ordered=ordered,
                received=received,
                damaged=damaged,
                short=short,
                reasons=reasons,
            )
        )
    return [
        SupplierShortage(
            wave_id=wave_id,
            delivery_date=wave.delivery_date,
            supplier_id=supplier_id,
            supplier_name=supplier_name,
            lines=tuple(lines),
        )
        for (supplier_id, supplier_name), lines in sorted(by_supplier.items())
    ]


def receiving_sheets(
    store: Store, wave_id: str, supplier_id: str | None = None
) -> list[ReceivingSheet]:
    """Per supplier (by supplier ID), every SKU ordered of it in the wave: expected, received
    and damaged as counted so far; one supplier only when `supplier_id` is given."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        query = _ordered_skus(wave.pk)
        if supplier_id is not None:
            query = query.where(tables.Sku.supplier_id == supplier_id)
        skus = _rows(session, query)
        receipts = _receipt_totals(session, wave.pk)
        closures = _rows(
            session,
            select(tables.ReceivingClosure.sku_pk).where(
                tables.ReceivingClosure.wave_pk == wave.pk
            ),
        )
    closed = {row[0] for row in closures}
    wave_closed = None in closed
    if supplier_id is not None and not skus:
        raise UnknownSupplier(
            f"波次 {wave_id} 没有供应商 {supplier_id} 的商品",
            f"Wave {wave_id} has nothing ordered from supplier {supplier_id}",
        )
    by_supplier: dict[tuple[str, str], list[ReceivingSheetLine]] = defaultdict(list)
    closed_by_supplier: dict[tuple[str, str], bool] = {}
    for pk, sku_id, name, spec, unit, sup_id, sup_name, ordered in sorted(
        skus, key=lambda row: row[1]
    ):
        key = (sup_id, sup_name)
        by_supplier[key].append(
            ReceivingSheetLine(
                sku_id=sku_id,
                name=name,
                spec=spec,
                unit=unit,
                ordered=int(ordered),
                received=receipts.get((pk, "received"), 0),
                damaged=receipts.get((pk, "damaged"), 0),
            )
        )
        closed_by_supplier[key] = closed_by_supplier.get(key, True) and (
            wave_closed or pk in closed
        )
    return [
        ReceivingSheet(
            wave_id=wave_id,
            delivery_date=wave.delivery_date,
            supplier_id=sup_id,
            supplier_name=sup_name,
            receiving_closed=closed_by_supplier[(sup_id, sup_name)],
            lines=tuple(lines),
        )
        for (sup_id, sup_name), lines in sorted(by_supplier.items())
    ]


def wave_purged(store: Store, wave_id: str) -> bool:
    """Whether the wave's customer data (nicknames, pickup codes, leader phones) was purged."""
    with store.read() as session:
        row = session.execute(
            select(tables.Wave.purged_at).where(tables.Wave.wave_id == wave_id)
        ).first()
    if row is None:
        raise UnknownWave(f"本地没有波次 {wave_id}", f"No local wave {wave_id}")
    return row[0] is not None


def suppliers(store: Store, wave_id: str) -> list[tuple[str, str]]:
    """(supplier ID, name) of every supplier something was ordered from in the wave, by ID."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        rows = _rows(
            session,
            select(tables.Sku.supplier_id, tables.Sku.supplier_name)
            .join(tables.SortTask, tables.SortTask.sku_pk == tables.Sku.id)
            .where(tables.Sku.wave_pk == wave.pk, tables.SortTask.ordered_qty > 0)
            .group_by(tables.Sku.supplier_id, tables.Sku.supplier_name)
            .order_by(tables.Sku.supplier_id),
        )
    return [(sup_id, name) for sup_id, name in rows]


# --- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Wave:
    pk: int
    delivery_date: date


@dataclass(frozen=True, slots=True)
class _Community:
    pk: int
    community_id: str
    name: str
    leader_name: str
    leader_phone: str
    pickup_address: str
    route_id: str
    route_name: str
    stop_seq: int


@dataclass(frozen=True, slots=True)
class _Sku:
    sku_id: str
    name: str
    spec: str
    unit: str
    rank: int  # position in zone, then SKU ID order


# A community's line of one SKU: (community_pk, sku_pk, ordered, due, put). Plain tuples: a
# 3,000-community wave has half a million of them.
_Task = tuple[int, int, int, int, int]


@dataclass(frozen=True, slots=True)
class _Crate:
    crate_id: str
    seq: int
    zone: Zone
    extra: bool

    def manifest_crate(self) -> ManifestCrate:
        return ManifestCrate(self.crate_id, self.seq, self.zone, self.extra)


@dataclass(frozen=True, slots=True)
class _OrderLine:
    community_pk: int
    line_pk: int
    pickup_code: str
    nickname: str
    sku_id: str
    name: str
    spec: str
    unit: str
    qty: int


@dataclass(slots=True)
class _ItemSum:
    name: str
    spec: str
    unit: str
    qty: int = 0
    short: int = 0
    reasons: dict[str, None] = field(default_factory=dict)  # ordered set

    def item(self) -> PickupItem:
        return PickupItem(
            self.name, self.spec, self.unit, self.qty, self.short, "/".join(self.reasons)
        )


@dataclass(frozen=True, slots=True)
class _Scope:
    """The wave, and the communities of interest (None: all of them)."""

    wave_pk: int
    community_pks: list[int] | None = None

    def apply(self, query: _Q, wave_col: Any, community_col: Any) -> _Q:
        query = query.where(wave_col == self.wave_pk)
        if self.community_pks is not None:
            query = query.where(community_col.in_(self.community_pks))
        return query


@dataclass(slots=True)
class _Contents:
    """Which crates hold (put) or are planned to hold each community's units of each SKU."""

    put: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))
    planned: dict[tuple[int, int], list[int]] = field(default_factory=lambda: defaultdict(list))

    def line_crates(self, key: tuple[int, int], *, complete: bool) -> Sequence[int]:
        """The crates of one line: where its units are, and while it is not complete, where
        the plan puts the rest. A line shorted to nothing has none."""
        put = self.put.get(key, ())
        if complete:
            return put
        planned = self.planned.get(key, ())
        if not put:
            return planned
        return [*put, *(pk for pk in planned if pk not in put)]


# --- queries --------------------------------------------------------------------------------


def _wave(session: Session, wave_id: str) -> _Wave:
    row = session.execute(
        select(tables.Wave.id, tables.Wave.delivery_date).where(tables.Wave.wave_id == wave_id)
    ).first()
    if row is None:
        raise UnknownWave(f"本地没有波次 {wave_id}", f"No local wave {wave_id}")
    return _Wave(row[0], row[1])


def _communities(
    session: Session,
    wave: _Wave,
    *,
    community_id: str | None = None,
    route_id: str | None = None,
    route_ids: Collection[str] | None = None,
) -> list[_Community]:
    c = tables.Community
    query = (
        select(
            c.id,
            c.community_id,
            c.name,
            c.leader_name,
            c.leader_phone,
            c.pickup_address,
            c.route_id,
            c.route_name,
            c.stop_seq,
        )
        .where(c.wave_pk == wave.pk)
        .order_by(c.route_id, c.stop_seq, c.community_id)
    )
    if community_id is not None:
        query = query.where(c.community_id == community_id)
    if route_id is not None:
        query = query.where(c.route_id == route_id)
    if route_ids is not None:
        query = query.where(c.route_id.in_(route_ids))
    rows = [_Community(*row) for row in _rows(session, query)]
    if community_id is not None and not rows:
        raise UnknownCommunity(
            f"波次中没有社区 {community_id}", f"No community {community_id} in this wave"
        )
    if route_id is not None and not rows:
        raise UnknownRoute(f"波次中没有线路 {route_id}", f"No route {route_id} in this wave")
    return rows


def _pks(communities: Iterable[_Community]) -> list[int]:
    return [c.pk for c in communities]


def _skus(session: Session, wave_pk: int) -> dict[int, _Sku]:
    s = tables.Sku
    rows = _rows(
        session,
        select(s.id, s.sku_id, s.name, s.spec, s.unit, s.temperature).where(s.wave_pk == wave_pk),
    )
    ordered = sorted(rows, key=lambda row: (_ZONE_ORDER[_ZONES[row[5]]], row[1]))
    return {
        pk: _Sku(sku_id, name, spec, unit, rank)
        for rank, (pk, sku_id, name, spec, unit, _) in enumerate(ordered)
    }


def _tasks(session: Session, scope: _Scope) -> list[_Task]:
    """Each community's lines: SKUs ordered, or with units in its crates (a line cancelled
    after its units were put still has to come back out, so it stays on the sheet)."""
    st = tables.SortTask
    query = select(st.community_pk, st.sku_pk, st.ordered_qty, st.due_qty, st.put_qty).where(
        or_(st.ordered_qty > 0, st.put_qty > 0)
    )
    if scope.community_pks is not None and len(scope.community_pks) <= LOOKUP_COMMUNITIES:
        # Naming the wave's SKUs lets SQLite look each (SKU, community) up in the unique index
        # rather than read every task of the wave: a route's tasks in a third of the time (for
        # many communities, the lookups cost more than the pass).
        wave_skus = select(tables.Sku.id).where(tables.Sku.wave_pk == scope.wave_pk)
        query = query.where(st.sku_pk.in_(wave_skus))
    return [tuple(row) for row in _rows(session, scope.apply(query, st.wave_pk, st.community_pk))]


def _shortages_by_task(
    session: Session, scope: _Scope
) -> dict[tuple[int, int], dict[tuple[str, str], int]]:
    sh = tables.Shortage
    query = select(sh.community_pk, sh.sku_pk, sh.kind, sh.reason, func.sum(sh.qty)).group_by(
        sh.community_pk, sh.sku_pk, sh.kind, sh.reason
    )
    result: dict[tuple[int, int], dict[tuple[str, str], int]] = defaultdict(dict)
    for c_pk, s_pk, kind, reason, qty in _rows(
        session, scope.apply(query, sh.wave_pk, sh.community_pk)
    ):
        result[(c_pk, s_pk)][(kind, reason)] = int(qty)
    return result


def _shortages_by_line(session: Session, scope: _Scope) -> dict[int, dict[tuple[str, str], int]]:
    sh = tables.Shortage
    query = select(sh.line_pk, sh.kind, sh.reason, func.sum(sh.qty)).group_by(
        sh.line_pk, sh.kind, sh.reason
    )
    result: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for line_pk, kind, reason, qty in _rows(
        session, scope.apply(query, sh.wave_pk, sh.community_pk)
    ):
        result[line_pk][(kind, reason)] = int(qty)
    return result


def _crates(session: Session, scope: _Scope) -> dict[int, _Crate]:
    cr = tables.Crate
    query = select(cr.id, cr.crate_id, cr.seq, cr.temperature, cr.extra)
    return {
        pk: _Crate(crate_id, seq, _ZONES[temp], bool(extra))
        for pk, crate_id, seq, temp, extra in _rows(
            session, scope.apply(query, cr.wave_pk, cr.community_pk)
        )
    }


def _contents(session: Session, scope: _Scope) -> _Contents:
    contents = _Contents()
    p = tables.Put
    put_query = (
        select(p.community_pk, p.sku_pk, p.crate_pk)
        .where(p.undone_at.is_(None))
        .group_by(p.community_pk, p.sku_pk, p.crate_pk)
        .having(func.sum(p.qty) > 0)
    )
    cr, pi = tables.Crate, tables.CratePlanItem
    if scope.community_pks is not None:
        # Through the communities' crates (puts are indexed by crate, not by community).
        crates = select(cr.id).where(
            cr.wave_pk == scope.wave_pk, cr.community_pk.in_(scope.community_pks)
        )
        put_query = put_query.where(p.crate_pk.in_(crates))
    for c_pk, s_pk, crate_pk in _rows(session, scope.apply(put_query, p.wave_pk, p.community_pk)):
        contents.put[(c_pk, s_pk)].append(crate_pk)
    plan_query = (
        select(cr.community_pk, pi.sku_pk, cr.id)
        .join(pi, pi.crate_pk == cr.id)
        .where(pi.planned_qty > 0)
    )
    for c_pk, s_pk, crate_pk in _rows(
        session, scope.apply(plan_query, cr.wave_pk, cr.community_pk)
    ):
        contents.planned[(c_pk, s_pk)].append(crate_pk)
    return contents


def _order_lines(session: Session, scope: _Scope) -> list[_OrderLine]:
    ol, o, s = tables.OrderLine, tables.Order, tables.Sku
    query = (
        select(
            ol.community_pk,
            ol.id,
            o.pickup_code,
            o.customer_nickname,
            s.sku_id,
            s.name,
            s.spec,
            s.unit,
            ol.qty,
        )
        .join(o, o.id == ol.order_pk)
        .join(s, s.id == ol.sku_pk)
        .where(ol.to_sort.is_(True))
    )
    return [
        _OrderLine(*row) for row in _rows(session, scope.apply(query, ol.wave_pk, ol.community_pk))
    ]


# --- shaping --------------------------------------------------------------------------------


def _short_notes(recorded: Mapping[tuple[str, str], int], short: int) -> tuple[ShortNote, ...]:
    """The recorded shortages of a line by reason, plus what is due-short but not yet final
    (receiving still open: the units may still arrive)."""
    notes = _merge_notes(recorded)
    pending = short - sum(recorded.values())
    if pending > 0:
        notes = (*notes, ShortNote(PENDING_SHORT_ZH, pending))
    return notes


def _merge_notes(recorded: Mapping[tuple[str, str], int]) -> tuple[ShortNote, ...]:
    """Records whose reasons print as the same word (damage on arrival or in the hub) merge."""
    merged: dict[str, int] = {}
    for (kind, reason), qty in sorted(recorded.items()):
        if qty > 0:
            word = short_reason_zh(kind, reason)
            merged[word] = merged.get(word, 0) + qty
    return tuple(ShortNote(word, qty) for word, qty in merged.items())


def _pickup_order(code: str, nickname: str) -> tuple[int, int, str, str]:
    """Pickup codes in the order a leader looks them up: numeric codes by value ('9' before
    '10'), then any others as text."""
    if code.isdigit():
        return (0, int(code), code, nickname)
    return (1, 0, code, nickname)


def _seqs(crate_pks: Collection[int], crates: Mapping[int, _Crate]) -> tuple[int, ...]:
    if len(crate_pks) == 1:  # the usual case: a line sits in one crate
        for pk in crate_pks:
            return (crates[pk].seq,)
    return tuple(sorted({crates[pk].seq for pk in crate_pks}))


def _by_seq(crate_pks: Iterable[int], crates: Mapping[int, _Crate]) -> list[int]:
    return sorted(crate_pks, key=lambda pk: crates[pk].seq)


def _rows(session: Session, query: Executable) -> Any:
    """Plain rows through the session's connection: the ORM's row processing is measurable
    at half a million rows and gives nothing here."""
    return session.connection().execute(query).all()
