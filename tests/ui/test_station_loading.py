"""Load mode on the station screen: the worker chooses the route (from the list or with a route
card), scans crates; loaded, wrong route, already loaded in colour, shape and word; what each stop
still misses is read again after every scan."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtGui import QPalette

from sorter_app.services.people.roster import add_person
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from sorter_app.ui.station.presentation import PALETTES
from tests.factories import EAN_S1, Route, small_wave
from tests.store_reads import crate_code
from tests.ui.conftest import SUPERVISOR_PIN, WAVE, Ui


@pytest.fixture
def wave_store(sqlite_url: str) -> Iterator[Store]:
    """The small wave with C0003 moved to route R02 (stop 1 there), received and seeded in full:
    R01 has C0001's two crates (ambient, chilled) and C0002's one to load, R02 C0003's one."""
    snapshot = small_wave(WAVE)
    third = snapshot.communities[2]
    communities = [
        *snapshot.communities[:2],
        replace(third, route=Route("R02", "滨江 2 线"), stop_seq=1),
    ]
    store = Store.open(sqlite_url)
    store_snapshot(store, replace(snapshot, communities=communities), source="api")
    add_person(store, "W01", "张三")
    add_person(store, "SUP1", "李班长", "supervisor", SUPERVISOR_PIN)
    sorter = ScanStation(store, wave_id=WAVE, station_id="ST-05")
    sorter.scan(f"{EAN_S1}*6", mode="receive", worker="W01")
    sorter.scan("S00002*5", mode="receive", worker="W01")
    for code in (EAN_S1, EAN_S1, "S00002", "S00002"):
        target = sorter.scan(code, mode="seed", worker="W01")
        if target.crate_code:
            sorter.scan(target.crate_code, mode="seed", worker="W01")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def ui(ui_factory) -> Ui:  # type: ignore[no-untyped-def]
    return ui_factory()


def panel_colour(ui: Ui) -> str:
    return ui.station.panel.palette().color(QPalette.ColorRole.Window).name().upper()


def wait_missing(qtbot, ui: Ui, expected: dict[int, int]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ui.station.load_list.missing == expected, timeout=5000)


def test_loading_a_crate_of_the_chosen_route_and_one_of_another(ui: Ui, qtbot) -> None:
    station = ui.station
    ui.scan("BADGE-W01")
    station.load_button.click()
    assert station.mode == "load" and station.mode_chip.text() == "装车"
    assert station.route_box.isVisible() and station.load_list.isVisible()
    ids = [station.route_box.itemData(i) for i in range(station.route_box.count())]
    assert ids == [None, "R01", "R02"]

    ui.scan(crate_code(ui.ctx.store, "C0001"))  # no route chosen yet: nothing loads
    assert station.view.level == "warning" and station.title.text() == "请先选择线路"

    station.route_box.activated.emit(1)  # the worker picks R01 from the list
    assert station.route == "R01"
    wait_missing(qtbot, ui, {1: 2, 2: 1})
    assert station.load_list.title.text() == "待装 R01：还差 3 筐"

    ui.scan(crate_code(ui.ctx.store, "C0001"))
    assert station.view.level == "confirm" and station.word.text() == "完成"
    assert panel_colour(ui) == PALETTES["confirm"].background
    assert station.icon.level == "confirm"
    assert (station.stop.text(), station.title.text()) == ("1", "阳光花园1期")
    assert station.crate.text().startswith("第 1")
    assert ui.sound.played[-1] == "confirm"
    assert station.qty.text() == "2"  # crates still to load on this route
    wait_missing(qtbot, ui, {1: 1, 2: 1})  # stop 1 now misses one crate, not two

    ui.scan(crate_code(ui.ctx.store, "C0003"))
    assert station.view.level == "intercept" and station.word.text() == "停！"
    assert panel_colour(ui) == PALETTES["intercept"].background
    assert station.headline.text() == "错线路！不要装"
    assert "R02" in station.detail.text() and "滨江 2 线" in station.detail.text()
    assert ui.sound.played[-1] == "intercept"

    ui.scan(crate_code(ui.ctx.store, "C0001"))
    assert station.view.level == "warning" and station.headline.text() == "已装过"
    wait_missing(qtbot, ui, {1: 1, 2: 1})


def test_a_route_card_chooses_the_route_in_load_mode_only(ui: Ui, qtbot) -> None:
    station = ui.station
    ui.scan("BADGE-W01")
    ui.scan("ROUTE-R02")  # seeding: a route card does not apply
    assert station.route is None and station.view.level == "warning"

    station.set_mode("load")
    ui.scan("route-r02")  # Caps Lock inverted: still the one route R02
    assert station.route == "R02"
    assert station.route_box.currentData() == "R02"
    assert station.view.level == "prompt"
    wait_missing(qtbot, ui, {1: 1})

    ui.scan(crate_code(ui.ctx.store, "C0003"))
    assert station.view.level == "confirm" and station.title.text() == "阳光花园3期"
    wait_missing(qtbot, ui, {})
    assert "全部装齐" in station.load_list.rows[0].text()

    ui.scan("ROUTE-R99")
    assert station.route == "R02" and station.view.level == "warning"


def test_load_mode_reads_in_english(ui: Ui, qtbot) -> None:
    from tests.ui.test_english_everywhere import chinese, chrome_texts, data_texts

    station = ui.station
    ui.scan("BADGE-W01")
    ui.window.language_button.click()
    qtbot.wait(20)  # LanguageChange events are posted
    station.set_mode("load")
    data = data_texts(ui.ctx.store)
    assert station.load_button.text() == "Load F7"
    assert station.route_box.itemText(0) == "Choose a route…"
    assert chinese(chrome_texts(station, data)) == []

    ui.scan("ROUTE-R01")
    wait_missing(qtbot, ui, {1: 2, 2: 1})
    assert station.load_list.title.text() == "To load on R01: 3 crates missing"
    assert chinese(chrome_texts(station, data)) == []

    ui.scan(crate_code(ui.ctx.store, "C0001"))
    assert station.stop_caption.text() == "Stop" and station.word.text() != "完成"
    assert station.message.text().startswith("Loaded")
    wait_missing(qtbot, ui, {1: 1, 2: 1})
    assert chinese(chrome_texts(station, data)) == []

    ui.scan(crate_code(ui.ctx.store, "C0003"))
    assert station.headline.text() == "WRONG ROUTE! Do not load"
    assert chinese(chrome_texts(station, data)) == []
