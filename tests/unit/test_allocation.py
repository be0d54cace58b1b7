"""Shortage allocation: who loses units when a SKU arrives short, under each policy."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sorter_app.domain.allocation import (
    DemandLine,
    ShortagePolicy,
    allocate_shortage,
    dues_by_community,
)

CST = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 26, 8, 0, tzinfo=CST)


def line(
    line_id: str, order_id: str, community: str, minute: int, qty: int, *, when: datetime = T0
) -> DemandLine:
    return DemandLine(line_id, order_id, community, when + timedelta(minutes=minute), qty)


# Three communities; O5 was placed last, O1 first.
LINES = [
    line("O1-1", "O1", "C1", 0, 3),
    line("O2-1", "O2", "C1", 10, 1),
    line("O3-1", "O3", "C2", 20, 2),
    line("O4-1", "O4", "C3", 30, 1),
    line("O5-1", "O5", "C2", 40, 2),
]


@pytest.mark.parametrize("policy", list(ShortagePolicy))
@pytest.mark.parametrize("available", [9, 10, 1000])
def test_no_shortage_when_enough_arrived(policy: ShortagePolicy, available: int) -> None:
    assert allocate_shortage(LINES, available, policy) == {}


def test_latest_first_is_the_default_and_shorts_the_last_orders() -> None:
    assert allocate_shortage(LINES, 5) == {"O5-1": 2, "O4-1": 1, "O3-1": 1}
    assert allocate_shortage(LINES, 5, ShortagePolicy.LATEST_FIRST) == {
        "O5-1": 2,
        "O4-1": 1,
        "O3-1": 1,
    }


def test_latest_first_breaks_time_ties_by_order_id_descending() -> None:
    tied = [line("A-1", "OA", "C1", 0, 2), line("B-1", "OB", "C1", 0, 2)]
    assert allocate_shortage(tied, 3) == {"B-1": 1}
    assert allocate_shortage(list(reversed(tied)), 3) == {"B-1": 1}


def test_latest_first_compares_instants_not_wall_clock_text() -> None:
    # 09:00 in UTC+8 is 01:00 UTC: earlier than 02:00 UTC, although "09" > "02".
    early = DemandLine("E-1", "OE", "C1", datetime(2026, 11, 26, 9, 0, tzinfo=CST), 1)
    late = DemandLine("L-1", "OL", "C1", datetime(2026, 11, 26, 2, 0, tzinfo=UTC), 1)
    assert allocate_shortage([late, early], 1) == {"L-1": 1}


def test_spread_takes_one_unit_per_order_from_the_latest_first() -> None:
    assert allocate_shortage(LINES, 6, ShortagePolicy.SPREAD) == {
        "O5-1": 1,
        "O4-1": 1,
        "O3-1": 1,
    }


def test_spread_goes_round_again_once_every_order_lost_one() -> None:
    # 9 ordered, 2 arrive: 7 short. Round 1 takes 5 (one per order), round 2 the latest
    # orders that still have units: O5 then O3.
    assert allocate_shortage(LINES, 2, ShortagePolicy.SPREAD) == {
        "O5-1": 2,
        "O4-1": 1,
        "O3-1": 2,
        "O2-1": 1,
        "O1-1": 1,
    }


def test_spread_counts_an_order_with_two_lines_of_the_sku_as_one_order() -> None:
    lines = [
        line("O1-1", "O1", "C1", 0, 1),
        line("O1-2", "O1", "C1", 0, 1),
        line("O2-1", "O2", "C1", 5, 1),
    ]
    # Two short: one from each order, not both from O1's two lines.
    shorted = allocate_shortage(lines, 1, ShortagePolicy.SPREAD)
    assert shorted["O2-1"] == 1
    assert shorted.get("O1-1", 0) + shorted.get("O1-2", 0) == 1


def test_fewest_communities_shorts_the_largest_community_first() -> None:
    # Demand: C1 4, C2 4, C3 1. Tie C1/C2 goes to C1; within C1, O2 (later) first.
    assert allocate_shortage(LINES, 5, ShortagePolicy.FEWEST_COMMUNITIES) == {
        "O2-1": 1,
        "O1-1": 3,
    }
    assert allocate_shortage(LINES, 3, ShortagePolicy.FEWEST_COMMUNITIES) == {
        "O2-1": 1,
        "O1-1": 3,
        "O5-1": 2,
    }


def test_dues_by_community_subtracts_the_shortage() -> None:
    shorted = allocate_shortage(LINES, 5)
    assert dues_by_community(LINES, shorted) == {"C1": 4, "C2": 1, "C3": 0}


def test_dues_refuse_a_shortage_that_does_not_fit_the_lines() -> None:
    with pytest.raises(ValueError):
        dues_by_community(LINES, {"O9-1": 1})
    with pytest.raises(ValueError):
        dues_by_community(LINES, {"O2-1": 2})


@pytest.mark.parametrize(
    ("lines", "available"),
    [
        (LINES, -1),
        ([line("A-1", "OA", "C1", 0, -1)], 0),
        ([line("A-1", "OA", "C1", 0, 1), line("A-1", "OB", "C1", 0, 1)], 0),
    ],
)
def test_bad_input_is_refused(lines: list[DemandLine], available: int) -> None:
    with pytest.raises(ValueError):
        allocate_shortage(lines, available)


# --- properties ---------------------------------------------------------------------------------


@st.composite
def demand(draw: st.DrawFn) -> tuple[list[DemandLine], int]:
    n_orders = draw(st.integers(min_value=1, max_value=25))
    lines: list[DemandLine] = []
    for o in range(n_orders):
        community = draw(st.sampled_from(["C1", "C2", "C3", "C4", "C5"]))
        minute = draw(st.integers(min_value=0, max_value=30))  # few values: many ties
        for k in range(draw(st.integers(min_value=1, max_value=2))):
            qty = draw(st.integers(min_value=1, max_value=6))
            lines.append(line(f"O{o:02d}-{k}", f"O{o:02d}", community, minute, qty))
    ordered = sum(x.qty for x in lines)
    available = draw(st.integers(min_value=0, max_value=ordered + 3))
    return lines, available


def orders_touched(lines: Sequence[DemandLine], shorted: dict[str, int]) -> int:
    order_of = {x.line_id: x.order_id for x in lines}
    return len({order_of[line_id] for line_id in shorted})


def communities_touched(lines: Sequence[DemandLine], shorted: dict[str, int]) -> int:
    community_of = {x.line_id: x.community_id for x in lines}
    return len({community_of[line_id] for line_id in shorted})


@settings(max_examples=150, deadline=None)
@given(demand(), st.sampled_from(list(ShortagePolicy)), st.randoms(use_true_random=False))
def test_every_policy_shorts_exactly_the_missing_units(
    case: tuple[list[DemandLine], int], policy: ShortagePolicy, rnd: random.Random
) -> None:
    lines, available = case
    ordered = sum(x.qty for x in lines)
    shorted = allocate_shortage(lines, available, policy)
    assert sum(shorted.values()) == max(0, ordered - available)
    qty = {x.line_id: x.qty for x in lines}
    assert all(0 < units <= qty[line_id] for line_id, units in shorted.items())
    dues = dues_by_community(lines, shorted)
    ordered_by_community: dict[str, int] = defaultdict(int)
    for x in lines:
        ordered_by_community[x.community_id] += x.qty
    assert all(0 <= dues[c] <= ordered_by_community[c] for c in ordered_by_community)
    assert sum(dues.values()) == min(available, ordered)
    # Deterministic, whatever order the lines come in.
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    assert allocate_shortage(shuffled, available, policy) == shorted


@settings(max_examples=150, deadline=None)
@given(demand())
def test_spread_touches_the_most_orders_and_fewest_communities_the_fewest_communities(
    case: tuple[list[DemandLine], int],
) -> None:
    lines, available = case
    result = {policy: allocate_shortage(lines, available, policy) for policy in ShortagePolicy}
    spread = orders_touched(lines, result[ShortagePolicy.SPREAD])
    assert spread >= orders_touched(lines, result[ShortagePolicy.LATEST_FIRST])
    assert spread >= orders_touched(lines, result[ShortagePolicy.FEWEST_COMMUNITIES])
    fewest = communities_touched(lines, result[ShortagePolicy.FEWEST_COMMUNITIES])
    assert fewest <= communities_touched(lines, result[ShortagePolicy.LATEST_FIRST])
    assert fewest <= communities_touched(lines, result[ShortagePolicy.SPREAD])


def spread_round_by_round(lines: Sequence[DemandLine], available: int) -> dict[str, int]:
    """The policy as a person would apply it: one unit per order per round, latest first."""
    shortage = sum(x.qty for x in lines) - available
    ranked = sorted(lines, key=lambda x: (x.placed_at, x.order_id, x.line_id), reverse=True)
    order_ids = list(dict.fromkeys(x.order_id for x in ranked))
    left = {x.line_id: x.qty for x in lines}
    shorted: dict[str, int] = defaultdict(int)
    while shortage > 0:
        for order_id in order_ids:
            candidates = [x for x in ranked if x.order_id == order_id and left[x.line_id] > 0]
            if shortage == 0 or not candidates:
                continue
            left[candidates[0].line_id] -= 1
            shorted[candidates[0].line_id] += 1
            shortage -= 1
    return dict(shorted)


@settings(max_examples=150, deadline=None)
@given(demand())
def test_spread_matches_taking_one_unit_per_order_round_by_round(
    case: tuple[list[DemandLine], int],
) -> None:
    lines, available = case
    expected = spread_round_by_round(lines, available)
    shorted = allocate_shortage(lines, available, ShortagePolicy.SPREAD)
    order_of = {x.line_id: x.order_id for x in lines}

    def per_order(result: dict[str, int]) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for line_id, units in result.items():
            totals[order_of[line_id]] += units
        return dict(totals)

    assert per_order(shorted) == per_order(expected)


def test_spread_handles_a_big_wave_quickly() -> None:
    # 20,000 orders of up to 5 units, half the goods missing: computed without unit-by-unit loops.
    rng = random.Random(7)
    lines = [
        line(f"O{i}-1", f"O{i}", f"C{i % 300}", rng.randrange(600), rng.randint(1, 5))
        for i in range(20_000)
    ]
    ordered = sum(x.qty for x in lines)
    shorted = allocate_shortage(lines, ordered // 2, ShortagePolicy.SPREAD)
    assert sum(shorted.values()) == ordered - ordered // 2
