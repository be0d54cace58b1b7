"""Who goes without when a SKU arrives short: the shortage policies, each community's dues, and
the reason each shorted unit is reported with. The one place of the shortage rules; the service
that reads and writes for them is services/shortages.py.

Allocation is decided at receiving, for one SKU at a time, so that the shortage can be printed on
the leader's receipt and reported to the platform before the truck leaves. Every policy is
deterministic: the same lines and count give the same answer on every station, every time.
Dues never drop below what is already in a community's crates (a unit put is a unit delivered
unless a supervisor pulls it back out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum


class ShortagePolicy(StrEnum):
    # Orders placed last lose units first: the customer who ordered early gets the goods.
    LATEST_FIRST = "latest_first"
    # One unit per order, round by round: many customers lose a little rather than few a lot.
    SPREAD = "spread"
    # The loss is concentrated in as few communities (leaders) as possible: fewer leaders to tell.
    FEWEST_COMMUNITIES = "fewest_communities"


@dataclass(frozen=True, slots=True)
class DemandLine:
    """One order line of the SKU being allocated.

    `route_stop` (route ID, stop number) is carried for policies that weigh delivery order;
    none of the current ones does.
    """

    line_id: str
    order_id: str
    community_id: str
    placed_at: datetime
    qty: int
    route_stop: tuple[str, int] = ("", 0)


def allocate_shortage(
    lines: Sequence[DemandLine],
    available: int,
    policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST,
) -> dict[str, int]:
    """Units shorted per line_id (lines with none are left out) when only `available` units came.

    Raises ValueError for a negative count, a negative qty or a repeated line_id.
    """
    _check_lines(lines)
    if available < 0:
        raise ValueError(f"available must be >= 0, got {available}")
    shortage = sum(line.qty for line in lines) - available
    if shortage <= 0:
        return {}
    if policy is ShortagePolicy.SPREAD:
        return _spread(lines, shortage)
    if policy is ShortagePolicy.FEWEST_COMMUNITIES:
        return _fewest_communities(lines, shortage)
    return _take_in_order(_latest_first(lines), shortage)


def dues_by_community(lines: Iterable[DemandLine], shorted: Mapping[str, int]) -> dict[str, int]:
    """Units each community is still due after the shortage: ordered minus shorted (maybe 0)."""
    lines = list(lines)
    _check_lines(lines)
    qty_by_line = {line.line_id: line.qty for line in lines}
    for line_id, qty in shorted.items():
        if line_id not in qty_by_line:
            raise ValueError(f"shorted line {line_id!r} is not among the demand lines")
        if not 0 <= qty <= qty_by_line[line_id]:
            raise ValueError(f"line {line_id!r} shorted {qty} of {qty_by_line[line_id]}")
    dues: dict[str, int] = defaultdict(int)
    for line in lines:
        dues[line.community_id] += line.qty - shorted.get(line.line_id, 0)
    return dict(dues)


def _check_lines(lines: Sequence[DemandLine]) -> None:
    seen: set[str] = set()
    for line in lines:
        if line.qty < 0:
            raise ValueError(f"line {line.line_id!r} has negative qty {line.qty}")
        if line.line_id in seen:
            raise ValueError(f"line {line.line_id!r} appears twice")
        seen.add(line.line_id)


def _latest_key(line: DemandLine) -> tuple[datetime, str, str]:
    return (line.placed_at, line.order_id, line.line_id)


def _latest_first(lines: Iterable[DemandLine]) -> list[DemandLine]:
    # Ties on placed_at fall to order_id then line_id, descending: arbitrary but stable.
    return sorted(lines, key=_latest_key, reverse=True)


def _take_in_order(ordered: Iterable[DemandLine], shortage: int) -> dict[str, int]:
    """Short whole lines in the given order until `shortage` units are taken."""
    shorted: dict[str, int] = {}
    for line in ordered:
        if shortage == 0:
            break
        take = min(line.qty, shortage)
        if take:
            shorted[line.line_id] = take
            shortage -= take
    return shorted


def _spread(lines: Sequence[DemandLine], shortage: int) -> dict[str, int]:
    """Round-robin over orders, latest first, one unit per order per round.

    Computed in closed form (water-filling) rather than round by round: after `rounds` full
    rounds each order has lost min(its qty, rounds); the rest comes one unit each from the
    latest orders that still have units.
    """
    by_order: dict[str, list[DemandLine]] = defaultdict(list)
    for line in _latest_first(lines):
        by_order[line.order_id].append(line)
    # by_order keeps insertion order: each order sits where its latest line came.
    qty = {order_id: sum(line.qty for line in group) for order_id, group in by_order.items()}
    rounds = _full_rounds(list(qty.values()), shortage)
    loss = {order_id: min(total, rounds) for order_id, total in qty.items()}
    remainder = shortage - sum(loss.values())
    for order_id, total in qty.items():
        if remainder == 0:
            break
        if total > rounds:
            loss[order_id] += 1
            remainder -= 1
    shorted: dict[str, int] = {}
    for order_id, group in by_order.items():
        shorted.update(_take_in_order(group, loss[order_id]))
    return shorted


def _full_rounds(quantities: list[int], shortage: int) -> int:
    """The most rounds k with sum(min(q, k)) <= shortage (binary search; the sum grows with k)."""
    low, high = 0, max(quantities, default=0)
    while low < high:
        mid = (low + high + 1) // 2
        if sum(min(q, mid) for q in quantities) <= shortage:
            low = mid
        else:
            high = mid - 1
    return low


def _fewest_communities(lines: Sequence[DemandLine], shortage: int) -> dict[str, int]:
    """Short the communities with the largest demand first: the fewest that can absorb the loss.

    Ties go to the smaller community_id; within a community, latest orders first.
    """
    by_community: dict[str, list[DemandLine]] = defaultdict(list)
    for line in lines:
        by_community[line.community_id].append(line)
    communities = sorted(
        by_community.items(),
        key=lambda item: (-sum(line.qty for line in item[1]), item[0]),
    )
    ordered = [line for _, group in communities for line in _latest_first(group)]
    return _take_in_order(ordered, shortage)


@dataclass(frozen=True, slots=True)
class DueAllocation:
    dues: dict[str, int]  # community_id → units due
    shorted: dict[str, int]  # line_id → units that line goes without


def allocate_dues(
    lines: Sequence[DemandLine],
    available: int,
    policy: ShortagePolicy,
    put_by_community: Mapping[str, int] | None = None,
) -> DueAllocation:
    """Dues per community and shortage per line for `available` units.

    Units already put are protected: each community's earliest lines keep them, and the policy
    chooses who goes without among the rest.
    """
    put = dict(put_by_community or {})
    protected, open_lines = _protect_put_units(lines, put)
    free = available - sum(protected.values())
    if free <= 0:
        shorted = {line.line_id: line.qty for line in open_lines if line.qty}
    else:
        shorted = allocate_shortage([line for line in open_lines if line.qty], free, policy)
    dues: dict[str, int] = defaultdict(int)
    for line in lines:
        dues[line.community_id] += 0
    for line in open_lines:
        dues[line.community_id] += line.qty - shorted.get(line.line_id, 0)
    for community_id, units in protected.items():
        dues[community_id] += units
    return DueAllocation(dict(dues), shorted)


def _protect_put_units(
    lines: Sequence[DemandLine], put: Mapping[str, int]
) -> tuple[dict[str, int], list[DemandLine]]:
    """Take units already put off each community's earliest lines; return what is left open."""
    remaining = dict(put)
    protected: dict[str, int] = defaultdict(int)
    open_lines: list[DemandLine] = []
    for line in sorted(lines, key=lambda ln: (ln.placed_at, ln.order_id, ln.line_id)):
        keep = min(line.qty, remaining.get(line.community_id, 0))
        if keep:
            remaining[line.community_id] -= keep
            protected[line.community_id] += keep
        open_lines.append(replace(line, qty=line.qty - keep))
    return dict(protected), open_lines


@dataclass(frozen=True, slots=True)
class ShortUnits:
    """Units of one line that go without, and why (a shortage, or damage)."""

    line_id: str
    qty: int
    kind: str  # shortage | damage
    reason: str


def reasons_for(
    shorted: Mapping[str, int], damage_left: Mapping[str, int], short_reason: str
) -> list[ShortUnits]:
    """Split each line's shorted units by reason: damaged units account for the first shorted
    units (damaged_on_arrival, damaged_in_hub, as recorded), the rest is `short_reason`
    (supplier_short, or late_delivery when the cut time closed receiving)."""
    left = dict(damage_left)
    records: list[ShortUnits] = []
    for line_id, qty in sorted(shorted.items()):
        while qty > 0:
            reason, kind, take = short_reason, "shortage", qty
            for damage_reason, units in left.items():
                if units > 0:
                    reason, kind, take = damage_reason, "damage", min(qty, units)
                    left[damage_reason] -= take
                    break
            records.append(ShortUnits(line_id, take, kind, reason))
            qty -= take
    return records
