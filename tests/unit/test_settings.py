"""Settings: TOML file, environment overrides, and no secrets in the file."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from sorter_app.secrets import SecretMissing, resolve_token
from sorter_app.settings import Settings, SettingsError, load_settings, save_settings


def test_defaults_put_the_database_in_the_per_user_data_dir(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.toml", env={})
    assert settings.tz == "Asia/Shanghai"
    assert settings.database_url.startswith("sqlite:///")
    assert str(settings.paths.data_dir) in settings.database_url


def test_file_values_and_env_overrides(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        '[hub]\nhub_id = "HZ09"\ntz = "Asia/Urumqi"\n[sorting]\nshortage_policy = "spread"\n',
        encoding="utf-8",
    )
    settings = load_settings(
        path, env={"SORTER_HUB_ID": "SH02", "SORTER_DB_URL": "sqlite:///x.sqlite"}
    )
    assert (settings.hub_id, settings.tz, settings.shortage_policy) == (
        "SH02",
        "Asia/Urumqi",
        "spread",
    )
    assert settings.database_url == "sqlite:///x.sqlite"


def test_secrets_in_the_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('api_token = "abc"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path, env={})
    assert "密钥" in caught.value.message_zh and "secret" in caught.value.message_en


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ('tz = "Mars/Olympus"', "Mars/Olympus"),
        ("shortage_policy = 3", "shortage_policy"),
        ('shortage_policy = "random"', "random"),
        ("hub_id = [", "malformed"),
        ('hub_id = "HZ|01"', "'|'"),
        ('hub_id = "HZ\\u000101"', "control character"),
        ('hub_id = ""', "empty"),
    ],
)
def test_bad_settings_say_what_is_wrong(tmp_path: Path, text: str, word: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path, env={})
    assert word in caught.value.message_en


def test_saved_settings_load_back_without_secrets(tmp_path: Path) -> None:
    path = save_settings(Settings(hub_id="HZ07", weight_flags=("28",)), tmp_path / "s.toml")
    assert "token" not in path.read_text(encoding="utf-8")
    loaded = load_settings(path, env={})
    assert (loaded.hub_id, loaded.weight_flags) == ("HZ07", ("28",))


def test_token_comes_from_flag_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SORTER_API_TOKEN", "from-env")
    assert resolve_token("HZ01", "from-flag") == "from-flag"
    assert resolve_token("HZ01") == "from-env"
    monkeypatch.delenv("SORTER_API_TOKEN")
    with pytest.raises(SecretMissing) as caught:
        resolve_token("HZ01")
    assert "SORTER_API_TOKEN" in caught.value.message_en


def test_saving_keeps_a_stations_own_tables(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'hub_id = "HZ01"\n\n[scanners]\ngap_ms = 35\nports = ["COM3", "COM4"]\n'
        "\n[station_ui]\nfull_screen = true\n",
        encoding="utf-8",
    )
    save_settings(replace(load_settings(path, env={}), hub_id="HZ02"), path)
    text = path.read_text(encoding="utf-8")
    assert 'hub_id = "HZ02"' in text
    import tomllib

    data = tomllib.loads(text)
    assert data["scanners"] == {"gap_ms": 35, "ports": ["COM3", "COM4"]}
    assert data["station_ui"] == {"full_screen": True}


@pytest.mark.parametrize(
    "hub", ["hz-01", "d13c513a-42f8-4da1-97b1-165f0971b7c4", "杭州一仓", "H" * 64]
)
def test_any_platform_hub_id_is_accepted_as_it_is(tmp_path: Path, hub: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f'hub_id = "{hub}"\n', encoding="utf-8")
    assert load_settings(path, env={}).hub_id == hub


@pytest.mark.parametrize("url", ["127.0.0.1:8765", "platform.example/api/v1"])
def test_saving_a_platform_url_without_a_scheme_is_refused(tmp_path: Path, url: str) -> None:
    from sorter_app.platform.errors import UrlWithoutScheme

    with pytest.raises(UrlWithoutScheme) as caught:
        save_settings(Settings(api_url=url), tmp_path / "s.toml")
    assert "http" in caught.value.message_en
    assert not (tmp_path / "s.toml").exists()


def test_every_section_round_trips_through_the_one_save(tmp_path: Path) -> None:
    from printers.profiles import PrinterProfile
    from sorter_app.settings import ScannerSettings, StationUiSettings

    settings = Settings(
        hub_id="HZ07",
        station_id="ST-09",
        tz="Asia/Urumqi",
        api_url="https://platform.example/api/v1",
        shortage_policy="spread",
        allow_sort_before_receiving=True,
        receiving_cut_time="21:30",
        weight_flags=("28", "29"),
        printers=(
            PrinterProfile(name="label1", language="tspl", transport="folder", address="/tmp/x"),
            PrinterProfile(name="sheets", language="pdf", transport="folder", address="/tmp/y"),
        ),
        label_printer="label1",
        scanners=ScannerSettings(
            wedge_max_gap_ms=55.0,
            wedge_min_length=6,
            wedge_enabled=False,
            serial_port="COM3",
            serial_vid=0x0C2E,
            serial_pid=0x0B61,
            serial_number="A1",
            serial_baudrate=115200,
        ),
        station_ui=StationUiSettings(volume=0.5, speech=False, fullscreen=False),
    )
    loaded = load_settings(save_settings(settings, tmp_path / "s.toml"), env={})
    assert replace(loaded, paths=settings.paths) == settings


def test_a_file_of_the_previous_version_loads_its_scanner_and_station_tables(
    tmp_path: Path,
) -> None:
    from sorter_app.settings import ScannerSettings, StationUiSettings

    path = tmp_path / "settings.toml"
    path.write_text(
        'hub_id = "HZ01"\nlanguage = "en"\n\n'
        "[scanners]\nwedge_max_gap_ms = 35\nwedge_min_length = 4\n"
        'serial_port = "COM3"\nserial_vid = "0C2E"\nserial_pid = "0b61"\nserial_baudrate = 9600\n\n'
        "[station_ui]\nvolume = 1\nspeech = false\nfullscreen = true\n\n"
        '[printers.label1]\nlanguage = "zpl"\ntransport = "folder"\naddress = "/tmp/labels"\n',
        encoding="utf-8",
    )
    loaded = load_settings(path, env={})
    assert loaded.language == "en"
    assert loaded.scanners == ScannerSettings(
        wedge_max_gap_ms=35.0, serial_port="COM3", serial_vid=0x0C2E, serial_pid=0x0B61
    )
    assert loaded.station_ui == StationUiSettings(volume=1.0, speech=False, fullscreen=True)
    assert [p.name for p in loaded.printers] == ["label1"]

    save_settings(loaded, path)  # written back under the same keys
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["scanners"] == {
        "wedge_max_gap_ms": 35.0,
        "serial_port": "COM3",
        "serial_vid": "0C2E",
        "serial_pid": "0B61",
    }
    assert data["station_ui"] == {"volume": 1.0, "speech": False}
    assert data["printers"]["label1"]["address"] == "/tmp/labels"
    assert load_settings(path, env={}) == loaded


@pytest.mark.parametrize(
    ("table", "word"),
    [
        ('[scanners]\nwedge_max_gap_ms = "fast"', "scanners.wedge_max_gap_ms"),
        ('[scanners]\nserial_vid = "ZZ"', "scanners.serial_vid"),
        ("[scanners]\nwedge_min_length = true", "scanners.wedge_min_length"),
        ('[station_ui]\nspeech = "yes"', "station_ui.speech"),
        ('station_ui = "loud"', "[station_ui]"),
    ],
)
def test_a_wrong_value_in_a_station_table_names_its_key(
    tmp_path: Path, table: str, word: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(table + "\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path, env={})
    assert word in caught.value.message_en


def test_a_refused_save_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = save_settings(Settings(hub_id="HZ01"), tmp_path / "settings.toml")
    before = path.read_text(encoding="utf-8")
    with pytest.raises(SettingsError):
        save_settings(Settings(hub_id="HZ01", label_printer="nowhere"), path)
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_changing_the_file_keeps_environment_overrides_out_of_it(tmp_path: Path) -> None:
    from printers.profiles import PrinterProfile
    from sorter_app.settings import change_settings

    path = tmp_path / "settings.toml"
    path.write_text('hub_id = "HZ01"\n\n[station_ui]\nvolume = 0.5\n', encoding="utf-8")
    printer = PrinterProfile(name="label1", transport="folder", address="/tmp/x")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SORTER_DB_URL", "sqlite:///elsewhere.sqlite")
        running = change_settings(path, lambda s: replace(s, tz="UTC").with_printer(printer))
    assert running.db_url == "sqlite:///elsewhere.sqlite"  # as the app now runs
    on_file = load_settings(path, env={})
    assert (on_file.db_url, on_file.tz, on_file.station_ui.volume) == ("", "UTC", 0.5)
    assert on_file.printers == (printer,)
    moved = replace(printer, address="/tmp/z")
    assert on_file.with_printer(moved).printers == (moved,)


def test_the_undo_grace_time_at_receiving_is_a_setting(tmp_path: Path) -> None:
    from sorter_app.services.sorting.station_options import station_options

    assert load_settings(tmp_path / "missing.toml", env={}).undo_grace_s == 10
    path = tmp_path / "settings.toml"
    path.write_text("[sorting]\nundo_grace_s = 30\n", encoding="utf-8")
    settings = load_settings(path, env={})
    assert station_options(settings).undo_grace_s == 30.0
    save_settings(replace(settings, undo_grace_s=0), path)
    assert load_settings(path, env={}).undo_grace_s == 0
    path.write_text("undo_grace_s = -1\n", encoding="utf-8")
    with pytest.raises(SettingsError):
        load_settings(path, env={})


def test_the_document_printer_is_a_documents_table_naming_a_printer(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        '[documents]\nprinter = "a4"\n\n[printers.a4]\nlanguage = "pdf"\n'
        'transport = "folder"\naddress = "out"\n',
        encoding="utf-8",
    )
    settings = load_settings(path, env={})
    assert settings.documents.printer == "a4"
    save_settings(settings, path)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["documents"] == {"printer": "a4"}
    assert load_settings(path, env={}).documents.printer == "a4"
    path.write_text('[documents]\nprinter = "nowhere"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="nowhere"):
        load_settings(path, env={})
