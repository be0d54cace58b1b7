"""Printer profiles: what a station knows about each printer, from `[printers.NAME]` tables in the
settings file.

    [printers.zebra1]
    language = "zpl"            # zpl | tspl | pdf
    dpi = 203                   # 203 | 300
    size = "100x100"            # 100x100 | 60x40
    transport = "tcp"           # tcp | serial | cups | windows | folder
    address = "192.168.1.50:9100"
    darkness = 10               # ZPL ^MD -30..30 (relative); TSPL DENSITY 0..15
    speed = 4                   # inches per second
    sensing = "gap"             # gap | mark | continuous
    offset_x_mm = 0.0           # moves the print right
    offset_y_mm = 0.0           # moves the print down against the gap or mark

Address by transport: tcp "host[:port]" (port 9100 when left out); serial a port name ("COM3",
"/dev/ttyUSB0") with `baud` and `flow`; cups a queue name, with `cups_server` when not the local
one; windows the printer's name as Windows shows it; folder a directory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from printers.model import DPIS, LABEL_SIZES, LabelMedia, media
from printers.transports import TRANSPORT_KINDS
from sorter_app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from printers.render.options import TsplOptions, ZplOptions

LANGUAGES = ("zpl", "tspl", "pdf")
# The settings word for each printers.render.options.Sensing value.
SENSING = {"gap": "gap", "mark": "black_mark", "continuous": "continuous"}
FILE_EXTENSIONS = {"zpl": "zpl", "tspl": "prn", "pdf": "pdf"}
DEFAULT_TCP_PORT = 9100
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")


class PrinterProfileError(UserFacingError):
    code = "bad_printer_profile"


class UnknownPrinter(UserFacingError):
    code = "unknown_printer"


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    name: str
    language: str = "zpl"
    dpi: int = 203
    size: str = "100x100"
    transport: str = "tcp"
    address: str = ""
    # serial
    baud: int = 9600
    flow: str = "none"  # none | rtscts | xonxoff
    # cups: empty = the machine's own CUPS
    cups_server: str = ""
    # windows: empty = RAW, or XPS_PASS for a v4 driver
    windows_datatype: str = ""
    # media
    darkness: int | None = None
    speed: float | None = None
    sensing: str = "gap"
    gap_mm: float = 2.0
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    timeout_s: float = 10.0

    @property
    def media(self) -> LabelMedia:
        return media(self.size, self.dpi)

    @property
    def file_extension(self) -> str:
        return FILE_EXTENSIONS[self.language]

    def tcp_endpoint(self) -> tuple[str, int]:
        host, sep, port = self.address.rpartition(":")
        if not sep or "]" in port:  # no port given (an IPv6 literal ends in ']')
            return self.address.strip("[]"), DEFAULT_TCP_PORT
        return host.strip("[]"), int(port)

    # The renderers are imported only when asked: loading settings must stay light.
    def zpl_options(self) -> ZplOptions:
        from printers.render.options import Sensing, ZplOptions

        dots = self.media.dots
        return ZplOptions(
            darkness=self.darkness,
            speed_ips=None if self.speed is None else round(self.speed),
            sensing=Sensing(SENSING[self.sensing]),
            home_x_dots=dots(self.offset_x_mm),
            top_dots=dots(self.offset_y_mm),
        )

    def tspl_options(self) -> TsplOptions:
        from printers.render.options import Sensing, TsplOptions

        dots = self.media.dots
        return TsplOptions(
            density=self.darkness,
            speed_ips=self.speed,
            sensing=Sensing(SENSING[self.sensing]),
            gap_mm=self.gap_mm,
            reference_x_dots=dots(self.offset_x_mm),
            shift_dots=dots(self.offset_y_mm),
        )

    def describe(self) -> str:
        return f"{self.name} ({self.language}, {self.transport} {self.address})"


_INT_KEYS = {"dpi", "baud", "darkness"}
_FLOAT_KEYS = {"speed", "gap_mm", "offset_x_mm", "offset_y_mm", "timeout_s"}
_STR_KEYS = {
    "language",
    "size",
    "transport",
    "address",
    "flow",
    "cups_server",
    "windows_datatype",
    "sensing",
}


def parse_profiles(tables: Mapping[str, Any], source: str = "") -> tuple[PrinterProfile, ...]:
    """Profiles from the `[printers]` table of the settings file, each one checked."""
    if not isinstance(tables, Mapping):
        raise _error("", "printers", "should be a table of [printers.NAME] tables", source)
    return tuple(parse_profile(name, table, source) for name, table in tables.items())


def parse_profile(name: str, table: Any, source: str = "") -> PrinterProfile:
    if not _NAME_RE.fullmatch(name):
        raise _error(name, "name", "use 1-32 letters, digits, '-' or '_'", source)
    if not isinstance(table, Mapping):
        raise _error(name, "printers", f"[printers.{name}] should be a table", source)
    known = {f.name for f in fields(PrinterProfile)} - {"name"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise _error(name, key, "is not a printer setting (a typo?)", source)
        values[key] = _typed(name, key, value, source)
    profile = PrinterProfile(name=name, **values)
    _check(profile, source)
    return profile


def find_profile(profiles: Iterable[PrinterProfile], name: str) -> PrinterProfile:
    profiles = tuple(profiles)
    for profile in profiles:
        if profile.name == name:
            return profile
    names = ", ".join(p.name for p in profiles) or "无 none"
    raise UnknownPrinter(
        f"没有名为 {name} 的打印机设置（已设置：{names}）",
        f"No printer named {name} in the settings (configured: {names})",
    )


def profile_table(profile: PrinterProfile) -> dict[str, Any]:
    """The settings-file table of a profile: every value that differs from the default."""
    default = PrinterProfile(name=profile.name)
    return {
        f.name: getattr(profile, f.name)
        for f in fields(PrinterProfile)
        if f.name != "name" and getattr(profile, f.name) != getattr(default, f.name)
    }


def _typed(name: str, key: str, value: Any, source: str) -> Any:
    if key in _INT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _error(name, key, f"should be a whole number, not {value!r}", source)
        return value
    if key in _FLOAT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _error(name, key, f"should be a number, not {value!r}", source)
        return float(value)
    if key in _STR_KEYS and not isinstance(value, str):
        raise _error(name, key, f"should be text, not {value!r}", source)
    return value


def _check(p: PrinterProfile, source: str) -> None:
    choices: list[tuple[str, str, Iterable[Any]]] = [
        ("language", p.language, LANGUAGES),
        ("transport", p.transport, TRANSPORT_KINDS),
        ("size", p.size, LABEL_SIZES),
        ("sensing", p.sensing, SENSING),
        ("flow", p.flow, ("none", "rtscts", "xonxoff")),
        ("windows_datatype", p.windows_datatype, ("", "RAW", "XPS_PASS")),
    ]
    for key, value, allowed in choices:
        if value not in allowed:
            listed = ", ".join(str(a) for a in allowed if a)
            raise _error(p.name, key, f"{value!r} is not one of {listed}", source)
    if p.dpi not in DPIS:
        raise _error(p.name, "dpi", f"{p.dpi} is not one of 203, 300", source)
    if not p.address.strip():
        raise _error(p.name, "address", "is required (where the printer is)", source)
    if p.transport == "tcp":
        try:
            host, port = p.tcp_endpoint()
        except ValueError:
            raise _error(p.name, "address", f"{p.address!r} is not host:port", source) from None
        if not host or not 0 < port < 65536:
            raise _error(p.name, "address", f"{p.address!r} is not host:port", source)
    if p.baud <= 0 or p.timeout_s <= 0:
        raise _error(p.name, "baud/timeout_s", "must be greater than 0", source)
    try:
        if p.language == "zpl":
            p.zpl_options()
        elif p.language == "tspl":
            p.tspl_options()
    except ValueError as exc:  # darkness, speed or offsets out of the language's range
        raise _error(p.name, "media", str(exc), source) from exc


def _error(name: str, key: str, problem: str, source: str) -> PrinterProfileError:
    where = f"（{source}）" if source else ""
    where_en = f" ({source})" if source else ""
    return PrinterProfileError(
        f"打印机设置 [printers.{name}] 的 {key} 有误{where}：{problem}",
        f"Printer settings [printers.{name}], {key}{where_en}: {problem}",
    )
