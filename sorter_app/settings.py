"""One typed settings object, from a TOML file in the per-user config dir, overridden by env vars.

The file has top-level keys (or the same keys grouped in tables such as `[hub]`, `[sorting]`),
and five kinds of section, each a typed part of `Settings`:

    [scanners]                 # ScannerSettings: this station's scanners
    wedge_max_gap_ms = 40      # keys closer than this may be a scanner
    serial_vid = "0C2E"        # a serial scanner by its USB IDs (or serial_port = "COM3")

    [station_ui]               # StationUiSettings: sound, speech, full screen
    volume = 0.8

    [documents]                # DocumentSettings: where the print centre prints documents
    printer = "a4"             # a [printers.NAME] profile with language = "pdf"

    [dashboard]                # DashboardSettings: when the dashboard's tiles turn amber or red
    wrong_crate_bad_per_10k = 20.0

    [routes]                   # RouteSettings: the route board's departures and loading time
    loading_buffer_min = 20
    [routes.departures]        # route ID (quoted: IDs are opaque) = "HH:MM" on the delivery date
    "R03" = "05:10"

    [forecast]                 # ForecastSettings: when tonight's volume is forecast
    forecast_at = "15:00"

    [printers.label1]          # printers.profiles.PrinterProfile, one table per printer
    language = "zpl"
    address = "192.168.1.50:9100"

`load_settings` is the one reader and `save_settings` the one writer (every section);
`change_settings` is how the app changes part of the file. Secrets never live here: the platform
token and database password come from secrets.py.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from printers.profiles import PrinterProfile, parse_profiles, profile_table
from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.ids import id_problem
from sorter_app.domain.receiving_cut import parse_cut_time
from sorter_app.domain.route_risk import parse_departure

APP_NAME = "hub-sorter"
MACHINE_DIR_NAME = "HubSorter"  # %PROGRAMDATA%\HubSorter, which installer/hub-sorter.iss makes
SETTINGS_FILE = "settings.toml"


class SettingsError(UserFacingError):
    code = "bad_settings"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def for_user(cls, platform: str | None = None) -> Paths:
        """Settings per user; the database, exports and logs per machine on Windows
        (%PROGRAMDATA%\\HubSorter: every login at a station shares one database, and the
        installer makes it writable for all users), in the XDG data dir on Linux. Never the
        install folder (Program Files is read-only, and an upgrade replaces it)."""
        # SORTER_HOME puts everything under one folder: tests, the demo, a portable install.
        home = os.environ.get("SORTER_HOME")
        if home:
            base = Path(home)
            return cls(base / "config", base / "data", base / "logs")
        config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        if (platform or sys.platform) == "win32":
            data = Path(platformdirs.site_data_dir(MACHINE_DIR_NAME, appauthor=False))
        else:
            data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return cls(config, data, data / "logs")


# A USB vendor or product ID is written as the OS device manager shows it: "0C2E".
_USB_ID = {"usb_id": True}


@dataclass(frozen=True)
class ScannerSettings:
    """`[scanners]`: how keys from a keyboard-wedge scanner are told from typing, and where a
    serial scanner is (a port name or URL, or its USB IDs when the port name changes)."""

    wedge_max_gap_ms: float = 40.0  # keys closer than this may be a scanner
    wedge_min_length: int = 4  # shorter bursts are typing (a quick "ok" + Enter)
    wedge_enabled: bool = True
    serial_port: str = ""  # "COM3", "/dev/ttyACM0", or a pyserial URL such as "loop://"
    serial_vid: int | None = field(default=None, metadata=_USB_ID)
    serial_pid: int | None = field(default=None, metadata=_USB_ID)
    serial_number: str = ""
    serial_baudrate: int = 9600


@dataclass(frozen=True)
class StationUiSettings:
    """`[station_ui]`: what the station PC sounds and looks like."""

    volume: float = 0.8  # 0..1; the intercept alarm never plays below 0.8
    speech: bool = True  # spoken prompts where the OS has a voice
    fullscreen: bool = True


@dataclass(frozen=True)
class DocumentSettings:
    """`[documents]`: where the A4 documents (manifests, pickup lists, sheets) print."""

    printer: str = ""  # a [printers.NAME] profile taking PDF; empty: documents are saved as PDF


@dataclass(frozen=True)
class DashboardSettings:
    """`[dashboard]`: a tile is amber (warn) from the first value, red (bad) from the second."""

    shortage_warn_units: int = 1
    shortage_bad_units: int = 100
    wrong_crate_warn_per_10k: float = 5.0  # 1-5 per 10,000 is a good hub
    wrong_crate_bad_per_10k: float = 20.0
    undelivered_warn: int = 1
    undelivered_bad: int = 20
    printers_error_warn: int = 1
    printers_error_bad: int = 1


@dataclass(frozen=True)
class RouteSettings:
    """`[routes]`: each route's departure ('HH:MM' on the wave's delivery date, hub time) and the
    minutes loading takes after the last unit is sorted (the route board's at-risk rule).

    Departures are `[routes.departures]`, one quoted key per route ID (IDs are opaque: Chinese,
    dots and spaces are all fine in a quoted key, never in a bare one)."""

    loading_buffer_min: int = 20
    departures: tuple[tuple[str, str], ...] = ()  # (route ID, "HH:MM"), in the file's order

    def departure(self, route_id: str) -> str | None:
        return dict(self.departures).get(route_id)


@dataclass(frozen=True)
class ForecastSettings:
    """`[forecast]`: when tonight's volume is forecast, how often an open wave is polled, and the
    numbers the crates, workers and trucks follow from (docs/forecast.md)."""

    forecast_at: str = "15:00"  # "HH:MM" hub time: the day's forecast is made then
    poll_minutes: int = 30  # an open wave's summary is snapshotted this often
    crates_per_truck: int = 120
    # Reusable crates the hub owns (all zones); on hand = these − those leaders still hold (the
    # crate ledger). 0: not counted, the forecast shows crates needed only.
    crates_owned: int = 0
    sorting_start: str = "22:00"  # "HH:MM" on the cutoff's date: goods in, sorting can start
    weather_note: str = ""  # shown with the forecast; a weather effect is a local event's factor


_Section = (
    ScannerSettings | StationUiSettings | DocumentSettings | DashboardSettings | ForecastSettings
)

# Section name -> its dataclass; the order is the order in the file.
_SECTIONS: dict[str, type[_Section]] = {
    "scanners": ScannerSettings,
    "station_ui": StationUiSettings,
    "documents": DocumentSettings,
    "dashboard": DashboardSettings,
    "forecast": ForecastSettings,
}


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
    # CMD-UNDO at receiving takes the station's last receipt back freely this long after it;
    # later only with a supervisor's PIN.
    undo_grace_s: int = 10
    # File import
    file_units_per_crate: int = 20
    # Customer data (nicknames, pickup codes, leader phones) of older waves is purged.
    retention_days: int = 30
    # The detail (orders, lines, scans, puts, receipts...) of waves delivered longer ago is
    # deleted once their aggregates are stored (services/waves/aggregates.py); those stay.
    detail_retention_days: int = 90
    # --- printers: [printers.NAME] tables, parsed and checked by printers/profiles.py ---
    printers: tuple[PrinterProfile, ...] = ()
    label_printer: str = ""  # the profile crate labels and reprints go to by default
    # --- this station's own sections ---
    scanners: ScannerSettings = field(default_factory=ScannerSettings)
    station_ui: StationUiSettings = field(default_factory=StationUiSettings)
    documents: DocumentSettings = field(default_factory=DocumentSettings)
    dashboard: DashboardSettings = field(default_factory=DashboardSettings)
    routes: RouteSettings = field(default_factory=RouteSettings)
    forecast: ForecastSettings = field(default_factory=ForecastSettings)
    paths: Paths = field(default_factory=Paths.for_user)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.paths.data_dir / 'hub-sorter.sqlite'}"

    def with_printer(self, profile: PrinterProfile) -> Settings:
        """These settings with `profile` added, or replacing the printer of the same name."""
        others = tuple(p for p in self.printers if p.name != profile.name)
        if len(others) == len(self.printers):
            return replace(self, printers=(*self.printers, profile))
        return replace(
            self, printers=tuple(profile if p.name == profile.name else p for p in self.printers)
        )


# Top-level keys: what `save_settings` writes as `key = value` before any table.
_TOP_LEVEL = tuple(
    f.name for f in fields(Settings) if f.name not in ("paths", "printers", "routes", *_SECTIONS)
)
_TABLES = ("printers", "routes", *_SECTIONS)  # tables with a meaning of their own, never flattened

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


# --- reading ---------------------------------------------------------------------------------


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Read the TOML file (if any), apply environment overrides, validate."""
    env = dict(os.environ) if env is None else env
    paths = Paths.for_user()
    path = path or settings_path(paths)
    values = _read(path)
    flat = _flatten(values)
    secret = _FORBIDDEN_KEYS & flat.keys()
    if secret:
        raise SettingsError(
            f"设置文件不能包含密钥（{', '.join(sorted(secret))}），请改用系统凭据库或环境变量",
            f"The settings file must not hold secrets ({', '.join(sorted(secret))}); "
            "use the OS credential store or environment variables",
        )
    for var, name in _ENV_OVERRIDES.items():
        if env.get(var):
            flat[name] = env[var]
    typed = _known(flat, path)
    if "printers" in values:
        typed["printers"] = parse_profiles(values["printers"], str(path))
    if "routes" in values:
        typed["routes"] = _routes(values["routes"], path)
    for name, section in _SECTIONS.items():
        if name in values:
            typed[name] = _section(section, name, values[name], path)
    return validate(replace(Settings(paths=paths), **typed))


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(
            f"设置文件 {path} 格式错误：{exc}", f"Settings file {path} is malformed: {exc}"
        ) from exc


def _flatten(values: dict[str, Any]) -> dict[str, Any]:
    """Accept [hub], [sorting] ... tables as well as flat keys."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if key in _TABLES:
            continue
        if isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return flat


def _known(values: dict[str, Any], path: Path) -> dict[str, Any]:
    defaults = Settings(paths=Paths(Path(), Path(), Path()))
    result: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _TOP_LEVEL:
            continue  # unknown keys belong to later versions or other sections
        if key == "weight_flags":
            value = tuple(str(v) for v in value)
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected):
            raise SettingsError(
                f"设置 {key} 的值类型不对（{path}）：应为 {expected.__name__}",
                f"Setting {key} has the wrong type in {path}: expected {expected.__name__}",
            )
        result[key] = value
    return result


def _section(kind: type[_Section], name: str, table: object, path: Path) -> _Section:
    """A section's dataclass from its table; keys it does not know are left to later versions."""
    if not isinstance(table, dict):
        raise SettingsError(
            f"设置 [{name}] 应为一个表（{path}）", f"Setting [{name}] should be a table in {path}"
        )
    values: dict[str, Any] = {
        f.name: _section_value(f, f"{name}.{f.name}", table[f.name], path)
        for f in fields(kind)
        if f.name in table
    }
    return kind(**values)


def _section_value(f: Field[Any], key: str, value: object, path: Path) -> object:
    """`value` as the field's type (an int is a float too); SettingsError naming the key."""
    default = f.default
    if f.metadata.get("usb_id"):
        if isinstance(value, str):
            try:
                return int(value, 16) if value.strip() else None
            except ValueError:
                pass
        expected, ok = 'hex text like "0C2E"', isinstance(value, int)
    elif isinstance(default, bool):
        expected, ok = "bool", isinstance(value, bool)
    elif isinstance(default, float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        expected, ok = "float", False
    elif isinstance(default, int):
        expected, ok = "int", isinstance(value, int)
    else:
        expected, ok = "str", isinstance(value, str)
    if ok and not (isinstance(value, bool) and not isinstance(default, bool)):
        return value
    raise SettingsError(
        f"设置 {key} 的值类型不对（{path}）：应为 {expected}",
        f"Setting {key} has the wrong type in {path}: expected {expected}",
    )


def _routes(table: object, path: Path) -> RouteSettings:
    """`[routes]` and its `[routes.departures]` (checked further by `validate`)."""
    departures = table.get("departures", {}) if isinstance(table, dict) else None
    if not isinstance(table, dict) or not isinstance(departures, dict):
        raise SettingsError(
            f"设置 [routes] 及 [routes.departures] 应为表（{path}）",
            f"Settings [routes] and [routes.departures] should be tables in {path}",
        )
    buffer = table.get("loading_buffer_min", RouteSettings.loading_buffer_min)
    if not isinstance(buffer, int) or isinstance(buffer, bool):
        raise SettingsError(
            f"设置 routes.loading_buffer_min 的值类型不对（{path}）：应为 int",
            f"Setting routes.loading_buffer_min has the wrong type in {path}: expected int",
        )
    for route_id, at in departures.items():
        if not isinstance(at, str):
            raise SettingsError(
                f'线路 {route_id} 的发车时间应为 "HH:MM" 文本（{path}）',
                f'The departure of route {route_id} should be text "HH:MM" in {path}',
            )
    return RouteSettings(buffer, tuple((str(k), v) for k, v in departures.items()))


def _validate_routes(routes: RouteSettings) -> None:
    if not 0 <= routes.loading_buffer_min <= 24 * 60:
        raise SettingsError(
            "装车预留时间应在 0 到 1440 分钟之间",
            "The loading buffer must be between 0 and 1440 minutes",
        )
    seen: set[str] = set()
    for route_id, at in routes.departures:
        problem = id_problem(route_id)
        if problem is not None:
            raise SettingsError(
                f"线路编号 {route_id!r} 无效：{problem[0]}",
                f"The route ID {route_id!r} is not valid: it {problem[1]}",
            )
        if route_id in seen:
            raise SettingsError(
                f"线路 {route_id} 的发车时间重复设置", f"Route {route_id} has two departure times"
            )
        seen.add(route_id)
        try:
            parse_departure(at)
        except ValueError as exc:
            raise SettingsError(
                f"线路 {route_id} 的发车时间应为 HH:MM（如 05:10）：{at!r}",
                f"The departure of route {route_id} must be HH:MM (like 05:10): {at!r}",
            ) from exc


def _validate_dashboard(dashboard: DashboardSettings) -> None:
    pairs = (
        ("shortage", dashboard.shortage_warn_units, dashboard.shortage_bad_units),
        ("wrong_crate", dashboard.wrong_crate_warn_per_10k, dashboard.wrong_crate_bad_per_10k),
        ("undelivered", dashboard.undelivered_warn, dashboard.undelivered_bad),
        ("printers_error", dashboard.printers_error_warn, dashboard.printers_error_bad),
    )
    for name, warn, bad in pairs:
        if warn < 0 or bad < warn:
            raise SettingsError(
                f"看板阈值 {name}：提醒值不能为负，且不能大于告警值",
                f"Dashboard threshold {name}: warn must not be negative nor above bad",
            )


def _validate_forecast(forecast: ForecastSettings) -> None:
    for key, at in (
        ("forecast_at", forecast.forecast_at),
        ("sorting_start", forecast.sorting_start),
    ):
        try:
            parse_departure(at)
        except ValueError as exc:
            raise SettingsError(
                f"预测设置 {key} 应为 HH:MM（如 15:00）：{at!r}",
                f"The forecast setting {key} must be HH:MM (like 15:00): {at!r}",
            ) from exc
    if (
        not 1 <= forecast.poll_minutes <= 24 * 60
        or forecast.crates_per_truck < 1
        or forecast.crates_owned < 0
    ):
        raise SettingsError(
            "预测设置：poll_minutes 应为 1–1440，crates_per_truck 应大于 0，crates_owned 不能为负",
            "Forecast settings: poll_minutes must be 1-1440, crates_per_truck above 0 and "
            "crates_owned not negative",
        )


def validate(settings: Settings) -> Settings:
    """The settings if they can be saved and loaded back; SettingsError saying what is wrong."""
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
    if settings.undo_grace_s < 0:
        raise SettingsError("收货撤销时限不能为负数", "undo_grace_s (seconds) must not be negative")
    if settings.retention_days < 1:
        raise SettingsError("客户数据保留天数必须大于 0", "retention_days must be at least 1")
    if settings.detail_retention_days < 1:
        raise SettingsError(
            "明细数据保留天数必须大于 0", "detail_retention_days must be at least 1"
        )
    if settings.file_units_per_crate < 1:
        raise SettingsError("每筐数量必须大于 0", "Units per crate must be greater than 0")
    if settings.label_printer and settings.label_printer not in {p.name for p in settings.printers}:
        raise SettingsError(
            f"默认标签打印机 {settings.label_printer} 没有对应的 [printers.{settings.label_printer}] 设置",
            f"label_printer {settings.label_printer} has no [printers.{settings.label_printer}] table",
        )
    document_printer = settings.documents.printer
    if document_printer and document_printer not in {p.name for p in settings.printers}:
        raise SettingsError(
            f"单据打印机 {document_printer} 没有对应的 [printers.{document_printer}] 设置",
            f"[documents] printer {document_printer} has no [printers.{document_printer}] table",
        )
    _validate_routes(settings.routes)
    _validate_dashboard(settings.dashboard)
    _validate_forecast(settings.forecast)
    return settings


# --- writing ---------------------------------------------------------------------------------


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write every section of the settings as TOML: the top-level keys, `[scanners]`,
    `[station_ui]` and `[printers.NAME]` (the only writer of the file; secrets are never in it).

    What this version does not know is carried over from the file it replaces: other tables, and
    unknown keys of its own sections (a later version's). The new file replaces the old one only
    once it reads back valid, so a refused save leaves the file as it was."""
    validate(settings)
    if settings.api_url:
        # Refused where it is typed, not hours later when the first report cannot go out.
        from sorter_app.platform.http import check_base_url

        check_base_url(settings.api_url)
    path = path or settings_path(settings.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(path.name + ".new")
    draft.write_text(_settings_text(settings, _existing(path)), encoding="utf-8")
    try:
        load_settings(draft, env={})
    except Exception:
        draft.unlink(missing_ok=True)
        raise
    os.replace(draft, path)  # never a half-written settings file
    return path


def change_settings(path: Path, change: Callable[[Settings], Settings]) -> Settings:
    """Change what the file at `path` holds and save it: `change` gets the file's own settings
    (not the running ones, whose environment overrides belong to no file). Returns the settings
    as the app now loads them, environment overrides included."""
    save_settings(change(load_settings(path, env={})), path)
    return load_settings(path)


def _settings_text(settings: Settings, existing: Mapping[str, Any] | None = None) -> str:
    """The TOML of `settings`, keeping what `existing` (the file it replaces) holds that these
    settings do not know. A section holds only what differs from its defaults."""
    existing = existing or {}
    lines = [f"{name} = {_toml_value(getattr(settings, name))}" for name in _TOP_LEVEL]
    for name in _SECTIONS:  # tables come after every top-level key
        table = _section_table(getattr(settings, name))
        kept = existing.get(name)
        if isinstance(kept, dict):
            table |= {k: v for k, v in kept.items() if k not in _field_names(_SECTIONS[name])}
        if table:
            lines += _toml_table(name, table)
    lines += _routes_text(settings.routes, existing.get("routes"))
    for profile in settings.printers:
        table = {"language": profile.language, "address": profile.address}
        lines += _toml_table(f"printers.{profile.name}", table | profile_table(profile))
    for name, table in _foreign_tables(existing).items():
        lines += _toml_table(name, table)
    return "\n".join(lines) + "\n"


def _routes_text(routes: RouteSettings, kept: object) -> list[str]:
    """`[routes]` with `[routes.departures]`, route IDs as quoted keys; unknown keys kept."""
    table: dict[str, Any] = {}
    if isinstance(kept, dict):
        table |= {k: v for k, v in kept.items() if k not in _field_names(RouteSettings)}
    if routes.loading_buffer_min != RouteSettings.loading_buffer_min:
        table["loading_buffer_min"] = routes.loading_buffer_min
    lines = _toml_table("routes", table) if table or routes.departures else []
    if routes.departures:
        lines.append("\n[routes.departures]")
        lines += [f"{_toml_value(route)} = {_toml_value(at)}" for route, at in routes.departures]
    return lines


def _section_table(section: _Section) -> dict[str, Any]:
    default = type(section)()
    table: dict[str, Any] = {}
    for f in fields(section):
        value = getattr(section, f.name)
        if value == getattr(default, f.name) or value is None:
            continue
        table[f.name] = f"{value:04X}" if f.metadata.get("usb_id") else value
    return table


def _field_names(kind: type[Any]) -> set[str]:
    return {f.name for f in fields(kind)}


def _existing(path: Path) -> dict[str, Any]:
    """The file about to be replaced, or {} (a malformed one is replaced, not merged)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def _foreign_tables(existing: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Tables of another program or a later version, without the typed keys they may group
    (those are written at the top level, and a table's copy would win when read back)."""
    kept: dict[str, dict[str, Any]] = {}
    for name, table in existing.items():
        if not isinstance(table, dict) or name in _TABLES:
            continue
        rest = {k: v for k, v in table.items() if k not in _TOP_LEVEL}
        if rest:
            kept[name] = rest
    return kept


def _toml_table(name: str, table: Mapping[str, Any]) -> list[str]:
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
