"""Scan → decision latency, commit included, on a 3,000-community, 1,500-SKU, 600,000-line wave in
SQLite: 20,000 seeding scan pairs (SKU → put_target, crate → put_done). In the same run, the
floor: a bare single-row SQLite commit in the same file mode (WAL, synchronous=FULL).

    .venv/bin/python bench/scan_latency.py [--pairs 20000 --lines 600000]
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

from bench._common import peak_rss_mb, percentile
from sorter_app.domain.crate_codes import gs1_check_digit
from sorter_app.domain.decisions import Result
from sorter_app.domain.wave import SkuStatus, WaveSnapshot
from sorter_app.platform import records
from sorter_app.platform.simulator.generator import generate_wave
from sorter_app.services.scanning import ScanStation, StationOptions
from sorter_app.services.wave_import import store_snapshot
from sorter_app.store.database import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=3000)
    parser.add_argument("--skus", type=int, default=1500)
    parser.add_argument("--lines", type=int, default=600_000)
    parser.add_argument("--pairs", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, wave_id, codes = _prepared_store(Path(tmp), args)
        station = ScanStation(
            store,
            wave_id=wave_id,
            station_id="ST-B1",
            options=StationOptions(allow_sort_before_receiving=True),
        )
        sku_ms, crate_ms = [], []
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
        floor = _floor(Path(tmp) / "floor.sqlite", 2000)
        every = sorted(sku_ms + crate_ms)
        print(
            f"{pairs} seeding pairs ({len(every)} scans) on {args.lines:,} lines / {args.communities} communities:"
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
            f"  floor: bare single-row commit (WAL, synchronous=FULL)  p50 {percentile(floor, 50):6.2f} ms   "
            f"p99 {percentile(floor, 99):6.2f} ms"
        )
        print(
            f"  p99 / floor p99 = {percentile(every, 99) / percentile(floor, 99):.1f}x; peak RSS {peak_rss_mb():.0f} MB"
        )


def _prepared_store(tmp: Path, args: argparse.Namespace) -> tuple[Store, str, list[str]]:
    data = generate_wave(
        seed=1,
        hub_id="HZ01",
        delivery_date=date(2026, 11, 27),
        communities=args.communities,
        skus=args.skus,
        lines=args.lines,
    )
    snapshot = WaveSnapshot(
        records.parse_wave_summary(data["wave"]),
        [records.parse_community(c) for c in data["communities"]],
        [records.parse_sku(s) for s in data["skus"]],
        [records.parse_order(o) for o in data["orders"]],
    )
    del data
    store = Store.open(f"sqlite:///{tmp / 'hub.sqlite'}")
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


if __name__ == "__main__":
    main()
