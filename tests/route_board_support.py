"""A staged night for the route board's tests: two routes, scans at staged times.

Route R01 (C0001, C0002: 20 units each) and route 线路二 (C0003: 10 units, C0004: 30 units), one
SKU received in full. At 02:00 hub time W01 puts C0001's 20 units (and first scans a wrong crate);
R01 leaves at 03:00 with a 20-minute loading buffer, so at 02:00 it finishes at 02:50 (on track)
and at 02:15, with no more puts, at 03:05 (at risk)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sorter_app.domain.wave import WaveSnapshot
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.settings import RouteSettings, Settings
from sorter_app.store.database import Store
from tests.factories import EAN_S1, community, order, sku, summary
from tests.store_reads import crate_code

WAVE = "W20261127-HZ01"
SH = ZoneInfo("Asia/Shanghai")
AT_0200 = datetime(2026, 11, 27, 2, 0, tzinfo=SH)
R01, R2 = "R01", "线路二"
SETTINGS = replace(Settings(), routes=RouteSettings(20, ((R01, "03:00"),)))


class StagedClock:
    """'Now' as a test says: services and screens read it through their `clock`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def night() -> WaveSnapshot:
    communities = [community(1, R01, 1), community(2, R01, 2), community(3, R2, 1)]
    communities.append(community(4, R2, 2))
    orders = [
        order(1, "C0001", [("S00001", 20)]),
        order(2, "C0002", [("S00001", 20)]),
        order(3, "C0003", [("S00001", 10)]),
        order(4, "C0004", [("S00001", 30)]),
    ]
    return WaveSnapshot(
        summary(WAVE, orders), communities, [sku(1, barcode=EAN_S1, units_per_crate=100)], orders
    )


def stage_night(store: Store, clock: StagedClock) -> ScanStation:
    """The wave imported, received, and C0001 sorted at `clock`'s 02:00 by W01."""
    store_snapshot(store, night(), source="api")
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01", clock=clock)
    station.scan(f"{EAN_S1}*80", mode="receive", worker="W01")
    put(station, store, "C0001", worker="W01", wrong_first="C0002")
    return station


def put(
    station: ScanStation, store: Store, community_id: str, *, worker: str, wrong_first: str = ""
) -> None:
    """Seed one product scan's units into the community's first crate."""
    target = station.scan(EAN_S1, mode="seed", worker=worker)
    assert target.community_id == community_id, target
    if wrong_first:
        assert station.scan(crate_code(store, wrong_first), mode="seed", worker=worker)
    done = station.scan(crate_code(store, community_id), mode="seed", worker=worker)
    assert done.result.value == "put_done", done
