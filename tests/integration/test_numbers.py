"""The hub's numbers on a small fixed wave, against values computed by hand; exports hold the
same numbers; claims are linked to who put the goods; the crate ledger; data retention."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from sorter_app.cli import main
from sorter_app.services.loading.crate_ledger import held_by_community, holdings, return_crate
from sorter_app.services.loading.dispatch import dispatch_route
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.reporting.claims import pull_claims
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.numbers import losses, missorts, timeline
from sorter_app.services.waves.retention import purge_customer_data
from sorter_app.services.waves.wave_import import import_date, store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave
from tests.integration.test_dispatch import route_crates, sort_everything
from tests.platform_fixtures import DELIVERY, WAVE, running_platform
from tests.store_reads import crate_code


@pytest.fixture
def worked_wave(sqlite_url: str) -> Store:
    """small_wave: S00001 6 ordered (C0001 3, C0002 3), 5 arrive, 1 of them damaged: 2 short
    (1 shortage, 1 damage); S00002 5 ordered, nothing arrives: 5 short. W01 puts 3 into C0001
    after one wrong crate; W02 puts 1 into C0002."""
    store = Store.open(sqlite_url)
    store_snapshot(store, small_wave(WAVE), source="api")
    st = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    st.scan(f"{EAN_S1}*5", mode="receive")
    st.scan("CMD-DAMAGED", mode="receive")
    st.scan(EAN_S1, mode="receive")
    close_receiving(store, WAVE)
    st.scan(EAN_S1, mode="seed", worker="W01")
    st.scan(crate_code(store, "C0003"), mode="seed", worker="W01")
    st.scan(crate_code(store, "C0001"), mode="seed", worker="W01")
    st2 = ScanStation(store, wave_id=WAVE, station_id="ST-02")
    st2.scan(EAN_S1, mode="seed", worker="W02")
    st2.scan(crate_code(store, "C0002"), mode="seed", worker="W02")
    return store


def test_losses_by_sku_category_and_supplier(worked_wave: Store) -> None:
    by_sku = {r.key: (r.ordered, r.shorted, r.damaged) for r in losses(worked_wave, WAVE, "sku")}
    assert by_sku == {"S00001": (6, 1, 1), "S00002": (5, 5, 0)}
    [category] = losses(worked_wave, WAVE, "category")
    assert (category.key, category.ordered, category.shorted, category.damaged) == (
        "蔬菜",
        11,
        6,
        1,
    )
    assert round(category.shortage_rate, 4) == round(6 / 11, 4)


def test_missorts_and_timeline(worked_wave: Store) -> None:
    m = missorts(worked_wave, WAVE)
    assert (m.units_put, m.near_missorts, m.claimed_missorts) == (4, 1, 0)
    assert m.near_per_10k == 2500
    steps = [s.step for s in timeline(worked_wave, WAVE)]
    assert steps == ["cutoff", "imported", "receiving", "sorting", "sorted"]
    assert all(
        s.minutes_since_previous is None or s.minutes_since_previous >= 0
        for s in timeline(worked_wave, WAVE)
    )


def test_exports_open_in_excel_with_the_same_numbers(
    worked_wave: Store, sqlite_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "shortages.xlsx"
    assert (
        main(
            [
                "export",
                "--wave",
                WAVE,
                "--what",
                "shortages",
                "--format",
                "xlsx",
                "--out",
                str(out),
                "--db",
                sqlite_url,
            ]
        )
        == 0
    )
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("维度", "编号", "名称", "订购", "缺货", "破损")
    assert ("商品", "S00002", "云南高山娃娃菜2", 5, 5, 0) in [r[:6] for r in rows]
    csv_out = tmp_path / "productivity.csv"
    main(
        [
            "export",
            "--wave",
            WAVE,
            "--what",
            "productivity",
            "--format",
            "csv",
            "--out",
            str(csv_out),
            "--db",
            sqlite_url,
        ]
    )
    table = list(csv.reader(csv_out.open(encoding="utf-8-sig")))
    assert table[1][:4] == ["W01", "1", "3", "1"] and table[2][:4] == ["W02", "1", "1", "0"]


def test_claims_link_to_the_put_and_crates_go_round_the_ledger(sqlite_url: str) -> None:
    with running_platform(communities=45, skus=10, lines=220, seed=21) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        sort_everything(store, platform.sim.export_wave(WAVE))
        route = "R01"
        loader = ScanStation(store, wave_id=WAVE, station_id="ST-09")
        crates = route_crates(store, route)
        for code, _ in crates:
            loader.scan(code, mode="load", route=route)
        dispatch_route(store, WAVE, route)
        with store.read() as s:
            community_id, sku_id, crate_id = s.execute(
                select(tables.Community.community_id, tables.Sku.sku_id, tables.Crate.crate_id)
                .select_from(tables.Put)
                .join(tables.Community, tables.Community.id == tables.Put.community_pk)
                .join(tables.Sku, tables.Sku.id == tables.Put.sku_pk)
                .join(tables.Crate, tables.Crate.id == tables.Put.crate_pk)
                .where(tables.Community.route_id == route)
                .limit(1)
            ).one()
        platform.sim.add_claim(
            WAVE, community_id=community_id, sku_id=sku_id, kind="wrong_item", crate_id=crate_id
        )
        assert pull_claims(store, platform.client(), WAVE) == 1
        assert pull_claims(store, platform.client(), WAVE) == 0  # pulled again: nothing new
    m = missorts(store, WAVE)
    assert m.claimed_missorts == 1
    [(_, kind, claimed_sku, _, linked_crate, station, _)] = m.claims
    assert (kind, claimed_sku, linked_crate, station) == ("wrong_item", sku_id, crate_id, "ST-01")

    held = held_by_community(store)
    assert sum(held.values()) == len(crates)  # every crate on the truck is now with a leader
    back = return_crate(store, crates[0][0])
    assert back.held == held[back.community_id] - 1
    assert sum(h.held for h in holdings(store)) == len(crates) - 1


def test_old_customer_data_is_purged_and_numbers_stay(worked_wave: Store) -> None:
    later = lambda: datetime(2026, 12, 30, tzinfo=UTC)  # noqa: E731
    assert purge_customer_data(worked_wave, 30, clock=lambda: later() - timedelta(days=10)) == []
    assert purge_customer_data(worked_wave, 30, clock=later) == [WAVE]
    with worked_wave.read() as s:
        assert set(s.scalars(select(tables.Order.pickup_code))) == {""}
        assert set(s.scalars(select(tables.Community.leader_phone))) == {""}
    assert {r.key: r.shorted for r in losses(worked_wave, WAVE, "sku")} == {
        "S00001": 1,
        "S00002": 5,
    }


def test_recently_dispatched_waves_are_the_ones_claims_are_pulled_for(worked_wave: Store) -> None:
    from sorter_app.services.reporting.claims import recently_dispatched_waves

    assert recently_dispatched_waves(worked_wave) == []
    with worked_wave.write() as s:
        wave_pk = s.scalar(select(tables.Wave.id))
        s.add(
            tables.RouteDispatch(
                wave_pk=wave_pk,
                route_id="R01",
                dispatch_id="d1",
                departed_at=datetime.now(UTC) - timedelta(hours=5),
            )
        )
    assert recently_dispatched_waves(worked_wave) == [WAVE]
