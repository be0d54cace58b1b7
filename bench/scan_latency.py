"""Scan → decision latency, commit included, on a 3,000-community, 1,500-SKU, 600,000-line wave:
40,000 seeding scan pairs (SKU → put_target, crate → put_done), with p50/p99 per block of 5,000
pairs to show the night stays flat. In the same run, the floor: a bare single-row commit in the
same mode (SQLite: WAL, synchronous=FULL). `--db postgres` runs one station against a throwaway
PostgreSQL cluster (tests/pg_cluster.py; as the `postgres` user when run as root).

    .venv/bin/python bench/scan_latency.py [--pairs 40000 --lines 600000 --db sqlite|postgres]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import bench_wave, peak_rss_mb, percentile
from sorter_app.domain.crate_codes import gs1_check_digit
from sorter_app.domain.decisions import Result
from sorter_app.domain.wave import SkuStatus
from sorter_app.services.sorting.scanning import ScanStation, StationOptions
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=3000)
    parser.add_argument("--skus", type=int, default=1500)
    parser.add_argument("--lines", type=int, default=600_000)
    parser.add_argument("--pairs", type=int, default=40_000)
    parser.add_argument("--block", type=int, default=5_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, _database(Path(tmp), args.db) as (url, floor_of):
        store, wave_id, codes = _prepared_store(url, args)
        station = ScanStation(
            store,
            wave_id=wave_id,
            station_id="ST-B1",
            options=StationOptions(allow_sort_before_receiving=True),
        )
        sku_ms: list[float] = []
        crate_ms: list[float] = []
        blocks: list[list[float]] = [[]]
        pairs = 0
        index = 0
        while pairs < args.pairs:
            code = codes[index % len(codes)]
            index += 1
            started = time.perf_counter()
            target = station.scan(code, mode="seed")
            sku_ms.append((time.perf_counter() - started) * 1000)
            if target.result is not Result.PUT_TARGET:
                continue
            started = time.perf_counter()
            done = station.scan(target.crate_code or "", mode="seed")
            crate_ms.append((time.perf_counter() - started) * 1000)
            assert done.result is Result.PUT_DONE, done
            pairs += 1
            blocks[-1] += (sku_ms[-1], crate_ms[-1])
            if pairs % args.block == 0:
                blocks.append([])
        store.close()
        floor = floor_of(2000)
        every = sorted(sku_ms + crate_ms)
        print(
            f"{args.db}: {pairs} seeding pairs ({len(every)} scans) on {args.lines:,} lines / "
            f"{args.communities} communities:"
        )
        for name, values in (
            ("SKU scan → put_target", sorted(sku_ms)),
            ("crate scan → put_done", sorted(crate_ms)),
            ("all scans", every),
        ):
            print(
                f"  {name:<22} p50 {percentile(values, 50):6.2f} ms   p99 {percentile(values, 99):6.2f} ms"
            )
        print(
            f"  floor: bare single-row commit          p50 {percentile(floor, 50):6.2f} ms   "
            f"p99 {percentile(floor, 99):6.2f} ms"
        )
        print(
            f"  p99 / floor p99 = {percentile(every, 99) / percentile(floor, 99):.1f}x; "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )
        print(f"  per {args.block:,} pairs (all scans):")
        full = [sorted(b) for b in blocks if len(b) == 2 * args.block]
        for n, block in enumerate(full, 1):
            print(
                f"    block {n}: p50 {percentile(block, 50):6.2f} ms   "
                f"p99 {percentile(block, 99):6.2f} ms"
            )
        if len(full) > 1:
            last, first = percentile(full[-1], 99), percentile(full[0], 99)
            print(f"  last block p99 / first block p99 = {last / first:.2f}")


@contextmanager
def _database(tmp: Path, kind: str) -> Iterator[tuple[str, Callable[[int], list[float]]]]:
    """The database URL and the floor measured in the same kind of database."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'hub.sqlite'}", lambda n: _floor(tmp / "floor.sqlite", n)
        return
    from tests.pg_cluster import PgCluster, find_pg_bin

    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
    cluster = PgCluster(bin_dir).start()
    try:
        url = cluster.create_database("bench")
        floor_url = cluster.create_database("floor")
        yield url, lambda n: _pg_floor(floor_url, n)
    finally:
        cluster.stop()


def _prepared_store(url: str, args: argparse.Namespace) -> tuple[Store, str, list[str]]:
    snapshot = bench_wave(args.communities, args.skus, args.lines)
    store = Store.open(url)
    started = time.perf_counter()
    store_snapshot(store, snapshot, source="api")
    print(f"(setup: wave imported and planned in {time.perf_counter() - started:.1f} s)")
    codes = []
    for sku in snapshot.skus:
        if sku.status is not SkuStatus.ACTIVE:
            continue
        if sku.barcodes:
            codes.append(sku.barcodes[0])
        elif sku.plu:
            body = f"28{sku.plu}00480"
            codes.append(body + gs1_check_digit(body))
    return store, snapshot.summary.wave_id, codes


def _floor(path: Path, count: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    times = []
    for i in range(count):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (v) VALUES (?)", (f"scan {i}",))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return sorted(times)


def _pg_floor(url: str, count: int) -> list[float]:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    times = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (id SERIAL PRIMARY KEY, v TEXT)")
        for i in range(count):
            started = time.perf_counter()
            with conn.transaction():
                conn.execute("INSERT INTO t (v) VALUES (%s)", (f"scan {i}",))
            times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


if __name__ == "__main__":
    main()
