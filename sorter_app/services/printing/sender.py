"""The print queue's sender: delivers queued jobs to the printers, per printer in order, one at a
time, retrying with backoff while a printer is unavailable.

Delivery is at least once: a crash between the printer taking a job and the store recording it
sends that one job again (a duplicate label of the same crate is harmless; a missing one is a
missort).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from printers.profiles import PrinterProfile
from printers.transports import PrinterConfigError, PrinterUnavailable, Transport, open_transport
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.printing.print_queue import stored_error
from sorter_app.store import crate_labels_repo, print_jobs_repo
from sorter_app.store.database import Store
from sorter_app.store.print_jobs_repo import ClaimedJob

log = logging.getLogger(__name__)

BACKOFF_START_S = 1.0
BACKOFF_CAP_S = 60.0
# A job left `sending` longer than this was abandoned by a crashed sender and goes back in the
# queue; every transport gives up well before (timeouts of 10-30 s).
SEND_LEASE_S = 120.0
IDLE_POLL_S = 1.0
_INTERRUPTED = "发送中断（程序退出） / interrupted while sending (the app stopped)"


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    queued: int = 0  # still waiting for the printers when the run ended
    errors: dict[str, str] = field(default_factory=dict)  # printer -> why it is waiting
    unusable: set[str] = field(default_factory=set)  # printers without a working transport


TransportFor = Callable[[str], Transport]


class PrintSender:
    """Delivers queued jobs, per printer in order, retrying with backoff while a printer is
    unavailable. One sender per station; several are safe (a job is claimed before it is sent)."""

    def __init__(
        self,
        store: Store,
        transports: Mapping[str, Transport] | TransportFor,
        *,
        clock: Clock = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        backoff_start_s: float = BACKOFF_START_S,
        backoff_cap_s: float = BACKOFF_CAP_S,
        lease_s: float = SEND_LEASE_S,
    ) -> None:
        self.store = store
        self._transport_for: TransportFor = (
            transports.__getitem__ if isinstance(transports, Mapping) else transports
        )
        self._transports: dict[str, Transport] = {}
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.backoff_start_s = backoff_start_s
        self.backoff_cap_s = backoff_cap_s
        self.lease = timedelta(seconds=lease_s)

    @classmethod
    def for_profiles(
        cls, store: Store, profiles: Iterable[PrinterProfile], **options: Any
    ) -> PrintSender:
        by_name = {p.name: p for p in profiles}
        return cls(store, lambda name: open_transport(by_name[name]), **options)

    def send_due(self, printers: Iterable[str]) -> SendResult:
        """Send every job that is due now, per printer in order; a printer stops at its first
        job that must wait."""
        printers = list(printers)
        result = SendResult()
        unusable: dict[str, str] = {}
        for printer in printers:
            try:
                self._transport(printer)
            except UserFacingError as exc:  # no such profile, a transport that cannot exist
                unusable[printer] = stored_error(exc)
                continue
            while (claimed := self._claim(printer)) is not None:
                if self._deliver(claimed, result) == "retry":
                    break
        result.queued, result.errors = self._waiting(printers)
        result.errors.update(unusable)
        result.unusable = set(unusable)
        return result

    def run(
        self,
        printers: Iterable[str],
        *,
        timeout: float | None = None,
        until_empty: bool = True,
        stop: threading.Event | None = None,
    ) -> SendResult:
        """Send until these printers have nothing queued (or, with until_empty=False, until
        `stop` is set), or `timeout` seconds have passed."""
        printers = list(printers)
        deadline = None if timeout is None else time.monotonic() + timeout
        total = SendResult()
        while True:
            result = self.send_due(printers)
            total.sent += result.sent
            total.failed += result.failed
            total.queued, total.errors = result.queued, result.errors
            if stop is not None and stop.is_set():
                return total
            if until_empty and result.queued == 0:
                return total
            usable = [p for p in printers if p not in result.unusable]
            if until_empty and not usable:
                return total
            wait = self._seconds_until_due(usable)
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return total
                wait = min(wait, left)
            wait = max(wait, 0.01)
            if stop is not None:
                stop.wait(wait)
            else:
                self.sleep(wait)

    def close(self) -> None:
        for transport in self._transports.values():
            transport.close()
        self._transports.clear()

    # --- one job ---

    def _transport(self, printer: str) -> Transport:
        if printer not in self._transports:
            try:
                self._transports[printer] = self._transport_for(printer)
            except KeyError:
                raise PrinterConfigError(
                    f"没有打印机 {printer} 的设置", f"No settings for printer {printer}"
                ) from None
        return self._transports[printer]

    def _deliver(self, job: ClaimedJob, result: SendResult) -> str:
        try:
            data = job.payload if job.payload is not None else _read_ref(job.payload_ref)
            self._transport(job.printer).send(data, title=job.description)
        except PrinterUnavailable as exc:
            log.info("print job %s to %s waits: %s", job.id, job.printer, exc.message_en)
            self._requeue(job, exc)
            result.errors[job.printer] = stored_error(exc)
            return "retry"
        except PrinterConfigError as exc:
            log.error("print job %s to %s failed: %s", job.id, job.printer, exc.message_en)
            self._failed(job, stored_error(exc))
            result.failed += 1
            result.errors[job.printer] = stored_error(exc)
            return "failed"
        except Exception as exc:  # a bug must not stop the other printers; the job is kept
            log.exception("print job %s to %s failed unexpectedly", job.id, job.printer)
            self._failed(job, f"{type(exc).__name__}: {exc}")
            result.failed += 1
            return "failed"
        self._sent(job)
        result.sent += 1
        return "sent"

    def _claim(self, printer: str) -> ClaimedJob | None:
        now = self.clock()
        with self.store.write() as session:
            # A claim older than the lease belongs to a sender that died mid-job: send it again.
            print_jobs_repo.release_abandoned(session, printer, now - self.lease, _INTERRUPTED)
            return print_jobs_repo.claim_next(session, printer, now)

    def _requeue(self, job: ClaimedJob, exc: UserFacingError) -> None:
        delay = min(self.backoff_cap_s, self.backoff_start_s * 2 ** min(job.attempts - 1, 16))
        delay *= 0.5 + self.rng.random()  # jitter: two stations do not knock in step
        now = self.clock()
        with self.store.write() as session:
            print_jobs_repo.requeue(
                session, job.id, stored_error(exc), now + timedelta(seconds=delay)
            )

    def _failed(self, job: ClaimedJob, error: str) -> None:
        with self.store.write() as session:
            print_jobs_repo.mark_failed(session, job.id, error)

    def _sent(self, job: ClaimedJob) -> None:
        now = self.clock()
        with self.store.write() as session:
            print_jobs_repo.mark_sent(session, job.id, now)
            if job.crate_id is not None:
                crate_labels_repo.mark_printed(session, job.crate_id, job.label_version, now)

    def _waiting(self, printers: list[str]) -> tuple[int, dict[str, str]]:
        """How many jobs are still to send, and why each printer's first one waits."""
        with self.store.read() as session:
            open_jobs = print_jobs_repo.open_jobs(session, printers)
        reasons: dict[str, str] = {}
        for open_job in open_jobs:
            reasons.setdefault(open_job.printer, open_job.last_error)
        return len(open_jobs), {p: e for p, e in reasons.items() if e}

    def _seconds_until_due(self, printers: list[str]) -> float:
        with self.store.read() as session:
            open_jobs = print_jobs_repo.open_jobs(session, printers)
        now = self.clock()
        waits = []
        seen: set[str] = set()
        for open_job in open_jobs:
            if open_job.printer in seen:
                continue
            seen.add(open_job.printer)
            if open_job.status == "sending":
                waits.append(IDLE_POLL_S)  # another sender has it; look again soon
            else:
                at = open_job.next_attempt_at
                waits.append(0.0 if at is None else max((at - now).total_seconds(), 0.0))
        return min(waits) if waits else IDLE_POLL_S


def _read_ref(ref: str | None) -> bytes:
    if ref is None:
        raise PrinterConfigError("打印任务没有内容", "The print job has no content")
    try:
        return Path(ref).read_bytes()
    except OSError as exc:
        raise PrinterConfigError(
            f"无法读取打印文件 {ref}（{exc.strerror or exc}）",
            f"Cannot read the file to print, {ref} ({exc.strerror or exc})",
        ) from exc
