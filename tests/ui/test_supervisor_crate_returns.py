"""The crate returns screen at the dock: a returned crate's old label scanned (through the scanner
or typed) is recorded and the leader's row of the ledger holds one fewer; a code the ledger cannot
take back shows one clear line; the ledger's held count is the load sheet's crates to collect."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sorter_app.services.loading.dispatch import dispatch_route
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.document_data import load_sheet
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.supervisor.crate_returns import AMBER, RED, CrateReturnsScreen
from tests.integration.test_dispatch import route_crates
from tests.ui.supervisor_support import WAVE, make_ctx, screen_store, seeded_small_wave


def routes(store: Store) -> list[str]:
    with store.read() as s:
        return sorted(set(s.scalars(select(tables.Community.route_id))))


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    """The small wave seeded (C0001: 3 units, C0002: 2), every route loaded and dispatched: each
    crate holding units is now out with its community's leader."""
    with screen_store(qtbot, sqlite_url) as s:
        seeded_small_wave(s)
        loader = ScanStation(s, wave_id=WAVE, station_id="ST-09")
        for route in routes(s):
            for code, _ in route_crates(s, route):
                loader.scan(code, mode="load", route=route)
            dispatch_route(s, WAVE, route)
        yield s


def shown(qtbot: QtBot, store: Store) -> CrateReturnsScreen:
    screen = CrateReturnsScreen(make_ctx(store, wave_id=WAVE))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "ledger"):
        screen.show()
    return screen


def held_of(screen: CrateReturnsScreen) -> dict[str, int]:
    """Community ID → crates held, as the ledger table shows it."""
    return {
        screen.ledger.cell(r, 2): screen.ledger.cell(r, 5) for r in range(screen.ledger.rowCount())
    }


def a_crate_out(store: Store) -> tuple[str, str]:
    """(scan code, community ID) of one crate out with a leader."""
    for route in routes(store):
        for code, crate_id in route_crates(store, route):
            with store.read() as s:
                community = s.scalar(
                    select(tables.CrateLedgerEntry.community_id).where(
                        tables.CrateLedgerEntry.crate_id == crate_id
                    )
                )
            if community:
                return code, community
    raise AssertionError("no crate went out")


def test_a_scanned_crate_comes_back_and_its_leader_holds_one_fewer(
    qtbot: QtBot, store: Store
) -> None:
    screen = shown(qtbot, store)
    before = held_of(screen)
    code, community = a_crate_out(store)
    assert before[community] >= 1
    row = next(r for r in screen.ledger.rows if r.community_id == community)
    assert row.oldest_out_at is not None and screen.ledger.text(0, 7) != "—"

    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "ledger"):
        assert screen.handle_scan(ScanRead(code, source="wedge"))
    after = held_of(screen)
    assert after[community] == before[community] - 1
    assert {k: v for k, v in after.items() if k != community} == {
        k: v for k, v in before.items() if k != community
    }
    assert code in screen.result_line.text() and community in screen.result_line.text()
    assert "已收回" in screen.result_line.text()


def test_the_same_crate_scanned_again_is_not_counted_twice(qtbot: QtBot, store: Store) -> None:
    screen = shown(qtbot, store)
    code, _ = a_crate_out(store)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "ledger"):
        screen.handle_scan(ScanRead(code))
    once = held_of(screen)
    screen.handle_scan(ScanRead(code))
    qtbot.waitUntil(lambda: "已经登记过收回" in screen.result_line.text(), timeout=5_000)
    assert screen.result_line.styleSheet() == AMBER
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "ledger"):
        screen.refresh()
    assert held_of(screen) == once


def test_a_typed_unknown_code_shows_one_clear_line(qtbot: QtBot, store: Store) -> None:
    screen = shown(qtbot, store)
    before = held_of(screen)
    screen.scan_field.setText(f"HS-{WAVE}-C0009-07")
    screen.scan_field.returnPressed.emit()
    qtbot.waitUntil(lambda: screen.result_line.text() != "", timeout=5_000)
    assert screen.result_line.text() == f"不认识的筐：HS-{WAVE}-C0009-07"
    assert "\n" not in screen.result_line.text() and "Traceback" not in screen.result_line.text()
    assert screen.result_line.styleSheet() == RED
    assert screen.message.text() == ""
    assert held_of(screen) == before


def test_the_ledger_holds_what_the_load_sheet_asks_to_collect(qtbot: QtBot, store: Store) -> None:
    screen = shown(qtbot, store)
    code, _ = a_crate_out(store)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "ledger"):
        screen.handle_scan(ScanRead(code))
    on_screen = held_of(screen)
    assert sum(on_screen.values()) >= 1
    for route in routes(store):
        sheet = load_sheet(store, WAVE, route)
        for stop in sheet.stops:
            assert stop.collect_back == on_screen.get(stop.community_id, 0), stop.community_id


def test_in_english_what_came_back_and_a_refusal_read_in_english(
    qtbot: QtBot, store: Store
) -> None:
    from sorter_app.ui.i18n import Translations

    screen = shown(qtbot, store)
    code, community = a_crate_out(store)
    translations = Translations()
    translations.set_language("en")
    try:
        qtbot.wait(50)  # LanguageChange reaches the screen through the event loop
        assert screen.scan_button.text() == "Record return"
        with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "ledger"):
            screen.handle_scan(ScanRead(code))
        assert screen.result_line.text().startswith(f"Back: {code} from leader ")
        assert f"community {community}" in screen.result_line.text()
        screen.handle_scan(ScanRead("6900000000007"))  # a product's barcode, not a crate
        qtbot.waitUntil(lambda: "label" in screen.result_line.text(), timeout=5_000)
        assert screen.result_line.text() == "Scan the crate's label"
        assert screen.result_line.styleSheet() == AMBER
    finally:
        translations.set_language("zh_CN")
