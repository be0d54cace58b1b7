"""The forecast's error on past waves, as the forecast screen shows it: each past night with
snapshots is forecast as it would have been at `forecast_at` (from earlier nights only, and that
night's own snapshots up to then), and the mean absolute percentage error (MAPE) of those
forecasts against the final counts is the figure reported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sorter_app.domain.forecast.calendar import HubCalendar
from sorter_app.domain.forecast.model import (
    DEFAULT_SETTINGS,
    ForecastSettings,
    Method,
    PastWave,
    forecast,
)


@dataclass(frozen=True, slots=True)
class BacktestPoint:
    """One past night: what the forecast said at `forecast_at` and what the night became."""

    day: date
    actual: int
    forecast: float
    low: float
    high: float
    method: Method

    @property
    def abs_pct_error(self) -> float:
        """|forecast − actual| ÷ actual, as a fraction (0.05 is 5 %)."""
        return abs(self.forecast - self.actual) / self.actual

    @property
    def in_band(self) -> bool:
        return self.low <= self.actual <= self.high


@dataclass(frozen=True, slots=True)
class Backtest:
    points: tuple[BacktestPoint, ...]

    @property
    def mape(self) -> float | None:
        """Mean absolute percentage error as a fraction; None with no night to measure."""
        if not self.points:
            return None
        return sum(point.abs_pct_error for point in self.points) / len(self.points)

    @property
    def band_coverage(self) -> float | None:
        """The share of nights whose final count fell inside the band."""
        if not self.points:
            return None
        return sum(point.in_band for point in self.points) / len(self.points)


def backtest(
    history: Iterable[PastWave],
    calendar: HubCalendar,
    settings: ForecastSettings = DEFAULT_SETTINGS,
    *,
    since: date | None = None,
    min_nights: int = 14,
) -> Backtest:
    """Forecast every past night on or after `since` that has snapshots (and at least
    `min_nights` earlier nights to learn from), each from earlier nights only."""
    waves = sorted(history, key=lambda wave: wave.day)
    points = []
    for index, wave in enumerate(waves):
        earlier = [other for other in waves[:index] if other.day < wave.day]
        if (since is not None and wave.day < since) or len(earlier) < min_nights:
            continue
        if not wave.snapshots or wave.final_lines <= 0:
            continue
        result = forecast(wave.day, earlier, calendar, wave.snapshots, settings)
        points.append(
            BacktestPoint(
                wave.day, wave.final_lines, result.lines, result.low, result.high, result.method
            )
        )
    return Backtest(tuple(points))
