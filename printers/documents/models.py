"""What the A4 documents show: plain data, filled by sorter_app.services.views.document_data.

The documents never query anything; each model carries every word and number it prints, so a
document can be rendered from a test, a fixture or the store alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from printers.model import Zone

# A shortage's (kind, reason) as the leader reads it. Damage is damage wherever it happened;
# what the leader needs is whether the goods will follow (迟到) or not (缺货, 破损).
SHORT_REASON_ZH = {
    "supplier_short": "缺货",
    "late_delivery": "迟到",
    "damaged_on_arrival": "破损",
    "damaged_in_hub": "破损",
}
SHORT_KIND_ZH = {"shortage": "缺货", "damage": "破损"}
# Due below ordered while receiving is still open: units not (yet) arrived, not final.
PENDING_SHORT_ZH = "待到货"


def short_reason_zh(kind: str, reason: str) -> str:
    """The printed word for a shortage record; unknown reasons fall back to the kind."""
    return SHORT_REASON_ZH.get(reason) or SHORT_KIND_ZH.get(kind) or reason or kind


@dataclass(frozen=True, slots=True)
class ShortNote:
    """Units of one line not delivered, for one reason (already in Chinese)."""

    reason_zh: str
    qty: int


@dataclass(frozen=True, slots=True)
class ManifestCrate:
    crate_id: str
    seq: int
    zone: Zone
    extra: bool = False


@dataclass(frozen=True, slots=True)
class ManifestLine:
    """One SKU of a community's delivery: ordered, due after shortages, in crates so far."""

    sku_id: str
    name: str
    spec: str
    unit: str
    ordered: int
    due: int
    shipped: int
    shorts: tuple[ShortNote, ...] = ()
    crate_seqs: tuple[int, ...] = ()
    remark: str = ""

    @property
    def short(self) -> int:
        return sum(note.qty for note in self.shorts)


@dataclass(frozen=True, slots=True)
class Manifest:
    """团长签收单/装箱单: one community's delivery, signed by the leader on arrival."""

    wave_id: str
    delivery_date: date
    community_id: str
    community_name: str
    leader_name: str
    leader_phone_masked: str
    pickup_address: str
    route_id: str
    route_name: str
    stop_seq: int
    crates: tuple[ManifestCrate, ...]
    lines: tuple[ManifestLine, ...]

    @property
    def ordered(self) -> int:
        return sum(line.ordered for line in self.lines)

    @property
    def due(self) -> int:
        return sum(line.due for line in self.lines)

    @property
    def shipped(self) -> int:
        return sum(line.shipped for line in self.lines)

    @property
    def short(self) -> int:
        return sum(line.short for line in self.lines)


@dataclass(frozen=True, slots=True)
class PickupItem:
    """One SKU of one customer: `qty` is what the customer gets, after any shortage."""

    name: str
    spec: str
    unit: str
    qty: int
    short: int = 0
    short_reason_zh: str = ""


@dataclass(frozen=True, slots=True)
class PickupCustomer:
    """One customer's goods at the pickup point; several orders of one customer merge here."""

    nickname: str
    pickup_code: str
    items: tuple[PickupItem, ...]

    @property
    def units(self) -> int:
        return sum(item.qty for item in self.items)


@dataclass(frozen=True, slots=True)
class PickupList:
    """团长分拣单: what the leader hands each customer, sorted by pickup code."""

    wave_id: str
    delivery_date: date
    community_id: str
    community_name: str
    leader_name: str
    leader_phone_masked: str
    pickup_address: str
    route_name: str
    stop_seq: int
    customers: tuple[PickupCustomer, ...]

    @property
    def units(self) -> int:
        return sum(customer.units for customer in self.customers)


@dataclass(frozen=True, slots=True)
class LoadStop:
    stop_seq: int
    community_id: str
    community_name: str
    leader_name: str
    leader_phone_masked: str
    crate_seqs: tuple[int, ...]
    units: int
    collect_back: int = 0  # empty crates to bring back from this stop

    @property
    def crates(self) -> int:
        return len(self.crate_seqs)


@dataclass(frozen=True, slots=True)
class LoadSheet:
    """装车单: one route's stops in delivery order; the driver ticks and signs."""

    wave_id: str
    delivery_date: date
    route_id: str
    route_name: str
    stops: tuple[LoadStop, ...]
    driver_name: str = ""
    plate: str = ""

    @property
    def crates(self) -> int:
        return sum(stop.crates for stop in self.stops)

    @property
    def units(self) -> int:
        return sum(stop.units for stop in self.stops)

    @property
    def collect_back(self) -> int:
        return sum(stop.collect_back for stop in self.stops)


@dataclass(frozen=True, slots=True)
class SupplierShortageLine:
    sku_id: str
    name: str
    spec: str
    unit: str
    ordered: int
    received: int
    damaged: int
    short: int
    reasons: tuple[ShortNote, ...] = ()


@dataclass(frozen=True, slots=True)
class SupplierShortage:
    """A supplier's SKUs that arrived short or damaged, for the buyer's claim against them."""

    wave_id: str
    delivery_date: date
    supplier_id: str
    supplier_name: str
    lines: tuple[SupplierShortageLine, ...] = field(default_factory=tuple)

    @property
    def ordered(self) -> int:
        return sum(line.ordered for line in self.lines)

    @property
    def received(self) -> int:
        return sum(line.received for line in self.lines)

    @property
    def damaged(self) -> int:
        return sum(line.damaged for line in self.lines)

    @property
    def short(self) -> int:
        return sum(line.short for line in self.lines)


@dataclass(frozen=True, slots=True)
class ReceivingSheetLine:
    """One SKU on the receiving sheet: ordered (expected), counted in, short, over, damaged."""

    sku_id: str
    name: str
    spec: str
    unit: str
    ordered: int
    received: int
    damaged: int

    @property
    def short(self) -> int:
        return max(self.ordered - self.received, 0)

    @property
    def over(self) -> int:
        return max(self.received - self.ordered, 0)


@dataclass(frozen=True, slots=True)
class ReceivingSheet:
    """到货核对单: every SKU a supplier was to deliver for a wave, as counted at receiving, for
    the receiver and the supplier's driver to sign."""

    wave_id: str
    delivery_date: date
    supplier_id: str
    supplier_name: str
    receiving_closed: bool
    lines: tuple[ReceivingSheetLine, ...] = field(default_factory=tuple)

    @property
    def ordered(self) -> int:
        return sum(line.ordered for line in self.lines)

    @property
    def received(self) -> int:
        return sum(line.received for line in self.lines)

    @property
    def damaged(self) -> int:
        return sum(line.damaged for line in self.lines)

    @property
    def short(self) -> int:
        return sum(line.short for line in self.lines)

    @property
    def over(self) -> int:
        return sum(line.over for line in self.lines)
