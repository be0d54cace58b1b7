"""What tests read back from the store to check the engine: crate codes, units put, row counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from sorter_app.store import tables
from sorter_app.store.database import Store


def crate_code(store: Store, community_id: str, seq: int = 1) -> str:
    """The scan code of a community's crate `seq`."""
    with store.read() as s:
        code = s.scalar(
            select(tables.Crate.scan_code)
            .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
            .where(tables.Community.community_id == community_id, tables.Crate.seq == seq)
        )
    assert code is not None, f"no crate {seq} for {community_id}"
    return code


def put_totals(store: Store) -> dict[tuple[str, str], int]:
    """Units put per (community_id, sku_id), where any."""
    with store.read() as s:
        rows = s.execute(
            select(tables.Community.community_id, tables.Sku.sku_id, tables.SortTask.put_qty)
            .join(tables.Community, tables.Community.id == tables.SortTask.community_pk)
            .join(tables.Sku, tables.Sku.id == tables.SortTask.sku_pk)
        )
        return {(c, k): q for c, k, q in rows if q}


def row_count(store: Store, table: Any) -> int:
    """How many rows `table` (a tables class) holds."""
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)
