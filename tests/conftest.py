"""Shared fixtures: stores on SQLite and on a real throwaway PostgreSQL cluster."""

from __future__ import annotations

import itertools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg_cluster import PgCluster, find_pg_bin

_db_names = itertools.count(1)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real per-user config, data or credential store."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SORTER_HOME", str(home))
    for var in (
        "SORTER_DB_URL",
        "SORTER_API_URL",
        "SORTER_HUB_ID",
        "SORTER_TZ",
        "SORTER_API_TOKEN",
        "SORTER_CONFIG",
        "SORTER_STATION_ID",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    bin_dir = find_pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install -y postgresql")
    cluster = PgCluster(bin_dir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.sqlite'}"


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> str:
    return pg_cluster.create_database(f"t{next(_db_names)}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on the embedded default and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(f"t{next(_db_names)}")


@pytest.fixture
def store(db_url: str) -> Iterator[object]:
    from sorter_app.store.database import Store

    s = Store.open(db_url)
    try:
        yield s
    finally:
        s.close()
