"""The route board view (services/views/route_board.py) on a staged night with a staged clock:
each route's numbers and state, a route turning at risk as time passes without puts, late after
its departure, dispatched once gone; the tiles with their values 30 minutes earlier and levels;
the chart series; one route's stops and who sorts for it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest

from sorter_app.domain.route_risk import RouteState
from sorter_app.services.people.roster import Person
from sorter_app.services.views.route_board import route_board, route_detail
from sorter_app.settings import DashboardSettings
from sorter_app.store.database import Store
from tests.route_board_support import (
    AT_0200,
    R01,
    R2,
    SETTINGS,
    WAVE,
    StagedClock,
    put,
    stage_night,
)

BOSS = Person("SUP01", "张班长", "supervisor")


@pytest.fixture
def clock() -> StagedClock:
    return StagedClock(AT_0200)


@pytest.fixture
def store(sqlite_url: str, clock: StagedClock) -> Iterator[Store]:
    s = Store.open(sqlite_url)
    stage_night(s, clock)
    yield s
    s.close()


def test_each_route_as_the_board_shows_it(store: Store, clock: StagedClock) -> None:
    board = route_board(store, WAVE, SETTINGS, clock)
    assert [r.route_id for r in board.routes] == [R01, R2]
    r01, r2 = board.routes
    f01 = r01.facts
    assert (r01.stops, f01.units_due, f01.units_sorted, f01.crates, f01.crates_loaded) == (
        2,
        40,
        20,
        1,
        0,
    )
    assert f01.departure == AT_0200 + timedelta(hours=1)  # "03:00" on the delivery date
    assert f01.sorted_last_30_min == 20 and f01.rate_per_hour == 40
    assert r01.state == RouteState.ON_TRACK
    assert r01.projected_finish == AT_0200 + timedelta(minutes=50)  # 20 ÷ 20/30 min + 20
    assert r01.workers == ("W01",)
    assert (r2.facts.units_due, r2.facts.units_sorted, r2.state) == (40, 0, RouteState.NO_DEPARTURE)


def test_a_route_turns_at_risk_when_its_projected_finish_passes_departure(
    store: Store, clock: StagedClock
) -> None:
    clock.move(minutes=10)  # finish 03:00: exactly the departure
    assert route_board(store, WAVE, SETTINGS, clock).route(R01).state == RouteState.ON_TRACK
    clock.move(minutes=5)  # finish 03:05
    at_risk = route_board(store, WAVE, SETTINGS, clock).route(R01)
    assert at_risk.state == RouteState.AT_RISK
    assert at_risk.projected_finish == clock.now + timedelta(minutes=50)
    clock.move(minutes=16)  # 02:31: the 02:00 puts left the window, nobody sorts R01
    idle = route_board(store, WAVE, SETTINGS, clock).route(R01)
    assert (idle.state, idle.projected_finish, idle.workers) == (RouteState.AT_RISK, None, ())
    clock.move(minutes=30)  # 03:01
    assert route_board(store, WAVE, SETTINGS, clock).route(R01).state == RouteState.LATE


def test_a_faster_night_keeps_it_on_track_and_a_dispatch_ends_it(
    store: Store, clock: StagedClock
) -> None:
    from sorter_app.services.loading.dispatch import dispatch_route
    from sorter_app.services.sorting.scanning import ScanStation

    clock.move(minutes=15)
    station = ScanStation(store, wave_id=WAVE, station_id="ST-02", clock=clock)
    put(station, store, "C0002", worker="W02")  # R01 sorted: only loading is left
    card = route_board(store, WAVE, SETTINGS, clock).route(R01)
    assert (card.facts.units_sorted, card.state) == (40, RouteState.ON_TRACK)
    assert card.workers == ("W01", "W02")
    dispatch_route(
        store, WAVE, R01, force=True, reason="truck here", supervisor=BOSS, clock=clock
    )  # crates not scanned onto the truck: forced
    clock.move(hours=2)
    card = route_board(store, WAVE, SETTINGS, clock).route(R01)
    assert card.state == RouteState.DISPATCHED and card.dispatched_at == clock.now - timedelta(
        hours=2
    )


def test_tiles_with_their_change_and_level(store: Store, clock: StagedClock) -> None:
    board = route_board(store, WAVE, SETTINGS, clock)
    sorted_tile = board.tile("sorted")
    assert (sorted_tile.value, sorted_tile.total, sorted_tile.before) == (20, 80, 0)
    assert sorted_tile.rate_per_hour == 40 and sorted_tile.change == 20
    wrong = board.tile("wrong_crate")
    assert (wrong.value, wrong.before, wrong.level) == (500.0, 0.0, "bad")  # 1 in 20 units
    assert board.tile("printers").value == 0 and board.tile("printers").level == "ok"
    assert board.tile("shortage").value == 0 and board.tile("shortage").level == "ok"
    undelivered = board.tile("undelivered").value
    assert undelivered > 0 and board.tile("undelivered").level == "warn"

    clock.move(minutes=31)  # the puts are older than 30 minutes: no change left
    later = route_board(store, WAVE, SETTINGS, clock)
    assert later.tile("sorted").change == 0 and later.tile("sorted").rate_per_hour == 0
    assert later.tile("sorted").level == "warn"  # R01 is at risk
    assert later.tile("wrong_crate").before == 500.0
    lenient = replace(SETTINGS, dashboard=DashboardSettings(wrong_crate_bad_per_10k=1000.0))
    assert route_board(store, WAVE, lenient, clock).tile("wrong_crate").level == "warn"


def test_chart_series(store: Store, clock: StagedClock) -> None:
    clock.move(minutes=25)
    board = route_board(store, WAVE, SETTINGS, clock)
    whole, r01, r2 = board.progress
    assert (whole.key, whole.due, r01.key, r01.due, r2.key) == ("", 80, R01, 40, R2)
    assert [units for _, units in r01.points] == [0, 20, 20, 20]  # 02:00, :10, :20, :30
    assert [at for at, _ in r01.points][-1] >= clock.now
    assert [units for _, units in r2.points] == [0, 0, 0, 0]
    assert [units for _, units in whole.points] == [0, 20, 20, 20]
    assert [(w.worker, w.units, w.wrong_crate, w.per_10k) for w in board.workers] == [
        ("W01", 20, 1, 500.0)
    ]


def test_one_route_its_stops_what_they_miss_and_who_sorts(store: Store, clock: StagedClock) -> None:
    detail = route_detail(store, WAVE, R01, clock)
    assert [(s.community_id, s.units_left, s.crates) for s in detail.stops] == [
        ("C0001", 0, 1),
        ("C0002", 20, 0),
    ]
    assert detail.stops[1].missing == (("云南高山娃娃菜1", 20),)
    assert detail.workers == [("W01", "", 20)]
    clock.move(minutes=31)
    assert route_detail(store, WAVE, R01, clock).workers == []


def test_a_printer_in_error_turns_its_tile_red(store: Store, clock: StagedClock) -> None:
    from sorter_app.services.printing.print_queue import enqueue
    from sorter_app.store import print_jobs_repo
    from sorter_app.store.print_jobs_repo import NewJob

    [job] = enqueue(store, "label1", [NewJob("test", "test label", payload=b"^XA^XZ")], clock=clock)
    assert route_board(store, WAVE, SETTINGS, clock).tile("printers").value == 0  # queued: fine
    with store.write() as s:  # sent, and refused for good
        print_jobs_repo.mark_sending(s, job, clock.now)
        print_jobs_repo.mark_failed(s, job, "打印机无响应 / printer not answering")
    tile = route_board(store, WAVE, SETTINGS, clock).tile("printers")
    assert (tile.value, tile.before, tile.level) == (1, 0, "bad")
    clock.move(minutes=31)
    assert route_board(store, WAVE, SETTINGS, clock).tile("printers").before == 1
