"""Badges log workers in; supervisor actions need a PIN, with lockout after repeated failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sorter_app.services.people.roster import (
    PeopleError,
    add_person,
    badge_login,
    has_supervisor,
    verify_supervisor_pin,
)
from sorter_app.store.database import Store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_badge_login_and_supervisor_pin(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    assert not has_supervisor(store)
    worker = add_person(store, "w01", "李四")
    boss = add_person(store, "S01", "王班长", role="supervisor", pin="2468")
    assert has_supervisor(store)
    assert worker.badge == "BADGE-W01" and badge_login(store, "w01").name == "李四"
    with pytest.raises(PeopleError) as caught:
        badge_login(store, "NOPE")
    assert caught.value.code == "bad_badge"
    assert verify_supervisor_pin(store, boss.code, "2468").is_supervisor
    with pytest.raises(PeopleError) as caught:
        verify_supervisor_pin(store, "W01", "2468")
    assert caught.value.code == "not_supervisor"


def test_a_supervisor_needs_a_numeric_pin(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    with pytest.raises(PeopleError):
        add_person(store, "S02", "赵", role="supervisor", pin="12")
    with pytest.raises(PeopleError):
        add_person(store, "S02", "赵", role="supervisor")


def test_five_wrong_pins_lock_out_for_five_minutes(sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    clock = Clock()
    add_person(store, "S01", "王班长", role="supervisor", pin="2468", clock=clock)
    codes = []
    for _ in range(5):
        with pytest.raises(PeopleError) as caught:
            verify_supervisor_pin(store, "S01", "0000", clock=clock)
        codes.append(caught.value.code)
    assert codes == ["bad_pin"] * 4 + ["pin_locked"]
    with pytest.raises(PeopleError) as caught:  # even the right PIN waits out the lockout
        verify_supervisor_pin(store, "S01", "2468", clock=clock)
    assert caught.value.code == "pin_locked" and "分钟" in caught.value.message_zh
    clock.now += timedelta(minutes=6)
    assert verify_supervisor_pin(store, "S01", "2468", clock=clock).code == "S01"
