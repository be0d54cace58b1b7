"""Build the packaged app: PyInstaller on build.spec into dist/HubSorter/ (one folder, the windowed
`HubSorter` and the console `sorter-app`), then check what came out and say how big it is.

    .venv/bin/python tools/build.py            # build, check, print the size
    .venv/bin/python tools/build.py --check    # only check an existing dist/HubSorter

The same on Windows (dist\\HubSorter\\HubSorter.exe, sorter-app.exe); installer/hub-sorter.iss
packs that folder. The checks fail the build when a file the app reads at run time is missing
(migrations, resources, the package metadata behind --version), when a Qt module, plugin or
translation that was meant to be pruned is back, or when a link would dangle.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build"
BUNDLE = DIST / "HubSorter"
SIZE_TARGET_MB = 200  # unpacked, QtCharts included (the packaging issue)

EXE = ".exe" if sys.platform == "win32" else ""
# Present, or the frozen app fails at run time rather than at build time.
REQUIRED = (
    f"HubSorter{EXE}",
    f"sorter-app{EXE}",
    "_internal/sorter_app/store/migrations/env.py",
    "_internal/sorter_app/VERSION",
    "_internal/resources/i18n/hub_sorter_en.qm",
    "_internal/resources/sounds/intercept.wav",
    "_internal/resources/icons/hub-sorter.png",
)
# Pruned: none of these may be in the bundle.
FORBIDDEN = ("Qt6Qml", "Qt6Quick", "Qt6WebEngine", "Qt6Pdf", "Qt6VirtualKeyboard", "libqgtk3")


class BuildFailed(Exception):
    pass


def build() -> float:
    """Run PyInstaller; returns the seconds it took."""
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(ROOT / "build.spec"),
    ]
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise BuildFailed(f"PyInstaller failed (exit {done.returncode})")
    return time.monotonic() - started


def link_console_program(folder: Path = BUNDLE) -> bool:
    """On Linux the console and windowed programs are the same bytes (the console flag only
    changes a Windows executable's subsystem): `sorter-app` becomes a link to `HubSorter`, which
    saves a second copy of the archive inside it (~13 MB). True if linked."""
    windowed, console = folder / "HubSorter", folder / "sorter-app"
    if sys.platform == "win32" or console.is_symlink():
        return False
    if windowed.read_bytes() != console.read_bytes():
        return False
    console.unlink()
    console.symlink_to(windowed.name)
    return True


def bundle_bytes(folder: Path = BUNDLE) -> int:
    """Bytes on disk once unpacked: each file once, links not followed."""
    total, seen = 0, set()
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        stat = path.stat()
        if (stat.st_dev, stat.st_ino) in seen:
            continue
        seen.add((stat.st_dev, stat.st_ino))
        total += stat.st_size
    return total


def check(folder: Path = BUNDLE) -> list[str]:
    """What is wrong with the bundle; empty when nothing is."""
    problems = [f"missing {name}" for name in REQUIRED if not (folder / name).exists()]
    internal = folder / "_internal"
    if not any(internal.glob("hub_sorter-*.dist-info/METADATA")) and not any(
        internal.glob("hub_sorter*.egg-info/PKG-INFO")
    ):
        problems.append("missing the hub-sorter package metadata (sorter-app --version)")
    for path in folder.rglob("*"):
        name = path.name
        if any(word in name for word in FORBIDDEN):
            problems.append(f"pruned but present: {path.relative_to(folder)}")
        if path.is_symlink() and not path.exists():
            problems.append(f"dangling link: {path.relative_to(folder)}")
        if path.suffix == ".qm" and "translations" in path.parts and name != "qtbase_zh_CN.qm":
            problems.append(f"Qt translation not pruned: {path.relative_to(folder)}")
    if not any(internal.rglob("*Qt6Charts*")):
        problems.append("QtCharts is missing (the dashboard's charts)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check dist/HubSorter")
    args = parser.parse_args(argv)
    try:
        took = None if args.check else build()
        if took is not None:
            link_console_program()
    except BuildFailed as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    problems = check()
    size_mb = bundle_bytes() / 1e6
    if took is not None:
        print(f"built {BUNDLE} in {took:.0f} s")
    print(f"size {size_mb:.1f} MB unpacked (target <= {SIZE_TARGET_MB} MB)")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
