"""Breaking one field of one record on purpose, so tests can see how a client handles bad data."""

from __future__ import annotations

import json
import re
from typing import Any, Final

from sorter_app.platform.simulator.errors import BadRequest


class _Delete:
    """Pass as the value to remove the field instead of setting it."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE: Final = _Delete()

_INDEX = re.compile(r"\[(\d+)\]")


def split_path(field: str) -> list[str]:
    """`lines[0].qty` or `lines.0.qty` → ["lines", "0", "qty"]."""
    parts = _INDEX.sub(r".\1", field).split(".")
    if not field or any(not part for part in parts):
        raise BadRequest(f"not a field path: {field!r}", code="invalid_parameter")
    return parts


def check_value(value: object) -> None:
    if value is DELETE:
        return
    try:
        json.dumps(value)
    except (TypeError, ValueError) as exc:
        raise BadRequest(
            f"value must be JSON-serialisable: {value!r}", code="invalid_parameter"
        ) from exc


def apply(record: dict[str, Any], parts: list[str], value: object) -> None:
    """Set (or with DELETE remove) the field at `parts` in a record the caller owns."""
    target: Any = record
    try:
        for part in parts[:-1]:
            target = target[int(part)] if isinstance(target, list) else target[part]
        last = parts[-1]
        if isinstance(target, list):
            if value is DELETE:
                del target[int(last)]
            else:
                target[int(last)] = value
        elif isinstance(target, dict):
            if value is DELETE:
                del target[last]
            else:
                target[last] = value
        else:
            raise TypeError(f"{type(target).__name__} has no fields")
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        raise BadRequest(
            f"no field {'.'.join(parts)} in this record ({exc})", code="invalid_parameter"
        ) from exc
