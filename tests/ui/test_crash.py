"""An exception nobody caught in the desktop app (in a slot, in a worker thread, at start-up) is
logged with its traceback and shown in a message box naming the log file, in the app's language;
the app neither dies silently nor shows a traceback."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from sorter_app.logging_setup import configure_logging, log_file_path
from sorter_app.ui.crash import CrashReporter
from sorter_app.ui.i18n import Translations


@pytest.fixture
def reporter(qapp: QApplication) -> Iterator[CrashReporter]:
    configure_logging()  # into this test's SORTER_HOME
    before = sys.excepthook
    crash = CrashReporter().install()
    try:
        yield crash
    finally:
        box = crash.box()
        if box is not None:
            box.done(0)
        crash.uninstall()
        assert sys.excepthook is before


def _log() -> str:
    path = log_file_path()
    assert path is not None
    return path.read_text(encoding="utf-8")


def test_an_exception_in_a_slot_is_logged_and_shown_with_the_log_path(
    reporter: CrashReporter, qtbot: QtBot
) -> None:
    def broken_slot() -> None:
        raise KeyError("nobody expected this")

    button = QPushButton()
    button.clicked.connect(broken_slot)
    QTimer.singleShot(0, button.click)
    qtbot.waitUntil(lambda: bool(reporter.shown), timeout=3000)

    box = reporter.box()
    assert box is not None and box.isVisible()
    text = box.text()
    assert "意外错误" in text and "KeyError" in text and str(log_file_path()) in text
    assert "Traceback" not in text
    logged = _log()
    assert "Traceback (most recent call last)" in logged and "broken_slot" in logged

    # A slot failing again while the box is up does not stack a second box.
    button.click()
    qtbot.waitUntil(lambda: len(reporter.shown) == 2, timeout=3000)
    assert reporter.box() is box


def test_an_exception_in_a_worker_thread_is_shown_by_the_gui_thread(
    reporter: CrashReporter, qtbot: QtBot
) -> None:
    def worker() -> None:
        raise ValueError("worker fell over")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(reporter.shown), timeout=3000)
    assert "ValueError: worker fell over" in reporter.shown[0]
    assert "worker fell over" in _log()


def test_in_english_when_english_is_chosen(reporter: CrashReporter, qtbot: QtBot) -> None:
    translations = Translations()
    translations.set_language("en")
    try:
        QTimer.singleShot(0, lambda: 1 / 0)
        qtbot.waitUntil(lambda: bool(reporter.shown), timeout=3000)
        text = reporter.shown[0]
        assert "Something unexpected went wrong" in text and str(log_file_path()) in text
        assert "意外" not in text
    finally:
        translations.set_language("zh_CN")


def test_a_failure_while_the_window_is_built_is_shown_and_ends_the_app(
    qapp: QApplication, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sorter_app.store.database import Store
    from sorter_app.ui import main_window
    from sorter_app.ui.app import EXIT_START_FAILED, run_ui

    def broken_window(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the window could not be built")

    monkeypatch.setattr(main_window, "MainWindow", broken_window)
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.done(0)

    store = Store.open(sqlite_url)
    try:
        QTimer.singleShot(200, read_and_close)
        assert run_ui(store=store, windowed=True) == EXIT_START_FAILED
    finally:
        store.close()
    assert "RuntimeError" in seen[0] and str(log_file_path()) in seen[0]
    assert "the window could not be built" in _log()
