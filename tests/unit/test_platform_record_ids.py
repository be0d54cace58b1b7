"""Platform IDs are opaque: any ID the contract allows is kept exactly as sent; an ID that breaks
the contract (a control character, `|`, empty, over 64 characters) names its record and field."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sorter_app.domain.errors import InvalidRecord
from sorter_app.platform.records import MAX_ID_LENGTH, id_problem
from tests.unit.test_platform_records import KINDS, order_item

# Every ID field of the contract, as (record kind, dotted path with [i] for list members).
ID_FIELDS = [
    ("wave", "wave_id"),
    ("community", "community_id"),
    ("community", "leader.leader_id"),
    ("community", "route.route_id"),
    ("sku", "sku_id"),
    ("sku", "supplier.supplier_id"),
    ("order", "order_id"),
    ("order", "community_id"),
    ("order", "lines[0].line_id"),
    ("order", "lines[0].sku_id"),
    ("order", "lines[1].line_id"),
    ("claim", "community_id"),
    ("claim", "sku_id"),
]

LEGAL = [
    "cm-0003",
    "d13c513a-42f8-4da1-97b1-165f0971b7c4",
    "D13C513A-42F8-4DA1-97B1-165F0971B7C4",
    "9000000010",
    "0003",
    "社区-丁桥（东区）-003",
    'Cm.0001:Hz/East^~"q',
    "Ord 20261126:00000001/Hz",
    "x",
    "y" * MAX_ID_LENGTH,
    "丁" * MAX_ID_LENGTH,
    "a\u00a0b",  # no-break space: not printable, not a control character
    "社区\u3000一期",  # ideographic space
    "a\u200db",  # zero-width joiner (a format character, Cf)
    "🍅-1",
    " padded ",  # spaces at the ends are data too
    "#?%2F&=",
]

BROKEN = [
    ("a\tb", "U+0009"),
    ("a\nb", "U+000A"),
    ("\x00", "U+0000"),
    ("del\x7f", "U+007F"),
    ("c1\x85", "U+0085"),
    ("C|1", "|"),
    ("|", "|"),
    ("z" * (MAX_ID_LENGTH + 1), "64"),
    ("丁" * (MAX_ID_LENGTH + 1), "64"),
]


def _item_with(kind: str, path: str, value: object) -> dict[str, Any]:
    _, example, _ = KINDS[kind]
    item = copy.deepcopy(example())
    target: Any = item
    *parents, last = path.split(".")
    for part in parents:
        if "[" in part:
            name, position = part.rstrip("]").split("[")
            target = target[name][int(position)]
        else:
            target = target[part]
    target[last] = value
    return item


def _read_back(kind: str, record: Any, path: str) -> Any:
    value = record
    for part in path.split("."):
        if "[" in part:
            name, position = part.rstrip("]").split("[")
            value = getattr(value, name)[int(position)]
        else:
            value = getattr(value, part)
    return value


@pytest.mark.parametrize(("kind", "path"), ID_FIELDS)
@pytest.mark.parametrize("value", LEGAL)
def test_any_id_the_contract_allows_is_kept_exactly(kind: str, path: str, value: str) -> None:
    parse, _, _ = KINDS[kind]
    item = _item_with(kind, path, value)
    if path == "lines[1].line_id":  # keep the two line ids of the example apart
        item["lines"][0]["line_id"] = "other"
    record = parse(item, 0)
    assert _read_back(kind, record, path) == value


@pytest.mark.parametrize(("kind", "path"), ID_FIELDS)
@pytest.mark.parametrize(("value", "said"), BROKEN)
def test_an_id_that_breaks_the_contract_names_record_and_field(
    kind: str, path: str, value: str, said: str
) -> None:
    parse, _, id_key = KINDS[kind]
    item = _item_with(kind, path, value)
    with pytest.raises(InvalidRecord) as caught:
        parse(item, 3)
    error = caught.value
    assert error.field == path
    assert said in error.problem
    own_id = path == id_key
    assert error.record_id == ("items[3]" if own_id else item[id_key])
    # The message never carries the raw control character to a terminal or a log line.
    message = error.message("en") + error.message("zh")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in message)


@pytest.mark.parametrize(("kind", "path"), ID_FIELDS)
def test_an_empty_id_is_refused(kind: str, path: str) -> None:
    parse, _, _ = KINDS[kind]
    with pytest.raises(InvalidRecord) as caught:
        parse(_item_with(kind, path, ""), 0)
    assert caught.value.field == path


def test_id_problem_says_nothing_of_legal_ids_and_why_of_others() -> None:
    assert [id_problem(v) for v in LEGAL] == [None] * len(LEGAL)
    for value, said in BROKEN:
        problem = id_problem(value)
        assert problem is not None and said in problem


def test_ids_are_not_reshaped() -> None:
    parse, _, _ = KINDS["order"]
    item = order_item()
    item.update(order_id="o-2026 a", community_id="cM.x/1")
    item["lines"][0].update(line_id="Ln 1", sku_id="sku-10023")
    order = parse(item, 0)
    assert (order.order_id, order.community_id) == ("o-2026 a", "cM.x/1")
    assert (order.lines[0].line_id, order.lines[0].sku_id) == ("Ln 1", "sku-10023")
