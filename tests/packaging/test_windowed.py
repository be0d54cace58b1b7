"""A windowed build has no console: `sys.stdout` and `sys.stderr` are None. Commands still run,
and what they would have printed (a doctor report, an error) is in the log file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sorter_app.cli import main
from sorter_app.logging_setup import log_file_path
from sorter_app.settings import Paths


def log_dir_db() -> Path:
    return Paths.for_user().data_dir / "hub.sqlite"


def test_without_a_console_the_report_and_errors_go_to_the_log(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["doctor", "--db", "sqlite:////nonexistent-dir/hub.sqlite"]) == 1
    db = "sqlite:///" + str(log_dir_db())
    replay = ["replay", "--db", db, "--wave", "NO-SUCH-WAVE", "--station", "S1", "--mode", "seed"]
    assert main([*replay, "-"]) != 0
    path = log_file_path()
    assert path is not None
    log = path.read_text(encoding="utf-8")
    assert "doctor: [WARN] database: sqlite:////nonexistent-dir/hub.sqlite" in log
    assert "doctor: 发现" in log  # the summary line, for support to read
    assert "NO-SUCH-WAVE" in log  # the refused command's reason
