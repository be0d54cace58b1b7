"""The app's own background jobs (sorter_app.ui.background): the receiving cut closes receiving
by a timer with no scan (once however many PCs run it: tests/integration/test_close_at_cut.py),
the customer-data purge runs once a day, and each job's last run shows in the jobs screen, a
failed one in red with its message."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sorter_app.services.jobs import RECEIVING_CUT, RETENTION
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.background import BackgroundWork
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor.jobs import FAILED_TEXT, JobsScreen
from sorter_app.ui.widgets.palette import Tone
from sorter_app.ui.widgets.rows import CHIP_ROLE
from tests.factories import small_wave
from tests.ui.supervisor_support import WAVE, make_ctx, screen_store, settle

# The small wave's order cutoff is 2026-11-26 20:00 in the hub's zone (UTC+8): a 23:30 cut time
# closes receiving that evening, at 15:30 UTC.
CUT = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)
LONG_AFTER_DELIVERY = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)  # 39 days after 2026-11-27


class StagedClock:
    """'Now' as the test sets it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        store_snapshot(s, small_wave(WAVE), source="api")
        yield s


def closures(store: Store) -> list[tuple[str, int | None]]:
    rc = tables.ReceivingClosure
    with store.read() as s:
        return [(cause, sku) for cause, sku in s.execute(select(rc.cause, rc.sku_pk)).all()]


def purged_at(store: Store) -> datetime | None:
    with store.read() as s:
        return s.scalar(select(tables.Wave.purged_at).where(tables.Wave.wave_id == WAVE))


def background(ctx: UiContext, clock: StagedClock) -> BackgroundWork:
    """The scheduled jobs looked at every 50 ms; the outbox once at the start."""
    return BackgroundWork(ctx, clock=clock, outbox_period_s=3600, schedule_tick_s=0.05)


def test_the_cut_timer_closes_receiving_with_no_scan(qtbot: QtBot, store: Store) -> None:
    ctx = make_ctx(store, settings={"receiving_cut_time": "23:30"})
    clock = StagedClock(CUT - timedelta(minutes=1))
    work = background(ctx, clock)
    work.start()
    try:
        qtbot.waitUntil(lambda: ctx.jobs.last(RECEIVING_CUT) is not None, timeout=10_000)
        assert closures(store) == []  # a minute before the cut: still open
        clock.now = CUT + timedelta(minutes=1)
        qtbot.waitUntil(lambda: closures(store) != [], timeout=10_000)
        qtbot.waitUntil(lambda: WAVE in ctx.jobs.last(RECEIVING_CUT).summary_en, timeout=10_000)  # type: ignore[union-attr]
    finally:
        work.shutdown()
    assert closures(store) == [("cut_time", None)]  # the whole wave, by the cut
    run = ctx.jobs.last(RECEIVING_CUT)
    assert run is not None and run.ok


def open_jobs(qtbot: QtBot, ctx: UiContext) -> JobsScreen:
    screen = JobsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def row_of(screen: JobsScreen, job: str) -> int:
    line = screen.line(job)
    assert line is not None
    return screen.lines.rows.index(line)


def chip(screen: JobsScreen, job: str) -> object:
    """The state chip's tone and icon (drawn beside the word)."""
    return screen.lines.data(screen.lines.index(row_of(screen, job), 1), CHIP_ROLE)


def test_the_purge_runs_once_a_day_and_its_result_shows_in_the_jobs_panel(
    qtbot: QtBot, store: Store
) -> None:
    ctx = make_ctx(store, settings={"retention_days": 30})
    screen = open_jobs(qtbot, ctx)
    assert screen.lines.text(row_of(screen, RETENTION), 1) == "尚未运行"
    assert chip(screen, RETENTION) == (Tone.NEUTRAL, "○")
    clock = StagedClock(LONG_AFTER_DELIVERY)
    work = background(ctx, clock)
    work.start()
    try:
        qtbot.waitUntil(
            lambda: screen.lines.text(row_of(screen, RETENTION), 1) == "正常", timeout=10_000
        )
        assert chip(screen, RETENTION) == (Tone.OK, "✔")
        first = ctx.jobs.last(RETENTION)
        qtbot.wait(300)  # several more ticks: not due again the same day
        assert ctx.jobs.last(RETENTION) == first
        clock.now += timedelta(days=1)
        qtbot.waitUntil(lambda: ctx.jobs.last(RETENTION) != first, timeout=10_000)
    finally:
        work.shutdown()
    assert purged_at(store) == LONG_AFTER_DELIVERY
    # The panel shows the second run, a day later, in the hub's zone (UTC+8).
    qtbot.waitUntil(
        lambda: screen.lines.text(row_of(screen, RETENTION), 2) == "01-06 10:00:00",
        timeout=10_000,
    )
    row = row_of(screen, RETENTION)
    assert screen.lines.text(row, 0) == "清除过期客户数据"
    assert first is not None and WAVE in first.summary_zh
    later = ctx.jobs.last(RETENTION)
    assert later is not None and later.ok and WAVE not in later.summary_en  # nothing left to purge


def test_a_failing_job_shows_as_failed_in_red_with_its_message(qtbot: QtBot, store: Store) -> None:
    ctx = make_ctx(store, settings={"retention_days": 0})  # the purge refuses to keep < 1 day
    screen = open_jobs(qtbot, ctx)
    work = background(ctx, StagedClock(LONG_AFTER_DELIVERY))
    work.start()
    try:
        qtbot.waitUntil(
            lambda: screen.lines.text(row_of(screen, RETENTION), 1) == "失败", timeout=10_000
        )
        assert chip(screen, RETENTION) == (Tone.BAD, "✖")
    finally:
        work.shutdown()
    row = row_of(screen, RETENTION)
    assert "keep customer data at least one day" in screen.lines.text(row, 3)
    colour = screen.lines.data(screen.lines.index(row, 1), Qt.ItemDataRole.ForegroundRole)
    assert colour.color() == FAILED_TEXT
    ok_row = row_of(screen, RECEIVING_CUT)
    assert screen.lines.data(screen.lines.index(ok_row, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert purged_at(store) is None


def test_the_app_snapshots_an_open_wave_and_forecasts_at_its_time(
    qtbot: QtBot, sqlite_url: str
) -> None:
    """The desktop app's runner polls the platform's open wave every [forecast] poll_minutes
    (a snapshot, not a wave) and makes the night's forecast once forecast_at has passed."""
    from zoneinfo import ZoneInfo

    from sorter_app.platform.simulator import VolumePattern
    from sorter_app.services.jobs import FORECAST, FORECAST_POLL
    from sorter_app.services.views.wave_queries import list_waves
    from sorter_app.store import forecast_repo
    from tests.platform_fixtures import TOKEN, running_platform

    zone = ZoneInfo("Asia/Shanghai")
    delivery = date(2026, 11, 27)
    store = Store.open(sqlite_url)
    try:
        with running_platform(initial_status="auto", volume=VolumePattern(400, 3)) as platform:
            morning = datetime(2026, 11, 26, 10, 0, tzinfo=zone)
            platform.sim.set_now(morning)
            ctx = make_ctx(store, platform_url=platform.server.url, platform_token=TOKEN)
            clock = StagedClock(morning.astimezone(UTC))
            work = background(ctx, clock)
            work.start()
            try:
                qtbot.waitUntil(lambda: ctx.jobs.last(FORECAST_POLL) is not None, timeout=15_000)
                with store.read() as s:
                    rows = forecast_repo.snapshots(s, ctx.settings.hub_id)
                rows = [r for r in rows if r.status == "open"]  # not yesterday's final count
                assert [r.taken_at for r in rows] == [morning]
                assert (
                    rows[0].line_count == platform.sim.wave_summary(rows[0].wave_id)["line_count"]
                )
                assert list_waves(store) == []  # polled, never imported
                assert ctx.jobs.last(FORECAST) is None  # 10:00: before forecast_at (15:00)
                # At 15:05 the night's forecast is made (from yesterday's final count, which the
                # poll stored), kept in the store and said on the jobs board.
                clock.now = datetime(2026, 11, 26, 15, 5, tzinfo=zone).astimezone(UTC)
                qtbot.waitUntil(lambda: ctx.jobs.last(FORECAST) is not None, timeout=15_000)
                run = ctx.jobs.last(FORECAST)
                assert run is not None and run.ok, run
                with store.read() as s:
                    made = forecast_repo.forecasts_made(s, ctx.settings.hub_id, [delivery])
                assert f"forecast {round(made[delivery])} lines" in run.summary_en
            finally:
                work.shutdown()
                settle(qtbot)
    finally:
        store.close()
