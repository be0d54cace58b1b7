"""The synthetic history the forecast tests, the simulator and the demo use: the same for a seed,
with the weekly pattern, the holiday effect and the intra-day curves it promises."""

from __future__ import annotations

import statistics
from datetime import date, time

import pytest

from sorter_app.domain.forecast.calendar import DayKind, HubCalendar, china_calendar
from sorter_app.domain.forecast.synthetic import SyntheticSpec, expected_lines, synthetic_history

CN = china_calendar([2026])
SPEC = SyntheticSpec(start=date(2026, 8, 24), weeks=10)


def test_the_same_seed_gives_the_same_history_and_another_seed_another() -> None:
    assert synthetic_history(SPEC, CN, 7) == synthetic_history(SPEC, CN, 7)
    assert synthetic_history(SPEC, CN, 7) != synthetic_history(SPEC, CN, 8)


def test_one_wave_a_day_for_the_weeks_asked() -> None:
    waves = synthetic_history(SPEC, CN, 1)
    assert len(waves) == 70
    assert [w.day for w in waves] == sorted({w.day for w in waves})
    assert waves[0].day == SPEC.start


def test_snapshots_every_30_minutes_grow_to_the_final_count_at_cutoff() -> None:
    for wave in synthetic_history(SPEC, CN, 2):
        times = [snap.at for snap in wave.snapshots]
        assert times[0] == time(7) and times[-1] == time(20) and len(times) == 27
        counts = [snap.lines for snap in wave.snapshots]
        assert counts == sorted(counts)
        assert counts[-1] == wave.final_lines
        # An S-curve: little by 9:00, most by 18:00.
        assert counts[4] < 0.1 * wave.final_lines < 0.9 * wave.final_lines < counts[22]


def test_the_weekly_pattern_and_the_holiday_effect_show_through_the_noise() -> None:
    waves = [w for seed in range(5) for w in synthetic_history(SPEC, CN, seed)]
    ratios = [w.final_lines / expected_lines(SPEC, CN, w.day) for w in waves]
    assert abs(statistics.mean(ratios) - 1) < 0.01
    assert 0.04 < statistics.stdev(ratios) < 0.06  # 5 % noise
    plain = HubCalendar()
    saturday = expected_lines(SPEC, plain, date(2026, 9, 5))
    wednesday = expected_lines(SPEC, plain, date(2026, 9, 2))
    assert saturday / wednesday == pytest.approx(SPEC.weekday_factors[5] / SPEC.weekday_factors[2])
    national_day = expected_lines(SPEC, CN, date(2026, 10, 1))  # a Thursday
    assert (
        national_day
        == expected_lines(SPEC, plain, date(2026, 10, 1)) * SPEC.kind_factors[DayKind.HOLIDAY]
    )
