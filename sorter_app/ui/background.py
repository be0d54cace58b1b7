"""The app's background jobs, each on its own daemon thread, stopped when the app closes: the
outbox to the platform, the print queue to the printers, the leaders' claims pulled on their
schedule, and the scheduled jobs (receiving closed at its cut time even when nobody scans;
customer data past the retention setting purged, finished waves aggregated and old detail
deleted once a day).

They only call services, over the parts the one wiring builds (`ctx.core`: sorter_app.bootstrap).
When a job is due is decided by sorter_app.services.jobs; each run's result (or its error) goes on
the context's job board (`ctx.jobs`) and `ctx.events.jobs_changed` tells the screens (the jobs
panel, the token banner) to look again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sorter_app.services import jobs
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.forecast import scheduled as forecast_jobs
from sorter_app.services.jobs import JobRun, failed, is_due, succeeded
from sorter_app.services.receiving.receiving_cut import close_at_cut
from sorter_app.services.reporting.claims import pull_claims, recently_dispatched_waves
from sorter_app.services.waves.platform_link import client_if_configured
from sorter_app.services.waves.retention import run_retention
from sorter_app.ui.context import UiContext

log = logging.getLogger(__name__)

OUTBOX_PERIOD_S = 5.0
PRINT_PERIOD_S = 2.0
CLAIMS_PERIOD_S = 600.0
SCHEDULE_TICK_S = 30.0  # how often the scheduled jobs (the cut, the purge) are looked at
RETENTION_EVERY = timedelta(days=1)

Step = Callable[[datetime], JobRun | None]


class BackgroundWork:
    def __init__(
        self,
        ctx: UiContext,
        *,
        clock: Clock = utc_now,
        outbox_period_s: float = OUTBOX_PERIOD_S,
        schedule_tick_s: float = SCHEDULE_TICK_S,
    ) -> None:
        self.ctx = ctx
        self.clock = clock
        self.outbox_period_s = outbox_period_s
        self.schedule_tick_s = schedule_tick_s
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.outbox_paused_for_auth = False
        # Platform waves whose entries wait for a platform URL or token (wave ID -> entries).
        self.outbox_waiting_for_platform: dict[str, int] = {}

    def start(self) -> None:
        self._spawn(jobs.OUTBOX, self._send_outbox, self.outbox_period_s)
        self._spawn(jobs.CLAIMS, self._pull_claims, CLAIMS_PERIOD_S)
        self._spawn("scheduled", self._scheduled, self.schedule_tick_s)
        if self.ctx.settings.printers:
            self._spawn(jobs.PRINTING, self._send_prints, PRINT_PERIOD_S)

    def shutdown(self, timeout: float = 5.0) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout)

    def _spawn(self, name: str, step: Step, period: float) -> None:
        def loop() -> None:
            while not self.stop.is_set():
                self.run_job(name, step)
                self.stop.wait(period)

        thread = threading.Thread(target=loop, name=f"hub-sorter-{name}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def run_job(self, name: str, step: Step) -> JobRun | None:
        """One run of a job: its result, or its failure, goes on the board (a failing run never
        ends the job's thread)."""
        at = self.clock()
        try:
            run = step(at)
        except Exception as exc:
            log.exception("background %s round failed", name)
            run = failed(name, at, exc)
        if run is not None:
            self.ctx.jobs.record(run)
            self.ctx.events.jobs_changed.emit(name)
        return run

    # --- the jobs ----------------------------------------------------------------------------

    def _send_outbox(self, at: datetime) -> JobRun:
        # Built each round from the context as it is now: a token saved meanwhile is used.
        result = self.ctx.core.send_outbox()
        self.outbox_paused_for_auth = result.paused_for_auth
        board = self.ctx.jobs
        if result.paused_for_auth:
            board.set_token_refused(True)
        elif result.sent or result.pending == 0:
            # A send went through (or nothing is left to send): the token works again. A round
            # that only found entries still in backoff proves nothing either way.
            board.set_token_refused(False)
        if result.waiting_for_platform and not self.outbox_waiting_for_platform:
            # Once when it starts, not every round: the entries wait, nothing is lost.
            log.warning(
                "outbox: %d entries of platform waves %s wait for a platform URL and token",
                result.waiting,
                ", ".join(result.waiting_for_platform),
            )
        self.outbox_waiting_for_platform = result.waiting_for_platform
        counts_zh = f"已发送 {result.sent}，待发送 {result.pending}，已搁置 {result.parked}"
        counts_en = f"sent {result.sent}, pending {result.pending}, parked {result.parked}"
        if result.paused_for_auth:
            return JobRun(
                jobs.OUTBOX,
                at,
                False,
                f"平台拒绝了令牌，发送已暂停（{counts_zh}）",
                f"The platform refused the token: sending paused ({counts_en})",
            )
        if result.waiting:
            return succeeded(
                jobs.OUTBOX,
                at,
                f"{counts_zh}；{result.waiting} 条等待平台地址和令牌",
                f"{counts_en}; {result.waiting} wait for a platform URL and token",
            )
        return succeeded(jobs.OUTBOX, at, counts_zh, counts_en)

    def _pull_claims(self, at: datetime) -> JobRun:
        """Leaders' claims for waves dispatched in the last days: the missorts that escaped."""
        platform = client_if_configured(self.ctx.platform)
        if platform is None:
            return succeeded(
                jobs.CLAIMS, at, "未配置平台，未拉取", "No platform configured: nothing pulled"
            )
        new = 0
        with platform:
            waves = recently_dispatched_waves(self.ctx.store, days=3)
            for wave_id in waves:
                new += pull_claims(self.ctx.store, platform, wave_id)
        return succeeded(
            jobs.CLAIMS,
            at,
            f"{len(waves)} 个波次，新售后 {new} 条",
            f"{len(waves)} waves, {new} new claims",
        )

    def _send_prints(self, at: datetime) -> JobRun | None:
        core = self.ctx.core
        result = core.print_sender().send_due(core.printer_names)
        if result.sent or result.failed:
            self.ctx.events.print_queue_changed.emit()
        if not (result.sent or result.failed or result.errors):
            return None  # an idle round every two seconds is no news
        if result.errors:
            why = "; ".join(f"{name}: {error}" for name, error in sorted(result.errors.items()))
            return JobRun(
                jobs.PRINTING,
                at,
                False,
                f"已打印 {result.sent}，等待打印机：{why}",
                f"printed {result.sent}, waiting for printers: {why}",
            )
        return succeeded(
            jobs.PRINTING,
            at,
            f"已打印 {result.sent}，失败 {result.failed}",
            f"printed {result.sent}, failed {result.failed}",
        )

    def _scheduled(self, _at: datetime) -> None:
        """The jobs that run at their time rather than in a loop: each records its own run."""
        self.run_job(jobs.RECEIVING_CUT, self._receiving_cut)
        self.run_job(jobs.RETENTION, self._purge_if_due)
        self.run_job(jobs.FORECAST_POLL, self._forecast_poll)
        self.run_job(jobs.FORECAST, self._forecast)

    def _forecast_poll(self, at: datetime) -> JobRun | None:
        board = self.ctx.jobs
        return forecast_jobs.poll_step(
            self.ctx.store, self.ctx.platform, self.ctx.settings, at, board.last(jobs.FORECAST_POLL)
        )

    def _forecast(self, at: datetime) -> JobRun | None:
        last = self.ctx.jobs.last(jobs.FORECAST)
        return forecast_jobs.forecast_step(self.ctx.store, self.ctx.settings, at, last)

    def _receiving_cut(self, at: datetime) -> JobRun:
        settings = self.ctx.settings
        if not settings.receiving_cut_time.strip():
            return succeeded(
                jobs.RECEIVING_CUT,
                at,
                "未设置收货截止时间：由班组长关闭收货",
                "No receiving cut time set: a supervisor closes receiving",
            )
        closed = close_at_cut(self.ctx.store, settings, clock=self.clock)
        if closed:
            for wave_id in closed:
                self.ctx.events.receiving_changed.emit(wave_id)
            waves = ", ".join(closed)
            return succeeded(
                jobs.RECEIVING_CUT,
                at,
                f"已在 {settings.receiving_cut_time} 截止收货：{waves}",
                f"Receiving closed at {settings.receiving_cut_time}: {waves}",
            )
        return succeeded(
            jobs.RECEIVING_CUT,
            at,
            f"截止时间 {settings.receiving_cut_time}：没有需要关闭的波次",
            f"Cut time {settings.receiving_cut_time}: no wave to close",
        )

    def _purge_if_due(self, at: datetime) -> JobRun | None:
        if not is_due(self.ctx.jobs.last(jobs.RETENTION), at, RETENTION_EVERY):
            return None
        days = self.ctx.settings.retention_days
        run = run_retention(self.ctx.store, self.ctx.settings, clock=self.clock)
        purged = run.customer_purged
        waves = ", ".join(purged)
        # The aggregates and the detail purge are said only when they did something.
        detail = ", ".join(run.detail_purged)
        return succeeded(
            jobs.RETENTION,
            at,
            f"已清除 {len(purged)} 个波次超过 {days} 天的客户数据"
            + (f"：{waves}" if waves else "")
            + (f"；已汇总 {len(run.aggregated)} 个波次" if run.aggregated else "")
            + (f"；已删除明细（汇总保留）：{detail}" if detail else ""),
            f"Customer data older than {days} days purged from {len(purged)} waves"
            + (f": {waves}" if waves else "")
            + (f"; {len(run.aggregated)} waves aggregated" if run.aggregated else "")
            + (f"; detail deleted (aggregates kept): {detail}" if detail else ""),
        )
