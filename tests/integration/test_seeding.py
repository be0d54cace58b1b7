"""The sorting engine through its service: receiving, shortages, seeding, wrong crates, undo,
replays — on a small wave whose every number is known."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.domain.decisions import Level, Result
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation, StationOptions
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave
from tests.store_reads import crate_code, put_totals

WAVE = "W20261127-HZ01"


@pytest.fixture
def wave_store(store: Store) -> Store:
    store_snapshot(store, small_wave(WAVE), source="api")
    return store


def test_import_plans_crates_with_known_n_of_m(wave_store: Store) -> None:
    with wave_store.read() as s:
        crates = s.execute(
            select(
                tables.Community.community_id,
                tables.Crate.seq,
                tables.Crate.temperature,
                tables.Crate.scan_code,
                tables.Crate.crate_id,
            )
            .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
            .order_by(tables.Community.community_id, tables.Crate.seq)
        ).all()
    # C0001 has ambient S00001 and chilled S00002: two zones, two crates; the others one each.
    assert [(c, seq, temp) for c, seq, temp, _, _ in crates] == [
        ("C0001", 1, "ambient"),
        ("C0001", 2, "chilled"),
        ("C0002", 1, "ambient"),
        ("C0003", 1, "chilled"),
    ]
    assert crates[0][4] == "HS-W20261127-HZ01-C0001-01"
    assert len({code for *_, code, _ in crates}) == 4 and all(
        len(code) == 10 for *_, code, _ in crates
    )


def test_a_short_sku_is_received_seeded_and_its_shortage_fixed(wave_store: Store) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    assert station.scan(EAN_S1, mode="seed").result is Result.NOT_RECEIVED
    # 6 ordered (C0001: 2+1, C0002: 3), 5 arrive: latest_first shorts order 3 (C0002), placed last.
    received = station.scan(f"{EAN_S1}*5", mode="receive")
    assert (received.result, received.level, received.qty) == (Result.RECEIVED, Level.CONFIRM, 5)

    target = station.scan(EAN_S1, mode="seed")
    assert (target.result, target.community_id, target.qty, target.level) == (
        Result.PUT_TARGET,
        "C0001",
        3,
        Level.PROMPT,
    )
    assert target.crate_code == crate_code(wave_store, "C0001")
    wrong = station.scan(crate_code(wave_store, "C0002"), mode="seed")
    assert (wrong.result, wrong.level, wrong.community_id, wrong.qty) == (
        Result.WRONG_CRATE,
        Level.INTERCEPT,
        "C0001",
        3,
    )
    assert put_totals(wave_store) == {}
    done = station.scan(crate_code(wave_store, "C0001"), mode="seed")
    assert (done.result, done.level, done.qty) == (Result.PUT_DONE, Level.CONFIRM, 3)

    second = station.scan(EAN_S1, mode="seed")
    assert (second.community_id, second.qty) == ("C0002", 2)
    station.scan(crate_code(wave_store, "C0002"), mode="seed")
    over = station.scan(EAN_S1, mode="seed")
    assert (over.result, over.level) == (Result.OVER_SCAN, Level.INTERCEPT)
    assert put_totals(wave_store) == {("C0001", "S00001"): 3, ("C0002", "S00001"): 2}

    closed = close_receiving(wave_store, WAVE, sku_id="S00001")
    assert (closed.skus_closed, closed.shortage_lines) == (1, 1)
    with wave_store.read() as s:
        short = s.execute(
            select(tables.OrderLine.line_id, tables.Shortage.qty, tables.Shortage.reason).join(
                tables.OrderLine, tables.OrderLine.id == tables.Shortage.line_pk
            )
        ).all()
    assert short == [("O2026112600000003-1", 1, "supplier_short")]
    assert station.scan(EAN_S1, mode="receive").result is Result.RECEIVING_CLOSED


def test_damage_lowers_dues_and_is_reported_as_damage(wave_store: Store) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*6", mode="receive")
    assert station.scan("CMD-DAMAGED", mode="receive").result is Result.DAMAGED_ARMED
    damaged = station.scan(f"{EAN_S1}*2", mode="receive")
    assert (damaged.result, damaged.qty) == (Result.DAMAGED, 2)
    close_receiving(wave_store, WAVE)
    with wave_store.read() as s:
        rows = s.execute(
            select(
                tables.Sku.sku_id, tables.Shortage.kind, tables.Shortage.reason, tables.Shortage.qty
            ).join(tables.Sku, tables.Sku.id == tables.Shortage.sku_pk)
        ).all()
    assert [r[1:] for r in rows if r[0] == "S00001"] == [("damage", "damaged_on_arrival", 2)]
    # Closing the whole wave shorts what never arrived: all 5 of S00002.
    assert {r[1:3] for r in rows if r[0] == "S00002"} == {("shortage", "supplier_short")}
    assert sum(r[3] for r in rows if r[0] == "S00002") == 5


def test_a_new_sku_scan_replaces_the_pending_target_and_nothing_is_recorded(
    wave_store: Store,
) -> None:
    station = ScanStation(
        wave_store,
        wave_id=WAVE,
        station_id="ST-01",
        options=StationOptions(allow_sort_before_receiving=True),
    )
    first = station.scan(EAN_S1, mode="seed")
    second = station.scan("S00002", mode="seed")
    assert first.community_id == "C0001" and second.sku_id == "S00002"
    assert second.crate_id == "HS-W20261127-HZ01-C0001-02"  # the chilled crate
    info = station.scan(crate_code(wave_store, "C0001", 1), mode="seed")
    assert info.result is Result.WRONG_CRATE  # S00002 is pending, and it goes in crate 2
    assert put_totals(wave_store) == {}


def test_crate_scan_with_nothing_pending_tells_whose_crate_it_is(wave_store: Store) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    info = station.scan(crate_code(wave_store, "C0003"), mode="seed")
    assert (info.result, info.community_id, info.qty) == (Result.CRATE_INFO, "C0003", 0)
    assert "阳光花园3期" in info.message_zh


def test_cancelled_sku_and_unknown_and_garbage_scans(wave_store: Store) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    assert station.scan("S00003", mode="seed").result is Result.NOT_TO_SORT
    unknown = station.scan("6901234567892", mode="seed")
    assert (unknown.result, unknown.level) == (Result.UNKNOWN_BARCODE, Level.INTERCEPT)
    bad = station.scan("6923456789013", mode="seed")  # check digit off by one
    assert bad.result is Result.REJECTED and "6923456789013" in bad.message_en
    garbage = station.scan("\x00\x1b[A??", mode="seed")
    assert garbage.result is Result.REJECTED and garbage.message_zh


def test_undo_takes_back_the_last_put(wave_store: Store) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*6", mode="receive")
    station.scan(EAN_S1, mode="seed")
    station.scan(crate_code(wave_store, "C0001"), mode="seed")
    undone = station.scan("CMD-UNDO", mode="seed")
    assert (undone.result, undone.qty) == (Result.UNDONE, 3)
    assert put_totals(wave_store) == {}
    again = station.scan(EAN_S1, mode="seed")
    assert (again.community_id, again.qty) == ("C0001", 3)
    assert station.scan("CMD-UNDO", mode="seed").result is Result.NOTHING_TO_UNDO


def test_a_replayed_sequence_answers_the_original_decision_and_records_nothing(
    wave_store: Store,
) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*6", mode="receive")
    target = station.scan(EAN_S1, mode="seed")
    done = station.scan(crate_code(wave_store, "C0001"), mode="seed")
    seq = int(done.scan_id.rsplit("-", 1)[1])
    again = station.scan(crate_code(wave_store, "C0001"), mode="seed", seq=seq)
    assert again == done
    assert put_totals(wave_store) == {("C0001", "S00001"): 3}
    assert target.scan_id.endswith("00000002") and done.scan_id.endswith("00000003")


def test_crate_full_opens_an_extra_crate_with_the_next_number(wave_store: Store) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    station.scan("S00002*5", mode="receive")
    target = station.scan("S00002", mode="seed")
    assert target.community_id == "C0001"
    opened = station.scan("CMD-CRATE-FULL", mode="seed")
    assert opened.result is Result.CRATE_OPENED
    assert opened.crate_id == "HS-W20261127-HZ01-C0001-03" and opened.shown.crate_extra is True
    assert opened.shown.crate_count == 3
    old = station.scan(crate_code(wave_store, "C0001", 2), mode="seed")
    assert old.result is Result.WRONG_CRATE
    done = station.scan(opened.crate_code, mode="seed")
    assert done.result is Result.PUT_DONE


def test_two_stations_never_put_more_than_is_due(wave_store: Store) -> None:
    a = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    b = ScanStation(wave_store, wave_id=WAVE, station_id="ST-02")
    a.scan(f"{EAN_S1}*6", mode="receive")
    ta = a.scan(EAN_S1, mode="seed")
    tb = b.scan(EAN_S1, mode="seed")
    assert ta.community_id == tb.community_id == "C0001"
    assert a.scan(ta.crate_code, mode="seed").result is Result.PUT_DONE
    late = b.scan(tb.crate_code, mode="seed")
    assert late.result is Result.OVER_SCAN
    assert put_totals(wave_store) == {("C0001", "S00001"): 3}


def test_spread_policy_shorts_one_unit_per_order(store: Store) -> None:
    store_snapshot(store, small_wave(WAVE), source="api")
    station = ScanStation(
        store,
        wave_id=WAVE,
        station_id="ST-01",
        options=StationOptions(shortage_policy=ShortagePolicy.SPREAD),
    )
    station.scan(f"{EAN_S1}*4", mode="receive")  # 2 short of 6, over orders 1, 2 and 3
    close_receiving(store, WAVE, sku_id="S00001", policy=ShortagePolicy.SPREAD)
    with store.read() as s:
        rows = s.execute(
            select(tables.OrderLine.line_id, tables.Shortage.qty).join(
                tables.OrderLine, tables.OrderLine.id == tables.Shortage.line_pk
            )
        ).all()
    assert sorted(rows) == [("O2026112600000002-1", 1), ("O2026112600000003-1", 1)]


def test_past_the_receiving_cut_time_what_did_not_arrive_is_late(wave_store: Store) -> None:
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    shanghai = ZoneInfo("Asia/Shanghai")
    now = [datetime(2026, 11, 27, 1, 0, tzinfo=shanghai)]
    station = ScanStation(
        wave_store,
        wave_id=WAVE,
        station_id="ST-01",
        clock=lambda: now[0],
        options=StationOptions(receiving_cut=time(2, 0), zone=shanghai),
    )
    station.scan(f"{EAN_S1}*6", mode="receive")  # S00001 arrives in full before the cut
    now[0] = datetime(2026, 11, 27, 2, 1, tzinfo=shanghai)
    assert station.scan(EAN_S1, mode="receive").result is Result.RECEIVING_CLOSED
    with wave_store.read() as s:
        rows = s.execute(
            select(tables.Sku.sku_id, tables.Shortage.reason, tables.Shortage.qty).join(
                tables.Sku, tables.Sku.id == tables.Shortage.sku_pk
            )
        ).all()
    assert {(sku, reason) for sku, reason, _ in rows} == {("S00002", "late_delivery")}
    assert sum(q for *_, q in rows) == 5
