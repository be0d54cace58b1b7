"""A loopback HTTP server that answers from a script, so each platform fault is deterministic.

    with ScriptedServer() as server:
        server.route("GET", "/waves/W1", Script(Json(500, {}), Json(200, summary)))
        client = PlatformClient(server.base_url, "token", sleep=sleeps.append)

Routes map (method, path without the /api/v1 prefix) to a handler that gets the recorded request
and returns an Action: a JSON answer, raw bytes, a dropped connection, a stall, a truncated body.
Every request is recorded in `server.requests`.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

PREFIX = "/api/v1"


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Action:
    def perform(self, handler: _Handler) -> None:
        raise NotImplementedError


@dataclass
class Raw(Action):
    """Any status with the given bytes; `length=False` omits Content-Length and closes instead."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "application/json"
    length: bool = True

    def perform(self, handler: _Handler) -> None:
        handler.send_response(self.status)
        if self.content_type and self.body:
            handler.send_header("Content-Type", self.content_type)
        for name, value in self.headers.items():
            handler.send_header(name, value)
        if self.length:
            handler.send_header("Content-Length", str(len(self.body)))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        handler.wfile.write(self.body)


def Json(status: int, body: Any, headers: dict[str, str] | None = None) -> Raw:
    return Raw(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), headers or {})


def Error(status: int, code: str, message: str = "", headers: dict[str, str] | None = None) -> Raw:
    """An error answer shaped as the contract says."""
    return Json(status, {"error": {"code": code, "message": message}}, headers)


@dataclass
class Drop(Action):
    """Close the connection unanswered, after reading the request: it did reach the server."""

    def perform(self, handler: _Handler) -> None:
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)


@dataclass
class Truncated(Action):
    """Announce the whole body's length, send only the first part, then close."""

    status: int
    body: bytes
    sent: int

    def perform(self, handler: _Handler) -> None:
        handler.send_response(self.status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        handler.wfile.write(self.body[: self.sent])
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)


@dataclass
class Stall(Action):
    """Say nothing for a while (longer than the client's read timeout), then maybe answer."""

    seconds: float
    then: Action | None = None

    def perform(self, handler: _Handler) -> None:
        time.sleep(self.seconds)
        if self.then is not None:
            self.then.perform(handler)
        else:
            handler.close_connection = True


Handler = Callable[[Recorded], Action]


class Script:
    """Answers in order; the last answer repeats once the script runs out."""

    def __init__(self, *actions: Action) -> None:
        self._actions = list(actions)
        self._lock = threading.Lock()

    def __call__(self, request: Recorded) -> Action:
        with self._lock:
            return self._actions.pop(0) if len(self._actions) > 1 else self._actions[0]


class Paged:
    """A paged list: page i is served for cursor `p{i}` (page 0 without a cursor).

    `faults[i]` are answered, in order, before page i is served.
    """

    def __init__(
        self, pages: list[list[Any]], faults: dict[int, list[Action]] | None = None
    ) -> None:
        self.pages = pages
        self.faults = {index: list(actions) for index, actions in (faults or {}).items()}
        self._lock = threading.Lock()

    def __call__(self, request: Recorded) -> Action:
        cursor = request.query.get("cursor")
        index = 0 if cursor is None else int(cursor.removeprefix("p"))
        with self._lock:
            pending = self.faults.get(index)
            if pending:
                return pending.pop(0)
        next_cursor = f"p{index + 1}" if index + 1 < len(self.pages) else None
        return Json(200, {"items": self.pages[index], "next_cursor": next_cursor})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, delayed ACKs add ~40 ms each.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = parts.path.removeprefix(PREFIX)
        request = Recorded(
            method=self.command,
            path=path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        scripted = self.server.scripted
        with scripted.lock:
            scripted.requests.append(request)
            handler = scripted.routes.get((self.command, path))
        action = handler(request) if handler else Error(404, "not_found", f"no route {path}")
        try:
            action.perform(self)
        except OSError:
            # The client gave up (read timeout) before a stalled answer: nothing to do.
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    scripted: ScriptedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class ScriptedServer:
    """Serves on 127.0.0.1 at a free port in a background thread; use as a context manager."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.requests: list[Recorded] = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.scripted = self
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self._server.server_port}{PREFIX}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def route(self, method: str, path: str, handler: Handler | Action) -> None:
        if isinstance(handler, Action):
            handler = Script(handler)
        with self.lock:
            self.routes[(method, path)] = handler

    def requests_to(self, method: str, path: str) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.method == method and r.path == path]

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
