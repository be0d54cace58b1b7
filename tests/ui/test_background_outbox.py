"""The desktop app's outbox sender (issue 9, item 2): without a token a platform wave's reports
wait in the outbox, neither delivered nor written to a file; once the token is there, the
platform receives each exactly once."""

from __future__ import annotations

import time
from collections.abc import Callable

from sorter_app.services.waves.wave_import import import_date
from sorter_app.settings import load_settings
from sorter_app.store.database import Store
from sorter_app.ui.background import BackgroundWork
from sorter_app.ui.context import UiContext
from sorter_app.ui.events import AppEvents
from sorter_app.ui.operations import Operations
from tests.outbox_support import exported_files, outbox_entries, queue_reports, received_reports
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, running_platform


def _until(condition: Callable[[], object], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the background sender did not get there in time"
        time.sleep(0.05)


def test_the_desktop_sender_without_a_token_keeps_reports_then_delivers_each_once(
    qapp: object, sqlite_url: str
) -> None:
    with running_platform(communities=6, skus=8, lines=80, seed=5) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        keys = queue_reports(store, platform, WAVE, 3)
        # The app knows the platform's URL, but no token was saved (none in the environment or
        # the credential store either).
        ctx = UiContext(
            store=store,
            settings=load_settings(),
            events=AppEvents(),
            ops=Operations(),
            platform_url=platform.url,
        )
        work = BackgroundWork(ctx)
        work.start()
        try:
            _until(lambda: work.outbox_waiting_for_platform)  # a round ran and found them
        finally:
            work.shutdown()
        assert work.outbox_waiting_for_platform == {WAVE: 4}
        assert {status for _, status, _ in outbox_entries(store, WAVE)} == {"pending"}
        assert exported_files() == []
        assert platform.sim.reports(WAVE) == [] and platform.sim.hub_status(WAVE) == {}

        ctx.platform_token = TOKEN  # saved in the settings screen
        work = BackgroundWork(ctx)
        work.start()
        try:
            _until(lambda: {s for _, s, _ in outbox_entries(store, WAVE)} == {"sent"})
        finally:
            work.shutdown()
        assert work.outbox_waiting_for_platform == {}
        assert received_reports(platform, WAVE) == {key: 1 for key in keys}
        assert list(platform.sim.hub_status(WAVE)) == ["imported"]
        assert exported_files() == []
        store.close()
