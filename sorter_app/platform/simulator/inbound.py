"""Checks on what a hub sends (reports, dispatches, hub milestones), as strict as a real platform.

The platform refunds and reships from these bodies, so it refuses anything that does not match the
wave: a line that is not in that order, a community not on that route, a weight for a SKU sold by
the unit. Each refusal names the field, e.g. `items[2].reason`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final, Protocol

from sorter_app.platform.simulator.errors import Unprocessable

REPORT_TYPES: Final = ("shortage", "damage", "missort", "overage", "unknown_barcode")
HUB_STAGES: Final = ("imported", "receiving", "sorting", "sorted", "dispatched")
_REASONS: Final = {
    "shortage": ("supplier_short", "late_delivery", "quality_rejected"),
    "damage": ("damaged_in_hub", "damaged_on_arrival"),
    "missort": ("crate_check",),
    "overage": ("supplier_over",),
    "unknown_barcode": ("not_in_wave",),
}


class WaveFacts(Protocol):
    """What the checks need to know about the wave a body is about."""

    def has_community(self, community_id: str) -> bool: ...
    def has_sku(self, sku_id: str) -> bool: ...
    def sku_weighed(self, sku_id: str) -> bool: ...
    def has_barcode(self, barcode: str) -> bool: ...
    def route_of(self, community_id: str) -> str | None: ...
    def has_route(self, route_id: str) -> bool: ...
    def order_line(self, order_id: str, line_id: str) -> tuple[str, str, int] | None:
        """(sku_id, community_id, qty) of that line of that order, or None."""
        ...

    def line(self, line_id: str) -> tuple[str, str, int] | None:
        """(sku_id, community_id, qty) of a line found by its id alone, or None."""
        ...


def _fail(field: str, problem: str) -> Unprocessable:
    return Unprocessable(f"{field}: {problem}")


def _obj(value: object, field: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise _fail(field, f"must be an object, got {_show(value)}")
    return value


def _show(value: object) -> str:
    text = "missing" if value is _MISSING else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_MISSING: Final = object()


def _str(d: Mapping[str, Any], key: str, prefix: str = "") -> str:
    value = d.get(key, _MISSING)
    if type(value) is not str or not value:
        raise _fail(prefix + key, f"must be a non-empty string, got {_show(value)}")
    return value


def _int(d: Mapping[str, Any], key: str, minimum: int, prefix: str = "") -> int:
    value = d.get(key, _MISSING)
    if type(value) is not int or value < minimum:
        raise _fail(prefix + key, f"must be an integer >= {minimum}, got {_show(value)}")
    return value


def _choice(d: Mapping[str, Any], key: str, allowed: tuple[str, ...], prefix: str = "") -> str:
    value = d.get(key, _MISSING)
    if value not in allowed:
        raise _fail(prefix + key, f"must be one of {' | '.join(allowed)}, got {_show(value)}")
    return str(value)


def _time(d: Mapping[str, Any], key: str, prefix: str = "") -> str:
    value = d.get(key, _MISSING)
    if type(value) is str and len(value) >= 19 and value[10] == "T":
        try:
            if datetime.fromisoformat(value).tzinfo is not None:
                return value
        except ValueError:
            pass
    raise _fail(prefix + key, f"must be an ISO 8601 time with offset, got {_show(value)}")


def _list(d: Mapping[str, Any], key: str, prefix: str = "") -> list[Any]:
    value = d.get(key, _MISSING)
    if type(value) is not list or not value:
        raise _fail(prefix + key, f"must be a non-empty list, got {_show(value)}")
    return value


def _key_matches(body: Mapping[str, Any], id_field: str, idempotency_key: str) -> None:
    body_id = _str(body, id_field)
    if body_id != idempotency_key:
        raise Unprocessable(
            f"Idempotency-Key {idempotency_key!r} must equal the body's {id_field} {body_id!r}",
            code="idempotency_key_mismatch",
        )


def check_report(raw: object, idempotency_key: str, wave: WaveFacts) -> None:
    """Raise Unprocessable naming the first field of a report body that breaks the contract."""
    body = _obj(raw, "(body)")
    _key_matches(body, "report_id", idempotency_key)
    kind = _choice(body, "type", REPORT_TYPES)
    _str(body, "station_id")
    _time(body, "created_at")
    note = body.get("note")
    if note is not None and type(note) is not str:
        raise _fail("note", f"must be a string, got {_show(note)}")
    barcodes: set[str] = set()
    for position, raw_item in enumerate(_list(body, "items")):
        prefix = f"items[{position}]."
        item = _obj(raw_item, prefix[:-1])
        _int(item, "qty", 1, prefix)
        _choice(item, "reason", _REASONS[kind], prefix)
        if kind in ("shortage", "damage"):
            _check_line_item(item, prefix, wave)
        elif kind == "missort":
            _check_sku(item, prefix, wave)
            _str(item, "crate_id", prefix)
            _check_community(item, "community_id", prefix, wave)
            _check_community(item, "expected_community_id", prefix, wave)
        elif kind == "overage":
            _check_sku(item, prefix, wave)
        else:
            barcode = _str(item, "barcode", prefix)
            if wave.has_barcode(barcode):
                raise _fail(prefix + "barcode", f"{barcode} belongs to a SKU of this wave")
            if barcode in barcodes:
                raise _fail(prefix + "barcode", f"{barcode} listed twice (one item per barcode)")
            barcodes.add(barcode)


def _check_line_item(item: Mapping[str, Any], prefix: str, wave: WaveFacts) -> None:
    order_id = _str(item, "order_id", prefix)
    line_id = _str(item, "line_id", prefix)
    sku_id = _str(item, "sku_id", prefix)
    community_id = _str(item, "community_id", prefix)
    found = wave.order_line(order_id, line_id)
    if found is None:
        raise _fail(prefix + "line_id", f"{line_id} is not a line of order {order_id} in this wave")
    line_sku, line_community, line_qty = found
    if sku_id != line_sku:
        raise _fail(prefix + "sku_id", f"line {line_id} is for {line_sku}, not {sku_id}")
    if community_id != line_community:
        raise _fail(
            prefix + "community_id", f"order {order_id} is for {line_community}, not {community_id}"
        )
    if item["qty"] > line_qty:
        raise _fail(
            prefix + "qty", f"{item['qty']} is more than the {line_qty} ordered on {line_id}"
        )


def _check_sku(item: Mapping[str, Any], prefix: str, wave: WaveFacts) -> str:
    sku_id = _str(item, "sku_id", prefix)
    if not wave.has_sku(sku_id):
        raise _fail(prefix + "sku_id", f"{sku_id} is not a SKU of this wave")
    return sku_id


def _check_community(item: Mapping[str, Any], key: str, prefix: str, wave: WaveFacts) -> str:
    community_id = _str(item, key, prefix)
    if not wave.has_community(community_id):
        raise _fail(prefix + key, f"{community_id} is not a community of this wave")
    return community_id


def check_dispatch(raw: object, idempotency_key: str, wave: WaveFacts) -> None:
    """Raise Unprocessable naming the first field of a dispatch body that breaks the contract."""
    body = _obj(raw, "(body)")
    _key_matches(body, "dispatch_id", idempotency_key)
    route_id = _str(body, "route_id")
    if not wave.has_route(route_id):
        raise _fail("route_id", f"{route_id} is not a route of this wave")
    _time(body, "departed_at")
    seen: set[str] = set()
    for position, raw_entry in enumerate(_list(body, "communities")):
        prefix = f"communities[{position}]."
        entry = _obj(raw_entry, prefix[:-1])
        community_id = _check_community(entry, "community_id", prefix, wave)
        if wave.route_of(community_id) != route_id:
            raise _fail(prefix + "community_id", f"{community_id} is not on route {route_id}")
        if community_id in seen:
            raise _fail(prefix + "community_id", f"{community_id} listed twice")
        seen.add(community_id)
        crates = _int(entry, "crates", 0, prefix)
        _int(entry, "units", 0, prefix)
        crate_ids = entry.get("crate_ids", _MISSING)
        if type(crate_ids) is not list or len(crate_ids) != crates:
            raise _fail(
                prefix + "crate_ids", f"must list the {crates} crate ids, got {_show(crate_ids)}"
            )
        for n, crate_id in enumerate(crate_ids):
            if type(crate_id) is not str or not crate_id:
                raise _fail(
                    f"{prefix}crate_ids[{n}]", f"must be a non-empty string, got {_show(crate_id)}"
                )
        if len(set(crate_ids)) != len(crate_ids):
            raise _fail(prefix + "crate_ids", "a crate id is listed twice")
        if "weights" in entry:
            _check_weights(entry["weights"], prefix + "weights", community_id, wave)


def _check_weights(raw: object, field: str, community_id: str, wave: WaveFacts) -> None:
    if type(raw) is not list:
        raise _fail(field, f"must be a list, got {_show(raw)}")
    for n, raw_weight in enumerate(raw):
        prefix = f"{field}[{n}]."
        weight = _obj(raw_weight, prefix[:-1])
        line_id = _str(weight, "line_id", prefix)
        sku_id = _str(weight, "sku_id", prefix)
        _int(weight, "grams", 1, prefix)
        found = wave.line(line_id)
        if found is None or found[1] != community_id:
            raise _fail(
                prefix + "line_id", f"{line_id} is not a line of {community_id} in this wave"
            )
        if found[0] != sku_id:
            raise _fail(prefix + "sku_id", f"line {line_id} is for {found[0]}, not {sku_id}")
        if not wave.sku_weighed(sku_id):
            raise _fail(prefix + "sku_id", f"{sku_id} is sold by the unit, not by weight")


def check_hub_status(raw: object) -> tuple[str, str]:
    """(stage, at) of a hub-status body, or Unprocessable."""
    body = _obj(raw, "(body)")
    return _choice(body, "stage", HUB_STAGES), _time(body, "at")
