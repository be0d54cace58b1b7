"""The settings page: a supervisor saves the form; the token goes to the credential store and
never into the TOML file; invalid values are refused and leave the file as it was."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sorter_app.secrets import KEYRING_SERVICE
from sorter_app.settings import load_settings, settings_path
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.settings_page import SettingsScreen
from tests.doubles import MemoryKeyring
from tests.ui.supervisor_support import SUPERVISOR, make_ctx, settle


@pytest.fixture
def screen(qtbot: QtBot, sqlite_url: str) -> Iterator[SettingsScreen]:
    store = Store.open(sqlite_url)
    page = SettingsScreen(make_ctx(store))
    qtbot.addWidget(page)
    page.show()
    yield page
    settle(qtbot)
    store.close()


def test_a_supervisor_saves_settings_and_the_token_goes_to_the_credential_store(
    qtbot: QtBot, vault: MemoryKeyring, screen: SettingsScreen
) -> None:
    path = settings_path(screen.ctx.settings.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('hub_id = "HZ01"\n\n[scanners]\nmax_gap_ms = 40\n', encoding="utf-8")
    screen.ctx.supervisor = SUPERVISOR
    screen.hub_id.setText("NJ02")  # kept as typed: hub IDs are the platform's opaque IDs
    screen.time_zone.setCurrentText("Asia/Urumqi")
    screen.api_url.setText("https://platform.example/api/v1")
    screen.token.setText("s3cret-token")
    screen.policy.setCurrentIndex(screen.policy.findData("spread"))
    screen.sort_before_receiving.setChecked(True)
    screen.language.setCurrentIndex(screen.language.findData("en"))
    languages: list[str] = []
    screen.ctx.events.language_changed.connect(languages.append)

    screen.save_button.click()
    qtbot.waitUntil(lambda: screen.message.text().startswith("设置已保存"), timeout=5000)

    text = path.read_text(encoding="utf-8")
    assert "s3cret-token" not in text
    saved = load_settings(path, env={})
    assert (saved.hub_id, saved.tz, saved.api_url, saved.shortage_policy) == (
        "NJ02",
        "Asia/Urumqi",
        "https://platform.example/api/v1",
        "spread",
    )
    assert saved.allow_sort_before_receiving and saved.language == "en"
    assert tomllib.loads(text)["scanners"] == {"max_gap_ms": 40}  # kept, not dropped
    assert vault.passwords == {(KEYRING_SERVICE, "api-token:NJ02"): "s3cret-token"}
    assert screen.ctx.settings.hub_id == "NJ02" and screen.ctx.platform_token == "s3cret-token"
    assert languages == ["en"]
    assert screen.token.text() == ""


def test_saving_needs_a_supervisor_and_valid_values(qtbot: QtBot, screen: SettingsScreen) -> None:
    path = settings_path(screen.ctx.settings.paths)
    screen.time_zone.setCurrentText("Mars/Olympus")
    screen.save_button.click()
    assert "班组长" in screen.message.text()
    assert not path.exists()

    screen.ctx.supervisor = SUPERVISOR
    screen.save_button.click()
    qtbot.waitUntil(lambda: "未知时区" in screen.message.text(), timeout=5000)
    assert not path.exists() and not path.with_name(path.name + ".new").exists()
    assert screen.ctx.settings.tz == "Asia/Shanghai"


def test_saving_from_the_settings_screen_keeps_printers_scanners_and_other_tables(
    qtbot: QtBot, screen: SettingsScreen
) -> None:
    path = settings_path(screen.ctx.settings.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        'hub_id = "X"\nlabel_printer = "zebra1"\n'
        '[scanners]\nwedge_max_gap_ms = 35\nserial_vid = "0C2E"\ngap_ms = 35\n[hub]\ntz = "UTC"\n'
        '[printers.zebra1]\nlanguage = "zpl"\naddress = "10.0.0.5"\n\n'
        "[station_ui]\nvolume = 0.5\n\n[reports]\nfolder = 'D:/reports'\n",
        encoding="utf-8",
    )
    before = load_settings(path, env={})
    screen.ctx.settings = before  # as the app runs: the printers are in the running settings too
    screen.show_settings()
    screen.ctx.supervisor = SUPERVISOR
    screen.hub_id.setText("NJ02")

    screen.save_button.click()
    qtbot.waitUntil(lambda: screen.message.text().startswith("设置已保存"), timeout=5000)

    saved = load_settings(path, env={})
    assert (saved.hub_id, saved.tz) == ("NJ02", "UTC")
    assert (saved.printers, saved.label_printer) == (before.printers, "zebra1")
    assert saved.scanners == before.scanners and saved.scanners.serial_vid == 0x0C2E
    assert saved.station_ui == before.station_ui and saved.station_ui.volume == 0.5
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["scanners"]["gap_ms"] == 35  # a key of a later version stays
    assert data["reports"] == {"folder": "D:/reports"}
    assert data["printers"] == {"zebra1": {"language": "zpl", "address": "10.0.0.5"}}
    assert screen.ctx.settings.printers == before.printers
