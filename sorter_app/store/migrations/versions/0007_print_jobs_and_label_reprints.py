"""print jobs and label reprints

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 10:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sorter_app.store.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("printer", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("crate_id", sa.String(length=96), nullable=True),
        sa.Column("label_version", sa.Integer(), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("payload_ref", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("next_attempt_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("claimed_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("sent_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
        sa.UniqueConstraint("sequence", name=op.f("uq_print_jobs_sequence")),
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_print_jobs_printer", ["printer", "status", "sequence"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_print_jobs_crate_id"), ["crate_id"], unique=False)

    op.create_table(
        "label_reprints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crate_pk", sa.Integer(), nullable=False),
        sa.Column("crate_id", sa.String(length=96), nullable=False),
        sa.Column("old_scan_code", sa.String(length=12), nullable=False),
        sa.Column("new_scan_code", sa.String(length=12), nullable=False),
        sa.Column("label_version", sa.Integer(), nullable=False),
        sa.Column("supervisor", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reprinted_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["crate_pk"],
            ["crates.id"],
            name=op.f("fk_label_reprints_crate_pk_crates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_label_reprints")),
    )
    with op.batch_alter_table("label_reprints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_label_reprints_crate_pk"), ["crate_pk"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("label_reprints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_label_reprints_crate_pk"))

    op.drop_table("label_reprints")
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_jobs_crate_id"))
        batch_op.drop_index("ix_print_jobs_printer")

    op.drop_table("print_jobs")
