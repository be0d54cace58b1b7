"""The scan rules on plain objects, no database: the precedence table row by row, and what each
mode answers and asks to be recorded (docs/architecture.md)."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from typing import Any

import pytest

from sorter_app.domain.barcodes import Command, CommandCode, Rejected, parse_scan
from sorter_app.domain.decisions import ContentLine, Decision, Level, Result
from sorter_app.domain.scan_facts import PutFacts
from sorter_app.domain.scan_outcome import (
    AddReceipt,
    AuditSupervised,
    CheckSorted,
    FinaliseDamage,
    Milestone,
    Outcome,
    RefreshDues,
    ReportOverage,
    SetReceiptCount,
    UndoPut,
    UndoReceipt,
)
from sorter_app.domain.scan_rules import decide
from sorter_app.domain.station_state import (
    CountArmed,
    CountAsked,
    Counted,
    DamageArmed,
    Pending,
    PendingPut,
    pending_from_json,
    pending_to_json,
)
from tests.unit.fake_scan_facts import FakeFacts, context

EAN_A = "6923456789012"  # active, 5 ordered: 3 for stop 1, 2 for stop 2
EAN_B = "4006381333931"  # below its group threshold
EAN_C = "96385074"  # ordered only by cancelled orders (no task ordered)
EAN_UNKNOWN = "036000291452"


@pytest.fixture
def wave() -> FakeFacts:
    facts = FakeFacts()
    facts.add_sku(1, EAN_A)
    facts.add_sku(2, EAN_B, status="cancelled_below_threshold")
    facts.add_sku(3, EAN_C)
    facts.add_community(1)
    facts.add_community(2)
    facts.add_task(1, 1, 3)
    facts.add_task(1, 2, 2)
    facts.add_crate(1, plan={1: 3})
    facts.add_crate(2, plan={1: 2})
    return facts


def scan(
    facts: FakeFacts, raw: str, pending: Pending = None, mode: str = "seed", n: int = 1
) -> Outcome:
    ctx = context(mode, n=n, route="R1" if mode == "load" else None)
    return facts.carry_out(decide(ctx, facts, pending, parse_scan(raw)), ctx)


def received(facts: FakeFacts, sku_pk: int, qty: int) -> None:
    facts.received[sku_pk] = facts.received.get(sku_pk, 0) + qty


# --- the precedence of a product scan at the seeding wall, row by row ---------------------------


def test_row_1_a_code_that_is_no_code_is_rejected(wave: FakeFacts) -> None:
    outcome = scan(wave, "12a")
    assert outcome.decision.result is Result.REJECTED
    assert outcome.decision.shown.reason == "too_short" and outcome.effects == ()


def test_row_2_a_valid_code_not_in_the_wave_is_unknown(wave: FakeFacts) -> None:
    outcome = scan(wave, EAN_UNKNOWN)
    assert (outcome.decision.result, outcome.decision.level) == (
        Result.UNKNOWN_BARCODE,
        Level.INTERCEPT,
    )


@pytest.mark.parametrize("code", [EAN_B, EAN_C])
def test_row_3_a_sku_below_threshold_or_only_cancelled_is_not_to_sort(
    wave: FakeFacts, code: str
) -> None:
    received(wave, 2, 5)
    assert scan(wave, code).decision.result is Result.NOT_TO_SORT


def test_row_4_a_sku_not_received_yet_is_not_received(wave: FakeFacts) -> None:
    assert scan(wave, EAN_A).decision.result is Result.NOT_RECEIVED
    wave.closed.add(1)  # closed with nothing received: all short, nothing to put
    for task in wave.tasks:
        task.due = 0
    assert scan(wave, EAN_A).decision.result is Result.OVER_SCAN


def test_row_5_nothing_left_to_put_is_an_over_scan(wave: FakeFacts) -> None:
    received(wave, 1, 5)
    for task in wave.tasks:
        task.put = task.due
    outcome = scan(wave, EAN_A)
    assert outcome.decision.result is Result.OVER_SCAN
    assert (outcome.decision.shown.due, outcome.decision.shown.put) == (5, 5)


def test_row_6_otherwise_the_target_in_stop_order(wave: FakeFacts) -> None:
    received(wave, 1, 5)
    outcome = scan(wave, EAN_A)
    decision = outcome.decision
    assert (decision.result, decision.community_id, decision.qty) == (Result.PUT_TARGET, "C1", 3)
    assert decision.crate_code == wave.crates[1].scan_code
    assert (decision.shown.stop_seq, decision.shown.crate_seq, decision.shown.crate_count) == (
        1,
        1,
        1,
    )
    assert isinstance(outcome.pending, PendingPut) and outcome.effects == ()


# --- the crate scan that follows ------------------------------------------------------------------


def offered(wave: FakeFacts) -> PendingPut:
    received(wave, 1, 5)
    pending = scan(wave, EAN_A).pending
    assert isinstance(pending, PendingPut)
    return pending


def test_the_right_crate_records_the_put_and_clears_the_target(wave: FakeFacts) -> None:
    pending = offered(wave)
    outcome = scan(wave, wave.crates[1].scan_code, pending, n=2)
    assert outcome.decision.result is Result.PUT_DONE
    assert outcome.pending is None and wave.tasks[0].put == 3
    assert outcome.effects == (Milestone("sorting"), CheckSorted(1))  # C1's due is complete
    assert outcome.decision.shown.remaining_for_community == 0


def test_a_wrong_crate_records_nothing_and_keeps_the_target(wave: FakeFacts) -> None:
    pending = offered(wave)
    outcome = scan(wave, wave.crates[2].scan_code, pending, n=2)
    decision = outcome.decision
    assert (decision.result, decision.level) == (Result.WRONG_CRATE, Level.INTERCEPT)
    assert decision.community_id == "C1" and decision.shown.scanned_community_id == "C2"
    assert outcome.pending == pending and wave.puts == []
    assert outcome.refs.crate_pk == 2 and outcome.refs.community_pk == 1


def test_another_station_filling_the_due_first_is_an_over_scan(wave: FakeFacts) -> None:
    pending = offered(wave)
    wave.tasks[0].put = 3  # the other station's put
    outcome = scan(wave, wave.crates[1].scan_code, pending, n=2)
    assert outcome.decision.result is Result.OVER_SCAN and outcome.pending is None


def test_a_closed_crate_takes_nothing(wave: FakeFacts) -> None:
    pending = offered(wave)
    wave.crates[1] = replace(wave.crates[1], status="closed")
    outcome = scan(wave, wave.crates[1].scan_code, pending, n=2)
    assert outcome.decision.result is Result.CRATE_CLOSED and outcome.pending == pending


def test_a_crate_with_nothing_pending_says_what_is_in_it(wave: FakeFacts) -> None:
    pending = offered(wave)
    scan(wave, wave.crates[1].scan_code, pending, n=2)
    info = scan(wave, wave.crates[1].scan_code, None, n=3).decision
    assert (info.result, info.qty, info.shown.community_name) == (Result.CRATE_INFO, 3, "小区1")
    assert info.shown.contents is not None and info.shown.contents[0].sku_id == "S1"


def test_void_and_unknown_crate_codes(wave: FakeFacts) -> None:
    wave.void_codes.add("9000000171")
    pending = offered(wave)
    assert scan(wave, "9000000171", pending).decision.result is Result.VOID_LABEL
    unknown = scan(wave, "HS-W1-C9-01", pending)
    assert unknown.decision.result is Result.UNKNOWN_CRATE and unknown.pending == pending


def test_crate_full_closes_the_crate_and_offers_the_next_one_marked_extra(wave: FakeFacts) -> None:
    pending = offered(wave)
    outcome = scan(wave, "CMD-CRATE-FULL", pending, n=2)
    decision = outcome.decision
    assert decision.result is Result.CRATE_OPENED
    assert decision.crate_id == "HS-W1-C1-02" and decision.shown.crate_extra is True
    assert wave.crates[1].status == "closed" and decision.shown.crate_count == 2


def test_a_new_crate_is_opened_when_every_crate_of_the_zone_is_full(wave: FakeFacts) -> None:
    received(wave, 1, 5)
    del wave.planned[(1, 1)]  # the plan left SKU 1 out of C1's crate, which another SKU fills
    wave.add_sku(9, "0000000000000", upc=4)
    wave.puts.append(PutFacts(99, 1, 1, 1, 9, 4))
    wave.put_stations[99] = "ST-09"
    outcome = scan(wave, EAN_A)
    assert outcome.decision.result is Result.PUT_TARGET
    assert outcome.decision.crate_id == "HS-W1-C1-02" and outcome.decision.shown.crate_extra


# --- commands ----------------------------------------------------------------------------------------


def test_undo_takes_the_stations_last_put_back(wave: FakeFacts) -> None:
    pending = offered(wave)
    scan(wave, wave.crates[1].scan_code, pending, n=2)
    outcome = scan(wave, "CMD-UNDO", None, n=3)
    assert outcome.decision.result is Result.UNDONE and outcome.decision.qty == 3
    assert outcome.effects == (UndoPut(1, 1, 3),)
    assert scan(FakeFacts(), "CMD-UNDO").decision.result is Result.NOTHING_TO_UNDO


@pytest.mark.parametrize(
    ("card", "result"), [("CMD-CANCEL", Result.CANCELLED), ("CMD-LOGOUT", Result.LOGGED_OUT)]
)
def test_cancel_and_logout_drop_the_target(wave: FakeFacts, card: str, result: Result) -> None:
    outcome = scan(wave, card, offered(wave))
    assert outcome.decision.result is result and outcome.pending is None


def test_a_badge_or_a_crate_full_without_a_target_changes_nothing(wave: FakeFacts) -> None:
    assert scan(wave, "BADGE-W01").decision.result is Result.NOT_APPLICABLE
    assert scan(wave, "CMD-CRATE-FULL").decision.shown.what == "crate_full"


@pytest.mark.parametrize("mode", ["receive", "seed", "load"])
def test_a_route_card_is_not_for_the_engine(wave: FakeFacts, mode: str) -> None:
    # The station screen chooses the route with it in load mode; the rules never act on it.
    outcome = scan(wave, "ROUTE-R1", offered(wave) if mode == "seed" else None, mode=mode)
    assert outcome.decision.result is Result.NOT_APPLICABLE
    assert outcome.decision.shown.what == "route"
    if mode == "seed":
        assert outcome.pending == offered(wave)  # the target stays


# --- receiving ---------------------------------------------------------------------------------------


def test_receiving_counts_in_and_asks_for_dues_and_the_milestone(wave: FakeFacts) -> None:
    outcome = scan(wave, f"{EAN_A}*4", mode="receive")
    decision = outcome.decision
    assert (decision.result, decision.qty, decision.level) == (Result.RECEIVED, 4, Level.CONFIRM)
    assert (decision.shown.received, decision.shown.ordered) == (4, 5)
    assert outcome.effects == (
        AddReceipt(1, "received", 4, None),
        RefreshDues(1),
        Milestone("receiving"),
    )


def test_receiving_a_sku_below_threshold_reports_its_units_as_overage(wave: FakeFacts) -> None:
    outcome = scan(wave, f"{EAN_B}*2", mode="receive")
    assert (outcome.decision.result, outcome.decision.level) == (Result.NOT_TO_SORT, Level.WARNING)
    assert outcome.effects[-1] == ReportOverage(2, 2)


def test_receiving_a_closed_sku_records_nothing(wave: FakeFacts) -> None:
    wave.closed.add(1)
    outcome = scan(wave, EAN_A, mode="receive")
    assert outcome.decision.result is Result.RECEIVING_CLOSED and outcome.effects == ()


def test_damage_card_then_product_records_damage_within_stock(wave: FakeFacts) -> None:
    armed = scan(wave, "CMD-DAMAGED", mode="receive")
    assert armed.decision.result is Result.DAMAGED_ARMED and armed.pending == DamageArmed()
    too_many = scan(wave, f"{EAN_A}*2", armed.pending, mode="receive")
    assert too_many.decision.result is Result.DAMAGE_EXCEEDS_STOCK and too_many.pending is None
    received(wave, 1, 5)
    damaged = scan(wave, f"{EAN_A}*2", armed.pending, mode="receive")
    assert damaged.decision.result is Result.DAMAGED and damaged.decision.shown.damaged == 2
    assert damaged.effects == (
        AddReceipt(1, "damaged", 2, None, "damaged_on_arrival"),
        RefreshDues(1),
    )
    wave.closed.add(1)
    after_close = scan(wave, EAN_A, armed.pending, mode="seed")
    assert after_close.effects[-1] == FinaliseDamage(1)
    assert after_close.effects[0] == AddReceipt(1, "damaged", 1, None, "damaged_in_hub")


def test_an_unknown_code_spends_the_damage_card(wave: FakeFacts) -> None:
    assert scan(wave, EAN_UNKNOWN, DamageArmed(), mode="receive").pending is None


# --- receiving with counts: quantity cards and the keypad ---------------------------------------------


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("CMD-QTY-5", 5),
        ("CMD-QTY-10", 10),
        ("CMD-QTY-20", 20),
        ("cmd-qty-37", 37),
        ("CMD-QTY", None),
    ],
)
def test_quantity_cards_parse_as_the_qty_command(raw: str, count: int | None) -> None:
    assert parse_scan(raw) == CommandCode(Command.QTY, count)


@pytest.mark.parametrize(
    "raw", ["CMD-QTY-0", "CMD-QTY-10000", "CMD-QTY-", "CMD-COUNT-", "CMD-COUNT-0"]
)
def test_a_quantity_out_of_range_is_a_bad_count(raw: str) -> None:
    rejected = parse_scan(raw)
    assert isinstance(rejected, Rejected) and rejected.reason_code == "bad_count"


def test_a_quantity_card_arms_the_count_of_the_next_product_scan(wave: FakeFacts) -> None:
    armed = scan(wave, "CMD-QTY-10", mode="receive")
    assert (armed.decision.result, armed.decision.level, armed.decision.qty) == (
        Result.COUNT_ARMED,
        Level.PROMPT,
        10,
    )
    assert armed.pending == CountArmed(10) and armed.effects == ()
    counted = scan(wave, EAN_A, armed.pending, mode="receive", n=2)
    decision = counted.decision
    assert (decision.result, decision.qty) == (Result.RECEIVED, 10)
    assert (decision.shown.received, decision.shown.ordered, decision.shown.over) == (10, 5, 5)
    assert counted.effects[0] == AddReceipt(1, "received", 10, None)
    assert counted.pending == Counted(1, 10, "ST-01-00000002")  # spent; a typed count may follow
    # `CODE*N` says its own count, and spends the card too.
    own = scan(wave, f"{EAN_A}*3", CountArmed(10), mode="receive")
    assert own.decision.qty == 3 and not isinstance(own.pending, CountArmed)


def test_a_quantity_card_with_the_damage_card_counts_the_damage(wave: FakeFacts) -> None:
    received(wave, 1, 5)
    damaged = scan(wave, "CMD-DAMAGED", CountArmed(2), mode="receive")
    assert damaged.pending == DamageArmed(2)
    assert scan(wave, "CMD-QTY-3", DamageArmed(), mode="receive").pending == DamageArmed(3)
    outcome = scan(wave, EAN_A, DamageArmed(2), mode="receive")
    assert (outcome.decision.result, outcome.decision.qty) == (Result.DAMAGED, 2)


def test_the_bare_qty_card_asks_for_the_count_on_the_keypad(wave: FakeFacts) -> None:
    asked = scan(wave, "CMD-QTY", mode="receive")
    assert asked.decision.result is Result.COUNT_ASKED and asked.pending == CountAsked()
    assert scan(wave, "CMD-COUNT", mode="receive").pending == CountAsked()  # the same
    typed = scan(wave, "CMD-COUNT-37", asked.pending, mode="receive")
    assert (typed.decision.result, typed.pending) == (Result.COUNT_ARMED, CountArmed(37))


def test_a_count_typed_after_a_scan_is_what_that_receipt_was(wave: FakeFacts) -> None:
    first = scan(wave, EAN_A, mode="receive", n=4)
    assert first.pending == Counted(1, 1, "ST-01-00000004")
    received(wave, 1, 1)  # what the scan recorded
    typed = scan(wave, "CMD-COUNT-24", first.pending, mode="receive", n=5)
    decision = typed.decision
    assert (decision.result, decision.level, decision.qty) == (Result.COUNT_SET, Level.CONFIRM, 24)
    assert (decision.shown.received, decision.shown.ordered, decision.shown.over) == (24, 5, 19)
    assert typed.effects == (SetReceiptCount("ST-01-00000004", 24), RefreshDues(1))
    assert typed.pending == Counted(1, 24, "ST-01-00000004")  # a typo is typed over again


def test_a_count_typed_with_nothing_counted_or_at_the_wall_records_nothing(
    wave: FakeFacts,
) -> None:
    nothing = scan(wave, "CMD-COUNT-5", mode="receive")
    assert nothing.decision.result is Result.NOTHING_TO_COUNT and nothing.effects == ()
    assert scan(wave, "CMD-QTY-5").decision.result is Result.NOT_APPLICABLE
    assert scan(wave, "CMD-COUNT-5", Counted(1, 1, "x")).decision.result is Result.NOT_APPLICABLE
    wave.closed.add(1)
    closed = scan(wave, "CMD-COUNT-5", Counted(1, 1, "x"), mode="receive")
    assert closed.decision.result is Result.RECEIVING_CLOSED and closed.effects == ()


def test_receiving_shows_short_and_over(wave: FakeFacts) -> None:
    short = scan(wave, f"{EAN_A}*3", mode="receive").decision.shown
    assert (short.received, short.ordered, short.short, short.over) == (3, 5, 2, None)


# --- CMD-UNDO at receiving: the station's last receipt, within the grace time or supervised ----------


def supervised_scan(facts: FakeFacts, raw: str, supervisor: str) -> Outcome:
    ctx = context("receive", supervised_by=supervisor)
    return facts.carry_out(decide(ctx, facts, None, parse_scan(raw)), ctx)


def test_undo_at_receiving_within_the_grace_time_takes_the_last_receipt_back(
    wave: FakeFacts,
) -> None:
    wave.add_receipt(1, 4, age_s=30)
    last = wave.add_receipt(1, 2, age_s=3)
    outcome = scan(wave, "CMD-UNDO", mode="receive")
    decision = outcome.decision
    assert (decision.result, decision.level, decision.qty) == (Result.UNDONE, Level.CONFIRM, 2)
    assert (decision.shown.received, decision.shown.ordered) == (4, 5)
    assert outcome.effects == (UndoReceipt(last.pk), RefreshDues(1))
    assert "已撤销收货" in decision.message_zh and "Receipt undone" in decision.message_en


def test_undo_at_receiving_past_the_grace_time_needs_a_supervisor(wave: FakeFacts) -> None:
    late = wave.add_receipt(1, 4, age_s=30)
    refused = scan(wave, "CMD-UNDO", mode="receive")
    decision = refused.decision
    assert (decision.result, decision.level, decision.qty) == (
        Result.UNDO_NEEDS_SUPERVISOR,
        Level.WARNING,
        4,
    )
    assert decision.shown.undo_grace_s == 10 and refused.effects == ()
    allowed = supervised_scan(wave, "CMD-UNDO", "SUP1")
    assert allowed.decision.result is Result.UNDONE
    assert allowed.decision.shown.supervisor == "SUP1"
    assert allowed.effects == (
        UndoReceipt(late.pk),
        RefreshDues(1),
        AuditSupervised("receiving.late_undo", "SUP1", 1, late.pk),
    )


def test_undo_at_receiving_is_refused_once_receiving_is_closed(wave: FakeFacts) -> None:
    wave.add_receipt(1, 4, age_s=1)
    wave.closed.add(1)
    for outcome in (scan(wave, "CMD-UNDO", mode="receive"), supervised_scan(wave, "CMD-UNDO", "S")):
        assert outcome.decision.result is Result.RECEIVING_CLOSED and outcome.effects == ()


def test_undo_at_receiving_takes_back_receipts_only(wave: FakeFacts) -> None:
    pending = offered(wave)
    scan(wave, wave.crates[1].scan_code, pending, n=2)  # a put, in seed mode
    assert scan(wave, "CMD-UNDO", mode="receive").decision.result is Result.NOTHING_TO_UNDO
    wave.add_receipt(1, 1, station_id="ST-02")  # another station's
    assert scan(wave, "CMD-UNDO", mode="receive").decision.result is Result.NOTHING_TO_UNDO


def test_count_states_round_trip(wave: FakeFacts) -> None:
    for pending in (CountArmed(7), CountAsked(), Counted(1, 3, "ST-01-00000009"), DamageArmed(4)):
        assert pending_from_json(pending_to_json(pending)) == pending


# --- loading ------------------------------------------------------------------------------------------


def test_loading_precedence(wave: FakeFacts) -> None:
    wave.add_community(3, route="R2")
    other_route = wave.add_crate(3)
    code = wave.crates[1].scan_code
    assert scan(wave, other_route.scan_code, mode="load").decision.result is Result.WRONG_ROUTE
    first = scan(wave, code, mode="load").decision
    assert (first.result, first.shown.missing) == (Result.LOADED, 1)
    assert scan(wave, code, mode="load").decision.result is Result.ALREADY_LOADED
    wave.dispatched.add("R1")
    assert scan(wave, code, mode="load").decision.result is Result.ROUTE_DISPATCHED
    assert scan(wave, EAN_A, mode="load").decision.shown.what == "product"


# --- the station's pending state, stored by field name --------------------------------------------


def test_a_pending_target_round_trips_by_field_name(wave: FakeFacts) -> None:
    pending = offered(wave)
    text = pending_to_json(pending)
    assert json.loads(text)["put"]["crate"]["crate_id"] == "HS-W1-C1-01"
    assert pending_from_json(text) == pending
    assert pending_from_json(pending_to_json(DamageArmed())) == DamageArmed()
    assert pending_from_json("") is None


def test_a_pending_target_stored_by_the_first_release_still_reads(wave: FakeFacts) -> None:
    pending = offered(wave)
    first_release = {
        "put": {
            "task_pk": pending.task_pk,
            "qty": pending.qty,
            "grams": None,
            "sku": _values(pending.sku),
            "crate": _values(pending.crate),
            "community": _values(pending.community),
            "details": {"crate_count": 1, "remaining_for_community": 3},
        }
    }
    assert pending_from_json(json.dumps(first_release)) == pending
    assert pending_from_json(json.dumps({"damaged": True})) == DamageArmed()


def _values(row: Any) -> list[object]:
    """A row as the first release stored it: its fields' values in order."""
    return [getattr(row, f.name) for f in fields(row)]


def test_a_decision_stored_by_the_first_release_replays_the_same() -> None:
    # An `@SEQ` replay after an upgrade in the middle of a night answers what was answered then.
    stored = {
        "scan_id": "ST-01-00000007",
        "scan": "9000000171",
        "result": "crate_info",
        "level": "prompt",
        "community_id": "C0017",
        "crate_id": "HS-W1-C0017-01",
        "crate_code": "9000000171",
        "sku_id": None,
        "qty": 4,
        "message_zh": "阳光花园 1/2 号筐：已装 4 件",
        "message_en": "阳光花园 crate 1/2: 4 units in it",
        "details": {
            "community_name": "阳光花园",
            "crate_seq": 1,
            "crate_count": 2,
            "contents": [{"sku_id": "S1", "name": "娃娃菜", "qty": 4}],
            "a_key_of_an_older_version": True,
        },
    }
    decision = Decision.from_stored(stored)
    assert decision.replay_json() == {k: v for k, v in stored.items() if k != "details"}
    assert (decision.shown.crate_count, decision.shown.contents) == (
        2,
        (ContentLine("S1", "娃娃菜", 4),),
    )
    again = Decision.from_stored(json.loads(json.dumps(decision.stored())))
    assert again == decision
