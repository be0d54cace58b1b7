"""Keyboard-wedge scanners: one application-wide event filter that tells a scanner burst from
typing.

A scanner "types" its code fast (keys a few ms apart) and ends with Enter or Tab. The filter holds
printable keys back while they come faster than `max_gap_ms`; if a terminator follows quickly and
at least `min_length` characters arrived, the burst is a scan: it is emitted as `scanned` (to the
current workflow, whatever has focus) and the terminator is swallowed, so no dialog's default
button fires. Otherwise the held keys are replayed to where they were going, in order: a person
typing sees their text arrive, at most a tenth of a second late.

Caps Lock only changes letter case and full-width characters from a Chinese IME are normalised by
`sorter_app.domain.barcodes.normalise`, so both pass through as they are. The capture window turns
its input method off (`disable_input_method`) so an IME cannot swallow keystrokes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from sorter_app.settings import ScannerSettings
from sorter_app.ui.scanner import ScanRead, monotonic_ms

log = logging.getLogger(__name__)

TERMINATORS = {
    Qt.Key.Key_Return: "Enter",
    Qt.Key.Key_Enter: "Enter",
    Qt.Key.Key_Tab: "Tab",
}
_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_NumLock,
}
GS = "\x1d"  # GS1 group separator: a scanner sends it as Ctrl+]


@dataclass(frozen=True)
class WedgeConfig:
    max_gap_ms: float = 40.0  # keys closer than this may be a scanner
    min_length: int = 4  # shorter bursts are typing (a quick "ok" + Enter)
    enabled: bool = True

    @property
    def idle_flush_ms(self) -> int:
        # How long held keys wait before they are given back as typing. Longer than the gap, so
        # that a briefly busy main thread delivering a queued burst late does not split a scan.
        return int(max(100.0, 3 * self.max_gap_ms))

    @classmethod
    def from_settings(cls, scanners: ScannerSettings) -> WedgeConfig:
        return cls(scanners.wedge_max_gap_ms, scanners.wedge_min_length, scanners.wedge_enabled)


@dataclass
class _Held:
    receiver: QObject
    kind: QEvent.Type
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at: float


@dataclass
class _Burst:
    keys: list[_Held] = field(default_factory=list)  # presses and the releases that came between
    times: list[float] = field(default_factory=list)  # of the presses

    @property
    def text(self) -> str:
        return "".join(k.text for k in self.keys if k.kind == QEvent.Type.KeyPress)

    def holds_key(self, key: int) -> bool:
        return any(k.key == key for k in self.keys if k.kind == QEvent.Type.KeyPress)


class WedgeFilter(QObject):
    """Install once on the QApplication: `app.installEventFilter(WedgeFilter(...))`."""

    scanned = Signal(object)  # ScanRead
    key_seen = Signal(object)  # (text, ms since previous key) for the scanner set-up page

    def __init__(
        self,
        config: WedgeConfig | None = None,
        clock: Callable[[], float] = monotonic_ms,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config or WedgeConfig()
        self.clock = clock
        self._burst = _Burst()
        self._last_seen: tuple[int, ...] | None = None
        self._replaying = False
        self._swallow_release: int | None = None
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self.flush)

    def set_config(self, config: WedgeConfig) -> None:
        self.flush()
        self.config = config

    # --- the filter ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if self._replaying or not self.config.enabled:
            return False
        assert isinstance(event, QKeyEvent)
        if self._already_seen(event):
            return False  # the same event on its way from the window to the focus widget
        if kind == QEvent.Type.KeyRelease:
            return self._release(watched, event)
        return self._press(watched, event)

    def _already_seen(self, event: QKeyEvent) -> bool:
        """A key event reaches the filter once per hop (window, focus widget, parents that get
        it when a child ignores it); only its first hop counts."""
        signature = (
            shiboken6.getCppPointer(event)[0],
            int(event.type().value),
            int(event.key()),
            int(event.timestamp()),
            hash(event.text()),
        )
        seen = signature == self._last_seen
        self._last_seen = signature
        return seen

    def _press(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False  # Shift comes with every capital a scanner types: it is not a gap
        if event.isAutoRepeat():
            self.flush()  # a held-down key repeats fast, but no scanner holds keys down
            return False
        now = self.clock()
        burst = self._burst
        gap = now - burst.times[-1] if burst.times else 0.0
        if burst.keys and gap > self.config.max_gap_ms:
            self.flush()
            burst = self._burst
        if key in TERMINATORS:
            return self._terminator(event, now, gap)
        text = event.text()
        if self._is_scan_char(event, text):
            if not burst.keys:
                self._emit_key(text, None)
            else:
                self._emit_key(text, gap)
            burst.keys.append(_Held(watched, event.type(), key, event.modifiers(), text, now))
            burst.times.append(now)
            self._flush_timer.start(self.config.idle_flush_ms)
            return True
        self.flush()  # arrows, Backspace, F-keys, shortcuts: typing, in order
        return False

    def _terminator(self, event: QKeyEvent, now: float, gap: float) -> bool:
        burst = self._burst
        text = burst.text
        if burst.keys and gap <= self.config.max_gap_ms and len(text) >= self.config.min_length:
            gaps = tuple(b - a for a, b in zip(burst.times, [*burst.times[1:], now], strict=True))
            self._burst = _Burst()
            self._flush_timer.stop()
            self._swallow_release = event.key()
            read = ScanRead(text, "wedge", gaps, TERMINATORS[Qt.Key(event.key())], now)
            log.debug("wedge scan %r gaps %s", text, gaps)
            self.scanned.emit(read)
            return True
        self.flush()
        return False

    def _release(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if self._swallow_release is not None and key == self._swallow_release:
            self._swallow_release = None
            return True
        if self._burst.holds_key(key):
            # Held with its press, so a replayed key is pressed and released in the right order.
            self._burst.keys.append(
                _Held(watched, event.type(), key, event.modifiers(), event.text(), self.clock())
            )
            return True
        return False

    @staticmethod
    def _is_scan_char(event: QKeyEvent, text: str) -> bool:
        if len(text) != 1:
            return False
        if text == GS:
            return True
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        return mods == Qt.KeyboardModifier.NoModifier and text.isprintable()

    def _emit_key(self, text: str, gap: float | None) -> None:
        self.key_seen.emit((text, gap))

    # --- giving typing back ---------------------------------------------------------------------

    def flush(self) -> None:
        """Replay the held keys as the typing they turned out to be."""
        self._flush_timer.stop()
        held, self._burst = self._burst.keys, _Burst()
        if not held:
            return
        self._replaying = True
        try:
            for k in held:
                if not shiboken6.isValid(k.receiver):
                    continue  # the dialog it was meant for has closed
                replay = QKeyEvent(k.kind, k.key, k.modifiers, k.text)
                QApplication.sendEvent(k.receiver, replay)
        finally:
            self._replaying = False


def disable_input_method(widget: QWidget) -> None:
    """Keep a Chinese IME from turning a scanner's keystrokes into composition events."""
    widget.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
