"""What leaders report after delivery (少货/错货/破损): how a hub learns of missorts that escaped.

Parsed from the platform by sorter_app.platform.records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ClaimKind(StrEnum):
    MISSING = "missing"
    WRONG_ITEM = "wrong_item"
    DAMAGED = "damaged"
    EXTRA = "extra"


@dataclass(frozen=True, slots=True)
class Claim:
    """One leader's claim about one SKU; `crate_id` is None when the leader did not know it."""

    claim_id: str
    community_id: str
    sku_id: str
    qty: int
    kind: ClaimKind
    created_at: datetime
    crate_id: str | None = None
