"""Where a scan goes: to the workflow, never to whatever widget has focus.

A dialog that wants scans while it is open (the supervisor PIN dialog takes a badge) pushes a
consumer and pops it when it closes; otherwise the main window's current workflow gets the scan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from sorter_app.ui.scanner import ScanRead

log = logging.getLogger(__name__)

Consumer = Callable[[ScanRead], bool]  # True when it took the scan


class ScanRouter(QObject):
    delivered = Signal(object)  # every read, after it was handled (the set-up page listens)

    def __init__(self, workflow: Consumer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workflow = workflow
        self._consumers: list[Consumer] = []

    def push(self, consumer: Consumer) -> None:
        self._consumers.append(consumer)

    def pop(self, consumer: Consumer) -> None:
        if consumer in self._consumers:
            self._consumers.remove(consumer)

    def deliver(self, read: ScanRead) -> None:
        for consumer in reversed(self._consumers):
            if consumer(read):
                break
        else:
            self.workflow(read)
        self.delivered.emit(read)
