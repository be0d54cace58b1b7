"""One wave as the platform holds it: the generated data plus everything that changed since.

Changes are overlays (order status, line quantity, corrupted fields, added orders) applied when a
record is rendered, so the compact generated data stays shared and untouched, and the overlays
alone are what the state file keeps. Not thread-safe by itself: `Simulator` holds the lock.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

from sorter_app.platform.simulator import corruption
from sorter_app.platform.simulator.errors import NotFound
from sorter_app.platform.simulator.generator import WaveData, copy_record, iso

RECORD_KINDS = ("wave", "community", "sku", "order", "claim")


class WaveState:
    """Implements inbound.WaveFacts for the checks on what a hub sends about this wave."""

    def __init__(self, data: WaveData, default_status: str) -> None:
        self.data = data
        self.default_status = default_status  # "open", "closed" or "auto" (open until cutoff)
        self.status_override: str | None = None
        self.updated_at: datetime | None = None  # of the last change, if any
        self.order_status: dict[str, str] = {}
        self.line_qty: dict[str, int] = {}
        self.corruptions: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        self.added_orders: list[dict[str, Any]] = []
        self.added_index: dict[str, int] = {}
        self.added_lines: dict[str, str] = {}  # line id -> order id, for added orders
        self.claims: list[dict[str, Any]] = []
        self.hub_status: dict[str, str] = {}
        self._communities = {c["community_id"]: c for c in data.communities}
        self._skus = {s["sku_id"]: s for s in data.skus}
        self._barcodes = {code for s in data.skus for code in s["barcodes"]}
        self._routes = {c["route"]["route_id"] for c in data.communities}

    # --- status and summary ----------------------------------------------------------------------

    def status(self, now: datetime) -> str:
        if self.status_override is not None:
            return self.status_override
        if self.default_status == "auto":
            return "open" if now < self.data.cutoff_at else "closed"
        return self.default_status

    def summary(self, now: datetime) -> dict[str, Any]:
        """The summary clients see, with any corruption of the wave record applied."""
        return self._corrupted("wave", self.data.wave_id, self._summary(now))

    def _summary(self, now: datetime) -> dict[str, Any]:
        data = self.data
        status = self.status(now)
        if status == "open":  # only what has been ordered so far
            visible = data.orders_placed_by(now)
            base = data.placed_at(visible - 1) if visible else data.window_start
        else:
            visible = data.order_count
            base = data.cutoff_at + timedelta(seconds=3)
        updated = self.updated_at if self.updated_at and self.updated_at > base else base
        summary = data.summary()
        summary["status"] = status
        summary["order_count"] = visible + len(self.added_orders)
        summary["line_count"] = data.line_start[visible] + sum(
            len(o["lines"]) for o in self.added_orders
        )
        summary["updated_at"] = iso(updated)
        return summary

    def touch(self, now: datetime) -> None:
        """Note a change: `updated_at` moves forward, to now if now is later."""
        shown = datetime.fromisoformat(self._summary(now)["updated_at"])
        self.updated_at = max(now.replace(microsecond=0), shown + timedelta(seconds=1))

    # --- lists -----------------------------------------------------------------------------------

    def list_length(self, kind: str) -> int:
        if kind == "communities":
            return len(self.data.communities)
        if kind == "skus":
            return len(self.data.skus)
        if kind == "orders":
            return self.data.order_count + len(self.added_orders)
        return len(self.claims)

    def render(self, kind: str, start: int, stop: int) -> list[dict[str, Any]]:
        if kind == "communities":
            return [
                self._corrupted("community", c["community_id"], c)
                for c in self.data.communities[start:stop]
            ]
        if kind == "skus":
            return [self._corrupted("sku", s["sku_id"], s) for s in self.data.skus[start:stop]]
        if kind == "orders":
            return [self.order(i) for i in range(start, min(stop, self.list_length("orders")))]
        return [self._corrupted("claim", c["claim_id"], c) for c in self.claims[start:stop]]

    def order(self, index: int) -> dict[str, Any]:
        generated = self.data.order_count
        record = (
            self.data.order_dict(index)
            if index < generated
            else _copy_order(self.added_orders[index - generated])
        )
        order_id = record["order_id"]
        status = self.order_status.get(order_id)
        if status is not None:
            record["status"] = status
        if self.line_qty:
            for line in record["lines"]:
                qty = self.line_qty.get(line["line_id"])
                if qty is not None:
                    line["qty"] = qty
        if self.corruptions:
            self._apply_corruptions("order", order_id, record)
        return record

    def render_record(self, kind: str, record_id: str) -> dict[str, Any]:
        """One record as clients see it, corruptions included."""
        if kind == "order":
            return self.order(self.order_position(record_id))
        return self._corrupted(kind, record_id, copy_record(self.record(kind, record_id)))

    def _corrupted(self, kind: str, record_id: str, record: dict[str, Any]) -> dict[str, Any]:
        if (kind, record_id) not in self.corruptions:
            return record
        record = copy_record(record)
        self._apply_corruptions(kind, record_id, record)
        return record

    def _apply_corruptions(self, kind: str, record_id: str, record: dict[str, Any]) -> None:
        for field, value in self.corruptions.get((kind, record_id), ()):
            # An earlier corruption may have removed what this one points into.
            with contextlib.suppress(ValueError):
                corruption.apply(record, corruption.split_path(field), value)

    def add_order(self, order: dict[str, Any]) -> None:
        """An order added after generation, at the end of the list."""
        order_id = order["order_id"]
        self.added_index[order_id] = len(self.added_orders)
        self.added_orders.append(order)
        for line in order["lines"]:
            self.added_lines[line["line_id"]] = order_id

    # --- finding records -------------------------------------------------------------------------

    def order_position(self, order_id: str) -> int:
        index = self.data.order_index(order_id)
        if index is not None:
            return index
        added = self.added_index.get(order_id)
        if added is None:
            raise NotFound(
                f"no order {order_id} in wave {self.data.wave_id}", code="order_not_found"
            )
        return self.data.order_count + added

    def record(self, kind: str, record_id: str) -> dict[str, Any]:
        """The record as clients now see it (NotFound if the wave has no such record)."""
        if kind == "wave" and record_id == self.data.wave_id:
            return self.data.summary()
        if kind == "community" and record_id in self._communities:
            return self._communities[record_id]
        if kind == "sku" and record_id in self._skus:
            return self._skus[record_id]
        if kind == "order":
            return self.order(self.order_position(record_id))
        if kind == "claim":
            for claim in self.claims:
                if claim["claim_id"] == record_id:
                    return claim
        raise NotFound(
            f"no {kind} {record_id} in wave {self.data.wave_id}", code="record_not_found"
        )

    # --- inbound.WaveFacts -----------------------------------------------------------------------

    def has_community(self, community_id: str) -> bool:
        return community_id in self._communities

    def has_sku(self, sku_id: str) -> bool:
        return sku_id in self._skus

    def sku_weighed(self, sku_id: str) -> bool:
        return bool(self._skus[sku_id]["weighed"]) if sku_id in self._skus else False

    def has_barcode(self, barcode: str) -> bool:
        return barcode in self._barcodes

    def route_of(self, community_id: str) -> str | None:
        community = self._communities.get(community_id)
        return community["route"]["route_id"] if community else None

    def has_route(self, route_id: str) -> bool:
        return route_id in self._routes

    def order_line(self, order_id: str, line_id: str) -> tuple[str, str, int] | None:
        try:
            order = self.order(self.order_position(order_id))
        except NotFound:
            return None
        for line in order["lines"]:
            if line["line_id"] == line_id:
                return line["sku_id"], order["community_id"], line["qty"]
        return None

    def order_of_line(self, line_id: str) -> str | None:
        """The id of the order a line id would belong to (which may not exist), or None."""
        return self.added_lines.get(line_id) or self.data.order_of_line(line_id)

    def line(self, line_id: str) -> tuple[str, str, int] | None:
        order_id = self.order_of_line(line_id)
        return self.order_line(order_id, line_id) if order_id else None

    # --- persistence -----------------------------------------------------------------------------

    @property
    def changed(self) -> bool:
        """Whether anything about this wave must survive a restart."""
        return bool(
            self.status_override
            or self.updated_at
            or self.order_status
            or self.line_qty
            or self.corruptions
            or self.added_orders
            or self.claims
            or self.hub_status
        )

    def dump(self) -> dict[str, Any]:
        return {
            "status": self.status_override,
            "updated_at": iso(self.updated_at) if self.updated_at else None,
            "order_status": self.order_status,
            "line_qty": self.line_qty,
            "corruptions": [
                [
                    kind,
                    record_id,
                    field,
                    None if value is corruption.DELETE else value,
                    value is corruption.DELETE,
                ]
                for (kind, record_id), changes in self.corruptions.items()
                for field, value in changes
            ],
            "added_orders": self.added_orders,
            "claims": self.claims,
            "hub_status": self.hub_status,
        }

    def restore(self, saved: dict[str, Any]) -> None:
        self.status_override = saved.get("status")
        updated = saved.get("updated_at")
        self.updated_at = datetime.fromisoformat(updated) if updated else None
        self.order_status = dict(saved.get("order_status", {}))
        self.line_qty = {k: int(v) for k, v in saved.get("line_qty", {}).items()}
        for kind, record_id, field, value, deleted in saved.get("corruptions", []):
            change = (field, corruption.DELETE if deleted else value)
            self.corruptions.setdefault((kind, record_id), []).append(change)
        self.added_orders = []
        self.added_index = {}
        self.added_lines = {}
        for order in saved.get("added_orders", []):
            self.add_order(order)
        self.claims = list(saved.get("claims", []))
        self.hub_status = dict(saved.get("hub_status", {}))


def _copy_order(order: dict[str, Any]) -> dict[str, Any]:
    record = copy_record(order)
    record["lines"] = [dict(line) for line in order["lines"]]
    return record
