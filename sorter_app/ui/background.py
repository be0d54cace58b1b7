"""The app's background senders: the outbox to the platform and the print queue to the printers,
each on its own daemon thread, stopped when the app closes. They only call services; what they
achieve shows up through the store (and an AppEvents nudge for the screens)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

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

    def _platform(self) -> Any:
        """A client for the configured platform, or None (no URL, or no token yet)."""
        from sorter_app.platform.client import PlatformClient
        from sorter_app.secrets import SecretMissing, resolve_token

        ctx = self.ctx
        url, token = ctx.platform_url or ctx.settings.api_url, ctx.platform_token
        if url and not token:
            try:
                token = resolve_token(ctx.settings.hub_id)
            except SecretMissing:
                # No platform: file-imported waves still export; platform waves' entries wait
                # in the outbox (never diverted to a file) until a token is set.
                token = None
        return (
            PlatformClient(url, token, ca_bundle=ctx.settings.ca_bundle or None)
            if url and token
            else None
        )

    def _send_outbox(self) -> None:
        from sorter_app.services.outbox_sender import OutboxSender
        from sorter_app.services.report_export import FolderExporter

        ctx = self.ctx
        platform = self._platform()
        exporter = FolderExporter(ctx.settings.paths.data_dir / "exports")
        result = OutboxSender(ctx.store, platform, export_file=exporter).send_due()
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
        from sorter_app.services.claims import pull_claims, recently_dispatched_waves

        platform = self._platform()
        if platform is None:
            return
        for wave_id in recently_dispatched_waves(self.ctx.store, days=3):
            pull_claims(self.ctx.store, platform, wave_id)

    def _send_prints(self) -> None:
        from sorter_app.services.printing import PrintSender

        printers = self.ctx.settings.printers
        sender = PrintSender.for_profiles(self.ctx.store, printers)
        result = sender.send_due([p.name for p in printers])
        if result.sent or result.failed:
            self.ctx.events.print_queue_changed.emit()
