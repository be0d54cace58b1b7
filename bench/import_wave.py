"""Import a 3,000-community, 1,500-SKU, 600,000-line wave from the simulator over loopback HTTP
into a fresh SQLite file; print lines/s and peak RSS, and the floor: the same rows inserted by a
bare executemany into a fresh SQLite file.

    .venv/bin/python bench/import_wave.py [--communities 3000 --skus 1500 --lines 600000]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import peak_rss_mb, simulator_process
from sorter_app.platform.client import PlatformClient
from sorter_app.services.waves.wave_import import import_date
from sorter_app.store.database import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=3000)
    parser.add_argument("--skus", type=int, default=1500)
    parser.add_argument("--lines", type=int, default=600_000)
    args = parser.parse_args()
    delivery = date(2026, 11, 27)
    with (
        tempfile.TemporaryDirectory() as tmp,
        simulator_process(communities=args.communities, skus=args.skus, lines=args.lines) as url,
    ):
        store = Store.open(f"sqlite:///{Path(tmp) / 'hub.sqlite'}")
        client = PlatformClient(url, "bench")
        # Warm the simulator's generator so its one-off generation is not billed to the import.
        client.waves("HZ01", delivery)
        started = time.perf_counter()
        stage_at: dict[str, float] = {}

        rss_at: dict[str, float] = {}

        def progress(p: object) -> None:
            stage = getattr(p, "stage", "")
            stage_at.setdefault(stage, time.perf_counter())
            rss_at.setdefault(stage, peak_rss_mb())

        [result] = import_date(store, client, "HZ01", delivery, progress=progress).results
        elapsed = time.perf_counter() - started
        assert result.outcome == "imported", result.error
        fetch = stage_at["writing"] - started
        imported = stage_at["planning"] - started
        plan = elapsed - imported
        print(
            f"import: {result.lines} lines, {result.orders} orders, {result.communities} communities, "
            f"{result.skus} SKUs in {imported:.1f} s = {result.lines / imported:,.0f} lines/s "
            f"(fetch+validate {fetch:.1f} s, write+commit {imported - fetch:.1f} s)"
        )
        print(
            f"crate planning right after (own transaction): {plan:.1f} s; "
            f"import and plan together {elapsed:.1f} s = {result.lines / elapsed:,.0f} lines/s"
        )
        print(
            f"peak RSS of the importing process: {peak_rss_mb():.0f} MB "
            f"(after fetch {rss_at['writing']:.0f} MB, after write {rss_at['planning']:.0f} MB)"
        )
        snapshot_rows = _rows_for_floor(client, f"W{delivery:%Y%m%d}-HZ01")
        floor = _floor(Path(tmp) / "floor.sqlite", snapshot_rows)
        print(
            f"floor (bare executemany of the same {len(snapshot_rows[3]):,} lines and their orders, "
            f"communities, SKUs into a fresh SQLite file): {floor:.1f} s = {len(snapshot_rows[3]) / floor:,.0f} lines/s"
        )


def _rows_for_floor(
    client: PlatformClient, wave_id: str
) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
    snapshot = client.fetch_wave(wave_id)
    communities = [
        (
            c.community_id,
            c.name,
            c.leader.name,
            c.leader.phone,
            c.pickup_address,
            c.route.route_id,
            c.stop_seq,
        )
        for c in snapshot.communities
    ]
    skus = [
        (s.sku_id, s.name, s.spec, s.temperature.value, s.units_per_crate) for s in snapshot.skus
    ]
    orders = [
        (
            o.order_id,
            o.community_id,
            o.customer.nickname,
            o.customer.pickup_code,
            o.placed_at.isoformat(),
            o.status.value,
        )
        for o in snapshot.orders
    ]
    lines = [
        (line.line_id, o.order_id, line.sku_id, line.qty)
        for o in snapshot.orders
        for line in o.lines
    ]
    return communities, skus, orders, lines


def _floor(path: Path, rows: tuple[list[tuple], list[tuple], list[tuple], list[tuple]]) -> float:
    communities, skus, orders, lines = rows
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE c (id TEXT PRIMARY KEY, name, leader, phone, address, route, stop)")
    conn.execute("CREATE TABLE s (id TEXT PRIMARY KEY, name, spec, temperature, upc)")
    conn.execute(
        "CREATE TABLE o (id TEXT PRIMARY KEY, community, nickname, pickup, placed_at, status)"
    )
    conn.execute("CREATE TABLE l (id TEXT PRIMARY KEY, order_id, sku, qty)")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO c VALUES (?,?,?,?,?,?,?)", communities)
    conn.executemany("INSERT INTO s VALUES (?,?,?,?,?)", skus)
    conn.executemany("INSERT INTO o VALUES (?,?,?,?,?,?)", orders)
    conn.executemany("INSERT INTO l VALUES (?,?,?,?)", lines)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


if __name__ == "__main__":
    main()
