"""What the hub tells the platform, shaped as the contract's report items (pure; no I/O).

The platform refunds or reships from these, so each report is built once, with its
idempotency key fixed at that moment, and queued in the same transaction as the event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

REPORT_TYPES = ("shortage", "damage", "missort", "overage", "unknown_barcode")
HUB_STAGES = ("imported", "receiving", "sorting", "sorted", "dispatched")


@dataclass(frozen=True, slots=True)
class ShortLine:
    """One order line's final shortage or damage."""

    order_id: str
    line_id: str
    sku_id: str
    community_id: str
    qty: int
    kind: str  # shortage | damage
    reason: str


@dataclass(frozen=True, slots=True)
class ReportDraft:
    type: str
    items: tuple[Mapping[str, Any], ...]
    note: str

    def body(self, report_id: str, station_id: str, created_at: datetime) -> dict[str, Any]:
        return {
            "report_id": report_id,
            "type": self.type,
            "station_id": station_id,
            "created_at": created_at.isoformat(),
            "items": [dict(item) for item in self.items],
            "note": self.note,
        }


def shortage_reports(lines: Iterable[ShortLine], sku_names: Mapping[str, str]) -> list[ReportDraft]:
    """One report per SKU, kind and reason, its items the shorted lines (contract shape)."""
    groups: dict[tuple[str, str, str], list[ShortLine]] = defaultdict(list)
    for line in lines:
        if line.qty > 0:
            groups[(line.sku_id, line.kind, line.reason)].append(line)
    drafts = []
    for (sku_id, kind, reason), group in sorted(groups.items()):
        total = sum(line.qty for line in group)
        items = tuple(
            {
                "order_id": g.order_id,
                "line_id": g.line_id,
                "sku_id": g.sku_id,
                "community_id": g.community_id,
                "qty": g.qty,
                "reason": g.reason,
            }
            for g in sorted(group, key=lambda g: g.line_id)
        )
        word = "破损" if kind == "damage" else "缺货"
        drafts.append(
            ReportDraft(
                kind, items, f"{sku_names.get(sku_id, sku_id)} {word} {total} 件（{reason}）"
            )
        )
    return drafts


def overage_report(sku_id: str, qty: int, sku_name: str) -> ReportDraft | None:
    if qty <= 0:
        return None
    item = {"sku_id": sku_id, "qty": qty, "reason": "supplier_over"}
    return ReportDraft("overage", (item,), f"{sku_name} 多到 {qty} 件")


def unknown_barcode_report(counts: Mapping[str, int]) -> ReportDraft | None:
    """One item per distinct barcode scanned at receiving that no SKU of the wave has."""
    if not counts:
        return None
    items = tuple(
        {"barcode": code, "qty": qty, "reason": "not_in_wave"}
        for code, qty in sorted(counts.items())
    )
    return ReportDraft("unknown_barcode", items, f"非本波次条码 {len(items)} 种")
