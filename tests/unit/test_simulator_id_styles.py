"""The simulator's ID styles: other platforms' spellings of the same wave, all within the contract."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sorter_app.domain.crate_codes import has_valid_gs1_check, looks_like_crate_scan_code
from sorter_app.platform.simulator import Simulator
from sorter_app.platform.simulator.generator import generate_wave
from sorter_app.platform.simulator.id_styles import ID_STYLES, MAX_ID_LENGTH, id_style

DAY = date(2026, 11, 27)
SIZES = {"seed": 5, "hub_id": "HZ01", "delivery_date": DAY, "communities": 45, "skus": 30}
OTHER_STYLES = [s for s in ID_STYLES if s != "default"]


def _wave(style: str, lines: int = 300, **overrides: Any) -> dict[str, Any]:
    return generate_wave(**{**SIZES, "lines": lines, **overrides}, id_style=style)


def _ids(wave: dict[str, Any]) -> dict[str, list[str]]:
    """Every ID of the wave by kind (the same ID may recur across records, e.g. a route)."""
    communities, skus, orders = wave["communities"], wave["skus"], wave["orders"]
    return {
        "wave_id": [wave["wave"]["wave_id"]],
        "community_id": [c["community_id"] for c in communities],
        "leader_id": [c["leader"]["leader_id"] for c in communities],
        "route_id": sorted({c["route"]["route_id"] for c in communities}),
        "sku_id": [s["sku_id"] for s in skus],
        "supplier_id": sorted({s["supplier"]["supplier_id"] for s in skus}),
        "order_id": [o["order_id"] for o in orders],
        "line_id": [line["line_id"] for o in orders for line in o["lines"]],
    }


def _contract_id(value: str) -> bool:
    return (
        1 <= len(value) <= MAX_ID_LENGTH
        and "|" not in value
        and not any(unicodedata.category(ch) == "Cc" for ch in value)
    )


def _without_ids(wave: dict[str, Any]) -> dict[str, Any]:
    """The wave with every ID and name replaced by its position: what the styles must agree on."""
    communities = {c["community_id"]: n for n, c in enumerate(wave["communities"])}
    skus = {s["sku_id"]: n for n, s in enumerate(wave["skus"])}
    routes: dict[str, int] = {}
    for c in wave["communities"]:
        routes.setdefault(c["route"]["route_id"], len(routes))
    return {
        "communities": [
            (c["leader"]["phone"], c["route"]["stop_seq"], routes[c["route"]["route_id"]])
            for c in wave["communities"]
        ],
        "skus": [
            (s["barcodes"], s.get("plu"), s["weighed"], s["status"], s["units_per_crate"])
            for s in wave["skus"]
        ],
        "orders": [
            (
                communities[o["community_id"]],
                o["status"],
                o["placed_at"],
                [(skus[line["sku_id"]], line["qty"]) for line in o["lines"]],
            )
            for o in wave["orders"]
        ],
    }


def test_default_is_what_the_generator_always_made() -> None:
    wave = _wave("default")
    assert wave == generate_wave(**{**SIZES, "lines": 300})
    ids = _ids(wave)
    assert ids["wave_id"] == ["W20261127-HZ01"]
    assert ids["community_id"][:2] == ["C0001", "C0002"]
    assert ids["order_id"][0] == "O2026112600000001"
    assert ids["line_id"][0] == "O2026112600000001-1"


@pytest.mark.parametrize("style", OTHER_STYLES)
def test_each_style_is_the_same_wave_spelt_otherwise(style: str) -> None:
    wave = _wave(style)
    assert wave == _wave(style), "deterministic"
    assert _without_ids(wave) == _without_ids(_wave("default"))
    default_ids = _ids(_wave("default"))
    for kind, values in _ids(wave).items():
        assert all(_contract_id(v) for v in values), (kind, values)
        assert len(set(values)) == len(values), f"{kind} repeats"
        assert not set(values) & set(default_ids[kind]), f"{kind} spelt as by default"


@pytest.mark.parametrize("style", OTHER_STYLES)
def test_names_carry_quotes(style: str) -> None:
    wave = _wave(style)
    assert all('"' in c["name"] for c in wave["communities"])
    assert all('"' in s["name"] for s in wave["skus"])


def test_lower_style() -> None:
    ids = _ids(_wave("lower"))
    assert ids["wave_id"] == ["wv-20261127-hz01"]
    assert ids["community_id"][2] == "cm-0003"
    assert ids["route_id"][0] == "rt-01"
    for values in ids.values():
        assert all(v == v.lower() and "-" in v for v in values)


def test_uuid_style() -> None:
    import uuid

    for kind, values in _ids(_wave("uuid")).items():
        for value in values:
            assert str(uuid.UUID(value)) == value, (kind, value)


def test_numeric_ids_look_like_what_the_hub_scans() -> None:
    ids = _ids(_wave("numeric"))
    for values in ids.values():
        assert all(v.isascii() and v.isdigit() for v in values)
    # SKU IDs are valid EAN-13s; community IDs valid crate scan codes; routes keep a leading 0.
    assert all(len(v) == 13 and has_valid_gs1_check(v) for v in ids["sku_id"])
    assert all(
        looks_like_crate_scan_code(v) and has_valid_gs1_check(v) for v in ids["community_id"]
    )
    assert ids["route_id"][0] == "01"


def test_chinese_ids() -> None:
    ids = _ids(_wave("chinese"))
    assert ids["wave_id"] == ["波次-20261127-HZ01"]
    assert ids["community_id"][0] == "社区-丁桥-001"
    assert any("（" in v for v in ids["community_id"])  # full-width brackets survive no NFKC
    for values in ids.values():
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in v) for v in values)


def test_mixed_ids_have_every_legal_oddity() -> None:
    wave = _wave("mixed")
    ids = _ids(wave)
    every = [v for values in ids.values() for v in values]
    for ch in '.:/^~" ':
        assert any(ch in v for v in every), ch
    for kind in ("wave_id", "community_id", "route_id", "sku_id", "order_id", "line_id"):
        assert MAX_ID_LENGTH in {len(v) for v in ids[kind]}, f"no 64-character {kind}"
    communities = ids["community_id"]
    assert communities[0] != communities[1]
    assert communities[0].casefold() == communities[1].casefold()  # differ only in case
    assert any(v != v.lower() and v != v.upper() for v in communities)
    # Names are not IDs: control characters are allowed there, and mixed has some.
    assert any("\t" in c["name"] and "\n" in c["name"] for c in wave["communities"])


@pytest.mark.parametrize("style", ID_STYLES)
@pytest.mark.parametrize("wave_seq", [1, 2, 9])
def test_wave_ids_are_found_again_by_the_platform(style: str, wave_seq: int) -> None:
    ids = id_style(style, seed=5, hub_id="HZ-3")  # a hub ID that ends like a sequence suffix
    wave_id = ids.wave_id(DAY, wave_seq)
    assert ids.parse_wave_id(wave_id) == (DAY, wave_seq)
    assert ids.parse_wave_id(wave_id + "x") is None
    assert ids.parse_wave_id(wave_id[:-1]) is None


def test_a_hub_id_too_long_for_a_style_is_refused() -> None:
    with pytest.raises(ValueError, match="64"):
        Simulator(hub_id="H" * 60, id_style="lower")
    with pytest.raises(ValueError, match="id_style"):
        Simulator(id_style="upper")


@pytest.mark.parametrize("style", ID_STYLES)
def test_the_simulator_finds_every_order_and_line_by_its_id(style: str) -> None:
    sim = Simulator(seed=5, communities=6, skus=8, lines=60, id_style=style)
    [wave_id] = sim.wave_ids_for(DAY)
    wave = sim.export_wave(wave_id)
    first, last = wave["orders"][0], wave["orders"][-1]
    line = last["lines"][0]
    changed = sim.set_line_qty(wave_id, line["line_id"], line["qty"] + 1)
    assert changed["order_id"] == last["order_id"]
    assert sim.cancel_order(wave_id, first["order_id"])["status"] == "cancelled"
    added = sim.add_order(
        wave_id,
        community_id=wave["communities"][0]["community_id"],
        lines=[(wave["skus"][0]["sku_id"], 2)],
    )
    status, _ = sim.receive_report(
        wave_id,
        "r-1",
        {
            "report_id": "r-1",
            "type": "shortage",
            "station_id": "ST-01",
            "created_at": "2026-11-26T23:41:00+08:00",
            "items": [
                {
                    "order_id": added["order_id"],
                    "line_id": added["lines"][0]["line_id"],
                    "sku_id": wave["skus"][0]["sku_id"],
                    "community_id": wave["communities"][0]["community_id"],
                    "qty": 1,
                    "reason": "supplier_short",
                }
            ],
        },
    )
    assert status == 201


def test_a_state_file_remembers_the_style_and_its_added_orders(tmp_path: Path) -> None:
    state = tmp_path / "sim.json"
    sim = Simulator(seed=5, communities=4, skus=5, lines=20, id_style="mixed", state_file=state)
    [wave_id] = sim.wave_ids_for(DAY)
    wave = sim.export_wave(wave_id)
    added = sim.add_order(
        wave_id,
        community_id=wave["communities"][1]["community_id"],
        lines=[(wave["skus"][1]["sku_id"], 3)],
    )
    again = Simulator(seed=5, communities=4, skus=5, lines=20, id_style="mixed", state_file=state)
    line_id = added["lines"][0]["line_id"]
    assert again.set_line_qty(wave_id, line_id, 1)["order_id"] == added["order_id"]
    with pytest.raises(ValueError, match="id_style"):
        Simulator(seed=5, communities=4, skus=5, lines=20, state_file=state)
    # A default-style state file is written as it always was, without the option.
    plain = tmp_path / "plain.json"
    Simulator(seed=5, communities=4, skus=5, lines=20, state_file=plain).set_wave_status(
        "W20261127-HZ01", "closed"
    )
    assert "id_style" not in json.loads(plain.read_text(encoding="utf-8"))["config"]
