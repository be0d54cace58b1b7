"""The exceptions screen: wrong-crate events per worker, unknown barcodes, import conflicts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sorter_app.services.people.roster import add_person
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.exceptions import ExceptionsScreen
from tests.factories import EAN_S1
from tests.ui.supervisor_support import WAVE, make_ctx, screen_store, seeded_small_wave


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        seeded_small_wave(s)
        add_person(s, "W01", "李四")
        yield s


def test_wrong_crate_events_per_worker_and_unknown_barcodes(qtbot: QtBot, store: Store) -> None:
    screen = ExceptionsScreen(make_ctx(store, wave_id=WAVE))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "exceptions"):
        screen.show()

    # W01 scanned C0002's crate for a put meant for C0001, then put 3 units right.
    assert [screen.workers.text(0, c) for c in range(5)] == ["W01", "李四", "1", "3", "3333.3"]
    assert screen.workers.rowCount() == 1  # W02 made no wrong-crate scan
    [event] = screen.events.rows
    assert (
        event.worker,
        event.sku_id,
        event.expected_community_id,
        event.scanned_community_id,
    ) == ("W01", "S00001", "C0001", "C0002")
    assert screen.events.text(0, 6) == f"HS-{WAVE}-C0002-01"
    [unknown] = screen.unknown.rows
    assert (unknown.raw, unknown.count, unknown.stations) == ("6900000000007", 1, ("ST-01",))
    assert screen.unknown.text(0, 1) == "未知商品条码"
    assert [screen.tabs.tabText(i) for i in range(3)] == [
        "错筐（1）",
        "未知条码（1）",
        "导入冲突（0）",
    ]


def test_a_wrong_crate_scan_elsewhere_shows_up_when_announced(qtbot: QtBot, store: Store) -> None:
    from sorter_app.services.sorting.scanning import ScanStation
    from tests.store_reads import crate_code

    screen = ExceptionsScreen(make_ctx(store, wave_id=WAVE))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "exceptions"):
        screen.show()
    station = ScanStation(store, wave_id=WAVE, station_id="ST-02")
    station.scan(EAN_S1, mode="receive")
    target = station.scan(EAN_S1, mode="seed", worker="W02")
    assert target.community_id == "C0002"
    wrong = station.scan(crate_code(store, "C0003"), mode="seed", worker="W02")
    assert wrong.result.value == "wrong_crate"
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "exceptions"):
        screen.ctx.events.scan_committed.emit(wrong)
    assert {screen.workers.text(r, 0) for r in range(2)} == {"W01", "W02"}
    assert screen.tabs.tabText(0) == "错筐（2）"
