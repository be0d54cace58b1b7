"""an index of the sort tasks still due

The scan path asks, for a SKU, which communities are still due units (the next target, and after
a put whether the SKU is done). Through the plain SKU index those questions walk past every task
already complete, so a scan got slower as the night went on. A partial index of the tasks still
due keeps them as fast at 04:00 as at 21:00 (SQLite and PostgreSQL both use it when the query
repeats the condition `put_qty < due_qty`).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 08:25:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    condition = sa.text("put_qty < due_qty")
    op.create_index(
        "ix_sort_tasks_open",
        "sort_tasks",
        ["sku_pk"],
        sqlite_where=condition,
        postgresql_where=condition,
    )


def downgrade() -> None:
    op.drop_index("ix_sort_tasks_open", table_name="sort_tasks")
