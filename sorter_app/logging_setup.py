"""Logs to a rotating file in the per-user log dir (a windowed build has no console)."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from sorter_app.settings import Paths

LOG_FILE = "hub-sorter.log"


def configure_logging(level: int = logging.INFO) -> None:
    """Once per process: INFO to the rotating file (one line per scan decision), warnings to
    stderr when there is one."""
    root = logging.getLogger()
    if getattr(root, "_hub_sorter_configured", False):
        return
    root.setLevel(level)
    log_dir = Paths.for_user().log_dir
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_FILE, maxBytes=10 * 1024 * 1024, backupCount=10, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root.addHandler(handler)
    except OSError as exc:  # a read-only profile must not stop the hub
        if sys.stderr is not None:
            print(f"cannot write logs to {log_dir}: {exc}", file=sys.stderr)
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        root.addHandler(console)
    root._hub_sorter_configured = True  # type: ignore[attr-defined]
