"""The trends screen over the small fixed history of tests/trends_support.py (three nights staged
through the real services): the numbers worked out by hand in tests/integration/test_trends.py
appear in its tables and charts, the export writes a spreadsheet, and with no aggregate stored
the empty state's button aggregates the finished waves."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from sorter_app.services.views.trends import history
from sorter_app.services.waves.aggregates import aggregate_due
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.trends import TrendsScreen
from tests.trends_support import SETTINGS, stage_history
from tests.ui.supervisor_support import SUPERVISOR, make_ctx, settle

FIRST, LAST = date(2026, 11, 23), date(2026, 11, 30)


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The three nights, staged once for the module: the tests only read them."""
    tmp = tmp_path_factory.mktemp("trends_ui")
    url = f"sqlite:///{tmp / 'hub.sqlite'}"
    store = Store.open(url)
    stage_history(store, tmp / "exports")
    aggregate_due(store, SETTINGS)  # night 1's claim came after its last dispatch
    store.close()
    yield url


@pytest.fixture
def screen(qtbot: QtBot, staged: str) -> Iterator[TrendsScreen]:
    store = Store.open(staged)
    view = TrendsScreen(make_ctx(store, settings={"routes": SETTINGS.routes}))
    qtbot.addWidget(view)
    view.first.setDate(QDate(2026, 11, 23))
    view.last.setDate(QDate(2026, 11, 30))
    view.show()
    yield view
    settle(qtbot)
    store.close()


def open_tab(qtbot: QtBot, screen: TrendsScreen, what: str, by: str = "day") -> None:
    screen.by.setCurrentIndex(0 if by == "day" else 1)
    with qtbot.waitSignal(screen.refreshed, timeout=10_000):
        if screen.what == what:
            screen.refresh()
        else:
            screen.tabs.setCurrentIndex(
                ("timeline", "losses", "missorts", "productivity", "routes").index(what)
            )
    qtbot.waitUntil(lambda: screen.data.get(what) is not None and screen.data[what].by == by)


def column(screen: TrendsScreen, what: str, col: int) -> list[str]:
    model = screen.models[what]
    return [model.text(r, col) for r in range(model.rowCount())]


def test_missorts_show_the_hand_worked_rates_in_table_and_chart(
    qtbot: QtBot, screen: TrendsScreen
) -> None:
    open_tab(qtbot, screen, "missorts")
    # Units put 9, 10, 8; night 1 one wrong crate caught and one claim escaped.
    assert column(screen, "missorts", 0) == ["2026-11-23", "2026-11-24", "2026-11-30"]
    assert column(screen, "missorts", 1) == ["9", "10", "8"]
    assert column(screen, "missorts", 3) == ["1111.1", "0.0", "0.0"]  # 10,000 × 1 / 9
    chart = screen.charts["missorts"]
    assert chart.series_names() == ["拦截（错筐）", "漏出（售后错分）"]
    assert chart.values("漏出（售后错分）") == pytest.approx([10_000 / 9, 0, 0])
    assert chart.categories() == ["11-23", "11-24", "11-30"]
    # Numbers are right-aligned.
    model = screen.models["missorts"]
    assert model.data(model.index(0, 1), 7) is not None  # TextAlignmentRole


def test_timeline_stages_are_lines_at_the_hubs_clock_time(
    qtbot: QtBot, screen: TrendsScreen
) -> None:
    open_tab(qtbot, screen, "timeline", "week")
    assert column(screen, "timeline", 0) == ["2026-W48", "2026-W49"]
    # All routes gone: 580 and 565 minutes after a 20:00 cutoff, averaged: 572.5, shown rounded half to even.
    assert column(screen, "timeline", 7) == ["572", "590"]
    chart = screen.charts["timeline"]
    assert chart.series_names() == [
        "导入完成",
        "首次收货",
        "开始分拣",
        "分拣完成",
        "首条线路发车",
        "全部发车",
    ]
    # 20:00 + 30 min is 20:30 on the cutoff's day; 20:00 + 590 min is 05:50 the next day.
    imported = chart.values("导入完成")
    gone = chart.values("全部发车")
    assert (gone[1] - imported[1]) / 60_000 == pytest.approx(590 - 30)


def test_losses_worst_first_with_the_change_and_bars_beside_the_period_before(
    qtbot: QtBot, screen: TrendsScreen
) -> None:
    open_tab(qtbot, screen, "losses", "week")
    keys = column(screen, "losses", 2)
    assert keys[:2] == ["蔬菜", "水果"] and keys[4:6] == ["水果", "蔬菜"]
    # W49 水果: 1 of 3 damaged, nothing lost the week before: +33.33 points.
    assert column(screen, "losses", 8)[4] == "33.33%"
    assert column(screen, "losses", 10)[4] == "+33.33"
    chart = screen.charts["losses"]
    assert chart.bar_names() == ["本期", "上期"]
    assert chart.categories() == ["水果", "蔬菜"]  # the latest week, worst first
    assert chart.values("本期") == pytest.approx([33.33, 14.29])
    assert chart.values("上期") == pytest.approx([0.0, 7.14])
    screen.loss_dimension.setCurrentIndex(1)
    assert chart.categories() == ["塘栖枇杷合作社", "临平绿源农场"]


def test_routes_on_time_green_late_red(qtbot: QtBot, screen: TrendsScreen) -> None:
    open_tab(qtbot, screen, "routes")
    model = screen.models["routes"]
    states = {
        (model.cell(r, 0), model.cell(r, 1)): model.text(r, 3) for r in range(model.rowCount())
    }
    # R01 05:00 (on time), R02 05:40 against 05:30; R01 05:20 against 05:10 the next night.
    assert states[("2026-11-23", "R01")] == "准点"
    assert states[("2026-11-23", "R02")] == "晚点"
    assert states[("2026-11-24", "R01")] == "晚点"
    # R09 (R02's name on night 3) is matched to R02.
    assert ("2026-11-30", "R02") in states
    chart = screen.charts["routes"]
    assert chart.series_names() == ["计划发车", "准点", "晚点"]
    assert sorted(chart.values("晚点")) == pytest.approx([10, 10, 20])
    assert sorted(chart.values("准点")) == pytest.approx([-10, -5, -5])
    # Search by route name.
    screen.panels["routes"].search.setText("R01")
    screen.panels["routes"].apply_search()
    assert {model.cell(r, 1) for r in range(model.rowCount())} == {"R01"}


def test_productivity_per_worker_and_the_hubs_line(qtbot: QtBot, screen: TrendsScreen) -> None:
    open_tab(qtbot, screen, "productivity", "week")
    chart = screen.charts["productivity"]
    assert chart.series_names()[0] == "全仓"
    assert {"W01", "W02"} <= set(chart.series_names())
    rows = screen.models["productivity"].rows
    hub = [r for r in rows if r.worker == "*"]
    assert [r.puts for r in hub] == [10, 5]


def test_export_writes_an_xlsx_openpyxl_reads(
    qtbot: QtBot, screen: TrendsScreen, tmp_path: Path
) -> None:
    open_tab(qtbot, screen, "missorts")
    target = tmp_path / "missorts.xlsx"
    screen.export("xlsx", target)
    qtbot.waitUntil(lambda: target.exists() and "已导出" in screen.message.text(), timeout=10_000)
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("周期", "已分件数", "错筐拦截")
    assert [r[1] for r in rows[1:]] == [9, 10, 8]


def test_with_no_aggregates_the_empty_states_button_aggregates(
    qtbot: QtBot, staged: str, tmp_path: Path
) -> None:
    # A copy of the history without its aggregates: the waves are finished, none aggregated.
    shutil.copy(staged.removeprefix("sqlite:///"), tmp_path / "copy.sqlite")
    store = Store.open(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    with store.write() as s:
        for model in (
            tables.WaveRouteAggregate,
            tables.WaveWorkerAggregate,
            tables.WaveSkuAggregate,
            tables.WaveCommunityAggregate,
            tables.WaveAggregate,
        ):
            s.query(model).delete()
    view = TrendsScreen(make_ctx(store, supervisor=SUPERVISOR))
    qtbot.addWidget(view)
    view.first.setDate(QDate(2026, 11, 23))
    view.last.setDate(QDate(2026, 11, 30))
    view.show()
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.empty, timeout=10_000)
    assert view.empty.title.text() == "还没有已完成的波次汇总"
    assert view.empty.button.isVisible()
    view.empty.button.click()
    qtbot.waitUntil(lambda: view.pages.currentWidget() is view.tabs, timeout=10_000)
    assert "已汇总 3 个波次" in view.message.text()
    assert len(history(store, FIRST, LAST, ())) == 3
    qtbot.waitUntil(lambda: view.models["timeline"].rowCount() == 3)
    settle(qtbot)
    store.close()
