"""Printer media and print settings per printer profile, in each language's own terms.

ZPL darkness is relative (^MD -30..30 on top of the printer's setting) while TSPL density is
absolute (DENSITY 0..15), so each language has its own options rather than one shared scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Sensing(StrEnum):
    """How the printer finds the start of a label."""

    GAP = "gap"  # die-cut labels with a gap between them
    BLACK_MARK = "black_mark"  # a printed black mark on the back of the liner
    CONTINUOUS = "continuous"  # no marks: the label length is all there is


class TextMode(StrEnum):
    BITMAP = "bitmap"  # Chinese text drawn here and sent as graphics: works on every printer
    RESIDENT = "resident"  # a font in the printer (needs one with Chinese glyphs installed)


@dataclass(frozen=True, slots=True)
class ZplOptions:
    darkness: int | None = None  # ^MD, -30..30 relative to the printer's setting
    speed_ips: int | None = None  # ^PR, 2..14 inches per second
    sensing: Sensing = Sensing.GAP  # ^MN W / M / N
    home_x_dots: int = 0  # ^LH: shifts everything right
    home_y_dots: int = 0  # ^LH: shifts everything down
    top_dots: int = 0  # ^LT, -120..120: moves the print up or down against the label
    text: TextMode = TextMode.BITMAP
    resident_font: str = "E:SIMSUN.TTF"  # with text=RESIDENT: the ^A@ font on the printer
    compressed_graphics: bool = True  # ^GF as Z64 (zlib + base64); False sends ASCII hex

    def __post_init__(self) -> None:
        _check_range("darkness", self.darkness, -30, 30)
        _check_range("speed_ips", self.speed_ips, 2, 14)
        _check_range("home_x_dots", self.home_x_dots, 0, 32000)
        _check_range("home_y_dots", self.home_y_dots, 0, 32000)
        _check_range("top_dots", self.top_dots, -120, 120)
        if not self.resident_font or any(c in self.resident_font for c in "^~,\r\n"):
            raise ValueError(f"not a printer font name: {self.resident_font!r}")


@dataclass(frozen=True, slots=True)
class TsplOptions:
    density: int | None = None  # DENSITY, 0..15
    speed_ips: float | None = None  # SPEED, inches per second
    sensing: Sensing = Sensing.GAP  # GAP / BLINE / GAP 0,0
    gap_mm: float = 2.0  # gap or black-mark height
    gap_offset_mm: float = 0.0
    direction: int = 1  # DIRECTION 0 or 1: which end of the label comes out first
    reference_x_dots: int = 0  # REFERENCE: the origin of every position
    reference_y_dots: int = 0
    shift_dots: int = 0  # SHIFT: fine vertical adjustment against the gap
    text: TextMode = TextMode.BITMAP
    resident_font: str = "TSS24.BF2"  # with text=RESIDENT: 24×24 dot GBK font, scaled 1..10

    def __post_init__(self) -> None:
        _check_range("density", self.density, 0, 15)
        if self.speed_ips is not None and not 1 <= self.speed_ips <= 18:
            raise ValueError(f"speed_ips must be 1..18, got {self.speed_ips}")
        if not 0 <= self.gap_mm <= 25 or not -25 <= self.gap_offset_mm <= 25:
            raise ValueError(f"gap {self.gap_mm} mm / offset {self.gap_offset_mm} mm out of range")
        if self.direction not in (0, 1):
            raise ValueError(f"direction must be 0 or 1, got {self.direction}")
        _check_range("reference_x_dots", self.reference_x_dots, 0, 32000)
        _check_range("reference_y_dots", self.reference_y_dots, 0, 32000)
        _check_range("shift_dots", self.shift_dots, -120, 120)
        if not self.resident_font or any(c in self.resident_font for c in '",\r\n'):
            raise ValueError(f"not a printer font name: {self.resident_font!r}")


def _check_range(name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise ValueError(f"{name} must be {low}..{high}, got {value}")
