"""The one wiring: bootstrap builds the store and the platform link from the settings, and the
platform link is the only way the app reaches the platform (a connection test, an import, a
sender that waits without URL or token)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sorter_app.bootstrap import bootstrap
from sorter_app.secrets import SecretMissing
from sorter_app.services.waves.platform_link import (
    NoPlatformUrl,
    PlatformLink,
    client_if_configured,
    import_waves,
    open_client,
    waves_on,
)
from sorter_app.settings import Settings
from sorter_app.store.database import Store
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, running_platform

API = "https://platform.example/api/v1"


def test_bootstrap_opens_the_settings_store_and_finds_the_stored_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SORTER_API_TOKEN", "stored-token")
    settings = Settings(hub_id="HZ07", db_url=f"sqlite:///{tmp_path / 'hub.sqlite'}", api_url=API)
    core = bootstrap(settings)
    try:
        assert core.settings is settings
        assert core.platform == PlatformLink(API, "HZ07", "stored-token", "")
        assert (tmp_path / "hub.sqlite").exists()
        assert core.printer_names == []
    finally:
        core.close()


def test_a_given_store_platform_url_and_token_are_used_as_they_are(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    try:
        core = bootstrap(
            Settings(api_url=API), store=store, platform_url="http://127.0.0.1:9/api/v1", token="t"
        )
        assert core.store is store
        assert (core.platform.url, core.platform.token) == ("http://127.0.0.1:9/api/v1", "t")
    finally:
        store.close()


def test_without_a_url_or_a_token_the_platform_waits(sqlite_url: str) -> None:
    core = bootstrap(Settings(db_url=sqlite_url, api_url=API))
    try:
        assert core.platform.token is None  # none stored: no error until it is used
        assert client_if_configured(core.platform) is None
        assert client_if_configured(replace(core.platform, url="", token="t")) is None
        with pytest.raises(SecretMissing):
            open_client(core.platform)
        with pytest.raises(NoPlatformUrl):
            open_client(PlatformLink("", "HZ01", "t"))
        result = core.send_outbox()  # nothing queued, nothing sent, no client needed
        assert (result.sent, result.waiting) == (0, 0)
    finally:
        core.close()


def test_the_connection_test_and_an_import_go_through_the_link(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    try:
        with running_platform(lines=50) as platform:
            link = PlatformLink(platform.url, "HZ01", TOKEN)
            assert [w.wave_id for w in waves_on(link, DELIVERY)] == [WAVE]
            report = import_waves(store, link, DELIVERY)
            with pytest.raises(NoPlatformUrl):
                import_waves(store, replace(link, url=""), DELIVERY)
        assert [(r.wave_id, r.outcome) for r in report.results] == [(WAVE, "imported")]
    finally:
        store.close()
