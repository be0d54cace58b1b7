"""Starting the app: a broken settings file is shown (in both languages, since the language is
unknown) and ends the app with status 2; with a store it opens the station and quits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sorter_app.settings import Paths
from sorter_app.ui.app import EXIT_START_FAILED, run_ui


def test_a_broken_settings_file_is_shown_and_ends_the_app(qapp) -> None:
    config = Paths.for_user().config_dir
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text("hub_id = [\n", encoding="utf-8")
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        seen.append(box.text())
        box.done(0)

    QTimer.singleShot(200, read_and_close)
    assert run_ui(windowed=True) == EXIT_START_FAILED
    assert "设置文件" in seen[0] and "Settings file" in seen[0]


RUN_WITH_STORE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from sorter_app.ui.app import make_application, run_ui
from sorter_app.ui.main_window import MainWindow
from tests.factories import small_wave

make_application()  # before the timer: run_ui then uses this one

store = Store.open(sys.argv[1])
store_snapshot(store, small_wave("W20261127-HZ01"), source="api")
seen = []

def look_and_quit():
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow) and w.isVisible():
            seen.append((w.current_key(), w.ctx.wave_id, w.isFullScreen()))
    QApplication.instance().quit()

QTimer.singleShot(800, look_and_quit)
status = run_ui(store=store)
print(status, seen)
"""


def test_with_a_store_the_station_opens_full_screen_and_quits_cleanly(tmp_path) -> None:
    # In a process of its own: after app.exec() has returned once, PySide6 stops delivering
    # queued signals to plain-function slots, which would break the tests that follow.
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SORTER_HOME": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    done = subprocess.run(
        [sys.executable, "-c", RUN_WITH_STORE, f"sqlite:///{tmp_path / 'hub.sqlite'}"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "0 [('station', 'W20261127-HZ01', True)]"
