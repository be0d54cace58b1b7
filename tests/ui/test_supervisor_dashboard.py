"""The dashboard shows the store's numbers (sorter_app.services.views.progress) on a wave seeded
through ScanStation — the headline numbers with the route board, the tables in its details tab —
and follows scans at another station without a click (the live poll of SupervisorScreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sorter_app.services.people.roster import add_person
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.outbox_view import undelivered_count
from sorter_app.services.views.progress import (
    community_progress,
    sku_progress,
    station_progress,
    wave_progress,
    worker_stats,
)
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.dashboard import DETAILS, DashboardScreen
from sorter_app.ui.widgets.rows import PROGRESS_ROLE, Progress
from tests.factories import EAN_S1
from tests.ui.supervisor_support import WAVE, make_ctx, screen_store, seeded_small_wave


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        seeded_small_wave(s)
        add_person(s, "W01", "李四")
        yield s


def open_dashboard(qtbot: QtBot, store: Store) -> DashboardScreen:
    screen = DashboardScreen(make_ctx(store, wave_id=WAVE))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "dashboard"):
        screen.show()
    return screen


def open_details(qtbot: QtBot, screen: DashboardScreen) -> None:
    """The details tab: its tables load when it is shown."""
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "details"):
        screen.tabs.setCurrentIndex(DETAILS)


def shown(model: object) -> list[list[str]]:
    return [
        [model.text(r, c) for c in range(model.columnCount())]  # type: ignore[attr-defined]
        for r in range(model.rowCount())  # type: ignore[attr-defined]
    ]


def test_dashboard_numbers_equal_the_store(qtbot: QtBot, store: Store) -> None:
    screen = open_dashboard(qtbot, store)
    assert screen.communities.rowCount() == 0  # not loaded while its tab is not shown
    assert "communities" not in screen.numbers()  # the details tab's numbers
    open_details(qtbot, screen)
    p = wave_progress(store, WAVE)
    assert screen.numbers() == {
        "percent": f"{100 * p.put / p.due:.1f}%",
        "put": str(p.put),
        "due": str(p.due),
        "ordered": str(p.ordered),
        "shorted": f"{p.shorted}（{100 * p.shortage_rate:.1f}%）",
        "communities": f"{p.communities_done}/{p.communities}",
        "skus": f"{p.skus_done}/{p.skus}",
        "puts": str(p.puts),
        "wrong_crate": str(p.wrong_crate),
        "wrong_rate": f"{p.wrong_crate_per_10k:.1f}",
        "claimed_rate": "0.0",  # nothing dispatched, no claims
        "undelivered": str(undelivered_count(store)),  # the outbox: pending and parked
    }
    # The hand count of tests/integration/test_progress.py, as the supervisor reads it.
    assert screen.numbers()["percent"] == "50.0%"
    assert screen.numbers()["wrong_rate"] == "2000.0"
    assert screen.tiles.tiles["sorted"].value.text() == f"{p.put} / {p.due}"
    assert f"社区完成 {p.communities_done}/{p.communities}" in screen.summary.text()
    assert [row[:5] for row in shown(screen.communities)] == [
        [r.key, r.name, str(r.ordered), str(r.due), str(r.put)]
        for r in community_progress(store, WAVE)
    ]
    assert [row[:5] for row in shown(screen.skus)] == [
        [r.key, r.name, str(r.ordered), str(r.due), str(r.put)] for r in sku_progress(store, WAVE)
    ]
    assert shown(screen.stations) == [[r.key, str(r.put)] for r in station_progress(store, WAVE)]
    assert [row[:6] for row in shown(screen.workers)] == [
        [
            w.worker,
            "李四" if w.worker == "W01" else "",
            str(w.puts),
            str(w.units),
            str(w.wrong_crate),
            f"{w.wrong_crate_per_10k:.1f}",
        ]
        for w in worker_stats(store, WAVE)
    ]
    assert shown(screen.workers)[0][:5] == ["W01", "李四", "1", "3", "1"]


def test_a_scan_at_another_station_shows_without_a_click(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sorter_app.ui.supervisor import _base

    monkeypatch.setattr(_base, "LIVE_POLL_MS", 200)  # the store's data version, polled
    screen = open_dashboard(qtbot, store)
    card = screen.grid.card("R01")
    assert card.units.text() == "5 / 10 件"
    station = ScanStation(store, wave_id=WAVE, station_id="ST-03")
    station.scan(EAN_S1, mode="receive")  # the sixth unit: C0002 is due its third
    target = station.scan(EAN_S1, mode="seed", worker="W03")
    assert target.community_id == "C0002" and target.crate_code is not None
    decision = station.scan(target.crate_code, mode="seed", worker="W03")
    assert decision.result.value == "put_done"
    # No event from this PC, no click: the poll sees the store change and the board reloads.
    qtbot.waitUntil(lambda: screen.numbers()["put"] == "6", timeout=5000)
    assert screen.numbers()["put"] == str(wave_progress(store, WAVE).put)
    assert card.units.text() == "6 / 11 件"  # the sixth unit received is due too
    open_details(qtbot, screen)
    assert ["ST-03", "1"] in shown(screen.stations)


def test_timeline_and_losses_tabs_show_the_waves_numbers(qtbot: QtBot, store: Store) -> None:
    from sorter_app.services.receiving.shortages import close_receiving
    from sorter_app.services.views.numbers import losses, timeline

    close_receiving(store, WAVE)  # shortages become final: the losses tab has rows
    screen = open_dashboard(qtbot, store)
    open_details(qtbot, screen)
    steps = shown(screen.timeline)
    assert [row[0] for row in steps][:3] == ["截单", "导入完成", "开始收货"]
    assert len(steps) == len(timeline(store, WAVE))
    rows = shown(screen.losses)
    by_sku = {row[1]: (row[3], row[4], row[5]) for row in rows if row[0] == "商品"}
    assert by_sku == {
        r.key: (str(r.ordered), str(r.shorted), str(r.damaged)) for r in losses(store, WAVE, "sku")
    }


def test_details_tables_show_bars_numbers_and_find_by_pinyin(qtbot: QtBot, store: Store) -> None:
    screen = open_dashboard(qtbot, store)
    open_details(qtbot, screen)
    communities = screen.communities
    first = community_progress(store, WAVE)[0]
    done = communities.index(0, 5)
    assert communities.data(done) == f"{first.put}/{first.due}"  # drawn as a bar
    assert communities.data(done, PROGRESS_ROLE) == Progress(first.put, first.due)
    # The wrong-crate rate is a number: right-aligned, sorted as a number, shown to a tenth.
    workers = screen.workers
    rate = workers.index(0, 5)
    assert isinstance(workers.data(rate, Qt.ItemDataRole.UserRole), float)
    assert workers.data(rate, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight

    panel = screen.detail_panels[0]  # by community
    names = {r.key: r.name for r in community_progress(store, WAVE)}
    assert names["C0002"] == "阳光花园2期"
    qtbot.keyClicks(panel.search, "yghy2")  # 阳光花园2期 by its initials and number
    qtbot.waitUntil(lambda: [r.key for r in communities.rows] == ["C0002"], timeout=3000)
    assert panel.count.text() == f"显示 1 / {len(names)} 行"
