"""The keyboard-wedge filter: a fast burst ending in Enter is a scan for the workflow, whatever
has focus; typing is typing; the terminator never reaches a dialog's default button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout

from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner.wedge import WedgeConfig, WedgeFilter
from tests.ui.conftest import FakeClock, Ui, type_keys


def dialog_with_default_button(ui: Ui) -> tuple[QDialog, QLineEdit, list[int]]:
    dialog = QDialog(ui.window)
    field = QLineEdit(dialog)
    ok = QPushButton("OK", dialog)
    ok.setDefault(True)
    presses: list[int] = []
    ok.clicked.connect(lambda: presses.append(1))
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(ok)
    dialog.show()
    field.setFocus()
    return dialog, field, presses


def test_a_scan_in_a_dialog_goes_to_the_station_and_presses_no_button(ui: Ui) -> None:
    dialog, field, presses = dialog_with_default_button(ui)
    ui.scan("BADGE-W01", target=field)
    assert ui.ctx.worker is not None and ui.ctx.worker.code == "W01"
    assert presses == [] and dialog.isVisible()
    assert field.text() == ""  # the scan did not land in the focused field

    # A person typing into the same field: the text arrives, and Enter presses the button.
    type_keys(ui.clock, "12", gap_ms=150, target=field)
    assert field.text() == "12"
    assert presses == [1]
    dialog.close()


def test_slow_typing_is_not_a_scan(ui: Ui) -> None:
    dialog, field, _ = dialog_with_default_button(ui)
    type_keys(ui.clock, "BADGE-W01", gap_ms=120, terminator=None, target=field)
    type_keys(ui.clock, "", gap_ms=120, target=field)  # Enter, typed
    assert ui.ctx.worker is None
    assert field.text() == "BADGE-W01"
    dialog.close()


def test_a_short_fast_burst_is_typing(ui: Ui) -> None:
    dialog, field, presses = dialog_with_default_button(ui)
    type_keys(ui.clock, "OK1", gap_ms=5, target=field)  # under the minimum length of 4
    assert field.text() == "OK1" and presses == [1]
    dialog.close()


def test_full_width_and_caps_lock_reads_are_normalised(ui: Ui) -> None:
    ui.scan("ＢＡＤＧＥ－Ｗ０１")  # a Chinese IME in full-width mode
    assert ui.ctx.worker is not None and ui.ctx.worker.code == "W01"
    ui.scan("CMD-LOGOUT")
    assert ui.ctx.worker is None
    ui.scan("badge-w01")  # Caps Lock on while the scanner sends capitals with Shift
    assert ui.ctx.worker is not None and ui.ctx.worker.code == "W01"


def test_the_capture_window_turns_the_input_method_off(ui: Ui) -> None:
    assert not ui.window.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert not ui.station.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


def test_held_keys_come_back_when_the_typist_pauses(qtbot) -> None:
    clock = FakeClock()
    wedge = WedgeFilter(WedgeConfig(max_gap_ms=40), clock=clock)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.installEventFilter(wedge)
    type_keys(clock, "AB", gap_ms=5, terminator=None, target=field)
    assert field.text() == ""  # held: it might still become a scan
    qtbot.waitUntil(lambda: field.text() == "AB", timeout=2000)  # the idle flush gives it back


def test_timing_and_terminator_are_reported(qtbot) -> None:
    clock = FakeClock()
    wedge = WedgeFilter(WedgeConfig(max_gap_ms=40), clock=clock)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.installEventFilter(wedge)
    reads: list[ScanRead] = []
    wedge.scanned.connect(reads.append)
    type_keys(clock, "6923456789012", gap_ms=7, terminator=Qt.Key.Key_Tab, target=field)
    assert [r.text for r in reads] == ["6923456789012"]
    assert reads[0].terminator == "Tab" and reads[0].gaps_ms == (7.0,) * 13
    assert field.text() == ""


def test_real_key_clicks_through_qtest(qtbot) -> None:
    """The same through QTest's key events and the real clock (no injected time)."""
    wedge = WedgeFilter(WedgeConfig(max_gap_ms=200))
    field = QLineEdit()
    qtbot.addWidget(field)
    field.installEventFilter(wedge)
    reads: list[ScanRead] = []
    wedge.scanned.connect(reads.append)
    QTest.keyClicks(field, "CMD-UNDO")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert [r.text for r in reads] == ["CMD-UNDO"]
    assert field.text() == ""
