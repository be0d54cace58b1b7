"""Supervised label reprints (补打): a crate's label printed again with a new scan code, the old
one voided (a stale label then scans as void_label), and an audit row naming the supervisor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from printers.model import CrateLabel
from printers.profiles import PrinterProfile
from sorter_app.domain.audit import Action
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.people.supervisor_actions import SupervisorRequired, require_supervisor
from sorter_app.services.printing.print_queue import label_jobs
from sorter_app.services.views.label_data import crate_labels
from sorter_app.store import crate_labels_repo, people_repo, print_jobs_repo
from sorter_app.store.audit_repo import record_audit
from sorter_app.store.crate_labels_repo import ReprintRecord
from sorter_app.store.database import Store
from sorter_app.store.people_repo import WorkerRecord

log = logging.getLogger(__name__)


class ReprintRefused(UserFacingError):
    code = "reprint_refused"


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
    label then scans as void_label), the label version goes up, and a reprint row and an audit
    record are written, all in one transaction; with `printer`, the new label's print job joins
    that transaction. Queued jobs still carrying the old label are cancelled."""
    reason = (reason or "").strip()
    if not reason:
        raise ReprintRefused("补打标签必须填写原因", "A reprint needs a reason")
    current = _current_label(store, crate_id)
    now = clock()
    with store.write() as session:
        code = _supervisor_code(supervisor, lambda code: people_repo.worker(session, code))
        crate = crate_labels_repo.lock_label(session, crate_id)
        if crate.scan_code != current.scan_code or crate.label_version != current.label_version:
            raise ReprintRefused(
                f"筐 {crate_id} 的筐贴刚刚被补打过，请刷新后再试",
                f"The label of crate {crate_id} was just reprinted; refresh and try again",
            )
        new = crate_labels_repo.replace_label(session, crate, code, reason[:500], now)
        print_jobs_repo.cancel_label_jobs(
            session, crate_id, f"superseded by reprint v{new.label_version}"
        )
        label = replace(current, scan_code=new.scan_code, label_version=new.label_version)
        job_id = None
        if printer is not None:
            [job_id] = print_jobs_repo.add_jobs(
                session, printer.name, label_jobs(printer, [label]), now
            )
        # Last in the unit of work: the audit lock is held until commit.
        record_audit(
            session,
            action=Action.LABEL_REPRINT,
            supervisor=code,
            reason=reason,
            at=now,
            wave_id=current.wave_id,
            crate_id=crate_id,
        )
    log.info(
        "label of %s reprinted by %s (v%d, %s -> %s): %s",
        crate_id,
        code,
        new.label_version,
        crate.scan_code,
        new.scan_code,
        reason,
    )
    return Reprint(crate_id, crate.scan_code, new.scan_code, new.label_version, code, label, job_id)


def reprints(store: Store, crate_id: str | None = None) -> list[ReprintRecord]:
    """The reprint audit, oldest first."""
    with store.read() as session:
        return crate_labels_repo.reprint_history(session, crate_id)


def _current_label(store: Store, crate_id: str) -> CrateLabel:
    with store.read() as session:
        found = crate_labels_repo.wave_and_community_of(session, crate_id)
    if found is None:
        raise ReprintRefused(f"没有筐 {crate_id}", f"No crate {crate_id}", code="unknown_crate")
    wave_id, community_id = found
    for label in crate_labels(store, wave_id, community_id):
        if label.crate_id == crate_id:
            return label
    raise ReprintRefused(f"没有筐 {crate_id}", f"No crate {crate_id}", code="unknown_crate")


def _supervisor_code(supervisor: object, find: Callable[[str], WorkerRecord | None]) -> str:
    if not isinstance(supervisor, str):
        return require_supervisor(supervisor)  # an unlocked Person from the UI
    code = supervisor.strip().upper()
    if not code:
        raise SupervisorRequired()
    person = find(code)
    if person is None or not person.is_active_supervisor:
        raise ReprintRefused(
            f"{code} 不是在职的班组长，不能补打标签",
            f"{code} is not an active supervisor and cannot reprint labels",
            code="not_supervisor",
        )
    return code
