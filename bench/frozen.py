"""The packaged app: bundle size (target ≤ 200 MB unpacked, QtCharts included) and start to the
login screen (target ≤ 2 s, median of 5 starts after one warm-up), with two references from the
same run: the frozen `sorter-app --version` (bootloader, Python and the command line's imports) and
the same window from source. The CPU time of each start is printed too: on a shared machine it
varies less than the wall clock.

    .venv/bin/python bench/frozen.py [--build] [--runs 5]

The window runs on one Xvfb server started for the whole run (xvfb-run per start would add the X
server's own start). A start is timed from spawning `HubSorter --self-test-window` to the moment
the app prints that the login screen was painted (its clock, this machine's). "Cold" is a new
process each time; the files are in the OS cache after the warm-up, as on a station's second start.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sorter_app.self_test import LOGIN_SHOWN  # noqa: E402
from tools.build import BUNDLE, bundle_bytes, link_console_program  # noqa: E402
from tools.build import build as build_bundle  # noqa: E402

EXE = ".exe" if sys.platform == "win32" else ""


@contextmanager
def xvfb() -> Iterator[str]:
    """An X server on a free display; yields its DISPLAY."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as f:
        display = f.readline().strip()
    try:
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def station_home(folder: Path) -> dict[str, str]:
    """A station with settings and a supervisor, so that the app goes to the login screen."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SORTER_")}
    env["SORTER_HOME"] = str(folder)
    env.pop("QT_QPA_PLATFORM", None)
    (folder / "config").mkdir(parents=True, exist_ok=True)
    (folder / "config" / "settings.toml").write_text('hub_id = "HZ01"\n', encoding="utf-8")
    subprocess.run(
        [str(BUNDLE / f"sorter-app{EXE}"), "people", "add-supervisor", "S01", "李班长"],
        env={**env, "SORTER_SUPERVISOR_PIN": "1234"},
        check=True,
        capture_output=True,
    )
    return env


CPU_SECONDS: dict[str, list[float]] = {}  # per command: the process's own CPU time, whole run


def time_to_login(command: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU_SECONDS.setdefault(command[0], []).append(cpu)
    for line in done.stdout.splitlines():
        if line.startswith(LOGIN_SHOWN):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no login screen (exit {done.returncode}): {done.stderr[-500:]}")


def time_process(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - started


def measure(runs: int, what: object, *args: object) -> list[float]:
    what(*args)  # type: ignore[operator]  # the warm-up: files into the OS cache
    return [what(*args) for _ in range(runs)]  # type: ignore[operator]


def describe(times: list[float]) -> str:
    return (
        f"median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}; {', '.join(f'{t:.2f}' for t in times)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="build dist/HubSorter first")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.build:
        print(f"build: {build_bundle():.0f} s")
        link_console_program()
    if not (BUNDLE / f"HubSorter{EXE}").exists():
        raise SystemExit("no dist/HubSorter: run tools/build.py first, or pass --build")
    size = bundle_bytes()
    internal = BUNDLE / "_internal"
    qt = bundle_bytes(internal / "PySide6")
    print(f"bundle: {size / 1e6:.1f} MB unpacked (PySide6 and Qt {qt / 1e6:.1f} MB)")
    with tempfile.TemporaryDirectory() as folder, xvfb() as display:
        env = {**station_home(Path(folder)), "DISPLAY": display}
        frozen = [str(BUNDLE / f"HubSorter{EXE}"), "--self-test-window"]
        source = [sys.executable, "-m", "sorter_app", "--self-test-window"]
        version = [str(BUNDLE / f"sorter-app{EXE}"), "--version"]
        rows = [
            ("frozen start to login screen", time_to_login, frozen),
            ("source start to login screen", time_to_login, source),
            ("frozen --version (reference)", time_process, version),
        ]
        for label, timer, command in rows:
            print(f"{label}: {describe(measure(args.runs, timer, command, env))}")
            if command[0] in CPU_SECONDS:  # the warm-up's is left out, as for the wall clock
                print(f"  CPU time per start: {describe(CPU_SECONDS[command[0]][1:])}")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
