"""What follows every import in the same transaction: crates planned, dues brought in line with
what has already arrived."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.services.crate_planning import plan_wave_crates
from sorter_app.services.dues import finalise_shortages, refresh_dues
from sorter_app.store.sorting_repo import SortingRepository
from sorter_app.store.wave_writer import ensure_sort_tasks


def after_wave_written(
    session: Session,
    wave_pk: int,
    now: datetime,
    policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST,
) -> None:
    ensure_sort_tasks(session, wave_pk)
    plan_wave_crates(session, wave_pk, now)
    repo = SortingRepository(session, wave_pk)
    for sku_pk in repo.skus_with_receipts() | repo.closed_skus():
        if repo.receiving_closed(sku_pk):
            finalise_shortages(repo, sku_pk, policy, "reimport", now)
        else:
            refresh_dues(repo, sku_pk, policy)
