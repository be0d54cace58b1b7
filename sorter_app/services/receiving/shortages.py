"""Shortages, the service: each community's dues of a SKU kept in line with what arrived, and
closing receiving (by a supervisor or at the wave's receiving cut time), when shortages become
final per line (and again if units are found damaged after that). The rules themselves are in
domain/allocation.py; this module reads, calls them and writes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sorter_app.domain.allocation import (
    DemandLine,
    DueAllocation,
    ShortagePolicy,
    allocate_dues,
    reasons_for,
)
from sorter_app.domain.audit import Action
from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.reports import ShortLine, shortage_reports
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.reporting.outbox_queue import (
    maybe_sorted,
    queue_overage,
    queue_report,
    queue_unknown_barcodes,
)
from sorter_app.store.audit_repo import record_audit
from sorter_app.store.database import Store
from sorter_app.store.receiving_cut_repo import lock_wave
from sorter_app.store.sorting_repo import SortingRepository
from sorter_app.store.wave_lookup import wave_pk_of


def refresh_dues(
    repo: SortingRepository, sku_pk: int, policy: ShortagePolicy
) -> DueAllocation | None:
    """Recompute the SKU's dues from received − damaged; None when nothing arrived and receiving
    is still open (dues then stay at what was ordered, for sorting before receiving).

    Shortages already made final stay as they were reported; the allocation only decides who
    else goes without.
    """
    received, damaged = repo.received_and_damaged(sku_pk)
    closed = repo.receiving_closed(sku_pk)
    lines, community_pks, _ = repo.demand_lines(sku_pk)
    if received == 0 and damaged == 0 and not closed:
        repo.set_dues(sku_pk, _ordered_by_pk(lines, community_pks))
        return None
    recorded = repo.recorded_shortages(sku_pk)
    open_lines = [replace(line, qty=line.qty - recorded.get(line.line_id, 0)) for line in lines]
    put = _put_by_id(repo, sku_pk, community_pks)
    allocation = allocate_dues(open_lines, max(received - damaged, 0), policy, put)
    repo.set_dues(sku_pk, {community_pks[cid]: due for cid, due in allocation.dues.items()})
    return allocation


def finalise_shortages(
    repo: SortingRepository,
    sku_pk: int,
    policy: ShortagePolicy,
    cause: str,
    now: datetime,
    station_id: str = "HUB",
) -> int:
    """Write the per-line shortage and damage records not yet written for a closed SKU.

    Damaged units account for the first shorted units (reason damaged_on_arrival or
    damaged_in_hub); the rest is supplier_short, or late_delivery when the cut time closed it.
    """
    allocation = refresh_dues(repo, sku_pk, policy)
    if allocation is None or not allocation.shorted:
        return 0
    lines, community_pks, line_pks = repo.demand_lines(sku_pk)
    community_of = {line.line_id: community_pks[line.community_id] for line in lines}
    recorded_damage = repo.recorded_damage_by_reason(sku_pk)
    damage_left = {
        reason: qty - recorded_damage.get(reason, 0)
        for reason, qty in repo.damaged_by_reason(sku_pk).items()
    }
    short_reason = "late_delivery" if cause == "cut_time" else "supplier_short"
    rows: list[dict[str, Any]] = [
        {
            "line_pk": line_pks[units.line_id],
            "sku_pk": sku_pk,
            "community_pk": community_of[units.line_id],
            "qty": units.qty,
            "kind": units.kind,
            "reason": units.reason,
            "created_at": now,
        }
        for units in reasons_for(allocation.shorted, damage_left, short_reason)
    ]
    repo.add_shortages(rows)
    # The platform refunds from these: queued in this same transaction, exactly once.
    sku = repo.sku(sku_pk)
    line_of = {line.line_id: line for line in lines}
    pk_to_line = {pk: line_id for line_id, pk in line_pks.items()}
    short_lines = [
        ShortLine(
            line_of[pk_to_line[r["line_pk"]]].order_id,
            pk_to_line[r["line_pk"]],
            sku.sku_id,
            line_of[pk_to_line[r["line_pk"]]].community_id,
            r["qty"],
            r["kind"],
            r["reason"],
        )
        for r in rows
    ]
    for draft in shortage_reports(short_lines, {sku.sku_id: sku.name}):
        queue_report(repo.s, repo.wave_pk, draft, station_id, now)
    return len(rows)


@dataclass(frozen=True)
class ClosedReceiving:
    skus_closed: int
    shortage_lines: int
    already_closed: bool = False  # nothing done: the wave (or SKU) was closed before


def close_receiving(
    store: Store,
    wave_id: str,
    *,
    sku_id: str | None = None,
    closed_by: str = "",
    cause: str = "supervisor",
    station_id: str = "HUB",
    policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST,
    reason: str = "",
    clock: Clock = utc_now,
) -> ClosedReceiving:
    """Close receiving of one SKU or of the whole wave, and fix its per-line shortages. Closed by
    a supervisor (`closed_by`), it writes an audit record with `reason` in the same transaction."""
    now = clock()
    with store.write() as session:
        wave_pk = wave_pk_of(session, wave_id)
        # Several PCs close at the cut time together: the second waits here, then finds it closed.
        lock_wave(session, wave_pk)
        repo = SortingRepository(session, wave_pk)
        if sku_id is None:
            targets = [pk for pk in repo.skus_to_sort() if not repo.receiving_closed(pk)]
            if not repo.close_receiving(None, closed_by, cause, now):
                # Closed before: its shortages and unknown barcodes are reported already.
                return ClosedReceiving(0, 0, already_closed=True)
        else:
            sku = repo.sku_by_id(sku_id)
            if sku is None:
                raise UserFacingError(
                    f"波次中没有商品 {sku_id}", f"No SKU {sku_id} in this wave", code="unknown_sku"
                )
            targets = [sku.pk] if repo.close_receiving(sku.pk, closed_by, cause, now) else []
        lines = 0
        for sku_pk in targets:
            lines += finalise_shortages(repo, sku_pk, policy, cause, now, station_id)
            queue_overage(session, wave_pk, sku_pk, station_id, now)
        if sku_id is None:
            queue_unknown_barcodes(session, wave_pk, station_id, now)
        maybe_sorted(session, wave_pk, wave_id, now)
        if closed_by and cause == "supervisor" and (sku_id is None or targets):
            # Last in the unit of work: the audit lock is held until commit.
            record_audit(
                session,
                action=Action.RECEIVING_CLOSED,
                supervisor=closed_by,
                reason=reason,
                at=now,
                wave_id=wave_id,
                sku_id=sku_id or "",
            )
    return ClosedReceiving(len(targets), lines, already_closed=sku_id is not None and not targets)


def _ordered_by_pk(lines: list[DemandLine], community_pks: dict[str, int]) -> dict[int, int]:
    dues: dict[int, int] = {}
    for line in lines:
        pk = community_pks[line.community_id]
        dues[pk] = dues.get(pk, 0) + line.qty
    return dues


def _put_by_id(
    repo: SortingRepository, sku_pk: int, community_pks: dict[str, int]
) -> dict[str, int]:
    by_pk = repo.put_by_community(sku_pk)
    return {cid: by_pk[pk] for cid, pk in community_pks.items() if pk in by_pk}
