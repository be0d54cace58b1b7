"""wider ID columns for opaque platform IDs

The platform's IDs are opaque strings of up to 64 characters (contract), so the hub ID, the long
crate ID `HS-{wave}-{community}-{nn}` (up to 137 characters), file-derived line IDs
`{order}-{sku}`, outbox keys holding a wave ID and a scan's raw text (a crate QR holds three
IDs) need wider columns.

SQLite does not enforce VARCHAR lengths, so only other databases are altered: rebuilding the
scans table of a big SQLite file in batch mode would cost minutes for nothing.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 07:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, column, old length, new length, nullable)
_WIDENED = [
    ("hubs", "hub_id", 32, 64, False),
    ("waves", "hub_id", 32, 64, False),
    ("order_lines", "line_id", 80, 160, False),
    ("import_conflicts", "line_id", 80, 160, False),
    ("scans", "raw", 200, 400, False),
    ("crates", "crate_id", 96, 160, False),
    ("claims", "crate_id", 96, 160, True),
    ("claims", "linked_crate_id", 96, 160, False),
    ("crate_ledger", "crate_id", 96, 160, False),
    ("print_jobs", "crate_id", 96, 160, True),
    ("label_reprints", "crate_id", 96, 160, False),
    # Milestone keys embed the wave ID: `{wave_id}:hub-status:{stage}`.
    ("outbox", "key", 80, 160, False),
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, old, new, nullable in _WIDENED:
        op.alter_column(
            table,
            column,
            type_=sa.String(length=new),
            existing_type=sa.String(length=old),
            existing_nullable=nullable,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, old, new, nullable in reversed(_WIDENED):
        op.alter_column(
            table,
            column,
            type_=sa.String(length=old),
            existing_type=sa.String(length=new),
            existing_nullable=nullable,
        )
