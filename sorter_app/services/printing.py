"""The print queue, its sender, printer tests and supervised label reprints.

A label is only as good as the job that carries it, so jobs live in the store (print_jobs) from
the moment they are queued until the printer has taken them: a printer that is off, a dropped
socket or a crash of the app leaves them queued, and the sender delivers them when it can. Each
printer's jobs go out in order, one at a time. Delivery is at least once: a crash between the
printer taking a job and the store recording it sends that one job again (a duplicate label of
the same crate is harmless; a missing one is a missort).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from printers.model import CrateLabel, Zone
from printers.profiles import PrinterProfile
from printers.transports import PrinterConfigError, PrinterUnavailable, Transport, open_transport
from sorter_app.domain.crate_codes import crate_id as make_crate_id
from sorter_app.domain.crate_codes import make_crate_scan_code, qr_payload
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.supervisor_actions import SupervisorRequired, require_supervisor
from sorter_app.services.views.label_data import crate_labels
from sorter_app.store import tables as t
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import SortingRepository

log = logging.getLogger(__name__)

KINDS = ("label", "document", "test")
PRINT_SEQUENCE = "print_job_sequence"
BACKOFF_START_S = 1.0
BACKOFF_CAP_S = 60.0
# A job left `sending` longer than this was abandoned by a crashed sender and goes back in the
# queue; every transport gives up well before (timeouts of 10-30 s).
SEND_LEASE_S = 120.0
IDLE_POLL_S = 1.0
_INTERRUPTED = "发送中断（程序退出） / interrupted while sending (the app stopped)"


class PrintJobError(UserFacingError):
    code = "print_job"


class ReprintRefused(UserFacingError):
    code = "reprint_refused"


# --- queueing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewJob:
    """A job to queue: printer-ready bytes, or a file read when the job is sent."""

    kind: str
    description: str
    payload: bytes | None = None
    payload_ref: str | None = None
    crate_id: str | None = None
    label_version: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown print job kind {self.kind!r}")
        if (self.payload is None) == (self.payload_ref is None):
            raise ValueError("a print job needs a payload or a payload_ref, not both")


def enqueue(
    store: Store, printer: str, jobs: Sequence[NewJob], *, clock: Clock = utc_now
) -> list[int]:
    """Queue jobs for a printer, in the order given, in one transaction; returns their IDs."""
    with store.write() as session:
        return add_jobs(session, printer, jobs, clock())


def add_jobs(session: Session, printer: str, jobs: Sequence[NewJob], now: datetime) -> list[int]:
    """Queue jobs inside the caller's transaction (so a job and the event it prints commit
    together)."""
    if not jobs:
        return []
    first = _next_sequence(session, len(jobs))
    session.execute(
        insert(t.PrintJob),
        [
            {
                "sequence": first + i,
                "printer": printer,
                "kind": job.kind,
                "description": job.description[:200],
                "crate_id": job.crate_id,
                "label_version": job.label_version,
                "payload": job.payload,
                "payload_ref": job.payload_ref,
                "status": "queued",
                "attempts": 0,
                "last_error": "",
                "created_at": now,
            }
            for i, job in enumerate(jobs)
        ],
    )
    return list(
        session.scalars(
            select(t.PrintJob.id)
            .where(t.PrintJob.sequence.between(first, first + len(jobs) - 1))
            .order_by(t.PrintJob.sequence)
        )
    )


def _next_sequence(session: Session, count: int) -> int:
    """Reserve `count` queue positions; returns the first."""
    counter = session.get(
        t.Counter, PRINT_SEQUENCE, with_for_update=session.get_bind().dialect.name != "sqlite"
    )
    if counter is None:
        counter = t.Counter(name=PRINT_SEQUENCE, value=0)
        session.add(counter)
    first = counter.value + 1
    counter.value += count
    session.flush()
    return first


def render_for_printer(profile: PrinterProfile, labels: Sequence[CrateLabel]) -> list[bytes]:
    """Each label in the printer's language, size and media settings: one item per label."""
    from printers.render import render_labels

    if profile.language == "zpl":
        return render_labels(labels, profile.media, "zpl", zpl=profile.zpl_options())
    if profile.language == "tspl":
        return render_labels(labels, profile.media, "tspl", tspl=profile.tspl_options())
    from printers.render.pdf_label import render_pdf_labels

    return [render_pdf_labels([label], profile.media) for label in labels]


def label_jobs(profile: PrinterProfile, labels: Sequence[CrateLabel]) -> list[NewJob]:
    return [
        NewJob(
            kind="label",
            description=_label_description(label),
            payload=payload,
            crate_id=label.crate_id,
            label_version=label.label_version,
        )
        for label, payload in zip(labels, render_for_printer(profile, labels), strict=True)
    ]


def queue_labels(
    store: Store, profile: PrinterProfile, labels: Sequence[CrateLabel], *, clock: Clock = utc_now
) -> list[int]:
    """Render crate labels for a printer and queue one job per label, in label order."""
    return enqueue(store, profile.name, label_jobs(profile, labels), clock=clock)


@dataclass(frozen=True, slots=True)
class QueuedLabels:
    job_ids: list[int]
    skipped: list[str]  # crates whose current label is printed, queued or failed already


def queue_wave_labels(
    store: Store,
    profile: PrinterProfile,
    wave_id: str,
    community_id: str | None = None,
    *,
    clock: Clock = utc_now,
) -> QueuedLabels:
    """Queue the labels of a wave (or one community) that have not been printed yet.

    A label already printed, or already waiting in the queue, is skipped: a second copy of a
    crate label is a reprint, which needs a supervisor (reprint_crate_label)."""
    labels = crate_labels(store, wave_id, community_id)
    with store.read() as session:
        printed = set(
            session.scalars(
                select(t.Crate.crate_id)
                .join(t.Wave, t.Wave.id == t.Crate.wave_pk)
                .where(t.Wave.wave_id == wave_id, t.Crate.printed_at.is_not(None))
            )
        )
        waiting = {
            (crate, version)
            for crate, version in session.execute(
                select(t.PrintJob.crate_id, t.PrintJob.label_version).where(
                    t.PrintJob.kind == "label",
                    # A failed job is retried (printers retry), not doubled by a second print.
                    t.PrintJob.status.in_(("queued", "sending", "failed")),
                )
            )
        }
    todo = [
        label
        for label in labels
        if label.crate_id not in printed and (label.crate_id, label.label_version) not in waiting
    ]
    queued = {label.crate_id for label in todo}
    skipped = [label.crate_id for label in labels if label.crate_id not in queued]
    return QueuedLabels(queue_labels(store, profile, todo, clock=clock), skipped)


def _label_description(label: CrateLabel) -> str:
    version = f" 补打{label.label_version}" if label.reprint else ""
    return f"{label.crate_id} {label.crate_seq}/{label.crate_count}{version}"


# --- status, cancel, retry ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobStatus:
    id: int
    sequence: int
    printer: str
    kind: str
    description: str
    crate_id: str | None
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None


_STATUS_COLUMNS = (
    t.PrintJob.id,
    t.PrintJob.sequence,
    t.PrintJob.printer,
    t.PrintJob.kind,
    t.PrintJob.description,
    t.PrintJob.crate_id,
    t.PrintJob.status,
    t.PrintJob.attempts,
    t.PrintJob.last_error,
    t.PrintJob.created_at,
    t.PrintJob.next_attempt_at,
    t.PrintJob.sent_at,
)


def jobs(
    store: Store,
    printer: str | None = None,
    *,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[JobStatus]:
    """Jobs in queue order, optionally of one printer and some statuses."""
    query = select(*_STATUS_COLUMNS).order_by(t.PrintJob.sequence)
    if printer is not None:
        query = query.where(t.PrintJob.printer == printer)
    if statuses is not None:
        query = query.where(t.PrintJob.status.in_(list(statuses)))
    if limit is not None:
        query = query.limit(limit)
    with store.read() as session:
        return [_status(row) for row in session.execute(query)]


def job(store: Store, job_id: int) -> JobStatus:
    with store.read() as session:
        row = session.execute(select(*_STATUS_COLUMNS).where(t.PrintJob.id == job_id)).first()
    if row is None:
        raise PrintJobError(f"没有打印任务 {job_id}", f"No print job {job_id}", code="no_print_job")
    return _status(row)


def _status(row: Any) -> JobStatus:
    return JobStatus(*row)


def cancel(store: Store, job_id: int) -> JobStatus:
    """Cancel a job that is queued (or failed): it will not be printed."""
    _move(store, job_id, ("queued", "failed"), "cancelled", "取消", "cancel")
    return job(store, job_id)


def retry(store: Store, job_id: int) -> JobStatus:
    """Put a failed job back in the queue, in its original place."""
    _move(store, job_id, ("failed",), "queued", "重试", "retry")
    return job(store, job_id)


def retry_failed(store: Store, printer: str) -> int:
    """Put every failed job of a printer back in the queue (after its settings were fixed)."""
    with store.write() as session:
        moved = session.execute(
            update(t.PrintJob)
            .where(t.PrintJob.printer == printer, t.PrintJob.status == "failed")
            .values(status="queued", next_attempt_at=None)
            .returning(t.PrintJob.id)
        ).all()
    return len(moved)


def _move(
    store: Store, job_id: int, from_: tuple[str, ...], to: str, verb_zh: str, verb_en: str
) -> None:
    job(store, job_id)  # an unknown ID says so
    with store.write() as session:
        moved = session.execute(
            update(t.PrintJob)
            .where(t.PrintJob.id == job_id, t.PrintJob.status.in_(from_))
            .values(status=to, next_attempt_at=None)
            .returning(t.PrintJob.id)
        ).first()
    if moved is None:
        state = job(store, job_id).status
        raise PrintJobError(
            f"打印任务 {job_id} 当前{status_zh(state)}，不能{verb_zh}",
            f"Print job {job_id} is {state} and cannot {verb_en}",
            code="print_job_state",
        )


_STATUS_ZH = {
    "queued": "排队中",
    "sending": "发送中",
    "sent": "已发送",
    "failed": "失败",
    "cancelled": "已取消",
}


def status_zh(status: str) -> str:
    return _STATUS_ZH.get(status, status)


# --- sending -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: int
    printer: str
    description: str
    payload: bytes | None
    payload_ref: str | None
    crate_id: str | None
    label_version: int | None
    attempts: int


def _claimed(row: Any) -> _Claimed:
    return _Claimed(*row)


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
                unusable[printer] = _both(exc)
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

    def _deliver(self, job: _Claimed, result: SendResult) -> str:
        try:
            data = job.payload if job.payload is not None else _read_ref(job.payload_ref)
            self._transport(job.printer).send(data, title=job.description)
        except PrinterUnavailable as exc:
            log.info("print job %s to %s waits: %s", job.id, job.printer, exc.message_en)
            self._requeue(job, exc)
            result.errors[job.printer] = _both(exc)
            return "retry"
        except PrinterConfigError as exc:
            log.error("print job %s to %s failed: %s", job.id, job.printer, exc.message_en)
            self._finish(job, "failed", _both(exc))
            result.failed += 1
            result.errors[job.printer] = _both(exc)
            return "failed"
        except Exception as exc:  # a bug must not stop the other printers; the job is kept
            log.exception("print job %s to %s failed unexpectedly", job.id, job.printer)
            self._finish(job, "failed", f"{type(exc).__name__}: {exc}")
            result.failed += 1
            return "failed"
        self._finish(job, "sent", "")
        result.sent += 1
        return "sent"

    def _claim(self, printer: str) -> _Claimed | None:
        now = self.clock()
        with self.store.write() as session:
            # A claim older than the lease belongs to a sender that died mid-job: send it again
            # (a test label only fails: printed hours later it would only confuse).
            stale = (
                t.PrintJob.printer == printer,
                t.PrintJob.status == "sending",
                t.PrintJob.claimed_at < now - self.lease,
            )
            for which, status in (
                (t.PrintJob.kind != "test", "queued"),
                (t.PrintJob.kind == "test", "failed"),
            ):
                session.execute(
                    update(t.PrintJob)
                    .where(*stale, which)
                    .values(status=status, claimed_at=None, last_error=_INTERRUPTED)
                )
            busy = session.scalar(
                select(t.PrintJob.id)
                .where(t.PrintJob.printer == printer, t.PrintJob.status == "sending")
                .limit(1)
            )
            if busy is not None:
                return None
            head = session.execute(
                select(t.PrintJob.id, t.PrintJob.next_attempt_at)
                .where(t.PrintJob.printer == printer, t.PrintJob.status == "queued")
                .order_by(t.PrintJob.sequence)
                .limit(1)
            ).first()
            if head is None or (head.next_attempt_at is not None and head.next_attempt_at > now):
                return None
            claimed = session.execute(
                update(t.PrintJob)
                .where(t.PrintJob.id == head.id, t.PrintJob.status == "queued")
                .values(status="sending", claimed_at=now, attempts=t.PrintJob.attempts + 1)
                .returning(
                    t.PrintJob.id,
                    t.PrintJob.printer,
                    t.PrintJob.description,
                    t.PrintJob.payload,
                    t.PrintJob.payload_ref,
                    t.PrintJob.crate_id,
                    t.PrintJob.label_version,
                    t.PrintJob.attempts,
                )
            ).first()
        return None if claimed is None else _claimed(claimed)

    def _requeue(self, job: _Claimed, exc: UserFacingError) -> None:
        delay = min(self.backoff_cap_s, self.backoff_start_s * 2 ** min(job.attempts - 1, 16))
        delay *= 0.5 + self.rng.random()  # jitter: two stations do not knock in step
        now = self.clock()
        with self.store.write() as session:
            session.execute(
                update(t.PrintJob)
                .where(t.PrintJob.id == job.id, t.PrintJob.status == "sending")
                .values(
                    status="queued",
                    claimed_at=None,
                    last_error=_both(exc),
                    next_attempt_at=now + timedelta(seconds=delay),
                )
            )

    def _finish(self, job: _Claimed, status: str, error: str) -> None:
        now = self.clock()
        values: dict[str, Any] = {"status": status, "claimed_at": None, "last_error": error}
        if status == "sent":
            # The payload is not kept: printing the same label again is a supervised reprint.
            values.update(sent_at=now, payload=None, next_attempt_at=None)
        with self.store.write() as session:
            session.execute(
                update(t.PrintJob)
                .where(t.PrintJob.id == job.id, t.PrintJob.status == "sending")
                .values(**values)
            )
            if status == "sent" and job.crate_id is not None:
                session.execute(
                    update(t.Crate)
                    .where(
                        t.Crate.crate_id == job.crate_id,
                        t.Crate.label_version == job.label_version,
                    )
                    .values(printed_at=now)
                )

    def _waiting(self, printers: list[str]) -> tuple[int, dict[str, str]]:
        """How many jobs are still to send, and why each printer's first one waits."""
        with self.store.read() as session:
            rows = session.execute(
                select(t.PrintJob.printer, t.PrintJob.last_error)
                .where(
                    t.PrintJob.printer.in_(printers),
                    t.PrintJob.status.in_(("queued", "sending")),
                )
                .order_by(t.PrintJob.sequence)
            ).all()
        reasons: dict[str, str] = {}
        for printer, error in rows:
            reasons.setdefault(printer, error)
        return len(rows), {p: e for p, e in reasons.items() if e}

    def _seconds_until_due(self, printers: list[str]) -> float:
        with self.store.read() as session:
            heads = session.execute(
                select(t.PrintJob.printer, t.PrintJob.status, t.PrintJob.next_attempt_at)
                .where(
                    t.PrintJob.printer.in_(printers),
                    t.PrintJob.status.in_(("queued", "sending")),
                )
                .order_by(t.PrintJob.sequence)
            ).all()
        now = self.clock()
        waits = []
        seen: set[str] = set()
        for printer, status, at in heads:
            if printer in seen:
                continue
            seen.add(printer)
            if status == "sending":
                waits.append(IDLE_POLL_S)  # another sender has it; look again soon
            else:
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


def _both(exc: UserFacingError) -> str:
    """Stored errors carry both languages: whoever reads the queue may read either."""
    return f"{exc.message_zh} / {exc.message_en}"


# --- printer test ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PrinterTestResult:
    ok: bool
    job_id: int
    printer: str
    where: str
    error: UserFacingError | None = None


TEST_WAVE = "TEST"
TEST_COMMUNITY = "TEST"


def sample_label(profile: PrinterProfile, today: datetime) -> CrateLabel:
    """A full crate label with made-up data: shows layout, Chinese text and both barcodes.
    Its scan code (serial 0) belongs to no crate: scanned, it answers unknown crate."""
    crate = make_crate_id(TEST_WAVE, TEST_COMMUNITY, 1)
    return CrateLabel(
        crate_id=crate,
        scan_code=make_crate_scan_code(0),
        qr_payload=qr_payload(crate, TEST_WAVE, TEST_COMMUNITY, 1, 1, 0),
        wave_id=TEST_WAVE,
        delivery_date=today.date(),
        community_id=TEST_COMMUNITY,
        community_name=f"打印测试 {profile.name}",
        leader_name="测试 TEST",
        leader_phone_masked="138****0000",
        pickup_address=f"{profile.language.upper()} {profile.dpi}dpi {profile.size} mm",
        route_id="TEST",
        route_name="测试线路",
        stop_seq=1,
        crate_seq=1,
        crate_count=1,
        extra=False,
        zone=Zone.AMBIENT,
        units=0,
        lines=0,
    )


def print_test_label(
    store: Store,
    profile: PrinterProfile,
    *,
    transport: Transport | None = None,
    clock: Clock = utc_now,
) -> PrinterTestResult:
    """Print one test label now, outside the queue's order, and say whether the printer took it.
    A test that failed is not retried later: a test label hours later would only confuse."""
    now = clock()
    payload = render_for_printer(profile, [sample_label(profile, now)])[0]
    test_job = NewJob(kind="test", description=f"test label {profile.name}", payload=payload)
    with store.write() as session:
        [job_id] = add_jobs(session, profile.name, [test_job], now)
        session.execute(
            update(t.PrintJob)
            .where(t.PrintJob.id == job_id)
            .values(status="sending", claimed_at=now, attempts=1)
        )
    transport = transport or open_transport(profile)
    error: UserFacingError | None = None
    try:
        transport.send(payload, title=test_job.description)
    except (PrinterUnavailable, PrinterConfigError) as exc:
        error = exc
    finally:
        transport.close()
    done = clock()
    with store.write() as session:
        session.execute(
            update(t.PrintJob)
            .where(t.PrintJob.id == job_id)
            .values(
                status="failed" if error else "sent",
                last_error=_both(error) if error else "",
                sent_at=None if error else done,
                payload=payload if error else None,
                claimed_at=None,
            )
        )
    return PrinterTestResult(error is None, job_id, profile.name, transport.describe(), error)


# --- supervised reprint ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reprint:
    crate_id: str
    old_scan_code: str
    new_scan_code: str
    label_version: int
    supervisor: str
    label: CrateLabel  # the new label, with the new code
    job_id: int | None  # its print job, when a printer was given


def reprint_crate_label(
    store: Store,
    crate_id: str,
    supervisor: object,
    reason: str,
    *,
    printer: PrinterProfile | None = None,
    clock: Clock = utc_now,
) -> Reprint:
    """Reprint a crate's label (补打): a supervisor (a Person, or an active supervisor's code)
    and a reason are required. The crate gets a new scan code, the old one is voided (a stale
    label then scans as void_label), the label version goes up, and an audit row is written,
    all in one transaction; with `printer`, the new label's print job joins that transaction.
    Queued jobs still carrying the old label are cancelled."""
    reason = (reason or "").strip()
    if not reason:
        raise ReprintRefused("补打标签必须填写原因", "A reprint needs a reason")
    current = _current_label(store, crate_id)
    now = clock()
    with store.write() as session:
        code = _supervisor_code(session, supervisor)
        crate = session.scalars(
            select(t.Crate).where(t.Crate.crate_id == crate_id).with_for_update()
        ).one()
        if crate.scan_code != current.scan_code or crate.label_version != current.label_version:
            raise ReprintRefused(
                f"筐 {crate_id} 的筐贴刚刚被补打过，请刷新后再试",
                f"The label of crate {crate_id} was just reprinted; refresh and try again",
            )
        repo = SortingRepository(session, crate.wave_pk)
        old_code, new_code = crate.scan_code, make_crate_scan_code(repo.next_serial())
        version = crate.label_version + 1
        session.add(t.VoidCrateCode(scan_code=old_code, crate_pk=crate.id, voided_at=now))
        crate.scan_code, crate.label_version, crate.printed_at = new_code, version, None
        session.add(
            t.LabelReprint(
                crate_pk=crate.id,
                crate_id=crate_id,
                old_scan_code=old_code,
                new_scan_code=new_code,
                label_version=version,
                supervisor=code,
                reason=reason[:500],
                reprinted_at=now,
            )
        )
        session.execute(
            update(t.PrintJob)
            .where(t.PrintJob.crate_id == crate_id, t.PrintJob.status.in_(("queued", "failed")))
            .values(status="cancelled", last_error=f"superseded by reprint v{version}")
        )
        label = replace(current, scan_code=new_code, label_version=version)
        job_id = None
        if printer is not None:
            [job_id] = add_jobs(session, printer.name, label_jobs(printer, [label]), now)
    log.info(
        "label of %s reprinted by %s (v%d, %s -> %s): %s",
        crate_id,
        code,
        version,
        old_code,
        new_code,
        reason,
    )
    return Reprint(crate_id, old_code, new_code, version, code, label, job_id)


def reprints(store: Store, crate_id: str | None = None) -> list[t.LabelReprint]:
    """The reprint audit, oldest first."""
    query = select(t.LabelReprint).order_by(t.LabelReprint.id)
    if crate_id is not None:
        query = query.where(t.LabelReprint.crate_id == crate_id)
    with store.read() as session:
        return list(session.scalars(query))


def _current_label(store: Store, crate_id: str) -> CrateLabel:
    with store.read() as session:
        row = session.execute(
            select(t.Wave.wave_id, t.Community.community_id)
            .join(t.Crate, t.Crate.wave_pk == t.Wave.id)
            .join(t.Community, t.Community.id == t.Crate.community_pk)
            .where(t.Crate.crate_id == crate_id)
        ).first()
    if row is None:
        raise ReprintRefused(f"没有筐 {crate_id}", f"No crate {crate_id}", code="unknown_crate")
    wave_id, community_id = row
    for label in crate_labels(store, wave_id, community_id):
        if label.crate_id == crate_id:
            return label
    raise ReprintRefused(f"没有筐 {crate_id}", f"No crate {crate_id}", code="unknown_crate")


def _supervisor_code(session: Session, supervisor: object) -> str:
    if not isinstance(supervisor, str):
        return require_supervisor(supervisor)  # an unlocked Person from the UI
    code = supervisor.strip().upper()
    if not code:
        raise SupervisorRequired()
    row = session.get(t.Worker, code)
    if row is None or not row.active or row.role != "supervisor":
        raise ReprintRefused(
            f"{code} 不是在职的班组长，不能补打标签",
            f"{code} is not an active supervisor and cannot reprint labels",
            code="not_supervisor",
        )
    return code
