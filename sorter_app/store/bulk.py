"""Fast bulk inserts for the big tables of an import (orders, order lines, crates, plan items).

SQLAlchemy's executemany builds a parameter dict per row through its type system; for the
million-odd rows of a large wave that costs more than the database does. Rows here are plain
tuples in the given column order, handed to the driver's executemany; only date and time
columns go through their type's bind processor (e.g. the UTC datetime type).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Date, DateTime, Table
from sqlalchemy.orm import Session

_BATCH = 20_000
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def insert_tuples(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """INSERT rows (tuples in `columns` order) into `table` inside the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    placeholder = _PLACEHOLDER.get(dialect.paramstyle)
    if placeholder is None:
        raise NotImplementedError(f"bulk insert does not know paramstyle {dialect.paramstyle}")
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([placeholder] * len(columns))})"
    )
    convert = _converters(table, columns, dialect)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            if convert:
                batch = [_converted(row, convert) for row in batch]
            cursor.executemany(sql, batch)
    finally:
        cursor.close()


def _converters(table: Table, columns: Sequence[str], dialect: Any) -> list[tuple[int, Any]]:
    converters = []
    for i, name in enumerate(columns):
        column_type = table.c[name].type
        impl = getattr(column_type, "impl", column_type)
        if isinstance(impl, DateTime | Date):
            processor = column_type.bind_processor(dialect)
            if processor is not None:
                converters.append((i, processor))
    return converters


def _converted(row: tuple[Any, ...], convert: list[tuple[int, Any]]) -> tuple[Any, ...]:
    values = list(row)
    for i, fn in convert:
        values[i] = fn(values[i])
    return tuple(values)
