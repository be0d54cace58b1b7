"""Turn one JSON item of a platform list into a domain value object, strictly.

Every parser takes the decoded item and its index on the page, and either returns the value object
or raises InvalidRecord naming the record (its id, or `items[i]` when the id itself is unusable) and
the field (dotted for nested objects, `lines[2].qty` for list members). Unknown fields are ignored.

Parsing is on the import hot path (hundreds of thousands of order lines), so this is plain dict
access and `type(x) is T` checks: no schema library, and the common all-valid case never builds an
error message.

The platform's IDs (wave, community, route, order, line, SKU, leader, supplier) are opaque: the
contract allows 1-64 characters of any letters of any case, digits, Chinese and punctuation other
than `|`, never control characters. That, and only that, is checked (`id_problem`): no case, no
letters, no shape. The IDs are kept exactly as received, to be sent back so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from sys import intern
from typing import Any, Final, TypeVar

from sorter_app.domain.claims import Claim, ClaimKind
from sorter_app.domain.errors import InvalidRecord
from sorter_app.domain.wave import (
    Community,
    Customer,
    Leader,
    Order,
    OrderLine,
    OrderStatus,
    Route,
    Sku,
    SkuStatus,
    Supplier,
    Temperature,
    WaveStatus,
    WaveSummary,
)

_E = TypeVar("_E", bound=Enum)

MAX_ID_LENGTH: Final = 64
# Control characters (Unicode Cc: C0, DEL, C1) and `|`, the QR payload's separator.
_ID_FORBIDDEN: Final = re.compile("[\x00-\x1f\x7f-\x9f|]")


def id_problem(value: str) -> str | None:
    """Why a non-empty platform ID breaks the contract (in Chinese and English), or None."""
    if len(value) > MAX_ID_LENGTH:
        return f"超过 {MAX_ID_LENGTH} 个字符 longer than {MAX_ID_LENGTH} characters ({len(value)})"
    found = _ID_FORBIDDEN.search(value)
    if found is None:
        return None
    if found.group() == "|":
        return f"不得含 | must not contain '|' (at {found.start()})"
    return f"不得含控制字符 must not contain control characters (U+{ord(found.group()):04X} at {found.start()})"


def _id_ok(value: str) -> bool:
    # isprintable() is a fast C check that holds for almost every ID; the regex decides the rest
    # (a no-break or ideographic space is not printable but is allowed).
    return (
        len(value) <= MAX_ID_LENGTH
        and "|" not in value
        and (value.isprintable() or _ID_FORBIDDEN.search(value) is None)
    )


class _Missing:
    """Marks a key absent from the JSON object, as opposed to present with `null`."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Final = _Missing()


def _describe(value: object) -> str:
    if value is _MISSING:
        return "缺少 missing"
    if value is None:
        return "为空 null"
    text = repr(value)
    return f"值为 got {text[:60]}{'…' if len(text) > 60 else ''}"


def _bad(kind: str, rid: str, field: str, expected: str, value: object) -> InvalidRecord:
    if value is _MISSING or value is None:
        return InvalidRecord(kind, rid, field, _describe(value))
    return InvalidRecord(kind, rid, field, f"{expected}，{_describe(value)}")


def _record(item: object, id_key: str, kind: str, index: int) -> tuple[dict[str, Any], str]:
    """The item as an object, and the id naming it in errors: its own, else its page position."""
    if type(item) is not dict:
        expected = "应为对象 expected an object"
        raise InvalidRecord(kind, f"items[{index}]", "(record)", f"{expected}，{_describe(item)}")
    rid = item.get(id_key)
    if type(rid) is str and rid and _id_ok(rid):
        return item, rid
    return item, f"items[{index}]"  # its id is unusable, or unfit to print


def _id(d: Mapping[str, Any], key: str, kind: str, rid: str, prefix: str = "") -> str:
    value = d.get(key, _MISSING)
    if type(value) is str and value:
        return value
    raise _bad(kind, rid, prefix + key, "应为非空文本 expected a non-empty string", value)


def _pid(d: Mapping[str, Any], key: str, kind: str, rid: str, prefix: str = "") -> str:
    """A platform ID: a non-empty string within the contract's rule for IDs, kept as it is."""
    value = _id(d, key, kind, rid, prefix)
    if _id_ok(value):
        return value
    problem = id_problem(value)
    raise InvalidRecord(kind, rid, prefix + key, f"{problem}，{_describe(value)}")


def _text(d: Mapping[str, Any], key: str, kind: str, rid: str, prefix: str = "") -> str:
    value = d.get(key, _MISSING)
    if type(value) is str:
        return value
    raise _bad(kind, rid, prefix + key, "应为文本 expected a string", value)


def _obj(d: Mapping[str, Any], key: str, kind: str, rid: str) -> dict[str, Any]:
    value = d.get(key, _MISSING)
    if type(value) is dict:
        return value
    raise _bad(kind, rid, key, "应为对象 expected an object", value)


def _int(
    d: Mapping[str, Any], key: str, kind: str, rid: str, minimum: int, prefix: str = ""
) -> int:
    # `type(...) is int` rejects booleans and 24.0 alike: the contract's counts are JSON integers.
    value = d.get(key, _MISSING)
    if type(value) is int and value >= minimum:
        return value
    raise _bad(
        kind,
        rid,
        prefix + key,
        f"应为不小于 {minimum} 的整数 expected an integer >= {minimum}",
        value,
    )


def _optional_int(d: Mapping[str, Any], key: str, kind: str, rid: str, minimum: int) -> int | None:
    value = d.get(key)
    if value is None:
        return None
    if type(value) is int and value >= minimum:
        return value
    raise _bad(
        kind, rid, key, f"应为不小于 {minimum} 的整数 expected an integer >= {minimum}", value
    )


def _bool(d: Mapping[str, Any], key: str, kind: str, rid: str) -> bool:
    value = d.get(key, _MISSING)
    if type(value) is bool:
        return value
    raise _bad(kind, rid, key, "应为 true/false expected a boolean", value)


def _enum_table(enum: type[_E]) -> dict[str, _E]:
    return {member.value: member for member in enum}


_WAVE_STATUS: Final = _enum_table(WaveStatus)
_TEMPERATURE: Final = _enum_table(Temperature)
_SKU_STATUS: Final = _enum_table(SkuStatus)
_ORDER_STATUS: Final = _enum_table(OrderStatus)
_CLAIM_KIND: Final = _enum_table(ClaimKind)


def _enum(d: Mapping[str, Any], key: str, table: dict[str, _E], kind: str, rid: str) -> _E:
    value = d.get(key, _MISSING)
    member = table.get(value) if type(value) is str else None
    if member is not None:
        return member
    allowed = " | ".join(table)
    raise _bad(kind, rid, key, f"取值应为 expected one of {allowed}", value)


def _time(d: Mapping[str, Any], key: str, kind: str, rid: str) -> datetime:
    # fromisoformat also takes a bare date or a naive time; the contract wants date, time, offset.
    value = d.get(key, _MISSING)
    if type(value) is str and len(value) >= 19 and value[10] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.tzinfo is not None:
                return moment
    raise _bad(
        kind, rid, key, "应为带时区的 ISO 8601 时间 expected ISO 8601 time with offset", value
    )


def _date(d: Mapping[str, Any], key: str, kind: str, rid: str) -> date:
    # date.fromisoformat also takes 20261127 and 2026-W48-1; the contract says YYYY-MM-DD only.
    value = d.get(key, _MISSING)
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _bad(kind, rid, key, "应为 YYYY-MM-DD 日期 expected a YYYY-MM-DD date", value)


def parse_wave_summary(raw_item: object, index: int = 0) -> WaveSummary:
    """One wave summary, from `GET /hubs/{hub}/waves` or `GET /waves/{id}`."""
    kind = "wave"
    item, rid = _record(raw_item, "wave_id", kind, index)
    return WaveSummary(
        wave_id=_pid(item, "wave_id", kind, rid),
        hub_id=_id(item, "hub_id", kind, rid),
        delivery_date=_date(item, "delivery_date", kind, rid),
        cutoff_at=_time(item, "cutoff_at", kind, rid),
        status=_enum(item, "status", _WAVE_STATUS, kind, rid),
        order_count=_int(item, "order_count", kind, rid, 0),
        line_count=_int(item, "line_count", kind, rid, 0),
        updated_at=_time(item, "updated_at", kind, rid),
    )


def parse_community(raw_item: object, index: int = 0) -> Community:
    """One community (团长 pickup point) of a wave."""
    kind = "community"
    item, rid = _record(raw_item, "community_id", kind, index)
    community_id = _pid(item, "community_id", kind, rid)
    name = _text(item, "name", kind, rid)
    leader = _obj(item, "leader", kind, rid)
    pickup_point = _obj(item, "pickup_point", kind, rid)
    route = _obj(item, "route", kind, rid)
    return Community(
        community_id=community_id,
        name=name,
        leader=Leader(
            leader_id=_pid(leader, "leader_id", kind, rid, "leader."),
            name=_text(leader, "name", kind, rid, "leader."),
            phone=_text(leader, "phone", kind, rid, "leader."),
        ),
        pickup_address=_text(pickup_point, "address", kind, rid, "pickup_point."),
        route=Route(
            route_id=_pid(route, "route_id", kind, rid, "route."),
            name=_text(route, "name", kind, rid, "route."),
        ),
        stop_seq=_int(route, "stop_seq", kind, rid, 0, "route."),
    )


def _barcodes(item: dict[str, Any], rid: str) -> tuple[str, ...]:
    value = item.get("barcodes", _MISSING)
    if type(value) is list:
        for position, barcode in enumerate(value):
            if type(barcode) is not str or not barcode:
                raise _bad(
                    "sku",
                    rid,
                    f"barcodes[{position}]",
                    "应为非空文本 expected a non-empty string",
                    barcode,
                )
        return tuple(value)
    raise _bad("sku", rid, "barcodes", "应为文本列表 expected a list of strings", value)


def _plu(item: dict[str, Any], rid: str, required: bool) -> str | None:
    value = item.get("plu", _MISSING)
    absent = value is _MISSING or value is None
    if absent and not required:
        return None
    # The PLU is the five digits that the hub's scales print inside a variable-weight EAN-13.
    if type(value) is str and len(value) == 5 and value.isascii() and value.isdigit():
        return value
    if absent:
        problem = "称重商品无条码时必填 required for a weighed SKU without barcodes"
        raise InvalidRecord("sku", rid, "plu", problem)
    raise _bad("sku", rid, "plu", "应为 5 位数字 expected 5 digits", value)


def parse_sku(raw_item: object, index: int = 0) -> Sku:
    """One SKU of a wave; a weighed SKU may have no barcodes but then must give its PLU."""
    kind = "sku"
    item, rid = _record(raw_item, "sku_id", kind, index)
    sku_id = _pid(item, "sku_id", kind, rid)
    name = _text(item, "name", kind, rid)
    spec = _text(item, "spec", kind, rid)
    unit = _text(item, "unit", kind, rid)
    barcodes = _barcodes(item, rid)
    category = _text(item, "category", kind, rid)
    supplier = _obj(item, "supplier", kind, rid)
    supplier_value = Supplier(
        supplier_id=_pid(supplier, "supplier_id", kind, rid, "supplier."),
        name=_text(supplier, "name", kind, rid, "supplier."),
    )
    temperature = _enum(item, "temperature", _TEMPERATURE, kind, rid)
    weighed = _bool(item, "weighed", kind, rid)
    if not barcodes and not weighed:
        raise InvalidRecord(
            kind, rid, "barcodes", "非称重商品至少要有一个条码 a SKU sold by unit needs a barcode"
        )
    return Sku(
        sku_id=sku_id,
        name=name,
        spec=spec,
        unit=unit,
        barcodes=barcodes,
        category=category,
        supplier=supplier_value,
        temperature=temperature,
        weighed=weighed,
        units_per_crate=_int(item, "units_per_crate", kind, rid, 1),
        status=_enum(item, "status", _SKU_STATUS, kind, rid),
        plu=_plu(item, rid, required=weighed and not barcodes),
        unit_weight_g=_optional_int(item, "unit_weight_g", kind, rid, 1),
        group_threshold=_optional_int(item, "group_threshold", kind, rid, 0),
    )


def _line_checked_slowly(line: object, position: int, rid: str) -> OrderLine:
    """The fast path's checks one field at a time, so that a failure names its field."""
    prefix = f"lines[{position}]"
    if type(line) is not dict:
        raise _bad("order", rid, prefix, "应为对象 expected an object", line)
    return OrderLine(
        line_id=_pid(line, "line_id", "order", rid, prefix + "."),
        sku_id=_pid(line, "sku_id", "order", rid, prefix + "."),
        qty=_int(line, "qty", "order", rid, 1, prefix + "."),
    )


def _lines(item: dict[str, Any], rid: str) -> tuple[OrderLine, ...]:
    raw = item.get("lines", _MISSING)
    if type(raw) is not list:
        raise _bad("order", rid, "lines", "应为列表 expected a list", raw)
    lines = []
    # Inlined checks: lines are the bulk of an import, and a helper call per field is measurable.
    for position, line in enumerate(raw):
        if type(line) is dict:
            line_id = line.get("line_id")
            sku_id = line.get("sku_id")
            qty = line.get("qty")
            if (
                type(line_id) is str
                and line_id
                and len(line_id) <= MAX_ID_LENGTH
                and "|" not in line_id
                and line_id.isprintable()
                and type(sku_id) is str
                and sku_id
                and len(sku_id) <= MAX_ID_LENGTH
                and "|" not in sku_id
                and sku_id.isprintable()
                and type(qty) is int
                and qty > 0
            ):
                # sys.intern: a wave repeats each SKU ID thousands of times; one copy each.
                lines.append(OrderLine(line_id, intern(sku_id), qty))
                continue
        lines.append(_line_checked_slowly(line, position, rid))
    return tuple(lines)


def parse_order(raw_item: object, index: int = 0) -> Order:
    """One customer order of a wave with its lines."""
    kind = "order"
    item, rid = _record(raw_item, "order_id", kind, index)
    order_id = item.get("order_id")
    if not (
        type(order_id) is str
        and order_id
        and len(order_id) <= MAX_ID_LENGTH
        and "|" not in order_id
        and order_id.isprintable()
    ):  # the common case inlined, as in _lines; _pid says what is wrong, or accepts the rest
        order_id = _pid(item, "order_id", kind, rid)
    community_id = item.get("community_id")
    if not (
        type(community_id) is str
        and community_id
        and len(community_id) <= MAX_ID_LENGTH
        and "|" not in community_id
        and community_id.isprintable()
    ):
        community_id = _pid(item, "community_id", kind, rid)
    community_id = intern(community_id)
    customer = _obj(item, "customer", kind, rid)
    return Order(
        order_id=order_id,
        community_id=community_id,
        customer=Customer(
            nickname=_text(customer, "nickname", kind, rid, "customer."),
            pickup_code=_text(customer, "pickup_code", kind, rid, "customer."),
        ),
        placed_at=_time(item, "placed_at", kind, rid),
        status=_enum(item, "status", _ORDER_STATUS, kind, rid),
        lines=_lines(item, rid),
    )


def parse_claim(raw_item: object, index: int = 0) -> Claim:
    """One leader's after-delivery claim; `crate_id` may be absent or null."""
    kind = "claim"
    item, rid = _record(raw_item, "claim_id", kind, index)
    crate_id = item.get("crate_id")
    if crate_id is not None and (type(crate_id) is not str or not crate_id):
        raise _bad(
            kind,
            rid,
            "crate_id",
            "应为非空文本或 null expected a non-empty string or null",
            crate_id,
        )
    return Claim(
        claim_id=_id(item, "claim_id", kind, rid),
        community_id=_pid(item, "community_id", kind, rid),
        sku_id=_pid(item, "sku_id", kind, rid),
        qty=_int(item, "qty", kind, rid, 1),
        kind=_enum(item, "kind", _CLAIM_KIND, kind, rid),
        created_at=_time(item, "created_at", kind, rid),
        crate_id=crate_id,
    )
