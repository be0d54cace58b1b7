"""audit log: supervised actions, append-only and hash-chained

One row per supervised action (forced dispatch, retry or dismissal of a parked outbox entry, label
reprint, closing receiving by hand, a supervisor PIN set, outbox resend, late undo): who, when,
what, which object, why, and `prev_hash`/`hash` (the chain is defined in domain/audit.py).

Append-only in the database too: a trigger refuses UPDATE and DELETE (and TRUNCATE on
PostgreSQL). Whoever can drop the trigger can still edit rows; the hash chain is what shows it
(`sorter-app audit verify`). A later migration that rebuilds this table in SQLite batch mode must
create the triggers again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 08:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sorter_app.store.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_REFUSAL = "audit_log is append-only"


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("supervisor", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("wave_id", sa.String(length=160), nullable=False),
        sa.Column("route_id", sa.String(length=160), nullable=False),
        sa.Column("sku_id", sa.String(length=160), nullable=False),
        sa.Column("crate_id", sa.String(length=160), nullable=False),
        sa.Column("entry_id", sa.String(length=160), nullable=False),
        sa.Column("person_id", sa.String(length=160), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_audit_log_prev_hash")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_wave_id"), ["wave_id"], unique=False)
    _create_triggers(op.get_bind().dialect.name)


def _create_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_wave_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))
    op.drop_table("audit_log")
