"""The import in a child process over both databases the app supports: the child opens its own
store from the URL and the parent reads what it wrote."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sorter_app.services.views.wave_queries import list_waves
from sorter_app.services.waves.import_process import import_waves_in_child
from sorter_app.services.waves.platform_link import PlatformLink
from sorter_app.services.waves.wave_import import ImportProgress
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, running_platform


@pytest.mark.parametrize("database", ["sqlite_url", "pg_url"])
def test_the_child_imports_into_the_parents_database(
    database: str, request: pytest.FixtureRequest
) -> None:
    store = Store.open(request.getfixturevalue(database))
    stages: list[str] = []
    try:
        with running_platform(communities=8, skus=12, lines=200) as platform:
            report = import_waves_in_child(
                store,
                PlatformLink(platform.url, "HZ01", TOKEN),
                DELIVERY,
                progress=lambda p: (
                    stages.append(p.stage) if isinstance(p, ImportProgress) else None
                ),
            )
        [result] = report.results
        assert (result.wave_id, result.outcome, result.lines) == (WAVE, "imported", 200)
        assert [w.wave_id for w in list_waves(store)] == [WAVE]
        with store.read() as s:
            assert s.scalar(select(func.count()).select_from(tables.Crate))
        assert stages[-1] == "done" and "planning" in stages
    finally:
        store.close()
