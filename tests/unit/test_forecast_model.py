"""Tonight's forecast: its error on a synthetic history with a known pattern, the weekday
profile when there is no curve, holiday and event factors, the curve arithmetic, and the
properties a supervisor relies on (scale, band)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sorter_app.domain.forecast.calendar import DayKind, HubCalendar, LocalEvent, china_calendar
from sorter_app.domain.forecast.evaluation import backtest
from sorter_app.domain.forecast.model import (
    Factor,
    ForecastSettings,
    ForecastUnavailable,
    Method,
    PastWave,
    Snapshot,
    forecast,
    fraction_at,
)
from sorter_app.domain.forecast.synthetic import SyntheticSpec, expected_lines, synthetic_history

CN = china_calendar([2025, 2026])
# Ten weeks ending after 国庆: Mid-Autumn, the National Day break and its make-up workdays inside.
AUTUMN = SyntheticSpec(start=date(2026, 8, 24), weeks=10)
LAST_FOUR_WEEKS = date(2026, 10, 5)
SEEDS = range(1, 6)


def factor(result_factors: Sequence[Factor], code: str) -> float:
    values = [f.value for f in result_factors if f.code == code]
    assert len(values) == 1, code
    return values[0]


# --- accuracy on a known pattern -------------------------------------------------------------


def test_the_15_00_forecast_is_within_10_percent_on_a_known_pattern() -> None:
    mapes = []
    for seed in SEEDS:
        result = backtest(synthetic_history(AUTUMN, CN, seed), CN, since=LAST_FOUR_WEEKS)
        assert len(result.points) == 28
        assert all(point.method is Method.BLEND for point in result.points)
        assert result.mape is not None and result.mape <= 0.10, (seed, result.mape)
        mapes.append(result.mape)
    # With 5 % noise on the final count nothing can do much better than ~4 %: the curve does.
    assert statistics.mean(mapes) <= 0.05


def test_without_curves_the_profile_is_worse_but_sane() -> None:
    with_curve, profile_only = [], []
    for seed in SEEDS:
        history = synthetic_history(AUTUMN, CN, seed)
        blend = backtest(history, CN, since=LAST_FOUR_WEEKS)
        alone = backtest(history, CN, ForecastSettings(use_curves=False), since=LAST_FOUR_WEEKS)
        assert all(point.method is Method.PROFILE for point in alone.points)
        assert alone.mape is not None and alone.mape <= 0.15, (seed, alone.mape)
        assert blend.mape is not None
        with_curve.append(blend.mape)
        profile_only.append(alone.mape)
    assert statistics.mean(with_curve) < statistics.mean(profile_only)


def test_the_band_holds_most_nights() -> None:
    coverage = [
        backtest(synthetic_history(AUTUMN, CN, seed), CN, since=LAST_FOUR_WEEKS).band_coverage
        for seed in SEEDS
    ]
    # A band meant for nine nights in ten: measured on 140 nights, well over two in three.
    assert statistics.mean(c for c in coverage if c is not None) >= 0.7


# --- holidays and events ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "target"),
    [
        (AUTUMN, date(2026, 10, 4)),  # 国庆, a Sunday inside the break
        (SyntheticSpec(start=date(2025, 12, 1), weeks=12), date(2026, 2, 18)),  # 春节, Wednesday
    ],
)
def test_a_holiday_gets_the_holiday_factor_learned_from_history(
    spec: SyntheticSpec, target: date
) -> None:
    assert CN.info(target).kind is DayKind.HOLIDAY
    for seed in SEEDS:
        history = [wave for wave in synthetic_history(spec, CN, seed) if wave.day < target]
        result = forecast(target, history, CN)  # no count yet tonight: the profile alone
        assert result.method is Method.PROFILE
        learned = factor(result.factors, "kind_factor")
        assert learned == pytest.approx(spec.kind_factors[DayKind.HOLIDAY], rel=0.10)
        assert result.lines == pytest.approx(expected_lines(spec, CN, target), rel=0.12)
        # The holiday pulls the forecast well below the weekday's plain median.
        assert result.lines < 0.85 * factor(result.factors, "weekday_median")


def test_an_unknown_kind_gets_factor_one_and_a_wider_band() -> None:
    calendar = HubCalendar({date(2026, 6, 10): "庙会"})
    history = plain_weeks(date(2026, 5, 4), weeks=4, lines=1000)
    holiday = forecast(date(2026, 6, 10), history, calendar)
    plain = forecast(date(2026, 6, 17), history, calendar)
    assert factor(holiday.factors, "kind_factor") == 1.0
    assert holiday.lines == pytest.approx(plain.lines)
    assert holiday.high - holiday.low > plain.high - plain.low


def test_a_supervisors_event_factor_multiplies_the_profile() -> None:
    history = synthetic_history(AUTUMN, CN, 3)
    target = date(2026, 11, 4)
    promo = CN.with_events([LocalEvent(target, "平台大促", 1.5)])
    plain = forecast(target, history, CN)
    marked = forecast(target, history, promo)
    assert marked.profile_lines == pytest.approx(1.5 * plain.profile_lines)
    assert factor(marked.factors, "event_factor") == 1.5


def test_event_days_stay_out_of_the_weekday_median_and_teach_the_marker() -> None:
    mondays = [date(2026, 6, 1) + timedelta(weeks=k) for k in range(4)]
    history = [
        PastWave(day, lines) for day, lines in zip(mondays, [100, 110, 400, 105], strict=True)
    ]
    promo_day = mondays[2]
    calendar = HubCalendar().with_events([LocalEvent(promo_day, "团购节")])
    target = date(2026, 6, 29)
    assert factor(forecast(target, history, calendar).factors, "weekday_median") == 105
    assert factor(forecast(target, history, HubCalendar()).factors, "weekday_median") == 107.5
    # A later marked event without a factor gets the ratio the past one showed (400 ÷ 105).
    later = calendar.with_events([LocalEvent(target, "团购节")])
    assert factor(forecast(target, history, later).factors, "event_factor") == pytest.approx(
        400 / 105
    )


# --- the curve, by hand --------------------------------------------------------------------------


def plain_weeks(start: date, weeks: int, lines: int) -> list[PastWave]:
    return [PastWave(start + timedelta(days=d), lines) for d in range(weeks * 7)]


def test_the_curve_divides_tonights_count_by_the_median_fraction() -> None:
    wednesdays = [date(2026, 6, 3) + timedelta(weeks=k) for k in range(3)]
    history = [
        PastWave(day, 1000, (Snapshot(time(9), 0), Snapshot(time(15), at_three)))
        for day, at_three in zip(wednesdays, [500, 700, 600], strict=True)
    ]
    result = forecast(date(2026, 6, 24), history, HubCalendar(), [Snapshot(time(15), 300)])
    assert result.method is Method.BLEND
    assert result.curve_lines == pytest.approx(300 / 0.6)
    assert factor(result.factors, "curve_fraction") == pytest.approx(0.6)
    # Blended with the profile (1000): between the two.
    assert 500 < result.lines < 1000


def test_fractions_are_read_between_snapshots() -> None:
    wave = PastWave(
        date(2026, 6, 3), 1000, (Snapshot(time(14, 30), 400), Snapshot(time(15, 30), 600))
    )
    assert fraction_at(wave, time(15)) == pytest.approx(0.5)
    assert fraction_at(wave, time(19)) == pytest.approx(0.6)
    assert fraction_at(wave, time(14)) is None


def test_only_snapshots_up_to_forecast_at_are_used() -> None:
    history = synthetic_history(AUTUMN, CN, 2)
    tonight = synthetic_history(replace(AUTUMN, start=date(2026, 11, 2), weeks=1), CN, 9)[2]
    early = [snap for snap in tonight.snapshots if snap.at <= time(15)]
    full = forecast(tonight.day, history, CN, tonight.snapshots)
    assert full.snapshot == Snapshot(time(15), early[-1].lines)
    assert full.lines == forecast(tonight.day, history, CN, early).lines
    at_cutoff = forecast(tonight.day, history, CN, tonight.snapshots, ForecastSettings(time(20)))
    # At the cutoff the count is final and every past curve is at 1: the forecast is the count.
    assert at_cutoff.curve_lines == pytest.approx(tonight.final_lines)


def test_a_weekday_without_lines_forecasts_none_unless_tonight_has_some() -> None:
    sundays = [date(2026, 6, 7) + timedelta(weeks=k) for k in range(4)]
    history = [PastWave(day, 0) for day in sundays[:3]]
    # One Sunday opened by exception, half its lines in by 15:00.
    history.append(PastWave(sundays[3], 800, (Snapshot(time(9), 0), Snapshot(time(15), 400))))
    target = sundays[3] + timedelta(weeks=1)
    closed = forecast(target, history, HubCalendar())
    assert (closed.lines, closed.low, closed.high) == (0, 0, 0)
    opened = forecast(target, history, HubCalendar(), [Snapshot(time(15), 500)])
    assert opened.method is Method.BLEND
    assert opened.lines == pytest.approx(1000)  # 500 ÷ 0.5: the closed Sundays drop out
    assert opened.low < opened.lines < opened.high


def test_no_history_no_forecast() -> None:
    with pytest.raises(ForecastUnavailable):
        forecast(date(2026, 6, 1), [PastWave(date(2026, 6, 1), 10)], HubCalendar())


# --- properties ----------------------------------------------------------------------------------


def scaled(wave: PastWave, k: int) -> PastWave:
    snaps = tuple(Snapshot(s.at, s.lines * k) for s in wave.snapshots)
    return PastWave(wave.day, wave.final_lines * k, snaps)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    k=st.integers(2, 9),
    offset=st.integers(21, 48),
    use_curves=st.booleans(),
)
def test_a_scaled_history_scales_the_forecast(
    seed: int, k: int, offset: int, use_curves: bool
) -> None:
    waves = synthetic_history(replace(AUTUMN, weeks=7), CN, seed)
    target = waves[offset]
    history = waves[:offset]
    conf = ForecastSettings(use_curves=use_curves)
    base = forecast(target.day, history, CN, target.snapshots, conf)
    big = forecast(
        target.day, [scaled(w, k) for w in history], CN, scaled(target, k).snapshots, conf
    )
    assert big.lines == pytest.approx(k * base.lines, rel=1e-9)
    assert big.high / big.low == pytest.approx(base.high / base.low, rel=1e-9)
    assert base.low < base.lines < base.high
    assert big.low < big.lines < big.high
