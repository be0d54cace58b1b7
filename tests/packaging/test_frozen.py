"""The packaged app, built here as IT would get it (tools/build.py → dist/HubSorter/), run the way
IT and the stations run it: the console program's self-test, its version, and the windowed
program opening its window under Xvfb up to the station's login screen. Slow: a build takes
minutes. `.venv/bin/pytest -m slow tests/packaging/test_frozen.py`"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from sorter_app.self_test import STEPS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "HubSorter"
EXE = ".exe" if sys.platform == "win32" else ""


@pytest.fixture(scope="module")
def bundle() -> Iterator[Path]:
    built = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    yield BUNDLE


def frozen_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SORTER_", "PYTHON"))}
    env["SORTER_HOME"] = str(home)  # nothing of this machine's own data
    env.pop("QT_QPA_PLATFORM", None)  # the conftest's offscreen is not what a station has
    return env


def test_the_frozen_self_test_passes_every_step(bundle: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(bundle / f"sorter-app{EXE}"), "--self-test"],
        env=frozen_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "self-test passed 自检通过"
    assert sum(": ok (" in line for line in lines) == len(STEPS)
    # zxing-cpp is a test tool (dev extras) and stays out of the bundle: the frozen self-test
    # checks the PNG's structure; the barcode's reading is tested from source.
    assert "PNG (zxing-cpp not installed)" in done.stdout


def test_the_frozen_version_is_pyprojects(bundle: Path, tmp_path: Path) -> None:
    with (ROOT / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    done = subprocess.run(
        [str(bundle / f"sorter-app{EXE}"), "--version"],
        env=frozen_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == f"sorter-app {version}"


def test_the_bundle_holds_what_the_app_needs_and_nothing_pruned(bundle: Path) -> None:
    checked = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(
    shutil.which("xvfb-run") is None, reason="needs xvfb-run (apt-get install xvfb)"
)
def test_the_frozen_window_comes_up_to_the_login_screen(bundle: Path, tmp_path: Path) -> None:
    env = frozen_env(tmp_path)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text('hub_id = "HZ01"\n', encoding="utf-8")
    supervisor = subprocess.run(
        [str(bundle / f"sorter-app{EXE}"), "people", "add-supervisor", "S01", "李班长"],
        env={**env, "SORTER_SUPERVISOR_PIN": "1234"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert supervisor.returncode == 0, supervisor.stderr  # without one, set-up would open
    shown = subprocess.run(
        ["xvfb-run", "-a", str(bundle / f"HubSorter{EXE}"), "--self-test-window"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "login-screen-shown" in shown.stdout
    log = (tmp_path / "logs" / "hub-sorter.log").read_text(encoding="utf-8")
    assert "(frozen," in log and "self-test-window: login-screen-shown" in log
