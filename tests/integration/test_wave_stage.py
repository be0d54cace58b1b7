"""`sorter-app waves` says where each wave stands: the contract's milestone word (imported,
receiving, sorting, sorted, dispatched) and how many of its routes have left, in --json and in
the plain table, as the night moves on."""

from __future__ import annotations

import json

import pytest

from sorter_app.cli import EXIT_OK, main
from sorter_app.domain.decisions import Result
from sorter_app.domain.wave import WaveSnapshot
from sorter_app.services.loading.dispatch import dispatch_route
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from tests.factories import EAN_S1, community, order, sku, summary
from tests.store_reads import crate_code

WAVE = "W20261127-HZ01"


def two_route_wave() -> WaveSnapshot:
    """C0001 on R01 orders 2 of S00001, C0002 on R02 orders 1."""
    orders = [order(1, "C0001", [("S00001", 2)]), order(2, "C0002", [("S00001", 1)])]
    return WaveSnapshot(
        summary(WAVE, orders),
        [community(1, "R01", 1), community(2, "R02", 1)],
        [sku(1, barcode=EAN_S1)],
        orders,
    )


def where_it_stands(
    url: str, capsys: pytest.CaptureFixture[str], lang: str = "zh"
) -> tuple[dict, list[str]]:
    capsys.readouterr()
    assert main(["waves", "--json", "--db", url]) == EXIT_OK
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["--lang", lang, "waves", "--db", url]) == EXIT_OK
    header, line = capsys.readouterr().out.splitlines()[:2]
    table = dict(zip(header.split("\t"), line.split("\t"), strict=True))
    return {k: row[k] for k in ("stage", "routes_dispatched", "routes_total")}, [
        table["进度" if lang == "zh" else "stage"],
        table["已发车线路" if lang == "zh" else "routes dispatched"],
    ]


def test_waves_shows_the_stage_and_the_routes_gone_as_the_night_moves_on(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(sqlite_url)
    store_snapshot(store, two_route_wave(), source="api")
    assert where_it_stands(sqlite_url, capsys) == (
        {"stage": "imported", "routes_dispatched": 0, "routes_total": 2},
        ["已导入", "0/2"],
    )

    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*3", mode="receive")
    assert where_it_stands(sqlite_url, capsys)[0]["stage"] == "receiving"

    target = station.scan(EAN_S1, mode="seed")
    assert station.scan(target.crate_code or "", mode="seed").result is Result.PUT_DONE
    assert where_it_stands(sqlite_url, capsys, "en") == (
        {"stage": "sorting", "routes_dispatched": 0, "routes_total": 2},
        ["sorting", "0/2"],
    )

    close_receiving(store, WAVE)
    while (target := station.scan(EAN_S1, mode="seed")).result is Result.PUT_TARGET:
        assert station.scan(target.crate_code or "", mode="seed").result is Result.PUT_DONE
    assert where_it_stands(sqlite_url, capsys)[0]["stage"] == "sorted"

    for route, community_id in (("R01", "C0001"), ("R02", "C0002")):
        station.scan(crate_code(store, community_id), mode="load", route=route)
    dispatch_route(store, WAVE, "R01")
    assert where_it_stands(sqlite_url, capsys) == (
        {"stage": "sorted", "routes_dispatched": 1, "routes_total": 2},
        ["分拣完成", "1/2"],
    )
    dispatch_route(store, WAVE, "R02")
    assert where_it_stands(sqlite_url, capsys) == (
        {"stage": "dispatched", "routes_dispatched": 2, "routes_total": 2},
        ["已发车", "2/2"],
    )


def test_the_first_route_leaving_before_the_last_is_sorted_does_not_dispatch_the_wave(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """R01 is sorted, loaded and gone while R02's goods are not sorted yet (nothing of it in a
    crate): the wave is not dispatched, and the platform is not told so, until R02 leaves."""
    s2 = "6923456789029"  # a second valid EAN-13
    orders = [order(1, "C0001", [("S00001", 2)]), order(2, "C0002", [("S00002", 1)])]
    wave = WaveSnapshot(
        summary(WAVE, orders),
        [community(1, "R01", 1), community(2, "R02", 1)],
        [sku(1, barcode=EAN_S1), sku(2, barcode=s2)],
        orders,
    )
    store = Store.open(sqlite_url)
    store_snapshot(store, wave, source="api")
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*2", mode="receive")
    station.scan(f"{s2}*1", mode="receive")
    while (target := station.scan(EAN_S1, mode="seed")).result is Result.PUT_TARGET:
        assert station.scan(target.crate_code or "", mode="seed").result is Result.PUT_DONE
    station.scan(crate_code(store, "C0001"), mode="load", route="R01")
    dispatch_route(store, WAVE, "R01")
    assert where_it_stands(sqlite_url, capsys) == (
        {"stage": "sorting", "routes_dispatched": 1, "routes_total": 2},
        ["分拣中", "1/2"],
    )
    assert "dispatched" not in milestones_queued(store)

    target = station.scan(s2, mode="seed")
    assert station.scan(target.crate_code or "", mode="seed").result is Result.PUT_DONE
    station.scan(crate_code(store, "C0002"), mode="load", route="R02")
    dispatch_route(store, WAVE, "R02")
    assert where_it_stands(sqlite_url, capsys)[0]["stage"] == "dispatched"
    assert "dispatched" in milestones_queued(store)
    store.close()


def milestones_queued(store: Store) -> set[str]:
    """The hub-status stages queued for the platform."""
    from sqlalchemy import select

    from sorter_app.store import tables

    with store.read() as s:
        return set(
            s.scalars(
                select(tables.OutboxEntry.topic).where(tables.OutboxEntry.kind == "hub_status")
            )
        )
