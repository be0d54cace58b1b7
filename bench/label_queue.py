"""The label caches' cost to the garbage collector, and queuing a wave's labels community by
community, on the 600,000-line, 3,000-community wave. Each measurement runs in a fresh process.

1. Caches: 5,000 crate labels to ZPL 100×100 after freezing the start-up objects (as the app
   does once its window is built), then the tracked objects the caches left and the time of a
   full `gc.collect()` (process CPU time, median of 9).
2. Queue: the first N communities' labels queued one community at a time with
   `queue_wave_labels` (as `bench/ui_stall.py` and the print centre do), CPU per label; then the
   same labels as one `queue_labels` call.

    .venv/bin/python bench/label_queue.py [--communities 200]
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.labels import WAVE, _wave_store
from printers.model import media
from printers.profiles import PrinterProfile
from printers.render import render_labels
from sorter_app.services.printing import print_queue
from sorter_app.services.views.crates_view import community_crates
from sorter_app.services.views.label_data import crate_labels
from sorter_app.store.database import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communities", type=int, default=200)
    parser.add_argument("--phase", choices=["caches", "queue", "one-call"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        {"caches": caches, "queue": queue, "one-call": one_call}[args.phase](args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        _wave_store(Path(tmp), 3000, 600_000).close()
        for phase in ("caches", "queue", "one-call"):
            db = Path(tmp) / f"{phase}.sqlite"
            shutil.copy(Path(tmp) / "hub.sqlite", db)  # each phase on an empty queue
            command = [sys.executable, __file__, "--phase", phase, "--db", str(db)]
            subprocess.run([*command, "--communities", str(args.communities)], check=True)


def caches(args: argparse.Namespace) -> None:
    store = Store.open(f"sqlite:///{args.db}")
    labels = crate_labels(store, WAVE)[:5000]
    store.close()
    del store
    gc.collect()
    gc.freeze()
    before = len(gc.get_objects())
    started = time.process_time()
    render_labels(labels, media("100x100", 203), "zpl")
    rendered = time.process_time() - started
    times = []
    for _ in range(9):  # the first few also untrack the new tuples, level by level
        started = time.process_time()
        gc.collect()
        times.append((time.process_time() - started) * 1000)
    print(
        f"caches: 5,000 ZPL labels in {rendered:.1f} s CPU left "
        f"{len(gc.get_objects()) - before:,} tracked objects; "
        f"gc.collect() {statistics.median(times):.1f} ms CPU (median of 9)"
    )


def _setup(args: argparse.Namespace) -> tuple[Store, PrinterProfile, list[str]]:
    store = Store.open(f"sqlite:///{args.db}")
    printer = PrinterProfile("lab", language="zpl", transport="folder", address=str(args.db.parent))
    communities = [c.community_id for c in community_crates(store, WAVE)]
    # The first community warms fonts and imports; the next N are measured.
    print_queue.queue_wave_labels(store, printer, WAVE, communities[0])
    return store, printer, communities[1 : args.communities + 1]


def queue(args: argparse.Namespace) -> None:
    store, printer, communities = _setup(args)
    started = time.process_time()
    jobs = sum(
        len(print_queue.queue_wave_labels(store, printer, WAVE, c).job_ids) for c in communities
    )
    cpu = time.process_time() - started
    print(
        f"queue: {len(communities)} communities one by one, {jobs:,} labels: {cpu:.2f} s CPU, "
        f"{cpu / len(communities) * 1000:.0f} ms per community, {cpu / jobs * 1000:.2f} ms "
        "per label"
    )


def one_call(args: argparse.Namespace) -> None:
    store, printer, communities = _setup(args)
    wanted = set(communities)
    labels = [x for x in crate_labels(store, WAVE) if x.community_id in wanted]
    started = time.process_time()
    jobs = len(print_queue.queue_labels(store, printer, labels))
    cpu = time.process_time() - started
    print(f"one call: {jobs:,} labels: {cpu:.2f} s CPU, {cpu / jobs * 1000:.2f} ms per label")


if __name__ == "__main__":
    main()
