"""The store's durability settings and migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from sorter_app.store.database import Store
from sorter_app.store.migrate import DatabaseTooNew, current_revision, upgrade_database


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    with store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_migrations_are_applied_and_rerun_harmlessly(db_url: str) -> None:
    store = Store.open(db_url)
    upgrade_database(store.engine)
    with store.engine.connect() as conn:
        assert current_revision(conn) is not None
        tables = set(store.engine.dialect.get_table_names(conn))
    assert {
        "waves",
        "communities",
        "skus",
        "orders",
        "order_lines",
        "import_log",
        "sort_tasks",
    } <= tables


def test_a_database_from_a_newer_app_is_refused(db_url: str) -> None:
    store = Store.open(db_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    with pytest.raises(DatabaseTooNew) as caught:
        upgrade_database(store.engine)
    assert "newer" in caught.value.message_en and "升级" in caught.value.message_zh


def test_two_writers_reading_then_writing_queue_instead_of_failing(sqlite_url: str) -> None:
    """BEGIN IMMEDIATE: the second read-then-write waits for the first instead of 'database is locked'."""
    store = Store.open(sqlite_url)
    with store.write() as session:
        session.execute(text("CREATE TABLE counter (n INTEGER)"))
        session.execute(text("INSERT INTO counter VALUES (0)"))
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for _ in range(50):
                with store.write() as session:
                    n = session.execute(text("SELECT n FROM counter")).scalar_one()
                    session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as exc:  # pragma: no cover - the failure this test is about
            errors.append(exc)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    with store.read() as session:
        assert session.execute(text("SELECT n FROM counter")).scalar_one() == 200


def test_postgres_migrations_from_two_stations_at_once(pg_url: str) -> None:
    """The advisory lock makes concurrent start-ups migrate once, not collide."""
    errors: list[BaseException] = []

    def start_station() -> None:
        try:
            Store.open(pg_url).close()
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=start_station) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []


def test_the_head_read_from_the_migration_files_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    from sorter_app.store.migrate import alembic_config, head_revisions

    assert head_revisions() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_database_at_the_head_opens_without_loading_alembic(sqlite_url: str) -> None:
    """Every start opens the store; one at the head must not pay for alembic (a fifth of a
    second of the start-up); one behind it is still migrated."""
    import subprocess
    import sys

    probe = (
        "import sys; from sorter_app.store.database import Store; "
        f"Store.open({sqlite_url!r}).close(); print('alembic' in sys.modules)"
    )

    def opens_with_alembic() -> bool:
        run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout.strip() == "True"

    assert opens_with_alembic()  # a new database: migrated
    assert not opens_with_alembic()  # at the head: one query, no alembic
    from alembic import command

    from sorter_app.store.migrate import alembic_config, head_revisions

    store = Store.open(sqlite_url)
    with store.engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "-1")  # as a station with last month's app left it
    store.close()
    assert opens_with_alembic()  # one behind: migrated again
    store = Store.open(sqlite_url)
    with store.engine.connect() as conn:
        assert {current_revision(conn)} == head_revisions()
    store.close()
