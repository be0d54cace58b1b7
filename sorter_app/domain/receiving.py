"""The receiving rules (到货): a product scan counts units in, a damage card then a product counts
them damaged. Pure: facts in, outcome out; see docs/architecture.md for the whole precedence."""

from __future__ import annotations

from sorter_app.domain.decisions import Result, Shown
from sorter_app.domain.scan_facts import ScanFacts, SkuFacts
from sorter_app.domain.scan_outcome import (
    AddReceipt,
    FinaliseDamage,
    Milestone,
    Outcome,
    RefreshDues,
    ReportOverage,
    ScanContext,
    answer,
)
from sorter_app.domain.station_state import Pending

BELOW_THRESHOLD = "cancelled_below_threshold"


def receive(
    ctx: ScanContext,
    facts: ScanFacts,
    pending: Pending,
    sku: SkuFacts,
    count: int,
    grams: int | None,
) -> Outcome:
    """Count `count` units of `sku` in (one unit of `grams` for a scale label)."""
    if facts.receiving_closed(sku.pk):
        return answer(ctx, Result.RECEIVING_CLOSED, pending=pending, sku=sku)
    ordered = facts.sku_totals(sku.pk).ordered
    received, damaged = facts.received_and_damaged(sku.pk)
    received += count  # the receipt below is recorded with this answer
    effects = (
        AddReceipt(sku.pk, "received", count, grams),
        RefreshDues(sku.pk),
        Milestone("receiving"),
    )
    if sku.status == BELOW_THRESHOLD:
        # Nothing of it is ordered, so every unit is overage the moment it is counted (an
        # active SKU's overage is known only at close): reported in this scan's transaction.
        return answer(
            ctx,
            Result.NOT_TO_SORT,
            pending=pending,
            qty=count,
            sku=sku,
            shown=Shown(received=received, grams=grams, below_threshold_received=True),
            effects=(*effects, ReportOverage(sku.pk, count)),
        )
    return answer(
        ctx,
        Result.RECEIVED,
        pending=pending,
        qty=count,
        sku=sku,
        shown=Shown(received=received, ordered=ordered, damaged=damaged, grams=grams),
        effects=effects,
    )


def record_damage(
    ctx: ScanContext, facts: ScanFacts, sku: SkuFacts, count: int, grams: int | None
) -> Outcome:
    """After CMD-DAMAGED: `count` units of `sku` are damaged (on arrival, or in the hub)."""
    reason = "damaged_on_arrival" if ctx.mode == "receive" else "damaged_in_hub"
    received, damaged = facts.received_and_damaged(sku.pk)
    on_hand = received - damaged - facts.sku_totals(sku.pk).put
    if count > on_hand:
        # Units already in crates or never received cannot be damaged here: the count is wrong.
        return answer(
            ctx,
            Result.DAMAGE_EXCEEDS_STOCK,
            pending=None,
            qty=count,
            sku=sku,
            shown=Shown(on_hand=max(on_hand, 0)),
        )
    # Once receiving is closed, shortages are final: damage becomes further damage records.
    settle = FinaliseDamage(sku.pk) if facts.receiving_closed(sku.pk) else RefreshDues(sku.pk)
    return answer(
        ctx,
        Result.DAMAGED,
        pending=None,
        qty=count,
        sku=sku,
        shown=Shown(damaged=damaged + count, reason=reason),
        effects=(AddReceipt(sku.pk, "damaged", count, grams, reason), settle),
    )
