"""How long the route board takes to read on a big wave: a 3,000-community, 1,500-SKU,
600,000-line wave (the simulator's generator, as bench/scan_latency.py builds it), half sorted
by puts spread over the last three hours, with wrong-crate scans; then `route_board` (every
route and the tiles; then with the charts' series) and `route_detail` of one route, each timed
several times.

    .venv/bin/python bench/route_board.py [--communities 3000 --skus 1500 --lines 600000]

The dashboard runs `route_board` on a worker thread every few seconds while it is on screen, so
its time is the longest the numbers are behind, not a stall of the window.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import bench_wave
from sorter_app.services.views.route_board import route_board, route_detail
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.settings import RouteSettings, Settings
from sorter_app.store.database import Store

NOW = datetime(2026, 11, 26, 19, 0, tzinfo=UTC)  # 03:00 in Shanghai, the night of the 27th


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communities", type=int, default=3000)
    parser.add_argument("--skus", type=int, default=1500)
    parser.add_argument("--lines", type=int, default=600_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="keep the staged wave here (reused if present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "hub.sqlite"
        if path.exists():
            store = Store.open(f"sqlite:///{path}")
            wave_id = sqlite3.connect(path).execute("SELECT wave_id FROM waves").fetchone()[0]
        else:
            store, wave_id = _wave(path, args)
            puts = _half_sorted(path)
            print(f"(setup: {puts} puts over three hours)")
        routes = _route_ids(path)
        floor = _floor(path)
        print(
            f"floor (one plain sum over sort_tasks and one over puts, same run): "
            f"{floor * 1000:.0f} ms; the board's times below are also given as multiples of it"
        )
        settings = replace(
            Settings(), routes=RouteSettings(20, tuple((r, "05:10") for r in routes))
        )
        for series in (False, True):
            times: list[float] = []
            for _ in range(args.runs):
                started = time.perf_counter()
                board = route_board(store, wave_id, settings, clock=lambda: NOW, series=series)
                times.append(time.perf_counter() - started)
            states: dict[str, int] = {}
            for card in board.routes:
                states[card.state.value] = states.get(card.state.value, 0) + 1
            what = "with the charts' series" if series else "cards and tiles"
            print(
                f"route_board ({what}): {len(board.routes)} routes, states {states}; "
                f"median {statistics.median(times) * 1000:.0f} ms, "
                f"min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f} ({args.runs} runs); "
                f"{statistics.median(times) / floor:.1f}× the floor"
            )
        detail_times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            detail = route_detail(store, wave_id, routes[0], clock=lambda: NOW)
            detail_times.append(time.perf_counter() - started)
        print(
            f"route_detail ({len(detail.stops)} stops): "
            f"median {statistics.median(detail_times) * 1000:.0f} ms"
        )
        store.close()


def _wave(path: Path, args: argparse.Namespace) -> tuple[Store, str]:
    snapshot = bench_wave(args.communities, args.skus, args.lines)
    store = Store.open(f"sqlite:///{path}")
    started = time.perf_counter()
    store_snapshot(store, snapshot, source="api")
    print(f"(setup: wave imported and planned in {time.perf_counter() - started:.1f} s)")
    return store, snapshot.summary.wave_id


def _half_sorted(path: Path) -> int:
    """Every other sort task put in full into its community's first crate, a wrong-crate scan
    per 200 puts; written straight into the tables (the scan path is not what is measured)."""
    db = sqlite3.connect(path)
    tasks = db.execute(
        "SELECT t.id, t.wave_pk, t.sku_pk, t.community_pk, t.due_qty,"
        " (SELECT min(id) FROM crates c WHERE c.community_pk = t.community_pk)"
        " FROM sort_tasks t WHERE t.due_qty > 0 ORDER BY t.id"
    ).fetchall()
    chosen = tasks[::2]
    start = NOW - timedelta(hours=3)
    step = timedelta(hours=3) / max(len(chosen), 1)
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    db.execute("INSERT OR IGNORE INTO stations (station_id, last_seq, pending) VALUES ('B', 0, '')")
    puts, scans = [], []
    for i, (task, wave_pk, sku, community, due, crate) in enumerate(chosen):
        at = (start + step * i).replace(tzinfo=None).strftime(fmt)
        puts.append((wave_pk, task, crate, sku, community, due, f"b{i}", "B", f"W{i % 40:02d}", at))
        if i % 200 == 0:
            scans.append((f"w{i}", "B", i, wave_pk, f"W{i % 40:02d}", "seed", "x", at))
    db.executemany(
        "INSERT INTO puts (wave_pk, task_pk, crate_pk, sku_pk, community_pk, qty, scan_id,"
        " station_id, worker, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        puts,
    )
    db.executemany(
        "INSERT INTO scans (scan_id, station_id, seq, wave_pk, worker, mode, raw, result, level,"
        " decision, created_at) VALUES (?,?,?,?,?,?,?,'wrong_crate','intercept','{}',?)",
        scans,
    )
    db.executemany(
        "UPDATE sort_tasks SET put_qty = due_qty WHERE id = ?", [(t[0],) for t in chosen]
    )
    db.commit()
    db.close()
    return len(puts)


def _floor(path: Path) -> float:
    """The least any board must read: one sum over the wave's tasks and one over its puts
    (best of three; these 2-core machines vary 1.5-2× between runs)."""
    db = sqlite3.connect(path)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        db.execute("SELECT sum(due_qty), sum(put_qty) FROM sort_tasks").fetchall()
        db.execute("SELECT sum(qty) FROM puts").fetchall()
        best = min(best, time.perf_counter() - started)
    db.close()
    return best


def _route_ids(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    rows = [r for (r,) in db.execute("SELECT DISTINCT route_id FROM communities ORDER BY 1")]
    db.close()
    return rows


if __name__ == "__main__":
    main()
