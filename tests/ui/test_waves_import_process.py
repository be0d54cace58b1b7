"""The Waves screen imports in a child process (services/waves/import_process.py): the wave is
stored by the child and the screen shows it; the platform's errors reach the screen as the same
Chinese messages the in-process import gives; a killed child gives a message, not a hang."""

from __future__ import annotations

import functools
import multiprocessing
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

import sorter_app.services.waves.import_process as import_process
import sorter_app.services.waves.platform_link as platform_link
import sorter_app.services.waves.wave_import as wave_import
import sorter_app.ui.supervisor.waves as waves_module
from sorter_app.domain.errors import UserFacingError
from sorter_app.platform.errors import PlatformAuthError, PlatformUnavailable
from sorter_app.secrets import store_token
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.services.waves.platform_link import PlatformLink, import_waves, open_client
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.waves import WavesScreen
from tests.import_process_support import SlowPages
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, Platform, running_platform
from tests.store_reads import row_count
from tests.ui.supervisor_support import make_ctx, screen_store

# A client that gives up after two attempts: the errors below come back in about a second.
TWO_ATTEMPTS = functools.partial(open_client, max_attempts=2)


@pytest.fixture
def platform() -> Iterator[Platform]:
    with running_platform(communities=12, skus=20, lines=400) as p:
        yield p


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        yield s


def forbid_import_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """The importer of this process fails: only an import in a child process can succeed (or
    fail with the platform's own message)."""

    def boom(*_a: Any, **_kw: Any) -> Any:
        raise AssertionError("the import ran in the UI's process")

    monkeypatch.setattr(platform_link, "import_date", boom)
    monkeypatch.setattr(import_process, "import_order_file", boom)
    monkeypatch.setattr(waves_module, "import_order_file", boom)


@pytest.fixture
def no_import_here(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_import_here(monkeypatch)


def open_screen(
    qtbot: QtBot, store: Store, url: str, *, token: str = TOKEN, factory: Any = open_client
) -> WavesScreen:
    screen = WavesScreen(make_ctx(store, platform_url=url, platform_token=token))
    qtbot.addWidget(screen)
    screen.client_factory = factory
    screen.date_edit.setDate(QDate(DELIVERY.year, DELIVERY.month, DELIVERY.day))
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves"):
        screen.show()
    return screen


def import_and_wait(qtbot: QtBot, screen: WavesScreen) -> None:
    screen.import_button.click()
    assert screen.importing
    qtbot.waitUntil(lambda: not screen.importing, timeout=60_000)
    assert screen.import_button.isEnabled()


def test_the_child_stores_the_wave_and_the_screen_shows_it(
    qtbot: QtBot, store: Store, platform: Platform, no_import_here: None
) -> None:
    screen = open_screen(qtbot, store, platform.url)
    imported: list[str] = []
    screen.ctx.events.wave_imported.connect(imported.append)
    values: list[tuple[int, int]] = []
    screen.progress.valueChanged.connect(lambda v: values.append((v, screen.progress.maximum())))

    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves", timeout=60_000):
        import_and_wait(qtbot, screen)

    exported = platform.sim.export_wave(WAVE)
    assert screen.outcome.text() == (
        f"{WAVE}：已导入，12 个社区，20 个商品，{len(exported['orders'])} 个订单，400 行"
    )
    assert imported == [WAVE]  # fired in this process, after the child's success
    [row] = screen.waves.rows
    assert (row.wave_id, row.orders) == (WAVE, len(exported["orders"]))
    assert screen.wave_view.currentIndex().row() == 0  # the new wave is selected
    assert row_count(store, tables.Crate) > 0  # the child planned the crates too
    # The child's progress reached the bar: the orders' page count at the end.
    assert (len(exported["orders"]), len(exported["orders"])) in values


def test_the_token_from_the_credential_store_reaches_the_child(
    qtbot: QtBot,
    store: Store,
    platform: Platform,
    vault: Any,
    monkeypatch: pytest.MonkeyPatch,
    no_import_here: None,
) -> None:
    # Only this process has the token (an in-memory keyring): the child must be handed it.
    monkeypatch.delenv("SORTER_API_TOKEN", raising=False)
    store_token("HZ01", TOKEN)
    screen = WavesScreen(make_ctx(store, platform_url=platform.url))
    qtbot.addWidget(screen)
    screen.date_edit.setDate(QDate(DELIVERY.year, DELIVERY.month, DELIVERY.day))
    screen.show()

    import_and_wait(qtbot, screen)

    assert screen.outcome.text().startswith(f"{WAVE}：已导入"), screen.message.text()


def test_a_refused_token_in_the_child_shows_the_same_chinese_message(
    qtbot: QtBot, store: Store, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = PlatformLink(platform.url, "HZ01", "wrong-token")
    with pytest.raises(PlatformAuthError) as in_process:
        import_waves(store, link, DELIVERY)
    forbid_import_here(monkeypatch)
    screen = open_screen(qtbot, store, platform.url, token="wrong-token")

    import_and_wait(qtbot, screen)

    assert screen.message.text() == in_process.value.message_zh
    assert "平台拒绝了访问令牌（401" in screen.message.text()
    assert list_waves(store) == []


def test_a_platform_down_shows_the_same_chinese_message(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(PlatformUnavailable) as in_process:
        import_waves(store, PlatformLink(url, "HZ01", TOKEN), DELIVERY, open_source=TWO_ATTEMPTS)
    forbid_import_here(monkeypatch)
    screen = open_screen(qtbot, store, url, factory=TWO_ATTEMPTS)

    import_and_wait(qtbot, screen)

    assert screen.message.text() == in_process.value.message_zh
    assert screen.message.text().startswith("暂时连不上平台")


def test_a_truncated_page_fails_the_wave_with_the_same_chinese_message(
    qtbot: QtBot, store: Store, platform: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    faults = platform.server.faults
    faults.queue("truncate", path="/orders", count=2)
    other = Store.open(f"sqlite:///{tmp_path / 'in_process.sqlite'}")
    try:
        link = PlatformLink(platform.url, "HZ01", TOKEN)
        [expected] = import_waves(other, link, DELIVERY, open_source=TWO_ATTEMPTS).results
    finally:
        other.close()
    assert expected.outcome == "failed" and isinstance(expected.error, PlatformUnavailable)
    faults.queue("truncate", path="/orders", count=2)
    forbid_import_here(monkeypatch)
    screen = open_screen(qtbot, store, platform.url, factory=TWO_ATTEMPTS)

    import_and_wait(qtbot, screen)

    [result] = screen.results
    assert isinstance(result.error, PlatformUnavailable)  # the class, not just its words
    assert screen.outcome.text() == f"{WAVE}：导入失败：{expected.error.message_zh}"
    assert list_waves(store) == []


def test_cancel_reaches_the_child(
    qtbot: QtBot, store: Store, platform: Platform, no_import_here: None
) -> None:
    screen = open_screen(qtbot, store, platform.url, factory=SlowPages(1.0))
    screen.import_button.click()
    qtbot.waitUntil(lambda: "正在下载" in screen.stage_label.text(), timeout=30_000)

    screen.cancel_button.click()
    qtbot.waitUntil(lambda: not screen.importing, timeout=30_000)

    assert "导入已取消，数据库未改动" in screen.message.text()
    assert list_waves(store) == [] and row_count(store, tables.Order) == 0


def test_a_killed_child_gives_a_message(
    qtbot: QtBot, store: Store, platform: Platform, no_import_here: None
) -> None:
    screen = open_screen(qtbot, store, platform.url, factory=SlowPages(1.0))
    screen.import_button.click()
    qtbot.waitUntil(lambda: "正在下载" in screen.stage_label.text(), timeout=30_000)
    [child] = [p for p in multiprocessing.active_children() if p.name == "sorter-import"]

    child.kill()
    qtbot.waitUntil(lambda: not screen.importing, timeout=30_000)

    assert screen.message.text().startswith("导入进程意外退出（退出码 ")
    assert list_waves(store) == []
    # The screen is usable again: the next import works.
    screen.client_factory = open_client
    import_and_wait(qtbot, screen)
    assert screen.outcome.text().startswith(f"{WAVE}：已导入")


def test_a_file_import_runs_in_the_child(
    qtbot: QtBot, store: Store, tmp_path: Path, no_import_here: None
) -> None:
    from tests.unit.test_order_file import HEADER, ROWS, write_csv

    screen = WavesScreen(make_ctx(store))
    qtbot.addWidget(screen)
    screen.date_edit.setDate(QDate(2026, 11, 27))
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves"):
        screen.show()
    bad = [list(r) for r in ROWS]
    bad[1][11] = "两"  # quantity in words: refused, in the child
    bad_file = write_csv(tmp_path / "bad.csv", [HEADER, *bad], encoding="gbk")
    with pytest.raises(UserFacingError) as in_process:
        wave_import.import_order_file(
            store, bad_file, hub_id="HZ01", delivery_date=date(2026, 11, 27)
        )
    screen.import_file(bad_file)
    qtbot.waitUntil(lambda: not screen.importing, timeout=30_000)
    assert screen.message.text() == in_process.value.message_zh
    assert "「两」不是正整数" in screen.message.text()

    imported: list[str] = []
    screen.ctx.events.wave_imported.connect(imported.append)
    screen.import_file(write_csv(tmp_path / "orders.csv", [HEADER, *ROWS]))
    qtbot.waitUntil(lambda: not screen.importing and bool(screen.waves.rows), timeout=30_000)
    assert screen.outcome.text().startswith("F-HZ01-20261127：已导入")
    assert imported == ["F-HZ01-20261127"]
