"""The forecast service on a store seeded with a synthetic history whose truth is known: the
forecast made at 15:00 from the store brackets the night's real final count, it is kept, its
error on past nights is measured, a supervisor's event moves it, and the daily job makes it once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.forecast.calendar import china_calendar
from sorter_app.domain.forecast.model import Method, PastWave
from sorter_app.domain.forecast.synthetic import SyntheticSpec, synthetic_history
from sorter_app.services import jobs
from sorter_app.services.forecast.forecasting import (
    NoForecastHistory,
    add_event,
    forecast_is_due,
    list_events,
    make_forecast,
    remove_event,
)
from sorter_app.services.forecast.scheduled import forecast_step
from sorter_app.services.forecast.snapshots import (
    CLOSED,
    RecordedWave,
    SnapshotPoint,
    record_snapshots,
)
from sorter_app.settings import Settings
from sorter_app.store import tables
from sorter_app.store.database import Store

ZONE = ZoneInfo("Asia/Shanghai")
SETTINGS = Settings(tz="Asia/Shanghai")
SPEC = SyntheticSpec(start=date(2026, 9, 7), weeks=8, base_lines=6000)


def _history() -> list[PastWave]:
    return synthetic_history(SPEC, china_calendar([2026]), seed=11)


def seed_history(store: Store, nights: list[PastWave], *, open_night: date | None = None) -> None:
    """Each night as the app would have polled it: snapshots until cutoff, then the final
    count; `open_night` gets its snapshots only (it has not been cut off)."""
    waves = []
    for night in nights:
        cutoff = datetime.combine(night.day, time(20), ZONE)
        points = [
            SnapshotPoint(datetime.combine(night.day, snap.at, ZONE), 0, snap.lines)
            for snap in night.snapshots
            if snap.at < time(20)
        ]
        if night.day != open_night:
            points.append(SnapshotPoint(cutoff, 0, night.final_lines, CLOSED))
        delivery = night.day + timedelta(days=1)
        waves.append(RecordedWave(f"W{delivery:%Y%m%d}-HZ01", delivery, cutoff, tuple(points)))
    record_snapshots(store, "HZ01", waves)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZONE)


def test_the_15_00_forecast_brackets_the_nights_true_final_count(store: Store) -> None:
    nights = _history()
    tonight = nights[-1]
    seed_history(store, nights, open_night=tonight.day)
    report = make_forecast(
        store, SETTINGS, tonight.day + timedelta(days=1), now=_at(tonight.day, 15, 2)
    )
    f = report.forecast
    assert f.low <= tonight.final_lines <= f.high
    assert abs(f.lines - tonight.final_lines) / tonight.final_lines < 0.05
    # Tonight's count at 15:00 was used: the curve and the weekday profile are blended.
    assert f.method is Method.BLEND
    at_15 = next(s for s in tonight.snapshots if s.at == time(15))
    assert f.snapshot is not None and f.snapshot.lines == at_15.lines
    assert len(report.inputs.history) == len(nights) - 1
    # Its error on the past nights it could have forecast is measured, and small.
    assert report.backtest.mape is not None and report.backtest.mape <= 0.10
    assert len(report.backtest.points) >= 30
    # Last night as it ended.
    assert report.yesterday is not None
    assert (report.yesterday.day, report.yesterday.lines) == (
        nights[-2].day,
        nights[-2].final_lines,
    )
    with store.read() as session:
        kept = session.query(tables.ForecastRecord).one()
    assert kept.delivery_date == tonight.day + timedelta(days=1)
    assert round(kept.lines) == f.rounded and kept.method == "blend"
    assert kept.explanation["forecast"]["lines"] == f.rounded


def test_a_supervisors_event_factor_multiplies_the_profile(store: Store) -> None:
    nights = _history()
    tonight = nights[-1]
    seed_history(store, nights[:-1])  # nothing polled tonight yet: the profile alone
    delivery = tonight.day + timedelta(days=1)
    plain = make_forecast(store, SETTINGS, delivery, now=_at(tonight.day, 9), save=False)
    add_event(store, tonight.day, "社区集市", factor=1.2, note="", now=_at(tonight.day, 9))
    market = make_forecast(store, SETTINGS, delivery, now=_at(tonight.day, 9), save=False)
    assert plain.forecast.method is Method.PROFILE
    assert market.forecast.lines == pytest.approx(plain.forecast.lines * 1.2)
    assert ("event_factor", 1.2) in [(x.code, x.value) for x in market.forecast.factors]
    assert market.to_json()["event"] == "社区集市"


def test_events_are_added_replaced_listed_and_removed(store: Store) -> None:
    now = _at(date(2026, 11, 1), 9)
    add_event(store, date(2026, 11, 11), "双十一", factor=None, note="平台大促", now=now)
    add_event(store, date(2026, 11, 11), "双十一", factor=1.4, note="", now=now)
    add_event(store, date(2026, 11, 5), "暴雨", factor=0.9, note="", now=now)
    assert [(e.day.day, e.name, e.factor) for e in list_events(store)] == [
        (5, "暴雨", 0.9),
        (11, "双十一", 1.4),
    ]
    remove_event(store, date(2026, 11, 5))
    assert [e.day.day for e in list_events(store)] == [11]
    with pytest.raises(UserFacingError) as nothing:
        remove_event(store, date(2026, 11, 5))
    assert nothing.value.code == "no_event"
    with pytest.raises(UserFacingError):
        add_event(store, date(2026, 11, 6), "x", factor=0, note="", now=now)


def test_no_history_is_said_in_words_not_a_traceback(store: Store) -> None:
    with pytest.raises(NoForecastHistory) as error:
        make_forecast(store, SETTINGS, date(2026, 11, 27), now=_at(date(2026, 11, 26), 15))
    assert "2026-11-26" in error.value.message_en


def test_the_daily_forecast_is_made_once_after_forecast_at(store: Store) -> None:
    nights = _history()
    tonight = nights[-1]
    seed_history(store, nights, open_night=tonight.day)
    delivery = tonight.day + timedelta(days=1)
    assert forecast_is_due(store, SETTINGS, _at(tonight.day, 14, 59)) is None
    assert forecast_step(store, SETTINGS, _at(tonight.day, 14, 59), None) is None
    assert forecast_is_due(store, SETTINGS, _at(tonight.day, 15, 0)) == delivery
    run = forecast_step(store, SETTINGS, _at(tonight.day, 15, 0), None)
    assert run is not None and run.ok and run.job == jobs.FORECAST
    assert str(delivery) in run.summary_en
    # The job's next look finds it done; another PC (no run of its own) finds the store's.
    assert forecast_step(store, SETTINGS, _at(tonight.day, 15, 1), run) is None
    other_pc = forecast_step(store, SETTINGS, _at(tonight.day, 15, 1), None)
    assert other_pc is not None and "already made" in other_pc.summary_en
    with store.read() as session:
        assert session.query(tables.ForecastRecord).count() == 1
