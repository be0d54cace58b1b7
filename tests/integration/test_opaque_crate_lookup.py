"""Crates are found by looking their long ID up, whatever the platform's IDs look like: exact
first, then regardless of letter case (a QR read through a wedge scanner with Caps Lock on), and
never when two crates fit a case-blind read."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from sorter_app.domain.crate_codes import qr_payload
from sorter_app.domain.decisions import Result
from sorter_app.domain.wave import WaveSnapshot
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, community, order, sku, summary

WAVE = "w20261127-hz01"


def wave_with(community_ids: list[str]) -> WaveSnapshot:
    communities = [
        replace(community(n + 1), community_id=cid) for n, cid in enumerate(community_ids)
    ]
    orders = [order(n + 1, cid, [("S00001", 1)]) for n, cid in enumerate(community_ids)]
    return WaveSnapshot(summary(WAVE, orders), communities, [sku(1, barcode=EAN_S1)], orders)


def crate_ids(store: Store) -> dict[str, str]:
    with store.read() as s:
        rows = s.execute(
            select(tables.Community.community_id, tables.Crate.crate_id).join(
                tables.Community, tables.Community.id == tables.Crate.community_pk
            )
        ).all()
    return dict(rows)


def seed_one(store: Store, crate_read: str) -> Result:
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*9", mode="receive")
    target = station.scan(EAN_S1, mode="seed")
    assert target.result is Result.PUT_TARGET
    return station.scan(crate_read, mode="seed").result


@pytest.mark.parametrize(
    "community_id",
    ["cm-0003", "d13c513a-42f8-4da1-97b1-165f0971b7c4", "社区-丁桥-003", 'c.0:3^~"x'],
)
def test_a_crate_of_any_community_id_is_found_by_its_id_and_its_qr(
    store: Store, community_id: str
) -> None:
    store_snapshot(store, wave_with([community_id]), source="api")
    crate = crate_ids(store)[community_id]
    assert crate == f"HS-{WAVE}-{community_id}-01"
    assert seed_one(store, qr_payload(crate, WAVE, community_id, 1, 1, 1)) is Result.PUT_DONE


def test_a_caps_lock_read_of_the_qr_still_finds_the_crate(store: Store) -> None:
    store_snapshot(store, wave_with(["cm-0003"]), source="api")
    crate = crate_ids(store)["cm-0003"]
    read = qr_payload(crate, WAVE, "cm-0003", 1, 1, 1).swapcase()
    assert seed_one(store, read) is Result.PUT_DONE


def test_two_crates_that_differ_only_by_case_make_a_case_blind_read_unknown(
    store: Store,
) -> None:
    store_snapshot(store, wave_with(["cm-0003", "CM-0003"]), source="api")
    crates = crate_ids(store)
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*9", mode="receive")
    target = station.scan(EAN_S1, mode="seed")
    assert target.result is Result.PUT_TARGET
    # Exact reads still tell them apart ...
    other = crates["CM-0003"] if target.community_id == "cm-0003" else crates["cm-0003"]
    assert station.scan(other, mode="seed").result is Result.WRONG_CRATE
    # ... a read that matches both only by ignoring case is no crate at all.
    both = crates["cm-0003"].replace("cm-", "Cm-")
    assert station.scan(both, mode="seed").result is Result.UNKNOWN_CRATE
    assert station.scan(crates[target.community_id], mode="seed").result is Result.PUT_DONE


def test_a_lower_case_product_code_read_with_caps_lock_finds_its_sku(store: Store) -> None:
    snapshot = wave_with(["cm-0003"])
    skus = [replace(snapshot.skus[0], barcodes=("sku-abc.01",))]
    store_snapshot(store, replace(snapshot, skus=skus), source="api")
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    assert station.scan("SKU-ABC.01*2", mode="receive").result is Result.RECEIVED
