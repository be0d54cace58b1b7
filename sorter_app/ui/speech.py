"""Optional spoken prompts ("7 号站，3 份") through QtTextToSpeech, where the OS has an engine
with a voice for the screen's language; otherwise silently off (`NullSpeech`)."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QLocale, QObject

log = logging.getLogger(__name__)

# Qt's "mock" engine exists for Qt's own tests: it pretends to speak.
_IGNORED_ENGINES = {"mock"}


class Speech(Protocol):
    @property
    def enabled(self) -> bool: ...

    def say(self, text: str) -> None: ...

    def set_language(self, language: str) -> None: ...


class NullSpeech:
    enabled = False

    def say(self, text: str) -> None:
        pass

    def set_language(self, language: str) -> None:
        pass


class QtSpeech(QObject):
    def __init__(self, language: str = "zh_CN", parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._tts: QTextToSpeech | None = None
        self._has_voice = False
        for engine in QTextToSpeech.availableEngines():
            if engine in _IGNORED_ENGINES:
                continue
            tts = QTextToSpeech(engine, self)
            if tts.state() != QTextToSpeech.State.Error:
                self._tts = tts
                break
            tts.deleteLater()
        self.set_language(language)

    @property
    def enabled(self) -> bool:
        return self._tts is not None and self._has_voice

    def set_language(self, language: str) -> None:
        if self._tts is None:
            return
        wanted = QLocale("en_US" if language.startswith("en") else "zh_CN")
        matching = [
            locale
            for locale in self._tts.availableLocales()
            if locale.language() == wanted.language()
        ]
        self._has_voice = bool(matching)
        if matching:
            self._tts.setLocale(matching[0])
        else:
            log.info("no text-to-speech voice for %s: spoken prompts off", wanted.name())

    def say(self, text: str) -> None:
        if self.enabled and text and self._tts is not None:
            self._tts.stop()  # the newest prompt matters; never queue stale ones
            self._tts.say(text)


def make_speech(language: str, enabled: bool = True, parent: QObject | None = None) -> Speech:
    if not enabled:
        return NullSpeech()
    try:
        speech = QtSpeech(language, parent)
    except ImportError as exc:
        log.info("no text-to-speech: %s", exc)
        return NullSpeech()
    # Kept while an engine exists: switching language may find a voice the first one lacked.
    return speech if speech._tts is not None else NullSpeech()
