"""The simulator's volume pattern: nights differ by weekday and holiday, the same seed gives the
same nights, and an open wave's summary grows along the night's curve."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sorter_app.platform.simulator import Simulator, VolumePattern
from sorter_app.platform.simulator.generator import CHINA_TZ, cutoff_for


def _lines(volume: VolumePattern, delivery: date) -> int:
    return volume.lines_for(cutoff_for(delivery))


def test_weekends_are_busier_than_midweek_and_holidays_quieter() -> None:
    volume = VolumePattern(1000, 4)
    # Nights (cutoff dates) of four plain weeks in November 2026, by weekday.
    nights = [date(2026, 11, 2) + timedelta(days=n) for n in range(28)]
    by_weekday = {
        wd: sum(volume.night(d).final_lines for d in nights if d.weekday() == wd) / 4
        for wd in range(7)
    }
    assert by_weekday[5] > by_weekday[2] * 1.2  # Saturday vs Wednesday: 1.25 vs 0.9
    # 国庆 2026: 1–7 October are holidays, 30 September is their eve.
    assert volume.night(date(2026, 10, 3)).final_lines < 0.85 * by_weekday[5]
    assert volume.night(date(2026, 9, 30)).final_lines > 1.15 * by_weekday[2]
    assert VolumePattern(1000, 4).night(date(2026, 11, 4)) == volume.night(date(2026, 11, 4))
    assert VolumePattern(1000, 5).night(date(2026, 11, 4)) != volume.night(date(2026, 11, 4))


def test_an_open_waves_summary_follows_the_nights_curve() -> None:
    volume = VolumePattern(600, 2)
    sim = Simulator(seed=2, communities=10, skus=20, initial_status="auto", volume=volume)
    delivery = date(2026, 11, 27)
    night = volume.night(date(2026, 11, 26))
    wave_id = sim.wave_ids_for(delivery)[0]
    counts = []
    for snap in night.snapshots[:-1]:
        sim.set_now(datetime.combine(night.day, snap.at, CHINA_TZ))
        summary = sim.wave_summary(wave_id)
        assert summary["status"] == "open"
        # Orders are whole: the count is the curve's to within one order (at most six lines).
        assert snap.lines - 6 <= summary["line_count"] <= snap.lines
        counts.append(summary["line_count"])
    assert counts == sorted(counts) and counts[0] < counts[-1]
    sim.set_now(datetime.combine(night.day, night.snapshots[-1].at, CHINA_TZ))
    final = sim.wave_summary(wave_id)
    assert final["status"] == "closed" and final["line_count"] == night.final_lines
    assert final["line_count"] == _lines(volume, delivery)


def test_without_a_pattern_every_wave_has_the_lines_asked() -> None:
    sim = Simulator(seed=2, communities=10, skus=20, lines=300)
    for day in (date(2026, 10, 3), date(2026, 11, 4)):
        assert sim.wave_summaries("HZ01", day)[0]["line_count"] == 300
