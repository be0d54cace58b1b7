"""Planning each community's crates right after import, so that `crate n of m` is known and
labels can be printed before the goods arrive."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sorter_app.domain.crate_codes import crate_id as make_crate_id
from sorter_app.domain.crate_codes import make_crate_scan_code
from sorter_app.domain.crate_plan import PlanItem, PlannedCrate, plan_crates
from sorter_app.domain.wave import Temperature
from sorter_app.gc_pause import release_gradually
from sorter_app.store import tables
from sorter_app.store.bulk import insert_tuples
from sorter_app.store.sorting_repo import SortingRepository


def plan_wave_crates(session: Session, wave_pk: int, now: datetime) -> int:
    """(Re)plan crates of every community whose ordered contents changed; returns crates planned.

    A community with units already put, or with a label already printed, keeps its crates: the
    engine opens extra crates for it if it needs more.
    """
    repo = SortingRepository(session, wave_pk)
    wave_id = session.scalar(select(tables.Wave.wave_id).where(tables.Wave.id == wave_pk))
    assert wave_id is not None
    wanted = _planned_by_community(session, wave_pk)
    current = _current_plan(session, wave_pk)
    frozen = repo.communities_with_puts() | _printed_communities(session, wave_pk)
    community_ids = dict(
        session.execute(
            select(tables.Community.id, tables.Community.community_id).where(
                tables.Community.wave_pk == wave_pk
            )
        ).all()
    )
    sku_pks = dict(
        session.execute(
            select(tables.Sku.sku_id, tables.Sku.id).where(tables.Sku.wave_pk == wave_pk)
        ).all()
    )
    to_plan = {
        pk
        for pk in set(wanted) | set(current)
        if pk not in frozen and _signature(wanted.get(pk, [])) != current.get(pk)
    }
    repo.drop_crates({pk for pk in to_plan if pk in current})
    crates = [(pk, crate) for pk in sorted(to_plan) for crate in wanted.get(pk, [])]
    if not crates:
        return 0
    first_serial = repo.next_serial(len(crates))
    columns = (
        "wave_pk",
        "community_pk",
        "temperature",
        "seq",
        "extra",
        "crate_id",
        "scan_code",
        "status",
        "label_version",
        "created_at",
    )
    rows = [
        (
            wave_pk,
            pk,
            crate.temperature.value,
            crate.seq,
            False,
            make_crate_id(wave_id, community_ids[pk], crate.seq),
            make_crate_scan_code(first_serial + i),
            "open",
            1,
            now,
        )
        for i, (pk, crate) in enumerate(crates)
    ]
    insert_tuples(session, tables.Crate.__table__, columns, rows)
    crate_pk_of = {
        (community_pk, seq): pk
        for pk, community_pk, seq in session.execute(
            select(tables.Crate.id, tables.Crate.community_pk, tables.Crate.seq).where(
                tables.Crate.wave_pk == wave_pk
            )
        )
    }
    crate_pks = [crate_pk_of[(pk, crate.seq)] for pk, crate in crates]
    items = [
        (crate_pk, sku_pks[sku_id], qty)
        for crate_pk, (_, crate) in zip(crate_pks, crates, strict=True)
        for sku_id, qty in crate.contents
    ]
    insert_tuples(
        session, tables.CratePlanItem.__table__, ("crate_pk", "sku_pk", "planned_qty"), items
    )
    planned = len(crates)
    # Hundreds of thousands of small objects: dropped a slice at a time (see release_gradually).
    for big in (items, rows, crates, crate_pks, *wanted.values()):
        release_gradually(big)
    return planned


def _planned_by_community(session: Session, wave_pk: int) -> dict[int, list[PlannedCrate]]:
    rows = session.execute(
        select(
            tables.SortTask.community_pk,
            tables.Sku.temperature,
            tables.Sku.sku_id,
            tables.SortTask.ordered_qty,
            tables.Sku.units_per_crate,
        )
        .join(tables.Sku, tables.Sku.id == tables.SortTask.sku_pk)
        .where(tables.SortTask.wave_pk == wave_pk, tables.SortTask.ordered_qty > 0)
    )
    items = [PlanItem(str(c), Temperature(temp), sku, qty, upc) for c, temp, sku, qty, upc in rows]
    plan: dict[int, list[PlannedCrate]] = defaultdict(list)
    planned = plan_crates(items)
    release_gradually(items)
    for crate in planned:
        plan[int(crate.community_id)].append(crate)
    return plan


def _signature(
    crates: list[PlannedCrate],
) -> tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...]:
    return tuple((c.temperature.value, c.seq, c.contents) for c in crates)


def _current_plan(
    session: Session, wave_pk: int
) -> dict[int, tuple[tuple[str, int, tuple[tuple[str, int], ...]], ...]]:
    rows = session.execute(
        select(
            tables.Crate.community_pk,
            tables.Crate.temperature,
            tables.Crate.seq,
            tables.Sku.sku_id,
            tables.CratePlanItem.planned_qty,
        )
        .join(tables.CratePlanItem, tables.CratePlanItem.crate_pk == tables.Crate.id, isouter=True)
        .join(tables.Sku, tables.Sku.id == tables.CratePlanItem.sku_pk, isouter=True)
        .where(tables.Crate.wave_pk == wave_pk)
        .order_by(tables.Crate.community_pk, tables.Crate.seq, tables.Sku.sku_id)
    )
    by_crate: dict[tuple[int, str, int], list[tuple[str, int]]] = defaultdict(list)
    for community_pk, temperature, seq, sku_id, qty in rows:
        contents = by_crate[(community_pk, temperature, seq)]
        if sku_id is not None:
            contents.append((sku_id, qty))
    plan: dict[int, list[tuple[str, int, tuple[tuple[str, int], ...]]]] = defaultdict(list)
    for (community_pk, temperature, seq), contents in by_crate.items():
        plan[community_pk].append((temperature, seq, tuple(contents)))
    return {pk: tuple(crates) for pk, crates in plan.items()}


def _printed_communities(session: Session, wave_pk: int) -> set[int]:
    return set(
        session.scalars(
            select(tables.Crate.community_pk)
            .where(tables.Crate.wave_pk == wave_pk, tables.Crate.printed_at.is_not(None))
            .distinct()
        )
    )
