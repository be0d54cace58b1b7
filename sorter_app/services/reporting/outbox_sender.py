"""Delivering the outbox to the platform: in order, with backoff and jitter, through outages of
any length and across restarts; each entry marked delivered exactly once.

A wave's entries go where the wave came from: a wave imported from the platform reports to the
platform only (with no platform configured its entries wait, they are never diverted to a file);
a wave imported from a file has no platform and its entries become files. Order is kept within a
wave, so one wave waiting never holds back another's entries.

The platform counts each Idempotency-Key once, so an entry sent but not marked (a crash, a lost
answer) is simply sent again and answers 200. A 401 pauses the platform waves; a permanent refusal
parks that one entry for a supervisor and the rest go on.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sorter_app.platform.errors import PlatformAuthError, PlatformRejected, PlatformUnavailable
from sorter_app.services.clock import Clock, utc_now
from sorter_app.store import outbox_repo
from sorter_app.store.database import Store
from sorter_app.store.outbox_repo import OutboxItem

log = logging.getLogger(__name__)

BACKOFF_START_S = 2.0
BACKOFF_CAP_S = 300.0


class Platform(Protocol):
    def post_report(self, wave_id: str, body: dict, idempotency_key: str) -> object: ...  # type: ignore[type-arg]

    def post_dispatch(self, wave_id: str, body: dict, idempotency_key: str) -> object: ...  # type: ignore[type-arg]

    def put_hub_status(self, wave_id: str, stage: str, at: datetime) -> None: ...


FileExporter = Callable[[OutboxItem], None]


@dataclass
class SyncResult:
    sent: int = 0  # delivered to the platform
    exported: int = 0  # written as files: entries of waves imported from a file
    pending: int = 0
    parked: int = 0
    paused_for_auth: bool = False
    # Pending entries of platform waves, per wave ID, when this sender has no platform to send
    # them to (no URL or no token): they wait for one.
    waiting_for_platform: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return sum(self.waiting_for_platform.values())


class OutboxSender:
    def __init__(
        self,
        store: Store,
        platform: Platform | None,
        *,
        export_file: FileExporter | None = None,
        clock: Clock = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        backoff_start_s: float = BACKOFF_START_S,
        backoff_cap_s: float = BACKOFF_CAP_S,
    ) -> None:
        self.store = store
        self.platform = platform
        self.export_file = export_file
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.backoff_start_s = backoff_start_s
        self.backoff_cap_s = backoff_cap_s

    def send_due(self) -> SyncResult:
        """Send every entry that is due now, each wave in order; a wave whose next entry must
        wait is left for later and the other waves go on."""
        result = SyncResult()
        # Platform waves are left alone without a platform, and for the rest of the round once
        # the platform refused the token or could not be reached (it is the same platform for
        # every wave; file waves still export).
        platform_waves = self.platform is not None
        while True:
            with self.store.write() as session:
                item = outbox_repo.next_due(session, self.clock(), platform_waves=platform_waves)
            if item is None:
                break
            outcome = self._deliver(item)
            if outcome == "sent":
                result.sent += 1
            elif outcome == "exported":
                result.exported += 1
            elif outcome == "auth":
                result.paused_for_auth = True
                platform_waves = False
            elif outcome == "retry" and item.wave_source != "file":
                platform_waves = False
        with self.store.read() as session:
            counts = outbox_repo.counts(session)
            if self.platform is None:
                result.waiting_for_platform = outbox_repo.waiting_platform_waves(session)
        result.pending, result.parked = counts.get("pending", 0), counts.get("parked", 0)
        return result

    def run(self, *, until_empty: bool = True, timeout: float | None = None) -> SyncResult:
        """Send until the outbox is empty (or only parked entries remain), paused, or timed out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        total_sent = total_exported = 0
        while True:
            result = self.send_due()
            total_sent += result.sent
            total_exported += result.exported
            result.sent, result.exported = total_sent, total_exported
            # Entries waiting for a platform this sender does not have cannot go: stop there.
            deliverable = result.pending - result.waiting
            if result.paused_for_auth or deliverable == 0 or not until_empty:
                return result
            wait = self._seconds_until_next()
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return result
                wait = min(wait, left)
            self.sleep(max(wait, 0.05))

    def _seconds_until_next(self) -> float:
        with self.store.read() as session:
            at = outbox_repo.next_attempt_at(session, platform_waves=self.platform is not None)
        if at is None:
            return 0.0
        return max((at - self.clock()).total_seconds(), 0.0)

    def _deliver(self, item: OutboxItem) -> str:
        delivered_to = "file" if item.wave_source == "file" else "platform"
        try:
            if delivered_to == "file":
                if self.export_file is None:
                    raise OSError("a wave imported from a file needs an export folder")
                self.export_file(item)
            elif self.platform is None:
                # next_due only offers platform waves when there is a platform; never fall back
                # to a file here: a platform wave's report in a file is a report lost.
                raise AssertionError("a platform wave's entry offered without a platform")
            elif item.kind == "report":
                self.platform.post_report(item.wave_id, item.body, item.key)
            elif item.kind == "dispatch":
                self.platform.post_dispatch(item.wave_id, item.body, item.key)
            else:
                self.platform.put_hub_status(
                    item.wave_id, item.body["stage"], datetime.fromisoformat(item.body["at"])
                )
        except PlatformAuthError as exc:
            log.warning("outbox paused: platform refused the token (%s)", exc.message_en)
            self._retry(item, exc.message_en, paused=True)
            return "auth"
        except PlatformRejected as exc:
            log.error("outbox entry %s parked: %s", item.key, exc.message_en)
            with self.store.write() as session:
                outbox_repo.park(session, item.id, f"{exc.code}: {exc.message_en}")
            return "parked"
        except (PlatformUnavailable, OSError) as exc:
            message = getattr(exc, "message_en", str(exc))
            log.info("outbox entry %s not delivered yet: %s", item.key, message)
            self._retry(item, message)
            return "retry"
        with self.store.write() as session:
            outbox_repo.mark_sent(session, item.id, self.clock(), delivered_to=delivered_to)
        return "exported" if delivered_to == "file" else "sent"

    def _retry(self, item: OutboxItem, error: str, *, paused: bool = False) -> None:
        delay = min(self.backoff_cap_s, self.backoff_start_s * 2 ** min(item.attempts, 16))
        delay = delay * (0.5 + self.rng.random())  # jitter: stations do not retry in step
        with self.store.write() as session:
            outbox_repo.mark_retry(
                session,
                item.id,
                (outbox_repo.PAUSED_MARK if paused else "") + error,
                self.clock() + timedelta(seconds=delay),
            )
