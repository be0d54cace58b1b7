"""Where a station keeps things: the database and logs per machine on Windows (every login shares
one database), in the XDG data dir on Linux, settings per user, never the install folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from sorter_app.settings import Paths, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_linux_keeps_data_and_logs_in_the_xdg_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SORTER_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    paths = Paths.for_user("linux")
    assert paths.data_dir == tmp_path / "share" / "hub-sorter"
    assert paths.log_dir == paths.data_dir / "logs"
    assert paths.config_dir == tmp_path / "config" / "hub-sorter"
    database = Settings(paths=paths).database_url
    assert database == f"sqlite:///{tmp_path / 'share' / 'hub-sorter' / 'hub-sorter.sqlite'}"
    for folder in (paths.data_dir, paths.log_dir, paths.config_dir):
        assert not folder.is_relative_to(ROOT)  # not beside the program


def test_windows_keeps_data_and_logs_per_machine_and_settings_per_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SORTER_HOME")
    asked: list[str] = []

    def site_data_dir(name: str, appauthor: object = None) -> str:
        asked.append(name)
        return f"/ProgramData/{name}"  # what platformdirs answers on Windows, spelt for Linux

    monkeypatch.setattr(platformdirs, "site_data_dir", site_data_dir)
    paths = Paths.for_user("win32")
    assert asked == ["HubSorter"]
    assert paths.data_dir == Path("/ProgramData/HubSorter")
    assert paths.log_dir == Path("/ProgramData/HubSorter/logs")
    assert paths.config_dir == Path(platformdirs.user_config_dir("hub-sorter", appauthor=False))
