"""Crate planning: how many crates per community and zone, and what goes in each."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sorter_app.domain.crate_plan import (
    PlanItem,
    PlannedCrate,
    crate_capacity_left,
    plan_crates,
)
from sorter_app.domain.wave import Temperature

A, C, F = Temperature.AMBIENT, Temperature.CHILLED, Temperature.FROZEN


def test_small_orders_of_one_zone_share_one_crate() -> None:
    plan = plan_crates(
        [PlanItem("C1", A, "S1", 12, 24), PlanItem("C1", A, "S2", 6, 12)]  # 1/2 + 1/2
    )
    assert plan == [PlannedCrate("C1", A, 1, 1, (("S1", 12), ("S2", 6)))]


def test_exact_fractions_fill_a_crate_without_float_drift() -> None:
    # 1/10 ten times and thirds are exactly one crate; floats would make 0.999... or 1.0000001.
    items = [PlanItem("C1", A, f"S{i}", 1, 10) for i in range(10)]
    assert len(plan_crates(items)) == 1
    thirds = [PlanItem("C1", C, f"T{i}", 1, 3) for i in range(3)]
    assert len(plan_crates(thirds)) == 1


def test_a_large_sku_fills_whole_crates_first_and_its_rest_shares() -> None:
    plan = plan_crates([PlanItem("C1", A, "S1", 30, 12), PlanItem("C1", A, "S2", 2, 4)])
    assert [crate.contents for crate in plan] == [
        (("S1", 12),),
        (("S1", 12),),
        (("S1", 6), ("S2", 2)),
    ]
    assert [(crate.seq, crate.count) for crate in plan] == [(1, 3), (2, 3), (3, 3)]


def test_zones_never_share_and_are_numbered_ambient_chilled_frozen() -> None:
    plan = plan_crates(
        [
            PlanItem("C1", F, "ICE", 1, 20),
            PlanItem("C1", A, "RICE", 1, 4),
            PlanItem("C1", C, "MILK", 1, 20),
        ]
    )
    assert [(crate.temperature, crate.seq, crate.count) for crate in plan] == [
        (A, 1, 3),
        (C, 2, 3),
        (F, 3, 3),
    ]


def test_communities_are_planned_apart_and_numbered_from_one() -> None:
    plan = plan_crates([PlanItem("C2", A, "S1", 5, 4), PlanItem("C1", A, "S1", 1, 4)])
    assert [(crate.community_id, crate.seq, crate.count) for crate in plan] == [
        ("C1", 1, 1),
        ("C2", 1, 2),
        ("C2", 2, 2),
    ]


def test_first_fit_decreasing_places_the_largest_pieces_first() -> None:
    # Pieces 0.7, 0.5, 0.3, 0.3, 0.2 (upc 10): FFD packs [0.7+0.3], [0.5+0.3+0.2].
    items = [
        PlanItem("C1", A, "P2", 2, 10),
        PlanItem("C1", A, "P3a", 3, 10),
        PlanItem("C1", A, "P5", 5, 10),
        PlanItem("C1", A, "P3b", 3, 10),
        PlanItem("C1", A, "P7", 7, 10),
    ]
    assert [crate.contents for crate in plan_crates(items)] == [
        (("P3a", 3), ("P7", 7)),
        (("P2", 2), ("P3b", 3), ("P5", 5)),
    ]


def test_repeated_items_of_a_sku_are_added_together_and_zero_needs_no_crate() -> None:
    plan = plan_crates(
        [
            PlanItem("C1", A, "S1", 3, 6),
            PlanItem("C1", A, "S1", 3, 6),
            PlanItem("C1", A, "S2", 0, 6),
        ]
    )
    assert plan == [PlannedCrate("C1", A, 1, 1, (("S1", 6),))]
    assert plan_crates([]) == []


@pytest.mark.parametrize(
    "items",
    [
        [PlanItem("C1", A, "S1", -1, 6)],
        [PlanItem("C1", A, "S1", 1, 0)],
        [PlanItem("C1", A, "S1", 1, 6), PlanItem("C2", A, "S1", 1, 8)],
        [PlanItem("C1", A, "S1", 1, 6), PlanItem("C2", F, "S1", 1, 6)],
    ],
)
def test_inconsistent_items_are_refused(items: list[PlanItem]) -> None:
    with pytest.raises(ValueError):
        plan_crates(items)


def test_capacity_left() -> None:
    upc = {"S1": 24, "S2": 12, "S3": 3}
    assert crate_capacity_left([], upc) == 1
    assert crate_capacity_left([("S1", 12), ("S2", 3)], upc) == Fraction(1, 4)
    assert crate_capacity_left([("S1", 12), ("S2", 6)], upc) == 0
    assert crate_capacity_left([("S3", 4)], upc) == Fraction(-1, 3)
    with pytest.raises(ValueError):
        crate_capacity_left([("S9", 1)], upc)


# --- properties ---------------------------------------------------------------------------------

SKU_SHAPES = {
    f"S{i}": (temperature, upc)
    for i, (temperature, upc) in enumerate(
        (t, u) for t in Temperature for u in (1, 2, 3, 4, 6, 7, 10, 12, 24, 30)
    )
}


@st.composite
def plan_items(draw: st.DrawFn) -> list[PlanItem]:
    skus = draw(st.lists(st.sampled_from(sorted(SKU_SHAPES)), min_size=1, max_size=12))
    items = []
    for sku in skus:
        temperature, upc = SKU_SHAPES[sku]
        community = draw(st.sampled_from(["C1", "C2", "C3"]))
        qty = draw(st.integers(min_value=0, max_value=3 * upc + 2))
        items.append(PlanItem(community, temperature, sku, qty, upc))
    return items


def volume(contents: Sequence[tuple[str, int]]) -> Fraction:
    return sum((Fraction(q, SKU_SHAPES[s][1]) for s, q in contents), Fraction(0))


@settings(max_examples=200, deadline=None)
@given(plan_items(), st.randoms(use_true_random=False))
def test_plans_place_every_unit_once_within_capacity_and_zone(
    items: list[PlanItem], rnd: random.Random
) -> None:
    plan = plan_crates(items)
    due: dict[tuple[str, str], int] = defaultdict(int)
    for item in items:
        if item.qty:
            due[(item.community_id, item.sku_id)] += item.qty
    placed: dict[tuple[str, str], int] = defaultdict(int)
    for crate in plan:
        assert crate.contents, "no empty crates"
        assert volume(crate.contents) <= 1
        assert crate_capacity_left(crate.contents, {s: u for s, (_, u) in SKU_SHAPES.items()}) >= 0
        for sku, qty in crate.contents:
            assert qty > 0
            assert SKU_SHAPES[sku][0] is crate.temperature
            placed[(crate.community_id, sku)] += qty
    assert placed == due

    by_community: dict[str, list[PlannedCrate]] = defaultdict(list)
    for crate in plan:
        by_community[crate.community_id].append(crate)
    order = {A: 0, C: 1, F: 2}
    for crates in by_community.values():
        assert [crate.seq for crate in crates] == list(range(1, len(crates) + 1))
        assert {crate.count for crate in crates} == {len(crates)}
        zones = [order[crate.temperature] for crate in crates]
        assert zones == sorted(zones)

    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert plan_crates(shuffled) == plan


@settings(max_examples=200, deadline=None)
@given(plan_items())
def test_crate_count_is_between_the_volume_and_twice_it(items: list[PlanItem]) -> None:
    plan = plan_crates(items)
    groups: dict[tuple[str, Temperature], list[PlannedCrate]] = defaultdict(list)
    for crate in plan:
        groups[(crate.community_id, crate.temperature)].append(crate)
    for crates in groups.values():
        total = sum((volume(crate.contents) for crate in crates), Fraction(0))
        assert math.ceil(total) <= len(crates) <= 2 * math.ceil(total)


def optimal_crates(pieces: list[Fraction]) -> int:
    """The fewest crates for indivisible pieces, by trying every assignment (tiny inputs only)."""
    best = len(pieces)

    def place(i: int, loads: list[Fraction]) -> None:
        nonlocal best
        if len(loads) >= best:
            return
        if i == len(pieces):
            best = len(loads)
            return
        for k, load in enumerate(loads):
            if load + pieces[i] <= 1:
                loads[k] += pieces[i]
                place(i + 1, loads)
                loads[k] -= pieces[i]
        loads.append(pieces[i])
        place(i + 1, loads)
        loads.pop()

    place(0, [])
    return best


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=2, max_value=12), st.integers(min_value=1, max_value=11)),
        min_size=1,
        max_size=7,
    )
)
def test_first_fit_decreasing_stays_near_the_best_packing(shapes: list[tuple[int, int]]) -> None:
    # Each SKU less than one crate: pure bin packing, where FFD <= 11/9 OPT + 6/9.
    items = [
        PlanItem("C1", A, f"S{i}", min(qty, upc - 1), upc) for i, (upc, qty) in enumerate(shapes)
    ]
    pieces = [Fraction(item.qty, item.units_per_crate) for item in items]
    crates = len(plan_crates(items))
    assert crates * 9 <= 11 * optimal_crates(pieces) + 6


def test_a_big_community_is_planned_quickly() -> None:
    items = [
        PlanItem(f"C{c}", t, f"S{t.value}{s}", (c * 7 + s) % 13, 6 + s % 20)
        for c in range(300)
        for t in Temperature
        for s in range(40)
    ]
    plan = plan_crates(items)
    assert sum(q for crate in plan for _, q in crate.contents) == sum(i.qty for i in items)
