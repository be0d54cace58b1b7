"""Logs to a rotating file in the per-user log dir (a windowed build has no console).

Whatever escapes a command or the desktop app is written here with its full traceback; the user
sees one line naming `log_file_path()`.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from sorter_app.settings import Paths

LOG_FILE = "hub-sorter.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

# `log.error(..., extra=FILE_ONLY)`: for the log file only, when the user is told another way.
FILE_ONLY: dict[str, object] = {"file_only": True}

_file_handler: logging.handlers.RotatingFileHandler | None = None
_console_handler: logging.Handler | None = None


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (None in a windowed build: nothing).

    One line per record: tracebacks go to the log file only, never to a user's screen."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> TextIO | None:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass  # always the current sys.stderr

    def emit(self, record: logging.LogRecord) -> None:
        if sys.stderr is None or getattr(record, "file_only", False):
            return
        if record.exc_info or record.exc_text or record.stack_info:
            record = logging.makeLogRecord(record.__dict__)
            record.exc_info = record.exc_text = record.stack_info = None
        super().emit(record)


def configure_logging(level: int = logging.INFO) -> None:
    """INFO to the rotating file (one line per scan decision), warnings to stderr when there is
    one. Called again, it only moves the file when the log dir changed (SORTER_HOME in tests)."""
    global _file_handler, _console_handler
    root = logging.getLogger()
    root.setLevel(level)
    log_dir = Paths.for_user().log_dir
    if _file_handler is None or Path(_file_handler.baseFilename).parent != log_dir.absolute():
        if _file_handler is not None:
            root.removeHandler(_file_handler)
            _file_handler.close()
            _file_handler = None
        _file_handler = _open_file_handler(log_dir)
        if _file_handler is not None:
            root.addHandler(_file_handler)
            _file_handler.handle(_start_record())
    if _console_handler is None:
        _console_handler = _StderrHandler()
        _console_handler.setLevel(logging.WARNING)
        root.addHandler(_console_handler)


def _start_record() -> logging.LogRecord:
    """This process's first line in the file: which version wrote what follows (support asks)."""
    from sorter_app.version import app_version

    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    return logging.makeLogRecord(
        {
            "name": "sorter_app",
            "levelno": logging.INFO,
            "levelname": "INFO",
            "msg": "Hub Sorter %s started (%s, Python %s, %s, pid %d)",
            "args": (app_version(), frozen, sys.version.split()[0], sys.platform, os.getpid()),
        }
    )


def _open_file_handler(log_dir: Path) -> logging.handlers.RotatingFileHandler | None:
    # A read-only profile must not stop the hub: fall back to the temp folder, so that a
    # traceback still has somewhere to go.
    for folder in (log_dir, Path(tempfile.gettempdir()) / "hub-sorter-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                folder.absolute() / LOG_FILE,
                maxBytes=10 * 1024 * 1024,
                backupCount=10,
                encoding="utf-8",
            )
        except OSError as exc:
            if sys.stderr is not None:
                print(f"cannot write logs to {folder}: {exc}", file=sys.stderr)
            continue
        handler.setFormatter(logging.Formatter(FORMAT))
        return handler
    return None


def log_file_path() -> Path | None:
    """The file the log is being written to, or None when no folder would take it."""
    return Path(_file_handler.baseFilename) if _file_handler is not None else None
