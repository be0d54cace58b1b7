"""A label printer on a serial or USB-serial port (pyserial): `COM3`, `/dev/ttyUSB0`, or any
pyserial URL (`loop://` in tests, `rfc2217://host:port` for a serial server).

The port stays open between jobs: opening a USB-serial adapter is slow and another program could
take the port in between. Any error closes it, and the next job opens it again, so unplugging the
printer and plugging it back in needs nothing from the user.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import serial

from printers.transports import PrinterConfigError, PrinterUnavailable

FLOW_CONTROLS = ("none", "rtscts", "xonxoff")

Opener = Callable[..., Any]  # serial.serial_for_url or anything with its signature


class SerialTransport:
    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 9600,
        flow: str = "none",
        timeout: float = 10.0,
        opener: Opener = serial.serial_for_url,
    ) -> None:
        if flow not in FLOW_CONTROLS:
            raise PrinterConfigError(
                f"串口流控设置无效：{flow}（可选 none、rtscts、xonxoff）",
                f"Unknown serial flow control {flow!r}: choose none, rtscts or xonxoff",
            )
        self.port_name = port
        self.baudrate = baudrate
        self.flow = flow
        # Bounds a write the printer never drains (paper out with flow control on).
        self.timeout = timeout
        self._opener = opener
        self._port: Any | None = None

    def describe(self) -> str:
        return f"serial {self.port_name} {self.baudrate} baud"

    def send(self, data: bytes, *, title: str = "") -> None:
        port = self._open()
        try:
            port.write(data)
            port.flush()  # returns once the bytes have left the UART
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise PrinterUnavailable(
                f"向串口打印机 {self.port_name} 发送失败（{exc}）：请检查连线和打印机电源",
                f"Sending to the serial printer on {self.port_name} failed ({exc}): "
                "check the cable and that the printer is on",
            ) from exc

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            # An unplugged port may fail to close: there is nothing left to release then.
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()

    def _open(self) -> Any:
        if self._port is not None:
            return self._port
        try:
            self._port = self._opener(
                self.port_name,
                baudrate=self.baudrate,
                rtscts=self.flow == "rtscts",
                xonxoff=self.flow == "xonxoff",
                timeout=self.timeout,
                write_timeout=self.timeout,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterUnavailable(
                f"无法打开串口 {self.port_name}（{exc}）：请检查打印机是否连接、端口号是否正确",
                f"Cannot open serial port {self.port_name} ({exc}): check that the printer is "
                "connected and the port name is right",
            ) from exc
        return self._port
