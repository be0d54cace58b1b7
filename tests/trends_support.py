"""A small fixed history for the trends' tests: three nights staged through the real services
(import, receiving with shortage and damage, seeding with a wrong-crate scan, loading, dispatch
against the departures of the settings, the route board's at-risk warning, a leader's claim).

Every night: C0001 (R01, stop 1) orders S00001 ×2 and S00002 ×1, C0002 (R01, stop 2) S00001 ×3,
C0003 (the second route, stop 1) S00001 ×2 and S00002 ×2 — 10 units on 5 lines. S00001 is a
vegetable (蔬菜) of supplier SUP07, ambient; S00002 a fruit (水果) of SUP08, chilled. Cutoff at
20:00 the evening before delivery, imported 20:30, received from 22:00, receiving closed 22:30;
from 23:00 W01 seeds S00001 and then W02 seeds S00002, one minute per scan. Departures: R01
05:10, R02 and R09 05:30, loading buffer 20 minutes.

- Mon 2026-11-23: S00001 6 received (1 short); W01 scans a wrong crate once; R01 leaves 05:00,
  R02 (西湖 2 线) 05:40 after the route board showed it at risk at 05:15; a leader claims one
  wrong item (CL-1).
- Tue 2026-11-24: all received; R01 leaves 05:20 (late, no warning), R02 05:25.
- Mon 2026-11-30: S00001 6 received (1 short), one S00002 damaged; the second route is R09 with
  R02's name (西湖 2 线); R01 leaves 05:05, R09 05:50 after a warning at 05:20.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from sorter_app.domain.claims import Claim, ClaimKind
from sorter_app.domain.decisions import Result
from sorter_app.domain.wave import (
    Route,
    Supplier,
    Temperature,
    WaveSnapshot,
    WaveStatus,
    WaveSummary,
)
from sorter_app.services.loading.dispatch import dispatch_route
from sorter_app.services.loading.route_warnings import note_at_risk
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.reporting.claims import pull_claims
from sorter_app.services.reporting.outbox_sender import OutboxSender
from sorter_app.services.reporting.report_export import FolderExporter
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.route_board import route_board
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.settings import RouteSettings, Settings
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import CST, EAN_S1, community, order, sku

EAN_S2 = "6923456789029"
SETTINGS = replace(
    Settings(),
    routes=RouteSettings(20, (("R01", "05:10"), ("R02", "05:30"), ("R09", "05:30"))),
)


@dataclass(frozen=True)
class Night:
    delivery: date
    s1_received: int
    s2_damaged: int
    wrong_crate: bool
    second_route: str
    dispatch: dict[str, str]  # route → "HH:MM" on the delivery date, in this order
    warn: dict[str, str] = field(default_factory=dict)  # route → the board looked at "HH:MM"
    claim: bool = False

    @property
    def wave_id(self) -> str:
        return f"W{self.delivery:%Y%m%d}-HZ01"


NIGHTS = (
    Night(
        date(2026, 11, 23),
        6,
        0,
        True,
        "R02",
        {"R01": "05:00", "R02": "05:40"},
        {"R02": "05:15"},
        claim=True,
    ),
    Night(date(2026, 11, 24), 7, 0, False, "R02", {"R01": "05:20", "R02": "05:25"}),
    Night(
        date(2026, 11, 30), 6, 1, False, "R09", {"R01": "05:05", "R09": "05:50"}, {"R09": "05:20"}
    ),
)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: date, hhmm: str) -> None:
        self.now = datetime.combine(day, time.fromisoformat(hhmm), tzinfo=CST)

    def tick(self) -> None:
        self.now += timedelta(minutes=1)


def snapshot(night: Night) -> WaveSnapshot:
    second = replace(
        community(3, night.second_route, 1), route=Route(night.second_route, "西湖 2 线")
    )
    communities = [community(1, "R01", 1), community(2, "R01", 2), second]
    skus = [
        sku(1, barcode=EAN_S1, units_per_crate=100),
        replace(
            sku(2, barcode=EAN_S2, units_per_crate=100, temperature=Temperature.CHILLED),
            category="水果",
            supplier=Supplier("SUP08", "塘栖枇杷合作社"),
        ),
    ]
    orders = [
        order(1, "C0001", [("S00001", 2), ("S00002", 1)]),
        order(2, "C0002", [("S00001", 3)]),
        order(3, "C0003", [("S00001", 2), ("S00002", 2)]),
    ]
    cutoff = datetime.combine(night.delivery - timedelta(days=1), time(20, 0), tzinfo=CST)
    summary = WaveSummary(
        wave_id=night.wave_id,
        hub_id="HZ01",
        delivery_date=night.delivery,
        cutoff_at=cutoff,
        status=WaveStatus.CLOSED,
        order_count=len(orders),
        line_count=sum(len(o.lines) for o in orders),
        updated_at=cutoff + timedelta(seconds=3),
    )
    return WaveSnapshot(summary, communities, skus, orders)


class OneClaim:
    def __init__(self, claim: Claim) -> None:
        self.claim = claim

    def claims(self, wave_id: str) -> list[Claim]:
        return [self.claim]


def stage_night(store: Store, night: Night, clock: Clock) -> None:
    evening = night.delivery - timedelta(days=1)
    clock.at(evening, "20:30")
    store_snapshot(store, snapshot(night), source="file", clock=clock)
    station = ScanStation(store, wave_id=night.wave_id, station_id="ST-01", clock=clock)
    clock.at(evening, "22:00")
    assert station.scan(f"{EAN_S1}*{night.s1_received}", mode="receive").result is Result.RECEIVED
    assert station.scan(f"{EAN_S2}*3", mode="receive").result is Result.RECEIVED
    for _ in range(night.s2_damaged):
        station.scan("CMD-DAMAGED", mode="receive")
        assert station.scan(EAN_S2, mode="receive").result is Result.DAMAGED
    clock.at(evening, "22:30")
    close_receiving(store, night.wave_id, clock=clock)
    clock.at(evening, "23:00")
    wrong = night.wrong_crate
    for ean, worker in ((EAN_S1, "W01"), (EAN_S2, "W02")):
        while True:
            clock.tick()
            target = station.scan(ean, mode="seed", worker=worker)
            if target.result is not Result.PUT_TARGET:
                break
            if wrong:
                other = "C0002" if target.community_id != "C0002" else "C0001"
                assert (
                    station.scan(crate_of(store, night, other), mode="seed", worker=worker).result
                    is Result.WRONG_CRATE
                )
                wrong = False
            clock.tick()
            assert (
                station.scan(target.crate_code or "", mode="seed", worker=worker).result
                is Result.PUT_DONE
            )
    loader = ScanStation(store, wave_id=night.wave_id, station_id="ST-09", clock=clock)
    for route, hhmm in night.dispatch.items():
        if route in night.warn:
            clock.at(night.delivery, night.warn[route])
            note_at_risk(store, route_board(store, night.wave_id, SETTINGS, clock, series=False))
            clock.tick()  # a later look changes nothing: the first warning stays
            note_at_risk(store, route_board(store, night.wave_id, SETTINGS, clock, series=False))
        clock.at(night.delivery, hhmm)
        for code in crates_with_units(store, night, route):
            assert loader.scan(code, mode="load", route=route).result is Result.LOADED
        dispatch_route(store, night.wave_id, route, settings=SETTINGS, clock=clock)
    if night.claim:
        claim = Claim("CL-1", "C0001", "S00001", 1, ClaimKind.WRONG_ITEM, clock())
        assert pull_claims(store, OneClaim(claim), night.wave_id) == 1


def crate_of(store: Store, night: Night, community_id: str) -> str:
    with store.read() as s:
        code = s.scalar(
            select(tables.Crate.scan_code)
            .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
            .join(tables.Wave, tables.Wave.id == tables.Crate.wave_pk)
            .where(
                tables.Wave.wave_id == night.wave_id, tables.Community.community_id == community_id
            )
            .order_by(tables.Crate.seq)
            .limit(1)
        )
    assert code is not None
    return code


def crates_with_units(store: Store, night: Night, route: str) -> list[str]:
    with store.read() as s:
        return list(
            s.scalars(
                select(tables.Crate.scan_code)
                .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
                .join(tables.Wave, tables.Wave.id == tables.Crate.wave_pk)
                .where(
                    tables.Wave.wave_id == night.wave_id,
                    tables.Community.route_id == route,
                    tables.Crate.id.in_(select(tables.Put.crate_pk)),
                )
                .order_by(tables.Crate.id)
            )
        )


def stage_history(store: Store, exports: Path, *, deliver: bool = True) -> None:
    """The three nights, and (with `deliver`) every report delivered: file waves, to `exports`."""
    clock = Clock(datetime(2026, 11, 22, 20, 0, tzinfo=CST))
    for night in NIGHTS:
        stage_night(store, night, clock)
    if deliver:
        OutboxSender(store, None, export_file=FolderExporter(exports)).send_due()
