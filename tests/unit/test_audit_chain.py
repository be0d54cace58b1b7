"""The audit log's hash chain, pure: each record links to the one before, its hash is SHA-256 over
the previous hash and the canonical serialisation the module documents, and the first record that
was changed, removed or inserted is the one named."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest

from sorter_app.domain.audit import (
    GENESIS,
    Action,
    AuditEntry,
    AuditRecord,
    ChainHead,
    canonical,
    first_break,
    next_record,
)

T0 = datetime(2026, 11, 27, 22, 15, 3, 120_000, tzinfo=UTC)


def chain(n: int) -> list[AuditRecord]:
    records: list[AuditRecord] = []
    head = ChainHead()
    for i in range(n):
        record = next_record(
            head,
            T0 + timedelta(minutes=i),
            AuditEntry(
                Action.FORCED_DISPATCH, "SUP1", f"司机等不及 {i}", wave_id="W1", route_id="R01"
            ),
        )
        records.append(record)
        head = ChainHead(record.seq, record.hash)
    return records


def test_the_hash_is_sha256_of_the_previous_hash_and_the_documented_canonical_json() -> None:
    at = datetime(2026, 11, 28, 6, 15, 3, 120_000, tzinfo=timezone(timedelta(hours=8)))
    record = next_record(
        ChainHead(),
        at,
        AuditEntry(Action.LABEL_REPRINT, "SUP1", "标签被水打湿", wave_id="W1", crate_id="HS-1"),
    )
    expected_json = {
        "action": "label.reprint",
        "at": "2026-11-27T22:15:03.120000Z",  # UTC, six digits of microseconds
        "crate_id": "HS-1",
        "entry_id": "",
        "person_id": "",
        "reason": "标签被水打湿",
        "route_id": "",
        "seq": 1,
        "sku_id": "",
        "supervisor": "SUP1",
        "v": 1,
        "wave_id": "W1",
    }
    text = json.dumps(expected_json, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert canonical(1, at, record.entry) == text.encode("utf-8")
    assert record.prev_hash == GENESIS == "0" * 64
    assert record.hash == hashlib.sha256((GENESIS + "\n" + text).encode("utf-8")).hexdigest()
    assert record.at == T0 and record.at.tzinfo == UTC


def test_records_link_and_an_intact_chain_has_no_break() -> None:
    records = chain(4)
    assert [r.seq for r in records] == [1, 2, 3, 4]
    for before, after in pairwise(records):
        assert after.prev_hash == before.hash
    assert first_break(records) is None
    assert first_break([]) is None


@pytest.mark.parametrize(
    "change",
    [
        {"reason": "另一个原因"},
        {"supervisor": "SUP2"},
        {"action": Action.OUTBOX_DISMISS.value},
        {"route_id": "R02"},
        {"at": T0 + timedelta(minutes=2, microseconds=1)},
    ],
)
def test_a_record_changed_in_place_is_named_by_its_hash(change: dict[str, object]) -> None:
    records = chain(4)
    records[2] = replace(records[2], **change)  # type: ignore[arg-type]
    broken = first_break(records)
    assert broken is not None and (broken.seq, broken.problem) == (3, "hash")
    assert "#3" in broken.message("en") and "#3" in broken.message("zh")


def test_a_record_rehashed_after_a_change_breaks_the_next_link() -> None:
    records = chain(4)
    forged = next_record(
        ChainHead(1, records[0].hash), records[1].at, replace(records[1].entry, reason="改过")
    )
    records[1] = forged
    broken = first_break(records)
    assert broken is not None and (broken.seq, broken.problem) == (3, "prev_hash")


def test_a_removed_or_inserted_record_is_named() -> None:
    records = chain(4)
    broken = first_break(records[:1] + records[2:])
    assert broken is not None and (broken.seq, broken.problem) == (3, "seq")
    broken = first_break(records[1:])
    assert broken is not None and (broken.seq, broken.problem) == (2, "seq")


def test_texts_are_cleaned_and_cut_before_hashing_so_the_stored_columns_verify() -> None:
    record = next_record(
        ChainHead(),
        T0,
        AuditEntry(Action.OUTBOX_RETRY, "  sup1\x00 ", "  原因\r\n第二行\x00" + "长" * 600),
    )
    assert record.supervisor == "sup1"
    assert record.reason.startswith("原因\n第二行长") and len(record.reason) == 500
    assert first_break([record]) is None


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        next_record(ChainHead(), datetime(2026, 11, 27, 22, 0), AuditEntry("x", "SUP1"))
