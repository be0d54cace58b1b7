"""Helpers shared by the benchmarks: a simulator subprocess, peak memory, percentiles, the bench
wave."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sorter_app.domain.wave import WaveSnapshot


def bench_wave(communities: int, skus: int, lines: int) -> WaveSnapshot:
    """The simulator's wave of HZ01 for 2026-11-27 (seed 1) at this size, parsed as an import
    would parse it."""
    from sorter_app.domain.wave import WaveSnapshot
    from sorter_app.platform import records
    from sorter_app.platform.simulator.generator import generate_wave

    data = generate_wave(
        seed=1,
        hub_id="HZ01",
        delivery_date=date(2026, 11, 27),
        communities=communities,
        skus=skus,
        lines=lines,
    )
    return WaveSnapshot(
        records.parse_wave_summary(data["wave"]),
        [records.parse_community(c) for c in data["communities"]],
        [records.parse_sku(s) for s in data["skus"]],
        [records.parse_order(o) for o in data["orders"]],
    )


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(sorted_values: list[float], p: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[index]


@contextmanager
def simulator_process(
    *, communities: int, skus: int, lines: int, token: str = "bench", seed: int = 1
) -> Iterator[str]:
    """A simulator in its own process (its CPU and memory are not the importer's)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sorter_app.platform.simulator.cli",
            "--port",
            "0",
            "--seed",
            str(seed),
            "--communities",
            str(communities),
            "--skus",
            str(skus),
            "--lines",
            str(lines),
            "--token",
            token,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"simulator did not start: {line!r}")
        yield line.strip().rsplit(" ", 1)[1]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
