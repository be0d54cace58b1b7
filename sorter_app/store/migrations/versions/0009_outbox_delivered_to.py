"""outbox: where each delivered entry went (the platform or a file)

A platform wave's entries used to be written to CSV files and marked sent when no platform was
configured. `delivered_to` records the path taken from now on, so that `outbox resend` can find
what never reached the platform. Entries sent before this revision keep NULL: the path they took
is unknown, and resending them is harmless (the platform counts each Idempotency-Key once).
File waves' entries can only ever have been exported, so they are filled in.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivered_to", sa.String(length=8), nullable=True))
    op.execute(
        "UPDATE outbox SET delivered_to = 'file' WHERE status = 'sent' "
        "AND wave_pk IN (SELECT id FROM waves WHERE source = 'file')"
    )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("delivered_to")
