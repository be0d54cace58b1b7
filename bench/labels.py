"""Label and document output speed: 5,000 crate labels to ZPL (target ≤ 5 s), to TSPL, and to one
PDF (target ≤ 30 s); 3,000 community manifests in one PDF (target ≤ 60 s); bytes per ZPL label;
peak RSS.

    .venv/bin/python bench/labels.py [--labels 5000 --manifests 3000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import peak_rss_mb
from printers.documents import render_manifests
from printers.model import media
from printers.render import render_labels
from printers.render.pdf_label import render_pdf_labels
from sorter_app.domain.wave import WaveSnapshot
from sorter_app.platform import records
from sorter_app.platform.simulator.generator import generate_wave
from sorter_app.services.views.document_data import manifests
from sorter_app.services.views.label_data import crate_labels
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--labels", type=int, default=5000)
    parser.add_argument("--manifests", type=int, default=3000)
    parser.add_argument("--lines", type=int, default=600_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = _wave_store(Path(tmp), args.manifests, args.lines)
        labels = crate_labels(store, "W20261127-HZ01")[: args.labels]
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
        started = time.perf_counter()
        data = manifests(store, "W20261127-HZ01")
        gathered = time.perf_counter() - started
        pdf = render_manifests(data)
        rendered = time.perf_counter() - started - gathered
        print(
            f"{len(data)} community manifests: data {gathered:.1f} s, PDF {rendered:.1f} s ({len(pdf) / 1e6:.1f} MB)"
        )
        print(f"peak RSS {peak_rss_mb():.0f} MB")


def _wave_store(tmp: Path, communities: int, lines: int) -> Store:
    data = generate_wave(
        seed=1,
        hub_id="HZ01",
        delivery_date=date(2026, 11, 27),
        communities=communities,
        skus=1500,
        lines=lines,
    )
    snapshot = WaveSnapshot(
        records.parse_wave_summary(data["wave"]),
        [records.parse_community(c) for c in data["communities"]],
        [records.parse_sku(s) for s in data["skus"]],
        [records.parse_order(o) for o in data["orders"]],
    )
    store = Store.open(f"sqlite:///{tmp / 'hub.sqlite'}")
    store_snapshot(store, snapshot, source="api")
    return store


if __name__ == "__main__":
    main()
