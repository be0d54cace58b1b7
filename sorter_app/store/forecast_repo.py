"""What the forecast reads and writes: intra-day snapshots of open waves, the supervisor's local
events, the forecasts made, and the rates the forecast's needs are computed from (crates per
line per zone, units per line, puts per worker-hour, each route's share of lines), measured on
the hub's past waves. Services call these inside one unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sorter_app.store import tables


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    hub_id: str
    wave_id: str
    delivery_date: date
    cutoff_at: datetime
    taken_at: datetime  # the poll slot (UTC); the cutoff itself for a final count
    order_count: int
    line_count: int
    status: str  # "open"; "closed" for the final count seen after cutoff
    polled_at: datetime


@dataclass(frozen=True, slots=True)
class WaveFinal:
    """A wave imported into the store: its cutoff and its line count as the platform gave it."""

    wave_id: str
    delivery_date: date
    cutoff_at: datetime
    order_count: int
    line_count: int


@dataclass(frozen=True, slots=True)
class EventRow:
    day: date
    name: str
    factor: float | None
    note: str


@dataclass(frozen=True, slots=True)
class RouteShare:
    route_id: str
    name: str
    lines: int


@dataclass(frozen=True, slots=True)
class MeasuredRates:
    """Totals over the past waves measured (the service turns them into rates)."""

    waves: int  # waves with order lines
    lines: int
    units: int
    crated_lines: int  # lines of the waves that had crates
    crates_by_zone: dict[str, int]
    put_units: int
    put_hours: float  # worker-hours: each (wave, worker) from its first put to its last
    routes: tuple[RouteShare, ...]


# --- snapshots -----------------------------------------------------------------------------


def add_snapshot(session: Session, row: SnapshotRow) -> bool:
    """Insert the snapshot unless one of the same wave and slot exists (another PC polled it):
    True when this one was stored."""
    return add_snapshots(session, [row]) == 1


def add_snapshots(session: Session, rows: Sequence[SnapshotRow]) -> int:
    """Insert the snapshots, each unless its wave and slot is stored already; how many were new."""
    if not rows:
        return 0
    table = tables.WaveSnapshot.__table__
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # RETURNING counts the rows inserted on both dialects (an executemany's rowcount does not).
    statement = insert(table).on_conflict_do_nothing().returning(table.c.id)
    return len(session.execute(statement, [_values(row) for row in rows]).all())


def _values(row: SnapshotRow) -> dict[str, Any]:
    return {
        "hub_id": row.hub_id,
        "wave_id": row.wave_id,
        "delivery_date": row.delivery_date,
        "cutoff_at": row.cutoff_at,
        "taken_at": row.taken_at,
        "order_count": row.order_count,
        "line_count": row.line_count,
        "status": row.status,
        "polled_at": row.polled_at,
    }


def snapshots(
    session: Session, hub_id: str, since: date | None = None, until: date | None = None
) -> list[SnapshotRow]:
    """The hub's snapshots (delivery dates in [since, until]), in wave and time order."""
    t = tables.WaveSnapshot
    query = select(t).where(t.hub_id == hub_id)
    if since is not None:
        query = query.where(t.delivery_date >= since)
    if until is not None:
        query = query.where(t.delivery_date <= until)
    return [
        SnapshotRow(
            r.hub_id,
            r.wave_id,
            r.delivery_date,
            r.cutoff_at,
            r.taken_at,
            r.order_count,
            r.line_count,
            r.status,
            r.polled_at,
        )
        for r in session.scalars(query.order_by(t.wave_id, t.taken_at))
    ]


def waves_with_final(session: Session, hub_id: str) -> set[str]:
    """Waves whose final (closed) count is already stored as a snapshot."""
    t = tables.WaveSnapshot
    query = select(t.wave_id).where(t.hub_id == hub_id, t.status == "closed")
    return set(session.scalars(query))


# --- past waves ----------------------------------------------------------------------------


def wave_finals(session: Session, hub_id: str) -> list[WaveFinal]:
    """The hub's imported waves that were not cancelled, oldest first."""
    w = tables.Wave
    query = (
        select(w.wave_id, w.delivery_date, w.cutoff_at, w.order_count, w.line_count)
        .where(w.hub_id == hub_id, w.status != "cancelled")
        .order_by(w.cutoff_at)
    )
    return [WaveFinal(*row) for row in session.execute(query)]


def measured_rates(session: Session, hub_id: str, until: date, waves: int) -> MeasuredRates:
    """Totals over the hub's last `waves` imported waves delivering on or before `until` (a wave
    imported after its cutoff tells its own routes and units per line best)."""
    w = tables.Wave
    wave_pks = list(
        session.scalars(
            select(w.id)
            .where(w.hub_id == hub_id, w.status != "cancelled", w.delivery_date <= until)
            .order_by(w.cutoff_at.desc())
            .limit(waves)
        )
    )
    if not wave_pks:
        return MeasuredRates(0, 0, 0, 0, {}, 0, 0.0, ())
    line = tables.OrderLine
    per_wave = {
        pk: (n, units or 0)
        for pk, n, units in session.execute(
            select(line.wave_pk, func.count(), func.sum(line.qty))
            .where(line.wave_pk.in_(wave_pks), line.to_sort.is_(True))
            .group_by(line.wave_pk)
        )
    }
    crate = tables.Crate
    crates_by_zone: dict[str, int] = {}
    crated_waves: set[int] = set()
    for pk, zone, n in session.execute(
        select(crate.wave_pk, crate.temperature, func.count())
        .where(crate.wave_pk.in_(wave_pks))
        .group_by(crate.wave_pk, crate.temperature)
    ):
        crates_by_zone[zone] = crates_by_zone.get(zone, 0) + n
        crated_waves.add(pk)
    put_units, put_hours = _put_totals(session, wave_pks)
    return MeasuredRates(
        waves=len(per_wave),
        lines=sum(n for n, _ in per_wave.values()),
        units=sum(u for _, u in per_wave.values()),
        crated_lines=sum(per_wave.get(pk, (0, 0))[0] for pk in crated_waves),
        crates_by_zone=crates_by_zone,
        put_units=put_units,
        put_hours=put_hours,
        routes=_route_shares(session, wave_pks),
    )


def _put_totals(session: Session, wave_pks: Sequence[int]) -> tuple[int, float]:
    put = tables.Put
    who = func.coalesce(func.nullif(put.worker, ""), put.station_id)
    units = 0
    hours = 0.0
    for total, first, last in session.execute(
        select(func.sum(put.qty), func.min(put.created_at), func.max(put.created_at))
        .where(put.wave_pk.in_(wave_pks), put.undone_at.is_(None))
        .group_by(put.wave_pk, who)
    ):
        span = (last - first).total_seconds() / 3600 if first and last else 0.0
        # One worker's few puts a minute apart say nothing of an hour's pace.
        if span >= 0.25:
            units += int(total or 0)
            hours += span
    return units, hours


def _route_shares(session: Session, wave_pks: Sequence[int]) -> tuple[RouteShare, ...]:
    line = tables.OrderLine
    community = tables.Community
    rows = session.execute(
        select(community.route_id, func.max(community.route_name), func.count())
        .select_from(line)
        .join(community, community.id == line.community_pk)
        .where(line.wave_pk.in_(wave_pks), line.to_sort.is_(True))
        .group_by(community.route_id)
        .order_by(community.route_id)
    )
    return tuple(RouteShare(route_id, name or route_id, n) for route_id, name, n in rows)


# --- local events --------------------------------------------------------------------------


def events(session: Session) -> list[EventRow]:
    e = tables.ForecastEvent
    return [
        EventRow(r.day, r.name, r.factor, r.note)
        for r in session.scalars(select(e).order_by(e.day))
    ]


def put_event(session: Session, event: EventRow, at: datetime) -> None:
    """Add the day's event, or replace the one already on that day."""
    e = tables.ForecastEvent
    session.execute(delete(e).where(e.day == event.day))
    session.add(
        tables.ForecastEvent(
            day=event.day, name=event.name, factor=event.factor, note=event.note, created_at=at
        )
    )


def remove_event(session: Session, day: date) -> bool:
    e = tables.ForecastEvent
    return bool(session.execute(delete(e).where(e.day == day)).rowcount)  # type: ignore[attr-defined]


# --- forecasts made ------------------------------------------------------------------------


def add_forecast(
    session: Session,
    *,
    hub_id: str,
    delivery_date: date,
    made_at: datetime,
    lines: float,
    low: float,
    high: float,
    method: str,
    explanation: dict[str, object],
) -> None:
    session.add(
        tables.ForecastRecord(
            hub_id=hub_id,
            delivery_date=delivery_date,
            made_at=made_at,
            lines=lines,
            low=low,
            high=high,
            method=method,
            explanation=explanation,
        )
    )


def last_forecast_made(session: Session, hub_id: str, delivery_date: date) -> datetime | None:
    f = tables.ForecastRecord
    return session.scalar(
        select(func.max(f.made_at)).where(f.hub_id == hub_id, f.delivery_date == delivery_date)
    )


def forecasts_made(
    session: Session, hub_id: str, delivery_dates: Sequence[date]
) -> dict[date, float]:
    """The last forecast made for each of those delivery dates (lines)."""
    f = tables.ForecastRecord
    latest: dict[date, tuple[datetime, float]] = {}
    for day, at, lines in session.execute(
        select(f.delivery_date, f.made_at, f.lines).where(
            f.hub_id == hub_id, f.delivery_date.in_(list(delivery_dates))
        )
    ):
        if day not in latest or at > latest[day][0]:
            latest[day] = (at, lines)
    return {day: lines for day, (_, lines) in latest.items()}
