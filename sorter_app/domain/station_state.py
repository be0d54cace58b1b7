"""What a station remembers between two scans: a put it offered and waits to see done, an armed
damage or quantity card, or the receipt it just counted (which a typed count may still correct).
Stored as JSON by field name, so that a newer version reads what an older one wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any, TypeAlias

from sorter_app.domain.scan_facts import CommunityFacts, CrateFacts, SkuFacts

PENDING_FORMAT = 2


@dataclass(frozen=True, slots=True)
class PendingPut:
    """A target offered to the worker: put `qty` of `sku` into `crate` for `community`.

    It carries everything the crate scan's answer shows, so the put needs no further look-ups.
    """

    task_pk: int
    qty: int
    grams: int | None
    sku: SkuFacts
    crate: CrateFacts
    community: CommunityFacts
    crate_count: int  # the community's crates when offered (n/m on the screen)
    remaining: int  # units the community was still due of the SKU when offered


@dataclass(frozen=True, slots=True)
class DamageArmed:
    """CMD-DAMAGED was scanned: the next product scan records damage (`count` units when a
    quantity card armed a count too)."""

    count: int | None = None


@dataclass(frozen=True, slots=True)
class CountArmed:
    """A quantity card (`CMD-QTY-N`) was scanned: the next product scan counts `count` units."""

    count: int


@dataclass(frozen=True, slots=True)
class CountAsked:
    """The bare `CMD-QTY` card was scanned: the count comes next, typed on the keypad."""


@dataclass(frozen=True, slots=True)
class Counted:
    """The station's last scan counted `qty` units of a SKU in (its receipt carries `scan_id`):
    a count typed now says how many that receipt really was."""

    sku_pk: int
    qty: int
    scan_id: str


Pending: TypeAlias = PendingPut | DamageArmed | CountArmed | CountAsked | Counted | None


def pending_to_json(pending: Pending) -> str:
    """The stored text of a pending state ("" for none)."""
    if pending is None:
        return ""
    if isinstance(pending, DamageArmed):
        if pending.count is None:
            return json.dumps({"format": PENDING_FORMAT, "damage_armed": True})
        return json.dumps({"format": PENDING_FORMAT, "damage_armed": True, "count": pending.count})
    if isinstance(pending, CountArmed):
        return json.dumps({"format": PENDING_FORMAT, "count_armed": pending.count})
    if isinstance(pending, CountAsked):
        return json.dumps({"format": PENDING_FORMAT, "count_asked": True})
    if isinstance(pending, Counted):
        counted = {"sku_pk": pending.sku_pk, "qty": pending.qty, "scan_id": pending.scan_id}
        return json.dumps({"format": PENDING_FORMAT, "counted": counted})
    put = {
        "task_pk": pending.task_pk,
        "qty": pending.qty,
        "grams": pending.grams,
        "sku": _named(pending.sku),
        "crate": _named(pending.crate),
        "community": _named(pending.community),
        "crate_count": pending.crate_count,
        "remaining": pending.remaining,
    }
    return json.dumps({"format": PENDING_FORMAT, "put": put}, ensure_ascii=False)


def _named(row: SkuFacts | CrateFacts | CommunityFacts) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies every value, a cost paid on every scan.
    return {name: getattr(row, name) for name in row.__slots__}


def pending_from_json(text: str) -> Pending:
    """Read a stored pending state, in this version's format or the first release's."""
    if not text:
        return None
    data: dict[str, Any] = json.loads(text)
    if data.get("damage_armed") or data.get("damaged"):
        count = data.get("count")
        return DamageArmed(int(count) if count else None)
    if data.get("count_armed"):
        return CountArmed(int(data["count_armed"]))
    if data.get("count_asked"):
        return CountAsked()
    counted = data.get("counted")
    if counted:
        return Counted(int(counted["sku_pk"]), int(counted["qty"]), str(counted["scan_id"]))
    put = data.get("put")
    if not put:
        return None
    if data.get("format") == PENDING_FORMAT:
        return PendingPut(
            task_pk=put["task_pk"],
            qty=put["qty"],
            grams=put["grams"],
            sku=SkuFacts(**put["sku"]),
            crate=CrateFacts(**put["crate"]),
            community=CommunityFacts(**put["community"]),
            crate_count=put["crate_count"],
            remaining=put["remaining"],
        )
    return _first_release_put(put)


def _first_release_put(put: dict[str, Any]) -> PendingPut:
    # The first release stored the rows as positional lists in the dataclasses' field order,
    # and the screen's details as a dict.
    details = put.get("details") or {}
    return PendingPut(
        task_pk=put["task_pk"],
        qty=put["qty"],
        grams=put.get("grams"),
        sku=_positional(SkuFacts, put["sku"]),
        crate=_positional(CrateFacts, put["crate"]),
        community=_positional(CommunityFacts, put["community"]),
        crate_count=int(details.get("crate_count") or 0),
        remaining=int(details.get("remaining_for_community") or 0),
    )


def _positional(cls: Any, values: list[Any]) -> Any:
    return cls(**dict(zip((f.name for f in fields(cls)), values, strict=True)))
