"""What the station answers to a scan: a result, a level the UI turns into colour, shape and
sound, and a message in Chinese and English."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    PROMPT = "prompt"  # do this next (neutral)
    CONFIRM = "confirm"  # done, recorded (green)
    WARNING = "warning"  # look at the message: mostly nothing recorded (amber)
    INTERCEPT = "intercept"  # stop: wrong crate or an item that must not go on (red, loud)


class Result(StrEnum):
    # Seeding
    PUT_TARGET = "put_target"
    PUT_DONE = "put_done"
    WRONG_CRATE = "wrong_crate"
    CRATE_INFO = "crate_info"
    OVER_SCAN = "over_scan"
    NOT_TO_SORT = "not_to_sort"
    NOT_RECEIVED = "not_received"
    VOID_LABEL = "void_label"
    UNKNOWN_CRATE = "unknown_crate"
    CRATE_CLOSED = "crate_closed"
    # Receiving
    RECEIVED = "received"
    DAMAGED = "damaged"
    RECEIVING_CLOSED = "receiving_closed"
    DAMAGE_EXCEEDS_STOCK = "damage_exceeds_stock"
    COUNT_ARMED = "count_armed"
    COUNT_ASKED = "count_asked"
    COUNT_SET = "count_set"
    NOTHING_TO_COUNT = "nothing_to_count"
    UNDO_NEEDS_SUPERVISOR = "undo_needs_supervisor"
    # Loading
    LOADED = "loaded"
    WRONG_ROUTE = "wrong_route"
    ALREADY_LOADED = "already_loaded"
    ROUTE_DISPATCHED = "route_dispatched"
    # Any mode
    REJECTED = "rejected"
    UNKNOWN_BARCODE = "unknown_barcode"
    PRICE_LABEL = "price_label"
    DAMAGED_ARMED = "damaged_armed"
    CANCELLED = "cancelled"
    CRATE_OPENED = "crate_opened"
    UNDONE = "undone"
    NOTHING_TO_UNDO = "nothing_to_undo"
    LOGGED_OUT = "logged_out"
    NOT_APPLICABLE = "not_applicable"


# The keys every replayed decision prints, in this order (null where they do not apply).
REPLAY_KEYS = (
    "scan_id",
    "scan",
    "result",
    "level",
    "community_id",
    "crate_id",
    "crate_code",
    "sku_id",
    "qty",
    "message_zh",
    "message_en",
)


@dataclass(frozen=True, slots=True)
class ContentLine:
    """One SKU in a crate, as a crate scan shows it."""

    sku_id: str
    name: str
    qty: int


@dataclass(frozen=True, slots=True)
class Shown:
    """What the big screen shows of a decision beyond the replay keys; None where it does not
    apply. Stored as the decision's "details" object (without the None fields), the shape the
    previous version stored as a free dict, so that its decisions still read back."""

    # The SKU
    sku_name: str | None = None
    unit: str | None = None
    grams: int | None = None
    # The target: where to put, and into which crate
    community_name: str | None = None
    leader_name: str | None = None
    route_id: str | None = None
    route_name: str | None = None
    stop_seq: int | None = None
    crate_seq: int | None = None
    crate_count: int | None = None
    crate_extra: bool | None = None
    temperature: str | None = None
    remaining_for_community: int | None = None
    # A wrong crate: which one was scanned
    scanned_crate_id: str | None = None
    scanned_community_id: str | None = None
    # Counts at receiving, and of an over-scan
    received: int | None = None
    ordered: int | None = None
    damaged: int | None = None
    short: int | None = None  # ordered − received, when more than 0 (damage is apart)
    over: int | None = None  # received − ordered, when more than 0
    on_hand: int | None = None
    due: int | None = None
    put: int | None = None
    below_threshold_received: bool | None = None
    # A crate scanned with nothing pending
    status: str | None = None
    contents: tuple[ContentLine, ...] | None = None
    # Loading
    missing: int | None = None
    crate_route_id: str | None = None
    crate_route_name: str | None = None
    # Refusals: the code read, why, what kind of code did not apply here
    code: str | None = None
    reason: str | None = None
    reason_zh: str | None = None
    reason_en: str | None = None
    what: str | None = None
    # An undo at receiving: the free undo time, and the supervisor who allowed a later one
    undo_grace_s: int | None = None
    supervisor: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The fields that apply, JSON-ready."""
        values: dict[str, Any] = {}
        for name in _SHOWN_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            if name == "contents":
                value = [{"sku_id": c.sku_id, "name": c.name, "qty": c.qty} for c in value]
            values[name] = value
        return values

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Shown:
        """Read stored details; keys this version does not know are left out."""
        values = {k: v for k, v in data.items() if k in _SHOWN_FIELDS}
        if "contents" in values and values["contents"] is not None:
            values["contents"] = tuple(
                ContentLine(str(c["sku_id"]), str(c["name"]), int(c["qty"]))
                for c in values["contents"]
            )
        return cls(**values)


_SHOWN_FIELDS = tuple(f.name for f in fields(Shown))


@dataclass(frozen=True, slots=True)
class Decision:
    """One answer to one scan. `shown` carries what the big screen shows beyond the keys."""

    scan_id: str
    scan: str
    result: Result
    level: Level
    message_zh: str
    message_en: str
    community_id: str | None = None
    crate_id: str | None = None
    crate_code: str | None = None
    sku_id: str | None = None
    qty: int | None = None
    shown: Shown = field(default_factory=Shown)

    def replay_json(self) -> dict[str, Any]:
        values = {
            "scan_id": self.scan_id,
            "scan": self.scan,
            "result": self.result.value,
            "level": self.level.value,
            "community_id": self.community_id,
            "crate_id": self.crate_id,
            "crate_code": self.crate_code,
            "sku_id": self.sku_id,
            "qty": self.qty,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }
        return {key: values[key] for key in REPLAY_KEYS}

    def stored(self) -> dict[str, Any]:
        return {**self.replay_json(), "details": self.shown.as_dict()}

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Decision:
        return cls(
            scan_id=data["scan_id"],
            scan=data["scan"],
            result=Result(data["result"]),
            level=Level(data["level"]),
            message_zh=data["message_zh"],
            message_en=data["message_en"],
            community_id=data["community_id"],
            crate_id=data["crate_id"],
            crate_code=data["crate_code"],
            sku_id=data["sku_id"],
            qty=data["qty"],
            shown=Shown.from_dict(dict(data.get("details") or {})),
        )


# The level of each result: one table, so the UI, the replay and the tests agree.
LEVELS: dict[Result, Level] = {
    Result.PUT_TARGET: Level.PROMPT,
    Result.PUT_DONE: Level.CONFIRM,
    Result.WRONG_CRATE: Level.INTERCEPT,
    Result.CRATE_INFO: Level.PROMPT,
    Result.OVER_SCAN: Level.INTERCEPT,
    Result.NOT_TO_SORT: Level.INTERCEPT,
    Result.NOT_RECEIVED: Level.WARNING,
    Result.VOID_LABEL: Level.INTERCEPT,
    Result.UNKNOWN_CRATE: Level.WARNING,
    Result.CRATE_CLOSED: Level.INTERCEPT,
    Result.RECEIVED: Level.CONFIRM,
    Result.DAMAGED: Level.CONFIRM,
    Result.RECEIVING_CLOSED: Level.WARNING,
    Result.DAMAGE_EXCEEDS_STOCK: Level.WARNING,
    Result.COUNT_ARMED: Level.PROMPT,
    Result.COUNT_ASKED: Level.PROMPT,
    Result.COUNT_SET: Level.CONFIRM,
    Result.NOTHING_TO_COUNT: Level.WARNING,
    Result.UNDO_NEEDS_SUPERVISOR: Level.WARNING,
    Result.LOADED: Level.CONFIRM,
    Result.WRONG_ROUTE: Level.INTERCEPT,
    Result.ALREADY_LOADED: Level.WARNING,
    Result.ROUTE_DISPATCHED: Level.INTERCEPT,
    Result.REJECTED: Level.WARNING,
    Result.UNKNOWN_BARCODE: Level.INTERCEPT,
    Result.PRICE_LABEL: Level.WARNING,
    Result.DAMAGED_ARMED: Level.PROMPT,
    Result.CANCELLED: Level.PROMPT,
    Result.CRATE_OPENED: Level.PROMPT,
    Result.UNDONE: Level.CONFIRM,
    Result.NOTHING_TO_UNDO: Level.WARNING,
    Result.LOGGED_OUT: Level.PROMPT,
    Result.NOT_APPLICABLE: Level.WARNING,
}

# Receiving answers a few results at another level than seeding does: a unit of a SKU below its
# group threshold is recorded at receiving (it becomes overage), so it is a caution there (amber),
# while the same SKU at the seeding wall must be stopped (red).
RECEIVING_LEVELS: dict[Result, Level] = {Result.NOT_TO_SORT: Level.WARNING}


def level_for(result: Result, mode: str) -> Level:
    """The level a result is shown at in a station mode (receive | seed | load)."""
    if mode == "receive" and result in RECEIVING_LEVELS:
        return RECEIVING_LEVELS[result]
    return LEVELS[result]
