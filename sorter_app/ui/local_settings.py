"""Station-PC settings the typed `Settings` does not carry yet: the `[scanners]` and `[station_ui]`
tables of the same TOML file (Settings skips keys it does not know).

    [scanners]
    wedge_max_gap_ms = 40      # keys closer than this may be a scanner
    wedge_min_length = 4
    serial_port = "COM3"       # or find it by USB IDs:
    serial_vid = "0C2E"
    serial_pid = "0B61"
    serial_baudrate = 9600

    [station_ui]
    volume = 0.8               # 0..1; the intercept alarm never plays below 0.8
    speech = true              # spoken prompts where the OS has a voice
    fullscreen = true
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

from sorter_app.settings import Settings, settings_path


def settings_table(settings: Settings, name: str) -> dict[str, Any]:
    """One table of the settings file; {} when the file or the table is missing or unreadable
    (the typed settings loader has already reported a malformed file)."""
    path = settings_path(settings.paths)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    table = data.get(name)
    return dict(table) if isinstance(table, dict) else {}


@dataclass(frozen=True)
class StationUi:
    volume: float = 0.8
    speech: bool = True
    fullscreen: bool = True

    @classmethod
    def load(cls, settings: Settings) -> StationUi:
        table = settings_table(settings, "station_ui")
        volume = table.get("volume", 0.8)
        return cls(
            volume=float(volume) if isinstance(volume, int | float) else 0.8,
            speech=bool(table.get("speech", True)),
            fullscreen=bool(table.get("fullscreen", True)),
        )
