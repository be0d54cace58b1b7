"""Test doubles for the station's sound and speech, which record what they were asked for.

Used by the UI tests, `tools/screenshots.py` and `bench/ui_stall.py` (both put the project root on
sys.path, so `from tests.doubles import ...` works when they run as scripts). The app itself never
needs them: without audio or a voice it uses `NullSound` / `NullSpeech`.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend

from sorter_app.domain.decisions import Level


class FakeSound:
    """Records the levels played (`sorter_app.ui.sound.Sound`)."""

    available = True

    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, level: Level | str) -> None:
        self.played.append(str(Level(level).value))


class FakeSpeech:
    """Records the prompts said and the language set (`sorter_app.ui.speech.Speech`)."""

    enabled = True

    def __init__(self) -> None:
        self.said: list[str] = []
        self.language = "zh_CN"

    def say(self, text: str) -> None:
        self.said.append(text)

    def set_language(self, language: str) -> None:
        self.language = language


class MemoryKeyring(KeyringBackend):
    """An OS credential store in memory (tests set it with keyring.set_keyring)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)
