"""The print queue: jobs queued for a printer, listed, cancelled and retried.

A label is only as good as the job that carries it, so jobs live in the store (print_jobs) from
the moment they are queued until the printer has taken them: a printer that is off, a dropped
socket or a crash of the app leaves them queued, and the sender (`printing.sender`) delivers
them when it can. Each printer's jobs go out in order, one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from printers.model import CrateLabel
from printers.profiles import PrinterProfile
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.views.label_data import label_batch
from sorter_app.store import print_jobs_repo
from sorter_app.store.database import Store
from sorter_app.store.print_jobs_repo import JobStatus, NewJob


class PrintJobError(UserFacingError):
    code = "print_job"


def stored_error(exc: UserFacingError) -> str:
    """Errors stored on a job carry both languages: whoever reads the queue may read either."""
    return f"{exc.message_zh} / {exc.message_en}"


# --- queueing ----------------------------------------------------------------------------------


def enqueue(
    store: Store, printer: str, jobs: Sequence[NewJob], *, clock: Clock = utc_now
) -> list[int]:
    """Queue jobs for a printer, in the order given, in one transaction; returns their IDs."""
    with store.write() as session:
        return print_jobs_repo.add_jobs(session, printer, jobs, clock())


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
    crate label is a reprint, which needs a supervisor (label_reprints.reprint_crate_label)."""
    batch = label_batch(store, wave_id, community_id)
    labels, printed = batch.labels, batch.printed
    # One community's crates are few: ask for theirs only (the whole wave's would overflow
    # the database's limit on parameters, and reading the whole queue is then right anyway).
    crate_ids = [label.crate_id for label in labels] if community_id is not None else None
    with store.read() as session:
        waiting = print_jobs_repo.label_versions_waiting(session, crate_ids)
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


def jobs(
    store: Store,
    printer: str | None = None,
    *,
    statuses: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[JobStatus]:
    """Jobs in queue order, optionally of one printer and some statuses."""
    with store.read() as session:
        return print_jobs_repo.job_statuses(session, printer, statuses=statuses, limit=limit)


def job(store: Store, job_id: int) -> JobStatus:
    with store.read() as session:
        status = print_jobs_repo.job_status(session, job_id)
    if status is None:
        raise PrintJobError(f"没有打印任务 {job_id}", f"No print job {job_id}", code="no_print_job")
    return status


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
        return print_jobs_repo.requeue_failed(session, printer)


def _move(
    store: Store, job_id: int, from_: tuple[str, ...], to: str, verb_zh: str, verb_en: str
) -> None:
    job(store, job_id)  # an unknown ID says so
    with store.write() as session:
        moved = print_jobs_repo.move(session, job_id, from_, to)
    if not moved:
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
