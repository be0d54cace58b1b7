"""The forecast screen on a store seeded with the synthetic history of the forecast service's
tests (tests/integration/test_forecast_service.py): it shows the service's number and band,
the crates against crates on hand (short in red), workers and trucks per route, the chart of
past nights' forecast against actual; a supervisor's event added or removed changes the list
(and the forecast); 立即预测 keeps the forecast; with no history it says what is needed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from pytestqt.qtbot import QtBot

from sorter_app.domain.forecast.model import PastWave
from sorter_app.services.forecast.forecasting import ForecastReport, make_forecast
from sorter_app.settings import RouteSettings, Settings
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.forecast import ForecastScreen
from tests.integration.test_forecast_service import ZONE, _history, seed_history
from tests.ui.supervisor_support import SUPERVISOR, make_ctx, settle

OWNED_SHORT_BY = 5


def settings_for(owned: int) -> Settings:
    return replace(
        Settings(tz="Asia/Shanghai"),
        routes=RouteSettings(20, (("R01", "05:10"), ("R02", "05:30"))),
        forecast=replace(Settings().forecast, crates_owned=owned),
    )


def at_15(night: PastWave) -> datetime:
    return datetime.combine(night.day, time(15, 2), ZONE)


@pytest.fixture
def seeded(store: Store) -> tuple[PastWave, ForecastReport, Settings]:
    nights = _history()
    tonight = nights[-1]
    seed_history(store, nights, open_night=tonight.day)
    delivery = tonight.day + timedelta(days=1)
    first = make_forecast(store, settings_for(0), delivery, now=at_15(tonight), save=False)
    settings = settings_for(first.crates_needed - OWNED_SHORT_BY)
    expected = make_forecast(store, settings, delivery, now=at_15(tonight), save=False)
    return tonight, expected, settings


@pytest.fixture
def screen(
    qtbot: QtBot, store: Store, seeded: tuple[PastWave, ForecastReport, Settings]
) -> Iterator[ForecastScreen]:
    tonight, _, settings = seeded
    ctx = make_ctx(store, supervisor=SUPERVISOR)
    ctx.settings = settings
    view = ForecastScreen(ctx, clock=lambda: at_15(tonight))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=20_000):
        view.show()
    yield view
    settle(qtbot)


def test_the_forecasts_number_band_and_explanation(
    screen: ForecastScreen, seeded: tuple[PastWave, ForecastReport, Settings]
) -> None:
    tonight, expected, _ = seeded
    f = expected.forecast
    assert screen.delivery_date() == tonight.day + timedelta(days=1)
    assert screen.lines.text() == f"{f.rounded:,}"
    assert f"{round(f.low):,}" in screen.band.text() and f"{round(f.high):,}" in screen.band.text()
    assert "日内曲线与星期规律" in screen.method.text()  # tonight's 15:00 count was used
    assert f.snapshot is not None and f"{f.snapshot.lines:,}" in screen.snapshot.text()
    assert expected.yesterday is not None
    assert f"{expected.yesterday.lines:,}" in screen.yesterday.text()
    assert expected.backtest.mape is not None
    assert f"MAPE {expected.backtest.mape:.1%}" in screen.mape.text()
    words = [screen.factors.text(r, 0) for r in range(screen.factors.rowCount())]
    assert words[0] == "同星期中位数" and "日内曲线估计" in words


def test_crates_short_in_red_workers_and_trucks_per_route(
    screen: ForecastScreen, seeded: tuple[PastWave, ForecastReport, Settings]
) -> None:
    _, expected, _ = seeded
    crates = screen.crate_table
    total = crates.rowCount() - 1
    assert crates.cell(total, 2) == expected.crates_needed
    assert crates.cell(total, 4) == OWNED_SHORT_BY
    assert crates.text(total, 5) == "不够"
    assert crates.data(crates.index(total, 5), 0x0101)[0].value == "bad"  # the chip's tone
    assert [crates.text(r, 0) for r in range(total)] == ["常温", "冷藏", "冷冻"]
    assert (
        f"缺 {OWNED_SHORT_BY}" in screen.crates.text() and "#b00020" in screen.crates.styleSheet()
    )
    routes = screen.routes
    assert [routes.cell(r, 0) for r in range(routes.rowCount())] == ["R01", "R02"]
    assert [routes.cell(r, 7) for r in range(2)] == [r.workers for r in expected.needs.routes]
    assert [routes.cell(r, 9) for r in range(2)] == [r.trucks for r in expected.needs.routes]
    assert routes.text(0, 2) == "05:10"
    assert f"{expected.needs.workers} 人" in screen.workers.text()


def test_the_chart_has_past_nights_forecast_actual_band_and_tonight(
    screen: ForecastScreen, seeded: tuple[PastWave, ForecastReport, Settings]
) -> None:
    _, expected, _ = seeded
    chart = screen.chart
    assert chart.series_names() == ["预测区间", "实际", "15:00 预测", "今晚区间", "今晚预测"]
    points = expected.backtest.points[-28:]
    assert chart.values("实际") == [p.actual for p in points]
    assert chart.values("预测区间") == pytest.approx([p.high for p in points])
    assert chart.values("今晚预测") == pytest.approx([expected.forecast.lines])


def test_adding_and_removing_an_event_updates_the_list_and_the_forecast(
    qtbot: QtBot,
    screen: ForecastScreen,
    seeded: tuple[PastWave, ForecastReport, Settings],
) -> None:
    tonight, expected, _ = seeded
    assert screen.event_panel.showing_empty
    screen.ask_event = lambda: (tonight.day, "社区集市", 1.2, "广场")  # type: ignore[method-assign]
    screen.add_event()
    qtbot.waitUntil(lambda: screen.events.rowCount() == 1, timeout=20_000)
    assert [screen.events.text(0, c) for c in range(4)] == [
        tonight.day.isoformat(),
        "社区集市",
        "×1.2",
        "广场",
    ]
    qtbot.waitUntil(lambda: "社区集市" in screen.day_text.text(), timeout=20_000)
    words = [screen.factors.text(r, 0) for r in range(screen.factors.rowCount())]
    assert "本地事件系数" in words
    screen.event_panel.view.selectRow(0)
    screen.remove_selected_event()
    qtbot.waitUntil(lambda: screen.events.rowCount() == 0, timeout=20_000)
    assert screen.event_panel.showing_empty
    qtbot.waitUntil(lambda: screen.lines.text() == f"{expected.forecast.rounded:,}")


def test_events_need_the_supervisor(
    store: Store, qtbot: QtBot, seeded: tuple[PastWave, ForecastReport, Settings]
) -> None:
    tonight, _, settings = seeded
    ctx = make_ctx(store)
    ctx.settings = settings
    view = ForecastScreen(ctx, clock=lambda: at_15(tonight))
    qtbot.addWidget(view)
    view.ask_event = lambda: (tonight.day, "暴雨", 0.9, "")  # type: ignore[method-assign]
    view.add_event()
    assert "班组长" in view.message.text()
    settle(qtbot)


def test_forecast_now_keeps_the_forecast(
    qtbot: QtBot, screen: ForecastScreen, store: Store
) -> None:
    screen.run_button.click()
    qtbot.waitUntil(lambda: "已预测并保存" in screen.message.text(), timeout=20_000)
    with store.read() as s:
        kept = s.query(tables.ForecastRecord).one()
    assert f"{round(kept.lines):,}" == screen.lines.text()


def test_no_history_says_what_the_forecast_needs(qtbot: QtBot, store: Store) -> None:
    view = ForecastScreen(make_ctx(store), clock=lambda: datetime(2026, 11, 26, 15, tzinfo=ZONE))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=20_000):
        view.show()
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "还没有可供预测的历史"
    assert "导入" in view.empty.hint.text()
    assert view.delivery_date() == date(2026, 11, 27)
    settle(qtbot)


def test_forecast_now_polls_the_platform_once_first(qtbot: QtBot, store: Store) -> None:
    """With a platform configured, 立即预测 stores a snapshot of tonight's open wave (its count
    so far), then forecasts from the store and keeps it; without history it says so."""
    from sorter_app.platform.simulator import VolumePattern
    from sorter_app.store import forecast_repo
    from tests.platform_fixtures import TOKEN, running_platform

    afternoon = datetime(2026, 11, 26, 15, 5, tzinfo=ZONE)
    with running_platform(initial_status="auto", volume=VolumePattern(400, 3)) as platform:
        platform.sim.set_now(afternoon)
        ctx = make_ctx(store, platform_url=platform.server.url, platform_token=TOKEN)
        view = ForecastScreen(ctx, clock=lambda: afternoon)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.refreshed, timeout=20_000):
            view.show()
        assert view.pages.currentWidget() is view.empty  # nothing polled or imported yet
        view.run_button.click()
        qtbot.waitUntil(lambda: "未生成预测" in view.message.text(), timeout=20_000)
        seed_history(store, _history())  # September and October's nights, then again
        view.run_button.click()
        qtbot.waitUntil(lambda: "已预测并保存" in view.message.text(), timeout=20_000)
        with store.read() as s:
            polled = [
                r
                for r in forecast_repo.snapshots(s, "HZ01")
                if r.delivery_date == date(2026, 11, 27)
            ]
            kept = s.query(tables.ForecastRecord).one()
        assert [r.status for r in polled] == ["open"]  # one slot, polled twice: one row
        count = platform.sim.wave_summary(polled[0].wave_id)["line_count"]
        assert polled[0].line_count == count
        # Tonight's count so far is what the forecast used (past Thursdays have curves).
        assert f"{count:,}" in view.snapshot.text() and "日内曲线" in view.method.text()
        assert view.pages.currentWidget() is view.content
        assert view.lines.text() == f"{round(kept.lines):,}"
        assert kept.delivery_date == date(2026, 11, 27)
        settle(qtbot)
