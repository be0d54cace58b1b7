"""The settings page's route departures: a supervisor fills in the current wave's routes, types
a departure and the loading buffer, saves; the file holds them under [routes] with the route IDs
quoted, and a wrong time is refused in the screen's message with the file left as it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sorter_app.settings import load_settings, settings_path
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.settings_page import SettingsScreen
from tests.doubles import MemoryKeyring
from tests.route_board_support import AT_0200, R01, R2, WAVE, StagedClock, stage_night
from tests.ui.supervisor_support import SUPERVISOR, make_ctx, settle


@pytest.fixture
def screen(qtbot: QtBot, sqlite_url: str, vault: MemoryKeyring) -> Iterator[SettingsScreen]:
    store = Store.open(sqlite_url)
    stage_night(store, StagedClock(AT_0200))
    page = SettingsScreen(make_ctx(store, wave_id=WAVE))
    qtbot.addWidget(page)
    page.show()
    yield page
    settle(qtbot)
    store.close()


def table(screen: SettingsScreen) -> list[list[str]]:
    t = screen.departures
    return [[t.item(r, c).text() for c in range(3)] for r in range(t.rowCount())]  # type: ignore[union-attr]


def test_departures_are_typed_per_route_and_saved(qtbot: QtBot, screen: SettingsScreen) -> None:
    path = settings_path(screen.ctx.settings.paths)
    screen.ctx.supervisor = SUPERVISOR
    screen.wave_routes_button.click()
    qtbot.waitUntil(lambda: screen.departures.rowCount() == 2, timeout=5000)
    assert table(screen) == [[R01, "西湖 1 线", ""], [R2, "西湖 二 线", ""]]
    screen.departures.item(1, 2).setText("05:10")  # type: ignore[union-attr]
    screen.buffer.setValue(25)
    screen.save_button.click()
    qtbot.waitUntil(lambda: screen.message.text().startswith("设置已保存"), timeout=5000)

    saved = load_settings(path, env={}).routes
    assert (saved.loading_buffer_min, saved.departures) == (25, ((R2, "05:10"),))  # R01: none
    assert f'"{R2}" = "05:10"' in path.read_text(encoding="utf-8")
    assert screen.ctx.settings.routes.departure(R2) == "05:10"  # the board uses it at once


def test_a_wrong_time_is_refused_and_the_file_kept(qtbot: QtBot, screen: SettingsScreen) -> None:
    path = settings_path(screen.ctx.settings.paths)
    screen.ctx.supervisor = SUPERVISOR
    screen.add_departure(R01, "", "5:10")
    screen.save_button.click()
    qtbot.waitUntil(lambda: "发车时间应为 HH:MM" in screen.message.text(), timeout=5000)
    assert not path.exists()
    assert screen.ctx.settings.routes.departures == ()


def test_the_departures_read_at_a_distance_and_the_page_does_not_poll(
    qtbot: QtBot, screen: SettingsScreen
) -> None:
    screen.wave_routes_button.click()
    qtbot.waitUntil(lambda: screen.departures.rowCount() == 2, timeout=5000)
    assert screen.departures.font().pixelSize() >= 14
    assert screen.departures.horizontalHeader().font().pixelSize() >= 14
    # Scans never change what this page shows: it asks the store nothing while open.
    assert screen.live_version() is None
    assert not screen._live.isActive()
