"""A folder as a printer: each job becomes one file. For tests, for "print to file", and for
printers fed by some other program that watches a folder.

Files are named `{time}-{title}.{ext}` so that a listing sorts in the order the jobs were sent,
and appear whole: each is written under a temporary name and then renamed.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

from printers.transports import PrinterUnavailable

_lock = threading.Lock()
_last_stamp = 0


class FolderTransport:
    def __init__(self, folder: str | Path, *, extension: str = "bin") -> None:
        self.folder = Path(folder)
        self.extension = extension.lstrip(".")

    def describe(self) -> str:
        return f"folder {self.folder}"

    def close(self) -> None:
        """Nothing is held between jobs."""

    def send(self, data: bytes, *, title: str = "") -> None:
        name = f"{_next_stamp():020d}-{_safe(title) or 'job'}.{self.extension}"
        target = self.folder / name
        partial = self.folder / f".{name}.partial"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(partial, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
        except OSError as exc:
            with contextlib.suppress(OSError):  # the folder itself may be what is missing
                partial.unlink(missing_ok=True)
            raise PrinterUnavailable(
                f"无法写入打印文件夹 {self.folder}（{exc.strerror or exc}）",
                f"Cannot write to the print folder {self.folder} ({exc.strerror or exc})",
            ) from exc


def _next_stamp() -> int:
    """Nanoseconds since the epoch, strictly increasing within this process."""
    global _last_stamp
    with _lock:
        _last_stamp = max(time.time_ns(), _last_stamp + 1)
        return _last_stamp


def _safe(title: str) -> str:
    # Letters (Chinese included), digits, '-' and '_' are safe in file names on every system.
    kept = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in title.strip())
    return kept.strip("._")[:80]
