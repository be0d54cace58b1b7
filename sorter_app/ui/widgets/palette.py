"""One palette for states on every supervisor screen: five tones, each a light fill, a dark text
and an edge, from the Okabe–Ito colour-blind-safe set. A state is never colour alone: a chip shows
an icon glyph and the word as well (states.Chip), so red/green blindness loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Tone(StrEnum):
    NEUTRAL = "neutral"  # nothing yet, waiting, cancelled
    INFO = "info"  # in progress, queued
    OK = "ok"  # done, complete
    WARN = "warn"  # partly, needs a look
    BAD = "bad"  # short, failed, stop


@dataclass(frozen=True)
class ToneColours:
    fill: str
    text: str
    edge: str


COLOURS: dict[Tone, ToneColours] = {
    Tone.NEUTRAL: ToneColours("#ECEFF1", "#37474F", "#B0BEC5"),
    Tone.INFO: ToneColours("#DCEBF7", "#004C7A", "#0072B2"),  # Okabe–Ito blue
    Tone.OK: ToneColours("#D5F0E6", "#00573F", "#009E73"),  # bluish green
    Tone.WARN: ToneColours("#FCEFCF", "#7A4F00", "#E69F00"),  # orange
    Tone.BAD: ToneColours("#F9DDD0", "#8C2A00", "#D55E00"),  # vermillion
}

# The glyph a tone shows when a state names none: shapes differ as well as colours.
ICONS: dict[Tone, str] = {
    Tone.NEUTRAL: "○",
    Tone.INFO: "◔",
    Tone.OK: "✔",
    Tone.WARN: "▲",
    Tone.BAD: "✖",
}

# Progress bars: the fill while under way, and when the whole is reached.
PROGRESS_FILL = COLOURS[Tone.INFO].edge
PROGRESS_DONE = COLOURS[Tone.OK].edge
PROGRESS_TRACK = "#E3E7EA"
