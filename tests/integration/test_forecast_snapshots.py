"""Snapshots of an open wave, polled over loopback from a real simulator whose clock is staged
through the day: the counts grow with the platform's, a second poll in the same slot stores
nothing, the closed wave leaves its final count once, and none of it is a wave."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sorter_app.platform.simulator import VolumePattern
from sorter_app.platform.simulator.generator import cutoff_for
from sorter_app.services import jobs
from sorter_app.services.forecast.scheduled import poll_step
from sorter_app.services.forecast.snapshots import backfill_finals, poll_open_waves
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.services.waves.platform_link import PlatformLink
from sorter_app.settings import Settings
from sorter_app.store import forecast_repo
from sorter_app.store.database import Store
from tests.platform_fixtures import TOKEN, running_platform

ZONE = ZoneInfo("Asia/Shanghai")
DELIVERY = date(2026, 11, 27)  # tonight's wave: cut off on the 26th at 20:00
WAVE = "W20261127-HZ01"


def _at(hour: int, minute: int = 0, day: int = 26) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


def _snapshots(store: Store, wave_id: str | None = None) -> list[forecast_repo.SnapshotRow]:
    with store.read() as session:
        rows = forecast_repo.snapshots(session, "HZ01")
    return [r for r in rows if wave_id is None or r.wave_id == wave_id]


def test_an_open_wave_is_snapshotted_as_it_grows_and_never_becomes_a_wave(store: Store) -> None:
    volume = VolumePattern(400, 3)
    with running_platform(initial_status="auto", volume=volume) as platform:
        seen = []
        with platform.client() as client:
            for hour in (10, 13, 15):
                platform.sim.set_now(_at(hour))
                result = poll_open_waves(store, client, "HZ01", now=_at(hour), zone=ZONE)
                assert result.open_waves == (WAVE,) and result.stored == 1
                seen.append(platform.sim.wave_summary(WAVE)["line_count"])
    rows = _snapshots(store, WAVE)
    assert [r.line_count for r in rows] == seen
    assert seen[0] < seen[1] < seen[2]  # the summary grew through the day, and so do they
    assert [r.taken_at for r in rows] == [_at(h) for h in (10, 13, 15)]
    assert {r.status for r in rows} == {"open"}
    assert all(r.cutoff_at == cutoff_for(DELIVERY) for r in rows)
    # Snapshots are not waves: `sorter-app waves` and the waves screen list none.
    assert list_waves(store) == []


def test_a_second_poll_in_the_same_slot_stores_nothing_new(store: Store) -> None:
    with (
        running_platform(initial_status="auto", volume=VolumePattern(400, 3)) as platform,
        platform.client() as client,
    ):
        platform.sim.set_now(_at(14, 0))
        first = poll_open_waves(store, client, "HZ01", now=_at(14, 0), zone=ZONE)
        # Another PC, a few minutes later: the count has grown, the slot is the same.
        platform.sim.set_now(_at(14, 20))
        again = poll_open_waves(store, client, "HZ01", now=_at(14, 20), zone=ZONE)
        platform.sim.set_now(_at(14, 30))
        next_slot = poll_open_waves(store, client, "HZ01", now=_at(14, 30), zone=ZONE)
    assert (first.stored, again.stored, next_slot.stored) == (1, 0, 1)
    assert [r.taken_at for r in _snapshots(store, WAVE)] == [_at(14, 0), _at(14, 30)]


def test_a_closed_wave_leaves_its_final_count_once(store: Store) -> None:
    volume = VolumePattern(400, 3)
    with (
        running_platform(initial_status="auto", volume=volume) as platform,
        platform.client() as client,
    ):
        platform.sim.set_now(_at(19))
        poll_open_waves(store, client, "HZ01", now=_at(19), zone=ZONE)
        platform.sim.set_now(_at(21))
        after = poll_open_waves(store, client, "HZ01", now=_at(21), zone=ZONE)
        later = poll_open_waves(store, client, "HZ01", now=_at(23), zone=ZONE)
        # Past dates' waves are closed: the history the forecast learns from.
        past = [DELIVERY - timedelta(days=n) for n in range(1, 8)]
        backfilled = backfill_finals(store, client, "HZ01", past, now=_at(23))
    assert (after.open_waves, after.finals, later.finals) == ((), 1, 0)
    # The 26th's wave (delivered today) was closed already: the first poll kept its final.
    assert backfilled == 6
    finals = {r.delivery_date: r for r in _snapshots(store) if r.status == "closed"}
    tonight = finals[DELIVERY]
    assert tonight.taken_at == cutoff_for(DELIVERY)
    assert tonight.line_count == volume.lines_for(cutoff_for(DELIVERY))
    # Nights differ with the weekday pattern, as the simulator serves them.
    assert {finals[d].line_count for d in past} == {volume.lines_for(cutoff_for(d)) for d in past}
    assert len({finals[d].line_count for d in past}) > 1
    assert list_waves(store) == []


def test_the_poll_job_runs_each_interval_and_reports_what_it_stored(store: Store) -> None:
    settings = Settings(tz="Asia/Shanghai")
    with running_platform(initial_status="auto", volume=VolumePattern(400, 3)) as platform:
        link = PlatformLink(platform.url, "HZ01", TOKEN)
        platform.sim.set_now(_at(12))
        run = poll_step(store, link, settings, _at(12), None)
        assert run is not None and run.ok and run.job == jobs.FORECAST_POLL
        assert WAVE in run.summary_en and "1 new snapshots" in run.summary_en
        # Ten minutes on, the job is not due; thirty minutes on, it is.
        assert poll_step(store, link, settings, _at(12, 10), run) is None
        platform.sim.set_now(_at(12, 30))
        assert poll_step(store, link, settings, _at(12, 30), run) is not None
    assert len(_snapshots(store, WAVE)) == 2
    no_platform = poll_step(store, PlatformLink("", "HZ01"), settings, _at(13), None)
    assert no_platform is not None and "No platform configured" in no_platform.summary_en
