"""The app's one version: `version` in pyproject.toml, read back through the package metadata.

A frozen build carries the metadata (build.spec: `copy_metadata("hub-sorter")`) and, in case a
packager drops it, `sorter_app/VERSION` written by build.spec from pyproject.toml; a checkout
that was never installed reads pyproject.toml itself. No number is written twice by hand.
"""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _metadata_version
from pathlib import Path

DISTRIBUTION = "hub-sorter"
VERSION_FILE = "VERSION"  # beside this module in a frozen build
UNKNOWN = "0+unknown"


@cache
def app_version() -> str:
    """The version string, e.g. "0.1.0"."""
    try:
        return _metadata_version(DISTRIBUTION)
    except PackageNotFoundError:
        pass
    for read in (_bundled_file, _pyproject):
        found = read()
        if found:
            return found
    return UNKNOWN


def user_agent() -> str:
    """What the platform client says it is: `HubSorter/<version>`."""
    return f"HubSorter/{app_version()}"


def _bundled_file() -> str | None:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    path = base / "sorter_app" / VERSION_FILE
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _pyproject() -> str | None:
    path = Path(__file__).resolve().parents[1] / "pyproject.toml"
    try:
        with path.open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None
