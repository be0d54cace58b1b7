"""How many crates each community needs, and what goes in each, per temperature zone.

A unit of a SKU fills 1/units_per_crate of a standard crate. Volumes are exact fractions, so
units that add up to one crate fill it exactly: no float drift opens a crate too many or too few.
Packing is first-fit decreasing over each SKU's whole crates and its remainder: a SKU's
remainder stays together in one crate, which keeps puts simple, at the cost of sometimes one
crate more than splitting it would need.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from sorter_app.domain.wave import Temperature

# Crates of a community are numbered ambient first, then chilled, then frozen.
TEMPERATURE_ORDER: Mapping[Temperature, int] = {
    Temperature.AMBIENT: 0,
    Temperature.CHILLED: 1,
    Temperature.FROZEN: 2,
}

Contents = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class PlanItem:
    """Units of one SKU due to one community."""

    community_id: str
    temperature: Temperature
    sku_id: str
    qty: int
    units_per_crate: int


@dataclass(frozen=True, slots=True)
class PlannedCrate:
    """Crate `seq` of `count` for a community; `contents` is (sku_id, qty) sorted by sku_id."""

    community_id: str
    temperature: Temperature
    seq: int
    count: int
    contents: Contents


def plan_crates(items: Iterable[PlanItem]) -> list[PlannedCrate]:
    """Plan crates for every community, sorted by community_id then seq.

    Items of the same community and SKU are added together; zero quantities need no crate.
    Raises ValueError for a negative qty, a units_per_crate below 1, or one SKU given two
    different units_per_crate or temperatures.
    """
    groups = _group(items)
    by_community: dict[str, list[tuple[Temperature, list[Contents]]]] = defaultdict(list)
    for (community_id, temperature), due in sorted(
        groups.items(), key=lambda entry: (entry[0][0], TEMPERATURE_ORDER[entry[0][1]])
    ):
        by_community[community_id].append((temperature, _pack(due)))
    plan: list[PlannedCrate] = []
    for community_id, zones in by_community.items():
        count = sum(len(crates) for _, crates in zones)
        seq = 0
        for temperature, crates in zones:
            for contents in crates:
                seq += 1
                plan.append(PlannedCrate(community_id, temperature, seq, count, contents))
    return plan


def crate_capacity_left(
    contents: Iterable[tuple[str, int]], units_per_crate_by_sku: Mapping[str, int]
) -> Fraction:
    """The share of a crate still free (negative when over-full) given what is in it."""
    used = Fraction(0)
    for sku_id, qty in contents:
        if sku_id not in units_per_crate_by_sku:
            raise ValueError(f"no units_per_crate for SKU {sku_id!r}")
        used += Fraction(qty, _units_per_crate(sku_id, units_per_crate_by_sku[sku_id]))
    return 1 - used


def _group(
    items: Iterable[PlanItem],
) -> dict[tuple[str, Temperature], dict[str, tuple[int, int]]]:
    """(community, temperature) -> sku_id -> (qty, units_per_crate), checked for consistency."""
    sku_shape: dict[str, tuple[Temperature, int]] = {}
    groups: dict[tuple[str, Temperature], dict[str, tuple[int, int]]] = defaultdict(dict)
    for item in items:
        if item.qty < 0:
            raise ValueError(f"SKU {item.sku_id} for {item.community_id}: qty {item.qty} < 0")
        upc = _units_per_crate(item.sku_id, item.units_per_crate)
        shape = sku_shape.setdefault(item.sku_id, (item.temperature, upc))
        if shape != (item.temperature, upc):
            raise ValueError(f"SKU {item.sku_id} given as {shape} and as {(item.temperature, upc)}")
        if item.qty == 0:
            continue
        group = groups[(item.community_id, item.temperature)]
        qty, _ = group.get(item.sku_id, (0, upc))
        group[item.sku_id] = (qty + item.qty, upc)
    return groups


def _units_per_crate(sku_id: str, units_per_crate: int) -> int:
    if units_per_crate < 1:
        raise ValueError(f"SKU {sku_id}: units_per_crate must be >= 1, got {units_per_crate}")
    return units_per_crate


def _pack(due: Mapping[str, tuple[int, int]]) -> list[Contents]:
    """First-fit decreasing of one community's zone: whole crates of a SKU, then remainders.

    A whole crate leaves no room, so whole crates simply come first (FFD would put them there
    anyway) and only the remainders are fitted; equal volumes go by sku_id, so the plan does not
    depend on the input order.
    """
    crates: list[Contents] = []
    # Volumes in whole units of 1/scale crate: integer comparisons, exact, and fast enough for a
    # 600,000-line wave (Fraction arithmetic dominated the import).
    scale = lcm(*(upc for _, upc in due.values())) if due else 1
    remainders: list[tuple[int, str, int]] = []
    for sku_id, (qty, upc) in sorted(due.items()):
        full, rest = divmod(qty, upc)
        crates.extend(((sku_id, upc),) for _ in range(full))
        if rest:
            remainders.append((rest * (scale // upc), sku_id, rest))
    remainders.sort(key=lambda piece: (-piece[0], piece[1]))
    lefts: list[int] = []
    contents: list[dict[str, int]] = []
    for volume, sku_id, qty in remainders:
        index = next((i for i, left in enumerate(lefts) if left >= volume), None)
        if index is None:
            lefts.append(scale)
            contents.append({})
            index = len(lefts) - 1
        lefts[index] -= volume
        contents[index][sku_id] = qty
    crates.extend(tuple(sorted(crate.items())) for crate in contents)
    return crates
