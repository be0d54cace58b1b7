"""Crates, workers and trucks follow from the forecast by the formulas in needs.py (and
docs/forecast.md): hand-computed small cases, and the promise that every route is done in time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sorter_app.domain.forecast.needs import (
    HubRates,
    RouteInput,
    crates_needed,
    hub_workers,
    needs,
    route_needs,
)

NIGHT = datetime(2026, 11, 27, 1, 0)
# 0.021 × 1000 is 21.000000000000004 in floats: still 21 crates.
CRATES_PER_LINE = {"ambient": 0.05, "chilled": 0.021, "frozen": 0.004}
RATES = HubRates(
    crates_per_line=CRATES_PER_LINE,
    units_per_line=3.0,
    puts_per_hour=500.0,
    crates_per_truck=20,
    sorting_start=NIGHT,
    loading_buffer=timedelta(minutes=30),
)
ROUTES = [
    RouteInput("R01", "西湖 1 线", 0.4, NIGHT + timedelta(hours=4, minutes=30)),
    RouteInput("R02", "西湖 2 线", 0.6, NIGHT + timedelta(hours=3)),
]


def test_crates_per_zone_against_crates_on_hand() -> None:
    result = crates_needed(1000, CRATES_PER_LINE, {"ambient": 40, "chilled": 30})
    assert [(c.zone, c.needed, c.on_hand, c.shortfall) for c in result] == [
        ("ambient", 50, 40, 10),  # ⌈1000 × 0.05⌉
        ("chilled", 21, 30, 0),
        ("frozen", 4, 0, 4),  # ⌈1000 × 0.004⌉, none on hand
    ]


def test_each_route_by_hand() -> None:
    early, late = route_needs(1000, ROUTES, RATES)
    # R02 leaves first: 600 lines, 1,800 units, 3 h − 0.5 h = 2.5 h; ⌈1800 ÷ (500 × 2.5)⌉ = 2.
    assert (early.route_id, early.lines, early.units, early.hours) == ("R02", 600, 1800, 2.5)
    assert early.workers == 2
    # crates ⌈30⌉ + ⌈12.6⌉ + ⌈2.4⌉ = 46; trucks ⌈46 ÷ 20⌉ = 3.
    assert (early.crates, early.trucks) == (46, 3)
    # R01: 400 lines, 1,200 units, 4 h; ⌈1200 ÷ 2000⌉ = 1; crates 20 + 9 + 2 = 31, trucks 2.
    assert (late.lines, late.units, late.hours, late.workers) == (400, 1200, 4.0, 1)
    assert (late.crates, late.trucks) == (31, 2)


def test_one_crew_in_departure_order_needs_fewer_than_a_crew_per_route() -> None:
    per_route = route_needs(1000, ROUTES, RATES)
    # R02 by 2.5 h: ⌈1800 ÷ 1250⌉ = 2; R02 + R01 by 4 h: ⌈3000 ÷ 2000⌉ = 2.
    assert hub_workers(per_route, RATES) == 2
    assert sum(r.workers or 0 for r in per_route) == 3


def test_a_route_leaving_before_sorting_can_end_has_no_crew_size() -> None:
    gone = RouteInput("R09", "早班", 0.1, NIGHT + timedelta(minutes=20))
    result = needs(1000, [*ROUTES, gone], RATES, {})
    assert next(r for r in result.routes if r.route_id == "R09").workers is None
    assert result.workers is None


def test_more_lines_never_need_fewer_crates_workers_or_trucks() -> None:
    small = needs(1000, ROUTES, RATES, {})
    big = needs(2500, ROUTES, RATES, {})
    assert big.workers is not None and small.workers is not None
    assert big.workers > small.workers
    assert all(b.needed > s.needed for b, s in zip(big.crates, small.crates, strict=True))
    assert all(b.trucks >= s.trucks for b, s in zip(big.routes, small.routes, strict=True))


def test_rates_must_be_positive() -> None:
    with pytest.raises(ValueError):
        HubRates({}, 1.0, 0.0, 20, NIGHT, timedelta())


@settings(max_examples=100, deadline=None)
@given(
    lines=st.floats(1, 200_000),
    shares=st.lists(st.floats(0.01, 1), min_size=1, max_size=8),
    departures=st.lists(st.integers(60, 480), min_size=8, max_size=8),
)
def test_the_crew_finishes_every_route_by_its_departure(
    lines: float, shares: list[float], departures: list[int]
) -> None:
    total = sum(shares)
    routes = [
        RouteInput(f"R{i}", f"{i}", share / total, NIGHT + timedelta(minutes=departures[i]))
        for i, share in enumerate(shares)
    ]
    per_route = route_needs(lines, routes, RATES)
    crew = hub_workers(per_route, RATES)
    assert crew is not None
    assert crew <= sum(r.workers or 0 for r in per_route)
    # Sorting in departure order, the crew's puts by each departure cover every route due by then.
    done = 0.0
    for route in per_route:
        done += route.units
        assert crew * RATES.puts_per_hour * route.hours >= done - 1e-6
        assert route.trucks * RATES.crates_per_truck >= route.crates
