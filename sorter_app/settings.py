"""One typed settings object, from a TOML file in the per-user config dir, overridden by env vars.

Secrets never live here: the platform token and database password come from secrets.py.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from printers.profiles import PrinterProfile, parse_profiles, profile_table
from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.ids import id_problem
from sorter_app.domain.receiving_cut import parse_cut_time

APP_NAME = "hub-sorter"
SETTINGS_FILE = "settings.toml"


class SettingsError(UserFacingError):
    code = "bad_settings"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def for_user(cls) -> Paths:
        # SORTER_HOME puts everything under one folder: tests, the demo, a portable install.
        home = os.environ.get("SORTER_HOME")
        if home:
            base = Path(home)
            return cls(base / "config", base / "data", base / "logs")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )


@dataclass(frozen=True)
class Settings:
    hub_id: str = "HZ01"
    station_id: str = "ST-01"
    tz: str = "Asia/Shanghai"
    db_url: str = ""
    api_url: str = ""
    ca_bundle: str = ""
    language: str = "zh_CN"
    # Sorting engine
    shortage_policy: str = "latest_first"
    allow_sort_before_receiving: bool = False
    receiving_cut_time: str = ""  # "HH:MM" in the hub's zone; empty = supervisor closes receiving
    weight_flags: tuple[str, ...] = ()  # empty = any of 20..29
    # File import
    file_units_per_crate: int = 20
    # Customer data (nicknames, pickup codes, leader phones) of older waves is purged.
    retention_days: int = 30
    # --- printers: [printers.NAME] tables, parsed and checked by printers/profiles.py ---
    printers: tuple[PrinterProfile, ...] = ()
    label_printer: str = ""  # the profile crate labels and reprints go to by default
    paths: Paths = field(default_factory=Paths.for_user)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.paths.data_dir / 'hub-sorter.sqlite'}"


_ENV_OVERRIDES = {
    "SORTER_DB_URL": "db_url",
    "SORTER_API_URL": "api_url",
    "SORTER_HUB_ID": "hub_id",
    "SORTER_TZ": "tz",
    "SORTER_STATION_ID": "station_id",
    "SORTER_CA_BUNDLE": "ca_bundle",
}
_FORBIDDEN_KEYS = {"token", "api_token", "password", "db_password"}


def settings_path(paths: Paths) -> Path:
    return Path(os.environ.get("SORTER_CONFIG") or paths.config_dir / SETTINGS_FILE)


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Read the TOML file (if any), apply environment overrides, validate."""
    env = dict(os.environ) if env is None else env
    paths = Paths.for_user()
    path = path or settings_path(paths)
    values: dict[str, Any] = {}
    if path.exists():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(
                f"设置文件 {path} 格式错误：{exc}", f"Settings file {path} is malformed: {exc}"
            ) from exc
    values = _flatten(values)
    secret = _FORBIDDEN_KEYS & values.keys()
    if secret:
        raise SettingsError(
            f"设置文件不能包含密钥（{', '.join(sorted(secret))}），请改用系统凭据库或环境变量",
            f"The settings file must not hold secrets ({', '.join(sorted(secret))}); "
            "use the OS credential store or environment variables",
        )
    for var, name in _ENV_OVERRIDES.items():
        if env.get(var):
            values[name] = env[var]
    return _validated(replace(Settings(paths=paths), **_known(values, path)))


def _flatten(values: dict[str, Any]) -> dict[str, Any]:
    """Accept [hub], [sorting] ... tables as well as flat keys."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict) and key not in ("printers", "scanners"):
            flat.update(value)
        else:
            flat[key] = value
    return flat


def _known(values: dict[str, Any], path: Path) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings) if f.name != "paths"}
    result: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            continue  # unknown keys belong to later versions or other sections
        if key == "weight_flags":
            value = tuple(str(v) for v in value)
        if key == "printers":
            result[key] = parse_profiles(value, str(path))
            continue
        expected = type(getattr(Settings(), key))
        if not isinstance(value, expected):
            raise SettingsError(
                f"设置 {key} 的值类型不对（{path}）：应为 {expected.__name__}",
                f"Setting {key} has the wrong type in {path}: expected {expected.__name__}",
            )
        result[key] = value
    return result


def _validated(settings: Settings) -> Settings:
    # The hub ID is the platform's (an opaque ID like any other): only the contract's rule holds.
    problem = id_problem(settings.hub_id)
    if problem is not None:
        raise SettingsError(
            f"仓库编号 {settings.hub_id!r} 无效：{problem[0]}",
            f"The hub ID {settings.hub_id!r} is not valid: it {problem[1]}",
        )
    try:
        ZoneInfo(settings.tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(
            f"未知时区：{settings.tz}", f"Unknown time zone: {settings.tz}"
        ) from exc
    if settings.shortage_policy not in ("latest_first", "spread", "fewest_communities"):
        raise SettingsError(
            f"未知缺货分配策略：{settings.shortage_policy}",
            f"Unknown shortage policy: {settings.shortage_policy}",
        )
    try:
        parse_cut_time(settings.receiving_cut_time)
    except ValueError as exc:
        raise SettingsError(
            f"收货截止时间应为 HH:MM：{settings.receiving_cut_time!r}",
            f"The receiving cut time must be HH:MM: {settings.receiving_cut_time!r}",
        ) from exc
    if settings.retention_days < 1:
        raise SettingsError("客户数据保留天数必须大于 0", "retention_days must be at least 1")
    if settings.file_units_per_crate < 1:
        raise SettingsError("每筐数量必须大于 0", "Units per crate must be greater than 0")
    if settings.label_printer and settings.label_printer not in {p.name for p in settings.printers}:
        raise SettingsError(
            f"默认标签打印机 {settings.label_printer} 没有对应的 [printers.{settings.label_printer}] 设置",
            f"label_printer {settings.label_printer} has no [printers.{settings.label_printer}] table",
        )
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the non-secret settings as TOML (used by first-run set-up and the settings page).

    Tables this object does not own (a station's `[scanners]`, `[station_ui]` ...) are kept as
    they were in the file."""
    _validated(settings)
    if settings.api_url:
        # Refused where it is typed, not hours later when the first report cannot go out.
        from sorter_app.platform.http import check_base_url

        check_base_url(settings.api_url)
    path = path or settings_path(settings.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = _foreign_tables(path)
    lines = []
    for f in fields(Settings):
        if f.name in ("paths", "printers"):
            continue
        value = getattr(settings, f.name)
        lines.append(f"{f.name} = {_toml_value(value)}")
    for profile in settings.printers:  # tables come after every top-level key
        lines.append(f"\n[printers.{profile.name}]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in profile_table(profile).items()]
    for name, table in kept.items():
        lines += _toml_table(name, table)
    temp = path.with_suffix(".tmp")
    temp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(temp, path)  # never a half-written settings file
    return path


def _foreign_tables(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    try:
        existing = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    known = {f.name for f in fields(Settings)}
    return {
        name: table
        for name, table in existing.items()
        if isinstance(table, dict) and name != "printers" and not set(table) <= known
    }


def _toml_table(name: str, table: dict[str, Any]) -> list[str]:
    lines = [f"\n[{name}]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in table.items() if not isinstance(v, dict)]
    for k, v in table.items():
        if isinstance(v, dict):
            lines += _toml_table(f"{name}.{k}", v)
    return lines


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):  # floats: printer offsets and speeds
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
