"""Whole-wave checks that no single record can make on its own."""

from __future__ import annotations

from sorter_app.domain.errors import InvalidRecord
from sorter_app.domain.wave import WaveSnapshot


def check_wave(snapshot: WaveSnapshot) -> None:
    """Raise InvalidRecord for the first broken reference or duplicate ID in the wave."""
    community_ids: set[str] = set()
    for community in snapshot.communities:
        if community.community_id in community_ids:
            raise InvalidRecord(
                "community", community.community_id, "community_id", "重复 duplicate"
            )
        community_ids.add(community.community_id)
    sku_ids: set[str] = set()
    for sku in snapshot.skus:
        if sku.sku_id in sku_ids:
            raise InvalidRecord("sku", sku.sku_id, "sku_id", "重复 duplicate")
        sku_ids.add(sku.sku_id)
    order_ids: set[str] = set()
    line_ids: set[str] = set()
    for order in snapshot.orders:
        if order.order_id in order_ids:
            raise InvalidRecord("order", order.order_id, "order_id", "重复 duplicate")
        order_ids.add(order.order_id)
        if order.community_id not in community_ids:
            raise InvalidRecord(
                "order",
                order.order_id,
                "community_id",
                f"不在本波次 not in wave: {order.community_id}",
            )
        for line in order.lines:
            if line.line_id in line_ids:
                raise InvalidRecord(
                    "order", order.order_id, "lines.line_id", f"重复 duplicate: {line.line_id}"
                )
            line_ids.add(line.line_id)
            if line.sku_id not in sku_ids:
                raise InvalidRecord(
                    "order",
                    order.order_id,
                    "lines.sku_id",
                    f"不在本波次 not in wave: {line.sku_id}",
                )
            if line.qty <= 0:
                raise InvalidRecord(
                    "order", order.order_id, "lines.qty", f"必须大于 0 must be > 0: {line.qty}"
                )
