"""Actions only an unlocked supervisor may take: closing receiving and closing a crate (from the
supervisor screens), re-queueing a wave's diverted reports to the platform (`outbox resend`).
Each refuses without a supervisor and records who acted; closing receiving and the resend write
an audit record in the action's own transaction (domain/audit.py)."""

from __future__ import annotations

import logging
from typing import Any

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.domain.audit import Action
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.receiving.shortages import ClosedReceiving, close_receiving
from sorter_app.services.views.crates_view import closable
from sorter_app.store import crates_repo, outbox_repo
from sorter_app.store.audit_repo import record_audit
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import SortingRepository
from sorter_app.store.wave_lookup import wave_pk_and_source

log = logging.getLogger(__name__)


class SupervisorRequired(UserFacingError):
    code = "supervisor_required"

    def __init__(self) -> None:
        super().__init__(
            "此操作需要班组长：请先输入班组长密码解锁",
            "This needs a supervisor: unlock supervisor actions with a PIN first",
        )


def require_supervisor(person: Any) -> str:
    """The supervisor's code, or SupervisorRequired when nobody (or a worker) is unlocked."""
    if person is None or not getattr(person, "is_supervisor", False):
        raise SupervisorRequired()
    return str(person.code)


def close_receiving_as(
    store: Store,
    supervisor: Any,
    wave_id: str,
    *,
    sku_id: str | None = None,
    policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST,
    station_id: str = "HUB",
    reason: str = "",
    clock: Clock = utc_now,
) -> ClosedReceiving:
    """Close receiving of one SKU (or the whole wave) in the supervisor's name (audited)."""
    code = require_supervisor(supervisor)
    result = close_receiving(
        store,
        wave_id,
        sku_id=sku_id,
        closed_by=code,
        reason=reason,
        station_id=station_id,
        policy=policy,
        clock=clock,
    )
    log.info(
        "receiving closed by %s: wave %s sku %s (%d SKUs, %d shortage lines)",
        code,
        wave_id,
        sku_id or "*",
        result.skus_closed,
        result.shortage_lines,
    )
    return result


def close_crate_as(store: Store, supervisor: Any, crate_id: str, *, clock: Clock = utc_now) -> None:
    """Close a crate so it takes nothing more; what its plan still expected goes elsewhere."""
    code = require_supervisor(supervisor)
    now = clock()
    with store.write() as session:
        crate = crates_repo.crate_state(session, crate_id)
        check = closable(crate_id, crate.status if crate else None)
        if check.reason is not None:
            raise check.reason
        assert crate is not None
        SortingRepository(session, crate.wave_pk).close_crate(crate.pk, now)
    log.info("crate %s closed by supervisor %s", crate_id, code)


def resend_to_platform_as(
    store: Store, supervisor: Any, wave_id: str, *, reason: str = "", clock: Clock = utc_now
) -> int:
    """Re-queue to the platform what a platform wave had marked sent without reaching it (written
    to files by releases that exported when no platform was configured). The entries keep their
    Idempotency-Keys, so any that did arrive count once. Returns how many were re-queued."""
    code = require_supervisor(supervisor)
    now = clock()
    with store.write() as session:
        wave_pk, source = wave_pk_and_source(session, wave_id)
        if source == "file":
            raise UserFacingError(
                f"波次 {wave_id} 是从文件导入的，没有平台可发送：它的记录只导出为文件",
                f"Wave {wave_id} was imported from a file and has no platform: its entries are "
                "only exported as files",
                code="file_wave",
            )
        requeued = outbox_repo.requeue_diverted(session, wave_pk)
        record_audit(
            session,
            action=Action.OUTBOX_RESEND,
            supervisor=code,
            reason=reason,
            at=now,
            wave_id=wave_id,
        )
    log.info(
        "outbox: %d entries of wave %s re-queued to the platform by supervisor %s",
        requeued,
        wave_id,
        code,
    )
    return requeued
