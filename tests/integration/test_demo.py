"""`sorter-app demo` prepares a working demo database from the built-in simulator."""

from __future__ import annotations

import pytest

from sorter_app.cli import main


def test_demo_imports_a_generated_wave_and_prints_how_to_try_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--no-ui", "--communities", "10", "--skus", "15", "--lines", "200"]) == 0
    out = capsys.readouterr().out
    assert "Hub Sorter demo" in out and "小区 10" in out and "sorter-app replay" in out
    db_path = out.split("demo database: ")[1].split()[0]
    assert main(["waves", "--json", "--db", f"sqlite:///{db_path}"]) == 0
    assert '"communities": 10' in capsys.readouterr().out
