"""A SKU below its group threshold (cancelled_below_threshold) that arrives anyway: the receiving
scan is recorded, answers not_to_sort in amber, and its units reach the platform as overage,
once — closing receiving later does not report them again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sorter_app.cli import EXIT_OK, main
from sorter_app.domain.decisions import Level, Result
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import small_wave

WAVE = "W20261127-HZ01"
CANCELLED_SKU = "S00003"  # small_wave: below its group threshold, 1 unit was ordered


def overage_items(store: Store) -> list[dict]:
    with store.read() as s:
        bodies = s.scalars(
            select(tables.OutboxEntry.body).where(
                tables.OutboxEntry.kind == "report", tables.OutboxEntry.topic == "overage"
            )
        ).all()
    return [item for body in bodies for item in json.loads(body)["items"]]


def test_replay_receive_answers_not_to_sort_and_reports_overage(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(sqlite_url)
    store_snapshot(store, small_wave(WAVE), source="api")
    scans = tmp_path / "receive.txt"
    scans.write_text(f"{CANCELLED_SKU}\n{CANCELLED_SKU}\n", encoding="utf-8")
    capsys.readouterr()
    code = main(
        [
            "replay",
            "--db",
            sqlite_url,
            "--wave",
            WAVE,
            "--station",
            "ST-01",
            "--mode",
            "receive",
            str(scans),
        ]
    )
    assert code == EXIT_OK
    decisions = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["result"], d["level"], d["sku_id"]) for d in decisions] == [
        ("not_to_sort", "warning", CANCELLED_SKU)
    ] * 2
    assert "该商品未成团，不分拣" in decisions[0]["message_zh"]
    assert "Below group threshold: do not sort" in decisions[0]["message_en"]

    with store.read() as s:  # the scans are recorded as receipts
        received = s.scalar(
            select(func.sum(tables.Receipt.qty))
            .join(tables.Sku, tables.Sku.id == tables.Receipt.sku_pk)
            .where(tables.Sku.sku_id == CANCELLED_SKU, tables.Receipt.kind == "received")
        )
    assert received == 2
    items = overage_items(store)
    assert sum(i["qty"] for i in items) == 2
    assert {(i["sku_id"], i["reason"]) for i in items} == {(CANCELLED_SKU, "supplier_over")}

    close_receiving(store, WAVE)  # the close-time overage leaves out what is already reported
    assert sum(i["qty"] for i in overage_items(store) if i["sku_id"] == CANCELLED_SKU) == 2


def test_seeding_still_stops_the_below_threshold_sku_in_red(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    store_snapshot(store, small_wave(WAVE), source="api")
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    received = station.scan(CANCELLED_SKU, mode="receive")
    assert (received.result, received.level) == (Result.NOT_TO_SORT, Level.WARNING)
    seeded = station.scan(CANCELLED_SKU, mode="seed")
    assert (seeded.result, seeded.level) == (Result.NOT_TO_SORT, Level.INTERCEPT)
    # A resent scan (same sequence) answers the original decision and reports nothing twice.
    again = station.scan(CANCELLED_SKU, mode="receive", seq=1)
    assert again == received
    assert sum(i["qty"] for i in overage_items(store)) == 1
