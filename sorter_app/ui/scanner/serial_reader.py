"""Serial (RS-232 / USB-COM) scanners: pyserial on a background QThread.

The port is found by USB VID/PID (and serial number) each time it is opened, because Windows
hands out a new COM number when a scanner is plugged into another socket. Unplugging ends the
read with an error; the reader then looks for the port again every `retry_s` until it is back.
Every line becomes a `ScanRead(source="serial")` on `line_read`, the same shape the wedge filter
emits, delivered to the main thread by Qt's queued signals.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import serial  # type: ignore[import-untyped]
from PySide6.QtCore import QObject, QThread, Signal
from serial.tools import list_ports  # type: ignore[import-untyped]

from sorter_app.settings import ScannerSettings
from sorter_app.ui.scanner import ScanRead, monotonic_ms

log = logging.getLogger(__name__)

Opener = Callable[[str, int], Any]  # (port or URL, baud rate) -> an open serial.SerialBase


@dataclass(frozen=True)
class SerialConfig:
    port: str = ""  # "COM3", "/dev/ttyACM0", or a pyserial URL such as "loop://"
    vid: int | None = None
    pid: int | None = None
    serial_number: str = ""
    baudrate: int = 9600

    @property
    def enabled(self) -> bool:
        return bool(self.port) or self.vid is not None

    @classmethod
    def from_settings(cls, scanners: ScannerSettings) -> SerialConfig:
        return cls(
            port=scanners.serial_port,
            vid=scanners.serial_vid,
            pid=scanners.serial_pid,
            serial_number=scanners.serial_number,
            baudrate=scanners.serial_baudrate,
        )


def find_port(vid: int, pid: int | None = None, serial_number: str = "") -> str | None:
    """The device name of the first USB serial port with this VID (and PID, serial number)."""
    for info in list_ports.comports():
        if info.vid != vid or (pid is not None and info.pid != pid):
            continue
        if serial_number and info.serial_number != serial_number:
            continue
        return str(info.device)
    return None


def open_port(port: str, baudrate: int) -> Any:
    return serial.serial_for_url(port, baudrate=baudrate, timeout=0.2)


class SerialReader(QThread):
    line_read = Signal(object)  # ScanRead
    status_changed = Signal(str)  # "connected" | "searching" | "disconnected"

    def __init__(
        self,
        config: SerialConfig,
        *,
        opener: Opener = open_port,
        retry_s: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.opener = opener
        self.retry_s = retry_s
        self.status = "searching"
        self.port_name = ""
        self._stopping = threading.Event()

    def stop(self, timeout_ms: int = 3000) -> None:
        self._stopping.set()
        self.wait(timeout_ms)

    def run(self) -> None:
        while not self._stopping.is_set():
            port = self._resolve()
            if port is None:
                self._set_status("searching")
                self._stopping.wait(self.retry_s)
                continue
            try:
                connection = self.opener(port, self.config.baudrate)
            except (serial.SerialException, OSError, ValueError) as exc:
                log.info("serial scanner %s not available: %s", port, exc)
                self._set_status("searching")
                self._stopping.wait(self.retry_s)
                continue
            self.port_name = port
            self._set_status("connected")
            try:
                self._read_lines(connection)
            except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
                # Unplugged: pyserial raises, or the loop port reports itself closed.
                log.warning("serial scanner %s lost: %s", port, exc)
                self._set_status("disconnected")
                self._stopping.wait(self.retry_s)
            finally:
                with contextlib.suppress(Exception):  # a vanished device may fail to close
                    connection.close()

    def _resolve(self) -> str | None:
        if self.config.vid is not None:
            found = find_port(self.config.vid, self.config.pid, self.config.serial_number)
            if found is not None:
                return found
            if not self.config.port:
                return None
        return self.config.port or None

    def _read_lines(self, connection: Any) -> None:
        pending = b""
        while not self._stopping.is_set():
            if not connection.is_open:
                raise serial.SerialException("port closed")
            chunk = connection.read(max(1, connection.in_waiting or 0))
            if not chunk:
                continue
            pending += chunk
            pending = self._emit_complete_lines(pending)

    def _emit_complete_lines(self, pending: bytes) -> bytes:
        while True:
            ends = [i for i in (pending.find(b"\r"), pending.find(b"\n")) if i >= 0]
            if not ends:
                return pending
            end = min(ends)
            line, rest = pending[:end], pending[end + 1 :]
            terminator = "CR" if pending[end : end + 1] == b"\r" else "LF"
            if terminator == "CR" and rest.startswith(b"\n"):
                rest, terminator = rest[1:], "CRLF"
            pending = rest
            text = line.decode("utf-8", errors="replace")
            if text.strip():
                self.line_read.emit(ScanRead(text, "serial", (), terminator, monotonic_ms()))

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)
