"""Shared set-up for the supervisor screen tests: a UI context over a real store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from pytestqt.qtbot import QtBot

from sorter_app.services.people.roster import Person
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.settings import Settings
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.events import AppEvents
from sorter_app.ui.operations import Operations
from sorter_app.ui.supervisor._base import SupervisorScreen
from sorter_app.ui.widgets.table import ListPanel
from tests.factories import EAN_S1, small_wave
from tests.store_reads import crate_code

WAVE = "W20261127-HZ01"
SUPERVISOR = Person("SUP01", "张班长", "supervisor")


CONTEXTS: list[UiContext] = []


def make_ctx(store: Store, **options: Any) -> UiContext:
    settings = replace(Settings(), **options.pop("settings", {}))
    ctx = UiContext(store, settings, AppEvents(), Operations(), **options)
    CONTEXTS.append(ctx)
    return ctx


def settle(qtbot: QtBot) -> None:
    """Let background work of the test's screens finish before its store closes."""
    qtbot.waitUntil(lambda: not any(ctx.ops.busy for ctx in CONTEXTS), timeout=20_000)
    CONTEXTS.clear()


@contextmanager
def screen_store(qtbot: QtBot, url: str) -> Iterator[Store]:
    """A store for screen tests, closed only once the screens' background work has finished."""
    store = Store.open(url)
    try:
        yield store
    finally:
        settle(qtbot)
        store.close()


def assert_offers_wave_import(qtbot: QtBot, screen: SupervisorScreen, panel: ListPanel) -> None:
    """`panel` says there is no wave yet, and its button opens the waves screen."""
    assert panel.showing_empty and panel.empty.title.text() == "还没有波次"
    assert panel.empty.button.isVisible() and panel.empty.button.text() == "导入波次"
    with qtbot.waitSignal(screen.ctx.events.open_screen) as asked:
        panel.empty.button.click()
    assert asked.args == ["waves"]


def seeded_small_wave(store: Store) -> None:
    """The small fixed wave with some receiving and seeding done, as in test_progress:
    S00001 6 ordered, 5 received (1 short); a wrong-crate scan by W01; 3 units into C0001 by W01
    at ST-01, 2 into C0002 by W02 at ST-02; one unknown barcode."""
    store_snapshot(store, small_wave(WAVE), source="api")
    a = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    a.scan(f"{EAN_S1}*5", mode="receive")
    a.scan("6900000000007", mode="receive", worker="W01")  # valid EAN, not in the wave
    a.scan(EAN_S1, mode="seed", worker="W01")
    a.scan(crate_code(store, "C0002"), mode="seed", worker="W01")  # wrong crate
    a.scan(crate_code(store, "C0001"), mode="seed", worker="W01")
    b = ScanStation(store, wave_id=WAVE, station_id="ST-02")
    b.scan(EAN_S1, mode="seed", worker="W02")
    b.scan(crate_code(store, "C0002"), mode="seed", worker="W02")
