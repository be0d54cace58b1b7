"""Keeping each community's dues of a SKU in line with what arrived, and fixing shortages when
receiving closes (and again if units are found damaged after that)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sorter_app.domain.allocation import DemandLine, ShortagePolicy
from sorter_app.domain.dues import DueAllocation, allocate_dues
from sorter_app.domain.reports import ShortLine, shortage_reports
from sorter_app.services.reporting import queue_report
from sorter_app.store.sorting_repo import SortingRepository


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
    rows: list[dict[str, Any]] = []
    for line_id, qty in sorted(allocation.shorted.items()):
        while qty > 0:
            reason, kind, take = short_reason, "shortage", qty
            for damage_reason, left in damage_left.items():
                if left > 0:
                    reason, kind, take = damage_reason, "damage", min(qty, left)
                    damage_left[damage_reason] -= take
                    break
            rows.append(
                {
                    "line_pk": line_pks[line_id],
                    "sku_pk": sku_pk,
                    "community_pk": community_of[line_id],
                    "qty": take,
                    "kind": kind,
                    "reason": reason,
                    "created_at": now,
                }
            )
            qty -= take
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
