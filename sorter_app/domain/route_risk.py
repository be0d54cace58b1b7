"""Will a route make its truck? The at-risk rule of the route board (and of the night-over-night
trends, which ask how early the warning came): pure, on plain values.

A route is **at risk** when the units still to sort, at the rate of the last 30 minutes, plus
the loading buffer, end after its departure; **late** once its departure has passed and it has
not left. A route with units left and nothing sorted for it in the last 30 minutes never
finishes at that rate: it is at risk (its projected finish is None), however far its departure
is — at 03:00 a route nobody is sorting for is exactly what a shift lead must see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

RATE_WINDOW = timedelta(minutes=30)  # the rate is the units sorted in this window


class RouteState(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"
    LOADED = "loaded"  # every unit sorted and every crate on the truck, not yet gone
    DISPATCHED = "dispatched"
    NO_DEPARTURE = "no_departure"  # no departure time set: nothing to judge against


@dataclass(frozen=True)
class RouteFacts:
    """What the rule needs of one route at one moment."""

    units_due: int
    units_sorted: int
    crates: int  # crates holding units (what gets loaded)
    crates_loaded: int
    dispatched: bool
    departure: datetime | None  # aware; None when no departure time is set
    sorted_last_30_min: int  # units put for the route in the last RATE_WINDOW

    @property
    def units_left(self) -> int:
        return max(self.units_due - self.units_sorted, 0)

    @property
    def rate_per_hour(self) -> float:
        return self.sorted_last_30_min * (timedelta(hours=1) / RATE_WINDOW)


@dataclass(frozen=True)
class RouteRisk:
    state: RouteState
    # When sorting and loading end at the current rate: now + left ÷ rate + buffer. None when it
    # never ends at that rate (units left, nothing sorted in the window) or the route has left.
    projected_finish: datetime | None


def projected_finish(facts: RouteFacts, buffer: timedelta, now: datetime) -> datetime | None:
    """now + units left ÷ (units of the last 30 minutes ÷ 30 minutes) + the loading buffer."""
    left = facts.units_left
    if left == 0:
        return now + buffer  # sorted: what is left is loading
    if facts.sorted_last_30_min <= 0:
        return None
    return now + RATE_WINDOW * (left / facts.sorted_last_30_min) + buffer


def route_risk(facts: RouteFacts, buffer: timedelta, now: datetime) -> RouteRisk:
    """The route's state, first match wins:

    1. dispatched — it left (nothing else matters);
    2. late — `now` is past its departure (strictly) and it has not left;
    3. loaded — every unit sorted and every crate with units loaded (at least one);
    4. no_departure — no departure time set;
    5. at_risk — the projected finish is after the departure, or never (zero rate, units left);
    6. on_track — it finishes at or before the departure.
    """
    if facts.dispatched:
        return RouteRisk(RouteState.DISPATCHED, None)
    if facts.departure is not None and now > facts.departure:
        return RouteRisk(RouteState.LATE, projected_finish(facts, buffer, now))
    if facts.units_left == 0 and facts.crates > 0 and facts.crates_loaded >= facts.crates:
        return RouteRisk(RouteState.LOADED, now)
    finish = projected_finish(facts, buffer, now)
    if facts.departure is None:
        return RouteRisk(RouteState.NO_DEPARTURE, finish)
    if finish is None or finish > facts.departure:
        return RouteRisk(RouteState.AT_RISK, finish)
    return RouteRisk(RouteState.ON_TRACK, finish)


def parse_departure(text: str) -> time:
    """'HH:MM' (24-hour, two digits each) → time; ValueError otherwise."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or len(hours) != 2 or len(minutes) != 2 or not (hours + minutes).isdigit():
        raise ValueError(f"departure time must be HH:MM, got {text!r}")
    return time(int(hours), int(minutes))


def departure_at(delivery_date: date, departure: str, zone: ZoneInfo) -> datetime:
    """A departure 'HH:MM' as a moment: that hour on the wave's delivery date, in the hub's zone.

    A night crosses midnight: a wave delivered on the 27th is cut off on the evening of the 26th,
    and its 05:10 truck leaves on the morning of the 27th — the delivery date is what a hub means.
    """
    return datetime.combine(delivery_date, parse_departure(departure), tzinfo=zone)
