"""`sorter-app --self-test` from source: every step passes here, and a broken installation (no
CJK font) fails its step with what to install and a non-zero exit."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pytest

from printers import fonts, layout
from sorter_app.cli import main
from sorter_app.self_test import LOGIN_SHOWN, STEPS, run_self_test
from sorter_app.settings import Paths


def test_the_self_test_passes_from_source_one_line_per_step() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sorter_app", "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=240,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    for name, _ in STEPS:
        [line] = [x for x in lines if x.startswith(f"{name}:")]
        assert line.startswith(f"{name}: ok ("), line
    assert "PNG decoded by zxing-cpp" in done.stdout  # the label was read back, not just made
    assert lines[-1] == "self-test passed 自检通过"


def test_a_missing_cjk_font_fails_its_step_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SORTER_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "_search_dirs", lambda: [])  # a PC without any CJK font
    layout.label_font.cache_clear()  # found once per process: forget the one found before
    layout.font.cache_clear()
    out = io.StringIO()
    try:
        assert run_self_test(out) == 1
    finally:
        layout.label_font.cache_clear()
        layout.font.cache_clear()
    lines = out.getvalue().splitlines()
    [font_line] = [x for x in lines if x.startswith("fonts 字体:")]
    assert "FAILED" in font_line and "fonts-wqy-microhei" in font_line
    # The other steps still ran: one failure does not hide the rest (labels need the font too).
    assert any(x.startswith("receive and sort 收货分拣: ok") for x in lines)
    assert [x.split(":")[0] for x in lines[:-1] if "FAILED" in x] == [
        "fonts 字体",
        "labels 标签",
    ]
    assert lines[-1] == "self-test: 2 step(s) FAILED"


def open_window_check() -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # a real X server
    return subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-m", "sorter_app", "--self-test-window"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.skipif(
    shutil.which("xvfb-run") is None, reason="needs xvfb-run (apt-get install xvfb)"
)
def test_the_window_check_waits_for_the_login_screen_and_refuses_the_set_up_wizard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first_run = open_window_check()  # no settings, no supervisor: the set-up wizard opens
    assert first_run.returncode == 1 and LOGIN_SHOWN not in first_run.stdout

    paths = Paths.for_user()
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    (paths.config_dir / "settings.toml").write_text('hub_id = "HZ01"\n', encoding="utf-8")
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "1234")
    assert main(["people", "add-supervisor", "S01", "李班长"]) == 0
    station = open_window_check()
    assert station.returncode == 0, station.stderr[-2000:]
    assert station.stdout.startswith(LOGIN_SHOWN)
