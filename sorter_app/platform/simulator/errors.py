"""What the simulator refuses, each with the HTTP status and error code the contract's body carries.

The Python API raises these too, so a test that calls `Simulator` directly sees the same refusal an
HTTP client would.
"""

from __future__ import annotations


class SimulatorError(Exception):
    """A refusal: `status` and `code` go into `{"error": {"code", "message"}}`."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class BadRequest(SimulatorError, ValueError):
    status = 400
    code = "bad_request"


class NotFound(SimulatorError, LookupError):
    status = 404
    code = "not_found"


class Conflict(SimulatorError):
    status = 409
    code = "conflict"


class Unprocessable(SimulatorError, ValueError):
    """422: well-formed JSON that breaks the contract, or a reused idempotency key."""

    status = 422
    code = "invalid_body"
