"""Read-only views of the local waves, for `sorter-app waves` and the waves screen."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from sorter_app.store import tables as t
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

    def as_json(self) -> dict[str, Any]:
        row = asdict(self)
        row["delivery_date"] = self.delivery_date.isoformat()
        return row


def list_waves(store: Store) -> list[WaveRow]:
    """One row per local wave, newest delivery date first."""
    with store.read() as session:
        waves = session.execute(
            select(
                t.Wave.id, t.Wave.wave_id, t.Wave.delivery_date, t.Wave.status, t.Wave.source
            ).order_by(t.Wave.delivery_date.desc(), t.Wave.wave_id)
        ).all()
        counts = {name: _count_by_wave(session, table) for name, table in _COUNTED.items()}
        lines = dict(
            session.execute(
                select(t.OrderLine.wave_pk, func.count())
                .where(t.OrderLine.to_sort.is_(True))
                .group_by(t.OrderLine.wave_pk)
            ).all()
        )
        units = dict(
            session.execute(
                select(t.SortTask.wave_pk, func.sum(t.SortTask.ordered_qty)).group_by(
                    t.SortTask.wave_pk
                )
            ).all()
        )
        conflicts = dict(
            session.execute(
                select(t.ImportConflict.wave_pk, func.count())
                .where(t.ImportConflict.resolved_at.is_(None))
                .group_by(t.ImportConflict.wave_pk)
            ).all()
        )
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
        )
        for pk, wave_id, delivery_date, status, source in waves
    ]


_COUNTED = {"communities": t.Community, "skus": t.Sku, "orders": t.Order}


def _count_by_wave(session: Any, table: Any) -> dict[int, int]:
    return dict(session.execute(select(table.wave_pk, func.count()).group_by(table.wave_pk)).all())
