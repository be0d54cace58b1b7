"""Progress numbers against values computed by hand on the small fixed wave."""

from __future__ import annotations

from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.progress import (
    community_progress,
    sku_progress,
    wave_progress,
    worker_stats,
)
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave
from tests.store_reads import crate_code

WAVE = "W20261127-HZ01"


def test_progress_and_rates_match_a_hand_count(store: Store) -> None:
    store_snapshot(store, small_wave(WAVE), source="api")
    a = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    a.scan(f"{EAN_S1}*5", mode="receive")  # 6 ordered: 1 short (C0002)
    a.scan(EAN_S1, mode="seed", worker="W01")
    a.scan(crate_code(store, "C0002"), mode="seed", worker="W01")  # wrong crate
    a.scan(crate_code(store, "C0001"), mode="seed", worker="W01")  # 3 into C0001
    b = ScanStation(store, wave_id=WAVE, station_id="ST-02")
    b.scan(EAN_S1, mode="seed", worker="W02")
    b.scan(crate_code(store, "C0002"), mode="seed", worker="W02")  # 2 into C0002

    p = wave_progress(store, WAVE)
    # Ordered: S00001 6 + S00002 5 = 11; due: 5 + 5 (S00002 not received: dues stay ordered).
    assert (p.ordered, p.due, p.put, p.shorted) == (11, 10, 5, 1)
    assert (p.communities, p.communities_done, p.skus, p.skus_done) == (
        3,
        1,
        2,
        1,
    )  # C0002 done; S00001 done
    assert p.puts == 2 and p.wrong_crate == 1
    assert round(p.wrong_crate_per_10k) == 2000  # 1 near-missort per 5 units put
    assert round(p.percent) == 50

    assert [(r.key, r.due, r.put) for r in community_progress(store, WAVE)] == [
        ("C0001", 4, 3),
        ("C0002", 2, 2),
        ("C0003", 4, 0),
    ]
    assert [(r.key, r.ordered, r.due, r.put) for r in sku_progress(store, WAVE)] == [
        ("S00001", 6, 5, 5),
        ("S00002", 5, 5, 0),
    ]  # S00003 was cancelled below threshold: nothing to sort
    workers = {w.worker: (w.puts, w.units, w.wrong_crate) for w in worker_stats(store, WAVE)}
    assert workers == {"W01": (1, 3, 1), "W02": (1, 2, 0)}
