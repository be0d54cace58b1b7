"""Queueing what the platform must hear, inside the transaction of the event itself."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sorter_app.domain.reports import ReportDraft, overage_report, unknown_barcode_report
from sorter_app.store import outbox_repo, reporting_repo

if TYPE_CHECKING:
    # These run inside the unit of work of the event they report, on its session.
    from sqlalchemy.orm import Session


def queue_report(
    session: Session, wave_pk: int, draft: ReportDraft, station_id: str, now: datetime
) -> str:
    """Queue one report; its report_id (the idempotency key) is fixed here, once."""
    report_id = str(uuid.uuid4())
    outbox_repo.enqueue(
        session,
        wave_pk=wave_pk,
        kind="report",
        topic=draft.type,
        key=report_id,
        body=draft.body(report_id, station_id, now),
        now=now,
    )
    return report_id


def queue_milestone(session: Session, wave_pk: int, wave_id: str, stage: str, at: datetime) -> bool:
    """Queue a hub-status stage the first time it is reached; False if it already was."""
    key = f"{wave_id}:hub-status:{stage}"
    if outbox_repo.has_key(session, key):
        return False
    outbox_repo.enqueue(
        session,
        wave_pk=wave_pk,
        kind="hub_status",
        topic=stage,
        key=key,
        body={"stage": stage, "at": at.isoformat()},
        now=at,
    )
    return True


def queue_overage(
    session: Session, wave_pk: int, sku_pk: int, station_id: str, now: datetime
) -> None:
    """Units beyond the ordered total, reported once when receiving of the SKU closes."""
    ordered = reporting_repo.ordered_units(session, sku_pk)
    received, damaged = reporting_repo.received_and_damaged(session, sku_pk)
    sku_id, name = reporting_repo.sku_id_and_name(session, sku_pk)
    extra = received - damaged - ordered - _overage_reported(session, wave_pk, sku_id)
    draft = overage_report(sku_id, extra, name)
    if draft is not None:
        queue_report(session, wave_pk, draft, station_id, now)


def queue_scan_overage(
    session: Session, wave_pk: int, sku_pk: int, qty: int, station_id: str, now: datetime
) -> None:
    """Units of a SKU below its group threshold, reported as they are received: nothing of it is
    ordered, so they are overage at once; `queue_overage` at close leaves them out."""
    sku_id, name = reporting_repo.sku_id_and_name(session, sku_pk)
    draft = overage_report(sku_id, qty, f"{name}（未成团）")
    if draft is not None:
        queue_report(session, wave_pk, draft, station_id, now)


def _overage_reported(session: Session, wave_pk: int, sku_id: str) -> int:
    """Units of the SKU already queued as overage (by `queue_scan_overage`)."""
    bodies = outbox_repo.bodies(session, wave_pk, kind="report", topic="overage")
    return sum(
        int(item.get("qty") or 0)
        for body in bodies
        for item in body.get("items", [])
        if item.get("sku_id") == sku_id
    )


def queue_unknown_barcodes(session: Session, wave_pk: int, station_id: str, now: datetime) -> None:
    """Barcodes scanned at receiving that no SKU of the wave has: one item per distinct code."""
    counts: dict[str, int] = {}
    for text in reporting_repo.unknown_barcode_decisions(session, wave_pk):
        code = json.loads(text).get("details", {}).get("code") or ""
        if code:
            counts[code] = counts.get(code, 0) + 1
    draft = unknown_barcode_report(counts)
    if draft is not None:
        queue_report(session, wave_pk, draft, station_id, now)


def maybe_sorted(
    session: Session, wave_pk: int, wave_id: str, now: datetime, sku_pk: int | None = None
) -> bool:
    """Queue `sorted` when every unit due is put or shorted: receiving closed everywhere and
    nothing left to put. After a put, `sku_pk` lets the common case (that SKU is not finished)
    stop at one indexed look-up."""
    if not reporting_repo.all_due_sorted(session, wave_pk, sku_pk):
        return False
    return queue_milestone(session, wave_pk, wave_id, "sorted", now)
