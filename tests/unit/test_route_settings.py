"""`[routes]` (departures per route, the loading buffer) and `[dashboard]` (tile thresholds) in
the settings file: read, validated with a zh/en SettingsError, and saved by the one save with
route IDs of any characters as quoted keys."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sorter_app.settings import (
    DashboardSettings,
    RouteSettings,
    SettingsError,
    change_settings,
    load_settings,
)

ODD_IDS = ("R03", "线路一", "R.3 north", 'say "hi"', "back\\slash", "=[]#")


def test_departures_of_any_route_id_survive_a_save_and_a_load(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('hub_id = "HZ01"\n[routes]\nlater_key = "kept"\n', encoding="utf-8")
    departures = tuple((route, f"0{i}:1{i}") for i, route in enumerate(ODD_IDS))
    saved = change_settings(
        path,
        lambda s: replace(s, routes=RouteSettings(loading_buffer_min=35, departures=departures)),
    )
    assert saved.routes == RouteSettings(35, departures)
    assert load_settings(path, env={}).routes.departure("线路一") == "01:11"
    assert 'later_key = "kept"' in path.read_text(encoding="utf-8")  # a later version's key


def test_defaults_without_a_routes_table(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml", env={})
    assert settings.routes == RouteSettings(20, ())
    assert settings.routes.departure("R03") is None
    assert settings.dashboard == DashboardSettings()


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ('[routes.departures]\n"R03" = "5:10"\n', "R03 的发车时间", "must be HH:MM"),
        ('[routes.departures]\n"R03" = "24:00"\n', "R03 的发车时间", "must be HH:MM"),
        ('[routes.departures]\n"R03" = 510\n', "R03 的发车时间", '"HH:MM"'),
        ('[routes.departures]\n"R|3" = "05:10"\n', "线路编号", "route ID"),
        ("[routes]\nloading_buffer_min = -5\n", "装车预留时间", "loading buffer"),
        ('[routes]\nloading_buffer_min = "20"\n', "loading_buffer_min", "expected int"),
        ("[dashboard]\nundelivered_warn = 30\nundelivered_bad = 10\n", "看板阈值", "warn"),
    ],
)
def test_bad_values_are_refused_in_both_languages(
    tmp_path: Path, text: str, zh: str, en: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(path, env={})
    assert zh in caught.value.message("zh_CN")
    assert en in caught.value.message("en")


def test_a_refused_save_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    change_settings(path, lambda s: replace(s, routes=RouteSettings(20, (("R1", "05:00"),))))
    before = path.read_text(encoding="utf-8")
    with pytest.raises(SettingsError):
        change_settings(path, lambda s: replace(s, routes=RouteSettings(20, (("R1", "5"),))))
    assert path.read_text(encoding="utf-8") == before
