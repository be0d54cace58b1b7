"""`sorter-app --self-test` from source: every step passes here, and a broken installation (no
CJK font) fails its step with what to install and a non-zero exit."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from printers import fonts, layout
from sorter_app.self_test import STEPS, run_self_test


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
