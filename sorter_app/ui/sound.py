"""The station's sounds: one per decision level, behind a small interface (`Sound`).

`QtSound` plays the WAV files in resources/sounds/ through QSoundEffect (WAV only; the source must
be a `QUrl.fromLocalFile`, a bare path fails with a misleading decoding error), preloaded at start
so the first alarm is not late. Without QtMultimedia (Linux without libpulse) or without an audio
device the station still works, silently: `available` says so and the station check shows it.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QUrl

from sorter_app.domain.decisions import Level
from sorter_app.ui.resources import resource

log = logging.getLogger(__name__)

LEVELS = tuple(level.value for level in Level)  # prompt, confirm, warning, intercept
# An intercept must be heard over the hall whatever the volume setting: it never goes below this.
INTERCEPT_MIN_VOLUME = 0.8


class Sound(Protocol):
    @property
    def available(self) -> bool: ...

    def play(self, level: Level | str) -> None: ...


class NullSound:
    """No audio on this machine: every request is a no-op."""

    available = False

    def play(self, level: Level | str) -> None:
        pass


class QtSound(QObject):
    def __init__(self, volume: float = 0.8, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QSoundEffect

        self._effects: dict[str, QSoundEffect] = {}
        for level in LEVELS:
            path = resource("sounds", f"{level}.wav")
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))  # loads (preloads) at once
            self._effects[level] = effect
        self.set_volume(volume)

    @property
    def available(self) -> bool:
        from PySide6.QtMultimedia import QSoundEffect

        return any(e.status() != QSoundEffect.Status.Error for e in self._effects.values())

    def play(self, level: Level | str) -> None:
        key = str(Level(level).value)
        for effect in self._effects.values():
            if effect.isPlaying():
                effect.stop()  # the newest answer wins; two sounds at once are unreadable
        self._effects[key].play()

    def set_volume(self, volume: float) -> None:
        volume = max(0.0, min(1.0, volume))
        for level, effect in self._effects.items():
            effective = max(volume, INTERCEPT_MIN_VOLUME) if level == "intercept" else volume
            effect.setVolume(effective)


def make_sound(volume: float = 0.8, parent: QObject | None = None) -> Sound:
    """The real sounds where QtMultimedia loads, otherwise silence (logged once)."""
    try:
        return QtSound(volume, parent)
    except ImportError as exc:  # e.g. libpulse missing on Linux
        log.warning("no sound: QtMultimedia unavailable (%s)", exc)
        return NullSound()
