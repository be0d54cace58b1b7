"""Closing receiving, by a supervisor or at the wave's receiving cut time: shortages become final."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.dues import finalise_shortages
from sorter_app.services.reporting import maybe_sorted, queue_overage, queue_unknown_barcodes
from sorter_app.store import tables as t
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import SortingRepository


@dataclass(frozen=True)
class ClosedReceiving:
    skus_closed: int
    shortage_lines: int


def close_receiving(
    store: Store,
    wave_id: str,
    *,
    sku_id: str | None = None,
    closed_by: str = "",
    cause: str = "supervisor",
    station_id: str = "HUB",
    policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST,
    clock: Clock = utc_now,
) -> ClosedReceiving:
    """Close receiving of one SKU or of the whole wave, and fix its per-line shortages."""
    now = clock()
    with store.write() as session:
        wave_pk = session.scalar(select(t.Wave.id).where(t.Wave.wave_id == wave_id))
        if wave_pk is None:
            raise UserFacingError(
                f"本地没有波次 {wave_id}", f"No local wave {wave_id}", code="unknown_wave"
            )
        repo = SortingRepository(session, wave_pk)
        if sku_id is None:
            targets = [pk for pk in repo.skus_to_sort() if not repo.receiving_closed(pk)]
            repo.close_receiving(None, closed_by, cause, now)
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
    return ClosedReceiving(len(targets), lines)
