"""One scan's rules, whatever the mode: what kind of code it is, the command cards, then the mode's
own rules (receiving.py, seeding.py, loading.py). A pure function of the parsed scan, the station's
pending state and the facts; the precedence is written out in docs/architecture.md.
"""

from __future__ import annotations

from sorter_app.domain.barcodes import (
    BadgeCode,
    Command,
    CommandCode,
    CrateCode,
    PriceCode,
    ProductCode,
    Rejected,
    RouteCode,
    Scan,
    WeightCode,
)
from sorter_app.domain.decisions import Result, Shown
from sorter_app.domain.loading import load
from sorter_app.domain.receiving import (
    arm_count,
    receive,
    record_damage,
    typed_count,
    undo_receipt,
)
from sorter_app.domain.scan_facts import ScanFacts
from sorter_app.domain.scan_outcome import Outcome, ScanContext, Step, UndoPut, answer
from sorter_app.domain.seeding import crate_full, crate_scan, seed
from sorter_app.domain.station_state import CountArmed, Counted, DamageArmed, Pending


def decide(ctx: ScanContext, facts: ScanFacts, pending: Pending, scan: Scan) -> Step:
    """The outcome of one scan, or a request the store must answer first (scan_outcome.py)."""
    if isinstance(scan, Rejected):
        shown = Shown(reason=scan.reason_code, reason_zh=scan.message_zh, reason_en=scan.message_en)
        return answer(ctx, Result.REJECTED, pending=pending, shown=shown)
    if isinstance(scan, CommandCode):
        return command(ctx, facts, pending, scan)
    if isinstance(scan, BadgeCode):
        return not_here(ctx, pending, "badge")
    if isinstance(scan, RouteCode):
        # The station screen takes a route card itself in load mode (it chooses the route).
        return not_here(ctx, pending, "route")
    if isinstance(scan, PriceCode):
        return answer(ctx, Result.PRICE_LABEL, pending=pending)
    if isinstance(scan, CrateCode):
        if ctx.mode == "receive":
            return not_here(ctx, pending, "crate")
        if ctx.mode == "load":
            return load(ctx, facts, pending, scan)
        return crate_scan(ctx, facts, pending, scan)
    if ctx.mode == "load":
        return not_here(ctx, pending, "product")
    return product(ctx, facts, pending, scan)


def product(
    ctx: ScanContext, facts: ScanFacts, pending: Pending, scan: ProductCode | WeightCode
) -> Step:
    if isinstance(scan, WeightCode):
        sku, count, grams, code = facts.sku_by_plu(scan.plu), 1, scan.grams, scan.raw
    else:
        sku, count, grams, code = facts.sku_by_barcode(scan.code), scan.count, None, scan.code
        armed = pending.count if isinstance(pending, CountArmed | DamageArmed) else None
        if armed is not None and count == 1:
            count = armed  # a quantity card armed the count; `CODE*N` says its own
    if sku is None:
        # An armed damage card is spent on the unknown code, and a count typed next would not
        # be for the receipt before it; a pending target and an armed count stay.
        kept = None if isinstance(pending, DamageArmed | Counted) else pending
        return answer(ctx, Result.UNKNOWN_BARCODE, pending=kept, shown=Shown(code=code))
    if isinstance(pending, DamageArmed):
        return record_damage(ctx, facts, sku, count, grams)
    if ctx.mode == "receive":
        return receive(ctx, facts, pending, sku, count, grams)
    return seed(ctx, facts, sku, grams)


def command(ctx: ScanContext, facts: ScanFacts, pending: Pending, scan: CommandCode) -> Step:
    card = scan.command
    if card is Command.CANCEL:
        return answer(ctx, Result.CANCELLED, pending=None)
    if card is Command.LOGOUT:
        return answer(ctx, Result.LOGGED_OUT, pending=None)
    if card is Command.DAMAGED:
        # A quantity card scanned before the damage card: that many units are damaged.
        count = pending.count if isinstance(pending, CountArmed) else None
        return answer(ctx, Result.DAMAGED_ARMED, pending=DamageArmed(count))
    if card is Command.UNDO:
        if ctx.mode == "receive":
            return undo_receipt(ctx, facts)
        return undo(ctx, facts)
    if card is Command.QTY or (card is Command.COUNT and scan.count is None):
        return arm_count(ctx, pending, scan.count)  # bare, either asks for the count
    if card is Command.COUNT and scan.count is not None:
        return typed_count(ctx, facts, pending, scan.count)
    return crate_full(ctx, facts, pending)


def undo(ctx: ScanContext, facts: ScanFacts) -> Outcome:
    """CMD-UNDO: take the station's last put back out of its crate."""
    put = facts.last_put(ctx.station_id)
    if put is None:
        return answer(ctx, Result.NOTHING_TO_UNDO, pending=None)
    crate = facts.crate(put.crate_pk)
    community = facts.community(put.community_pk)
    return answer(
        ctx,
        Result.UNDONE,
        pending=None,
        qty=put.qty,
        sku=facts.sku(put.sku_pk),
        crate=crate,
        community_id=community.community_id,
        shown=Shown(community_name=community.name, crate_seq=crate.seq),
        effects=(UndoPut(put.pk, put.task_pk, put.qty),),
    )


def not_here(ctx: ScanContext, pending: Pending, what: str) -> Outcome:
    """A valid code that means nothing in this mode: nothing changes."""
    return answer(ctx, Result.NOT_APPLICABLE, pending=pending, shown=Shown(what=what))
