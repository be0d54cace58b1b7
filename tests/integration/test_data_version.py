"""The store's data version, which visible supervisor screens poll: it stays put while nothing
changes and moves with what the screens show (a receipt at a station, a crate closed, a print
job cancelled, a report parked)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from printers.profiles import PrinterProfile
from sorter_app.domain.reports import ReportDraft
from sorter_app.services.people.supervisor_actions import close_crate_as
from sorter_app.services.printing import print_queue
from sorter_app.services.reporting.outbox_queue import queue_report
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.data_version import data_version
from sorter_app.services.views.label_data import crate_labels
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import outbox_repo, tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave
from tests.ui.supervisor_support import SUPERVISOR, WAVE


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    s = Store.open(sqlite_url)
    store_snapshot(s, small_wave(WAVE), source="api")
    yield s
    s.close()


def test_the_version_moves_with_what_the_screens_show_and_only_then(
    store: Store, tmp_path: Path
) -> None:
    seen = [data_version(store)]

    def moved() -> bool:
        seen.append(data_version(store))
        return seen[-1] != seen[-2]

    assert not moved()  # nothing happened
    ScanStation(store, wave_id=WAVE, station_id="ST-01").scan(f"{EAN_S1}*5", mode="receive")
    assert moved()
    assert not moved()
    close_crate_as(store, SUPERVISOR, f"HS-{WAVE}-C0003-01")
    assert moved()
    profile = PrinterProfile(name="label1", transport="folder", address=str(tmp_path))
    [job, *_] = print_queue.queue_labels(store, profile, crate_labels(store, WAVE))
    assert moved()
    print_queue.cancel(store, job)  # a status change, no new row
    assert moved()
    with store.write() as s:
        wave_pk = s.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == WAVE))
        assert wave_pk is not None
        draft = ReportDraft("shortage", ({"sku_id": "S00001", "qty": 1},), "到货少")
        queue_report(s, wave_pk, draft, "ST-01", datetime.now(UTC))
        entry = s.scalar(select(func.max(tables.OutboxEntry.id)))
    assert moved()
    with store.write() as s:
        outbox_repo.park(s, entry, "refused")  # a status change: parked
    assert moved()
    assert not moved()
