"""Bring the schema to the app's head at start-up, safely, from source or a frozen build."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from sorter_app.domain.errors import UserFacingError

log = logging.getLogger(__name__)

# Any fixed 64-bit number: every station takes the same advisory lock before migrating.
_PG_MIGRATION_LOCK = 0x48554253_4F525452


class DatabaseTooNew(UserFacingError):
    code = "database_too_new"


class MigrationFailed(UserFacingError):
    code = "migration_failed"


def migrations_dir() -> Path:
    # A frozen build ships the migrations as plain files beside the executable's package tree.
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    frozen = base / "sorter_app" / "store" / "migrations"
    return frozen if frozen.exists() else Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade_database(engine: Engine) -> None:
    """Run pending migrations; refuse a database written by a newer app."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds tables; live foreign keys could cascade-delete child rows.
            # The pragma only works outside a transaction, so it goes to the driver directly.
            _driver(connection).execute("PRAGMA foreign_keys = OFF")
        elif connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            connection.commit()
        try:
            _refuse_newer(connection, script)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
            if sqlite:
                _check_foreign_keys(connection)
        finally:
            if sqlite:
                _driver(connection).execute("PRAGMA foreign_keys = ON")
            elif connection.dialect.name == "postgresql":
                connection.rollback()
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
                connection.commit()


def _driver(connection: Connection) -> Any:
    driver = connection.connection.driver_connection
    assert driver is not None, "a live connection has a driver connection"
    return driver


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _refuse_newer(connection: Connection, script: ScriptDirectory) -> None:
    current = current_revision(connection)
    connection.commit()
    if current is None:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise DatabaseTooNew(
            f"数据库版本（{current}）比本程序新，请先升级分拣台程序",
            f"The database (revision {current}) was written by a newer Hub Sorter; "
            "upgrade this station's app first",
        )


def _check_foreign_keys(connection: Connection) -> None:
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    connection.commit()
    if problems:
        raise MigrationFailed(
            f"数据库迁移后外键检查失败：{problems[:5]}",
            f"Foreign key check failed after migration: {problems[:5]}",
        )
