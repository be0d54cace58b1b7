"""wave aggregates: what each finished wave keeps for good once its detail is deleted

Per wave (`wave_aggregates`): the timeline's stages, lines, units, SKUs, crates, puts, workers,
shortage, damage, missorts caught and escaped, claims. Per community and temperature zone, per
SKU (with its category and supplier as they were that night), per worker and per route (its
departure setting then, its dispatch, the first at-risk warning). Keyed by the platform's wave ID
with no key into `waves`: the detail purge deletes a wave's orders, lines, scans and puts after
`detail_retention_days`, these rows stay (`frozen_at`: final from when the purge began). Three
indexes let that delete look up the rows pointing at each line, task and crate.
`route_risk_warnings` is detail: the first moment the route board showed each route at risk,
copied into the route's aggregate.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sorter_app.store.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wave_aggregates",
        sa.Column("wave_id", sa.String(length=64), nullable=False),
        sa.Column("hub_id", sa.String(length=64), nullable=False),
        sa.Column("delivery_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("cutoff_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("imported_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("first_receipt_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("sorting_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("sorted_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("dispatched_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("skus", sa.Integer(), nullable=False),
        sa.Column("communities", sa.Integer(), nullable=False),
        sa.Column("units_ordered", sa.Integer(), nullable=False),
        sa.Column("units_due", sa.Integer(), nullable=False),
        sa.Column("units_put", sa.Integer(), nullable=False),
        sa.Column("units_received", sa.Integer(), nullable=False),
        sa.Column("units_shorted", sa.Integer(), nullable=False),
        sa.Column("units_damaged", sa.Integer(), nullable=False),
        sa.Column("crates", sa.Integer(), nullable=False),
        sa.Column("puts", sa.Integer(), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("first_put_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("last_put_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("wrong_crate", sa.Integer(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("claimed_missorts", sa.Integer(), nullable=False),
        sa.Column("computed_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.Column("frozen_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("detail_purged_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("wave_id", name=op.f("pk_wave_aggregates")),
    )
    with op.batch_alter_table("wave_aggregates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wave_aggregates_delivery_date"), ["delivery_date"], unique=False
        )

    op.create_table(
        "wave_community_aggregates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.String(length=64), nullable=False),
        sa.Column("community_id", sa.String(length=64), nullable=False),
        sa.Column("community_name", sa.String(length=200), nullable=False),
        sa.Column("route_id", sa.String(length=64), nullable=False),
        sa.Column("temperature", sa.String(length=16), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("units_ordered", sa.Integer(), nullable=False),
        sa.Column("units_due", sa.Integer(), nullable=False),
        sa.Column("units_put", sa.Integer(), nullable=False),
        sa.Column("crates", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["wave_aggregates.wave_id"],
            name=op.f("fk_wave_community_aggregates_wave_id_wave_aggregates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave_community_aggregates")),
        sa.UniqueConstraint(
            "wave_id",
            "community_id",
            "temperature",
            name=op.f("uq_wave_community_aggregates_wave_id"),
        ),
    )
    op.create_table(
        "wave_route_aggregates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.String(length=64), nullable=False),
        sa.Column("route_id", sa.String(length=64), nullable=False),
        sa.Column("route_name", sa.String(length=100), nullable=False),
        sa.Column("stops", sa.Integer(), nullable=False),
        sa.Column("units_due", sa.Integer(), nullable=False),
        sa.Column("units_put", sa.Integer(), nullable=False),
        sa.Column("crates", sa.Integer(), nullable=False),
        sa.Column("departure_setting", sa.String(length=5), nullable=True),
        sa.Column("departure_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("dispatched_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("first_at_risk_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["wave_aggregates.wave_id"],
            name=op.f("fk_wave_route_aggregates_wave_id_wave_aggregates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave_route_aggregates")),
        sa.UniqueConstraint("wave_id", "route_id", name=op.f("uq_wave_route_aggregates_wave_id")),
    )
    op.create_table(
        "wave_sku_aggregates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.String(length=64), nullable=False),
        sa.Column("sku_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("supplier_name", sa.String(length=200), nullable=False),
        sa.Column("temperature", sa.String(length=16), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("units_ordered", sa.Integer(), nullable=False),
        sa.Column("units_due", sa.Integer(), nullable=False),
        sa.Column("units_put", sa.Integer(), nullable=False),
        sa.Column("units_received", sa.Integer(), nullable=False),
        sa.Column("units_shorted", sa.Integer(), nullable=False),
        sa.Column("units_damaged", sa.Integer(), nullable=False),
        sa.Column("wrong_crate", sa.Integer(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("claimed_missorts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["wave_aggregates.wave_id"],
            name=op.f("fk_wave_sku_aggregates_wave_id_wave_aggregates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave_sku_aggregates")),
        sa.UniqueConstraint("wave_id", "sku_id", name=op.f("uq_wave_sku_aggregates_wave_id")),
    )
    op.create_table(
        "wave_worker_aggregates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.String(length=64), nullable=False),
        sa.Column("worker", sa.String(length=32), nullable=False),
        sa.Column("puts", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("wrong_crate", sa.Integer(), nullable=False),
        sa.Column("first_put_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.Column("last_put_at", sorter_app.store.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["wave_aggregates.wave_id"],
            name=op.f("fk_wave_worker_aggregates_wave_id_wave_aggregates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave_worker_aggregates")),
        sa.UniqueConstraint("wave_id", "worker", name=op.f("uq_wave_worker_aggregates_wave_id")),
    )
    op.create_table(
        "route_risk_warnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_pk", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.String(length=64), nullable=False),
        sa.Column("first_at", sorter_app.store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wave_pk"],
            ["waves.id"],
            name=op.f("fk_route_risk_warnings_wave_pk_waves"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_risk_warnings")),
        sa.UniqueConstraint("wave_pk", "route_id", name=op.f("uq_route_risk_warnings_wave_pk")),
    )
    # The detail purge deletes lines, tasks and crates: the rows pointing at them are looked up
    # per row deleted (foreign keys), through these indexes rather than a scan of every wave.
    op.create_index("ix_shortages_line_pk", "shortages", ["line_pk"], unique=False)
    op.create_index("ix_puts_task_pk", "puts", ["task_pk"], unique=False)
    op.create_index("ix_scans_crate_pk", "scans", ["crate_pk"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_scans_crate_pk", table_name="scans")
    op.drop_index("ix_puts_task_pk", table_name="puts")
    op.drop_index("ix_shortages_line_pk", table_name="shortages")
    op.drop_table("route_risk_warnings")
    op.drop_table("wave_worker_aggregates")
    op.drop_table("wave_sku_aggregates")
    op.drop_table("wave_route_aggregates")
    op.drop_table("wave_community_aggregates")
    with op.batch_alter_table("wave_aggregates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wave_aggregates_delivery_date"))

    op.drop_table("wave_aggregates")
