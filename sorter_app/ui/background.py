"""The app's background senders: the outbox to the platform and the print queue to the printers,
each on its own daemon thread, stopped when the app closes. They only call services, over the
parts the one wiring builds (`ctx.core`: sorter_app.bootstrap); what they achieve shows up
through the store (and an AppEvents nudge for the screens)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sorter_app.services.reporting.claims import pull_claims, recently_dispatched_waves
from sorter_app.services.waves.platform_link import client_if_configured
from sorter_app.ui.context import UiContext

log = logging.getLogger(__name__)

OUTBOX_PERIOD_S = 5.0
PRINT_PERIOD_S = 2.0
CLAIMS_PERIOD_S = 600.0


class BackgroundWork:
    def __init__(self, ctx: UiContext) -> None:
        self.ctx = ctx
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.outbox_paused_for_auth = False
        # Platform waves whose entries wait for a platform URL or token (wave ID -> entries).
        self.outbox_waiting_for_platform: dict[str, int] = {}

    def start(self) -> None:
        self._spawn("outbox", self._send_outbox, OUTBOX_PERIOD_S)
        self._spawn("claims", self._pull_claims, CLAIMS_PERIOD_S)
        if self.ctx.settings.printers:
            self._spawn("printing", self._send_prints, PRINT_PERIOD_S)

    def shutdown(self, timeout: float = 5.0) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout)

    def _spawn(self, name: str, step: Callable[[], None], period: float) -> None:
        def loop() -> None:
            while not self.stop.is_set():
                try:
                    step()
                except Exception:  # a failing round must not end the sender
                    log.exception("background %s round failed", name)
                self.stop.wait(period)

        thread = threading.Thread(target=loop, name=f"hub-sorter-{name}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def _send_outbox(self) -> None:
        # Built each round from the context as it is now: a token saved meanwhile is used.
        result = self.ctx.core.send_outbox()
        self.outbox_paused_for_auth = result.paused_for_auth
        if result.waiting_for_platform and not self.outbox_waiting_for_platform:
            # Once when it starts, not every round: the entries wait, nothing is lost.
            log.warning(
                "outbox: %d entries of platform waves %s wait for a platform URL and token",
                result.waiting,
                ", ".join(result.waiting_for_platform),
            )
        self.outbox_waiting_for_platform = result.waiting_for_platform

    def _pull_claims(self) -> None:
        """Leaders' claims for waves dispatched in the last days: the missorts that escaped."""
        platform = client_if_configured(self.ctx.platform)
        if platform is None:
            return
        with platform:
            for wave_id in recently_dispatched_waves(self.ctx.store, days=3):
                pull_claims(self.ctx.store, platform, wave_id)

    def _send_prints(self) -> None:
        core = self.ctx.core
        result = core.print_sender().send_due(core.printer_names)
        if result.sent or result.failed:
            self.ctx.events.print_queue_changed.emit()
