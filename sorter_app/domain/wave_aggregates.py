"""What a finished wave keeps for good once its detail (orders, lines, scans, puts) is deleted:
plain values the night-over-night trends are computed from. Field names are the store's columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# Claims that are missorts which escaped the hub (the dashboard's count, views/numbers.py): a
# wrong or extra item at one leader, and the item missing at another.
MISSORT_CLAIM_KINDS = ("wrong_item", "extra", "missing")


def _hours(first: datetime | None, last: datetime | None) -> float:
    if first is None or last is None or last <= first:
        return 0.0
    return (last - first).total_seconds() / 3600


@dataclass(frozen=True)
class WaveTotals:
    wave_id: str
    hub_id: str
    delivery_date: date
    source: str
    cutoff_at: datetime | None
    imported_at: datetime | None
    first_receipt_at: datetime | None
    sorting_at: datetime | None
    sorted_at: datetime | None
    dispatched_at: datetime | None  # every route gone
    orders: int
    lines: int  # lines to sort
    skus: int
    communities: int
    units_ordered: int
    units_due: int
    units_put: int
    units_received: int
    units_shorted: int  # final shortages
    units_damaged: int  # final damage
    crates: int  # crates holding units
    puts: int
    workers: int
    first_put_at: datetime | None
    last_put_at: datetime | None
    wrong_crate: int  # missorts caught at the crate (wrong-crate scans blocked)
    claims: int
    claimed_missorts: int  # units that escaped: claims of MISSORT_CLAIM_KINDS

    @property
    def sorting_hours(self) -> float:
        """First put to last put."""
        return _hours(self.first_put_at, self.last_put_at)

    @property
    def puts_per_hour(self) -> float:
        hours = self.sorting_hours
        return self.puts / hours if hours else 0.0


@dataclass(frozen=True)
class CommunityZone:
    """One community's lines, units and crates in one temperature zone."""

    community_id: str
    community_name: str
    route_id: str
    temperature: str
    lines: int
    units_ordered: int
    units_due: int
    units_put: int
    crates: int


@dataclass(frozen=True)
class SkuNight:
    sku_id: str
    name: str
    category: str
    supplier_id: str
    supplier_name: str
    temperature: str
    lines: int
    units_ordered: int
    units_due: int
    units_put: int
    units_received: int
    units_shorted: int
    units_damaged: int
    wrong_crate: int
    claims: int
    claimed_missorts: int


@dataclass(frozen=True)
class WorkerNight:
    worker: str
    puts: int
    units: int
    wrong_crate: int
    first_put_at: datetime | None
    last_put_at: datetime | None

    @property
    def hours(self) -> float:
        return _hours(self.first_put_at, self.last_put_at)


@dataclass(frozen=True)
class RouteNight:
    route_id: str
    route_name: str
    stops: int
    units_due: int
    units_put: int
    crates: int
    departure_setting: str | None  # "HH:MM" as set that night; None: no departure set
    departure_at: datetime | None
    dispatched_at: datetime | None
    forced: bool
    first_at_risk_at: datetime | None  # the route board's first at-risk warning

    @property
    def late_minutes(self) -> float | None:
        """Minutes the route left after its departure (0 when on time); None when it has no
        departure or did not leave."""
        if self.departure_at is None or self.dispatched_at is None:
            return None
        return max((self.dispatched_at - self.departure_at).total_seconds() / 60, 0.0)

    @property
    def warning_lead_minutes(self) -> float | None:
        """How long before the departure the at-risk warning first came (negative: after it);
        None without a warning or a departure."""
        if self.first_at_risk_at is None or self.departure_at is None:
            return None
        return (self.departure_at - self.first_at_risk_at).total_seconds() / 60


@dataclass(frozen=True)
class WaveAggregates:
    totals: WaveTotals
    communities: tuple[CommunityZone, ...]
    skus: tuple[SkuNight, ...]
    workers: tuple[WorkerNight, ...]
    routes: tuple[RouteNight, ...]
    computed_at: datetime
    frozen_at: datetime | None = None  # final: the detail purge began, never computed again
    detail_purged_at: datetime | None = None  # every row of the detail deleted
