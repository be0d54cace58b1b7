"""The HTTP transport to the platform: one place for TLS, timeouts, retries and error mapping.

Retries are done here rather than by urllib3 so that every transient failure is treated alike:
5xx, 429, timeouts, dropped connections, and a 2xx whose body is cut short or is not JSON (a proxy
or a crash mid-answer) all back off the same way and all honour Retry-After.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from urllib3.exceptions import (
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
)
from urllib3.util.retry import Retry

from sorter_app.platform.errors import (
    CaBundleMissing,
    InsecureUrl,
    PlatformAuthError,
    PlatformHostNotFound,
    PlatformPathNotFound,
    PlatformRejected,
    PlatformTlsError,
    PlatformUnavailable,
    UrlWithoutScheme,
    WaveNotClosed,
)
from sorter_app.version import user_agent

log = logging.getLogger(__name__)

USER_AGENT = user_agent()  # HubSorter/<version>, from pyproject.toml
BACKOFF_FIRST_S = 0.5
BACKOFF_CAP_S = 5.0
RETRY_AFTER_CAP_S = 60.0


@dataclass(frozen=True, slots=True)
class Reply:
    """A successful (2xx) answer; `body` is None when none was asked for (e.g. 204)."""

    status: int
    body: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class _Transient:
    """A failure worth another attempt, and whether the server may already have acted on it."""

    cause: str
    may_have_reached: bool
    retry_after: float | None = None
    exception: BaseException | None = None


def is_loopback_host(host: str) -> bool:
    """True for this machine: localhost, 127.0.0.0/8 and ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> tuple[str, bool]:
    """The base URL without trailing slash and whether it is this machine; InsecureUrl if unsafe."""
    if "://" not in base_url:
        raise UrlWithoutScheme(base_url, _with_scheme(base_url))
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    loopback = is_loopback_host(host)
    secure = parts.scheme == "https" or (parts.scheme == "http" and loopback)
    if not host or not secure:
        raise InsecureUrl(base_url)
    return base_url.rstrip("/"), loopback


def _with_scheme(url: str) -> str:
    """What `url` probably meant: http:// for this machine (the simulator), else https://."""
    bare = url.strip().lstrip("/")
    parts = urlsplit("//" + bare)
    scheme = "http://" if is_loopback_host(parts.hostname or "") else "https://"
    return scheme + bare.rstrip("/") + ("" if parts.path.strip("/") else "/api/v1")


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait per Retry-After header (seconds or HTTP date), capped; None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            return None
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_CAP_S)


def _error_detail(response: requests.Response) -> tuple[str | None, str]:
    """The platform's (code, message) from an error body, tolerating a missing or non-JSON one."""
    content = response.content or b""
    try:
        payload = json.loads(content) if content else None
    except (ValueError, RecursionError):
        payload = None
    if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
        error = payload["error"]
        code = error.get("code")
        message = error.get("message")
        return (
            code if isinstance(code, str) and code else None,
            message if isinstance(message, str) else "",
        )
    return None, content[:200].decode("utf-8", "replace").strip()


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the connection was never made, so the server cannot have seen the request."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError | NameResolutionError)


class _BearerAuth(AuthBase):
    """Sets the token; being an explicit auth, it also stops requests from reading ~/.netrc."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self._header
        return request


class Transport:
    """Sends one request to the platform, retrying what is safe to retry. Not thread-safe."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        ca_bundle: str | Path | None = None,
        max_attempts: int = 10,
        sleep: Callable[[float], object] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.base_url, loopback = check_base_url(base_url)
        token = token.strip()
        if not token:
            raise ValueError("platform token is empty")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if ca_bundle is not None and not Path(ca_bundle).is_file():
            raise CaBundleMissing(str(ca_bundle))
        # Verification is on for every https call; a custom CA bundle replaces the trusted roots, it
        # never turns checking off. Passed per request, because a session-level `verify` loses to
        # REQUESTS_CA_BUNDLE from the environment.
        self._verify: bool | str = str(ca_bundle) if ca_bundle is not None else True
        self._timeout = (connect_timeout, read_timeout)
        self._max_attempts = max_attempts
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._session = requests.Session()
        # Proxy settings from the environment are for the outside world, never for this machine.
        self._session.trust_env = not loopback
        self._session.auth = _BearerAuth(token)
        self._session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        # No urllib3 retries: a second, hidden retry layer would resend POSTs, ignore Retry-After.
        # read=False surfaces read timeouts and drops as themselves rather than as MaxRetryError.
        no_retries = HTTPAdapter(max_retries=Retry(total=0, read=False, redirect=False))
        self._session.mount("https://", no_retries)
        self._session.mount("http://", no_retries)

    def close(self) -> None:
        self._session.close()

    def get(self, path: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """GET a JSON object."""
        reply = self.request("GET", path, params=params)
        assert reply.body is not None
        return reply.body

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: object = None,
        idempotency_key: str | None = None,
        want_json: bool = True,
    ) -> Reply:
        """Send until a 2xx, a permanent error, or attempts run out (then PlatformUnavailable).

        A POST without an idempotency key is resent only when the server cannot have seen it
        (connection never made, or 429): resending it otherwise could act twice.
        """
        url = self.base_url + path
        headers: dict[str, str] = {}
        data: bytes | None = None
        if json_body is not None:
            # Serialised once: every attempt sends the same bytes, as the key's replay check wants.
            data = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        resendable = method.upper() != "POST" or idempotency_key is not None
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(method, url, path, params, data, headers, want_json)
            if isinstance(outcome, Reply):
                return outcome
            if attempt >= self._max_attempts or (outcome.may_have_reached and not resendable):
                raise PlatformUnavailable(path, attempt, outcome.cause) from outcome.exception
            delay = outcome.retry_after
            if delay is None:
                delay = self._backoff(attempt)
            log.warning(
                "platform %s %s attempt %d/%d failed (%s); retrying in %.1f s",
                method,
                path,
                attempt,
                self._max_attempts,
                outcome.cause,
                delay,
            )
            self._sleep(delay)

    def _backoff(self, attempt: int) -> float:
        # Jitter keeps many stations that lost the platform at once from retrying in lockstep.
        ceiling = min(BACKOFF_CAP_S, BACKOFF_FIRST_S * 2 ** (attempt - 1))
        return self._rng.uniform(ceiling / 2, ceiling)

    def _attempt(
        self,
        method: str,
        url: str,
        path: str,
        params: Mapping[str, str] | None,
        data: bytes | None,
        headers: dict[str, str],
        want_json: bool,
    ) -> Reply | _Transient:
        try:
            response = self._session.request(
                method,
                url,
                params=params,
                data=data,
                headers=headers,
                timeout=self._timeout,
                verify=self._verify,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as exc:
            raise PlatformTlsError(url, str(exc)) from exc
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            if _name_not_resolved(exc):
                # A name that does not resolve will not resolve in a second either: say so now.
                raise PlatformHostNotFound(path, urlsplit(url).hostname or url) from exc
            return _Transient(_describe_exception(exc), not _never_sent(exc), exception=exc)
        return self._judge(response, path, want_json)

    def _judge(self, response: requests.Response, path: str, want_json: bool) -> Reply | _Transient:
        status = response.status_code
        if 200 <= status < 300:
            if not want_json:
                return Reply(status, None)
            try:
                body = json.loads(response.content)
            except (ValueError, RecursionError) as exc:
                return _Transient(
                    f"{status} 应答不完整或不是 JSON body truncated or not JSON",
                    True,
                    exception=exc,
                )
            if not isinstance(body, dict):
                return _Transient(f"{status} 应答不是 JSON 对象 body is not a JSON object", True)
            return Reply(status, body)
        if status == 401:
            raise PlatformAuthError(path)
        if status == 429 or status >= 500:
            code, message = _error_detail(response)
            cause = f"{status} {code or ''} {message}".strip()[:200]
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            # A 429 is refused before any work; a 5xx may have failed halfway through it.
            return _Transient(cause, status != 429, retry_after)
        code, message = _error_detail(response)
        if status == 404 and code in (None, "not_found"):
            # No specific code (a web server's or a router's own 404): most likely the base URL
            # lacks its path. A platform's "wave_not_found" and the like are answered as such.
            raise PlatformPathNotFound(self.base_url + path, path, code, message)
        if status == 409 and code == "wave_not_closed":
            raise WaveNotClosed(path, message)
        if 300 <= status < 400:
            location = response.headers.get("Location", "?")
            message = f"重定向到 redirected to {location}；请检查平台地址 check the platform URL"
        raise PlatformRejected(path, status, code, message)


def _name_not_resolved(exc: BaseException) -> bool:
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NameResolutionError)


def _describe_exception(exc: BaseException) -> str:
    """A short bilingual cause for logs and for PlatformUnavailable."""
    if isinstance(exc, requests.ConnectTimeout):
        return "连接超时 connect timeout"
    if isinstance(exc, requests.ReadTimeout):
        return "读取超时 read timeout"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "应答中断 answer cut short"
    reason = exc.args[0] if exc.args else exc
    if isinstance(reason, MaxRetryError) and reason.reason is not None:
        reason = reason.reason
    if isinstance(reason, NameResolutionError):
        return "域名解析失败 host name not found"
    if isinstance(reason, NewConnectionError):
        return "无法连接 cannot connect (refused or unreachable)"
    if isinstance(reason, ProtocolError):
        return "连接中断 connection dropped"
    return f"{type(reason).__name__}"
