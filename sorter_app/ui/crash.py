"""What the desktop app does with an exception nobody caught: the traceback goes to the log, and
the person at the screen gets a message box (in the app's language) naming the log file, instead
of the app vanishing or carrying on silently.

PySide6 hands an exception raised in a slot or an overridden Qt method to `sys.excepthook`;
worker threads end in `threading.excepthook`. Both land here; the box is always shown on the GUI
thread (a queued signal), one at a time.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from sorter_app.logging_setup import log_file_path
from sorter_app.ui.i18n import current_language

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def crash_text(exc: BaseException, language: str) -> str:
    """The box's text: what happened, what to do, where the details are."""
    what = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    path = log_file_path()
    if language.startswith("en"):
        where = (
            f"The details are in the log file:\n{path}" if path else "The log cannot be written."
        )
        return (
            f"Something unexpected went wrong ({what}).\n\n"
            "What was saved before stays saved. You can go on working; if it happens again, "
            f"restart the app and send the log file to support.\n\n{where}"
        )
    where = f"详细信息已写入日志文件：\n{path}" if path else "日志无法写入。"
    return (
        f"出现意外错误（{what}）。\n\n"
        "已保存的数据不受影响，可以继续操作；如果再次出现，请重启程序，并把日志文件交给技术支持。"
        f"\n\n{where}"
    )


class CrashReporter(QObject):
    """Installed by `install()`, removed by `uninstall()`; `shown` keeps the texts shown."""

    _report = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown: list[str] = []
        self._box: QMessageBox | None = None
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        # Queued: a worker thread's exception is shown by the GUI thread.
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashReporter:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.handle and self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._handle_thread and self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            (self._previous_hook or sys.__excepthook__)(exc_type, exc, tb)
            return
        try:
            log.critical("uncaught exception in the desktop app", exc_info=(exc_type, exc, tb))
            self._report.emit(crash_text(exc, current_language()))
        except Exception:  # the last resort must not raise in its turn
            log.exception("could not report an uncaught exception")

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str)
    def _show(self, text: str) -> None:
        self.shown.append(text)
        if self._box is not None and self._box.isVisible():
            return  # one box at a time: a slot failing on every repaint must not bury the screen
        english = current_language().startswith("en")
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "Hub Sorter: unexpected error" if english else "集单分拣台：意外错误",
            text,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addButton("OK" if english else "知道了", QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        self._box = box
        box.open()  # not exec(): the event loop (and the scanners) keep running

    def box(self) -> QMessageBox | None:
        return self._box
