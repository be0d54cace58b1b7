"""The scan path's hot statements, compiled once and run on the driver's own cursor.

A scan reads six or seven rows by key; SQLAlchemy's execution machinery costs about as much per
statement as SQLite's work itself, and it is paid on every scan of the night. These statements are
still written with SQLAlchemy Core (store/scan_statements.py) and compiled by it for the database
at hand, with its bind and result conversions (dates included); only the execution skips the
machinery. Column defaults are not applied: the inserts here name every column they write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import Compiled

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Prepared:
    sql: str
    positional: tuple[str, ...] | None  # parameter names in order (qmark), or None (named)
    binds: dict[str, Processor]
    fixed: dict[str, Any]  # values bound in the statement itself (LIMIT 1)
    results: tuple[Processor, ...]


_cache: dict[tuple[int, str], _Prepared] = {}


def _prepare(statement: ClauseElement, dialect: Dialect) -> _Prepared:
    key = (id(statement), dialect.name)
    prepared = _cache.get(key)
    if prepared is None:
        compiled: Compiled = statement.compile(dialect=dialect)
        positional = getattr(compiled, "positiontup", None)
        binds = {
            name: bind.type.bind_processor(dialect)
            for name, bind in getattr(compiled, "binds", {}).items()
        }
        # A SELECT's columns, or what an UPDATE ... RETURNING gives back.
        columns = list(
            getattr(statement, "selected_columns", None)
            or getattr(statement, "_returning", None)
            or ()
        )
        results = tuple(column.type.result_processor(dialect, None) for column in columns)
        fixed = {
            name: bind.effective_value
            for name, bind in getattr(compiled, "binds", {}).items()
            if not bind.required
        }
        prepared = _Prepared(
            str(compiled), tuple(positional) if positional else None, binds, fixed, results
        )
        # Statements are module constants: keyed by identity, they live as long as the cache.
        _cache[key] = prepared
    return prepared


class PreparedStatements:
    """Run prebuilt statements (reads, and the guarded put's UPDATE ... RETURNING) on one
    connection's driver cursor, inside the transaction SQLAlchemy began."""

    def __init__(self, connection: Connection) -> None:
        self._dialect = connection.dialect
        driver = connection.connection.driver_connection
        assert driver is not None, "an open connection has a driver connection"
        self._cursor = driver.cursor()

    def rows(self, statement: ClauseElement, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        prepared = _prepare(statement, self._dialect)
        self._cursor.execute(prepared.sql, self._parameters(prepared, params))
        return [self._converted(prepared, row) for row in self._cursor.fetchall()]

    def run(self, statement: ClauseElement, params: dict[str, Any]) -> None:
        """A write with every column named (no column defaults are applied here)."""
        prepared = _prepare(statement, self._dialect)
        self._cursor.execute(prepared.sql, self._parameters(prepared, params))

    def first(self, statement: ClauseElement, params: dict[str, Any]) -> tuple[Any, ...] | None:
        rows = self.rows(statement, params)
        return rows[0] if rows else None

    @staticmethod
    def _parameters(prepared: _Prepared, params: dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
        given = {**prepared.fixed, **params}
        values = {
            name: (process(given[name]) if process else given[name])
            for name, process in prepared.binds.items()
        }
        if prepared.positional is not None:
            return [values[name] for name in prepared.positional]
        return values

    @staticmethod
    def _converted(prepared: _Prepared, row: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(
            process(value) if process else value
            for value, process in zip(row, prepared.results, strict=True)
        )
