"""forecast: intra-day wave snapshots, the supervisor's local events, the forecasts made

While a wave is still `open` the app polls the platform's wave summary every 30 minutes and
keeps (order_count, line_count) as a snapshot; snapshots are not waves and never join `waves`.
`taken_at` is the poll slot (the time rounded down to the poll interval), so several PCs polling
the same wave in the same slot write one row: the unique key makes the duplicates harmless.
Local events (a market day, a road closure) join the holiday calendar; `factor` is optional
(NULL: learn it from history). Each forecast made is kept with its explanation for the screen
and for the error measured later.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 10:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sorter_app.store.types

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wave_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hub_id", sa.String(length=64), nullable=False),
        sa.Column("wave_id", sa.String(length=160), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=False),
        sa.Column("cutoff_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("taken_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("order_count", sa.Integer(), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("polled_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave_snapshots")),
        sa.UniqueConstraint("wave_id", "taken_at", name=op.f("uq_wave_snapshots_wave_id")),
    )
    with op.batch_alter_table("wave_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            "ix_wave_snapshots_hub_date", ["hub_id", "delivery_date"], unique=False
        )
    op.create_table(
        "forecast_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("factor", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecast_events")),
        sa.UniqueConstraint("day", name=op.f("uq_forecast_events_day")),
    )
    op.create_table(
        "forecasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hub_id", sa.String(length=64), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=False),
        sa.Column("made_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("lines", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecasts")),
    )
    with op.batch_alter_table("forecasts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_forecasts_hub_date", ["hub_id", "delivery_date", "made_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("forecasts")
    op.drop_table("forecast_events")
    op.drop_table("wave_snapshots")
