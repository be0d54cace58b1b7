"""The simulator's HTTP server: real sockets on the loopback interface, a thread per connection.

Transport only: bearer-token auth, fault injection, keep-alive bookkeeping. What each route means
is in api.py (the contract) and control.py (`/_sim/`, for tests in another process).
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from sorter_app.platform.simulator.api import API_PREFIX, Api, Reply, Request, error_reply
from sorter_app.platform.simulator.control import CONTROL_PREFIX, handle_control
from sorter_app.platform.simulator.faults import Fault, FaultInjector, FaultSpec
from sorter_app.platform.simulator.state import Simulator

log = logging.getLogger(__name__)

MAX_BODY_BYTES: Final = 16 * 1024 * 1024
# The one token of `sorter-app simulator` and `sorter-app demo` unless told otherwise.
DEFAULT_TOKEN: Final = "dev-token"


def _check_loopback(host: str) -> str:
    """The simulator has a fixed token and no TLS: it must never be reachable from the network."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"the simulator only binds to a loopback address, not {host!r}") from None
    if not address.is_loopback or address.version != 4:
        raise ValueError(f"the simulator only binds to a loopback IPv4 address (127.x), not {host}")
    return host


class SimulatorServer:
    """`with SimulatorServer(Simulator()) as server: requests.get(server.url + "/waves/...")`."""

    def __init__(
        self,
        simulator: Simulator,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = DEFAULT_TOKEN,
        faults: FaultSpec | None = None,
        default_limit: int = 100,
        idle_timeout_s: float = 30.0,
    ) -> None:
        if not token:
            raise ValueError("the token must not be empty")
        self.simulator = simulator
        self.host = _check_loopback(host)
        self.token = token
        self.faults = FaultInjector(faults)
        self.api = Api(simulator, default_limit=default_limit)
        self.idle_timeout_s = idle_timeout_s
        self._requested_port = port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the simulator server is not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The contract's base URL, e.g. http://127.0.0.1:8765/api/v1."""
        return f"http://{self.host}:{self.port}{API_PREFIX}"

    @property
    def control_url(self) -> str:
        return f"http://{self.host}:{self.port}{CONTROL_PREFIX}"

    def start(self) -> SimulatorServer:
        if self._httpd is not None:
            raise RuntimeError("the simulator server is already started")
        httpd = _HTTPServer((self.host, self._requested_port), _Handler, owner=self)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="simulator-http",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut open connections: a client's pooled one must not outlive us."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # idle keep-alive connections would make server_close wait forever
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: Any, *, owner: SimulatorServer) -> None:
        self.owner = owner
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    def track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            _shutdown(connection)


def _shutdown(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the peer
        connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: paging 600 pages must not open 600 connections
    server: _HTTPServer

    def setup(self) -> None:
        self.timeout = self.server.owner.idle_timeout_s  # type: ignore[misc]  # per server, not class
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    # --- one request -----------------------------------------------------------------------------

    def _serve(self) -> None:
        try:
            self._serve_request()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the client gave up (e.g. its read timeout) first
        except Exception:
            traceback.print_exc(file=sys.stderr)
            self._send(error_reply(500, "internal_error", "the simulator failed; see its stderr"))

    def _serve_request(self) -> None:
        owner = self.server.owner
        body = self._read_body()
        if body is None:
            return
        split = urlsplit(self.path)
        path = split.path
        query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        if self.headers.get("Authorization") != f"Bearer {owner.token}":
            self._send(self._unauthorized())
            return
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            request = Request(
                self.command, path[len(CONTROL_PREFIX) :], query, self.headers.get, body
            )
            self._send(handle_control(owner, request))
            return
        if not path.startswith(API_PREFIX + "/"):
            self._send(error_reply(404, "not_found", f"no such resource: {self.command} {path}"))
            return
        request = Request(self.command, path[len(API_PREFIX) :], query, self.headers.get, body)
        self._serve_api(owner, request)

    def _serve_api(self, owner: SimulatorServer, request: Request) -> None:
        fault = owner.faults.draw(request.method, request.path)
        if fault is not None and not fault.after and not self._strike_before(owner, fault):
            return

        def shape(offset: int, limit: int) -> tuple[int, int]:
            return owner.faults.shape_page(request.method, request.path, offset, limit)

        reply = owner.api.handle(request, shape)
        if fault is None or not fault.after:
            self._send(reply)
        elif fault.kind == "500":  # stored, then the answer is lost in a crash
            self._send(_fault_reply(owner, "500"))
        elif fault.kind == "drop":
            self._drop()
        elif fault.kind == "timeout":
            if self._stall(owner):
                self._send(reply)
        else:  # truncate
            self._send(reply, truncate=True)

    def _strike_before(self, owner: SimulatorServer, fault: Fault) -> bool:
        """Inflict a fault before handling; True if the request is still to be answered."""
        if fault.kind in ("500", "503", "429"):
            self._send(_fault_reply(owner, fault.kind))
            return False
        if fault.kind == "drop":
            self._drop()
            return False
        return self._stall(owner)  # timeout: late, then handled normally

    def _stall(self, owner: SimulatorServer) -> bool:
        """Wait past the client's read timeout; False if the server stops meanwhile."""
        if self.server.stopping.wait(owner.faults.spec.timeout_s):
            self._drop()
            return False
        return True

    # --- transport -------------------------------------------------------------------------------

    def _read_body(self) -> bytes | None:
        """The request body, read whole so the connection stays in step; None after a 4xx."""
        raw_length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._send(error_reply(411, "length_required", "send a Content-Length, not chunks"))
            self.close_connection = True
            return None
        try:
            length = int(raw_length) if raw_length else 0
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self._send(error_reply(400, "bad_request", f"bad Content-Length {raw_length!r}"))
            self.close_connection = True
            return None
        return self.rfile.read(length) if length else b""

    def _unauthorized(self) -> Reply:
        given = self.headers.get("Authorization")
        message = "missing bearer token" if not given else "the token is wrong or expired"
        return error_reply(401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})

    def _send(self, reply: Reply, *, truncate: bool = False) -> None:
        body = reply.body()
        self.send_response(reply.status)
        if reply.status != 204:
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if truncate and body:
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self._drop()
            return
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _drop(self) -> None:
        """Close the connection here and now, whatever was (not) sent."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
        _shutdown(self.connection)


def _fault_reply(owner: SimulatorServer, kind: str) -> Reply:
    retry_after = {"Retry-After": str(owner.faults.spec.retry_after_s)}
    if kind == "503":
        return error_reply(
            503, "service_unavailable", "simulated: service unavailable", retry_after
        )
    if kind == "429":
        return error_reply(429, "rate_limited", "simulated: too many requests", retry_after)
    return error_reply(500, "internal_error", "simulated: internal server error")
