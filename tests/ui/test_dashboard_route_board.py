"""The dashboard's route board on a staged night (tests/route_board_support.py) with a staged
clock: a card turns at risk when its projected finish passes its departure; clicking a card opens
its stops; tiles show values with their level; the charts have their series; with no wave the
screen offers to import one."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypinyin import Style, lazy_pinyin
from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot

from sorter_app.domain.route_risk import RouteState
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.dashboard import CHARTS, DashboardScreen
from sorter_app.ui.supervisor.route_cards import grid_style
from sorter_app.ui.widgets.palette import COLOURS, Tone
from tests.route_board_support import AT_0200, R01, R2, SETTINGS, WAVE, StagedClock, stage_night
from tests.ui.supervisor_support import make_ctx, screen_store, settle


@pytest.fixture
def clock() -> StagedClock:
    return StagedClock(AT_0200)


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str, clock: StagedClock) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        stage_night(s, clock)
        yield s


def open_board(qtbot: QtBot, store: Store, clock: StagedClock, **ctx: object) -> DashboardScreen:
    screen = DashboardScreen(
        make_ctx(store, settings={"routes": SETTINGS.routes}, **ctx), clock=clock
    )
    qtbot.addWidget(screen)
    screen.resize(1600, 900)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "dashboard"):
        screen.show()
    return screen


def reload(qtbot: QtBot, screen: DashboardScreen) -> None:
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "dashboard"):
        screen.refresh()


def test_a_card_turns_at_risk_when_the_clock_passes_its_projected_finish(
    qtbot: QtBot, store: Store, clock: StagedClock
) -> None:
    screen = open_board(qtbot, store, clock, wave_id=WAVE)
    card = screen.grid.card(R01)
    assert card.chip.text() == "✔ 正常"
    assert card.units.text() == "20 / 40 件"
    assert (card.bar.value(), card.bar.maximum()) == (20, 40)
    assert card.departure.text() == "发车 03:00 · 还有 1:00"
    assert card.tone == Tone.OK and card.property("tone") == "ok"  # green, by the grid's sheet
    assert screen.grid.card(R2).chip.text() == "○ 未设发车时间"

    clock.move(minutes=15)  # no more puts: finishing at 03:05, the truck leaves at 03:00
    reload(qtbot, screen)
    card = screen.grid.card(R01)
    assert card.state == RouteState.AT_RISK
    assert card.chip.text() == "▲ 有风险"
    assert card.tone == Tone.WARN and card.property("tone") == "warn"  # amber
    assert f'[tone="warn"] {{ border: 1px solid {COLOURS[Tone.WARN].edge}' in grid_style()
    assert card.departure.text() == "发车 03:00 · 还有 0:45"
    assert "预计 03:05 完成" in card.pace.text()

    clock.move(minutes=50)  # 03:05
    reload(qtbot, screen)
    assert screen.grid.card(R01).chip.text() == "✖ 已晚点"
    assert screen.grid.card(R01).departure.text() == "发车 03:00 · 已过 5 分钟"


def test_clicking_a_card_opens_its_stops_and_who_sorts(
    qtbot: QtBot, store: Store, clock: StagedClock
) -> None:
    screen = open_board(qtbot, store, clock, wave_id=WAVE)
    assert screen.route_panel.isHidden()
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "route"):
        qtbot.mouseClick(screen.grid.card(R01), Qt.MouseButton.LeftButton)
    panel = screen.route_panel
    assert panel.isVisible() and R01 in panel.title.text()
    rows = [[panel.stops.text(r, c) for c in range(9)] for r in range(panel.stops.rowCount())]
    assert [row[1] for row in rows] == ["C0001", "C0002"]
    assert rows[1][5] == "20" and rows[1][8] == "云南高山娃娃菜1×20"  # C0002 misses it all
    assert rows[0][5] == "0" and rows[0][7] == "0/1"  # C0001 sorted, its crate not loaded
    assert "W01" in panel.workers.text()
    name = rows[1][2]  # the stops' search: a community by the initials of its name
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    qtbot.keyClicks(panel.panel.search, initials)
    qtbot.waitUntil(lambda: [s.community_id for s in panel.stops.rows] == ["C0002"], timeout=3000)


def test_tiles_show_values_and_levels(qtbot: QtBot, store: Store, clock: StagedClock) -> None:
    screen = open_board(qtbot, store, clock, wave_id=WAVE)
    tiles = screen.tiles.tiles
    assert tiles["sorted"].value.text() == "20 / 80"
    assert tiles["sorted"].change.text() == "每小时 40 件 · 30 分钟内 +20"
    assert tiles["wrong_crate"].value.text() == "500.0"  # one wrong crate in 20 units
    assert tiles["wrong_crate"].level == "bad" and tiles["wrong_crate"].caption.text()[0] == "✖"
    assert tiles["printers"].value.text() == "0" and tiles["printers"].level == "ok"
    assert tiles["undelivered"].level == "warn"
    assert screen.numbers()["undelivered"] == tiles["undelivered"].value.text()


def test_charts_have_series(qtbot: QtBot, store: Store, clock: StagedClock) -> None:
    clock.move(minutes=25)
    screen = open_board(qtbot, store, clock, wave_id=WAVE)
    assert screen.progress_chart.series_names() == []  # read only when the tab is shown
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "dashboard"):
        screen.tabs.setCurrentIndex(CHARTS)
    assert screen.progress_chart.series_names() == ["应分（100%）", "全部", R01, R2]
    line = screen.progress_chart.chart_.series()[2]  # R01: 0, then half of its due
    assert [round(p.y()) for p in line.points()] == [0, 50, 50, 50]
    first = QDateTime.fromMSecsSinceEpoch(int(line.points()[0].x()))
    assert first.time().toString("HH:mm") == "02:00"  # the hub's time, whatever this PC's zone
    assert screen.worker_chart.categories() == ["W01"]
    assert screen.worker_chart.bars is not None and screen.worker_chart.bars.at(0) == 500.0


def test_without_a_wave_the_board_offers_to_import_one(
    qtbot: QtBot, tmp_path: Path, clock: StagedClock
) -> None:
    empty = Store.open(f"sqlite:///{tmp_path / 'empty.sqlite'}")  # nothing imported yet
    screen = DashboardScreen(make_ctx(empty), clock=clock)
    qtbot.addWidget(screen)
    asked: list[str] = []
    screen.ctx.events.open_screen.connect(asked.append)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves"):
        screen.show()
    assert screen.pages.currentWidget() is screen.empty
    assert screen.empty.title.text() == "还没有选择波次"
    assert screen.empty.button.text() == "导入波次"
    qtbot.mouseClick(screen.empty.button, Qt.MouseButton.LeftButton)
    assert asked == ["waves"]
    settle(qtbot)
    empty.close()


def test_changes_in_a_burst_make_one_load_after_the_worker_rested(
    qtbot: QtBot, store: Store, clock: StagedClock
) -> None:
    screen = open_board(qtbot, store, clock, wave_id=WAVE)
    loads: list[str] = []
    screen.refreshed.connect(lambda kind: loads.append(kind) if kind == "dashboard" else None)
    screen._next_load_at = time.monotonic() + 0.5  # as after a 0.25 s load
    for _ in range(5):  # the store changed five times (the live poll) within the rest
        screen.live_reload()
    assert loads == []
    qtbot.waitUntil(lambda: loads == ["dashboard"], timeout=3000)
    qtbot.wait(300)
    assert loads == ["dashboard"]


def test_a_hundred_routes_arrive_a_few_cards_at_a_time_each_in_its_place(qtbot: QtBot) -> None:
    """A wave's first load brings every route at once; the grid builds a few cards per turn of
    the event loop (the window keeps answering) and ends with every card where its route is."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from sorter_app.domain.route_risk import RouteFacts, RouteState
    from sorter_app.services.views.route_board import RouteCard
    from sorter_app.ui.supervisor.route_cards import CARDS_PER_TURN, RouteGrid

    now = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    facts = RouteFacts(40, 10, 2, 0, False, None, 5)
    cards = [
        RouteCard(f"R{n:03d}", f"线路 {n}", 3, facts, 1, None, RouteState.NO_DEPARTURE, None, ())
        for n in range(100)
    ]
    grid = RouteGrid()
    qtbot.addWidget(grid)
    grid.resize(1400, 800)
    grid.show()
    grid.set_cards(cards, now, ZoneInfo("Asia/Shanghai"))
    assert len(grid.cards) == CARDS_PER_TURN  # the first few at once, the rest to come
    qtbot.waitUntil(lambda: len(grid.cards) == 100, timeout=5_000)
    columns = grid.grid.columnCount()
    assert columns > 1
    for n, card in enumerate(cards):
        index = grid.grid.indexOf(grid.card(card.route_id))
        assert grid.grid.getItemPosition(index)[:2] == (n // columns, n % columns)
    assert grid.card("R099").units.text() == "10 / 40 件"
