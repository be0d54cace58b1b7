"""Helpers shared by the benchmarks: a simulator subprocess, peak memory, percentiles."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


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
