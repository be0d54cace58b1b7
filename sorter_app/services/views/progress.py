"""Where a wave stands: progress by community, SKU, station and worker, and the rates a
supervisor watches. Read-only; the dashboard and `sorter-app` both use it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of


@dataclass(frozen=True)
class WaveProgress:
    wave_id: str
    ordered: int
    due: int
    put: int
    shorted: int  # ordered - due
    communities: int
    communities_done: int
    skus: int
    skus_done: int
    puts: int  # put events
    wrong_crate: int  # near-missorts caught at the crate
    first_put_at: datetime | None
    last_put_at: datetime | None

    @property
    def percent(self) -> float:
        return 100.0 * self.put / self.due if self.due else 100.0

    @property
    def wrong_crate_per_10k(self) -> float:
        return 10_000 * self.wrong_crate / self.put if self.put else 0.0

    @property
    def shortage_rate(self) -> float:
        return self.shorted / self.ordered if self.ordered else 0.0


@dataclass(frozen=True)
class ProgressRow:
    key: str  # community_id, sku_id, station_id or worker
    name: str
    due: int
    put: int
    ordered: int = 0


@dataclass(frozen=True)
class WorkerRow:
    worker: str
    puts: int
    units: int
    wrong_crate: int
    first_at: datetime | None
    last_at: datetime | None

    @property
    def wrong_crate_per_10k(self) -> float:
        return 10_000 * self.wrong_crate / self.units if self.units else 0.0

    @property
    def puts_per_hour(self) -> float:
        if not self.first_at or not self.last_at or self.last_at <= self.first_at:
            return 0.0
        return self.puts / ((self.last_at - self.first_at).total_seconds() / 3600)


def wave_progress(store: Store, wave_id: str) -> WaveProgress:
    st = tables.SortTask
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        ordered, due, put = s.execute(
            select(
                func.coalesce(func.sum(st.ordered_qty), 0),
                func.coalesce(func.sum(st.due_qty), 0),
                func.coalesce(func.sum(st.put_qty), 0),
            ).where(st.wave_pk == wave_pk)
        ).one()
        by_community = _done_counts(s, wave_pk, st.community_pk)
        by_sku = _done_counts(s, wave_pk, st.sku_pk)
        puts, first, last = s.execute(
            select(
                func.count(), func.min(tables.Put.created_at), func.max(tables.Put.created_at)
            ).where(tables.Put.wave_pk == wave_pk, tables.Put.undone_at.is_(None))
        ).one()
        wrong = s.scalar(
            select(func.count())
            .select_from(tables.Scan)
            .where(tables.Scan.wave_pk == wave_pk, tables.Scan.result == "wrong_crate")
        )
    return WaveProgress(
        wave_id,
        int(ordered),
        int(due),
        int(put),
        int(ordered) - int(due),
        by_community[0],
        by_community[1],
        by_sku[0],
        by_sku[1],
        int(puts),
        int(wrong or 0),
        _aware(first),
        _aware(last),
    )


def _done_counts(session: Session, wave_pk: int, column: Any) -> tuple[int, int]:
    st = tables.SortTask
    per = (
        select(
            column.label("k"), func.sum(st.due_qty).label("due"), func.sum(st.put_qty).label("put")
        )
        .where(st.wave_pk == wave_pk, st.ordered_qty > 0)
        .group_by(column)
        .subquery()
    )
    total, done = session.execute(
        select(func.count(), func.coalesce(func.sum(case((per.c.put >= per.c.due, 1), else_=0)), 0))
    ).one()
    return int(total), int(done)


def community_progress(store: Store, wave_id: str) -> list[ProgressRow]:
    """Per community in route and stop order."""
    c = tables.Community
    return _task_totals(
        store,
        wave_id,
        (c.community_id, c.name),
        c.id == tables.SortTask.community_pk,
        group=(c.community_id, c.name, c.route_id, c.stop_seq),
        order=(c.route_id, c.stop_seq, c.community_id),
    )


def sku_progress(store: Store, wave_id: str) -> list[ProgressRow]:
    k = tables.Sku
    return _task_totals(
        store,
        wave_id,
        (k.sku_id, k.name),
        k.id == tables.SortTask.sku_pk,
        group=(k.sku_id, k.name),
        order=(k.sku_id,),
    )


def _task_totals(
    store: Store,
    wave_id: str,
    key_and_name: tuple[Any, Any],
    join_on: Any,
    *,
    group: tuple[Any, ...],
    order: tuple[Any, ...],
) -> list[ProgressRow]:
    """Due, put and ordered units of the wave's sort tasks, summed per community or per SKU."""
    st = tables.SortTask
    key, name = key_and_name
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        rows = s.execute(
            select(key, name, func.sum(st.due_qty), func.sum(st.put_qty), func.sum(st.ordered_qty))
            .join(key.table, join_on)
            .where(st.wave_pk == wave_pk)
            .group_by(*group)
            .order_by(*order)
        ).all()
    return [ProgressRow(k, n, int(due), int(put), int(ordered)) for k, n, due, put, ordered in rows]


def worker_stats(store: Store, wave_id: str) -> list[WorkerRow]:
    """Puts, units and near-missorts (wrong-crate scans) per worker."""
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        puts = {
            w: (int(n), int(u), f, last)
            for w, n, u, f, last in s.execute(
                select(
                    tables.Put.worker,
                    func.count(),
                    func.sum(tables.Put.qty),
                    func.min(tables.Put.created_at),
                    func.max(tables.Put.created_at),
                )
                .where(tables.Put.wave_pk == wave_pk, tables.Put.undone_at.is_(None))
                .group_by(tables.Put.worker)
            )
        }
        wrong = dict(
            s.execute(
                select(tables.Scan.worker, func.count())
                .where(tables.Scan.wave_pk == wave_pk, tables.Scan.result == "wrong_crate")
                .group_by(tables.Scan.worker)
            ).all()
        )
    rows = []
    for worker in sorted(set(puts) | set(wrong)):
        count, units, first, last = puts.get(worker, (0, 0, None, None))
        rows.append(
            WorkerRow(worker, count, units, int(wrong.get(worker, 0)), _aware(first), _aware(last))
        )
    return rows


def station_progress(store: Store, wave_id: str) -> list[ProgressRow]:
    """Units put per station (due is not per station: it is 0 here)."""
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        rows = s.execute(
            select(tables.Put.station_id, func.sum(tables.Put.qty))
            .where(tables.Put.wave_pk == wave_pk, tables.Put.undone_at.is_(None))
            .group_by(tables.Put.station_id)
            .order_by(tables.Put.station_id)
        ).all()
    return [ProgressRow(station, station, 0, int(units)) for station, units in rows]


def _aware(value: object) -> datetime | None:
    # Aggregates (min/max) bypass the UTC column type on SQLite and come back as text.
    from datetime import UTC

    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
