"""The route board's at-risk rule (sorter_app/domain/route_risk.py), row by row and at its
boundary, and as properties over any route."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sorter_app.domain.route_risk import (
    RouteFacts,
    RouteState,
    departure_at,
    parse_departure,
    projected_finish,
    route_risk,
)

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=SH)
BUFFER = timedelta(minutes=20)
# 600 units left, 300 sorted in the last 30 minutes: 60 minutes of sorting + 20 of loading.
ROUTE = RouteFacts(
    units_due=1000,
    units_sorted=400,
    crates=30,
    crates_loaded=0,
    dispatched=False,
    departure=NOW + timedelta(minutes=90),
    sorted_last_30_min=300,
)


def state(facts: RouteFacts, now: datetime = NOW) -> RouteState:
    return route_risk(facts, BUFFER, now).state


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, RouteState.ON_TRACK),  # finishes 04:20, leaves 04:30
        ({"departure": NOW + timedelta(minutes=70)}, RouteState.AT_RISK),  # leaves 04:10
        ({"sorted_last_30_min": 100}, RouteState.AT_RISK),  # 180 min of sorting left
        ({"sorted_last_30_min": 0}, RouteState.AT_RISK),  # nobody sorting: never finishes
        ({"departure": NOW - timedelta(minutes=1)}, RouteState.LATE),
        ({"departure": NOW - timedelta(minutes=1), "dispatched": True}, RouteState.DISPATCHED),
        ({"dispatched": True, "units_sorted": 10}, RouteState.DISPATCHED),  # forced out
        ({"units_sorted": 1000, "crates_loaded": 30}, RouteState.LOADED),
        ({"units_sorted": 1000, "crates_loaded": 29}, RouteState.ON_TRACK),  # still loading
        ({"departure": None}, RouteState.NO_DEPARTURE),
        ({"departure": None, "sorted_last_30_min": 0}, RouteState.NO_DEPARTURE),
    ],
)
def test_states(change: dict[str, object], expected: RouteState) -> None:
    assert state(replace(ROUTE, **change)) == expected  # type: ignore[arg-type]


def test_the_boundary_a_finish_at_departure_is_on_track_a_minute_later_is_at_risk() -> None:
    at_departure = replace(ROUTE, departure=NOW + timedelta(minutes=80))
    assert route_risk(at_departure, BUFFER, NOW).projected_finish == at_departure.departure
    assert state(at_departure) == RouteState.ON_TRACK
    assert state(at_departure, NOW + timedelta(seconds=1)) == RouteState.AT_RISK


def test_late_only_once_the_departure_has_passed() -> None:
    sorted_not_loaded = replace(ROUTE, units_sorted=1000, departure=NOW)
    assert state(sorted_not_loaded) == RouteState.AT_RISK  # loading takes the buffer
    assert state(sorted_not_loaded, NOW + timedelta(microseconds=1)) == RouteState.LATE
    loaded = replace(sorted_not_loaded, crates_loaded=30)
    assert state(loaded) == RouteState.LOADED
    assert state(loaded, NOW + timedelta(minutes=1)) == RouteState.LATE  # the truck did not go


def test_projected_finish() -> None:
    assert projected_finish(ROUTE, BUFFER, NOW) == NOW + timedelta(minutes=80)
    assert projected_finish(replace(ROUTE, sorted_last_30_min=0), BUFFER, NOW) is None
    assert projected_finish(replace(ROUTE, units_sorted=1000), BUFFER, NOW) == NOW + BUFFER
    assert ROUTE.rate_per_hour == 600


def test_a_route_with_no_crates_yet_is_not_loaded() -> None:
    empty = RouteFacts(0, 0, 0, 0, False, NOW + timedelta(hours=2), 0)
    assert state(empty) == RouteState.ON_TRACK


def test_departure_is_on_the_delivery_date_in_the_hubs_zone() -> None:
    leaves = departure_at(date(2026, 11, 27), "05:10", SH)
    assert leaves == datetime(2026, 11, 26, 21, 10, tzinfo=UTC)
    assert parse_departure("00:00").hour == 0
    for bad in ("5:10", "25:00", "05:60", "0510", "", "ab:cd", "05:1"):
        with pytest.raises(ValueError):
            parse_departure(bad)


minutes = st.integers(min_value=-600, max_value=600)


@given(
    due=st.integers(0, 5000),
    done=st.integers(0, 5000),
    rate=st.integers(0, 2000),
    to_departure=minutes,
    buffer_min=st.integers(0, 120),
)
def test_properties(due: int, done: int, rate: int, to_departure: int, buffer_min: int) -> None:
    facts = RouteFacts(
        due, min(done, due), 10, 0, False, NOW + timedelta(minutes=to_departure), rate
    )
    buffer = timedelta(minutes=buffer_min)
    risk = route_risk(facts, buffer, NOW)
    if to_departure < 0:
        assert risk.state == RouteState.LATE
        return
    assert risk.state in (RouteState.ON_TRACK, RouteState.AT_RISK)
    # On track exactly when the projected finish is known and not after the departure.
    on_time = risk.projected_finish is not None and risk.projected_finish <= facts.departure
    assert (risk.state == RouteState.ON_TRACK) == on_time
    # More sorted in the window never makes a route worse.
    faster = route_risk(replace(facts, sorted_last_30_min=rate + 1), buffer, NOW)
    if risk.state == RouteState.ON_TRACK:
        assert faster.state == RouteState.ON_TRACK
