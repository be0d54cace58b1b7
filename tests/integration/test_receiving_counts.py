"""Receiving with counts end to end: a quantity card through `sorter-app replay --mode receive`,
an undo at receiving within the grace time (the dues allocated again), a late undo that needs a
supervisor and leaves an audit record, a typed count, and the supplier receiving sheet read back
from its PDF."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import func, select

from sorter_app.cli import EXIT_OK, main
from sorter_app.domain.decisions import Result
from sorter_app.domain.wave import Supplier, WaveSnapshot
from sorter_app.services.people.roster import Person
from sorter_app.services.people.supervisor_actions import SupervisorRequired
from sorter_app.services.receiving.late_undo import undo_receipt_as
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views import document_data
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import audit_repo, tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave

WAVE = "W20261127-HZ01"
SUPERVISOR = Person("SUP1", "李班长", "supervisor")


def received_and_due(store: Store, sku_id: str = "S00001") -> tuple[int, int]:
    with store.read() as s:
        sku_pk = s.scalar(select(tables.Sku.id).where(tables.Sku.sku_id == sku_id))
        received = s.scalar(
            select(func.coalesce(func.sum(tables.Receipt.qty), 0)).where(
                tables.Receipt.sku_pk == sku_pk, tables.Receipt.kind == "received"
            )
        )
        due = s.scalar(
            select(func.coalesce(func.sum(tables.SortTask.due_qty), 0)).where(
                tables.SortTask.sku_pk == sku_pk
            )
        )
    return int(received), int(due)


@pytest.fixture
def wave_store(sqlite_url: str) -> Store:
    store = Store.open(sqlite_url)
    store_snapshot(store, small_wave(WAVE), source="api")
    yield store
    store.close()


def test_replay_a_quantity_card_then_an_undo_within_the_grace_time(
    wave_store: Store, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # S00001: 6 ordered. 4 counted first (4 due), then a case of 10 (all 6 due), then undone.
    scans = tmp_path / "receive.txt"
    scans.write_text(f"{EAN_S1}*4\nCMD-QTY-10\n{EAN_S1}\nCMD-UNDO\n", encoding="utf-8")
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
    assert [(d["result"], d["qty"]) for d in decisions] == [
        ("received", 4),
        ("count_armed", 10),
        ("received", 10),
        ("undone", 10),
    ]
    assert "14/6" in decisions[2]["message_zh"]
    assert "已撤销收货" in decisions[3]["message_zh"]
    assert received_and_due(wave_store) == (4, 4)  # the dues allocated over 4 again


def test_a_late_undo_needs_a_supervisor_and_is_audited(wave_store: Store) -> None:
    now = [datetime(2026, 11, 26, 20, 0, tzinfo=UTC)]
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01", clock=lambda: now[0])
    station.scan(f"{EAN_S1}*6", mode="receive", worker="W01")
    assert received_and_due(wave_store) == (6, 6)
    now[0] += timedelta(seconds=11)  # past the default 10 s

    refused = station.scan("CMD-UNDO", mode="receive", worker="W01")
    assert (refused.result, refused.qty) == (Result.UNDO_NEEDS_SUPERVISOR, 6)
    assert received_and_due(wave_store) == (6, 6)
    with pytest.raises(SupervisorRequired):
        undo_receipt_as(station, Person("W01", "张三", "worker"), worker="W01")

    undone = undo_receipt_as(station, SUPERVISOR, worker="W01")
    assert (undone.result, undone.qty, undone.shown.supervisor) == (Result.UNDONE, 6, "SUP1")
    assert received_and_due(wave_store) == (0, 6)  # nothing arrived: dues are the orders again
    assert station.scan(EAN_S1, mode="seed").result is Result.NOT_RECEIVED
    with wave_store.read() as s:
        [record] = audit_repo.records(s, wave_id=WAVE)
    assert (record.action, record.supervisor, record.sku_id) == (
        "receiving.late_undo",
        "SUP1",
        "S00001",
    )
    assert station.scan("CMD-UNDO", mode="receive").result is Result.NOTHING_TO_UNDO


def test_a_typed_count_corrects_the_receipt_just_scanned_and_closing_freezes_it(
    wave_store: Store,
) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    station.scan(EAN_S1, mode="receive")
    counted = station.scan("CMD-COUNT-5", mode="receive")
    assert (counted.result, counted.qty, counted.shown.received) == (Result.COUNT_SET, 5, 5)
    assert (counted.shown.short, counted.shown.over) == (1, None)
    assert received_and_due(wave_store) == (5, 5)
    close_receiving(wave_store, WAVE)
    assert station.scan("CMD-UNDO", mode="receive").result is Result.RECEIVING_CLOSED
    assert received_and_due(wave_store)[0] == 5


def two_suppliers() -> WaveSnapshot:
    wave = small_wave(WAVE)
    other = Supplier("SUP09", "余杭鲜蛋合作社")
    skus = [replace(s, supplier=other) if s.sku_id == "S00002" else s for s in wave.skus]
    return WaveSnapshot(wave.summary, wave.communities, skus, wave.orders)


def test_the_receiving_sheet_names_every_suppliers_skus_with_expected_and_received(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(sqlite_url)
    store_snapshot(store, two_suppliers(), source="api")
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*5", mode="receive")
    station.scan("S00002*6", mode="receive")
    station.scan("CMD-DAMAGED", mode="receive")
    station.scan("S00002", mode="receive")
    store.close()

    out = tmp_path / "sheets.pdf"
    argv = ["receiving-sheet", "--db", sqlite_url, "--wave", WAVE, "--out", str(out)]
    assert main(argv) == EXIT_OK
    texts = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages]
    assert len(texts) == 2  # one page per supplier
    green, eggs = texts
    assert "到货核对单" in green and "临平绿源农场（SUP07）" in green
    # code, name, spec, expected, received, short (over and damage blank)
    assert "S00001 云南高山娃娃菜1 500g/袋 6 5 1" in " ".join(green.split())
    assert "余杭鲜蛋合作社（SUP09）" in eggs
    # S00002: 5 expected, 6 received, 1 over, 1 damaged
    assert "S00002 云南高山娃娃菜2 500g/袋 5 6 1 1" in " ".join(eggs.split())
    assert "S00001" not in eggs and "收货员" in green and "送货人（供应商）" in eggs

    one = tmp_path / "one.pdf"
    argv = ["receiving-sheet", "--db", sqlite_url, "--wave", WAVE, "--supplier", "SUP09"]
    assert main([*argv, "--out", str(one)]) == EXIT_OK
    [text] = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(one.read_bytes())).pages]
    assert "SUP09" in text and "S00001" not in text
    capsys.readouterr()
    assert main([*argv[:-1], "NOPE", "--out", str(one)]) != EXIT_OK


def test_the_receiving_sheet_data_counts_short_over_and_closure(wave_store: Store) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*5", mode="receive")
    [sheet] = document_data.receiving_sheets(wave_store, WAVE)
    assert not sheet.receiving_closed
    lines = {line.sku_id: line for line in sheet.lines}
    assert (lines["S00001"].ordered, lines["S00001"].received, lines["S00001"].short) == (6, 5, 1)
    assert (lines["S00002"].ordered, lines["S00002"].received, lines["S00002"].short) == (5, 0, 5)
    assert "S00003" not in lines or lines["S00003"].ordered > 0
    close_receiving(wave_store, WAVE)
    assert document_data.receiving_sheets(wave_store, WAVE)[0].receiving_closed
