"""When the once-a-day forecast job is due (services/jobs.py:daily_is_due)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sorter_app.services.forecast.snapshots import poll_slot
from sorter_app.services.jobs import FORECAST, JobRun, daily_is_due

AT = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai


def _run(at: datetime, ok: bool = True) -> JobRun:
    return JobRun(FORECAST, at, ok, "", "")


def test_due_once_its_time_has_passed_and_not_again_that_day() -> None:
    assert not daily_is_due(None, AT - timedelta(seconds=1), AT)
    assert daily_is_due(None, AT, AT)
    assert daily_is_due(_run(AT - timedelta(days=1)), AT + timedelta(minutes=1), AT)
    assert not daily_is_due(_run(AT), AT + timedelta(hours=3), AT)


def test_a_failed_run_is_tried_again_after_the_retry_delay() -> None:
    failed = _run(AT, ok=False)
    assert not daily_is_due(failed, AT + timedelta(minutes=5), AT)
    assert daily_is_due(failed, AT + timedelta(minutes=10), AT)


def test_poll_slots_are_the_interval_rounded_down() -> None:
    assert poll_slot(AT + timedelta(minutes=29, seconds=59), 30) == AT
    assert poll_slot(AT + timedelta(minutes=30), 30) == AT + timedelta(minutes=30)
    assert poll_slot(AT + timedelta(minutes=14), 15) == AT
