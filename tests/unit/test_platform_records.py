"""Parsing platform records: valid items become value objects; others name record and field."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from sorter_app.domain.claims import ClaimKind
from sorter_app.domain.errors import InvalidRecord
from sorter_app.domain.wave import OrderStatus, SkuStatus, Temperature, WaveStatus
from sorter_app.platform.records import (
    parse_claim,
    parse_community,
    parse_order,
    parse_sku,
    parse_wave_summary,
)

CST = timezone(timedelta(hours=8))


def wave_item() -> dict[str, Any]:
    return {
        "wave_id": "W20261127-HZ01",
        "hub_id": "HZ01",
        "delivery_date": "2026-11-27",
        "cutoff_at": "2026-11-26T20:00:00+08:00",
        "status": "closed",
        "order_count": 18234,
        "line_count": 60112,
        "updated_at": "2026-11-26T20:00:03+08:00",
    }


def community_item() -> dict[str, Any]:
    return {
        "community_id": "C0017",
        "name": "阳光花园三期",
        "leader": {"leader_id": "L0017", "name": "王秀英", "phone": "13812345678"},
        "pickup_point": {"address": "杭州市西湖区文三路 88 号 阳光花园三期 东门便利店"},
        "route": {"route_id": "R03", "name": "西湖 3 线", "stop_seq": 7},
    }


def sku_item() -> dict[str, Any]:
    return {
        "sku_id": "S10023",
        "name": "云南高山娃娃菜",
        "spec": "500g/袋",
        "unit": "袋",
        "barcodes": ["6923456789012"],
        "category": "蔬菜",
        "supplier": {"supplier_id": "SUP07", "name": "临平绿源农场"},
        "temperature": "chilled",
        "weighed": False,
        "units_per_crate": 24,
        "unit_weight_g": 520,
        "group_threshold": 20,
        "status": "active",
    }


def weighed_sku_item() -> dict[str, Any]:
    item = sku_item()
    item.update(sku_id="S20418", name="精品五花肉", weighed=True, barcodes=[], plu="20418")
    del item["unit_weight_g"]
    return item


def order_item() -> dict[str, Any]:
    return {
        "order_id": "O2026112600001234",
        "community_id": "C0017",
        "customer": {"nickname": "小李", "pickup_code": "4821"},
        "placed_at": "2026-11-26T10:02:11+08:00",
        "status": "closed",
        "lines": [
            {"line_id": "O2026112600001234-1", "sku_id": "S10023", "qty": 2},
            {"line_id": "O2026112600001234-2", "sku_id": "S20418", "qty": 1},
        ],
    }


def claim_item() -> dict[str, Any]:
    return {
        "claim_id": "CL0091",
        "community_id": "C0017",
        "crate_id": "HS-W20261127-HZ01-C0017-02",
        "sku_id": "S10023",
        "qty": 1,
        "kind": "missing",
        "created_at": "2026-11-27T09:12:00+08:00",
    }


KINDS = {
    "wave": (parse_wave_summary, wave_item, "wave_id"),
    "community": (parse_community, community_item, "community_id"),
    "sku": (parse_sku, sku_item, "sku_id"),
    "order": (parse_order, order_item, "order_id"),
    "claim": (parse_claim, claim_item, "claim_id"),
}


def paths(item: dict[str, Any], prefix: str = "") -> list[str]:
    """Every field path of an example item, nested objects and the first list member included."""
    found = []
    for key, value in item.items():
        found.append(prefix + key)
        if isinstance(value, dict):
            found += paths(value, f"{prefix}{key}.")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            found += paths(value[0], f"{prefix}{key}[0].")
    return found


OPTIONAL = {("sku", "unit_weight_g"), ("sku", "group_threshold"), ("claim", "crate_id")}
REQUIRED = [
    (kind, path)
    for kind, (_, example, _) in KINDS.items()
    for path in paths(example())
    if (kind, path) not in OPTIONAL
]


def without(item: dict[str, Any], path: str) -> dict[str, Any]:
    """A deep copy of the item with the field at a dotted path (with [i] for lists) removed."""
    item = copy.deepcopy(item)
    target: Any = item
    *parents, last = path.split(".")
    for part in parents:
        if "[" in part:
            name, position = part.rstrip("]").split("[")
            target = target[name][int(position)]
        else:
            target = target[part]
    del target[last]
    return item


def test_examples_from_the_contract_parse_into_value_objects() -> None:
    wave = parse_wave_summary(wave_item())
    assert wave.status is WaveStatus.CLOSED
    assert wave.delivery_date == date(2026, 11, 27)
    assert wave.cutoff_at == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

    community = parse_community(community_item())
    assert community.leader.phone == "13812345678"
    assert community.pickup_address.endswith("东门便利店")
    assert (community.route.route_id, community.stop_seq) == ("R03", 7)

    sku = parse_sku(sku_item())
    assert sku.barcodes == ("6923456789012",)
    assert sku.temperature is Temperature.CHILLED
    assert (sku.units_per_crate, sku.unit_weight_g, sku.group_threshold) == (24, 520, 20)
    assert sku.to_sort

    order = parse_order(order_item())
    assert order.status is OrderStatus.CLOSED
    assert [(line.sku_id, line.qty) for line in order.lines] == [("S10023", 2), ("S20418", 1)]
    assert order.placed_at.utcoffset() == timedelta(hours=8)

    claim = parse_claim(claim_item())
    assert claim.kind is ClaimKind.MISSING
    assert claim.crate_id == "HS-W20261127-HZ01-C0017-02"


@pytest.mark.parametrize(("kind", "path"), REQUIRED, ids=[f"{k}:{p}" for k, p in REQUIRED])
def test_each_missing_required_field_is_named(kind: str, path: str) -> None:
    parse, example, id_key = KINDS[kind]
    item = without(example(), path)
    with pytest.raises(InvalidRecord) as caught:
        parse(item, 3)
    error = caught.value
    assert (error.kind, error.field) == (kind, path)
    # Named by its own id, or by its place on the page when the id is what is missing.
    assert error.record_id == ("items[3]" if path == id_key else example()[id_key])
    assert path in error.message_zh and path in error.message_en


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("wave", "status", "closing"),
        ("wave", "status", "CLOSED"),
        ("wave", "order_count", "18234"),
        ("wave", "order_count", -1),
        ("wave", "line_count", True),
        ("wave", "delivery_date", "2026-11-27T00:00:00+08:00"),
        ("wave", "delivery_date", "20261127"),
        ("wave", "delivery_date", "2026-02-30"),
        ("wave", "cutoff_at", "2026-11-26T20:00:00"),  # no offset
        ("wave", "cutoff_at", "2026-11-26"),
        ("wave", "cutoff_at", "yesterday evening"),
        ("wave", "updated_at", 1764158403),
        ("community", "name", None),
        ("community", "leader", "王秀英"),
        ("community", "route", None),
        ("sku", "temperature", "cold"),
        ("sku", "status", "cancelled"),
        ("sku", "weighed", "false"),
        ("sku", "weighed", 0),
        ("sku", "units_per_crate", 0),
        ("sku", "units_per_crate", 24.0),
        ("sku", "units_per_crate", "24"),
        ("sku", "unit_weight_g", 0),
        ("sku", "unit_weight_g", "520"),
        ("sku", "group_threshold", -5),
        ("sku", "barcodes", "6923456789012"),
        ("sku", "plu", "2041"),
        ("order", "status", "open"),
        ("order", "placed_at", "2026-11-26T10:02:11"),
        ("order", "lines", None),
        ("order", "customer", []),
        ("claim", "kind", "lost"),
        ("claim", "qty", 0),
        ("claim", "crate_id", 17),
        ("claim", "created_at", "2026-11-27 09:12"),
    ],
)
def test_wrong_type_or_value_names_the_field(kind: str, field: str, value: object) -> None:
    parse, example, id_key = KINDS[kind]
    item = example()
    item[field] = value
    with pytest.raises(InvalidRecord) as caught:
        parse(item, 0)
    assert (caught.value.kind, caught.value.record_id, caught.value.field) == (
        kind,
        example()[id_key],
        field,
    )


@pytest.mark.parametrize(
    ("line_field", "value"),
    [("qty", 0), ("qty", -2), ("qty", 1.5), ("qty", "2"), ("sku_id", ""), ("line_id", None)],
)
def test_bad_order_line_names_which_line_and_field(line_field: str, value: object) -> None:
    item = order_item()
    item["lines"][1][line_field] = value
    with pytest.raises(InvalidRecord) as caught:
        parse_order(item, 0)
    assert caught.value.record_id == "O2026112600001234"
    assert caught.value.field == f"lines[1].{line_field}"


def test_nested_field_errors_carry_the_dotted_path() -> None:
    item = community_item()
    item["route"]["stop_seq"] = "7"
    with pytest.raises(InvalidRecord) as caught:
        parse_community(item, 0)
    assert caught.value.field == "route.stop_seq"


def test_an_item_that_is_not_an_object_is_named_by_its_place() -> None:
    with pytest.raises(InvalidRecord) as caught:
        parse_order(["O1"], 12)
    assert (caught.value.record_id, caught.value.field) == ("items[12]", "(record)")
    with pytest.raises(InvalidRecord) as caught:
        parse_order({**order_item(), "order_id": 1234}, 5)
    assert (caught.value.record_id, caught.value.field) == ("items[5]", "order_id")


def test_unknown_fields_are_ignored_at_every_level() -> None:
    item = order_item()
    item["coupon"] = {"code": "NEW10"}
    item["customer"]["vip_level"] = 3
    item["lines"][0]["price_fen"] = 390
    order = parse_order(item)
    assert order == parse_order(order_item())


def test_optional_sku_fields_may_be_absent_or_null() -> None:
    item = sku_item()
    del item["unit_weight_g"]
    item["group_threshold"] = None
    sku = parse_sku(item)
    assert (sku.unit_weight_g, sku.group_threshold, sku.plu) == (None, None, None)


def test_weighed_sku_without_barcodes_is_found_by_its_plu() -> None:
    sku = parse_sku(weighed_sku_item())
    assert sku.weighed and sku.barcodes == () and sku.plu == "20418"


def test_weighed_sku_without_barcodes_or_plu_is_invalid() -> None:
    item = weighed_sku_item()
    del item["plu"]
    with pytest.raises(InvalidRecord) as caught:
        parse_sku(item)
    assert (caught.value.record_id, caught.value.field) == ("S20418", "plu")
    item["plu"] = None
    with pytest.raises(InvalidRecord):
        parse_sku(item)


def test_weighed_sku_with_barcodes_needs_no_plu() -> None:
    item = weighed_sku_item()
    item["barcodes"] = ["2820418005231"]
    del item["plu"]
    sku = parse_sku(item)
    assert sku.plu is None and sku.barcodes == ("2820418005231",)


def test_sku_sold_by_unit_without_barcodes_is_invalid() -> None:
    item = sku_item()
    item["barcodes"] = []
    with pytest.raises(InvalidRecord) as caught:
        parse_sku(item)
    assert caught.value.field == "barcodes"


def test_empty_barcode_in_list_names_its_position() -> None:
    item = sku_item()
    item["barcodes"] = ["6923456789012", ""]
    with pytest.raises(InvalidRecord) as caught:
        parse_sku(item)
    assert caught.value.field == "barcodes[1]"


def test_cancelled_below_threshold_sku_is_not_sorted() -> None:
    sku = parse_sku({**sku_item(), "status": "cancelled_below_threshold"})
    assert sku.status is SkuStatus.CANCELLED_BELOW_THRESHOLD and not sku.to_sort


def test_cancelled_order_is_not_delivered() -> None:
    assert not parse_order({**order_item(), "status": "cancelled"}).to_deliver


def test_times_keep_their_instant_whatever_the_offset() -> None:
    utc = parse_order({**order_item(), "placed_at": "2026-11-26T02:02:11Z"})
    cst = parse_order(order_item())
    assert utc.placed_at == cst.placed_at == datetime(2026, 11, 26, 10, 2, 11, tzinfo=CST)


def test_claim_without_crate_id_is_valid() -> None:
    item = claim_item()
    del item["crate_id"]
    assert parse_claim(item).crate_id is None
    assert parse_claim({**claim_item(), "crate_id": None}).crate_id is None


@pytest.mark.parametrize("kind", ["missing", "wrong_item", "damaged", "extra"])
def test_every_claim_kind_of_the_contract_parses(kind: str) -> None:
    assert parse_claim({**claim_item(), "kind": kind}).kind == kind


def test_error_message_is_bilingual_and_says_what_was_found() -> None:
    with pytest.raises(InvalidRecord) as caught:
        parse_sku({**sku_item(), "temperature": "warm"})
    error = caught.value
    assert error.code == "invalid_record"
    assert "S10023" in error.message_zh and "temperature" in error.message_zh
    assert "'warm'" in error.message_en and "chilled" in error.message_en
