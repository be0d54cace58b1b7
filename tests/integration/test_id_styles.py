"""The ID matrix: a tiny wave from platforms that spell their IDs every way the contract allows
(simulator `--id-style`), on SQLite and PostgreSQL, through the whole night end to end.

Import over HTTP, receive every SKU (one short), close receiving, seed every unit, labels (ZPL and
PDF), the manifest, load every crate (by its scan code or by the QR read off its ZPL label),
dispatch every route, sync. Then: every community got exactly its due, and the platform received
dispatches, reports and milestones naming its own IDs exactly as it served them.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sorter_app.cli import EXIT_OK, main
from sorter_app.domain.crate_codes import gs1_check_digit
from sorter_app.domain.decisions import Result
from sorter_app.platform.simulator.id_styles import ID_STYLES
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.platform_fixtures import DELIVERY, TOKEN, Platform, running_platform

HUB = "HZ01"
# 42 communities make two routes; 36 lines leave most of them without crates: a tiny wave. Seed 32
# gives crates to communities 1 and 2 (in `mixed`, 64 characters long and differing only in case),
# orders SKU 1 (64 characters in `mixed`) and route 1 (likewise), and weighed goods.
SIZES = {"communities": 42, "skus": 8, "lines": 36, "seed": 32}
MILESTONES = {"imported", "receiving", "sorting", "sorted", "dispatched"}


def weight_code(plu: str, grams: int) -> str:
    body = f"28{plu}{grams:05d}"
    return body + gs1_check_digit(body)


def unit_code(sku: dict[str, Any], i: int) -> str:
    """What is scanned for the i-th unit of a SKU: its barcode, or a scale label of 400+i g."""
    return weight_code(sku["plu"], 400 + i) if sku["weighed"] else sku["barcodes"][0]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """`sorter-app ARGV` in process; its stdout, after asserting status 0 and a quiet stderr."""
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == EXIT_OK, f"sorter-app {argv[0]} exited {code}: {err}"
    assert "Traceback" not in err
    return out


def read_index(folder: Path) -> list[tuple[str, str]]:
    """`index.csv` of a labels folder: (file name, crate ID); every file directly in the folder."""
    with (folder / "index.csv").open(encoding="utf-8-sig", newline="") as index_file:
        rows = list(csv.DictReader(index_file))
    for row in rows:
        assert (folder / row["file"]).parent == folder, row
    return [(row["file"], row["crate_id"]) for row in rows]


def decisions(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def zpl_qr_payload(zpl: str) -> str:
    """The text of the QR on a ZPL label: `^BQN...^FH^FDQA,<data>^FS`, ^FH escapes undone."""
    match = re.search(r"\^BQN[^\^]*\^FH\^FDQA,(.*?)\^FS", zpl, re.DOTALL)
    assert match, "no QR on the label"
    return re.sub(r"_([0-9A-Fa-f]{2})", lambda m: chr(int(m[1], 16)), match[1])


def served(platform: Platform, wave_id: str) -> dict[str, Any]:
    """What the platform served, with the derived facts the checks need."""
    wave = platform.sim.export_wave(wave_id)
    active = {s["sku_id"]: s for s in wave["skus"] if s["status"] == "active"}
    ordered: Counter[tuple[str, str]] = Counter()
    lines: dict[str, tuple[str, str, str]] = {}  # line_id -> (order_id, sku_id, community_id)
    for order in wave["orders"]:
        for line in order["lines"]:
            lines[line["line_id"]] = (order["order_id"], line["sku_id"], order["community_id"])
            if order["status"] == "closed" and line["sku_id"] in active:
                ordered[(order["community_id"], line["sku_id"])] += line["qty"]
    route_of = {c["community_id"]: c["route"]["route_id"] for c in wave["communities"]}
    return {
        "wave": wave,
        "active": active,
        "ordered": ordered,
        "lines": lines,
        "route_of": route_of,
    }


def store_crates(store: Store) -> list[dict[str, Any]]:
    """Every crate of the plan: scan code, crate ID, community, route, whether it holds units."""
    with store.read() as s:
        with_units = set(s.scalars(select(tables.Put.crate_pk)))
        rows = s.execute(
            select(
                tables.Crate.id,
                tables.Crate.scan_code,
                tables.Crate.crate_id,
                tables.Community.community_id,
                tables.Community.route_id,
            )
            .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
            .order_by(tables.Crate.id)
        ).all()
    return [
        {
            "scan_code": code,
            "crate_id": crate_id,
            "community_id": community_id,
            "route_id": route_id,
            "units": pk in with_units,
        }
        for pk, code, crate_id, community_id, route_id in rows
    ]


def store_tasks(store: Store) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(community_id, sku_id) -> (ordered, due, put) as the store holds them."""
    with store.read() as s:
        rows = s.execute(
            select(
                tables.Community.community_id,
                tables.Sku.sku_id,
                tables.SortTask.ordered_qty,
                tables.SortTask.due_qty,
                tables.SortTask.put_qty,
            )
            .join(tables.Community, tables.Community.id == tables.SortTask.community_pk)
            .join(tables.Sku, tables.Sku.id == tables.SortTask.sku_pk)
        ).all()
    totals: dict[tuple[str, str], tuple[int, int, int]] = {}
    for community_id, sku_id, ordered, due, put in rows:
        o, d, p = totals.get((community_id, sku_id), (0, 0, 0))
        totals[(community_id, sku_id)] = (o + ordered, d + due, p + put)
    return totals


@pytest.mark.parametrize("style", ID_STYLES)
def test_a_wave_in_any_id_style_goes_through_the_night(
    style: str,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    db = ["--db", db_url]
    with running_platform(id_style=style, **SIZES) as platform:
        [wave_id] = platform.sim.wave_ids_for(DELIVERY)
        facts = served(platform, wave_id)
        active, ordered = facts["active"], facts["ordered"]
        api = ["--api", platform.url, "--token", TOKEN]

        # Import over HTTP.
        run(capsys, "import", "--date", DELIVERY.isoformat(), "--hub", HUB, *api, *db)
        store = Store.open(db_url, migrate=False)
        request.addfinalizer(store.close)

        # Receive every SKU in full but one, which arrives 2 short (1 if only 1 was ordered).
        per_sku: Counter[str] = Counter()
        for (_, sku_id), qty in ordered.items():
            per_sku[sku_id] += qty
        short_sku = max(sorted(per_sku), key=lambda k: (per_sku[k], not active[k]["weighed"]))
        short_by = min(2, per_sku[short_sku])
        receive: list[str] = []
        for sku_id in sorted(per_sku):
            arrived = per_sku[sku_id] - (short_by if sku_id == short_sku else 0)
            sku = active[sku_id]
            if sku["weighed"]:
                receive += [unit_code(sku, i) for i in range(arrived)]
            elif arrived:
                receive.append(f"{unit_code(sku, 0)}*{arrived}")
        scans = tmp_path / "receive.txt"
        scans.write_text("\n".join(receive) + "\n", encoding="utf-8")
        out = run(capsys, "replay", "--wave", wave_id, "--station", "ST-01", "--mode", "receive",
                  str(scans), *db)  # fmt: skip
        assert {d["result"] for d in decisions(out)} == {"received"}, out
        run(capsys, "receiving", "close", "--wave", wave_id, *db)

        # Seed every unit: the product, then the crate's scan code.
        station = ScanStation(store, wave_id=wave_id, station_id="ST-02")
        for sku_id in sorted(per_sku):
            for i in range(per_sku[sku_id] + 1):
                target = station.scan(unit_code(active[sku_id], i), mode="seed")
                if target.result is not Result.PUT_TARGET:
                    break
                put = station.scan(target.crate_code or "", mode="seed")
                assert put.result is Result.PUT_DONE, put
                assert put.community_id == target.community_id
            assert target.result is not Result.PUT_TARGET, f"{sku_id}: more to put than ordered"

        # Labels and the manifest.
        crates = store_crates(store)
        community_of = {c["crate_id"]: c["community_id"] for c in crates}
        for fmt in ("zpl", "pdf"):
            folder = tmp_path / f"labels-{fmt}"
            run(capsys, "labels", "--wave", wave_id, "--format", fmt, "--out", str(folder), *db)
            index = read_index(folder)
            assert sorted(c for _, c in index) == sorted(community_of), f"{fmt}: index.csv"
            assert all((folder / name).is_file() for name, _ in index), f"{fmt}: files"
        # Each ZPL label is one label, and its QR names its crate, wave and community exactly.
        qr_of: dict[str, str] = {}
        for name, crate_id in read_index(tmp_path / "labels-zpl"):
            zpl = (tmp_path / "labels-zpl" / name).read_text("utf-8")
            # Names carry `^XZ~JA` and `^FS` in `mixed`: data must never end a label or run a command.
            assert (zpl.count("^XA"), zpl.count("^XZ"), zpl.count("~JA")) == (1, 1, 0), name
            payload = zpl_qr_payload(zpl)
            fields = payload.split("|")
            assert fields[:4] == ["HSQR1", crate_id, wave_id, community_of[crate_id]], payload
            qr_of[crate_id] = payload
        manifest = tmp_path / "manifest.pdf"
        run(capsys, "manifest", "--wave", wave_id, "--out", str(manifest), *db)
        assert manifest.read_bytes().startswith(b"%PDF")

        # Load every crate that holds units (every other one by its QR) and dispatch each route.
        routes = sorted({facts["route_of"][c] for c, _ in ordered})
        assert {c["route_id"] for c in crates} <= set(facts["route_of"].values())
        for route in routes:
            loads = [c for c in crates if c["route_id"] == route and c["units"]]
            codes = [qr_of[c["crate_id"]] if n % 2 else c["scan_code"] for n, c in enumerate(loads)]
            scans = tmp_path / "load.txt"
            scans.write_text("\n".join(codes) + "\n", encoding="utf-8")
            out = run(capsys, "replay", "--wave", wave_id, "--station", "ST-09", "--mode", "load",
                      "--route", route, str(scans), *db)  # fmt: skip
            loaded = decisions(out)
            refused = [
                (d["scan"], d["result"], d["message_en"]) for d in loaded if d["result"] != "loaded"
            ]
            assert not refused, f"route {route}: {refused}"
            assert [d["crate_id"] for d in loaded] == [c["crate_id"] for c in loads]
            run(capsys, "dispatch", "--wave", wave_id, "--route", route, *db)
        run(capsys, "sync", "--until-empty", "--timeout", "60", *api, *db)

        dispatches = platform.sim.dispatches(wave_id)
        reports = platform.sim.reports(wave_id)
        milestones = platform.sim.hub_status(wave_id)

    # Every community got exactly its due, under the platform's own IDs.
    tasks = store_tasks(store)
    assert {key: o for key, (o, _, _) in tasks.items() if o} == dict(ordered)
    assert all(put == due for _, due, put in tasks.values()), "a community got other than its due"
    shorted: Counter[str] = Counter()
    for (_, sku_id), (o, due, _) in tasks.items():
        shorted[sku_id] += o - due
    assert +shorted == Counter({short_sku: short_by})

    # The platform received its own IDs back, unchanged.
    put_by_community: Counter[str] = Counter()
    for (community_id, _), (_, _, put) in tasks.items():
        put_by_community[community_id] += put
    assert sorted(d["route_id"] for d in dispatches) == routes
    for dispatch in dispatches:
        route = dispatch["route_id"]
        entries = {e["community_id"]: e for e in dispatch["communities"]}
        assert set(entries) == {
            c for c, n in put_by_community.items() if n and facts["route_of"][c] == route
        }
        for community_id, entry in entries.items():
            assert entry["units"] == put_by_community[community_id]
            expected = sorted(
                c["crate_id"] for c in crates if c["community_id"] == community_id and c["units"]
            )
            assert sorted(entry["crate_ids"]) == expected
            for crate_id in entry["crate_ids"]:
                head = f"HS-{wave_id}-{community_id}-"
                assert crate_id.startswith(head) and crate_id[len(head) :].isdigit(), crate_id
            for weight in entry.get("weights", []):
                _, sku_id, line_community = facts["lines"][weight["line_id"]]
                assert (weight["sku_id"], line_community) == (sku_id, community_id)
    short_items = [i for r in reports if r["type"] == "shortage" for i in r["items"]]
    assert sum(i["qty"] for i in short_items) == short_by
    for item in short_items:
        order_id, sku_id, community_id = facts["lines"][item["line_id"]]
        assert (item["order_id"], item["sku_id"], item["community_id"]) == (
            order_id,
            sku_id,
            community_id,
        )
        assert sku_id == short_sku
    assert set(milestones) == MILESTONES


# The wave is the same in every style: make sure the matrix is not vacuous on any of them.
def test_the_matrix_wave_has_what_the_matrix_is_about() -> None:
    with running_platform(**SIZES) as platform:
        [wave_id] = platform.sim.wave_ids_for(DELIVERY)
        facts = served(platform, wave_id)
    communities = {c for c, _ in facts["ordered"]}
    skus = {k for _, k in facts["ordered"]}
    per_route: Counter[str] = Counter(facts["route_of"][c] for c in communities)
    assert sorted(per_route) == ["R01", "R02"]
    assert {"C0001", "C0002"} <= communities and len(communities) <= 20
    assert "S10001" in skus
    assert any(facts["active"][k]["weighed"] for k in skus)
