"""Read-only views of receiving and shortages, for the supervisor's receiving screen.

Per SKU: ordered, received, damaged and short units and whether receiving is closed; per line:
the final shortage records once receiving closed, or what the policy would short if it closed now.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sorter_app.domain.allocation import ShortagePolicy, allocate_dues
from sorter_app.domain.errors import UserFacingError
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import SortingRepository


@dataclass(frozen=True)
class SkuReceiving:
    sku_id: str
    name: str
    unit: str
    ordered: int
    received: int
    damaged: int
    due: int  # what the communities are due after the shortage allocation
    put: int
    closed: bool
    final_short: int  # units in final per-line shortage and damage records

    @property
    def available(self) -> int:
        return self.received - self.damaged

    @property
    def short(self) -> int:
        """Units the communities go without: ordered − due (0 until something arrives or
        receiving closes, since dues stay at what was ordered for sorting before receiving)."""
        return self.ordered - self.due

    @property
    def over(self) -> int:
        """Units beyond what was ordered, kept as hub stock."""
        return max(self.available - self.ordered, 0)

    @property
    def state(self) -> str:
        """waiting (nothing arrived yet) | receiving | closed."""
        if self.closed:
            return "closed"
        return "receiving" if self.received or self.damaged else "waiting"


@dataclass(frozen=True)
class ReceivingOverview:
    wave_id: str
    wave_closed: bool  # receiving closed for the whole wave
    skus: list[SkuReceiving]


@dataclass(frozen=True)
class LineShortage:
    order_id: str
    line_id: str
    community_id: str
    community_name: str
    placed_at: datetime | None
    line_qty: int
    short_qty: int
    kind: str  # shortage | damage | provisional
    reason: str  # supplier_short | late_delivery | damaged_on_arrival | ... ; "" if provisional


@dataclass(frozen=True)
class LineShortages:
    sku_id: str
    final: bool  # False: what the policy would short if receiving closed now
    policy: ShortagePolicy
    lines: list[LineShortage]

    @property
    def total(self) -> int:
        return sum(line.short_qty for line in self.lines)


def _wave_pk(session: Session, wave_id: str) -> int:
    pk = session.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == wave_id))
    if pk is None:
        raise UserFacingError(
            f"本地没有波次 {wave_id}", f"No local wave {wave_id}", code="unknown_wave"
        )
    return int(pk)


def receiving_overview(store: Store, wave_id: str) -> ReceivingOverview:
    """Every SKU with something ordered or received, in SKU order."""
    st, r = tables.SortTask, tables.Receipt
    with store.read() as s:
        wave_pk = _wave_pk(s, wave_id)
        skus = s.execute(
            select(tables.Sku.id, tables.Sku.sku_id, tables.Sku.name, tables.Sku.unit)
            .where(tables.Sku.wave_pk == wave_pk)
            .order_by(tables.Sku.sku_id)
        ).all()
        tasks = {
            pk: (int(o), int(d), int(p))
            for pk, o, d, p in s.execute(
                select(
                    st.sku_pk, func.sum(st.ordered_qty), func.sum(st.due_qty), func.sum(st.put_qty)
                )
                .where(st.wave_pk == wave_pk)
                .group_by(st.sku_pk)
            )
        }
        receipts: dict[tuple[int, str], int] = {
            (pk, kind): int(q or 0)
            for pk, kind, q in s.execute(
                select(r.sku_pk, r.kind, func.sum(r.qty))
                .where(r.wave_pk == wave_pk)
                .group_by(r.sku_pk, r.kind)
            )
        }
        closures = list(
            s.scalars(
                select(tables.ReceivingClosure.sku_pk).where(
                    tables.ReceivingClosure.wave_pk == wave_pk
                )
            )
        )
        final = dict(
            s.execute(
                select(tables.Shortage.sku_pk, func.sum(tables.Shortage.qty))
                .where(tables.Shortage.wave_pk == wave_pk)
                .group_by(tables.Shortage.sku_pk)
            ).all()
        )
    wave_closed = None in closures
    rows = []
    for pk, sku_id, name, unit in skus:
        ordered, due, put = tasks.get(pk, (0, 0, 0))
        received, damaged = receipts.get((pk, "received"), 0), receipts.get((pk, "damaged"), 0)
        if ordered == 0 and received == 0 and damaged == 0:
            continue  # cancelled below its threshold and nothing arrived: nothing to show
        rows.append(
            SkuReceiving(
                sku_id,
                name,
                unit,
                ordered,
                received,
                damaged,
                due,
                put,
                wave_closed or pk in closures,
                int(final.get(pk) or 0),
            )
        )
    return ReceivingOverview(wave_id, wave_closed, rows)


def line_shortages(
    store: Store, wave_id: str, sku_id: str, policy: ShortagePolicy
) -> LineShortages:
    """The SKU's per-line shortages: the final records once receiving closed, else a preview of
    what `policy` would short if it closed now (the engine's own allocation, nothing written)."""
    with store.read() as s:
        wave_pk = _wave_pk(s, wave_id)
        repo = SortingRepository(s, wave_pk)
        sku = repo.sku_by_id(sku_id)
        if sku is None:
            raise UserFacingError(
                f"波次中没有商品 {sku_id}", f"No SKU {sku_id} in this wave", code="unknown_sku"
            )
        closed = repo.receiving_closed(sku.pk)
        lines, community_pks, _ = repo.demand_lines(sku.pk)
        names = _community_names(s, wave_pk)
        if closed:
            return LineShortages(sku_id, True, policy, _final_rows(s, wave_pk, sku.pk, names))
        received, damaged = repo.received_and_damaged(sku.pk)
        if received == 0 and damaged == 0:
            return LineShortages(sku_id, False, policy, [])
        # The same computation as services.shortages.refresh_dues, read-only.
        recorded = repo.recorded_shortages(sku.pk)
        open_lines = [replace(ln, qty=ln.qty - recorded.get(ln.line_id, 0)) for ln in lines]
        by_pk = repo.put_by_community(sku.pk)
        put = {cid: by_pk[pk] for cid, pk in community_pks.items() if pk in by_pk}
        allocation = allocate_dues(open_lines, max(received - damaged, 0), policy, put)
    by_id = {ln.line_id: ln for ln in lines}
    rows = [
        LineShortage(
            by_id[line_id].order_id,
            line_id,
            by_id[line_id].community_id,
            names.get(by_id[line_id].community_id, ""),
            by_id[line_id].placed_at,
            by_id[line_id].qty,
            qty,
            "provisional",
            "",
        )
        for line_id, qty in sorted(allocation.shorted.items())
        if qty > 0
    ]
    return LineShortages(sku_id, False, policy, rows)


def _community_names(session: Session, wave_pk: int) -> dict[str, str]:
    return dict(
        session.execute(
            select(tables.Community.community_id, tables.Community.name).where(
                tables.Community.wave_pk == wave_pk
            )
        ).all()
    )


def _final_rows(
    session: Session, wave_pk: int, sku_pk: int, names: dict[str, str]
) -> list[LineShortage]:
    sh, ol, o, c = tables.Shortage, tables.OrderLine, tables.Order, tables.Community
    rows = session.execute(
        select(
            o.order_id,
            ol.line_id,
            c.community_id,
            o.placed_at,
            ol.qty,
            func.sum(sh.qty),
            sh.kind,
            sh.reason,
        )
        .join(ol, ol.id == sh.line_pk)
        .join(o, o.id == ol.order_pk)
        .join(c, c.id == sh.community_pk)
        .where(sh.wave_pk == wave_pk, sh.sku_pk == sku_pk)
        .group_by(o.order_id, ol.line_id, c.community_id, o.placed_at, ol.qty, sh.kind, sh.reason)
        .order_by(c.community_id, o.order_id, ol.line_id, sh.kind, sh.reason)
    ).all()
    return [
        LineShortage(order_id, line_id, cid, names.get(cid, ""), placed, qty, int(n), kind, reason)
        for order_id, line_id, cid, placed, qty, n, kind, reason in rows
    ]
