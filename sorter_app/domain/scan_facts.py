"""What the scan rules look at: plain facts about SKUs, crates, communities and tasks, and the
read-only port the rules ask them through.

The store implements `ScanFacts` with SQL (store/sorting_repo.py); tests implement it with
dictionaries. The rules never write: what they want written comes back as effects and requests
(domain/scan_outcome.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SkuFacts:
    pk: int
    sku_id: str
    name: str
    unit: str
    temperature: str
    units_per_crate: int
    status: str  # active | cancelled_below_threshold
    weighed: bool


@dataclass(frozen=True, slots=True)
class CrateFacts:
    pk: int
    wave_pk: int
    community_pk: int
    crate_id: str
    scan_code: str
    seq: int
    temperature: str
    status: str  # open | closed
    extra: bool


@dataclass(frozen=True, slots=True)
class CommunityFacts:
    pk: int
    community_id: str
    name: str
    route_id: str
    route_name: str
    stop_seq: int
    leader_name: str


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """What one community is still due of one SKU."""

    pk: int
    remaining: int
    community: CommunityFacts


@dataclass(frozen=True, slots=True)
class PutFacts:
    """A put that is still in its crate (the one an undo takes back)."""

    pk: int
    task_pk: int
    crate_pk: int
    community_pk: int
    sku_pk: int
    qty: int


@dataclass(frozen=True, slots=True)
class ReceiptFacts:
    """A count received at a station and not undone (the one an undo at receiving takes back).

    `age_s` is how long ago it was recorded, measured by the service's clock: the rules have
    none of their own."""

    pk: int
    sku_pk: int
    qty: int
    scan_id: str
    age_s: float


@dataclass(frozen=True, slots=True)
class CrateLine:
    """One SKU in a crate now."""

    sku_id: str
    name: str
    units_per_crate: int
    qty: int


@dataclass(frozen=True, slots=True)
class SkuTotals:
    """Units of a SKU across communities: ordered, due (after shortages) and put."""

    ordered: int
    due: int
    put: int


class ScanFacts(Protocol):
    """The facts a scan's rules may ask for, within the scan's own transaction."""

    @property
    def wave_pk(self) -> int: ...

    # SKUs
    def sku_by_barcode(self, code: str) -> SkuFacts | None: ...
    def sku_by_plu(self, plu: str) -> SkuFacts | None: ...
    def sku(self, sku_pk: int) -> SkuFacts: ...

    # Receiving
    def receiving_closed(self, sku_pk: int) -> bool: ...
    def has_receipts(self, sku_pk: int) -> bool: ...
    def received_and_damaged(self, sku_pk: int) -> tuple[int, int]: ...
    def sku_totals(self, sku_pk: int) -> SkuTotals: ...
    def last_receipt(self, station_id: str) -> ReceiptFacts | None: ...

    # Seeding
    def next_task(self, sku_pk: int) -> TaskFacts | None: ...
    def task_remaining(self, task_pk: int) -> int: ...
    def last_put(self, station_id: str) -> PutFacts | None: ...
    def community(self, community_pk: int) -> CommunityFacts: ...

    # Crates
    def crate(self, crate_pk: int) -> CrateFacts: ...
    def crate_by_scan_code(self, code: str) -> CrateFacts | None: ...
    def crate_by_crate_id(self, crate_id: str) -> CrateFacts | None: ...
    def is_void_code(self, code: str) -> bool: ...
    def crate_count(self, community_pk: int) -> int: ...
    def crate_contents(self, crate_pk: int) -> list[CrateLine]: ...
    def crates_for_put(
        self, community_pk: int, temperature: str, sku_pk: int
    ) -> list[tuple[CrateFacts, int]]:
        """The community's crates of a zone, each with what the plan still expects of the SKU."""
        ...

    # Loading
    def route_dispatched(self, route_id: str) -> bool: ...
    def crates_to_load(self, route_id: str) -> int: ...
