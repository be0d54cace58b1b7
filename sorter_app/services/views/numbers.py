"""The hub's numbers for a wave: its timeline, shortage and damage (损耗分析), missorts caught and
escaped, and productivity — what the dashboard shows and `sorter-app export` writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of

STAGES = ("imported", "receiving", "sorting", "sorted", "dispatched")


# Notes on a timeline step whose time lies before the step it follows: no duration is shown
# then (a negative one reads as a mistake in the numbers rather than in the night).
IMPORTED_BEFORE_CUTOFF = "imported_before_cutoff"  # the platform closed the wave early
BEFORE_PREVIOUS = "before_previous"  # e.g. a route forced out before the wave was sorted


@dataclass(frozen=True)
class TimelineStep:
    step: str  # cutoff | imported | receiving | sorting | sorted | dispatched:R03 | dispatched
    at: datetime
    minutes_since_previous: float | None  # never negative; None first and where `note` says why
    note: str = ""  # "" | IMPORTED_BEFORE_CUTOFF | BEFORE_PREVIOUS


def timeline(store: Store, wave_id: str) -> list[TimelineStep]:
    """Cutoff → imported → first receipt → sorting started → sorted → each route → all dispatched."""
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        cutoff = s.scalar(select(tables.Wave.cutoff_at).where(tables.Wave.id == wave_pk))
        stages = {
            entry.topic: datetime.fromisoformat(json.loads(entry.body)["at"])
            for entry in s.scalars(
                select(tables.OutboxEntry).where(
                    tables.OutboxEntry.wave_pk == wave_pk, tables.OutboxEntry.kind == "hub_status"
                )
            )
        }
        routes = s.execute(
            select(tables.RouteDispatch.route_id, tables.RouteDispatch.departed_at)
            .where(tables.RouteDispatch.wave_pk == wave_pk)
            .order_by(tables.RouteDispatch.departed_at)
        ).all()
    points: list[tuple[str, datetime]] = [("cutoff", cutoff)] if cutoff else []
    points += [(stage, stages[stage]) for stage in STAGES[:4] if stage in stages]
    points += [(f"dispatched:{route}", at) for route, at in routes]
    if "dispatched" in stages:
        points.append(("dispatched", stages["dispatched"]))
    steps: list[TimelineStep] = []
    previous: tuple[str, datetime] | None = None
    for step, at in points:
        minutes: float | None = None
        note = ""
        if previous is not None and at >= previous[1]:
            minutes = round((at - previous[1]).total_seconds() / 60, 1)
        elif previous is not None:
            before_cutoff = step == "imported" and previous[0] == "cutoff"
            note = IMPORTED_BEFORE_CUTOFF if before_cutoff else BEFORE_PREVIOUS
        steps.append(TimelineStep(step, at, minutes, note))
        previous = (step, at)
    return steps


@dataclass(frozen=True)
class LossRow:
    """Shortage and damage for one SKU, category or supplier."""

    key: str
    name: str
    ordered: int
    shorted: int
    damaged: int

    @property
    def shortage_rate(self) -> float:
        return self.shorted / self.ordered if self.ordered else 0.0

    @property
    def damage_rate(self) -> float:
        return self.damaged / self.ordered if self.ordered else 0.0


def losses(store: Store, wave_id: str, by: str = "sku") -> list[LossRow]:
    """Final shortages (kind shortage) and damage per SKU, category or supplier."""
    k = tables.Sku
    key, name = {
        "sku": (k.sku_id, k.name),
        "category": (k.category, k.category),
        "supplier": (k.supplier_id, k.supplier_name),
    }[by]
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        ordered = dict(
            s.execute(
                select(key, func.sum(tables.SortTask.ordered_qty))
                .join(k, k.id == tables.SortTask.sku_pk)
                .where(tables.SortTask.wave_pk == wave_pk)
                .group_by(key)
            ).all()
        )
        rows = s.execute(
            select(
                key,
                func.max(name),
                func.sum(case((tables.Shortage.kind == "shortage", tables.Shortage.qty), else_=0)),
                func.sum(case((tables.Shortage.kind == "damage", tables.Shortage.qty), else_=0)),
            )
            .join(k, k.id == tables.Shortage.sku_pk)
            .where(tables.Shortage.wave_pk == wave_pk)
            .group_by(key)
        ).all()
        names = dict(
            s.execute(select(key, func.max(name)).where(k.wave_pk == wave_pk).group_by(key)).all()
        )
    lost = {r[0]: (int(r[2] or 0), int(r[3] or 0)) for r in rows}
    return [
        LossRow(g, names.get(g, g), int(ordered.get(g) or 0), *lost.get(g, (0, 0)))
        for g in sorted(set(ordered) | set(lost))
    ]


@dataclass(frozen=True)
class MissortNumbers:
    units_put: int
    near_missorts: int  # wrong-crate scans caught at the crate
    claimed_missorts: int  # escaped: leaders' claims of wrong, extra or missing items
    claims: list[
        tuple[str, str, str, int, str, str, str]
    ]  # claim_id, kind, sku, qty, crate, station, worker

    @property
    def near_per_10k(self) -> float:
        return 10_000 * self.near_missorts / self.units_put if self.units_put else 0.0

    @property
    def claimed_per_10k(self) -> float:
        return 10_000 * self.claimed_missorts / self.units_put if self.units_put else 0.0


def missorts(store: Store, wave_id: str) -> MissortNumbers:
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        units = s.scalar(
            select(func.coalesce(func.sum(tables.Put.qty), 0)).where(
                tables.Put.wave_pk == wave_pk, tables.Put.undone_at.is_(None)
            )
        )
        near = s.scalar(
            select(func.count())
            .select_from(tables.Scan)
            .where(tables.Scan.wave_pk == wave_pk, tables.Scan.result == "wrong_crate")
        )
        claims = s.execute(
            select(
                tables.Claim.claim_id,
                tables.Claim.kind,
                tables.Claim.sku_id,
                tables.Claim.qty,
                tables.Claim.linked_crate_id,
                tables.Claim.put_station_id,
                tables.Claim.put_worker,
            )
            .where(tables.Claim.wave_pk == wave_pk)
            .order_by(tables.Claim.claim_id)
        ).all()
    escaped = sum(
        qty for _, kind, _, qty, *_ in claims if kind in ("wrong_item", "extra", "missing")
    )
    return MissortNumbers(int(units or 0), int(near or 0), escaped, [tuple(c) for c in claims])  # type: ignore[misc]
