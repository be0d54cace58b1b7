"""The running main window switched to English, every registered screen opened in turn (station
and supervisor): no Chinese left in labels, buttons, tabs, table headers, group titles, combo
items, list items, placeholders or window titles. Data stays as it is: widgets named data_*, and
table cells whose Chinese comes from the store (community, SKU, supplier and worker names)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QWidget,
)
from sqlalchemy import String, Text, select

from sorter_app.services.people.roster import Person
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.settings import load_settings, save_settings
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.screens import registered_screens
from tests.factories import EAN_S1
from tests.store_reads import crate_code
from tests.ui.conftest import WAVE, Ui

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def data_texts(store: Store) -> list[str]:
    """Every text the store holds (names from the platform, workers, scans): what a table may show
    in Chinese whatever the screen's language. Longest first, so a name is removed before a part
    of it."""
    found: set[str] = set()
    with store.read() as s:
        for table in tables.Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            if not columns:
                continue
            for row in s.execute(select(*columns)):
                found.update(v for v in row if isinstance(v, str) and CJK.search(v))
    return sorted(found, key=len, reverse=True)


def _is_data(widget: QWidget, root: QWidget) -> bool:
    while widget is not None and widget is not root:
        if widget.objectName().startswith("data_"):
            return True
        widget = widget.parentWidget()
    return root.objectName().startswith("data_")


def chrome_texts(root: QWidget, data: list[str]) -> list[tuple[str, str]]:
    """(where, text) of what the screen itself says, visible or not (a hidden button shows up
    later in the same language)."""
    found: list[tuple[str, str]] = [("window title", root.window().windowTitle())]

    def add(widget: QWidget, text: str) -> None:
        if text and not _is_data(widget, root):
            found.append((f"{type(widget).__name__} {widget.objectName()}", text))

    for w in root.findChildren(QLabel):
        add(w, w.text())
    for w in root.findChildren(QAbstractButton):
        add(w, w.text())
    for w in root.findChildren(QGroupBox):
        add(w, w.title())
    for w in root.findChildren(QLineEdit):
        add(w, w.placeholderText())
    for w in root.findChildren(QComboBox):
        add(w, w.placeholderText())
        for i in range(w.count()):
            add(w, without_data(w.itemText(i), data))  # community pickers list names
    for w in root.findChildren(QTabWidget):
        for i in range(w.count()):
            add(w, w.tabText(i))
    for w in root.findChildren(QListWidget):
        for i in range(w.count()):
            add(w, without_data(w.item(i).text(), data))
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or isinstance(view, QListWidget) or _is_data(view, root):
            continue
        for c in range(model.columnCount()):
            header = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            add(view, str(header or ""))
        for r in range(min(model.rowCount(), 50)):
            for c in range(model.columnCount()):
                cell = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
                add(view, without_data(str(cell or ""), data))
    return found


def without_data(text: str, data: list[str]) -> str:
    for value in data:
        text = text.replace(value, "")
    return text


def chinese(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(where, text) for where, text in texts if CJK.search(text)]


def some_work_done(store: Store) -> None:
    """Receiving, seeding, a wrong crate and an unknown barcode: the screens have rows."""
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*5", mode="receive", worker="W01")
    station.scan("6900000000007", mode="receive", worker="W01")
    station.scan(EAN_S1, mode="seed", worker="W01")
    station.scan(crate_code(store, "C0002"), mode="seed", worker="W01")
    station.scan(crate_code(store, "C0001"), mode="seed", worker="W01")


def test_every_screen_of_the_main_window_is_english_after_the_switch(ui: Ui, qtbot) -> None:
    some_work_done(ui.ctx.store)
    ui.window.set_supervisor(Person("SUP1", "李班长", "supervisor"))
    data = data_texts(ui.ctx.store)
    assert any("阳光花园" in d for d in data)  # the store's names are what may stay Chinese
    assert chinese(chrome_texts(ui.window, data))  # the test sees Chinese when it is there

    ui.window.language_button.click()
    qtbot.wait(20)  # LanguageChange events are posted
    assert ui.window.windowTitle() == "Hub Sorter"
    keys = [spec.key for spec in registered_screens()]
    assert {"station", "station_check", "dashboard", "waves", "settings"} <= set(keys)
    for key in keys:
        assert ui.window.show_screen(key), key
        page = ui.window.page(key)
        qtbot.waitUntil(lambda: not ui.ctx.ops.busy, timeout=10_000)  # its rows are in
        qtbot.wait(10)
        assert chinese(chrome_texts(page, data)) == [], key
    assert chinese(chrome_texts(ui.window, data)) == []


RUN_AND_LOOK = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from sorter_app.ui.app import make_application, run_ui
from sorter_app.ui.main_window import MainWindow
from tests.factories import small_wave

make_application()
store = Store.open(sys.argv[1])
store_snapshot(store, small_wave("W20261127-HZ01"), source="api")
seen = []

def look_and_quit():
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow) and w.isVisible():
            seen.append((w.windowTitle(), w.station.title.text()))
    QApplication.instance().quit()

QTimer.singleShot(800, look_and_quit)
run_ui(store=store, windowed=True)
print(seen)
"""


def start_app_and_look(home: Path) -> str:
    """Start the app as `sorter-app` does, in a process of its own (after app.exec() has returned
    once, PySide6 stops delivering queued signals to plain-function slots), and say what the main
    window shows."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SORTER_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LOOK, f"sqlite:///{home / 'start.sqlite'}"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def test_the_language_switch_is_saved_and_the_next_start_uses_it(ui: Ui, qtbot) -> None:
    path = save_settings(replace(load_settings(), hub_id="HZ07"))
    with path.open("a", encoding="utf-8") as out:
        out.write("\n[station_ui]\nvolume = 0.5\n")
    home = Path(os.environ["SORTER_HOME"])
    assert start_app_and_look(home) == "[('集单分拣台', '请扫描工牌登录')]"

    ui.window.language_button.click()
    qtbot.wait(20)

    saved = load_settings()
    assert (saved.language, saved.hub_id) == ("en", "HZ07")
    assert "volume = 0.5" in path.read_text(encoding="utf-8")  # the station's own table stays
    assert start_app_and_look(home) == "[('Hub Sorter', 'Scan your badge to log in')]"

    ui.window.language_button.click()  # and back
    qtbot.wait(20)
    assert load_settings().language == "zh_CN"
