"""Nights that differ: each date's wave gets the line count of a seeded synthetic history (a
weekly pattern, China's holidays and 调休, noise; sorter_app.domain.forecast.synthetic), and its
orders are placed through the day along that night's S-curve, so an open wave's summary grows as
a real platform's does and closed waves of past dates form a history the forecast can learn.

The contract has no history endpoint: past nights are simply the closed waves of past dates in
the waves list. A night (the cutoff's local date) is generated on its own from the seed and the
date, so any date can be asked in any order and always gives the same wave.
"""

from __future__ import annotations

import functools
from array import array
from bisect import bisect_left
from datetime import date, datetime, time, timedelta

from sorter_app.domain.forecast.calendar import HubCalendar, china_calendar
from sorter_app.domain.forecast.model import PastWave
from sorter_app.domain.forecast.synthetic import SyntheticSpec, synthetic_history

# The synthetic curve runs to a 20:00 cutoff; a wave with another cutoff gets the same shape
# shifted to end at its own.
_CURVE_CUTOFF = time(20, 0)


class VolumePattern:
    """`base_lines` is a plain Monday's expected lines; busier and quieter nights follow the
    pattern of `SyntheticSpec` (weekends up to 1.25×, holidays 0.7×, their eves 1.3×)."""

    def __init__(self, base_lines: int, seed: int, *, max_lines: int | None = None) -> None:
        if base_lines < 1:
            raise ValueError(f"base_lines must be at least 1, got {base_lines}")
        self.base_lines = base_lines
        self.seed = seed
        self.max_lines = max_lines

    def night(self, day: date) -> PastWave:
        """The night of `day`: its final line count and its snapshots every 30 minutes."""
        return _night(self.base_lines, self.seed, day)

    def lines_for(self, cutoff_at: datetime, waves_per_day: int = 1) -> int:
        """A wave's line count: its night's final count, shared by the night's waves."""
        lines = max(1, self.night(cutoff_at.date()).final_lines // waves_per_day)
        return lines if self.max_lines is None else min(lines, self.max_lines)

    def placements(
        self, cutoff_at: datetime, window_start: datetime, line_start: array[int]
    ) -> array[int]:
        """Seconds after `window_start` at which each order is placed, so that the lines placed
        by any moment follow the night's curve (orders ascending, each before the cutoff)."""
        night = self.night(cutoff_at.date())
        total = line_start[-1]
        shift = datetime.combine(cutoff_at.date(), _CURVE_CUTOFF, cutoff_at.tzinfo) - cutoff_at
        times = [
            (datetime.combine(cutoff_at.date(), snap.at, cutoff_at.tzinfo) - shift - window_start)
            / timedelta(seconds=1)
            for snap in night.snapshots
        ]
        shares = [snap.lines / night.final_lines for snap in night.snapshots]
        last_second = int((cutoff_at - window_start).total_seconds()) - 1
        placed = array("I")
        for index in range(len(line_start) - 1):
            moment = _inverse(times, shares, line_start[index + 1] / total)
            placed.append(min(max(0, int(moment)), last_second))
        return placed


def _inverse(times: list[float], shares: list[float], share: float) -> float:
    """The first moment the piecewise-linear curve (times, shares) reaches `share`."""
    k = bisect_left(shares, share)
    if k == 0:
        return times[0]
    if k >= len(shares):
        return times[-1]
    low, high = shares[k - 1], shares[k]
    part = (share - low) / (high - low) if high > low else 1.0
    return times[k - 1] + part * (times[k] - times[k - 1])


@functools.lru_cache(maxsize=1024)
def _night(base_lines: int, seed: int, day: date) -> PastWave:
    spec = SyntheticSpec(start=day, weeks=1, base_lines=base_lines)
    return synthetic_history(spec, _calendar(day.year), seed * 1_000_003 + day.toordinal())[0]


@functools.lru_cache(maxsize=8)
def _calendar(year: int) -> HubCalendar:
    # The neighbouring years too: a holiday's eve or break may cross New Year.
    return china_calendar([year - 1, year, year + 1])
