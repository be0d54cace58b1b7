"""Scanner input: keyboard-wedge scanners (an application-wide key filter) and serial scanners
(a background reader). Both deliver `ScanRead`s to the same place: the current workflow."""

from __future__ import annotations

import time
from dataclasses import dataclass


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
