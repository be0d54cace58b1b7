"""The simulator's state file: what the platform received and how the world was changed.

Generated wave data is not stored (it is regenerated from the seed); only what a restart must not
forget. Each write goes to a temporary file in the same directory and replaces the old one, so a
crash mid-write leaves the previous state intact.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Final

FORMAT: Final = "hub-sorter-simulator-state"
VERSION: Final = 1


def load_state(path: Path, config: dict[str, Any]) -> dict[str, Any] | None:
    """The saved state, or None if there is no file yet; ValueError if it is unusable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        state = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"simulator state file {path} is not valid JSON: {exc}") from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ValueError(f"{path} is not a simulator state file")
    if state.get("version") != VERSION:
        raise ValueError(
            f"simulator state file {path} has version {state.get('version')!r}, expected {VERSION}"
        )
    saved = state.get("config")
    if saved != config:
        # Mutations name orders and lines of generated waves: other options leave them dangling.
        raise ValueError(
            f"simulator state file {path} was written for {saved}, not {config}; "
            "use the same options or another state file"
        )
    return state


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Write atomically: temp file in the same directory, fsync, then os.replace."""
    document = {"format": FORMAT, "version": VERSION, **state}
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
