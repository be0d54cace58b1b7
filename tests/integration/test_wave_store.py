"""Writing waves into the store: first import, re-import, conflicts and atomicity."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select, update

from sorter_app.domain.wave import OrderLine, OrderStatus
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import small_wave, with_orders


def _ordered(store: Store) -> dict[tuple[str, str], int]:
    with store.read() as s:
        rows = s.execute(
            select(tables.Community.community_id, tables.Sku.sku_id, tables.SortTask.ordered_qty)
            .join(tables.Community, tables.Community.id == tables.SortTask.community_pk)
            .join(tables.Sku, tables.Sku.id == tables.SortTask.sku_pk)
        ).all()
    return {(c, k): q for c, k, q in rows if q}


def _put(store: Store, community_id: str, sku_id: str, qty: int) -> None:
    """Stand-in for sorting progress: units already in this community's crates."""
    with store.write() as s:
        community_pk = s.scalar(
            select(tables.Community.id).where(tables.Community.community_id == community_id)
        )
        sku_pk = s.scalar(select(tables.Sku.id).where(tables.Sku.sku_id == sku_id))
        s.execute(
            update(tables.SortTask)
            .where(tables.SortTask.community_pk == community_pk, tables.SortTask.sku_pk == sku_pk)
            .values(put_qty=qty)
        )


def test_first_import_stores_what_each_community_must_get(store: Store) -> None:
    result = store_snapshot(store, small_wave(), source="api")
    assert (result.outcome, result.orders, result.lines) == ("imported", 5, 7)
    # Cancelled order 5 and the SKU cancelled below threshold are kept but not to sort.
    assert _ordered(store) == {
        ("C0001", "S00001"): 3,
        ("C0001", "S00002"): 1,
        ("C0002", "S00001"): 3,
        ("C0003", "S00002"): 4,
    }
    [row] = list_waves(store)
    assert (row.wave_id, row.communities, row.skus, row.orders, row.lines_to_sort) == (
        "W20261127-HZ01",
        3,
        3,
        5,
        5,
    )
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(tables.OrderLine)) == 7
        assert s.scalar(select(tables.SkuBarcode.barcode)) == "6923456789012"


def test_reimporting_the_same_wave_changes_nothing(store: Store) -> None:
    store_snapshot(store, small_wave(), source="api")
    again = store_snapshot(store, small_wave(), source="api")
    assert (again.outcome, again.changes, again.conflicts) == ("unchanged", 0, 0)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(tables.OrderLine)) == 7
        assert [
            o for (o,) in s.execute(select(tables.ImportLog.outcome).order_by(tables.ImportLog.id))
        ] == [
            "imported",
            "unchanged",
        ]


def test_reimport_applies_cancellations_and_changes_and_keeps_progress(store: Store) -> None:
    wave = small_wave()
    store_snapshot(store, wave, source="api")
    _put(store, "C0003", "S00002", 2)
    orders = list(wave.orders)
    orders[1] = replace(orders[1], status=OrderStatus.CANCELLED)  # C0001 loses 1 × S00001
    orders[3] = replace(orders[3], lines=(OrderLine(orders[3].lines[0].line_id, "S00002", 6),))
    result = store_snapshot(store, with_orders(wave, orders), source="api")
    assert result.outcome == "updated" and result.conflicts == 0
    assert _ordered(store)[("C0001", "S00001")] == 2
    assert _ordered(store)[("C0003", "S00002")] == 6
    with store.read() as s:
        put = s.scalar(select(func.sum(tables.SortTask.put_qty)))
    assert put == 2  # progress survives the re-import


def test_reducing_a_line_already_in_a_crate_is_a_conflict_for_the_supervisor(store: Store) -> None:
    wave = small_wave()
    store_snapshot(store, wave, source="api")
    _put(store, "C0003", "S00002", 4)  # all four already sorted
    orders = list(wave.orders)
    orders[3] = replace(orders[3], status=OrderStatus.CANCELLED)
    result = store_snapshot(store, with_orders(wave, orders), source="api")
    assert result.conflicts == 1
    [row] = list_waves(store)
    assert row.open_conflicts == 1
    with store.read() as s:
        conflict = s.scalars(select(tables.ImportConflict)).one()
    assert (
        conflict.kind,
        conflict.old_qty,
        conflict.new_qty,
        conflict.put_qty,
        conflict.excess_qty,
    ) == ("order_cancelled", 4, 0, 4, 4)


def test_an_order_missing_from_a_reimport_is_no_longer_sorted(store: Store) -> None:
    wave = small_wave()
    store_snapshot(store, wave, source="api")
    store_snapshot(
        store,
        with_orders(wave, [o for o in wave.orders if o.order_id != wave.orders[2].order_id]),
        source="api",
    )
    assert ("C0002", "S00001") not in _ordered(store)


def test_a_failure_mid_write_leaves_the_database_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    wave = small_wave()
    store_snapshot(store, wave, source="api")
    orders = list(wave.orders)
    orders[0] = replace(orders[0], status=OrderStatus.CANCELLED)

    import sorter_app.store.wave_writer as writer

    def explode(*args: object, **kwargs: object) -> int:
        raise RuntimeError("power cut mid-import")

    monkeypatch.setattr(writer, "_refresh_sort_tasks", explode)
    with pytest.raises(RuntimeError):
        store_snapshot(store, with_orders(wave, orders), source="api")
    with store.read() as s:
        statuses = dict(s.execute(select(tables.Order.order_id, tables.Order.status)).all())
        logs = s.scalar(select(func.count()).select_from(tables.ImportLog))
    assert statuses[wave.orders[0].order_id] == "closed"
    assert logs == 1
    assert _ordered(store)[("C0001", "S00001")] == 3
