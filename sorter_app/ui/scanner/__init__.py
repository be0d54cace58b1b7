"""Scanner input: keyboard-wedge scanners (an application-wide key filter) and serial scanners
(a background reader). Both deliver `ScanRead`s to the same place: the current workflow."""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from typing import Any

from sorter_app.settings import Settings, settings_path


@dataclass(frozen=True)
class ScanRead:
    """One read as it arrived: the text without its terminator, and how it came."""

    text: str
    source: str = "wedge"  # "wedge" | "serial" | "manual"
    gaps_ms: tuple[float, ...] = ()  # between consecutive keys, the terminator included
    terminator: str = ""  # "Enter", "Tab", "CR", "LF", ...
    at: float = 0.0  # monotonic milliseconds

    @property
    def max_gap_ms(self) -> float:
        return max(self.gaps_ms, default=0.0)


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


def scanner_table(settings: Settings) -> dict[str, Any]:
    """The `[scanners]` table of the settings file (wedge timing, serial port); {} if none.

    Settings keeps the table out of its typed fields (see settings._flatten), so it is read here.
    """
    path = settings_path(settings.paths)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    table = data.get("scanners")
    return dict(table) if isinstance(table, dict) else {}
