"""Property tests of the engine over any sequence of receipts, damage and scans."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from sorter_app.domain.decisions import Result
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave
from tests.pg_cluster import PgCluster

WAVE = "W20261127-HZ01"
SKUS = {"S00001": EAN_S1, "S00002": "S00002"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "wave.sqlite"
    store = Store.open(f"sqlite:///{path}")
    store_snapshot(store, small_wave(WAVE), source="api")
    store.close()  # the last connection to close checkpoints the WAL into the file
    return path


sku = st.sampled_from(sorted(SKUS))
action = st.one_of(
    st.tuples(st.just("receive"), sku, st.integers(1, 6)),
    st.tuples(st.just("damage"), sku, st.integers(1, 3)),
    st.tuples(st.just("put"), sku),
    st.tuples(st.just("wrong"), sku),
    st.tuples(st.just("garbage"), st.text(max_size=12)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("close"), sku),
)


def snapshot_numbers(store: Store) -> dict[str, object]:
    with store.read() as s:
        tasks = s.execute(
            select(
                tables.SortTask.sku_pk,
                tables.SortTask.community_pk,
                tables.SortTask.ordered_qty,
                tables.SortTask.due_qty,
                tables.SortTask.put_qty,
            )
        ).all()
        receipts = s.execute(
            select(
                tables.Receipt.sku_pk, tables.Receipt.kind, func.sum(tables.Receipt.qty)
            ).group_by(tables.Receipt.sku_pk, tables.Receipt.kind)
        ).all()
        puts = s.execute(
            select(tables.Put.sku_pk, func.sum(tables.Put.qty))
            .where(tables.Put.undone_at.is_(None))
            .group_by(tables.Put.sku_pk)
        ).all()
        shortages = s.execute(
            select(tables.Shortage.sku_pk, func.sum(tables.Shortage.qty)).group_by(
                tables.Shortage.sku_pk
            )
        ).all()
    return {
        "tasks": sorted(tasks),
        "receipts": sorted(receipts),
        "puts": sorted(puts),
        "shortages": sorted(shortages),
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=st.lists(action, max_size=20))
def test_engine_invariants_hold_for_any_sequence(template: Path, actions: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wave.sqlite"
        shutil.copy(template, path)
        store = Store.open(f"sqlite:///{path}")
        try:
            run_and_check(store, actions)
        finally:
            store.close()


_pg_copies = itertools.count()


@pytest.fixture(scope="module")
def pg_template(pg_cluster: PgCluster) -> str:
    url = pg_cluster.create_database("engine_properties_tpl")
    store = Store.open(url)
    store_snapshot(store, small_wave(WAVE), source="api")
    store.close()
    return "engine_properties_tpl"


@pytest.mark.postgres
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=st.lists(action, max_size=20))
def test_engine_invariants_hold_for_any_sequence_on_postgresql(
    pg_cluster: PgCluster, pg_template: str, actions: list[tuple]
) -> None:
    name = f"engine_properties_{next(_pg_copies)}"
    store = Store.open(pg_cluster.create_database(name, template=pg_template))
    try:
        run_and_check(store, actions)
    finally:
        store.close()


def run_and_check(store: Store, actions: list[tuple]) -> None:
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    other_crate = {}
    with store.read() as s:
        for community_id, code in s.execute(
            select(tables.Community.community_id, tables.Crate.scan_code).join(
                tables.Community, tables.Community.id == tables.Crate.community_pk
            )
        ):
            other_crate.setdefault(community_id, code)
    for act in actions:
        kind = act[0]
        if kind == "receive":
            station.scan(f"{SKUS[act[1]]}*{act[2]}", mode="receive")
        elif kind == "damage":
            station.scan("CMD-DAMAGED", mode="receive")
            station.scan(f"{SKUS[act[1]]}*{act[2]}", mode="receive")
        elif kind in ("put", "wrong"):
            target = station.scan(SKUS[act[1]], mode="seed")
            if target.result is Result.PUT_TARGET:
                code = target.crate_code
                if kind == "wrong":
                    code = next(c for cid, c in other_crate.items() if cid != target.community_id)
                station.scan(code, mode="seed")
        elif kind == "garbage":
            before = snapshot_numbers(store)
            decision = station.scan(act[1], mode="seed")
            if decision.result in (Result.REJECTED, Result.UNKNOWN_BARCODE, Result.UNKNOWN_CRATE):
                assert snapshot_numbers(store) == before
        elif kind == "undo":
            station.scan("CMD-UNDO", mode="seed")
        elif kind == "close":
            close_receiving(store, WAVE, sku_id=act[1])
        check_invariants(store)


def check_invariants(store: Store) -> None:
    numbers = snapshot_numbers(store)
    received = {(sku, kind): int(q) for sku, kind, q in numbers["receipts"]}
    puts = {sku: int(q) for sku, q in numbers["puts"]}
    shorted_final = {sku: int(q) for sku, q in numbers["shortages"]}
    by_sku: dict[int, list[tuple[int, int, int]]] = {}
    for sku_pk, _, ordered, due, put in numbers["tasks"]:
        assert 0 <= put <= due <= ordered, (
            "no community gets more than it is due, nor due more than it ordered"
        )
        by_sku.setdefault(sku_pk, []).append((ordered, due, put))
    for sku_pk, tasks in by_sku.items():
        ordered = sum(o for o, _, _ in tasks)
        due = sum(d for _, d, _ in tasks)
        put = sum(p for _, _, p in tasks)
        assert put == puts.get(sku_pk, 0), "task counters agree with the put records"
        shorted, still_to_put = ordered - due, due - put
        assert ordered == put + shorted + still_to_put
        got = received.get((sku_pk, "received"), 0)
        damaged = received.get((sku_pk, "damaged"), 0)
        overage = max(0, got - damaged - ordered)
        on_hand = got - put - damaged - overage
        assert on_hand >= 0, "never more put than arrived in good order"
        if got or damaged:
            assert due == min(ordered, max(got - damaged, put))
        if sku_pk in shorted_final:
            assert shorted_final[sku_pk] == shorted
