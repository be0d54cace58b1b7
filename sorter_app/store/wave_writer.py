"""Writing a fetched wave into the store: first import or re-import, in one transaction.

Re-import compares row by row and touches only what changed. Sorting progress (`put_qty`) is
never rewritten; a line reduced below what is already in crates becomes an ImportConflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from sorter_app.domain.wave import OrderStatus, SkuStatus, WaveSnapshot
from sorter_app.store import tables
from sorter_app.store.bulk import insert_tuples

_BATCH = 5_000


@dataclass(frozen=True)
class WriteOutcome:
    wave_pk: int
    created: bool
    changes: int
    conflicts: int


@dataclass(frozen=True)
class LineReduction:
    """A line whose quantity to sort went down (or away) on re-import."""

    order_id: str
    line_id: str
    sku_pk: int
    community_pk: int
    old_qty: int
    new_qty: int
    kind: str


def write_wave(
    session: Session, snapshot: WaveSnapshot, source: str, now: datetime
) -> WriteOutcome:
    """Insert or update the whole wave; the caller's transaction makes it atomic."""
    _ensure_hub(session, snapshot.summary.hub_id, now)
    wave_pk, created = _upsert_wave(session, snapshot, source, now)
    community_pks, community_changes = _sync_communities(session, wave_pk, snapshot)
    sku_pks, sku_changes = _sync_skus(session, wave_pk, snapshot)
    order_pks, order_changes = _sync_orders(session, wave_pk, snapshot, community_pks)
    line_changes, reductions = _sync_lines(
        session, wave_pk, snapshot, order_pks, sku_pks, community_pks
    )
    conflicts = _refresh_sort_tasks(session, wave_pk, reductions, now)
    changes = community_changes + sku_changes + order_changes + line_changes
    return WriteOutcome(wave_pk, created, 0 if created else changes, conflicts)


def _ensure_hub(session: Session, hub_id: str, now: datetime) -> None:
    if session.get(tables.Hub, hub_id) is None:
        session.add(tables.Hub(hub_id=hub_id, name=hub_id, created_at=now))
        session.flush()


def _upsert_wave(
    session: Session, snapshot: WaveSnapshot, source: str, now: datetime
) -> tuple[int, bool]:
    s = snapshot.summary
    values = {
        "hub_id": s.hub_id,
        "delivery_date": s.delivery_date,
        "cutoff_at": s.cutoff_at,
        "status": s.status.value,
        "source": source,
        "platform_updated_at": s.updated_at,
        "order_count": len(snapshot.orders),
        "line_count": snapshot.line_count,
        "last_imported_at": now,
    }
    wave = session.scalars(
        select(tables.Wave).where(tables.Wave.wave_id == s.wave_id)
    ).one_or_none()
    if wave is None:
        wave = tables.Wave(wave_id=s.wave_id, first_imported_at=now, **values)
        session.add(wave)
        session.flush()
        return wave.id, True
    for key, value in values.items():
        setattr(wave, key, value)
    session.flush()
    return wave.id, False


def _batches(rows: Sequence[dict[str, Any]]) -> Iterable[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), _BATCH):
        yield rows[start : start + _BATCH]


def _bulk_update(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """UPDATE table SET ... WHERE id = :pk for many rows at once (executemany)."""
    if not rows:
        return
    names = [name for name in rows[0] if name != "pk"]
    stmt = (
        update(table).where(table.c.id == bindparam("pk")).values({n: bindparam(n) for n in names})
    )
    session.connection().execute(stmt, rows)


def _sync_rows(
    session: Session,
    table: Table,
    key_column: str,
    wave_pk: int,
    names: Sequence[str],
    wanted: dict[str, tuple[Any, ...]],
) -> tuple[dict[str, int], int, list[Any]]:
    """Insert new rows and update changed ones of a per-wave table; `wanted` maps each key to
    its values in `names` order.

    Returns key → pk, the number of rows inserted or updated, and the stored rows (id, key,
    values...) that `wanted` no longer lists.
    """
    query = select(table.c.id, table.c[key_column], *(table.c[n] for n in names)).where(
        table.c.wave_pk == wave_pk
    )
    existing = {row[1]: row for row in session.execute(query)}
    pks: dict[str, int] = {}
    to_insert: list[tuple[Any, ...]] = []
    to_update: list[dict[str, Any]] = []
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            to_insert.append((wave_pk, key, *values))
        else:
            pks[key] = row[0]
            if tuple(row[2:]) != values:
                to_update.append({"pk": row[0], **dict(zip(names, values, strict=True))})
    if to_insert:
        insert_tuples(session, table, ("wave_pk", key_column, *names), to_insert)
        # Plain executemany and one read back is much faster than INSERT ... RETURNING per row.
        query = select(table.c[key_column], table.c.id).where(table.c.wave_pk == wave_pk)
        pks = {key: pk for key, pk in session.execute(query)}
    _bulk_update(session, table, to_update)
    unlisted = [row for key, row in existing.items() if key not in wanted]
    return pks, len(to_update) + len(to_insert), unlisted


_COMMUNITY_COLUMNS = (
    "name",
    "leader_id",
    "leader_name",
    "leader_phone",
    "pickup_address",
    "route_id",
    "route_name",
    "stop_seq",
)
_SKU_COLUMNS = (
    "name",
    "spec",
    "unit",
    "category",
    "supplier_id",
    "supplier_name",
    "temperature",
    "weighed",
    "plu",
    "units_per_crate",
    "unit_weight_g",
    "group_threshold",
    "status",
)
_ORDER_COLUMNS = ("community_pk", "customer_nickname", "pickup_code", "placed_at", "status")


def _sync_communities(
    session: Session, wave_pk: int, snapshot: WaveSnapshot
) -> tuple[dict[str, int], int]:
    wanted = {
        c.community_id: (
            c.name,
            c.leader.leader_id,
            c.leader.name,
            c.leader.phone,
            c.pickup_address,
            c.route.route_id,
            c.route.name,
            c.stop_seq,
        )
        for c in snapshot.communities
    }
    table = tables.Community.__table__
    pks, changes, _ = _sync_rows(
        session, table, "community_id", wave_pk, _COMMUNITY_COLUMNS, wanted
    )
    return pks, changes


def _sync_skus(
    session: Session, wave_pk: int, snapshot: WaveSnapshot
) -> tuple[dict[str, int], int]:
    wanted = {
        s.sku_id: (
            s.name,
            s.spec,
            s.unit,
            s.category,
            s.supplier.supplier_id,
            s.supplier.name,
            s.temperature.value,
            s.weighed,
            s.plu,
            s.units_per_crate,
            s.unit_weight_g,
            s.group_threshold,
            s.status.value,
        )
        for s in snapshot.skus
    }
    pks, changes, _ = _sync_rows(
        session, tables.Sku.__table__, "sku_id", wave_pk, _SKU_COLUMNS, wanted
    )
    _sync_barcodes(session, wave_pk, snapshot, pks)
    return pks, changes


def _sync_barcodes(
    session: Session, wave_pk: int, snapshot: WaveSnapshot, sku_pks: dict[str, int]
) -> None:
    wanted = {(sku_pks[s.sku_id], code) for s in snapshot.skus for code in s.barcodes}
    query = select(tables.SkuBarcode.id, tables.SkuBarcode.sku_pk, tables.SkuBarcode.barcode).where(
        tables.SkuBarcode.wave_pk == wave_pk
    )
    existing = {(sku_pk, code): pk for pk, sku_pk, code in session.execute(query)}
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        session.execute(delete(tables.SkuBarcode).where(tables.SkuBarcode.id.in_(stale)))
    new = [
        {"wave_pk": wave_pk, "sku_pk": s, "barcode": c} for s, c in wanted if (s, c) not in existing
    ]
    if new:
        session.execute(insert(tables.SkuBarcode.__table__), new)


def _sync_orders(
    session: Session, wave_pk: int, snapshot: WaveSnapshot, community_pks: dict[str, int]
) -> tuple[dict[str, int], int]:
    wanted = {
        o.order_id: (
            community_pks[o.community_id],
            o.customer.nickname,
            o.customer.pickup_code,
            o.placed_at,
            o.status.value,
        )
        for o in snapshot.orders
    }
    table = tables.Order.__table__
    pks, changes, unlisted = _sync_rows(session, table, "order_id", wave_pk, _ORDER_COLUMNS, wanted)
    # An order the platform no longer lists at all is not to be delivered either.
    cancelled = OrderStatus.CANCELLED.value
    vanished = [{"pk": row.id, "status": cancelled} for row in unlisted if row.status != cancelled]
    _bulk_update(session, tables.Order.__table__, vanished)
    return pks, changes + len(vanished)


def _sync_lines(
    session: Session,
    wave_pk: int,
    snapshot: WaveSnapshot,
    order_pks: dict[str, int],
    sku_pks: dict[str, int],
    community_pks: dict[str, int],
) -> tuple[int, list[LineReduction]]:
    ol = tables.OrderLine
    active_skus = {s.sku_id for s in snapshot.skus if s.status is SkuStatus.ACTIVE}
    query = select(
        ol.id, ol.line_id, ol.order_pk, ol.sku_pk, ol.community_pk, ol.qty, ol.to_sort
    ).where(ol.wave_pk == wave_pk)
    existing = {row.line_id: row for row in session.execute(query)}
    to_insert: list[tuple[Any, ...]] = []
    to_update: list[dict[str, Any]] = []
    reductions: list[LineReduction] = []
    for order in snapshot.orders:
        order_pk = order_pks[order.order_id]
        community_pk = community_pks[order.community_id]
        deliver = order.status is OrderStatus.CLOSED
        for line in order.lines:
            sku_active = line.sku_id in active_skus
            new = (order_pk, sku_pks[line.sku_id], community_pk, line.qty, deliver and sku_active)
            row = existing.pop(line.line_id, None)
            if row is None:
                to_insert.append((wave_pk, line.line_id, *new))
                continue
            old = (row.order_pk, row.sku_pk, row.community_pk, row.qty, row.to_sort)
            if old == new:
                continue
            to_update.append({"pk": row.id, **_line_values(new)})
            reduction = _reduction(order.order_id, line.line_id, old, new, deliver, sku_active)
            if reduction:
                reductions.append(reduction)
    # Lines the platform no longer lists are kept for the record but not sorted.
    for line_id, row in existing.items():
        if row.to_sort:
            old = (row.order_pk, row.sku_pk, row.community_pk, row.qty, True)
            to_update.append({"pk": row.id, **_line_values((*old[:4], False))})
            reductions.append(
                LineReduction(
                    "", line_id, row.sku_pk, row.community_pk, row.qty, 0, "line_cancelled"
                )
            )
    columns = ("wave_pk", "line_id", "order_pk", "sku_pk", "community_pk", "qty", "to_sort")
    insert_tuples(session, ol.__table__, columns, to_insert)
    _bulk_update(session, ol.__table__, to_update)
    return len(to_update) + len(to_insert), reductions


def _line_values(values: tuple[int, int, int, int, bool]) -> dict[str, Any]:
    order_pk, sku_pk, community_pk, qty, to_sort = values
    return {
        "order_pk": order_pk,
        "sku_pk": sku_pk,
        "community_pk": community_pk,
        "qty": qty,
        "to_sort": to_sort,
    }


def _reduction(
    order_id: str,
    line_id: str,
    old: tuple[int, int, int, int, bool],
    new: tuple[int, int, int, int, bool],
    deliver: bool,
    sku_active: bool,
) -> LineReduction | None:
    old_qty = old[3] if old[4] else 0
    moved = old[1:3] != new[1:3]
    new_qty = 0 if moved else (new[3] if new[4] else 0)
    if old_qty == 0 or new_qty >= old_qty:
        return None
    kind = (
        "order_cancelled" if not deliver else "sku_cancelled" if not sku_active else "line_reduced"
    )
    return LineReduction(order_id, line_id, old[1], old[2], old_qty, new_qty, kind)


def _refresh_sort_tasks(
    session: Session, wave_pk: int, reductions: list[LineReduction], now: datetime
) -> int:
    """Recompute what each community ordered of each SKU; record conflicts with units in crates."""
    st = tables.SortTask
    if session.scalar(select(st.id).where(st.wave_pk == wave_pk).limit(1)) is None:
        return 0  # first import: ensure_sort_tasks creates them with the crate plan
    ol = tables.OrderLine
    totals = session.execute(
        select(ol.sku_pk, ol.community_pk, func.sum(ol.qty))
        .where(ol.wave_pk == wave_pk, ol.to_sort.is_(True))
        .group_by(ol.sku_pk, ol.community_pk)
    )
    ordered = {(sku, community): int(qty) for sku, community, qty in totals}
    tasks = {
        (row.sku_pk, row.community_pk): row
        for row in session.execute(
            select(st.id, st.sku_pk, st.community_pk, st.ordered_qty, st.due_qty, st.put_qty).where(
                st.wave_pk == wave_pk
            )
        )
    }
    new_tasks = [
        {
            "wave_pk": wave_pk,
            "sku_pk": sku,
            "community_pk": c,
            "ordered_qty": q,
            "due_qty": q,
            "put_qty": 0,
        }
        for (sku, c), q in ordered.items()
        if (sku, c) not in tasks
    ]
    for batch in _batches(new_tasks):
        session.execute(insert(st.__table__), batch)
    # Dues follow what was ordered here; shortage allocation lowers them again right after
    # import when goods have already arrived. Units put beyond a lowered due are the
    # conflicts recorded below, for the supervisor to pull back out.
    changed = [
        {"pk": row.id, "ordered_qty": ordered.get(key, 0), "due_qty": ordered.get(key, 0)}
        for key, row in tasks.items()
        if row.ordered_qty != ordered.get(key, 0)
    ]
    _bulk_update(session, st.__table__, changed)
    return _record_conflicts(session, wave_pk, reductions, tasks, ordered, now)


def ensure_sort_tasks(session: Session, wave_pk: int) -> None:
    """After a first import: one task per community and SKU, summed by the database itself."""
    if session.scalar(
        select(tables.SortTask.id).where(tables.SortTask.wave_pk == wave_pk).limit(1)
    ):
        return
    ol = tables.OrderLine
    totals = (
        select(
            ol.wave_pk, ol.sku_pk, ol.community_pk, func.sum(ol.qty), func.sum(ol.qty), literal(0)
        )
        .where(ol.wave_pk == wave_pk, ol.to_sort.is_(True))
        .group_by(ol.wave_pk, ol.sku_pk, ol.community_pk)
    )
    columns = ["wave_pk", "sku_pk", "community_pk", "ordered_qty", "due_qty", "put_qty"]
    session.execute(insert(tables.SortTask.__table__).from_select(columns, totals))


def _record_conflicts(
    session: Session,
    wave_pk: int,
    reductions: list[LineReduction],
    tasks: dict[tuple[int, int], Any],
    ordered: dict[tuple[int, int], int],
    now: datetime,
) -> int:
    rows = []
    for r in reductions:
        task = tasks.get((r.sku_pk, r.community_pk))
        put = task.put_qty if task is not None else 0
        excess = put - ordered.get((r.sku_pk, r.community_pk), 0)
        if put > 0 and excess > 0:
            rows.append(
                {
                    "wave_pk": wave_pk,
                    "community_pk": r.community_pk,
                    "sku_pk": r.sku_pk,
                    "kind": r.kind,
                    "order_id": r.order_id,
                    "line_id": r.line_id,
                    "old_qty": r.old_qty,
                    "new_qty": r.new_qty,
                    "put_qty": put,
                    "excess_qty": excess,
                    "detected_at": now,
                }
            )
    if rows:
        session.execute(insert(tables.ImportConflict.__table__), rows)
    return len(rows)
