"""Planning each community's crates right after import, so that `crate n of m` is known and
labels can be printed before the goods arrive."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from sorter_app.domain.crate_codes import crate_id as make_crate_id
from sorter_app.domain.crate_codes import make_crate_scan_code
from sorter_app.domain.crate_plan import PlanItem, PlannedCrate, plan_crates
from sorter_app.domain.wave import Temperature
from sorter_app.store import tables as t
from sorter_app.store.sorting_repo import SortingRepository


def plan_wave_crates(session: Session, wave_pk: int, now: datetime) -> int:
    """(Re)plan crates of every community whose ordered contents changed; returns crates planned.

    A community with units already put, or with a label already printed, keeps its crates: the
    engine opens extra crates for it if it needs more.
    """
    repo = SortingRepository(session, wave_pk)
    wave_id = session.scalar(select(t.Wave.wave_id).where(t.Wave.id == wave_pk))
    assert wave_id is not None
    wanted = _planned_by_community(session, wave_pk)
    current = _current_plan(session, wave_pk)
    frozen = repo.communities_with_puts() | _printed_communities(session, wave_pk)
    community_ids = dict(
        session.execute(
            select(t.Community.id, t.Community.community_id).where(t.Community.wave_pk == wave_pk)
        ).all()
    )
    sku_pks = dict(
        session.execute(select(t.Sku.sku_id, t.Sku.id).where(t.Sku.wave_pk == wave_pk)).all()
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
    rows = [
        {
            "wave_pk": wave_pk,
            "community_pk": pk,
            "temperature": crate.temperature.value,
            "seq": crate.seq,
            "extra": False,
            "crate_id": make_crate_id(wave_id, community_ids[pk], crate.seq),
            "scan_code": make_crate_scan_code(first_serial + i),
            "status": "open",
            "label_version": 1,
            "created_at": now,
        }
        for i, (pk, crate) in enumerate(crates)
    ]
    crate_pks = [
        pk
        for (pk,) in session.execute(
            insert(t.Crate).returning(t.Crate.id, sort_by_parameter_order=True), rows
        )
    ]
    items = [
        {"crate_pk": crate_pk, "sku_pk": sku_pks[sku_id], "planned_qty": qty}
        for crate_pk, (_, crate) in zip(crate_pks, crates, strict=True)
        for sku_id, qty in crate.contents
    ]
    for start in range(0, len(items), 10_000):
        session.execute(insert(t.CratePlanItem), items[start : start + 10_000])
    return len(crates)


def _planned_by_community(session: Session, wave_pk: int) -> dict[int, list[PlannedCrate]]:
    rows = session.execute(
        select(
            t.SortTask.community_pk,
            t.Sku.temperature,
            t.Sku.sku_id,
            t.SortTask.ordered_qty,
            t.Sku.units_per_crate,
        )
        .join(t.Sku, t.Sku.id == t.SortTask.sku_pk)
        .where(t.SortTask.wave_pk == wave_pk, t.SortTask.ordered_qty > 0)
    )
    items = [PlanItem(str(c), Temperature(temp), sku, qty, upc) for c, temp, sku, qty, upc in rows]
    plan: dict[int, list[PlannedCrate]] = defaultdict(list)
    for crate in plan_crates(items):
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
            t.Crate.community_pk,
            t.Crate.temperature,
            t.Crate.seq,
            t.Sku.sku_id,
            t.CratePlanItem.planned_qty,
        )
        .join(t.CratePlanItem, t.CratePlanItem.crate_pk == t.Crate.id, isouter=True)
        .join(t.Sku, t.Sku.id == t.CratePlanItem.sku_pk, isouter=True)
        .where(t.Crate.wave_pk == wave_pk)
        .order_by(t.Crate.community_pk, t.Crate.seq, t.Sku.sku_id)
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
            select(t.Crate.community_pk)
            .where(t.Crate.wave_pk == wave_pk, t.Crate.printed_at.is_not(None))
            .distinct()
        )
    )
