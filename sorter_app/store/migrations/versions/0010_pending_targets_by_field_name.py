"""stations' pending targets stored by field name

The first release stored a station's pending target as JSON of positional lists (the row
dataclasses' values in field order) plus a free `details` dict. From this revision it is stored by
field name (domain/station_state.py, format 2). The conversion is written out here, with the field
orders of the first release, so that this migration keeps its meaning whatever the domain becomes.
A station in the middle of a put when the app is upgraded keeps its target.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 08:30:00.000000
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_SKU = ("pk", "sku_id", "name", "unit", "temperature", "units_per_crate", "status", "weighed")
_CRATE = (
    "pk",
    "wave_pk",
    "community_pk",
    "crate_id",
    "scan_code",
    "seq",
    "temperature",
    "status",
    "extra",
)
_COMMUNITY = ("pk", "community_id", "name", "route_id", "route_name", "stop_seq", "leader_name")

_stations = sa.table("stations", sa.column("station_id", sa.String), sa.column("pending", sa.Text))


def _by_name(names: tuple[str, ...], values: list[Any]) -> dict[str, Any]:
    return dict(zip(names, values, strict=True))


def _converted(text: str) -> str:
    data = json.loads(text)
    if data.get("format") == 2:
        return text
    if data.get("damaged"):
        return json.dumps({"format": 2, "damage_armed": True})
    put = data.get("put")
    if not put:
        return ""
    details = put.get("details") or {}
    return json.dumps(
        {
            "format": 2,
            "put": {
                "task_pk": put["task_pk"],
                "qty": put["qty"],
                "grams": put.get("grams"),
                "sku": _by_name(_SKU, put["sku"]),
                "crate": _by_name(_CRATE, put["crate"]),
                "community": _by_name(_COMMUNITY, put["community"]),
                "crate_count": int(details.get("crate_count") or 0),
                "remaining": int(details.get("remaining_for_community") or 0),
            },
        },
        ensure_ascii=False,
    )


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_stations.c.station_id, _stations.c.pending).where(_stations.c.pending != "")
    ).all()
    for station_id, pending in rows:
        new = _converted(pending)
        if new != pending:
            connection.execute(
                _stations.update().where(_stations.c.station_id == station_id).values(pending=new)
            )


def downgrade() -> None:
    # The first release cannot read format 2; a station's pending target is dropped (the worker
    # scans the product again: nothing of a pending target was recorded).
    op.get_bind().execute(_stations.update().values(pending=""))
