"""The token banner (sorter_app.ui.token_banner) over the supervisor screens: when the platform
(the simulator, over HTTP) refuses the token, the outbox sender pauses and the banner says so; a
new token entered there goes to the credential store, and the banner goes once a send with it
succeeds. With SORTER_API_TOKEN set, the environment wins and the banner says so."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pytestqt.qtbot import QtBot

from sorter_app.secrets import KEYRING_SERVICE
from sorter_app.services.people.roster import Person
from sorter_app.services.waves.wave_import import import_date
from sorter_app.settings import load_settings
from sorter_app.store.database import Store
from sorter_app.ui.background import BackgroundWork
from sorter_app.ui.context import UiContext
from sorter_app.ui.events import AppEvents
from sorter_app.ui.i18n import Translations
from sorter_app.ui.operations import Operations
from sorter_app.ui.scanner.wedge import WedgeFilter
from tests.doubles import FakeSound, FakeSpeech, MemoryKeyring
from tests.outbox_support import outbox_entries, queue_reports, received_reports
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, Platform, running_platform

OLD_TOKEN = "revoked-token"
SUPERVISOR = Person("SUP1", "李班长", "supervisor")


@contextmanager
def app_on_platform(qtbot: QtBot, store: Store, platform: Platform) -> Iterator[tuple]:  # type: ignore[type-arg]
    """The main window and its background work over the simulator, with a token it refuses."""
    from sorter_app.ui.main_window import MainWindow

    translations = Translations()
    translations.set_language("zh_CN")
    ctx = UiContext(
        store=store,
        settings=load_settings(),
        events=AppEvents(),
        ops=Operations(),
        platform_url=platform.url,
        platform_token=OLD_TOKEN,
        wave_id=WAVE,
    )
    window = MainWindow(
        ctx,
        translations=translations,
        wedge=WedgeFilter(clock=lambda: 10_000.0),
        sound=FakeSound(),
        speech=FakeSpeech(),
    )
    window.show()
    qtbot.waitExposed(window)
    work = BackgroundWork(ctx, outbox_period_s=0.2, schedule_tick_s=3600)
    try:
        yield window, ctx, work
    finally:
        work.shutdown()
        window.shutdown()
        qtbot.waitUntil(lambda: not ctx.ops.busy, timeout=10_000)
        window.close()
        window.deleteLater()
        qtbot.wait(1)


@pytest.fixture
def platform_store(sqlite_url: str) -> Iterator[tuple[Platform, Store, list[str]]]:
    with running_platform(communities=6, skus=8, lines=80, seed=5) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        keys = queue_reports(store, platform, WAVE, 2)
        try:
            yield platform, store, keys
        finally:
            store.close()


def test_the_banner_shows_while_the_token_is_refused_and_goes_once_a_new_one_works(
    qtbot: QtBot, vault: MemoryKeyring, platform_store: tuple[Platform, Store, list[str]]
) -> None:
    platform, store, keys = platform_store
    with app_on_platform(qtbot, store, platform) as (window, ctx, work):
        window.set_supervisor(SUPERVISOR)
        assert window.show_screen("outbox")
        banner = window.token_banner
        assert not banner.isVisible()
        work.start()
        qtbot.waitUntil(banner.isVisible, timeout=20_000)
        assert "平台拒绝了访问令牌" in banner.text.text()
        assert "SORTER_API_TOKEN" not in banner.text.text()
        assert platform.sim.reports(WAVE) == []
        # Not over the station screen: the workers sort on, the supervisor screens say it.
        window.show_screen("station")
        assert not banner.isVisible()
        window.show_screen("dashboard")
        assert banner.isVisible()

        banner.ask_token = lambda: TOKEN  # type: ignore[method-assign]
        banner.enter_button.click()
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20_000)
        assert vault.passwords[(KEYRING_SERVICE, "api-token:HZ01")] == TOKEN
        assert ctx.platform_token == TOKEN
        qtbot.waitUntil(
            lambda: {s for _, s, _ in outbox_entries(store, WAVE)} == {"sent"}, timeout=20_000
        )
    assert received_reports(platform, WAVE) == {key: 1 for key in keys}


def test_with_the_token_in_the_environment_the_banner_says_it_wins(
    qtbot: QtBot,
    platform_store: tuple[Platform, Store, list[str]],
    vault: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    platform, store, _keys = platform_store
    monkeypatch.setenv("SORTER_API_TOKEN", OLD_TOKEN)
    with app_on_platform(qtbot, store, platform) as (window, ctx, work):
        window.set_supervisor(SUPERVISOR)
        assert window.show_screen("jobs")
        banner = window.token_banner
        work.start()
        qtbot.waitUntil(banner.isVisible, timeout=20_000)
        assert "SORTER_API_TOKEN" in banner.text.text()
        banner.ask_token = lambda: TOKEN  # type: ignore[method-assign]
        banner.enter_button.click()
        qtbot.waitUntil(lambda: not ctx.ops.busy, timeout=10_000)
        # Saved for later, but the environment's token is the one used: still refused.
        assert vault.passwords[(KEYRING_SERVICE, "api-token:HZ01")] == TOKEN
        assert ctx.platform_token == OLD_TOKEN
        qtbot.wait(600)
        assert banner.isVisible() and "SORTER_API_TOKEN" in banner.text.text()
