"""What a forecast line count means on the floor: crates per temperature zone against crates on
hand, workers to finish each route by its departure, and trucks per route.

The formulas (lines may be the forecast's point or, to stage for a busy night, its band's top):

- crates needed in zone z = ⌈lines × crates_per_line[z]⌉, crates_per_line from past waves
  (crates used in z ÷ lines); shortfall = max(0, needed − on hand).
- a route's lines = lines × its share of a wave's lines in history; units = route lines ×
  units_per_line (history's units ÷ lines).
- hours for a route = (departure − loading buffer − start of sorting) in hours, the start being
  when the goods are expected in.
- workers for a route (a crew of its own) = ⌈units ÷ (puts_per_hour × hours)⌉, puts_per_hour being
  the hub's measured puts per worker-hour; no hours left: None (it cannot be done in time).
- workers for the hub (one crew sorting routes in order of departure) = the largest, over routes
  k, of ⌈units of every route leaving no later than k ÷ (puts_per_hour × hours of k)⌉: enough that
  each route is done by its departure. Never more than the sum of the routes' own crews.
- a route's crates = Σ over zones ⌈route lines × crates_per_line[z]⌉ (zones never share a crate);
  trucks = ⌈crates ÷ crates_per_truck⌉, crates_per_truck a setting.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class RouteInput:
    """A route tonight: its share of a wave's lines (from history) and its departure time."""

    route_id: str
    name: str
    line_share: float
    departure: datetime


@dataclass(frozen=True, slots=True)
class HubRates:
    """The hub's measured rates and settings the numbers are computed from."""

    crates_per_line: Mapping[str, float]  # temperature zone → crates per line, from history
    units_per_line: float  # from history
    puts_per_hour: float  # per worker, measured
    crates_per_truck: int  # a setting
    sorting_start: datetime  # when the goods are expected in and sorting can start
    loading_buffer: timedelta  # time before departure the route's crates must be sorted

    def __post_init__(self) -> None:
        if self.puts_per_hour <= 0 or self.crates_per_truck <= 0:
            raise ValueError("puts_per_hour and crates_per_truck must be > 0")


@dataclass(frozen=True, slots=True)
class CrateNeed:
    zone: str
    needed: int
    on_hand: int

    @property
    def shortfall(self) -> int:
        return max(0, self.needed - self.on_hand)


@dataclass(frozen=True, slots=True)
class RouteNeed:
    route_id: str
    name: str
    lines: float
    units: float
    hours: float
    workers: int | None  # None: no time left before the departure
    crates: int
    trucks: int


@dataclass(frozen=True, slots=True)
class Needs:
    lines: float
    crates: tuple[CrateNeed, ...]
    routes: tuple[RouteNeed, ...]
    workers: int | None  # the hub's one crew; None when some route has no time left


def crates_needed(
    lines: float, crates_per_line: Mapping[str, float], on_hand: Mapping[str, int]
) -> tuple[CrateNeed, ...]:
    """Crates per temperature zone for `lines`, against the crates on hand (zone order kept)."""
    return tuple(
        CrateNeed(zone, _ceil(lines * rate), on_hand.get(zone, 0))
        for zone, rate in crates_per_line.items()
    )


def route_needs(
    lines: float, routes: Sequence[RouteInput], rates: HubRates
) -> tuple[RouteNeed, ...]:
    """Each route's lines, units, hours, own crew, crates and trucks, in departure order."""
    needs = []
    for route in sorted(routes, key=lambda r: (r.departure, r.route_id)):
        route_lines = lines * route.line_share
        units = route_lines * rates.units_per_line
        hours = _hours_for(route, rates)
        crates = sum(_ceil(route_lines * rate) for rate in rates.crates_per_line.values())
        needs.append(
            RouteNeed(
                route.route_id,
                route.name,
                route_lines,
                units,
                hours,
                _ceil(units / (rates.puts_per_hour * hours)) if hours > 0 else None,
                crates,
                _ceil(crates / rates.crates_per_truck),
            )
        )
    return tuple(needs)


def hub_workers(routes: Sequence[RouteNeed], rates: HubRates) -> int | None:
    """One crew sorting the routes in order of departure: enough workers that every route is done
    by its own departure (None when a route has no time left)."""
    worst = 0
    units_so_far = 0.0
    for route in sorted(routes, key=lambda r: r.hours):
        if route.hours <= 0:
            return None
        units_so_far += route.units
        worst = max(worst, _ceil(units_so_far / (rates.puts_per_hour * route.hours)))
    return worst


def needs(
    lines: float, routes: Sequence[RouteInput], rates: HubRates, on_hand: Mapping[str, int]
) -> Needs:
    """Crates, workers and trucks for a night of `lines` lines."""
    per_route = route_needs(lines, routes, rates)
    return Needs(
        lines,
        crates_needed(lines, rates.crates_per_line, on_hand),
        per_route,
        hub_workers(per_route, rates),
    )


def _hours_for(route: RouteInput, rates: HubRates) -> float:
    available = route.departure - rates.loading_buffer - rates.sorting_start
    return available / timedelta(hours=1)


def _ceil(value: float) -> int:
    # 12.000000001 crates from float noise is 12, not 13.
    return math.ceil(round(value, 6))
