"""The trends' rules on plain values: periods, routes matched night to night (by ID, then by
name), a route's lateness and the at-risk warning's lead."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sorter_app.domain.wave_aggregates import RouteNight, WaveAggregates, WaveTotals
from sorter_app.services.views.trends import period_label, period_start, route_keys


def at(hhmm: str) -> datetime:
    hours, minutes = hhmm.split(":")
    return datetime(2026, 11, 27, int(hours), int(minutes), tzinfo=UTC)


def route(
    route_id: str,
    name: str,
    *,
    departure: str | None = "05:30",
    left: str | None = None,
    warned: str | None = None,
) -> RouteNight:
    return RouteNight(
        route_id,
        name,
        1,
        10,
        10,
        1,
        departure,
        at(departure) if departure else None,
        at(left) if left else None,
        False,
        at(warned) if warned else None,
    )


def night(wave_id: str, *routes: RouteNight) -> WaveAggregates:
    totals = WaveTotals(
        wave_id, "HZ01", date(2026, 11, 27), "api", *([None] * 6), *([0] * 13), None, None, 0, 0, 0
    )
    return WaveAggregates(totals, (), (), (), routes, at("06:00"))


def test_weeks_start_on_monday_and_are_labelled_by_iso_week() -> None:
    assert period_start(date(2026, 11, 29), "week") == date(2026, 11, 23)  # a Sunday
    assert period_label(date(2026, 11, 29), "week") == "2026-W48"
    assert period_label(date(2026, 11, 30), "week") == "2026-W49"
    # The ISO year of the first days of January can be the year before.
    assert period_label(date(2027, 1, 1), "week") == "2026-W53"
    assert period_label(date(2026, 11, 29), "day") == "2026-11-29"


def test_routes_are_matched_by_id_then_by_name() -> None:
    keys = route_keys(
        [
            night("W1", route("R01", "东线"), route("R02", "西线")),
            # R01 renamed keeps its history by ID; R07 named like R02 was is R02.
            night("W2", route("R01", "东线（新）"), route("R07", "西线")),
            # A new name on a new ID is a new route; R07 matches through its own ID now.
            night("W3", route("R08", "北线"), route("R07", "西线二")),
        ]
    )
    assert keys == {
        ("W1", "R01"): "R01",
        ("W1", "R02"): "R02",
        ("W2", "R01"): "R01",
        ("W2", "R07"): "R02",
        ("W3", "R08"): "R08",
        ("W3", "R07"): "R02",
    }


def test_the_id_wins_over_a_name_another_route_had() -> None:
    keys = route_keys(
        [
            night("W1", route("R01", "东线"), route("R02", "西线")),
            night("W2", route("R02", "东线")),  # R02 took R01's old name: still R02
        ]
    )
    assert keys[("W2", "R02")] == "R02"


def test_late_by_how_much_and_how_early_the_warning_came() -> None:
    on_time = route("R01", "东线", left="05:30")
    late = route("R01", "东线", left="05:42", warned="04:50")
    assert on_time.late_minutes == 0
    assert late.late_minutes == 12
    assert late.warning_lead_minutes == 40
    assert route("R01", "东线", departure=None, left="05:42").late_minutes is None
    assert route("R01", "东线").late_minutes is None  # never left
