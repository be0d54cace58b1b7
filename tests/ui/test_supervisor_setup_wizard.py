"""First-run set-up: hub, platform (tested against the simulator over HTTP), a scanner test, and
the first supervisor; the token goes to the credential store, never into the settings file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sorter_app.secrets import KEYRING_SERVICE
from sorter_app.services.people.roster import verify_supervisor_pin
from sorter_app.settings import load_settings, settings_path
from sorter_app.store.database import Store
from sorter_app.ui.setup_wizard import SetupWizard, needs_setup
from tests.doubles import MemoryKeyring
from tests.platform_fixtures import TOKEN, running_platform
from tests.ui.supervisor_support import make_ctx, settle


@pytest.fixture
def wizard(qtbot: QtBot, sqlite_url: str) -> Iterator[SetupWizard]:
    store = Store.open(sqlite_url)
    w = SetupWizard(make_ctx(store))
    qtbot.addWidget(w)
    w.show()
    yield w
    settle(qtbot)
    store.close()


def fill(wizard: SetupWizard, *, url: str, pin: str = "2468", again: str | None = None) -> None:
    wizard.hub_page.hub_id.setText("HZ01")  # kept as typed: hub IDs are the platform's opaque IDs
    wizard.hub_page.station_id.setText("st-02")
    wizard.platform_page.url.setText(url)
    wizard.platform_page.token.setText(TOKEN)
    wizard.supervisor_page.code.setText("sup01")
    wizard.supervisor_page.name.setText("张班长")
    wizard.supervisor_page.pin.setText(pin)
    wizard.supervisor_page.pin_again.setText(pin if again is None else again)


def test_first_run_saves_settings_token_and_the_first_supervisor(
    qtbot: QtBot, vault: MemoryKeyring, wizard: SetupWizard
) -> None:
    ctx = wizard.ctx
    assert needs_setup(ctx)
    with running_platform(lines=50) as platform:
        url = platform.url
        fill(wizard, url=url)
        wizard.platform_page.test_connection()
        qtbot.waitUntil(lambda: not wizard.platform_page.testing, timeout=10000)
        assert wizard.platform_page.result.text().startswith("连接成功")

    done: list[object] = []
    wizard.completed.connect(done.append)
    wizard.accept()
    qtbot.waitUntil(lambda: bool(done), timeout=10000)

    path = settings_path(ctx.settings.paths)
    assert TOKEN not in path.read_text(encoding="utf-8")
    saved = load_settings(path, env={})
    assert (saved.hub_id, saved.station_id, saved.api_url) == ("HZ01", "ST-02", url)
    assert vault.passwords == {(KEYRING_SERVICE, "api-token:HZ01"): TOKEN}
    assert verify_supervisor_pin(ctx.store, "SUP01", "2468").name == "张班长"
    assert ctx.settings.hub_id == "HZ01" and ctx.platform_token == TOKEN
    assert not needs_setup(ctx)
    assert not wizard.isVisible()


def test_a_wrong_token_fails_the_connection_test(qtbot: QtBot, wizard: SetupWizard) -> None:
    with running_platform(lines=10) as platform:
        fill(wizard, url=platform.url)
        wizard.platform_page.token.setText("wrong")
        wizard.platform_page.test_connection()
        qtbot.waitUntil(lambda: not wizard.platform_page.testing, timeout=10000)
    assert wizard.platform_page.result.text().startswith("连接失败")
    assert "令牌" in wizard.platform_page.result.text()


def test_bad_input_is_refused_on_its_page(
    qtbot: QtBot, vault: MemoryKeyring, wizard: SetupWizard
) -> None:
    fill(wizard, url="", pin="12")
    wizard.hub_page.hub_id.setText("HZ|01")  # "|" breaks the contract's ID rule
    assert not wizard.hub_page.validatePage()
    assert "仓库编号" in wizard.hub_page.result.text()
    wizard.hub_page.hub_id.setText("HZ01")
    assert wizard.hub_page.validatePage()

    wizard.supervisor_page.pin_again.setText("13")
    assert not wizard.supervisor_page.validatePage()
    assert "不一致" in wizard.supervisor_page.result.text()

    # A PIN too short is refused by the people service; the wizard stays open to fix it.
    wizard.supervisor_page.pin_again.setText("12")
    wizard.accept()
    qtbot.waitUntil(lambda: not wizard.saving, timeout=10000)
    assert "4–12 位数字" in wizard.supervisor_page.result.text()
    assert wizard.isVisible()
    wizard.supervisor_page.pin.setText("1234")
    wizard.supervisor_page.pin_again.setText("1234")
    with qtbot.waitSignal(wizard.completed, timeout=10000):
        wizard.accept()
    assert verify_supervisor_pin(wizard.ctx.store, "SUP01", "1234").code == "SUP01"


def test_the_scanner_page_shows_what_a_scan_means(qtbot: QtBot, wizard: SetupWizard) -> None:
    page = wizard.scanner_page
    page.start_test()
    qtbot.keyClicks(page.scan_field, "6923456789012")  # type: ignore[no-untyped-call]
    qtbot.keyClick(page.scan_field, "\r")  # type: ignore[no-untyped-call]
    assert "商品条码 6923456789012" in page.result.text()
    assert page.result.text().startswith("收到 13 个字符")

    from sorter_app.ui.scanner import ScanRead

    page.take(ScanRead("BADGE-W01", source="wedge", gaps_ms=(8.0, 12.0), terminator="Enter"))
    assert "工牌 W01" in page.result.text() and "12 毫秒" in page.result.text()
    page.take(ScanRead("6923456789013", source="wedge"))
    assert "✗ 条码校验位错误" in page.result.text()


def test_a_printer_is_tested_and_saved_to_the_settings_file(
    qtbot: QtBot, vault: MemoryKeyring, wizard: SetupWizard, tmp_path: Path
) -> None:
    from sorter_app.ui.supervisor.printing_support import printer_profiles

    folder = tmp_path / "printer"
    folder.mkdir()
    page = wizard.printer_page
    page.printer.name.setText("label1")
    page.printer.transport.setCurrentText("folder")
    page.printer.address.setText(folder.as_posix())
    page.printer.label_size.setCurrentText("60x40")
    page.print_test_label()
    qtbot.waitUntil(lambda: not page.testing, timeout=10000)
    assert page.result.text().startswith("测试标签已发送到")
    assert [p.suffix for p in folder.iterdir()] == [".zpl"]

    page.printer.address.setText("")
    assert not page.validatePage()
    assert "address" in page.result.text()
    page.printer.address.setText(folder.as_posix())
    assert page.validatePage()

    fill(wizard, url="")
    with qtbot.waitSignal(wizard.completed, timeout=10000):
        wizard.accept()
    [profile] = printer_profiles(wizard.ctx.settings)
    assert (profile.name, profile.transport, profile.size, profile.address) == (
        "label1",
        "folder",
        "60x40",
        folder.as_posix(),
    )
