"""Tonight's final line count, forecast before cutoff, with an uncertainty band and the factors
used, for the forecast screen and `sorter-app forecast`.

Two estimates, each simple enough to say aloud, blended by how much each has erred:

- **The intra-day curve.** By 15:00 a Wednesday has usually reached some fraction of its final
  count; tonight's count at 15:00 divided by the median fraction past Wednesdays had reached by
  the same time of day is the curve estimate. Holidays and events need no factor here: they show
  in tonight's count already.
- **The weekday profile.** The median final count of recent plain days of the same weekday,
  times a factor for the kind of day (holiday, the eve of one, a make-up workday) and for a local
  event. Each factor is learned from history: the median, over past days of that kind, of their
  final count divided by their own weekday's median around them. A supervisor's event factor is
  used as given.

The blend is a weighted mean of the two in log terms, each weighted by the inverse of its
variance: the spread of past curve fractions at that time of day, and the spread of past plain
days around their weekday median (widened by a factor's own spread). The band is the blend's
±1.645 standard deviations (about nine nights in ten). Without a curve or a count for tonight,
the forecast is the profile alone.

`day` throughout is the day orders are taken, that is the cutoff's local date (a wave delivered on
the 27th with a cutoff on the 26th at 20:00 is the 26th's): its weekday and its kind drive demand.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum

from sorter_app.domain.forecast.calendar import DayInfo, DayKind, HubCalendar

# Below three values a spread says little; these stand in (log terms, about ±15 % and ±10 %).
_DEFAULT_CURVE_SD = 0.15
_DEFAULT_PROFILE_SD = 0.10
# No history for a day's kind: its factor is 1.0, and that guess is this uncertain.
_UNKNOWN_FACTOR_SD = 0.25
# Spreads measured on a handful of nights can be near zero by luck.
_MIN_SD = 0.02


class ForecastUnavailable(ValueError):
    """No past wave to forecast from."""


class Method(StrEnum):
    # The intra-day curve blended with the weekday profile.
    BLEND = "blend"
    # The weekday profile alone (no curve for this weekday, or no count for tonight yet).
    PROFILE = "profile"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The wave summary's line count so far, polled at a local time of day."""

    at: time
    lines: int


@dataclass(frozen=True, slots=True)
class PastWave:
    """A finished night: its final line count and the snapshots polled while it was open."""

    day: date
    final_lines: int
    snapshots: tuple[Snapshot, ...] = ()


@dataclass(frozen=True, slots=True)
class ForecastSettings:
    forecast_at: time = time(15, 0)
    # How far back the weekday median and the curves look: recent weeks say most about tonight.
    profile_weeks: int = 6
    curve_weeks: int = 8
    # ±z standard deviations: 1.645 is about nine nights in ten.
    band_z: float = 1.645
    # False forecasts from the weekday profile alone (to measure what the curve adds).
    use_curves: bool = True


DEFAULT_SETTINGS = ForecastSettings()


@dataclass(frozen=True, slots=True)
class Factor:
    """One line of the explanation: a stable `code` for the screen's words, its value, a detail.

    Codes: `weekday_median` (lines), `kind_factor`, `event_factor`, `profile` (lines),
    `count_so_far` (lines), `curve_fraction`, `curve` (lines), `curve_weight`.
    """

    code: str
    value: float
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Forecast:
    day: date
    info: DayInfo
    lines: float
    low: float
    high: float
    method: Method
    factors: tuple[Factor, ...]
    profile_lines: float
    curve_lines: float | None = None
    # The count tonight's curve estimate was made from (None for the profile alone).
    snapshot: Snapshot | None = None

    @property
    def rounded(self) -> int:
        return round(self.lines)


@dataclass(frozen=True, slots=True)
class _Estimate:
    lines: float
    log_sd: float
    factors: tuple[Factor, ...] = field(default=())


def forecast(
    day: date,
    history: Iterable[PastWave],
    calendar: HubCalendar,
    today: Sequence[Snapshot] = (),
    settings: ForecastSettings = DEFAULT_SETTINGS,
) -> Forecast:
    """Forecast the final line count of `day` from earlier nights and tonight's snapshots so far
    (those taken up to `settings.forecast_at` are used).

    Raises ForecastUnavailable when there is no earlier night in `history`.
    """
    past = sorted((wave for wave in history if wave.day < day), key=lambda wave: wave.day)
    if not past:
        raise ForecastUnavailable(f"no wave before {day} to forecast from")
    info = calendar.info(day)
    profile = _profile_estimate(info, past, calendar, settings)
    snapshot = _latest(today, settings.forecast_at)
    curve = None
    if settings.use_curves and snapshot is not None and snapshot.lines > 0:
        curve = _curve_estimate(day, snapshot, past, settings)
    return _result(day, info, profile, curve, snapshot if curve else None, settings)


def _result(
    day: date,
    info: DayInfo,
    profile: _Estimate,
    curve: _Estimate | None,
    snapshot: Snapshot | None,
    settings: ForecastSettings,
) -> Forecast:
    method = Method.PROFILE if curve is None else Method.BLEND
    factors = profile.factors + (() if curve is None else curve.factors)
    # A weekday whose nights had no lines (a hub closed on Sundays) has no log: it drops out.
    estimates = [e for e in (curve, profile) if e is not None and e.lines > 0]
    if not estimates:
        return Forecast(day, info, 0.0, 0.0, 0.0, method, factors, profile.lines)
    weights = [e.log_sd**-2 for e in estimates]
    total = sum(weights)
    log_mean = sum(w * math.log(e.lines) for w, e in zip(weights, estimates, strict=True)) / total
    if curve is not None:
        factors += (Factor("curve_weight", weights[0] / total),)
    spread = math.exp(settings.band_z * total**-0.5)
    point = math.exp(log_mean)
    return Forecast(
        day=day,
        info=info,
        lines=point,
        low=point / spread,
        high=point * spread,
        method=method,
        factors=factors,
        profile_lines=profile.lines,
        curve_lines=None if curve is None else curve.lines,
        snapshot=snapshot,
    )


# --- the weekday profile -------------------------------------------------------------------


def _profile_estimate(
    info: DayInfo, past: Sequence[PastWave], calendar: HubCalendar, settings: ForecastSettings
) -> _Estimate:
    median, count = _weekday_median(info.day, past, calendar, settings.profile_weeks)
    factors = [Factor("weekday_median", median, f"{count} nights")]
    log_var = _profile_sd(past, calendar, settings) ** 2
    lines = median
    if info.kind is not DayKind.NORMAL:
        factor, sd, n = _learned_factor(
            past, calendar, settings, lambda other: other.kind is info.kind
        )
        lines *= factor
        log_var += sd**2
        factors.append(Factor("kind_factor", factor, f"{info.kind.value}: {n} past days"))
    if info.event is not None:
        if info.event.factor is not None:
            factor, detail = info.event.factor, f"{info.event.name}: set by the supervisor"
        else:
            factor, sd, n = _learned_factor(
                past, calendar, settings, lambda other: other.event is not None
            )
            log_var += sd**2
            detail = f"{info.event.name}: learned from {n} past events"
        lines *= factor
        factors.append(Factor("event_factor", factor, detail))
    factors.append(Factor("profile", lines))
    return _Estimate(lines, math.sqrt(log_var), tuple(factors))


def _weekday_median(
    day: date, past: Sequence[PastWave], calendar: HubCalendar, weeks: int
) -> tuple[float, int]:
    """The median final count of plain days of `day`'s weekday within `weeks` weeks before it
    (or any earlier ones, or any plain day, or any day at all: the best there is), and how many."""
    window_start = day - timedelta(weeks=weeks)
    plain = [wave for wave in past if calendar.info(wave.day).is_plain]
    same_weekday = [wave for wave in plain if wave.day.weekday() == day.weekday()]
    for candidates in (
        [wave for wave in same_weekday if wave.day >= window_start],
        same_weekday,
        plain,
        list(past),
    ):
        if candidates:
            return statistics.median(wave.final_lines for wave in candidates), len(candidates)
    raise ForecastUnavailable(f"no wave before {day}")  # past is never empty here


def _around_median(
    wave: PastWave, past: Sequence[PastWave], calendar: HubCalendar, weeks: int
) -> float | None:
    """The median of plain same-weekday days within `weeks` weeks either side of `wave`."""
    reach = timedelta(weeks=weeks)
    values = [
        other.final_lines
        for other in past
        if other.day != wave.day
        and other.day.weekday() == wave.day.weekday()
        and abs(other.day - wave.day) <= reach
        and calendar.info(other.day).is_plain
    ]
    return statistics.median(values) if values else None


def _learned_factor(
    past: Sequence[PastWave],
    calendar: HubCalendar,
    settings: ForecastSettings,
    matches: Callable[[DayInfo], bool],
) -> tuple[float, float, int]:
    """(factor, its log spread, how many days): the median ratio of matching past days to their
    weekday median around them; 1.0 and a wide spread when none is known."""
    logs: list[float] = []
    for wave in past:
        if not matches(calendar.info(wave.day)) or wave.final_lines <= 0:
            continue
        baseline = _around_median(wave, past, calendar, settings.profile_weeks)
        if baseline:
            logs.append(math.log(wave.final_lines / baseline))
    if not logs:
        return 1.0, _UNKNOWN_FACTOR_SD, 0
    return math.exp(statistics.median(logs)), _spread(logs), len(logs)


def _profile_sd(
    past: Sequence[PastWave], calendar: HubCalendar, settings: ForecastSettings
) -> float:
    """How far recent plain days fell from their weekday median (log terms)."""
    start = past[-1].day - timedelta(weeks=settings.profile_weeks)
    recent = [w for w in past if w.day > start and calendar.info(w.day).is_plain]
    logs: list[float] = []
    for wave in recent:
        others = [
            o.final_lines for o in recent if o.day.weekday() == wave.day.weekday() and o is not wave
        ]
        median = statistics.median(others) if others else 0
        if median > 0 and wave.final_lines > 0:
            logs.append(math.log(wave.final_lines / median))
    return _spread(logs, default=_DEFAULT_PROFILE_SD)


# --- the intra-day curve -------------------------------------------------------------------


def _curve_estimate(
    day: date, snapshot: Snapshot, past: Sequence[PastWave], settings: ForecastSettings
) -> _Estimate | None:
    """Tonight's count ÷ the median fraction of their final count that past nights of the same
    weekday had reached at the same time of day; None without such a night."""
    start = day - timedelta(weeks=settings.curve_weeks)
    fractions = [
        fraction
        for wave in past
        if wave.day >= start and wave.day.weekday() == day.weekday()
        for fraction in [fraction_at(wave, snapshot.at)]
        if fraction is not None and fraction > 0
    ]
    if not fractions:
        return None
    median = statistics.median(fractions)
    lines = snapshot.lines / median
    logs = [math.log(fraction) for fraction in fractions]
    return _Estimate(
        lines,
        _spread(logs, default=_DEFAULT_CURVE_SD),
        (
            Factor("count_so_far", snapshot.lines, snapshot.at.strftime("%H:%M")),
            Factor("curve_fraction", median, f"{len(fractions)} nights"),
            Factor("curve", lines),
        ),
    )


def fraction_at(wave: PastWave, at: time) -> float | None:
    """The share of its final count `wave` had reached at `at` (linear between its snapshots);
    None when it has no snapshot at or before `at`, or no final count."""
    points = sorted(wave.snapshots, key=lambda snap: snap.at)
    if wave.final_lines <= 0 or not points or points[0].at > at:
        return None
    times = [_seconds(snap.at) for snap in points]
    target = _seconds(at)
    i = bisect_right(times, target) - 1
    if i == len(points) - 1:
        # After the last snapshot the count can only have grown towards the final one.
        return points[i].lines / wave.final_lines
    span = times[i + 1] - times[i]
    share = (target - times[i]) / span if span else 0.0
    lines = points[i].lines + share * (points[i + 1].lines - points[i].lines)
    return lines / wave.final_lines


# --- small helpers -------------------------------------------------------------------------


def _latest(snapshots: Iterable[Snapshot], at: time) -> Snapshot | None:
    taken = [snap for snap in snapshots if snap.at <= at]
    return max(taken, key=lambda snap: snap.at) if taken else None


def _seconds(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


def _spread(logs: Sequence[float], default: float = _DEFAULT_PROFILE_SD) -> float:
    if len(logs) < 3:
        return default
    # A new night varies around an estimate made from n nights: sd × √(1 + 1/n).
    return max(statistics.stdev(logs) * math.sqrt(1 + 1 / len(logs)), _MIN_SD)
