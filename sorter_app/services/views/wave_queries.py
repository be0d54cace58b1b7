"""Read-only views of the local waves, for `sorter-app waves` and the waves screen."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from sorter_app.domain.reports import HUB_STAGES
from sorter_app.store import tables
from sorter_app.store.database import Store


@dataclass(frozen=True)
class WaveRow:
    wave_id: str
    delivery_date: date
    status: str
    source: str
    communities: int
    skus: int
    orders: int
    lines_to_sort: int
    units_to_sort: int
    open_conflicts: int
    stage: str = "imported"  # the furthest hub milestone reached (platform contract's words)
    routes_dispatched: int = 0
    routes_total: int = 0

    def as_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["delivery_date"] = self.delivery_date.isoformat()
        return row


def list_waves(store: Store) -> list[WaveRow]:
    """One row per local wave, newest delivery date first."""
    with store.read() as session:
        waves = session.execute(
            select(
                tables.Wave.id,
                tables.Wave.wave_id,
                tables.Wave.delivery_date,
                tables.Wave.status,
                tables.Wave.source,
            ).order_by(tables.Wave.delivery_date.desc(), tables.Wave.wave_id)
        ).all()
        counts = {name: _count_by_wave(session, table) for name, table in _COUNTED.items()}
        lines = dict(
            session.execute(
                select(tables.OrderLine.wave_pk, func.count())
                .where(tables.OrderLine.to_sort.is_(True))
                .group_by(tables.OrderLine.wave_pk)
            ).all()
        )
        units = dict(
            session.execute(
                select(tables.SortTask.wave_pk, func.sum(tables.SortTask.ordered_qty)).group_by(
                    tables.SortTask.wave_pk
                )
            ).all()
        )
        conflicts = dict(
            session.execute(
                select(tables.ImportConflict.wave_pk, func.count())
                .where(tables.ImportConflict.resolved_at.is_(None))
                .group_by(tables.ImportConflict.wave_pk)
            ).all()
        )
        stages = _stages(session)
        routes_total = dict(
            session.execute(
                select(
                    tables.Community.wave_pk, func.count(func.distinct(tables.Community.route_id))
                ).group_by(tables.Community.wave_pk)
            ).all()
        )
        routes_dispatched = _count_by_wave(session, tables.RouteDispatch)
    return [
        WaveRow(
            wave_id=wave_id,
            delivery_date=delivery_date,
            status=status,
            source=source,
            communities=counts["communities"].get(pk, 0),
            skus=counts["skus"].get(pk, 0),
            orders=counts["orders"].get(pk, 0),
            lines_to_sort=lines.get(pk, 0),
            units_to_sort=int(units.get(pk) or 0),
            open_conflicts=conflicts.get(pk, 0),
            stage=stages.get(pk, "imported"),
            routes_dispatched=routes_dispatched.get(pk, 0),
            routes_total=routes_total.get(pk, 0),
        )
        for pk, wave_id, delivery_date, status, source in waves
    ]


_COUNTED = {"communities": tables.Community, "skus": tables.Sku, "orders": tables.Order}


def _count_by_wave(session: Any, table: Any) -> dict[int, int]:
    return dict(session.execute(select(table.wave_pk, func.count()).group_by(table.wave_pk)).all())


# The platform's milestone words (in the order a wave reaches them), as a supervisor reads them.
STAGES = HUB_STAGES
STAGE_WORDS = {
    "imported": ("已导入", "imported"),
    "receiving": ("收货中", "receiving"),
    "sorting": ("分拣中", "sorting"),
    "sorted": ("分拣完成", "sorted"),
    "dispatched": ("已发车", "dispatched"),
}


def stage_word(stage: str, lang: str) -> str:
    zh, en = STAGE_WORDS.get(stage, (stage, stage))
    return zh if lang == "zh" else en


def _stages(session: Any) -> dict[int, str]:
    """Per wave, the furthest milestone queued for the platform. Milestones are queued in the
    transaction of the event that reaches them (import, first receipt, first put, last unit due,
    last route), so the outbox is where a wave stands, whether or not they were sent yet."""
    reached: dict[int, str] = {}
    for wave_pk, stage in session.execute(
        select(tables.OutboxEntry.wave_pk, tables.OutboxEntry.topic).where(
            tables.OutboxEntry.kind == "hub_status"
        )
    ):
        if stage in STAGES and STAGES.index(stage) > STAGES.index(reached.get(wave_pk, STAGES[0])):
            reached[wave_pk] = stage
    return reached
