"""The A4 documents' data from the store: manifests, pickup lists, load sheets and supplier
shortage lists, at any stage of the night (ordered, due after shortages, put so far).

Each function reads the wave with a handful of set-based queries (one per table involved, never
one per community) and assembles the plain models of printers.documents in Python: a batch of
3,000 community manifests is a few queries, not 3,000 round trips.

Which crates a stop gets: the crates holding units; while a community (or a line) is not fully
sorted yet, also the crates the plan has for it, so a sheet printed before the shift already
lists them, and an empty planned crate drops off once everything due has been put.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

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
    ShortNote,
    SupplierShortage,
    SupplierShortageLine,
    short_reason_zh,
)
from printers.model import Zone, mask_phone
from sorter_app.domain.errors import UserFacingError
from sorter_app.store import tables as t
from sorter_app.store.database import Store

_ZONE_ORDER = {Zone.AMBIENT: 0, Zone.CHILLED: 1, Zone.FROZEN: 2}
_Q = TypeVar("_Q", bound=Select)  # type: ignore[type-arg]


class UnknownWave(UserFacingError):
    code = "unknown_wave"


class UnknownCommunity(UserFacingError):
    code = "unknown_community"


class UnknownRoute(UserFacingError):
    code = "unknown_route"


# --- public ---------------------------------------------------------------------------------


def manifests(store: Store, wave_id: str, community_id: str | None = None) -> list[Manifest]:
    """Every community's 团长签收单/装箱单 in route and stop order (one community's if given)."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        communities = _communities(session, wave, community_id=community_id)
        scope = _Scope(wave.pk, _pks(communities) if community_id else None)
        tasks = _tasks(session, scope)
        shorts = _shortages_by_task(session, scope)
        crates = _crates(session, scope)
        contents = _contents(session, scope)
    lines_of: dict[int, list[tuple[tuple[int, str], ManifestLine]]] = defaultdict(list)
    due_left: dict[int, int] = defaultdict(int)
    for task in tasks:
        key = (task.community_pk, task.sku_pk)
        complete = task.put >= task.due
        due_left[task.community_pk] += max(task.due - task.put, 0)
        line = ManifestLine(
            sku_id=task.sku_id,
            name=task.name,
            spec=task.spec,
            unit=task.unit,
            ordered=task.ordered,
            due=task.due,
            shipped=task.put,
            shorts=_short_notes(shorts.get(key, {}), task.ordered - task.due),
            crate_seqs=tuple(sorted(crates[pk].seq for pk in contents.line_crates(key, complete))),
        )
        lines_of[task.community_pk].append(((_ZONE_ORDER[task.zone], task.sku_id), line))
    result = []
    for c in communities:
        stop_crates = contents.stop_crates(c.pk, complete=due_left[c.pk] == 0)
        result.append(
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
                crates=tuple(crates[pk].manifest_crate() for pk in _by_seq(stop_crates, crates)),
                lines=tuple(line for _, line in sorted(lines_of.get(c.pk, []), key=_first)),
            )
        )
    return result


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
            for (code, nickname), items in sorted(grouped.get(c.pk, {}).items())
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

    `collect_back` gives empty crates to bring back per community ID (from the crate ledger;
    0 where not given).
    """
    with store.read() as session:
        wave = _wave(session, wave_id)
        communities = _communities(session, wave, route_id=route_id)
        scope = _Scope(wave.pk, _pks(communities))
        tasks = _tasks(session, scope)
        crates = _crates(session, scope)
        contents = _contents(session, scope)
    due: dict[int, int] = defaultdict(int)
    due_left: dict[int, int] = defaultdict(int)
    for task in tasks:
        due[task.community_pk] += task.due
        due_left[task.community_pk] += max(task.due - task.put, 0)
    back = collect_back or {}
    stops = tuple(
        LoadStop(
            stop_seq=c.stop_seq,
            community_id=c.community_id,
            community_name=c.name,
            leader_name=c.leader_name,
            leader_phone_masked=mask_phone(c.leader_phone),
            crate_seqs=tuple(
                crates[pk].seq
                for pk in _by_seq(contents.stop_crates(c.pk, complete=due_left[c.pk] == 0), crates)
            ),
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
                select(t.Community.route_id)
                .where(t.Community.wave_pk == wave.pk)
                .group_by(t.Community.route_id)
                .order_by(t.Community.route_id)
            )
        )


def supplier_shortages(store: Store, wave_id: str) -> list[SupplierShortage]:
    """Per supplier, the SKUs that arrived short or damaged (or have not arrived yet), by
    supplier ID; suppliers with nothing short are left out."""
    with store.read() as session:
        wave = _wave(session, wave_id)
        skus = session.execute(
            select(
                t.Sku.id,
                t.Sku.sku_id,
                t.Sku.name,
                t.Sku.spec,
                t.Sku.unit,
                t.Sku.supplier_id,
                t.Sku.supplier_name,
                func.sum(t.SortTask.ordered_qty),
            )
            .join(t.SortTask, t.SortTask.sku_pk == t.Sku.id)
            .where(t.Sku.wave_pk == wave.pk)
            .group_by(t.Sku.id)
            .having(func.sum(t.SortTask.ordered_qty) > 0)
        ).all()
        receipts: dict[tuple[int, str], int] = {
            (sku_pk, kind): int(qty)
            for sku_pk, kind, qty in session.execute(
                select(t.Receipt.sku_pk, t.Receipt.kind, func.sum(t.Receipt.qty))
                .where(t.Receipt.wave_pk == wave.pk)
                .group_by(t.Receipt.sku_pk, t.Receipt.kind)
            )
        }
        recorded: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
        for sku_pk, kind, reason, qty in session.execute(
            select(t.Shortage.sku_pk, t.Shortage.kind, t.Shortage.reason, func.sum(t.Shortage.qty))
            .where(t.Shortage.wave_pk == wave.pk)
            .group_by(t.Shortage.sku_pk, t.Shortage.kind, t.Shortage.reason)
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
class _Task:
    community_pk: int
    sku_pk: int
    sku_id: str
    name: str
    spec: str
    unit: str
    zone: Zone
    ordered: int
    due: int
    put: int


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

    put: dict[tuple[int, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    planned: dict[tuple[int, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    put_by_stop: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    planned_by_stop: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def line_crates(self, key: tuple[int, int], complete: bool) -> set[int]:
        crates = set(self.put.get(key, ()))
        if not complete:
            crates |= self.planned.get(key, set())
        return crates

    def stop_crates(self, community_pk: int, complete: bool) -> set[int]:
        crates = set(self.put_by_stop.get(community_pk, ()))
        if not complete:
            crates |= self.planned_by_stop.get(community_pk, set())
        return crates


# --- queries --------------------------------------------------------------------------------


def _wave(session: Session, wave_id: str) -> _Wave:
    row = session.execute(
        select(t.Wave.id, t.Wave.delivery_date).where(t.Wave.wave_id == wave_id)
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
) -> list[_Community]:
    c = t.Community
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
    rows = [_Community(*row) for row in session.execute(query)]
    if community_id is not None and not rows:
        raise UnknownCommunity(
            f"波次中没有社区 {community_id}", f"No community {community_id} in this wave"
        )
    if route_id is not None and not rows:
        raise UnknownRoute(f"波次中没有线路 {route_id}", f"No route {route_id} in this wave")
    return rows


def _pks(communities: Iterable[_Community]) -> list[int]:
    return [c.pk for c in communities]


def _tasks(session: Session, scope: _Scope) -> list[_Task]:
    """Each community's lines: SKUs ordered, or with units in its crates (a line cancelled
    after its units were put still has to come back out, so it stays on the sheet)."""
    st, s = t.SortTask, t.Sku
    query = (
        select(
            st.community_pk,
            st.sku_pk,
            s.sku_id,
            s.name,
            s.spec,
            s.unit,
            s.temperature,
            st.ordered_qty,
            st.due_qty,
            st.put_qty,
        )
        .join(s, s.id == st.sku_pk)
        .where(or_(st.ordered_qty > 0, st.put_qty > 0))
    )
    rows = session.execute(scope.apply(query, st.wave_pk, st.community_pk))
    return [
        _Task(c_pk, s_pk, sku_id, name, spec, unit, Zone(temp), ordered, due, put)
        for c_pk, s_pk, sku_id, name, spec, unit, temp, ordered, due, put in rows
    ]


def _shortages_by_task(
    session: Session, scope: _Scope
) -> dict[tuple[int, int], dict[tuple[str, str], int]]:
    sh = t.Shortage
    query = select(sh.community_pk, sh.sku_pk, sh.kind, sh.reason, func.sum(sh.qty)).group_by(
        sh.community_pk, sh.sku_pk, sh.kind, sh.reason
    )
    result: dict[tuple[int, int], dict[tuple[str, str], int]] = defaultdict(dict)
    for c_pk, s_pk, kind, reason, qty in session.execute(
        scope.apply(query, sh.wave_pk, sh.community_pk)
    ):
        result[(c_pk, s_pk)][(kind, reason)] = int(qty)
    return result


def _shortages_by_line(session: Session, scope: _Scope) -> dict[int, dict[tuple[str, str], int]]:
    sh = t.Shortage
    query = select(sh.line_pk, sh.kind, sh.reason, func.sum(sh.qty)).group_by(
        sh.line_pk, sh.kind, sh.reason
    )
    result: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for line_pk, kind, reason, qty in session.execute(
        scope.apply(query, sh.wave_pk, sh.community_pk)
    ):
        result[line_pk][(kind, reason)] = int(qty)
    return result


def _crates(session: Session, scope: _Scope) -> dict[int, _Crate]:
    cr = t.Crate
    query = select(cr.id, cr.crate_id, cr.seq, cr.temperature, cr.extra)
    return {
        pk: _Crate(crate_id, seq, Zone(temp), extra)
        for pk, crate_id, seq, temp, extra in session.execute(
            scope.apply(query, cr.wave_pk, cr.community_pk)
        )
    }


def _contents(session: Session, scope: _Scope) -> _Contents:
    contents = _Contents()
    p = t.Put
    put_query = (
        select(p.community_pk, p.sku_pk, p.crate_pk)
        .where(p.undone_at.is_(None))
        .group_by(p.community_pk, p.sku_pk, p.crate_pk)
        .having(func.sum(p.qty) > 0)
    )
    for c_pk, s_pk, crate_pk in session.execute(scope.apply(put_query, p.wave_pk, p.community_pk)):
        contents.put[(c_pk, s_pk)].add(crate_pk)
        contents.put_by_stop[c_pk].add(crate_pk)
    cr, pi = t.Crate, t.CratePlanItem
    plan_query = (
        select(cr.community_pk, pi.sku_pk, cr.id)
        .join(pi, pi.crate_pk == cr.id)
        .where(pi.planned_qty > 0)
    )
    for c_pk, s_pk, crate_pk in session.execute(
        scope.apply(plan_query, cr.wave_pk, cr.community_pk)
    ):
        contents.planned[(c_pk, s_pk)].add(crate_pk)
        contents.planned_by_stop[c_pk].add(crate_pk)
    return contents


def _order_lines(session: Session, scope: _Scope) -> list[_OrderLine]:
    ol, o, s = t.OrderLine, t.Order, t.Sku
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
        _OrderLine(*row) for row in session.execute(scope.apply(query, ol.wave_pk, ol.community_pk))
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


def _by_seq(crate_pks: Iterable[int], crates: Mapping[int, _Crate]) -> list[int]:
    return sorted(crate_pks, key=lambda pk: crates[pk].seq)


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]
