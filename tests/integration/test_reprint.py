"""Supervised reprints of a crate label: refused without a supervisor or a reason; with one, the
crate gets a new scan code from the crate serial, the old label scans as void_label at the wall,
the new one finds the crate, and everything is audited in one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from printers.profiles import PrinterProfile
from printers.transports.folder import FolderTransport
from sorter_app.domain.crate_codes import parse_crate_scan_code
from sorter_app.domain.decisions import Result
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.people.roster import Person, add_person
from sorter_app.services.printing import label_reprints, print_queue
from sorter_app.services.printing.label_reprints import reprint_crate_label
from sorter_app.services.printing.sender import PrintSender
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.label_data import crate_labels
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import CRATE_SERIAL
from tests.factories import small_wave

WAVE = "W20261127-HZ01"
CRATE = f"HS-{WAVE}-C0001-01"


@pytest.fixture
def wave_store(store: Store) -> Store:
    store_snapshot(store, small_wave(WAVE), source="api")
    add_person(store, "SUP1", "张主管", role="supervisor", pin="2468")
    add_person(store, "W007", "李师傅", role="worker")
    return store


def crate_row(store: Store) -> tuple[str, int]:
    with store.read() as s:
        row = s.execute(
            select(tables.Crate.scan_code, tables.Crate.label_version).where(
                tables.Crate.crate_id == CRATE
            )
        ).one()
    return row[0], row[1]


def audit_rows(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(tables.LabelReprint)) or 0)


REFUSED = [
    ("", "标签破损", "supervisor_required"),
    (None, "标签破损", "supervisor_required"),
    (Person("W007", "李师傅", "worker"), "标签破损", "supervisor_required"),
    ("W007", "标签破损", "not_supervisor"),
    ("NOBODY", "标签破损", "not_supervisor"),
    ("SUP1", "  ", "reprint_refused"),
]


def test_a_reprint_without_a_supervisor_or_reason_is_refused_and_changes_nothing(
    wave_store: Store,
) -> None:
    before = crate_row(wave_store)
    for supervisor, reason, code in REFUSED:
        with pytest.raises(UserFacingError) as caught:
            reprint_crate_label(wave_store, CRATE, supervisor, reason)
        assert caught.value.code == code, (supervisor, reason)
        assert caught.value.message_zh and caught.value.message_en
    assert crate_row(wave_store) == before
    assert audit_rows(wave_store) == 0


def test_a_reprint_voids_the_old_code_and_the_new_one_finds_the_crate(wave_store: Store) -> None:
    old_code, _ = crate_row(wave_store)
    with wave_store.read() as s:
        serial_before = s.get(tables.Counter, CRATE_SERIAL).value

    reprint = reprint_crate_label(wave_store, CRATE, "sup1", "标签被水打湿")

    assert (reprint.old_scan_code, reprint.label_version, reprint.supervisor) == (
        old_code,
        2,
        "SUP1",
    )
    assert reprint.new_scan_code != old_code
    # From the same serial as every crate code: unique in this database.
    assert parse_crate_scan_code(reprint.new_scan_code) == serial_before + 1
    assert crate_row(wave_store) == (reprint.new_scan_code, 2)
    assert reprint.label.scan_code == reprint.new_scan_code and reprint.label.reprint
    [audit] = label_reprints.reprints(wave_store, CRATE)
    assert (audit.old_scan_code, audit.new_scan_code, audit.supervisor, audit.reason) == (
        old_code,
        reprint.new_scan_code,
        "SUP1",
        "标签被水打湿",
    )

    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    stale = station.scan(old_code, mode="seed")
    assert stale.result is Result.VOID_LABEL
    fresh = station.scan(reprint.new_scan_code, mode="seed")
    assert fresh.result is not Result.VOID_LABEL and fresh.crate_id == CRATE
    # The labels printed from now on carry the new code and say they are a reprint.
    [new_label] = [x for x in crate_labels(wave_store, WAVE, "C0001") if x.crate_id == CRATE]
    assert (new_label.scan_code, new_label.label_version) == (reprint.new_scan_code, 2)


def test_an_unlocked_supervisor_from_the_screen_can_reprint_twice(wave_store: Store) -> None:
    first_code, _ = crate_row(wave_store)
    supervisor = Person("SUP1", "张主管", "supervisor")
    first = reprint_crate_label(wave_store, CRATE, supervisor, "破损")
    second = reprint_crate_label(wave_store, CRATE, supervisor, "又掉了")
    assert (second.old_scan_code, second.label_version) == (first.new_scan_code, 3)
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    assert station.scan(first_code, mode="seed").result is Result.VOID_LABEL
    assert station.scan(first.new_scan_code, mode="seed").result is Result.VOID_LABEL
    assert audit_rows(wave_store) == 2


def test_the_reprinted_label_is_queued_and_stale_jobs_are_cancelled(
    wave_store: Store, tmp_path: Path
) -> None:
    printer = PrinterProfile("lab", language="zpl", transport="folder", address=str(tmp_path))
    [original] = [x for x in crate_labels(wave_store, WAVE, "C0001") if x.crate_id == CRATE]
    [stale_job] = print_queue.queue_labels(wave_store, printer, [original])

    reprint = reprint_crate_label(wave_store, CRATE, "SUP1", "标签破损", printer=printer)

    assert print_queue.job(wave_store, stale_job).status == "cancelled"
    assert print_queue.job(wave_store, reprint.job_id).status == "queued"
    out = tmp_path / "out"
    sender = PrintSender(wave_store, {"lab": FolderTransport(out, extension="zpl")})
    assert sender.run(["lab"], timeout=10).sent == 1
    [printed] = list(out.iterdir())
    zpl = printed.read_bytes().decode("ascii", "replace")
    assert reprint.new_scan_code in zpl and original.scan_code not in zpl
    with wave_store.read() as s:
        assert (
            s.scalar(select(tables.Crate.printed_at).where(tables.Crate.crate_id == CRATE))
            is not None
        )


def test_an_unknown_crate_cannot_be_reprinted(wave_store: Store) -> None:
    with pytest.raises(UserFacingError) as caught:
        reprint_crate_label(wave_store, "HS-W20261127-HZ01-C0009-01", "SUP1", "破损")
    assert caught.value.code == "unknown_crate"


def test_a_reprint_that_fails_midway_leaves_no_trace(wave_store: Store, tmp_path: Path) -> None:
    old_code, _ = crate_row(wave_store)
    # A profile no renderer accepts: the new label cannot be drawn inside the transaction.
    broken = PrinterProfile("lab", transport="folder", address=str(tmp_path), darkness=99)
    with pytest.raises(ValueError):
        reprint_crate_label(wave_store, CRATE, "SUP1", "破损", printer=broken)
    assert crate_row(wave_store) == (old_code, 1)
    assert audit_rows(wave_store) == 0 and print_queue.jobs(wave_store) == []
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    assert station.scan(old_code, mode="seed").crate_id == CRATE
