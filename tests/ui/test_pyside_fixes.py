"""PySide6 6.12.0 takes a reference from True on every signal emit; without the work-around a long
night of scans ends in "Fatal Python error: bool_dealloc"."""

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


def test_many_signal_emits_do_not_kill_the_app() -> None:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(EMITS)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived"
