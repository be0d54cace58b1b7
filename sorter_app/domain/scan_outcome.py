"""What a scan's rules give back: the decision, the station's next pending state, and the effects
to record, or a request for the store to do something whose result the rules wait for.

Three writes decide the answer itself, so the rules ask for them and continue with the result
(`then`): a new extra crate (its scan code comes from the store), a put guarded against another
station having filled the due meanwhile, and a crate loaded onto a truck (it may be loaded
already). Everything else is an effect the service applies after the decision, in order, inside
the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal, TypeAlias

from sorter_app.domain.decisions import Decision, Result, Shown, level_for
from sorter_app.domain.messages import message_for
from sorter_app.domain.scan_facts import CommunityFacts, CrateFacts, SkuFacts
from sorter_app.domain.station_state import Pending

Mode = Literal["receive", "seed", "load"]
MODES: tuple[Mode, ...] = ("receive", "seed", "load")


@dataclass(frozen=True, slots=True)
class ScanContext:
    """The scan itself and where it happens: what the rules need besides the facts."""

    scan_id: str
    raw: str
    mode: Mode
    station_id: str
    wave_id: str
    route_id: str | None = None  # the truck being loaded, in mode load
    allow_sort_before_receiving: bool = False
    # An undo at receiving is free this long after the receipt; later it needs a supervisor,
    # whose code is `supervised_by` when one unlocked it (services/receiving/late_undo.py).
    undo_grace_s: float = 10.0
    supervised_by: str | None = None


# --- effects: recorded after the decision, in order ---------------------------------------------


@dataclass(frozen=True, slots=True)
class AddReceipt:
    sku_pk: int
    kind: Literal["received", "damaged"]
    qty: int
    grams: int | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RefreshDues:
    """Re-allocate the SKU's shortage over its communities (received or damaged changed)."""

    sku_pk: int


@dataclass(frozen=True, slots=True)
class FinaliseDamage:
    """Receiving of the SKU is closed: damage found now becomes final damage records."""

    sku_pk: int


@dataclass(frozen=True, slots=True)
class ReportOverage:
    """Units the platform did not order (a SKU below its group threshold) go back as overage."""

    sku_pk: int
    qty: int


@dataclass(frozen=True, slots=True)
class Milestone:
    stage: Literal["receiving", "sorting"]


@dataclass(frozen=True, slots=True)
class CheckSorted:
    """A community's due of the SKU is complete: the wave may now be sorted."""

    sku_pk: int


@dataclass(frozen=True, slots=True)
class UndoPut:
    put_pk: int
    task_pk: int
    qty: int


@dataclass(frozen=True, slots=True)
class SetReceiptCount:
    """The receipt recorded by the station's scan `scan_id` really was `qty` units (typed)."""

    scan_id: str
    qty: int


@dataclass(frozen=True, slots=True)
class UndoReceipt:
    """Take a receipt back: its units no longer count as received."""

    receipt_pk: int


@dataclass(frozen=True, slots=True)
class AuditSupervised:
    """A supervisor allowed what a worker alone may not (a late undo at receiving): one audit
    record, written last in the scan's transaction. `action` is domain/audit.py's code."""

    action: str
    supervisor: str
    sku_pk: int
    entry_id: int  # what was acted on (the receipt's number)


Effect: TypeAlias = (
    AddReceipt
    | RefreshDues
    | FinaliseDamage
    | ReportOverage
    | Milestone
    | CheckSorted
    | UndoPut
    | SetReceiptCount
    | UndoReceipt
    | AuditSupervised
)


@dataclass(frozen=True, slots=True)
class ScanRefs:
    """What the scan's record points at (the crate actually scanned, for a wrong crate)."""

    sku_pk: int | None = None
    community_pk: int | None = None
    crate_pk: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    decision: Decision
    pending: Pending
    refs: ScanRefs = ScanRefs()
    effects: tuple[Effect, ...] = ()


# --- requests: writes whose result the rules wait for --------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenExtraCrate:
    """Open the community's next crate of a zone, marked extra; when `full_crate` is given, close
    it first and move what its plan still expected to the new crate."""

    community: CommunityFacts
    temperature: str
    full_crate: CrateFacts | None
    then: Callable[[CrateFacts], Step]


@dataclass(frozen=True, slots=True)
class RecordPut:
    """Record a put unless it would pass the community's due; `then` gets what the community is
    still due of the SKU, or None when nothing was recorded (another station got there first)."""

    task_pk: int
    qty: int
    crate_pk: int
    sku_pk: int
    community_pk: int
    grams: int | None
    then: Callable[[int | None], Step]


@dataclass(frozen=True, slots=True)
class LoadCrate:
    """Load a crate onto the route's truck; `then` gets False when it was loaded already."""

    crate_pk: int
    route_id: str
    then: Callable[[bool], Step]


Step: TypeAlias = Outcome | OpenExtraCrate | RecordPut | LoadCrate


# --- building an answer ---------------------------------------------------------------------------

NOTHING_SHOWN = Shown()


def answer(
    ctx: ScanContext,
    result: Result,
    *,
    pending: Pending,
    qty: int | None = None,
    sku: SkuFacts | None = None,
    crate: CrateFacts | None = None,
    community_id: str | None = None,
    shown: Shown = NOTHING_SHOWN,
    effects: tuple[Effect, ...] = (),
    recorded_crate: CrateFacts | None = None,
) -> Outcome:
    """The outcome of a scan: its decision with the message, the pending state, the effects.

    `recorded_crate` is the crate the scan's record points at when it is not the crate shown."""
    if sku is not None:
        shown = replace(
            shown,
            sku_name=shown.sku_name if shown.sku_name is not None else sku.name,
            unit=shown.unit if shown.unit is not None else sku.unit,
        )
    zh, en = message_for(result, qty=qty, **shown.as_dict())
    decision = Decision(
        scan_id=ctx.scan_id,
        scan=ctx.raw,
        result=result,
        level=level_for(result, ctx.mode),
        message_zh=zh,
        message_en=en,
        community_id=community_id,
        crate_id=crate.crate_id if crate else None,
        crate_code=crate.scan_code if crate else None,
        sku_id=sku.sku_id if sku else None,
        qty=qty,
        shown=shown,
    )
    # A wrong crate is recorded against the crate scanned, and the community it was meant for.
    pointed = recorded_crate or crate
    refs = ScanRefs(
        sku_pk=sku.pk if sku else None,
        community_pk=crate.community_pk if crate else None,
        crate_pk=pointed.pk if pointed else None,
    )
    return Outcome(decision, pending, refs, effects)
