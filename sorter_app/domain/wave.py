"""What a wave is: its communities, SKUs and orders as the platform closed them.

These value objects are what the platform client, the file importer and the simulator agree on.
Times are timezone-aware; the store keeps them in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class WaveStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Temperature(StrEnum):
    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


class SkuStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED_BELOW_THRESHOLD = "cancelled_below_threshold"


class OrderStatus(StrEnum):
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class WaveSummary:
    wave_id: str
    hub_id: str
    delivery_date: date
    cutoff_at: datetime
    status: WaveStatus
    order_count: int
    line_count: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Leader:
    leader_id: str
    name: str
    phone: str


@dataclass(frozen=True, slots=True)
class Route:
    route_id: str
    name: str


@dataclass(frozen=True, slots=True)
class Community:
    """A pickup point run by one group leader, a stop on one delivery route."""

    community_id: str
    name: str
    leader: Leader
    pickup_address: str
    route: Route
    stop_seq: int


@dataclass(frozen=True, slots=True)
class Supplier:
    supplier_id: str
    name: str


@dataclass(frozen=True, slots=True)
class Sku:
    sku_id: str
    name: str
    spec: str
    unit: str
    barcodes: tuple[str, ...]
    category: str
    supplier: Supplier
    temperature: Temperature
    weighed: bool
    units_per_crate: int
    status: SkuStatus = SkuStatus.ACTIVE
    plu: str | None = None
    unit_weight_g: int | None = None
    group_threshold: int | None = None

    @property
    def to_sort(self) -> bool:
        return self.status is SkuStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class OrderLine:
    line_id: str
    sku_id: str
    qty: int


@dataclass(frozen=True, slots=True)
class Customer:
    nickname: str
    pickup_code: str


@dataclass(frozen=True, slots=True)
class Order:
    order_id: str
    community_id: str
    customer: Customer
    placed_at: datetime
    status: OrderStatus
    lines: tuple[OrderLine, ...]

    @property
    def to_deliver(self) -> bool:
        return self.status is OrderStatus.CLOSED


@dataclass(slots=True)
class WaveSnapshot:
    """One whole wave as fetched or read from a file, before it is stored."""

    summary: WaveSummary
    communities: list[Community] = field(default_factory=list)
    skus: list[Sku] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return sum(len(order.lines) for order in self.orders)
