"""Label and document output speed: 5,000 crate labels to ZPL (target ≤ 5 s), to TSPL, and to one
PDF (target ≤ 30 s); bytes per ZPL label; peak RSS. Then, in a fresh process, the 3,000 community
manifests of the wave route by route (target ≤ 60 s) and the RSS they add (target ≤ 300 MB).

    .venv/bin/python bench/labels.py [--labels 5000 --manifests 3000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import bench_wave, peak_rss_mb
from printers.model import media
from printers.render import render_labels
from printers.render.pdf_label import render_pdf_labels
from sorter_app.services.printing import documents
from sorter_app.services.views import document_data
from sorter_app.services.views.label_data import crate_labels
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store

WAVE = "W20261127-HZ01"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labels", type=int, default=5000)
    parser.add_argument("--manifests", type=int, default=3000)
    parser.add_argument("--lines", type=int, default=600_000)
    parser.add_argument("--manifest-phase", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.manifest_phase:
        manifest_phase(args.manifest_phase)
        return
    with tempfile.TemporaryDirectory() as tmp:
        store = _wave_store(Path(tmp), args.manifests, args.lines)
        labels = crate_labels(store, WAVE)[: args.labels]
        print(
            f"{len(labels)} crate labels from a {args.lines:,}-line wave of {args.manifests} communities"
        )
        for size in ("100x100", "60x40"):
            m = media(size, 203)
            for fmt in ("zpl", "tspl"):
                started = time.perf_counter()
                out = render_labels(labels, m, fmt)
                elapsed = time.perf_counter() - started
                per = sum(len(b) for b in out) / len(out)
                print(
                    f"  {fmt.upper():<4} {size} 203 dpi: {elapsed:5.1f} s  ({per / 1024:.1f} KB per label)"
                )
            started = time.perf_counter()
            pdf = render_pdf_labels(labels, m)
            print(
                f"  PDF  {size}: {time.perf_counter() - started:5.1f} s  ({len(pdf) / 1e6:.1f} MB, one file)"
            )
        print(f"peak RSS of the label phases {peak_rss_mb():.0f} MB")
        # A fresh process: ru_maxrss is a lifetime peak, and memory the label phases freed
        # would otherwise be reused and hide what the manifests need.
        subprocess.run(
            [sys.executable, __file__, "--manifest-phase", str(Path(tmp) / "hub.sqlite")],
            check=True,
        )


def manifest_phase(db: Path) -> None:
    """The whole wave's manifests as the print centre and `sorter-app manifest` make them (one
    PDF per route, joined into one file), with the RSS this adds: sampled every 5 ms."""
    store = Store.open(f"sqlite:///{db}")
    document_data.route_ids(store, WAVE)  # warm: imports, the first connection
    before = _rss_mb()
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started, cpu = time.perf_counter(), time.process_time()
    doc = documents.manifests(store, WAVE)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    done.set()
    sampler.join()
    after = _rss_mb()
    peak[0] = max(peak[0], after)
    print(
        f"{len(doc.sections)} community manifests, {len(doc.parts)} routes: {elapsed:.1f} s "
        f"({cpu:.1f} s CPU; "
        f"data and PDF route by route, then joined: {doc.pages:,} pages, "
        f"{len(doc.pdf) / 1e6:.1f} MB)"
    )
    print(
        f"RSS before {before:.0f} MB, peak during {peak[0]:.0f} MB, after {after:.0f} MB: "
        f"manifest phase added {peak[0] - before:.0f} MB RSS"
    )


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _wave_store(tmp: Path, communities: int, lines: int) -> Store:
    snapshot = bench_wave(communities, 1500, lines)
    store = Store.open(f"sqlite:///{tmp / 'hub.sqlite'}")
    store_snapshot(store, snapshot, source="api")
    return store


if __name__ == "__main__":
    main()
