"""Receiving closed at the cut time by the app's timer (services/receiving/receiving_cut.py):
every PC runs the timer, the wave closes once, and what closing reports is queued once (on
SQLite and on PostgreSQL, where the wave's row lock makes the second PC wait)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from sorter_app.services.receiving.receiving_cut import close_at_cut
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.settings import Settings
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import small_wave

WAVE = "W20261127-HZ01"
# The small wave's cutoff is 2026-11-26 20:00 at UTC+8: a 23:30 cut is 15:30 UTC that day.
CUT = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)
CUT_SETTINGS = replace(Settings(), receiving_cut_time="23:30")


def closures(store: Store) -> list[tuple[str, int | None]]:
    rc = tables.ReceivingClosure
    with store.read() as s:
        return [(cause, sku) for cause, sku in s.execute(select(rc.cause, rc.sku_pk)).all()]


def outbox_size(store: Store) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(tables.OutboxEntry)) or 0)


def test_two_pcs_at_the_cut_close_the_wave_once(store: Store) -> None:
    store_snapshot(store, small_wave(WAVE), source="api")
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan("6900000000007", mode="receive")  # not in the wave: reported when receiving closes
    closed: list[list[str]] = []
    start = threading.Barrier(2)

    def pc() -> None:
        start.wait()
        closed.append(close_at_cut(store, CUT_SETTINGS, clock=lambda: CUT + timedelta(minutes=1)))

    pcs = [threading.Thread(target=pc) for _ in range(2)]
    for thread in pcs:
        thread.start()
    for thread in pcs:
        thread.join(30)
    assert sorted(closed) == [[], [WAVE]]
    assert closures(store) == [("cut_time", None)]
    queued = outbox_size(store)
    # Closed already: neither the cut again nor a supervisor reports anything a second time.
    assert close_at_cut(store, CUT_SETTINGS, clock=lambda: CUT + timedelta(hours=1)) == []
    assert close_receiving(store, WAVE, closed_by="SUP01").already_closed
    assert outbox_size(store) == queued


def test_before_the_cut_or_without_a_cut_time_nothing_closes(store: Store) -> None:
    store_snapshot(store, small_wave(WAVE), source="api")
    assert close_at_cut(store, CUT_SETTINGS, clock=lambda: CUT - timedelta(seconds=1)) == []
    assert close_at_cut(store, Settings(), clock=lambda: CUT + timedelta(hours=1)) == []
    # Long after the cut the timer leaves a forgotten wave to a supervisor.
    assert close_at_cut(store, CUT_SETTINGS, clock=lambda: CUT + timedelta(days=3)) == []
    assert closures(store) == []
