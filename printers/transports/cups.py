"""A printer behind CUPS (Linux, macOS): `lp -d QUEUE -o raw`, the job data on standard input.

Thermal printers get their own language untouched (`-o raw`; raw queues are deprecated in CUPS
but `lp -o raw` still works on a normal queue). PDF documents go without `-o raw`, so CUPS
converts them for office printers. Success means CUPS accepted the job into its own queue; from
there CUPS retries the device itself (its ErrorPolicy).
"""

from __future__ import annotations

import os
import re
import subprocess

from printers.transports import PrinterConfigError, PrinterUnavailable

_REQUEST_ID = re.compile(r"request id is (\S+)")
# What lp prints when the queue name is wrong: waiting will not make it right.
_NO_SUCH_QUEUE = ("does not exist", "unknown destination", "no such destination")


class CupsTransport:
    def __init__(
        self,
        queue: str,
        *,
        server: str | None = None,
        raw: bool = True,
        timeout: float = 30.0,
        lp_command: str = "lp",
    ) -> None:
        self.queue = queue
        self.server = server  # host[:port] or a socket path; None = the system's default
        self.raw = raw
        self.timeout = timeout
        self.lp_command = lp_command
        self.last_request_id = ""

    def describe(self) -> str:
        where = f" on {self.server}" if self.server else ""
        return f"cups {self.queue}{where}"

    def close(self) -> None:
        """Nothing is held between jobs."""

    def send(self, data: bytes, *, title: str = "") -> None:
        command = [self.lp_command, "-d", self.queue]
        if self.raw:
            command += ["-o", "raw"]
        if title:
            command += ["-t", _printable(title)]
        env = dict(os.environ)
        if self.server:
            # CUPS_SERVER takes host names and local socket paths alike.
            env["CUPS_SERVER"] = self.server
        try:
            done = subprocess.run(
                command, input=data, capture_output=True, timeout=self.timeout, env=env, check=False
            )
        except FileNotFoundError as exc:
            raise PrinterConfigError(
                "找不到 CUPS 打印命令 lp：请安装 CUPS 客户端（Debian：apt-get install cups-client）",
                "The CUPS command lp is missing: install the CUPS client "
                "(Debian: apt-get install cups-client)",
            ) from exc
        except subprocess.TimeoutExpired as exc:
            raise PrinterUnavailable(
                f"CUPS 在 {self.timeout:g} 秒内没有接收打印任务（队列 {self.queue}）",
                f"CUPS did not take the job within {self.timeout:g} s (queue {self.queue})",
            ) from exc
        message = (done.stderr or b"").decode("utf-8", "replace").strip()
        if done.returncode != 0:
            if any(words in message.lower() for words in _NO_SUCH_QUEUE):
                raise PrinterConfigError(
                    f"CUPS 中没有打印队列 {self.queue}（{message}）",
                    f"CUPS has no printer queue {self.queue} ({message})",
                )
            raise PrinterUnavailable(
                f"CUPS 拒绝了打印任务（队列 {self.queue}）：{message or done.returncode}",
                f"CUPS refused the job (queue {self.queue}): {message or done.returncode}",
            )
        match = _REQUEST_ID.search((done.stdout or b"").decode("utf-8", "replace"))
        self.last_request_id = match.group(1) if match else ""


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)[:200]
