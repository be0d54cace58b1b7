"""The audit log's rows: append one record inside the action's own unit of work, read them back.

`record_audit(db, action=..., supervisor=..., reason=..., at=..., wave_id=...)` is the one way to
write: `db` is the action's Session (`store.write()`) or bare Connection
(`store.write_connection()`), so the record commits or rolls back with the action. Call it last in
the unit of work: on PostgreSQL it takes the log's lock, held until commit, and a transaction that
holds it should not then wait for other locks.

The newest record is read under that lock, so two stations appending at once take turns and the
chain never forks: on PostgreSQL a transaction-scoped advisory lock (it also covers the empty log,
where there is no row to lock FOR UPDATE); SQLite's writers are already serialised by
`BEGIN IMMEDIATE` (store/engine.py). The unique `prev_hash` and the `seq` key refuse a fork even
if a writer came without the lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text
from sqlalchemy.orm import Session

from sorter_app.domain.audit import AuditEntry, AuditRecord, ChainHead, next_record
from sorter_app.store import tables

# Any fixed 64-bit number, distinct from the migration lock's (store/migrate.py).
_PG_AUDIT_LOCK = 0x48554253_41554454

_log = tables.AuditLogRecord
_COLUMNS = (
    _log.seq,
    _log.at,
    _log.action,
    _log.supervisor,
    _log.reason,
    _log.wave_id,
    _log.route_id,
    _log.sku_id,
    _log.crate_id,
    _log.entry_id,
    _log.person_id,
    _log.prev_hash,
    _log.hash,
)


def _dialect(db: Session | Connection) -> str:
    bind = db.get_bind() if isinstance(db, Session) else db
    return bind.dialect.name


def lock_chain(db: Session | Connection) -> None:
    """Take the log's append lock until the transaction ends (a no-op on SQLite, whose writer
    already holds the database)."""
    if _dialect(db) == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})


def chain_head(db: Session | Connection) -> ChainHead:
    """The newest record's number and hash (the start of the chain when the log is empty)."""
    row = db.execute(select(_log.seq, _log.hash).order_by(_log.seq.desc()).limit(1)).first()
    return ChainHead() if row is None else ChainHead(int(row[0]), str(row[1]))


def record_audit(
    db: Session | Connection,
    *,
    action: str,
    supervisor: str,
    at: datetime,
    reason: str = "",
    wave_id: str = "",
    route_id: str = "",
    sku_id: str = "",
    crate_id: str = "",
    entry_id: str | int = "",
    person_id: str = "",
) -> AuditRecord:
    """Append one record for a supervised action, in the caller's transaction; returns it as
    stored (texts cleaned and cut as domain/audit.py says)."""
    entry = AuditEntry(
        action=str(action),
        supervisor=supervisor,
        reason=reason,
        wave_id=wave_id,
        route_id=route_id,
        sku_id=sku_id,
        crate_id=crate_id,
        entry_id=str(entry_id),
        person_id=person_id,
    )
    lock_chain(db)
    record = next_record(chain_head(db), at, entry)
    db.execute(insert(_log.__table__), [_values(record)])
    return record


def _values(record: AuditRecord) -> dict[str, Any]:
    return {column.key: getattr(record, column.key) for column in _COLUMNS}


def _record(row: Any) -> AuditRecord:
    return AuditRecord(*row)


def records(
    session: Session,
    *,
    wave_id: str | None = None,
    newest_first: bool = False,
    limit: int | None = None,
) -> list[AuditRecord]:
    """Records in `seq` order (or newest first), of one wave when `wave_id` is given."""
    query = select(*_COLUMNS).order_by(_log.seq.desc() if newest_first else _log.seq)
    if wave_id is not None:
        query = query.where(_log.wave_id == wave_id)
    if limit is not None:
        query = query.limit(limit)
    return [_record(row) for row in session.execute(query)]


def every_record(session: Session, batch: int = 5_000) -> Iterator[AuditRecord]:
    """The whole log in `seq` order, read in batches (for verifying the chain)."""
    after = 0
    while True:
        rows = session.execute(
            select(*_COLUMNS).where(_log.seq > after).order_by(_log.seq).limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield _record(row)
        after = int(rows[-1][0])
