"""When the app's background jobs are due (services/jobs.py): pure rules, no threads, no clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sorter_app.domain.errors import UserFacingError
from sorter_app.services.jobs import (
    RETENTION,
    JobBoard,
    JobRun,
    cut_is_due,
    failed,
    is_due,
    succeeded,
)

T0 = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def run(at: datetime, ok: bool = True) -> JobRun:
    return JobRun(RETENTION, at, ok, "好", "fine")


def test_a_job_never_run_is_due() -> None:
    assert is_due(None, T0, DAY)


def test_a_daily_job_is_due_a_day_after_its_last_run_and_not_before() -> None:
    assert not is_due(run(T0), T0 + DAY - timedelta(seconds=1), DAY)
    assert is_due(run(T0), T0 + DAY, DAY)


def test_a_failed_daily_job_is_tried_again_after_minutes_not_a_day() -> None:
    assert not is_due(run(T0, ok=False), T0 + timedelta(minutes=9), DAY)
    assert is_due(run(T0, ok=False), T0 + timedelta(minutes=10), DAY)
    # A job more frequent than the retry delay keeps its own period.
    assert is_due(run(T0, ok=False), T0 + timedelta(seconds=30), timedelta(seconds=30))


def test_the_cut_is_due_once_its_moment_has_passed_and_only_recently() -> None:
    assert not cut_is_due(T0, T0 - timedelta(seconds=1))
    assert cut_is_due(T0, T0)
    assert cut_is_due(T0, T0 + timedelta(hours=47))
    assert not cut_is_due(T0, T0 + timedelta(days=2))  # a wave left open long ago: a person's


def test_a_failed_run_carries_the_error_in_both_languages() -> None:
    plain = failed(RETENTION, T0, ValueError("disk full"))
    assert not plain.ok and plain.summary("en") == "ValueError: disk full"
    worded = failed(RETENTION, T0, UserFacingError("磁盘已满", "The disk is full"))
    assert worded.summary("zh_CN") == "磁盘已满" and worded.summary("en") == "The disk is full"


def test_the_board_keeps_each_jobs_last_run_and_the_token_state() -> None:
    board = JobBoard()
    board.record(succeeded(RETENTION, T0, "一", "one"))
    board.record(succeeded(RETENTION, T0 + DAY, "二", "two"))
    board.record(succeeded("outbox", T0, "三", "three"))
    last = board.last(RETENTION)
    assert last is not None and last.summary_en == "two"
    assert [r.job for r in board.runs()] == ["outbox", RETENTION]
    assert not board.token_refused
    board.set_token_refused(True)
    assert board.token_refused
