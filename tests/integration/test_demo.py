"""`sorter-app demo` prepares a working demo database from the built-in simulator."""

from __future__ import annotations

import pytest

from sorter_app.cli import main
from sorter_app.services.people.roster import badge_login, verify_supervisor_pin
from sorter_app.store.database import Store


def test_demo_imports_a_generated_wave_and_prints_how_to_try_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--no-ui", "--communities", "10", "--skus", "15", "--lines", "200"]) == 0
    out = capsys.readouterr().out
    assert "Hub Sorter demo" in out and "小区 10" in out and "sorter-app replay" in out
    db_path = out.split("demo database: ")[1].split()[0]
    assert main(["waves", "--json", "--db", f"sqlite:///{db_path}"]) == 0
    assert '"communities": 10' in capsys.readouterr().out


def test_the_demo_has_a_worker_to_scan_in_and_a_supervisor_to_unlock(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo", "--no-ui", "--communities", "3", "--skus", "4", "--lines", "20"]) == 0
    out = capsys.readouterr().out
    assert "W01 张三" in out and "BADGE-W01" in out
    assert "S01 李班长" in out and "PIN 1234" in out
    store = Store.open(f"sqlite:///{out.split('demo database: ')[1].split()[0]}")
    try:
        worker = badge_login(store, "W01")  # what scanning the BADGE-W01 card does
        assert (worker.name, worker.is_supervisor) == ("张三", False)
        supervisor = verify_supervisor_pin(store, "S01", "1234")
        assert (supervisor.name, supervisor.is_supervisor) == ("李班长", True)
    finally:
        store.close()


def test_the_demo_opens_with_weeks_of_history_for_the_forecast(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    assert main(["demo", "--no-ui", "--communities", "10", "--skus", "15", "--lines", "200"]) == 0
    out = capsys.readouterr().out
    assert "历史 28 晚 nights" in out and "MAPE" in out
    db_path = out.split("demo database: ")[1].split()[0]
    delivery = out.split("--date ")[1].split()[0]
    args = ["forecast", "--json", "--no-poll", "--db", f"sqlite:///{db_path}", "--date", delivery]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["history_nights"] == 28 and report["backtest_nights"] >= 7
    assert report["forecast"]["method"] == "blend"  # tonight's curve was polled up to 15:00
    assert report["routes"] and report["rates"]["sources"]["route_shares"] == "history"
    # Snapshots are not waves: the demo still lists its one wave.
    assert main(["waves", "--json", "--db", f"sqlite:///{db_path}"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [w["delivery_date"] for w in listed] == [delivery]
