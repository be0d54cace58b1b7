"""The app's background jobs: when each is due, and what each last did.

The desktop app runs them on its own (sorter_app.ui.background): the outbox and print senders,
the claims pull, the receiving cut, the customer-data purge, the open waves' snapshots and the
night's forecast (sorter_app.services.forecast.scheduled). The rules of when a job is due are
pure functions here, tested without threads or clocks; `JobBoard` holds each job's last run for
the screens (the jobs panel, the token banner), shared between the threads that run the jobs and
the main thread that shows them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sorter_app.domain.errors import UserFacingError

# Job names: stable keys (the screens word them).
OUTBOX = "outbox"
PRINTING = "printing"
CLAIMS = "claims"
RECEIVING_CUT = "receiving_cut"
RETENTION = "retention"
FORECAST_POLL = "forecast_poll"  # snapshots of open waves' summaries, every [forecast] poll_minutes
FORECAST = "forecast"  # the night's forecast, once a day at [forecast] forecast_at

# A failed daily job is tried again after this long, not a day later.
RETRY_FAILED_AFTER = timedelta(minutes=10)
# The cut closes waves whose cut moment passed within this long: a wave of last month left open
# is a supervisor's to close, not something to report shortages for on the next start.
CUT_LOOKBACK = timedelta(days=2)


@dataclass(frozen=True)
class JobRun:
    """One run of a job: when, whether it worked, and what it did (or the error), in both
    languages."""

    job: str
    at: datetime
    ok: bool
    summary_zh: str
    summary_en: str

    def summary(self, language: str) -> str:
        return self.summary_en if language.lower().startswith("en") else self.summary_zh


def succeeded(job: str, at: datetime, summary_zh: str, summary_en: str) -> JobRun:
    return JobRun(job, at, True, summary_zh, summary_en)


def failed(job: str, at: datetime, error: BaseException) -> JobRun:
    """A run that raised: a user-facing error's own words, else its type and text."""
    if isinstance(error, UserFacingError):
        return JobRun(job, at, False, error.message_zh, error.message_en)
    text = f"{type(error).__name__}: {error}"
    return JobRun(job, at, False, text, text)


def is_due(
    last: JobRun | None,
    now: datetime,
    every: timedelta,
    retry_failed_after: timedelta = RETRY_FAILED_AFTER,
) -> bool:
    """Whether a periodic job should run now: never run, or its period (after a failure, the
    shorter retry delay) has passed since the last run."""
    if last is None:
        return True
    wait = every if last.ok else min(every, retry_failed_after)
    return now - last.at >= wait


def daily_is_due(
    last: JobRun | None,
    now: datetime,
    at: datetime,
    retry_failed_after: timedelta = RETRY_FAILED_AFTER,
) -> bool:
    """Whether a once-a-day job is due: today's moment `at` has passed and it has not run since
    (a failed run is tried again after the retry delay). Several PCs may each run it: the job
    itself checks the store for another PC's run."""
    if now < at:
        return False
    if last is None or last.at < at:
        return True
    return not last.ok and now - last.at >= retry_failed_after


def cut_is_due(cut_at: datetime, now: datetime, lookback: timedelta = CUT_LOOKBACK) -> bool:
    """Whether a wave still open for receiving is closed by its receiving cut now: the cut moment
    has passed, recently enough (see CUT_LOOKBACK)."""
    return cut_at <= now < cut_at + lookback


class JobBoard:
    """Each job's last run, and whether the platform refused the token (the outbox is paused).

    Written by the background threads, read by the screens: every access holds the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[str, JobRun] = {}
        self._token_refused = False

    def record(self, run: JobRun) -> None:
        with self._lock:
            self._runs[run.job] = run

    def last(self, job: str) -> JobRun | None:
        with self._lock:
            return self._runs.get(job)

    def runs(self) -> list[JobRun]:
        """The last run of each job that ran, by job name."""
        with self._lock:
            return [self._runs[name] for name in sorted(self._runs)]

    @property
    def token_refused(self) -> bool:
        with self._lock:
            return self._token_refused

    def set_token_refused(self, refused: bool) -> None:
        with self._lock:
            self._token_refused = refused
