"""Long work off the main thread, through one helper (after Anki's CollectionOp/QueryOp).

`ops.run(work, on_success=..., progress=True)`: `work(report)` runs on a worker thread and may
call `report(done, total, text)`; `on_success(result)` runs on the main thread; every exception
goes to one error path that shows the user a message in their language, unless `on_failure`
returns True to say it has shown the error itself (a wrong PIN under the PIN field). The main
thread never waits on the work.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from sorter_app.domain.errors import UserFacingError

log = logging.getLogger(__name__)

Report = Callable[[int, int | None, str], None]


class _Signals(QObject):
    progress = Signal(int, object, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Report], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:

            def report(done: int, total: int | None, text: str = "") -> None:
                self.signals.progress.emit(done, total, text)

            result = self.work(report)
        except BaseException as exc:
            if not isinstance(exc, UserFacingError):
                log.error("operation failed: %s", "".join(traceback.format_exception(exc)))
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class Operations(QObject):
    """One per app. `error` carries every failure; the main window shows it."""

    error = Signal(object)  # the exception
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self._running = 0
        self._alive: set[_Signals] = set()

    def run(
        self,
        work: Callable[[Report], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_progress: Callable[[int, int | None, str], None] | None = None,
        on_failure: Callable[[BaseException], bool | None] | None = None,
    ) -> None:
        signals = _Signals()
        self._alive.add(signals)  # keep the QObject alive until the job reports back
        if on_progress is not None:
            signals.progress.connect(on_progress)

        @Slot(object)
        def succeeded(result: Any) -> None:
            self._finish(signals)
            if on_success is not None:
                on_success(result)

        @Slot(object)
        def failed(exc: BaseException) -> None:
            self._finish(signals)
            handled = on_failure(exc) if on_failure is not None else None
            if handled is not True:
                self.error.emit(exc)

        signals.succeeded.connect(succeeded)
        signals.failed.connect(failed)
        self._running += 1
        self.busy_changed.emit(True)
        self.pool.start(_Job(work, signals))

    def _finish(self, signals: _Signals) -> None:
        self._alive.discard(signals)
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return self._running > 0
