"""The platform as the app reaches it: where it is, which hub signs in with which token, and what
the shells ask of it (test the connection, list a date's waves, import a date). The desktop app
and the CLI build no `PlatformClient` themselves; they describe the platform with a
`PlatformLink` and call these functions (the UI through its operations runner)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.wave import WaveSummary
from sorter_app.platform.client import PlatformClient
from sorter_app.secrets import SecretMissing, resolve_token, store_token, token_from_environment
from sorter_app.services.waves.wave_import import (
    DateImportReport,
    ProgressCallback,
    WaveSource,
    import_date,
)
from sorter_app.settings import Settings
from sorter_app.store.database import Store

# A connection test answers in seconds, not after the client's ten patient attempts.
_TEST_ATTEMPTS = 2
_TEST_READ_TIMEOUT_S = 10.0


class NoPlatformUrl(UserFacingError):
    code = "no_platform_url"

    def __init__(self) -> None:
        super().__init__(
            "没有设置平台地址：请在设置中填写", "No platform URL: set it in the settings"
        )


@dataclass(frozen=True)
class PlatformLink:
    """What a platform client is built from. Without a token of its own, the token comes from
    SORTER_API_TOKEN or the OS credential store when a client is needed (it may be saved later)."""

    url: str
    hub_id: str
    token: str | None = None
    ca_bundle: str = ""

    @classmethod
    def from_settings(
        cls, settings: Settings, *, url: str | None = None, token: str | None = None
    ) -> PlatformLink:
        """The settings' platform; `url` (a --api flag, the demo's simulator) overrides theirs."""
        return cls(url or settings.api_url, settings.hub_id, token or None, settings.ca_bundle)

    def resolved_token(self) -> str:
        """The link's token, else the stored one; SecretMissing when there is none."""
        return resolve_token(self.hub_id, self.token)


ClientFactory = Callable[[PlatformLink], WaveSource]


def replace_token(link: PlatformLink, token: str) -> PlatformLink:
    """Save a new platform token in the OS credential store (after the platform refused the old
    one) and return the link to use from now on. When SORTER_API_TOKEN is set it wins: the token
    is saved for later, and the link keeps the environment's."""
    token = token.strip()
    if not token:
        raise UserFacingError("令牌不能为空", "The token cannot be empty", code="empty_token")
    store_token(link.hub_id, token)
    if token_from_environment():
        return link
    return PlatformLink(link.url, link.hub_id, token, link.ca_bundle)


def open_client(
    link: PlatformLink, *, max_attempts: int = 10, read_timeout: float = 30
) -> PlatformClient:
    """A client for the link's platform (NoPlatformUrl without a URL, SecretMissing without a
    token); the caller closes it."""
    if not link.url:
        raise NoPlatformUrl()
    return PlatformClient(
        link.url,
        link.resolved_token(),
        ca_bundle=link.ca_bundle or None,
        max_attempts=max_attempts,
        read_timeout=read_timeout,
    )


def client_if_configured(link: PlatformLink) -> PlatformClient | None:
    """A client, or None while the URL or the token is missing: the senders then wait (platform
    waves' entries stay in the outbox until a token is set, never diverted to a file)."""
    if not link.url:
        return None
    try:
        return open_client(link)
    except SecretMissing:
        return None


def waves_on(link: PlatformLink, delivery_date: date) -> list[WaveSummary]:
    """The hub's waves delivering on that date. Proves URL, TLS and token, so it is the set-up
    wizard's connection test: it fails after two attempts, not ten."""
    client = open_client(link, max_attempts=_TEST_ATTEMPTS, read_timeout=_TEST_READ_TIMEOUT_S)
    with client:
        return client.waves(link.hub_id, delivery_date)


def import_waves(
    store: Store,
    link: PlatformLink,
    delivery_date: date,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    open_source: ClientFactory = open_client,
) -> DateImportReport:
    """Import every closed wave of the date from the link's platform (see
    wave_import.import_date); `open_source` builds the client (tests hand in a slow one)."""
    if not link.url:
        raise NoPlatformUrl()
    source = open_source(link)
    try:
        return import_date(
            store, source, link.hub_id, delivery_date, progress=progress, cancel=cancel
        )
    finally:
        close = getattr(source, "close", None)
        if callable(close):
            close()
