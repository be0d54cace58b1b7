"""Intra-day snapshots: while a wave is still `open`, its summary's order and line counts are
polled from the platform (every `[forecast] poll_minutes`, and once by `sorter-app forecast`) and
kept, so that tonight's count so far and past nights' curves feed the forecast.

Snapshots are not waves: they go to their own table, never to `waves`, and an open wave is never
imported by polling (its lists answer 409 until cutoff anyway). Each is stored under its poll
slot (the time rounded down to the poll interval): two PCs polling in the same slot write one row,
the second insert is dropped by the unique key. A wave seen `closed` leaves its final count,
stored at its cutoff, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sorter_app.domain.wave import WaveStatus, WaveSummary
from sorter_app.store import forecast_repo
from sorter_app.store.database import Store
from sorter_app.store.forecast_repo import SnapshotRow

OPEN = WaveStatus.OPEN.value
CLOSED = WaveStatus.CLOSED.value


class WaveLister(Protocol):
    """The part of the platform client polling needs (`PlatformClient.waves`)."""

    def waves(self, hub_id: str, delivery_date: date) -> list[WaveSummary]: ...


@dataclass(frozen=True)
class PollResult:
    open_waves: tuple[str, ...]  # waves seen open
    stored: int  # new snapshots (a slot already polled by another PC counts 0)
    finals: int  # final counts of closed waves stored


def poll_slot(at: datetime, minutes: int) -> datetime:
    """`at` rounded down to the poll interval, counted from midnight UTC (the unique key's time)."""
    at = at.astimezone(UTC)
    midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
    step = timedelta(minutes=minutes)
    return midnight + ((at - midnight) // step) * step


def dates_to_poll(at: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """The delivery dates whose waves may be open now: today's (a morning wave cut off today)
    and tomorrow's (tonight's wave)."""
    today = at.astimezone(zone).date()
    return today, today + timedelta(days=1)


def poll_open_waves(
    store: Store,
    platform: WaveLister,
    hub_id: str,
    *,
    now: datetime,
    zone: ZoneInfo,
    poll_minutes: int = 30,
    dates: Iterable[date] | None = None,
) -> PollResult:
    """Poll the wave lists of `dates` (default: today's and tomorrow's) and store a snapshot of
    each open wave, and the final count of each closed one not stored yet."""
    summaries = [
        summary
        for day in (dates if dates is not None else dates_to_poll(now, zone))
        for summary in platform.waves(hub_id, day)
    ]
    return store_summaries(store, hub_id, summaries, now=now, poll_minutes=poll_minutes)


def store_summaries(
    store: Store,
    hub_id: str,
    summaries: Iterable[WaveSummary],
    *,
    now: datetime,
    poll_minutes: int = 30,
) -> PollResult:
    """Store what a poll saw (see poll_open_waves); cancelled waves are left out."""
    slot = poll_slot(now, poll_minutes)
    seen_open: list[str] = []
    stored = finals = 0
    with store.write() as session:
        have_final = forecast_repo.waves_with_final(session, hub_id)
        for summary in summaries:
            if summary.status is WaveStatus.OPEN:
                seen_open.append(summary.wave_id)
                stored += forecast_repo.add_snapshot(
                    session, _row(hub_id, summary, slot, OPEN, now)
                )
            elif summary.status is WaveStatus.CLOSED and summary.wave_id not in have_final:
                row = _row(hub_id, summary, summary.cutoff_at, CLOSED, now)
                finals += forecast_repo.add_snapshot(session, row)
                have_final.add(summary.wave_id)
    return PollResult(tuple(seen_open), stored, finals)


def backfill_finals(
    store: Store, platform: WaveLister, hub_id: str, dates: Iterable[date], *, now: datetime
) -> int:
    """The final counts of past dates' closed waves, from the platform's wave lists (the
    contract has no history: a past date's list holds its closed waves). Returns how many were
    new."""
    result = poll_open_waves(store, platform, hub_id, now=now, zone=ZoneInfo("UTC"), dates=dates)
    return result.finals


@dataclass(frozen=True)
class SnapshotPoint:
    """One count of a wave at a moment, as recorded elsewhere (the demo's seeded weeks)."""

    taken_at: datetime
    order_count: int
    line_count: int
    status: str = OPEN


@dataclass(frozen=True)
class RecordedWave:
    """A wave's counts recorded outside this app's polling (the weeks before it ran)."""

    wave_id: str
    delivery_date: date
    cutoff_at: datetime
    points: tuple[SnapshotPoint, ...]


def record_snapshots(store: Store, hub_id: str, waves: Iterable[RecordedWave]) -> int:
    """Store snapshots taken outside this app's polling (the demo's seeded weeks, a hub's
    records from before), in one transaction; duplicates of stored ones are dropped. Returns how
    many were new."""
    rows = [
        SnapshotRow(
            hub_id,
            wave.wave_id,
            wave.delivery_date,
            wave.cutoff_at.astimezone(UTC),
            point.taken_at.astimezone(UTC),
            point.order_count,
            point.line_count,
            point.status,
            point.taken_at.astimezone(UTC),
        )
        for wave in waves
        for point in wave.points
    ]
    with store.write() as session:
        return forecast_repo.add_snapshots(session, rows)


def _row(
    hub_id: str, summary: WaveSummary, taken_at: datetime, status: str, now: datetime
) -> SnapshotRow:
    return SnapshotRow(
        hub_id=hub_id,
        wave_id=summary.wave_id,
        delivery_date=summary.delivery_date,
        cutoff_at=summary.cutoff_at.astimezone(UTC),
        taken_at=taken_at.astimezone(UTC),
        order_count=summary.order_count,
        line_count=summary.line_count,
        status=status,
        polled_at=now.astimezone(UTC),
    )
