"""A main window on a small wave, with a fake clock for the wedge filter, a fake sound and speech;
and a helper that types like a keyboard-wedge scanner (or like a person)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from sorter_app.services.people.roster import add_person
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.settings import load_settings
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.events import AppEvents
from sorter_app.ui.i18n import Translations
from sorter_app.ui.operations import Operations
from sorter_app.ui.scanner.wedge import WedgeFilter
from tests.doubles import FakeSound, FakeSpeech, MemoryKeyring
from tests.factories import small_wave

WAVE = "W20261127-HZ01"
SUPERVISOR_PIN = "2468"


class FakeClock:
    """Milliseconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: float) -> None:
        self.now += ms


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wave_store(sqlite_url: str) -> Iterator[Store]:
    store = Store.open(sqlite_url)
    store_snapshot(store, small_wave(WAVE), source="api")
    add_person(store, "W01", "张三")
    add_person(store, "SUP1", "李班长", "supervisor", SUPERVISOR_PIN)
    try:
        yield store
    finally:
        store.close()


@dataclass
class Ui:
    window: object  # MainWindow
    ctx: UiContext
    sound: FakeSound
    speech: FakeSpeech
    clock: FakeClock
    translations: Translations

    @property
    def station(self):  # type: ignore[no-untyped-def]
        return self.window.station

    def scan(self, text: str, *, gap_ms: float = 4.0, target: QWidget | None = None) -> None:
        type_keys(self.clock, text, gap_ms=gap_ms, target=target)


@pytest.fixture
def ui_factory(qtbot, wave_store: Store, clock: FakeClock):  # type: ignore[no-untyped-def]
    """Builds the main window (once per test) with the given extra arguments."""
    from sorter_app.ui.main_window import MainWindow

    built: list[Ui] = []

    def build(**window_args: object) -> Ui:
        translations = Translations()
        translations.set_language("zh_CN")
        ctx = UiContext(
            store=wave_store,
            settings=load_settings(),
            events=AppEvents(),
            ops=Operations(),
            wave_id=WAVE,
        )
        sound, speech = FakeSound(), FakeSpeech()
        window = MainWindow(
            ctx,
            translations=translations,
            wedge=WedgeFilter(clock=clock),
            sound=sound,
            speech=speech,
            **window_args,  # type: ignore[arg-type]
        )
        window.resize(1920, 1080)
        window.show()
        qtbot.waitExposed(window)
        built.append(Ui(window, ctx, sound, speech, clock, translations))
        return built[-1]

    yield build
    for ui in built:
        # Background reads finish before the widgets they report to go (not qtbot.addWidget:
        # pytest-qt closes those before fixtures are torn down).
        ui.window.shutdown()
        qtbot.waitUntil(lambda ui=ui: not ui.ctx.ops.busy, timeout=10_000)
        ui.translations.set_language("zh_CN")
        ui.window.close()
        ui.window.deleteLater()
    qtbot.wait(1)


@pytest.fixture
def ui(ui_factory) -> Ui:  # type: ignore[no-untyped-def]
    return ui_factory()


def _key_of(char: str) -> int:
    if char.isascii() and char.isprintable():
        return ord(char.upper())
    return 0


def _send(
    target: QWidget, kind: QEvent.Type, key: int, mods: Qt.KeyboardModifier, text: str
) -> None:
    QApplication.sendEvent(target, QKeyEvent(kind, key, mods, text))


def type_keys(
    clock: FakeClock,
    text: str,
    *,
    gap_ms: float = 4.0,
    terminator: Qt.Key | None = Qt.Key.Key_Return,
    target: QWidget | None = None,
) -> None:
    """Key events the way a wedge scanner (small gaps) or a person (large gaps) sends them, with
    Shift around capitals, through the app's event filters to the focused widget."""
    receiver = target or QApplication.focusWidget() or QApplication.activeWindow()
    assert receiver is not None, "no widget to type into"
    press, release = QEvent.Type.KeyPress, QEvent.Type.KeyRelease
    no_mod, shift = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
    for char in text:
        clock.advance(gap_ms)
        key = _key_of(char)
        if char.isascii() and char.isupper():
            _send(receiver, press, Qt.Key.Key_Shift, shift, "")
            _send(receiver, press, key, shift, char)
            _send(receiver, release, key, shift, char)
            _send(receiver, release, Qt.Key.Key_Shift, no_mod, "")
        else:
            _send(receiver, press, key, no_mod, char)
            _send(receiver, release, key, no_mod, char)
    if terminator is not None:
        clock.advance(gap_ms)
        text_of = "\t" if terminator == Qt.Key.Key_Tab else "\r"
        _send(receiver, press, terminator, no_mod, text_of)
        _send(receiver, release, terminator, no_mod, text_of)


@pytest.fixture
def vault() -> Iterator[MemoryKeyring]:
    """The credential store, in memory. Ask for it before the screen: a screen's worker thread
    that loads keyring's default backend after set_keyring would replace this one (keyring's lazy
    initialisation is not locked)."""
    import keyring

    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)
