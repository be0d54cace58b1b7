"""route dispatches: the driver and the plate of the truck that left (optional)

The dispatch screen and `sorter-app dispatch --driver/--plate` record who drove the route away
and in which truck, for the load sheet and the end-of-night summary. Both stay NULL when nobody
typed them, and for every route dispatched before this revision. They are the hub's own record:
the platform's dispatch body has no such fields.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("route_dispatches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("driver", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("plate", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("route_dispatches", schema=None) as batch_op:
        batch_op.drop_column("plate")
        batch_op.drop_column("driver")
