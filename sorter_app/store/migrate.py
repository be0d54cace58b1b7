"""Bring the schema to the app's head at start-up, safely, from source or a frozen build.

Most starts find the database already at the head: that is told from the migration files and the
`alembic_version` row with one query, without importing alembic (loading it and parsing every
migration cost a fifth of a second of every start).
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from sorter_app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


_REVISION = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"']+)[\"']")


def head_revisions() -> set[str]:
    """The heads of the migration files: revisions no other file revises (one, normally)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(source)
        if down is not None:
            revised.update(_QUOTED.findall(down.group(1)))
    return revisions - revised


def _at_head(engine: Engine) -> bool:
    """True when the database's recorded revision is this build's head (nothing to run)."""
    try:
        with engine.connect() as connection:
            stored = {
                row[0]
                for row in connection.execute(text("SELECT version_num FROM alembic_version"))
            }
    except DBAPIError:  # no alembic_version table yet: a new database
        return False
    return bool(stored) and stored == head_revisions()


def upgrade_database(engine: Engine) -> None:
    """Run pending migrations; refuse a database written by a newer app."""
    if _at_head(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

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
    from alembic.runtime.migration import MigrationContext

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
