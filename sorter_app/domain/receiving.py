"""The receiving rules (到货): a product scan counts units in, a damage card then a product counts
them damaged, a quantity card or a typed count says how many, an undo takes the station's last
receipt back. Pure: facts in, outcome out; see docs/architecture.md for the whole precedence."""

from __future__ import annotations

from dataclasses import replace

from sorter_app.domain.decisions import Result, Shown
from sorter_app.domain.scan_facts import ScanFacts, SkuFacts
from sorter_app.domain.scan_outcome import (
    AddReceipt,
    AuditSupervised,
    Effect,
    FinaliseDamage,
    Milestone,
    Outcome,
    RefreshDues,
    ReportOverage,
    ScanContext,
    SetReceiptCount,
    UndoReceipt,
    answer,
)
from sorter_app.domain.station_state import (
    CountArmed,
    CountAsked,
    Counted,
    DamageArmed,
    Pending,
)

BELOW_THRESHOLD = "cancelled_below_threshold"
LATE_UNDO = "receiving.late_undo"  # the audit log's action code (domain/audit.py)


def receive(
    ctx: ScanContext,
    facts: ScanFacts,
    pending: Pending,
    sku: SkuFacts,
    count: int,
    grams: int | None,
) -> Outcome:
    """Count `count` units of `sku` in (one unit of `grams` for a scale label)."""
    if isinstance(pending, Counted):
        pending = None  # a count typed after this scan is not for the receipt before it
    if facts.receiving_closed(sku.pk):
        return answer(ctx, Result.RECEIVING_CLOSED, pending=pending, sku=sku)
    ordered = facts.sku_totals(sku.pk).ordered
    received, damaged = facts.received_and_damaged(sku.pk)
    received += count  # the receipt below is recorded with this answer
    if isinstance(pending, CountArmed | CountAsked):
        pending = None  # the armed count is spent on this scan
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
    if grams is None and pending is None:
        # A count typed next says how many this receipt really was (not for a weighed unit:
        # each scale label is one unit with its own grams).
        pending = Counted(sku.pk, count, ctx.scan_id)
    return answer(
        ctx,
        Result.RECEIVED,
        pending=pending,
        qty=count,
        sku=sku,
        shown=counts_shown(received, ordered, damaged, grams=grams),
        effects=effects,
    )


def counts_shown(received: int, ordered: int, damaged: int, *, grams: int | None = None) -> Shown:
    """Received / ordered of a SKU, what did not arrive (short) or arrived beyond the order
    (over), and its damage, counted apart as on the supplier documents."""
    return Shown(
        received=received,
        ordered=ordered,
        damaged=damaged,
        short=ordered - received if received < ordered else None,
        over=received - ordered if received > ordered else None,
        grams=grams,
    )


def arm_count(ctx: ScanContext, pending: Pending, count: int | None) -> Outcome:
    """A quantity card at receiving: `CMD-QTY-N` arms N for the next product scan (with a
    damage card armed, N units damaged); the bare `CMD-QTY` asks for N on the keypad."""
    if ctx.mode != "receive":
        return answer(ctx, Result.NOT_APPLICABLE, pending=pending, shown=Shown(what="count"))
    if count is None:
        return answer(ctx, Result.COUNT_ASKED, pending=CountAsked())
    armed: Pending = DamageArmed(count) if isinstance(pending, DamageArmed) else CountArmed(count)
    return answer(ctx, Result.COUNT_ARMED, pending=armed, qty=count)


def typed_count(ctx: ScanContext, facts: ScanFacts, pending: Pending, count: int) -> Outcome:
    """`CMD-COUNT-N`, what the keypad sends: N for the receipt the station just counted, or the
    count a bare `CMD-QTY` asked for (or a card armed: the typed number replaces it)."""
    if ctx.mode != "receive":
        return answer(ctx, Result.NOT_APPLICABLE, pending=pending, shown=Shown(what="count"))
    if isinstance(pending, CountAsked | CountArmed | DamageArmed):
        return arm_count(ctx, pending, count)
    if not isinstance(pending, Counted):
        return answer(ctx, Result.NOTHING_TO_COUNT, pending=pending, qty=count)
    sku = facts.sku(pending.sku_pk)
    if facts.receiving_closed(sku.pk):
        return answer(ctx, Result.RECEIVING_CLOSED, pending=None, sku=sku)
    ordered = facts.sku_totals(sku.pk).ordered
    received, damaged = facts.received_and_damaged(sku.pk)
    received += count - pending.qty  # the receipt is corrected with this answer
    return answer(
        ctx,
        Result.COUNT_SET,
        pending=Counted(sku.pk, count, pending.scan_id),  # a typo can be typed over again
        qty=count,
        sku=sku,
        shown=counts_shown(received, ordered, damaged),
        effects=(SetReceiptCount(pending.scan_id, count), RefreshDues(sku.pk)),
    )


def undo_receipt(ctx: ScanContext, facts: ScanFacts) -> Outcome:
    """CMD-UNDO at receiving: take the station's last receipt back, freely within the grace
    time, later only with a supervisor; never once receiving of the SKU is closed (its
    shortages are final then)."""
    receipt = facts.last_receipt(ctx.station_id)
    if receipt is None:
        return answer(ctx, Result.NOTHING_TO_UNDO, pending=None)
    sku = facts.sku(receipt.sku_pk)
    if facts.receiving_closed(sku.pk):
        return answer(ctx, Result.RECEIVING_CLOSED, pending=None, sku=sku)
    if receipt.age_s > ctx.undo_grace_s and ctx.supervised_by is None:
        return answer(
            ctx,
            Result.UNDO_NEEDS_SUPERVISOR,
            pending=None,
            qty=receipt.qty,
            sku=sku,
            shown=Shown(undo_grace_s=round(ctx.undo_grace_s)),
        )
    ordered = facts.sku_totals(sku.pk).ordered
    received, damaged = facts.received_and_damaged(sku.pk)
    shown = counts_shown(received - receipt.qty, ordered, damaged)
    effects: tuple[Effect, ...] = (UndoReceipt(receipt.pk), RefreshDues(sku.pk))
    if ctx.supervised_by is not None:
        shown = replace(shown, supervisor=ctx.supervised_by)
        audit = AuditSupervised(LATE_UNDO, ctx.supervised_by, sku.pk, receipt.pk)
        effects = (*effects, audit)
    return answer(
        ctx, Result.UNDONE, pending=None, qty=receipt.qty, sku=sku, shown=shown, effects=effects
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
