"""Queuing a wave's crate labels community by community (as the print centre and `sorter-app
print --community` do) gives the same jobs, byte for byte, as queuing the whole wave at once;
labels already printed or waiting are skipped, per community as for the wave."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from printers.profiles import PrinterProfile
from sorter_app.domain.wave import WaveSnapshot
from sorter_app.services.printing import print_queue
from sorter_app.services.printing.sender import PrintSender
from sorter_app.services.views.label_data import crate_labels
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, community, order, sku, summary

WAVE = "W20261127-HZ01"
COMMUNITIES = ["C0003", "C0001", "C0002", "C0004"]  # route and stop order


def snapshot() -> WaveSnapshot:
    placed = [
        community(3, route="R01", stop=1),
        community(1, route="R01", stop=2),
        community(2, route="R02", stop=1),
        community(4, route="R02", stop=2),
    ]
    # 24 per crate: C0001 needs 3 crates, C0004 2, the others 1.
    orders = [
        order(1, "C0001", [("S00001", 50), ("S00002", 3)]),
        order(2, "C0002", [("S00001", 2)]),
        order(3, "C0003", [("S00002", 5)]),
        order(4, "C0004", [("S00001", 30)]),
    ]
    return WaveSnapshot(summary(WAVE, orders), placed, [sku(1, barcode=EAN_S1), sku(2)], orders)


def open_store(url: str) -> Store:
    store = Store.open(url)
    store_snapshot(store, snapshot(), source="api")
    return store


def queued(store: Store) -> list[tuple[str | None, int | None, str, bytes]]:
    with store.read() as session:
        j = tables.PrintJob
        rows = session.execute(
            select(j.crate_id, j.label_version, j.description, j.payload).order_by(j.sequence)
        ).all()
    return [tuple(row) for row in rows]


@pytest.mark.parametrize("language", ["zpl", "tspl"])
def test_community_by_community_queues_the_same_jobs_as_the_whole_wave(
    sqlite_url: str, language: str
) -> None:
    profile = PrinterProfile("lab", language=language, transport="folder")
    whole = open_store(sqlite_url.replace(".sqlite", "-whole.sqlite"))
    by_community = open_store(sqlite_url)
    try:
        print_queue.queue_wave_labels(whole, profile, WAVE)
        for community_id in COMMUNITIES:
            print_queue.queue_wave_labels(by_community, profile, WAVE, community_id)
        expected = queued(whole)
        assert queued(by_community) == expected
        assert [(crate_id, description) for crate_id, _, description, _ in expected] == [
            (f"HS-{WAVE}-C0003-01", f"HS-{WAVE}-C0003-01 1/1"),
            (f"HS-{WAVE}-C0001-01", f"HS-{WAVE}-C0001-01 1/3"),
            (f"HS-{WAVE}-C0001-02", f"HS-{WAVE}-C0001-02 2/3"),
            (f"HS-{WAVE}-C0001-03", f"HS-{WAVE}-C0001-03 3/3"),
            (f"HS-{WAVE}-C0002-01", f"HS-{WAVE}-C0002-01 1/1"),
            (f"HS-{WAVE}-C0004-01", f"HS-{WAVE}-C0004-01 1/2"),
            (f"HS-{WAVE}-C0004-02", f"HS-{WAVE}-C0004-02 2/2"),
        ]
    finally:
        whole.close()
        by_community.close()


def test_a_communitys_labels_say_what_its_crates_hold(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    try:
        one = crate_labels(store, WAVE, "C0001")
        assert [(x.crate_seq, x.crate_count) for x in one] == [(1, 3), (2, 3), (3, 3)]
        assert sum(x.units for x in one) == 53
        assert one == [x for x in crate_labels(store, WAVE) if x.community_id == "C0001"]
        assert crate_labels(store, WAVE, "C9999") == []
    finally:
        store.close()


def test_printed_and_waiting_labels_are_skipped(sqlite_url: str, tmp_path: Path) -> None:
    store = open_store(sqlite_url)
    profile = PrinterProfile("lab", language="zpl", transport="folder", address=str(tmp_path))
    try:
        first = print_queue.queue_wave_labels(store, profile, WAVE, "C0001")
        assert len(first.job_ids) == 3 and first.skipped == []
        sender = PrintSender.for_profiles(store, [profile])
        try:
            assert sender.run(["lab"], timeout=10).sent == 3
        finally:
            sender.close()
        print_queue.queue_wave_labels(store, profile, WAVE, "C0004")  # waiting, not printed
        again = print_queue.queue_wave_labels(store, profile, WAVE)
        assert again.skipped == [f"HS-{WAVE}-C0001-0{n}" for n in (1, 2, 3)] + [
            f"HS-{WAVE}-C0004-0{n}" for n in (1, 2)
        ]
        assert len(again.job_ids) == 2  # C0003 and C0002
        assert print_queue.queue_wave_labels(store, profile, WAVE, "C0001").job_ids == []
    finally:
        store.close()
