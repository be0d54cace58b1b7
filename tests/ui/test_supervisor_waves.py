"""The waves screen against a real simulator on loopback: import with a progress bar while the
UI keeps ticking, cancel without changing the database, and open conflicts after a re-import."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from pytestqt.qtbot import QtBot

from sorter_app.services.sorting.scanning import ScanStation, StationOptions
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor._base import SupervisorScreen
from sorter_app.ui.supervisor.waves import STATUS_CHIPS, WavesScreen
from sorter_app.ui.widgets.palette import Tone
from sorter_app.ui.widgets.rows import CHIP_ROLE, Progress
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, Platform, running_platform
from tests.store_reads import row_count
from tests.ui.supervisor_support import make_ctx, screen_store


@pytest.fixture
def platform() -> Iterator[Platform]:
    with running_platform(communities=30, skus=40, lines=3000) as p:
        yield p


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        yield s


def open_screen(qtbot: QtBot, store: Store, platform: Platform, **client: Any) -> WavesScreen:
    ctx = make_ctx(store, platform_url=platform.url, platform_token=TOKEN)
    screen = WavesScreen(ctx)
    qtbot.addWidget(screen)
    screen.client_factory = lambda _link: platform.client(page_limit=100, **client)
    screen.date_edit.setDate(QDate(DELIVERY.year, DELIVERY.month, DELIVERY.day))
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves"):
        screen.show()
    return screen


def wait_for_kind(
    qtbot: QtBot, screen: SupervisorScreen, kind: str, action: Callable[[], None]
) -> None:
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == kind, timeout=20000):
        action()


class Ticks:
    """The longest gap between ticks of a 10 ms timer on the main thread."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now


def test_import_from_the_platform_with_progress_while_the_ui_stays_responsive(
    qtbot: QtBot, store: Store, platform: Platform
) -> None:
    screen = open_screen(qtbot, store, platform)
    imported: list[str] = []
    screen.ctx.events.wave_imported.connect(imported.append)
    values: list[tuple[int, int]] = []
    screen.progress.valueChanged.connect(lambda v: values.append((v, screen.progress.maximum())))
    ticks = Ticks()

    wait_for_kind(qtbot, screen, "waves", screen.import_button.click)
    qtbot.waitUntil(lambda: not screen.importing, timeout=30000)
    ticks.timer.stop()

    assert imported == [WAVE]
    assert f"{WAVE}：已导入" in screen.outcome.text()
    [row] = screen.waves.rows
    exported = platform.sim.export_wave(WAVE)
    assert (row.wave_id, row.orders) == (WAVE, len(exported["orders"]))
    # The bar advanced page by page through the orders (3,000 lines, 100 per page).
    orders = len(exported["orders"])
    order_values = [v for v, top in values if top == orders]
    assert len(order_values) >= 5 and order_values == sorted(order_values)
    assert order_values[-1] == orders
    # The main thread kept turning while the import ran on a worker thread. The target is
    # 50 ms (bench/ui_stall.py measures it); a shared CI core needs some slack here.
    assert ticks.longest < 0.25, f"main thread stalled {ticks.longest * 1000:.0f} ms"
    assert not screen.progress.isVisible()


class SlowPlatform:
    """The real client, each page held until the test lets the platform go on."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.first_page = threading.Event()
        self.go_on = threading.Event()

    def waves(self, hub_id: str, delivery_date: Any) -> Any:
        return self.client.waves(hub_id, delivery_date)

    def fetch_wave(self, wave_id: str, progress: Any = None) -> Any:
        def slowly(stage: str, done: int, total: int | None) -> None:
            progress(stage, done, total)
            self.first_page.set()
            self.go_on.wait(10)

        return self.client.fetch_wave(wave_id, slowly)

    def close(self) -> None:
        self.client.close()


def test_cancel_leaves_the_database_unchanged(
    qtbot: QtBot, store: Store, platform: Platform
) -> None:
    screen = open_screen(qtbot, store, platform)
    slow = SlowPlatform(platform.client(page_limit=100))
    screen.client_factory = lambda _link: slow
    screen.import_button.click()
    qtbot.waitUntil(lambda: "正在下载" in screen.stage_label.text(), timeout=10000)
    assert screen.cancel_button.isVisible() and screen.cancel_button.isEnabled()

    screen.cancel_button.click()
    slow.go_on.set()
    qtbot.waitUntil(lambda: not screen.importing, timeout=10000)

    assert "导入已取消，数据库未改动" in screen.message.text()
    assert list_waves(store) == []
    for table in (
        tables.Wave,
        tables.Community,
        tables.Sku,
        tables.Order,
        tables.OrderLine,
        tables.SortTask,
        tables.Crate,
    ):
        assert row_count(store, table) == 0, table.__tablename__
    assert screen.import_button.isEnabled()


def put_some_units(store: Store, platform: Platform) -> tuple[str, str]:
    """Seed one SKU's first target; returns (community_id, sku_id) of the put."""
    station = ScanStation(
        store,
        wave_id=WAVE,
        station_id="ST-01",
        options=StationOptions(allow_sort_before_receiving=True),
    )
    exported = platform.sim.export_wave(WAVE)
    for sku in exported["skus"]:
        if sku["status"] != "active" or sku["weighed"] or not sku["barcodes"]:
            continue
        target = station.scan(sku["barcodes"][0], mode="seed", worker="W01")
        if target.result.value != "put_target":
            continue
        assert target.crate_code is not None and target.community_id is not None
        done = station.scan(target.crate_code, mode="seed", worker="W01")
        assert done.result.value == "put_done"
        return target.community_id, sku["sku_id"]
    raise AssertionError("no SKU to seed")


def test_reimport_shows_the_open_conflicts(qtbot: QtBot, store: Store, platform: Platform) -> None:
    screen = open_screen(qtbot, store, platform)
    screen.import_button.click()
    qtbot.waitUntil(lambda: not screen.importing, timeout=30000)
    community_id, sku_id = put_some_units(store, platform)
    # The platform cancels every order of that community holding the SKU already in its crate.
    for order in platform.sim.export_wave(WAVE)["orders"]:
        mine = order["community_id"] == community_id and order["status"] == "closed"
        if mine and any(line["sku_id"] == sku_id for line in order["lines"]):
            platform.sim.cancel_order(WAVE, order["order_id"])

    wait_for_kind(qtbot, screen, "conflicts", screen.import_button.click)
    qtbot.waitUntil(lambda: not screen.importing and bool(screen.conflicts.rows), timeout=30000)

    assert "已更新" in screen.outcome.text()
    assert {(c.community_id, c.sku_id, c.kind) for c in screen.conflicts.rows} <= {
        (community_id, sku_id, "order_cancelled")
    }
    assert screen.conflicts.text(0, 5) == "订单取消"
    assert screen.conflicts.rows[0].excess_qty > 0
    assert "未处理的导入冲突" in screen.conflicts_title.text()
    [row] = screen.waves.rows
    assert row.open_conflicts == len(screen.conflicts.rows)


def test_import_from_an_excel_file_and_bad_rows_refused(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    from tests.unit.test_order_file import HEADER, ROWS, write_csv, write_xlsx

    screen = WavesScreen(make_ctx(store))
    qtbot.addWidget(screen)
    screen.date_edit.setDate(QDate(2026, 11, 27))
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves"):
        screen.show()
    # No wave yet: the list says so and offers the import.
    assert screen.wave_panel.showing_empty
    assert screen.wave_panel.empty.title.text() == "还没有波次"
    bad = [list(r) for r in ROWS]
    bad[1][11] = "两"  # quantity in words
    screen.import_file(write_csv(tmp_path / "bad.csv", [HEADER, *bad], encoding="gbk"))
    qtbot.waitUntil(lambda: not screen.importing, timeout=20000)
    assert "两" in screen.message.text()
    assert list_waves(store) == []

    imported: list[str] = []
    screen.ctx.events.wave_imported.connect(imported.append)
    screen.import_file(write_xlsx(tmp_path / "orders.xlsx", [HEADER, *ROWS]))
    qtbot.waitUntil(lambda: not screen.importing and bool(screen.waves.rows), timeout=20000)
    assert screen.outcome.text().startswith("F-HZ01-20261127：已导入")
    assert imported == ["F-HZ01-20261127"]
    [row] = screen.waves.rows
    assert (row.source, row.orders, row.lines_to_sort) == ("file", 4, 6)
    assert screen.waves.text(0, 4) == "文件"
    assert not screen.wave_panel.showing_empty
    # States as chips (the code is the cell, the word is the column's), routes as a bar, numbers
    # right-aligned, the list searchable by its ID.
    model = screen.waves
    assert (model.cell(0, 3), model.text(0, 3)) == (row.status, screen.status_name(row.status))
    assert model.data(model.index(0, 3), CHIP_ROLE) == STATUS_CHIPS[row.status]
    assert (model.cell(0, 5), model.text(0, 5)) == ("imported", "已导入")
    assert model.data(model.index(0, 5), CHIP_ROLE) == (Tone.NEUTRAL, "⇩")
    assert model.cell(0, 11) == Progress(row.routes_dispatched, row.routes_total)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.data(model.index(0, 8), Qt.ItemDataRole.TextAlignmentRole) == right
    model.set_filter("nothing-like-it")
    assert model.rows == []
    model.set_filter("20261127")
    assert [r.wave_id for r in model.rows] == ["F-HZ01-20261127"]
