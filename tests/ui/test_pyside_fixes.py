"""PySide6 6.12.0 takes a reference from True on every signal emit, and from None on every call of
a method that returns nothing; without the work-around a long night of scans ends in "Fatal Python
error: bool_dealloc" (or none_dealloc)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

EMITS = """
import sorter_app.ui  # applies the work-around
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Source(QObject):
    changed = Signal(object)

app = QCoreApplication([])
source = Source()
source.changed.connect(lambda value: None)
for i in range(50_000):
    source.changed.emit(i)
print("survived")
"""


VOID_CALLS = """
import sorter_app.ui  # applies the work-around
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication([])
label, timer = QLabel(), QTimer()
for i in range(50_000):  # None starts with ~5,000 references in a fresh interpreter
    label.setText(str(i))
    timer.start(5)
    app.processEvents()
print("survived")
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )


def test_many_signal_emits_do_not_kill_the_app() -> None:
    done = run(EMITS)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived"


def test_many_calls_of_methods_that_return_nothing_do_not_kill_the_app() -> None:
    done = run(VOID_CALLS)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived"
