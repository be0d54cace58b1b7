"""A printer installed in Windows, through the spooler in RAW mode (pywin32's win32print).

UNTESTED HERE: this module is written to the documented Win32 spooler API (OpenPrinter,
StartDocPrinter with a DOC_INFO_1 datatype, WritePrinter, EndDocPrinter) and has only been run on
Linux, where it imports without pywin32 and refuses to send with a clear error. Try it on a
Windows station with a real printer before relying on it.

Datatype: "RAW" hands our bytes to the port untouched. Printers installed with a v4 (XPS-class)
driver garble RAW data; for those the documented pass-through datatype is "XPS_PASS". We detect a
v4 driver from its version number, and a profile can force either with `windows_datatype`. Best
of all, install label printers with the vendor's driver or "Generic / Text Only".
"""

from __future__ import annotations

import logging
from typing import Any

from printers.transports import PrinterConfigError, PrinterUnavailable

log = logging.getLogger(__name__)

try:  # pywin32 exists on Windows only
    import win32print  # type: ignore[import-not-found, unused-ignore]
except ImportError:
    win32print = None

DATATYPES = ("RAW", "XPS_PASS")
# Win32 error codes that no amount of retrying fixes.
_ERROR_INVALID_PRINTER_NAME = 1801
_ERROR_UNKNOWN_PRINTER_DRIVER = 1797
_PERMANENT = {_ERROR_INVALID_PRINTER_NAME, _ERROR_UNKNOWN_PRINTER_DRIVER}


class WindowsSpoolerTransport:
    def __init__(self, printer_name: str, *, datatype: str | None = None) -> None:
        if datatype is not None and datatype not in DATATYPES:
            raise PrinterConfigError(
                f"Windows 打印数据类型无效：{datatype}（可选 RAW、XPS_PASS）",
                f"Unknown Windows spooler datatype {datatype!r}: choose RAW or XPS_PASS",
            )
        self.printer_name = printer_name
        self.datatype = datatype  # None: RAW, or XPS_PASS when the driver is v4

    def describe(self) -> str:
        return f"windows {self.printer_name}"

    def close(self) -> None:
        """Nothing is held between jobs."""

    def send(self, data: bytes, *, title: str = "") -> None:
        spooler = _require_win32print()
        try:
            handle = spooler.OpenPrinter(self.printer_name)
        except Exception as exc:  # pywintypes.error; the module may not be importable here
            raise _spooler_error(self.printer_name, "OpenPrinter", exc) from exc
        try:
            datatype = self.datatype or _datatype_for(spooler, handle)
            spooler.StartDocPrinter(handle, 1, (title or "Hub Sorter", None, datatype))
            try:
                spooler.StartPagePrinter(handle)
                written = spooler.WritePrinter(handle, data)
                spooler.EndPagePrinter(handle)
            finally:
                spooler.EndDocPrinter(handle)
            if written != len(data):
                raise PrinterUnavailable(
                    f"Windows 打印队列只接收了 {written}/{len(data)} 字节（{self.printer_name}）",
                    f"The Windows spooler took only {written} of {len(data)} bytes "
                    f"({self.printer_name})",
                )
        except (PrinterUnavailable, PrinterConfigError):
            raise
        except Exception as exc:
            raise _spooler_error(self.printer_name, "WritePrinter", exc) from exc
        finally:
            spooler.ClosePrinter(handle)


def _require_win32print() -> Any:
    if win32print is None:
        raise PrinterConfigError(
            "Windows 打印队列方式需要 Windows 和 pywin32（pip install pywin32）；"
            "在其他系统上请改用 tcp、serial 或 cups",
            "The Windows spooler transport needs Windows with pywin32 (pip install pywin32); "
            "on other systems use tcp, serial or cups",
        )
    return win32print


def _datatype_for(spooler: Any, handle: Any) -> str:
    """XPS_PASS for a printer with a v4 driver, RAW otherwise (and whenever unsure)."""
    try:
        driver = spooler.GetPrinter(handle, 2)["pDriverName"]
        for info in spooler.EnumPrinterDrivers(None, None, 2):
            if info.get("Name") == driver:
                return "XPS_PASS" if int(info.get("Version", 3)) >= 4 else "RAW"
    except Exception as exc:  # detection is a convenience; RAW is the documented default
        log.info("could not read the driver version of a Windows printer: %s", exc)
    return "RAW"


def _spooler_error(printer: str, call: str, exc: Exception) -> Exception:
    code = getattr(exc, "winerror", None)
    detail = getattr(exc, "strerror", None) or str(exc)
    if code in _PERMANENT:
        return PrinterConfigError(
            f"Windows 中没有可用的打印机“{printer}”（{detail}）：请检查打印机名称",
            f"Windows has no usable printer named {printer!r} ({detail}): check the name",
        )
    return PrinterUnavailable(
        f"Windows 打印队列出错（{call}，{printer}）：{detail}",
        f"The Windows spooler failed ({call}, {printer}): {detail}",
    )
