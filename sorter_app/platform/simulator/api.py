"""The contract's routes under /api/v1, from a parsed request to a reply; no sockets here.

The server does transport, auth and fault injection around this.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Protocol
from urllib.parse import unquote

from sorter_app.platform.simulator.errors import BadRequest, NotFound, SimulatorError
from sorter_app.platform.simulator.paging import decode_cursor, encode_cursor, parse_limit
from sorter_app.platform.simulator.state import Simulator

API_PREFIX: Final = "/api/v1"
_WAVE_LISTS: Final = ("communities", "skus", "orders", "claims")


@dataclass
class Reply:
    """Status, JSON payload (None for no body) and extra headers."""

    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> bytes:
        if self.payload is None:
            return b""
        return json.dumps(self.payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error_reply(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Reply:
    """The contract's error body: {"error": {"code": ..., "message": ...}}."""
    return Reply(status, {"error": {"code": code, "message": message}}, headers or {})


class PageShaper(Protocol):
    def __call__(self, offset: int, limit: int) -> tuple[int, int]: ...


def no_shaping(offset: int, limit: int) -> tuple[int, int]:
    return offset, limit


@dataclass
class Request:
    method: str
    path: str  # without the /api/v1 prefix, still percent-encoded: /waves/W20261127-HZ01/orders
    query: Mapping[str, str]
    header: Callable[[str], str | None]
    body: bytes


def path_segments(path: str) -> list[str]:
    """`/waves/wV%3A2026.11.27%2FHZ01/orders` → ["waves", "wV:2026.11.27/HZ01", "orders"].

    Split first, then decode each segment: an ID may hold `/` (sent as %2F) and stays one segment.
    """
    return [unquote(part) for part in path.split("/")[1:]]


def parse_json_body(body: bytes) -> object:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"the body is not UTF-8 JSON: {exc}", code="invalid_json") from exc


class Api:
    """Routes one request to the Simulator and shapes its answer as the contract says."""

    def __init__(self, simulator: Simulator, *, default_limit: int = 100) -> None:
        self.simulator = simulator
        self.default_limit = default_limit

    def handle(self, request: Request, shape_page: PageShaper = no_shaping) -> Reply:
        try:
            return self._route(request, shape_page)
        except MethodNotAllowed as exc:
            return error_reply(exc.status, exc.code, exc.message, {"Allow": exc.allowed})
        except SimulatorError as exc:
            return error_reply(exc.status, exc.code, exc.message)

    def _route(self, request: Request, shape_page: PageShaper) -> Reply:
        parts = path_segments(request.path)
        method = request.method
        sim = self.simulator
        if len(parts) == 3 and parts[0] == "hubs" and parts[2] == "waves" and parts[1]:
            allow(method, "GET")
            delivery_date = _date_param(request.query.get("delivery_date"))
            summaries = sim.wave_summaries(parts[1], delivery_date)
            key = f"waves:{parts[1]}:{delivery_date}"
            return self._page(
                request, key, shape_page, lambda s, n: (summaries[s : s + n], len(summaries))
            )
        if len(parts) < 2 or parts[0] != "waves" or not parts[1]:
            raise NotFound(f"no such resource: {request.method} {API_PREFIX}{request.path}")
        wave_id = parts[1]
        if len(parts) == 2:
            allow(method, "GET")
            return Reply(200, sim.wave_summary(wave_id))
        if len(parts) != 3:
            raise NotFound(f"no such resource: {request.method} {API_PREFIX}{request.path}")
        what = parts[2]
        if what in _WAVE_LISTS:
            allow(method, "GET")
            return self._page(
                request,
                f"{what}:{wave_id}",
                shape_page,
                lambda s, n: sim.page(wave_id, what, s, n),
            )
        if what in ("reports", "dispatches"):
            allow(method, "POST")
            receive = sim.receive_report if what == "reports" else sim.receive_dispatch
            body = parse_json_body(request.body)
            status, answer = receive(wave_id, request.header("Idempotency-Key"), body)
            return Reply(status, answer)
        if what == "hub-status":
            allow(method, "PUT")
            sim.receive_hub_status(wave_id, parse_json_body(request.body))
            return Reply(204)
        raise NotFound(f"no such resource: {request.method} {API_PREFIX}{request.path}")

    def _page(
        self,
        request: Request,
        list_key: str,
        shape_page: PageShaper,
        fetch: Callable[[int, int], tuple[list[dict[str, Any]], int]],
    ) -> Reply:
        limit = parse_limit(request.query.get("limit"), self.default_limit)
        cursor = request.query.get("cursor")
        offset = decode_cursor(cursor, list_key) if cursor else 0
        start, count = shape_page(offset, limit)
        items, total = fetch(start, count)
        end = start + len(items)
        next_cursor = encode_cursor(list_key, end) if end < total else None
        return Reply(200, {"items": items, "next_cursor": next_cursor})


class MethodNotAllowed(SimulatorError):
    status = 405
    code = "method_not_allowed"

    def __init__(self, method: str, allowed: str) -> None:
        super().__init__(f"{method} is not allowed here; use {allowed}")
        self.allowed = allowed


def allow(method: str, allowed: str) -> None:
    """MethodNotAllowed unless the request's method is the route's."""
    if method != allowed:
        raise MethodNotAllowed(method, allowed)


def _date_param(raw: str | None) -> date:
    if not raw:
        raise BadRequest("delivery_date=YYYY-MM-DD is required", code="missing_parameter")
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise BadRequest(f"delivery_date must be YYYY-MM-DD, got {raw!r}", code="invalid_parameter")
