"""Raw TCP to a network label printer (JetDirect / "raw" port 9100).

One connection per job. After the last byte we half-close and wait for the printer to close its
side: a port-9100 printer reads to end of file and then hangs up, so a clean close means it took
every byte, while a reset means it dropped the connection with our data unread. Without that wait
a printer switched off mid-job could look delivered: the kernel accepts the bytes, not the printer.
"""

from __future__ import annotations

import logging
import socket

from printers.transports import PrinterUnavailable

log = logging.getLogger(__name__)

DEFAULT_PORT = 9100


class TcpTransport:
    def __init__(
        self,
        host: str,
        port: int = DEFAULT_PORT,
        *,
        timeout: float = 10.0,
        eof_timeout: float = 5.0,
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        # Some printers keep the socket open after the job; do not wait on them for long.
        self.eof_timeout = eof_timeout

    def describe(self) -> str:
        return f"tcp {self.host}:{self.port}"

    def close(self) -> None:
        """Nothing is held between jobs."""

    def send(self, data: bytes, *, title: str = "") -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            raise PrinterUnavailable(
                f"无法连接打印机 {self.host}:{self.port}（{_reason_zh(exc)}）：请检查电源和网线",
                f"Cannot connect to the printer at {self.host}:{self.port} ({_reason_en(exc)}): "
                "check that it is on and plugged in",
            ) from exc
        with sock:
            try:
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
                self._wait_for_close(sock)
            except OSError as exc:
                raise PrinterUnavailable(
                    f"发送到打印机 {self.host}:{self.port} 时连接中断（{_reason_zh(exc)}）",
                    f"The connection to the printer at {self.host}:{self.port} dropped while "
                    f"sending ({_reason_en(exc)})",
                ) from exc

    def _wait_for_close(self, sock: socket.socket) -> None:
        sock.settimeout(self.eof_timeout)
        try:
            # Printers may answer with status bytes; read past them to the end of the stream.
            while sock.recv(4096):
                pass
        except TimeoutError:
            log.info("printer %s:%s kept the connection open after the job", self.host, self.port)


def _reason_en(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by the printer"
    if isinstance(exc, BrokenPipeError):
        return "the printer closed the connection"
    if isinstance(exc, TimeoutError):
        return "no answer"
    return exc.strerror or str(exc) or type(exc).__name__


def _reason_zh(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return "打印机断开了连接"
    if isinstance(exc, TimeoutError):
        return "无响应"
    return exc.strerror or str(exc) or type(exc).__name__
