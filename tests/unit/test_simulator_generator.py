"""The simulator's wave generator: deterministic, realistic, and consistent with the contract."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from sorter_app.domain.validation import check_wave
from sorter_app.domain.wave import WaveSnapshot
from sorter_app.platform.records import (
    parse_community,
    parse_order,
    parse_sku,
    parse_wave_summary,
)
from sorter_app.platform.simulator.generator import (
    ean13_check_digit,
    generate_wave,
    generate_wave_data,
)

DAY = date(2026, 11, 27)


def _wave(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "seed": 7,
        "hub_id": "HZ01",
        "delivery_date": DAY,
        "communities": 150,
        "skus": 200,
        "lines": 6000,
    }
    params.update(overrides)
    return generate_wave(**params)


@pytest.fixture(scope="module")
def wave() -> dict[str, Any]:
    return _wave()


def _ean13_valid(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == code[12]


def test_same_seed_gives_the_same_wave_and_another_seed_does_not() -> None:
    first = _wave(lines=800)
    assert _wave(lines=800) == first
    other = _wave(lines=800, seed=8)
    assert other["orders"] != first["orders"]
    assert other["skus"] != first["skus"]


def test_another_delivery_date_keeps_the_hubs_communities_but_not_its_orders() -> None:
    today = _wave(lines=500)
    tomorrow = _wave(lines=500, delivery_date=DAY + timedelta(days=1))
    assert tomorrow["communities"] == today["communities"]  # the same leaders every night
    assert tomorrow["orders"] != today["orders"]
    assert tomorrow["wave"]["wave_id"] == "W20261128-HZ01"


@pytest.mark.parametrize("lines", [0, 1, 2, 7, 999, 4321])
def test_line_count_is_exactly_what_was_asked(lines: int) -> None:
    wave = _wave(communities=12, skus=30, lines=lines)
    assert sum(len(o["lines"]) for o in wave["orders"]) == lines
    assert wave["wave"]["line_count"] == lines
    assert wave["wave"]["order_count"] == len(wave["orders"])


def test_summary_names_the_wave_and_its_cutoff_the_evening_before(wave: dict[str, Any]) -> None:
    summary = wave["wave"]
    assert summary["wave_id"] == "W20261127-HZ01"
    assert summary["hub_id"] == "HZ01"
    assert summary["delivery_date"] == "2026-11-27"
    assert summary["cutoff_at"] == "2026-11-26T20:00:00+08:00"
    assert summary["status"] == "closed"
    assert wave["claims"] == []
    parse_wave_summary(summary)  # the project's own strict parser accepts it


def test_later_waves_of_a_day_get_a_suffix_and_their_own_order_numbers() -> None:
    first = _wave(lines=300)
    second = _wave(lines=300, wave_seq=2)
    assert second["wave"]["wave_id"] == "W20261127-HZ01-2"
    assert second["wave"]["cutoff_at"] > first["wave"]["cutoff_at"]
    first_ids = {o["order_id"] for o in first["orders"]}
    assert not first_ids & {o["order_id"] for o in second["orders"]}


def test_every_record_passes_the_clients_parsers_and_the_whole_wave_checks(
    wave: dict[str, Any],
) -> None:
    snapshot = WaveSnapshot(
        summary=parse_wave_summary(wave["wave"]),
        communities=[parse_community(c, i) for i, c in enumerate(wave["communities"])],
        skus=[parse_sku(s, i) for i, s in enumerate(wave["skus"])],
        orders=[parse_order(o, i) for i, o in enumerate(wave["orders"])],
    )
    check_wave(snapshot)  # no dangling community or SKU, no duplicate id
    assert snapshot.line_count == 6000


def test_ids_follow_the_platforms_formats(wave: dict[str, Any]) -> None:
    communities = wave["communities"]
    assert [c["community_id"] for c in communities[:3]] == ["C0001", "C0002", "C0003"]
    assert [c["leader"]["leader_id"] for c in communities[:2]] == ["L0001", "L0002"]
    assert [s["sku_id"] for s in wave["skus"][:2]] == ["S10001", "S10002"]
    for order in wave["orders"]:
        assert re.fullmatch(r"O20261126\d{8}", order["order_id"])
        ids = [line["line_id"] for line in order["lines"]]
        assert ids == [f"{order['order_id']}-{n}" for n in range(1, len(ids) + 1)]


def test_communities_look_like_hangzhou_pickup_points(wave: dict[str, Any]) -> None:
    names = [c["name"] for c in wave["communities"]]
    assert len(set(names)) == len(names)
    for community in wave["communities"]:
        assert re.fullmatch(r"[\u4e00-\u9fff0-9号院]+", community["name"])
        leader = community["leader"]
        assert re.fullmatch(r"1[3-9]\d{9}", leader["phone"])
        assert 2 <= len(leader["name"]) <= 3
        address = community["pickup_point"]["address"]
        assert re.match(r"杭州市\w+区\w+ \d+ 号 ", address)
        assert community["name"] in address


def test_routes_have_10_to_40_stops_numbered_from_1(wave: dict[str, Any]) -> None:
    stops: dict[str, list[int]] = {}
    names: dict[str, set[str]] = {}
    for community in wave["communities"]:
        route = community["route"]
        stops.setdefault(route["route_id"], []).append(route["stop_seq"])
        names.setdefault(route["route_id"], set()).add(route["name"])
    assert len(stops) >= 3
    for route_id, seqs in stops.items():
        assert re.fullmatch(r"R\d{2,}", route_id)
        assert 10 <= len(seqs) <= 40
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
        (name,) = names[route_id]
        assert re.fullmatch(r"[\u4e00-\u9fff]{2} \d+ 线", name)


def test_skus_span_the_categories_temperatures_and_have_valid_china_barcodes(
    wave: dict[str, Any],
) -> None:
    skus = wave["skus"]
    assert {s["category"] for s in skus} == {
        "蔬菜",
        "水果",
        "肉禽蛋",
        "水产",
        "乳品",
        "粮油",
        "日用",
    }
    assert {s["temperature"] for s in skus} == {"ambient", "chilled", "frozen"}
    barcodes = [code for s in skus for code in s["barcodes"]]
    assert len(barcodes) == len(set(barcodes))
    for code in barcodes:
        assert _ean13_valid(code), code
        assert 690 <= int(code[:3]) <= 699
    for sku in skus:
        assert sku["units_per_crate"] >= 1
        assert sku["supplier"]["supplier_id"].startswith("SUP")
        assert sku["weighed"] or sku["barcodes"]
        if sku["category"] == "日用":
            assert sku["temperature"] == "ambient"


def test_a_wrong_check_digit_is_caught() -> None:
    assert ean13_check_digit("692345678901") == "2"  # the contract's example 6923456789012
    assert ean13_check_digit("400638133393") == "1"  # a well-known EAN, 4006381333931
    assert not _ean13_valid("6923456789013")


def test_weighed_skus_carry_a_unique_five_digit_plu(wave: dict[str, Any]) -> None:
    weighed = [s for s in wave["skus"] if s["weighed"]]
    assert weighed
    assert any(not s["barcodes"] for s in weighed)
    plus = [s["plu"] for s in weighed]
    assert all(re.fullmatch(r"\d{5}", plu) for plu in plus)
    assert len(set(plus)) == len(plus)
    assert all("plu" not in s for s in wave["skus"] if not s["weighed"])


def test_a_few_skus_missed_their_group_threshold_and_a_few_orders_were_cancelled(
    wave: dict[str, Any],
) -> None:
    sku_statuses = Counter(s["status"] for s in wave["skus"])
    assert 1 <= sku_statuses["cancelled_below_threshold"] <= len(wave["skus"]) // 10
    assert all(isinstance(s["group_threshold"], int) for s in wave["skus"])
    order_statuses = Counter(o["status"] for o in wave["orders"])
    assert set(order_statuses) == {"closed", "cancelled"}
    assert order_statuses["cancelled"] <= len(wave["orders"]) // 20


def test_orders_are_small_baskets_placed_the_day_before_cutoff(wave: dict[str, Any]) -> None:
    cutoff = datetime.fromisoformat(wave["wave"]["cutoff_at"])
    community_ids = {c["community_id"] for c in wave["communities"]}
    qtys: Counter[int] = Counter()
    previous = None
    for order in wave["orders"]:
        assert order["community_id"] in community_ids
        assert 1 <= len(order["lines"]) <= 6
        skus = [line["sku_id"] for line in order["lines"]]
        assert len(set(skus)) == len(skus)
        placed = datetime.fromisoformat(order["placed_at"])
        assert cutoff - timedelta(hours=14) <= placed < cutoff
        assert previous is None or placed >= previous  # numbered in time order
        previous = placed
        assert re.fullmatch(r"\d{4}", order["customer"]["pickup_code"])
        assert order["customer"]["nickname"]
        qtys.update(line["qty"] for line in order["lines"])
    assert set(qtys) <= {1, 2, 3, 4}
    assert qtys[1] > sum(qtys.values()) / 2  # mostly one of each


def test_bad_sizes_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="communities"):
        _wave(communities=0)
    with pytest.raises(ValueError, match="wave_seq"):
        _wave(wave_seq=0)


def test_the_benchmark_size_is_generated_within_seconds() -> None:
    # The benchmark wave (3,000 communities, 1,500 SKUs, 600,000 lines) must not stall the server's
    # first answer; its compact form is what the server generates. Generous bound: shared CPU.
    started = time.perf_counter()
    data = generate_wave_data(
        seed=1, hub_id="HZ01", delivery_date=DAY, communities=3000, skus=1500, lines=600_000
    )
    elapsed = time.perf_counter() - started
    assert data.line_count == 600_000
    assert len(data.communities) == 3000 and len(data.skus) == 1500
    assert elapsed < 10


@pytest.mark.slow
def test_the_benchmark_size_as_contract_dicts_within_ten_seconds() -> None:
    started = time.perf_counter()
    wave = generate_wave(
        seed=1, hub_id="HZ01", delivery_date=DAY, communities=3000, skus=1500, lines=600_000
    )
    assert time.perf_counter() - started < 10
    assert sum(len(o["lines"]) for o in wave["orders"]) == 600_000
