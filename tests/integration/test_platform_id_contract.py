"""`sorter-app import` from a platform (a scripted one, so any ID can be served) whose records carry
IDs that break the contract: status 5, the record and field named on one line, nothing stored.
And IDs the contract allows, however odd, are imported and kept exactly as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select

from sorter_app.cli import EXIT_INVALID, EXIT_OK, main
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.integration.scripted_server import Json, Paged, ScriptedServer

WAVE = "W20261127-HZ01"
DATE = "2026-11-27"


def summary(wave_id: str = WAVE) -> dict[str, Any]:
    return {
        "wave_id": wave_id,
        "hub_id": "HZ01",
        "delivery_date": DATE,
        "cutoff_at": "2026-11-26T20:00:00+08:00",
        "status": "closed",
        "order_count": 2,
        "line_count": 3,
        "updated_at": "2026-11-26T20:00:03+08:00",
    }


def community(community_id: str, route_id: str = "R03", leader_id: str = "L1") -> dict[str, Any]:
    return {
        "community_id": community_id,
        "name": f'小区 "{community_id}"',
        "leader": {"leader_id": leader_id, "name": "王秀英", "phone": "13812345678"},
        "pickup_point": {"address": "文三路 88 号"},
        "route": {"route_id": route_id, "name": "西湖 3 线", "stop_seq": 1},
    }


def sku(sku_id: str, barcode: str, supplier_id: str = "SUP07") -> dict[str, Any]:
    return {
        "sku_id": sku_id,
        "name": "娃娃菜",
        "spec": "500g/袋",
        "unit": "袋",
        "barcodes": [barcode],
        "category": "蔬菜",
        "supplier": {"supplier_id": supplier_id, "name": "绿源农场"},
        "temperature": "chilled",
        "weighed": False,
        "units_per_crate": 24,
        "status": "active",
    }


def order(order_id: str, community_id: str, lines: list[tuple[str, str, int]]) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "community_id": community_id,
        "customer": {"nickname": "小李", "pickup_code": "4821"},
        "placed_at": "2026-11-26T10:02:11+08:00",
        "status": "closed",
        "lines": [{"line_id": lid, "sku_id": sid, "qty": q} for lid, sid, q in lines],
    }


def a_wave() -> dict[str, list[dict[str, Any]]]:
    return {
        "communities": [community("C1"), community("C2")],
        "skus": [sku("S1", "6923456789012"), sku("S2", "6923456789029")],
        "orders": [
            order("O1", "C1", [("O1-1", "S1", 2), ("O1-2", "S2", 1)]),
            order("O2", "C2", [("O2-1", "S1", 1)]),
        ],
    }


def serve(server: ScriptedServer, wave: dict[str, list[dict[str, Any]]], wave_summary: Any) -> None:
    """The wave served as the contract says; the wave's own path is the plain `WAVE`."""
    server.route("GET", "/hubs/HZ01/waves", Paged([[wave_summary]]))
    server.route("GET", f"/waves/{WAVE}", Json(200, wave_summary))
    for kind in ("communities", "skus", "orders"):
        server.route("GET", f"/waves/{WAVE}/{kind}", Paged([wave[kind]]))


def cli_import(server: ScriptedServer, db_url: str) -> int:
    return main(
        [
            "import",
            "--date",
            DATE,
            "--api",
            server.base_url,
            "--token",
            "tok",
            "--db",
            db_url,
            "--hub",
            "HZ01",
        ]
    )


def set_path(record: dict[str, Any], path: str, value: object) -> None:
    target: Any = record
    *parents, last = path.split(".")
    for part in parents:
        if "[" in part:
            name, position = part.rstrip("]").split("[")
            target = target[name][int(position)]
        else:
            target = target[part]
    target[last] = value


# (list, position in it, field path, bad value, what the message says, record named as)
BROKEN = [
    ("communities", 1, "community_id", "C\t2", "U+0009", "items[1]"),
    ("communities", 0, "route.route_id", "R|03", "|", "C1"),
    ("communities", 1, "leader.leader_id", "", "non-empty", "C2"),
    ("skus", 1, "sku_id", "S" * 65, "64", "items[1]"),
    ("skus", 0, "supplier.supplier_id", "SUP\x8507", "U+0085", "S1"),
    ("orders", 1, "order_id", "O\x002", "U+0000", "items[1]"),
    ("orders", 0, "community_id", "C1\x7f", "U+007F", "O1"),
    ("orders", 0, "lines[1].line_id", "O1|2", "|", "O1"),
    ("orders", 1, "lines[0].sku_id", "S1\n", "U+000A", "O2"),
]


@pytest.mark.parametrize(("kind", "position", "path", "value", "said", "named"), BROKEN)
def test_an_id_that_breaks_the_contract_stops_the_import_with_status_5(
    kind: str,
    position: int,
    path: str,
    value: str,
    said: str,
    named: str,
    sqlite_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    wave = a_wave()
    set_path(wave[kind][position], path, value)
    with ScriptedServer() as server:
        serve(server, wave, summary())
        assert cli_import(server, sqlite_url) == EXIT_INVALID
    err = capsys.readouterr().err
    [line] = [x for x in err.splitlines() if x.strip()]
    assert path in line and said in line and named in line, line
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in line)
    assert list_waves(Store.open(sqlite_url)) == []


def test_a_wave_id_that_breaks_the_contract_stops_the_import_before_its_lists(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with ScriptedServer() as server:
        serve(server, a_wave(), summary("W20261127|HZ01"))
        assert cli_import(server, sqlite_url) == EXIT_INVALID
        asked = [r.path for r in server.requests]
    assert "wave_id" in capsys.readouterr().err
    assert asked == ["/hubs/HZ01/waves"]
    assert list_waves(Store.open(sqlite_url)) == []


def test_odd_ids_the_contract_allows_are_imported_exactly_as_sent(sqlite_url: str) -> None:
    odd_community = 'cM.0001:hZ/eAST^~"Q ' + "x" * 43  # 64 characters, a space, mixed case
    twin = odd_community.swapcase()  # differs only in case: another community
    odd_sku = "6923456789012"  # the SKU ID is another SKU's barcode
    ids = {
        "communities": [odd_community, twin],
        "routes": ["rt-03", "线路\u300003"],
        "leaders": ["Ld 1", "团长\u00a02"],
        "skus": [odd_sku, "商品-10002（新）"],
        "suppliers": ["Sup 07: Co.", "d13c513a-42f8-4da1-97b1-165f0971b7c4"],
        "orders": ["Ord 20261126:1/Hz", "2026112600000002"],
        "lines": ['Ln "1" of Ord 1', "Ln 2", "202611260000000201"],
    }
    wave = {
        "communities": [
            community(ids["communities"][0], ids["routes"][0], ids["leaders"][0]),
            community(ids["communities"][1], ids["routes"][1], ids["leaders"][1]),
        ],
        "skus": [
            sku(ids["skus"][0], "6923456789029", ids["suppliers"][0]),
            sku(ids["skus"][1], "6923456789036", ids["suppliers"][1]),
        ],
        "orders": [
            order(
                ids["orders"][0],
                ids["communities"][0],
                [(ids["lines"][0], ids["skus"][0], 2), (ids["lines"][1], ids["skus"][1], 1)],
            ),
            order(ids["orders"][1], ids["communities"][1], [(ids["lines"][2], ids["skus"][0], 1)]),
        ],
    }
    with ScriptedServer() as server:
        serve(server, copy.deepcopy(wave), summary())
        assert cli_import(server, sqlite_url) == EXIT_OK
    store = Store.open(sqlite_url)
    with store.read() as s:
        assert sorted(s.scalars(select(tables.Community.community_id))) == sorted(
            ids["communities"]
        )
        assert sorted(s.scalars(select(tables.Community.route_id))) == sorted(ids["routes"])
        assert sorted(s.scalars(select(tables.Sku.sku_id))) == sorted(ids["skus"])
        assert sorted(s.scalars(select(tables.Order.order_id))) == sorted(ids["orders"])
