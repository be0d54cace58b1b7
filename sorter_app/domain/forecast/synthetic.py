"""A seeded synthetic history of nights with a known pattern, for the forecast's tests, the
simulator and the demo: several weeks of waves with a weekly pattern, holiday effects, noise,
and intra-day snapshots every 30 minutes up to the cutoff.

The truth is known, so a forecast can be checked against it: a night's expected final count is
`base_lines × weekday_factors[weekday] × kind factor × event factor`; the final count is that
times (1 + a normal draw of sd `noise`). The count so far follows a cumulative S-curve (a
logistic rising from the first snapshot to the cutoff), whose midpoint moves a little each night
(`midpoint_jitter_h`) and is earlier at weekends; each snapshot carries a small noise of its own
and never falls below the one before. The snapshot at the cutoff is the final count.

Output is plain data (`PastWave`, `Snapshot`), so the simulator can serve a growing summary from
it: an open wave's `line_count` at a time of day is the snapshot at or before it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sorter_app.domain.forecast.calendar import DayKind, HubCalendar
from sorter_app.domain.forecast.model import PastWave, Snapshot


@dataclass(frozen=True, slots=True)
class SyntheticSpec:
    start: date
    weeks: int = 8
    base_lines: int = 60_000
    # Monday … Sunday: midweek quiet, weekends busy.
    weekday_factors: tuple[float, ...] = (1.0, 0.95, 0.9, 0.97, 1.08, 1.25, 1.18)
    kind_factors: Mapping[DayKind, float] = field(
        default_factory=lambda: {
            DayKind.HOLIDAY: 0.7,
            DayKind.HOLIDAY_EVE: 1.3,
            DayKind.MAKEUP_WORKDAY: 0.9,
        }
    )
    noise: float = 0.05
    first_snapshot: time = time(7, 0)
    cutoff: time = time(20, 0)
    step_minutes: int = 30
    midpoint_h: float = 13.5
    weekend_shift_h: float = -0.5
    width_h: float = 1.8
    midpoint_jitter_h: float = 0.3
    snapshot_noise: float = 0.01


def expected_lines(spec: SyntheticSpec, calendar: HubCalendar, day: date) -> float:
    """The pattern's expected final count for `day`, before noise."""
    info = calendar.info(day)
    lines = spec.base_lines * spec.weekday_factors[day.weekday()]
    lines *= spec.kind_factors.get(info.kind, 1.0)
    if info.event is not None and info.event.factor is not None:
        lines *= info.event.factor
    return lines


def synthetic_history(spec: SyntheticSpec, calendar: HubCalendar, seed: int) -> list[PastWave]:
    """`spec.weeks` weeks of nights from `spec.start`, one wave a day, the same for one seed."""
    rng = random.Random(seed)
    waves = []
    for offset in range(spec.weeks * 7):
        day = spec.start + timedelta(days=offset)
        final = max(1, round(expected_lines(spec, calendar, day) * (1 + rng.gauss(0, spec.noise))))
        waves.append(PastWave(day, final, _snapshots(spec, day, final, rng)))
    return waves


def _snapshots(
    spec: SyntheticSpec, day: date, final: int, rng: random.Random
) -> tuple[Snapshot, ...]:
    midpoint = spec.midpoint_h + rng.gauss(0, spec.midpoint_jitter_h)
    if day.weekday() >= 5:
        midpoint += spec.weekend_shift_h
    start, end = _hours(spec.first_snapshot), _hours(spec.cutoff)

    def logistic(hour: float) -> float:
        return 1 / (1 + math.exp(-(hour - midpoint) / (spec.width_h / 2)))

    low, high = logistic(start), logistic(end)
    snaps: list[Snapshot] = []
    at = datetime.combine(day, spec.first_snapshot)
    last = 0
    while at.time() < spec.cutoff:
        share = (logistic(_hours(at.time())) - low) / (high - low)
        lines = round(final * share * (1 + rng.gauss(0, spec.snapshot_noise)))
        last = min(final, max(last, lines))
        snaps.append(Snapshot(at.time(), last))
        at += timedelta(minutes=spec.step_minutes)
    snaps.append(Snapshot(spec.cutoff, final))
    return tuple(snaps)


def _hours(at: time) -> float:
    return at.hour + at.minute / 60 + at.second / 3600
