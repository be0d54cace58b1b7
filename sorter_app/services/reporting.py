"""Queueing what the platform must hear, inside the transaction of the event itself."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sorter_app.domain.reports import ReportDraft, overage_report, unknown_barcode_report
from sorter_app.store import outbox_repo
from sorter_app.store import tables as t


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
    st = t.SortTask
    ordered = (
        session.scalar(
            select(func.coalesce(func.sum(st.ordered_qty), 0)).where(st.sku_pk == sku_pk)
        )
        or 0
    )
    kinds = dict(
        session.execute(
            select(t.Receipt.kind, func.sum(t.Receipt.qty))
            .where(t.Receipt.sku_pk == sku_pk)
            .group_by(t.Receipt.kind)
        ).all()
    )
    sku_id, name = session.execute(select(t.Sku.sku_id, t.Sku.name).where(t.Sku.id == sku_pk)).one()
    extra = (
        int(kinds.get("received") or 0)
        - int(kinds.get("damaged") or 0)
        - int(ordered)
        - _overage_reported(session, wave_pk, sku_id)
    )
    draft = overage_report(sku_id, extra, name)
    if draft is not None:
        queue_report(session, wave_pk, draft, station_id, now)


def queue_scan_overage(
    session: Session, wave_pk: int, sku_pk: int, qty: int, station_id: str, now: datetime
) -> None:
    """Units of a SKU below its group threshold, reported as they are received: nothing of it is
    ordered, so they are overage at once; `queue_overage` at close leaves them out."""
    sku_id, name = session.execute(select(t.Sku.sku_id, t.Sku.name).where(t.Sku.id == sku_pk)).one()
    draft = overage_report(sku_id, qty, f"{name}（未成团）")
    if draft is not None:
        queue_report(session, wave_pk, draft, station_id, now)


def _overage_reported(session: Session, wave_pk: int, sku_id: str) -> int:
    """Units of the SKU already queued as overage (by `queue_scan_overage`)."""
    bodies = session.scalars(
        select(t.OutboxEntry.body).where(
            t.OutboxEntry.wave_pk == wave_pk,
            t.OutboxEntry.kind == "report",
            t.OutboxEntry.topic == "overage",
        )
    )
    return sum(
        int(item.get("qty") or 0)
        for body in bodies
        for item in json.loads(body).get("items", [])
        if item.get("sku_id") == sku_id
    )


def queue_unknown_barcodes(session: Session, wave_pk: int, station_id: str, now: datetime) -> None:
    """Barcodes scanned at receiving that no SKU of the wave has: one item per distinct code."""
    decisions = session.scalars(
        select(t.Scan.decision).where(
            t.Scan.wave_pk == wave_pk, t.Scan.mode == "receive", t.Scan.result == "unknown_barcode"
        )
    )
    counts: dict[str, int] = {}
    for text in decisions:
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
    st = t.SortTask
    if sku_pk is not None and session.scalar(
        select(st.id).where(st.sku_pk == sku_pk, st.put_qty < st.due_qty).limit(1)
    ):
        return False
    # EXISTS-style: stops at the first task still due (this runs after many puts; a full SUM over
    # a 600,000-line wave's tasks cost 10 ms a scan).
    left = session.scalar(
        select(st.id).where(st.wave_pk == wave_pk, st.put_qty < st.due_qty).limit(1)
    )
    if left is not None:
        return False
    wave_closed = session.scalar(
        select(t.ReceivingClosure.id)
        .where(t.ReceivingClosure.wave_pk == wave_pk, t.ReceivingClosure.sku_pk.is_(None))
        .limit(1)
    )
    if wave_closed is None:
        open_skus = session.scalar(
            select(func.count(func.distinct(st.sku_pk))).where(
                st.wave_pk == wave_pk,
                st.ordered_qty > 0,
                st.sku_pk.not_in(
                    select(t.ReceivingClosure.sku_pk).where(
                        t.ReceivingClosure.wave_pk == wave_pk,
                        t.ReceivingClosure.sku_pk.is_not(None),
                    )
                ),
            )
        )
        if open_skus:
            return False
    return queue_milestone(session, wave_pk, wave_id, "sorted", now)
