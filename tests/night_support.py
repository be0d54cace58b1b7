"""A staged night for the end-of-night summary's tests (service, PDF, CLI and screen)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from sorter_app.domain.decisions import Result
from sorter_app.domain.wave import WaveSnapshot
from sorter_app.services.loading.crate_ledger import return_crate
from sorter_app.services.loading.dispatch import dispatch_route
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import crate_labels_repo, tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, community, order, small_wave, summary
from tests.store_reads import crate_code

WAVE = "W20261127-HZ01"


def staged_night(store: Store) -> None:
    """R01: C0001 (S00001 ×2, S00002 ×1), C0002 (S00001 ×3); R02: C0003 (S00001 ×2, the
    latest order). S00001: 7 arrive, 1 of them damaged, so C0003 is 1 short; S00002 never
    arrives. All 6 units due are put, one wrong crate scanned on the way. C0001's and C0002's
    crates are labelled; R01 is loaded and leaves with its driver and plate, and one of its
    crates comes back; R02 stays."""
    base = small_wave(WAVE)
    orders = [
        order(1, "C0001", [("S00001", 2), ("S00002", 1)]),
        order(2, "C0002", [("S00001", 3)]),
        order(3, "C0003", [("S00001", 2)]),
    ]
    communities = [community(1), community(2), community(3, route="R02", stop=1)]
    store_snapshot(
        store, WaveSnapshot(summary(WAVE, orders), communities, base.skus, orders), source="api"
    )
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    assert station.scan(f"{EAN_S1}*7", mode="receive").result is Result.RECEIVED
    station.scan("CMD-DAMAGED", mode="receive")
    assert station.scan(EAN_S1, mode="receive").result is Result.DAMAGED
    close_receiving(store, WAVE)
    wrong_done = False
    while (target := station.scan(EAN_S1, mode="seed", worker="W01")).result is Result.PUT_TARGET:
        if not wrong_done:
            other = "C0002" if target.community_id != "C0002" else "C0001"
            wrong = station.scan(crate_code(store, other), mode="seed", worker="W01")
            assert wrong.result is Result.WRONG_CRATE
            wrong_done = True
        assert station.scan(target.crate_code or "", mode="seed").result is Result.PUT_DONE
    with store.write() as s:
        for crate_id in s.scalars(
            select(tables.Crate.crate_id)
            .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
            .where(tables.Community.community_id.in_(["C0001", "C0002"]))
        ):
            crate_labels_repo.mark_printed(s, crate_id, 1, datetime.now(UTC))
    loader = ScanStation(store, wave_id=WAVE, station_id="ST-09")
    for cid in ("C0001", "C0002"):
        assert loader.scan(crate_code(store, cid), mode="load", route="R01").result is Result.LOADED
    dispatch_route(store, WAVE, "R01", driver="  王师傅 ", plate=" 浙A12345")
    return_crate(store, crate_code(store, "C0002"))
