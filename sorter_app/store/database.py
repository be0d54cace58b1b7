"""The store: one engine, sessions for reading, and one-transaction units of work for writing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from sorter_app.store.engine import make_engine
from sorter_app.store.migrate import upgrade_database


class Store:
    """`with store.write() as s: ...` is one command, one transaction: commit on success,
    rollback on any exception. `store.read()` never takes the write lock."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        engine = make_engine(url)
        if migrate:
            upgrade_database(engine)
        return cls(engine)

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A unit of work on a bare connection: the scan path's, where an ORM session's own
        bookkeeping would cost more than the scan's statements (commit or rollback as above)."""
        with self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            # Closing (not rolling back) ends the read transaction and leaves loaded rows usable.
            session.connection(execution_options={"read_only": True})
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()
