"""Opaque page cursors and the `limit` parameter.

A cursor names the list it belongs to and an offset into it, base64-encoded so clients treat it as
opaque. Offsets index a list that only ever grows at its end (added orders, new claims), so a
mutation between two pages neither skips nor repeats items.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Final

from sorter_app.platform.simulator.errors import BadRequest

MAX_LIMIT: Final = 1000


def encode_cursor(list_key: str, offset: int) -> str:
    raw = json.dumps({"l": list_key, "o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, list_key: str) -> int:
    """The offset a cursor points at; BadRequest if it is garbage or from another list."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        offset = payload["o"]
        key = payload["l"]
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError) as exc:
        raise BadRequest(
            f"cursor is not one this server issued: {cursor!r}", code="invalid_cursor"
        ) from exc
    if key != list_key or type(offset) is not int or offset < 0:
        raise BadRequest(f"cursor does not belong to this list: {cursor!r}", code="invalid_cursor")
    return offset


def parse_limit(raw: str | None, default: int) -> int:
    """`limit` from the query: a positive integer; above 1000 the server serves 1000."""
    if raw is None or raw == "":
        return default
    try:
        limit = int(raw)
    except ValueError:
        raise BadRequest(
            f"limit must be an integer, got {raw!r}", code="invalid_parameter"
        ) from None
    if limit < 1:
        raise BadRequest(f"limit must be at least 1, got {limit}", code="invalid_parameter")
    return min(limit, MAX_LIMIT)
