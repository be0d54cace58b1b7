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


def test_the_demo_opens_with_weeks_of_aggregates_for_the_trends(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from datetime import date, timedelta

    from sorter_app.services.views import trends

    assert main(["demo", "--no-ui", "--communities", "10", "--skus", "15", "--lines", "200"]) == 0
    out = capsys.readouterr().out
    db_path = out.split("demo database: ")[1].split()[0]
    delivery = date.fromisoformat(out.split("--date ")[1].split()[0])
    store = Store.open(f"sqlite:///{db_path}")
    try:
        first, last = delivery - timedelta(days=28), delivery
        nights = trends.history(store, first, last)
        # The 28 nights before tonight's (the forecast's history), tonight's own not finished.
        assert [w.totals.delivery_date for w in nights] == [
            delivery - timedelta(days=back) for back in range(28, 0, -1)
        ]
        for wave in nights:
            t = wave.totals
            assert t.units_put == t.units_ordered - t.units_shorted - t.units_damaged > 0
            assert t.cutoff_at < t.imported_at < t.first_receipt_at < t.sorting_at < t.sorted_at
            assert t.sorted_at < t.dispatched_at and len(wave.workers) == 10
            assert all(r.departure_at is not None for r in wave.routes)
        routes = trends.routes(store, first, last, "week")
        assert sum(r.late for r in routes) > 0 and sum(r.on_time for r in routes) > 0
        assert trends.losses(store, first, last, "week")
        hub = [r for r in trends.productivity(store, first, last) if r.worker == trends.ALL_WORKERS]
        assert len(hub) == 28 and all(200 < r.puts_per_hour < 5_000 for r in hub)
    finally:
        store.close()
