"""Getting bytes to a printer: raw TCP (port 9100), serial, CUPS, the Windows spooler, a folder.

Every transport does one thing, `send(data, title=...)`, and says how it failed in one of two
ways: `PrinterUnavailable` (off, unplugged, out of paper, the socket dropped: worth retrying, the
print queue keeps the job) or `PrinterConfigError` (no such queue, a missing module: retrying will
not help until someone fixes the settings). Transports know nothing of the store or the queue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from sorter_app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from printers.profiles import PrinterProfile


class PrinterUnavailable(UserFacingError):
    """The printer did not take the job this time; the same job may go through later."""

    code = "printer_unavailable"


class PrinterConfigError(UserFacingError):
    """The job cannot go through until the printer's settings (or this machine) are fixed."""

    code = "printer_config"


class Transport(Protocol):
    def send(self, data: bytes, *, title: str = "") -> None:
        """Deliver `data` whole, or raise PrinterUnavailable / PrinterConfigError."""
        ...

    def close(self) -> None:
        """Release anything held between jobs (an open serial port)."""
        ...

    def describe(self) -> str:
        """Where the bytes go, for status lines and logs: `tcp 10.0.0.5:9100`."""
        ...


TRANSPORT_KINDS = ("tcp", "serial", "cups", "windows", "folder")


def open_transport(profile: PrinterProfile) -> Transport:
    """The transport a printer profile names. Modules with optional dependencies (pyserial,
    pywin32) are imported only for the printers that use them."""
    kind = profile.transport
    if kind == "tcp":
        from printers.transports.tcp import TcpTransport

        host, port = profile.tcp_endpoint()
        return TcpTransport(host, port, timeout=profile.timeout_s)
    if kind == "serial":
        from printers.transports.serial_port import SerialTransport

        return SerialTransport(
            profile.address, baudrate=profile.baud, flow=profile.flow, timeout=profile.timeout_s
        )
    if kind == "cups":
        from printers.transports.cups import CupsTransport

        return CupsTransport(
            profile.address,
            server=profile.cups_server or None,
            raw=profile.language != "pdf",
            timeout=profile.timeout_s,
        )
    if kind == "windows":
        from printers.transports.windows_spooler import WindowsSpoolerTransport

        return WindowsSpoolerTransport(profile.address, datatype=profile.windows_datatype or None)
    if kind == "folder":
        from printers.transports.folder import FolderTransport

        return FolderTransport(profile.address, extension=profile.file_extension)
    raise PrinterConfigError(
        f"打印机 {profile.name} 的连接方式未知：{kind}",
        f"Printer {profile.name} has an unknown transport: {kind}",
    )
