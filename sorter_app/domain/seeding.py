"""The seeding rules (播种): a product scan offers a target (community, crate, quantity); the
crate scan that follows records the put, or stops a wrong crate. Pure: facts in, outcome out.

The precedence of a product scan is in docs/architecture.md; in short: not_to_sort →
not_received → over_scan → put_target.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from sorter_app.domain.barcodes import CrateCode
from sorter_app.domain.decisions import ContentLine, Result, Shown
from sorter_app.domain.scan_facts import (
    CommunityFacts,
    CrateFacts,
    ScanFacts,
    SkuFacts,
    TaskFacts,
)
from sorter_app.domain.scan_outcome import (
    CheckSorted,
    Milestone,
    OpenExtraCrate,
    Outcome,
    RecordPut,
    ScanContext,
    Step,
    answer,
)
from sorter_app.domain.scanned_crate import scanned_crate
from sorter_app.domain.station_state import Pending, PendingPut


def seed(ctx: ScanContext, facts: ScanFacts, sku: SkuFacts, grams: int | None) -> Step:
    """A product scanned at the wall. A new product replaces a pending target: nothing of the
    old one was recorded."""
    if sku.status != "active":
        return answer(ctx, Result.NOT_TO_SORT, pending=None, sku=sku)
    if (
        not ctx.allow_sort_before_receiving
        and not facts.has_receipts(sku.pk)
        and not facts.receiving_closed(sku.pk)
    ):
        ordered = facts.sku_totals(sku.pk).ordered
        result = Result.NOT_TO_SORT if ordered == 0 else Result.NOT_RECEIVED
        return answer(ctx, result, pending=None, sku=sku)
    task = facts.next_task(sku.pk)
    if task is None:
        totals = facts.sku_totals(sku.pk)
        if totals.ordered == 0:  # only cancelled orders asked for it
            return answer(ctx, Result.NOT_TO_SORT, pending=None, sku=sku)
        return answer(
            ctx,
            Result.OVER_SCAN,
            pending=None,
            sku=sku,
            shown=Shown(due=totals.due, put=totals.put),
        )
    return offer(ctx, facts, sku, task, grams)


def offer(
    ctx: ScanContext,
    facts: ScanFacts,
    sku: SkuFacts,
    task: TaskFacts,
    grams: int | None,
    result: Result = Result.PUT_TARGET,
) -> Step:
    """Choose the crate and quantity for the task; remember it until the crate is scanned."""
    community = task.community

    def target(crate: CrateFacts, room: int) -> Outcome:
        # A scale label is one unit; otherwise all still due, unless the crate fills first.
        qty = 1 if grams is not None else max(1, min(task.remaining, room))
        put = PendingPut(
            task_pk=task.pk,
            qty=qty,
            grams=grams,
            sku=sku,
            crate=crate,
            community=community,
            crate_count=facts.crate_count(community.pk),
            remaining=task.remaining,
        )
        return answer(
            ctx,
            result,
            pending=put,
            qty=qty,
            sku=sku,
            crate=crate,
            community_id=community.community_id,
            shown=target_shown(put),
        )

    chosen = crate_for(facts, sku, community)
    if chosen is not None:
        return target(*chosen)
    return OpenExtraCrate(
        community,
        sku.temperature,
        full_crate=None,
        then=lambda crate: target(crate, sku.units_per_crate),
    )


def crate_for(
    facts: ScanFacts, sku: SkuFacts, community: CommunityFacts
) -> tuple[CrateFacts, int] | None:
    """The crate the plan meant for this SKU, else any open crate of its zone with room; with how
    many units of the SKU fit. None: every crate is full or closed, a new one is needed."""
    crates = [
        (crate, left)
        for crate, left in facts.crates_for_put(community.pk, sku.temperature, sku.pk)
        if crate.status == "open"
    ]
    for crate, planned_left in crates:
        if planned_left > 0:
            return crate, planned_left
    for crate, _ in crates:
        room = room_for(facts, crate, sku)
        if room > 0:
            return crate, room
    return None


def room_for(facts: ScanFacts, crate: CrateFacts, sku: SkuFacts) -> int:
    """Whole units of `sku` that still fit: a unit takes 1/units_per_crate of a crate."""
    used = sum(
        (Fraction(line.qty, line.units_per_crate) for line in facts.crate_contents(crate.pk)),
        Fraction(0),
    )
    return int((1 - used) * sku.units_per_crate)


def target_shown(put: PendingPut) -> Shown:
    """What the screen shows of a target: where (stop, community), which crate, what is left."""
    community, crate = put.community, put.crate
    return Shown(
        community_name=community.name,
        leader_name=community.leader_name,
        route_id=community.route_id,
        route_name=community.route_name,
        stop_seq=community.stop_seq,
        crate_seq=crate.seq,
        crate_count=put.crate_count,
        crate_extra=crate.extra,
        temperature=crate.temperature,
        remaining_for_community=put.remaining,
    )


def crate_scan(ctx: ScanContext, facts: ScanFacts, pending: Pending, code: CrateCode) -> Step:
    """A crate scanned at the wall: the put done, a wrong crate, or what is in the crate."""
    crate = scanned_crate(ctx, facts, pending, code)
    if isinstance(crate, Outcome):
        return crate
    if not isinstance(pending, PendingPut):
        return crate_info(ctx, facts, pending, crate)
    put = pending
    community = put.community
    shown = target_shown(put)
    if crate.pk != put.crate.pk:
        # Nothing is recorded but the event itself, against the crate actually scanned.
        return answer(
            ctx,
            Result.WRONG_CRATE,
            pending=put,
            qty=put.qty,
            sku=put.sku,
            crate=put.crate,
            community_id=community.community_id,
            shown=replace(
                shown,
                scanned_crate_id=crate.crate_id,
                scanned_community_id=facts.community(crate.community_pk).community_id,
            ),
            recorded_crate=crate,
        )
    if crate.status != "open":
        return answer(
            ctx, Result.CRATE_CLOSED, pending=put, crate=crate, community_id=community.community_id
        )

    def after_put(remaining: int | None) -> Outcome:
        if remaining is None:
            # Another station filled this community's due meanwhile: nothing was put here.
            return answer(
                ctx,
                Result.OVER_SCAN,
                pending=None,
                sku=put.sku,
                crate=crate,
                community_id=community.community_id,
            )
        done = (CheckSorted(put.sku.pk),) if remaining == 0 else ()
        return answer(
            ctx,
            Result.PUT_DONE,
            pending=None,
            qty=put.qty,
            sku=put.sku,
            crate=crate,
            community_id=community.community_id,
            shown=replace(shown, remaining_for_community=remaining),
            effects=(Milestone("sorting"), *done),
        )

    return RecordPut(
        task_pk=put.task_pk,
        qty=put.qty,
        crate_pk=crate.pk,
        sku_pk=put.sku.pk,
        community_pk=crate.community_pk,
        grams=put.grams,
        then=after_put,
    )


def crate_info(ctx: ScanContext, facts: ScanFacts, pending: Pending, crate: CrateFacts) -> Outcome:
    """A crate scanned with nothing pending: whose it is and what is in it."""
    community = facts.community(crate.community_pk)
    contents = facts.crate_contents(crate.pk)
    return answer(
        ctx,
        Result.CRATE_INFO,
        pending=pending,
        crate=crate,
        community_id=community.community_id,
        qty=sum(line.qty for line in contents),
        shown=Shown(
            community_name=community.name,
            stop_seq=community.stop_seq,
            crate_seq=crate.seq,
            crate_count=facts.crate_count(community.pk),
            status=crate.status,
            contents=tuple(ContentLine(c.sku_id, c.name, c.qty) for c in contents),
        ),
    )


def crate_full(ctx: ScanContext, facts: ScanFacts, pending: Pending) -> Step:
    """CMD-CRATE-FULL with a target pending: close its crate, open the next one (marked extra),
    move what the plan still expected there, and offer the target again in the new crate."""
    if ctx.mode != "seed" or not isinstance(pending, PendingPut):
        return answer(ctx, Result.NOT_APPLICABLE, pending=pending, shown=Shown(what="crate_full"))
    put = pending

    def reoffer(_: CrateFacts) -> Step:
        task = TaskFacts(put.task_pk, facts.task_remaining(put.task_pk), put.community)
        return offer(ctx, facts, put.sku, task, put.grams, result=Result.CRATE_OPENED)

    return OpenExtraCrate(put.community, put.crate.temperature, full_crate=put.crate, then=reoffer)
