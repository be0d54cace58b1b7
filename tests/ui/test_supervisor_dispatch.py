"""The dispatch screen: crates expected, loaded and missing by stop; a load with a crate missing
is refused on screen; a supervisor forces the dispatch with a reason (audited); the driver and
plate typed before dispatch are recorded with it and shown after; afterwards the screen shows
the platform has not got it yet (queued)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sorter_app.domain.audit import Action
from sorter_app.domain.decisions import Result
from sorter_app.services.people.audit_log import audit_records
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.dispatch import DispatchScreen
from sorter_app.ui.widgets.palette import COLOURS, Tone
from sorter_app.ui.widgets.rows import CHIP_ROLE
from tests.factories import small_wave
from tests.store_reads import crate_code
from tests.ui.supervisor_support import (
    SUPERVISOR,
    WAVE,
    assert_offers_wave_import,
    make_ctx,
    screen_store,
    seeded_small_wave,
)

ROUTE = "R01"
NAMES = {"C0001": "丁桥花园", "C0002": "阳光花园"}


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    """R01: C0001's crate (3 units) loaded, C0002's crate (2 units) not."""
    with screen_store(qtbot, sqlite_url) as s:
        seeded_small_wave(s)
        loader = ScanStation(s, wave_id=WAVE, station_id="ST-09")
        loaded = loader.scan(crate_code(s, "C0001"), mode="load", route=ROUTE)
        assert loaded.result is Result.LOADED
        yield s


def dispatches(store: Store) -> list[str]:
    with store.read() as s:
        return list(s.scalars(select(tables.RouteDispatch.route_id)))


def vehicles(store: Store) -> list[tuple[str | None, str | None]]:
    with store.read() as s:
        rows = s.execute(select(tables.RouteDispatch.driver, tables.RouteDispatch.plate)).all()
    return [(driver, plate) for driver, plate in rows]


def open_dispatch(qtbot: QtBot, store: Store, **options: object) -> DispatchScreen:
    screen = DispatchScreen(make_ctx(store, wave_id=WAVE, **options))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "dispatch"):
        screen.show()
    return screen


def wait_refreshed(qtbot: QtBot, screen: DispatchScreen) -> None:
    with qtbot.waitSignal(
        screen.refreshed, check_params_cb=lambda k: k == "dispatch", timeout=10_000
    ):
        pass


def stop_rows(screen: DispatchScreen) -> list[list[str]]:
    model = screen.stops
    return [[model.text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_a_crate_missing_blocks_dispatch_on_screen(qtbot: QtBot, store: Store) -> None:
    screen = open_dispatch(qtbot, store, supervisor=SUPERVISOR)
    assert screen.route_id == ROUTE
    rows = stop_rows(screen)
    assert [r[1] for r in rows] == ["C0001", "C0002"]
    # Expected, loaded of expected (a bar), missing, and the stop's state as a chip's word.
    assert [r[3:] for r in rows] == [["1", "1/1", "0", "已装齐"], ["1", "0/1", "1", "未装齐"]]
    assert "缺 1 筐" in screen.summary.text()

    screen.dispatch_button.click()
    qtbot.wait(50)
    assert not screen.ctx.ops.busy
    text = screen.message.text()
    assert "还有 1 筐没装车" in text and "C0002" in text and "C0001" not in text
    assert dispatches(store) == []
    assert audit_records(store) == []
    assert "尚未发车" in screen.platform_state.text()


def test_a_forced_dispatch_needs_the_supervisor_and_a_reason(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = open_dispatch(qtbot, store)  # no supervisor unlocked
    asked: list[str] = []
    monkeypatch.setattr(screen, "ask_text", lambda _t, label: asked.append(label) or None)
    screen.force_button.click()
    assert asked == []  # refused before asking: a supervisor must unlock first
    assert screen.message.text()
    assert dispatches(store) == []

    screen.ctx.supervisor = SUPERVISOR
    screen.force_button.click()  # asked, no reason given
    assert len(asked) == 1 and "1" in asked[0]
    assert dispatches(store) == []

    screen.driver.setText("王师傅")
    screen.plate.setText("浙A12345")
    monkeypatch.setattr(screen, "ask_text", lambda _t, _l: "C0002 的筐找不到，先走")
    screen.force_button.click()
    wait_refreshed(qtbot, screen)
    assert dispatches(store) == [ROUTE]
    assert "已强制发车" in screen.message.text()
    [record] = audit_records(store)
    assert record.action == Action.FORCED_DISPATCH
    assert record.supervisor == SUPERVISOR.code
    assert record.reason == "C0002 的筐找不到，先走"
    assert vehicles(store) == [("王师傅", "浙A12345")]  # kept with the departure

    # After dispatch: the platform does not have it yet (queued in the outbox).
    assert "排队" in screen.platform_state.text()
    assert "强制" in screen.departure.text()
    assert not screen.dispatch_button.isEnabled()
    assert (screen.driver.text(), screen.plate.text()) == ("王师傅", "浙A12345")
    assert screen.driver.isReadOnly() and screen.plate.isReadOnly()
    # C0002's crate stayed behind: its stop is red, C0001's left with the truck.
    assert [r[6] for r in stop_rows(screen)] == ["已发车", "缺筐发车"]
    assert screen.stops.data(screen.stops.index(1, 6), CHIP_ROLE) == (Tone.BAD, "✖")


def test_a_full_load_dispatches_and_shows_the_outbox_state(qtbot: QtBot, store: Store) -> None:
    ScanStation(store, wave_id=WAVE, station_id="ST-09").scan(
        crate_code(store, "C0002"), mode="load", route=ROUTE
    )
    screen = open_dispatch(qtbot, store)
    assert [r[5:] for r in stop_rows(screen)] == [["0", "已装齐"], ["0", "已装齐"]]
    assert not screen.driver.isReadOnly()
    screen.plate.setText("  浙A99999 ")  # the driver left blank: both are optional
    screen.dispatch_button.click()
    wait_refreshed(qtbot, screen)
    assert dispatches(store) == [ROUTE]
    assert vehicles(store) == [(None, "浙A99999")]
    assert audit_records(store) == []  # not forced: nothing to audit
    assert "排队" in screen.platform_state.text()
    assert (screen.driver.text(), screen.plate.text()) == ("", "浙A99999")
    assert screen.plate.isReadOnly()
    assert [r[6] for r in stop_rows(screen)] == ["已发车", "已发车"]

    with store.write() as s:
        s.execute(
            tables.OutboxEntry.__table__.update()
            .where(tables.OutboxEntry.kind == "dispatch")
            .values(status="sent")
        )
    screen.refresh()
    wait_refreshed(qtbot, screen)
    assert "已收到" in screen.platform_state.text()


def test_the_stops_search_finds_a_stop_by_pinyin_initials(qtbot: QtBot, store: Store) -> None:
    with store.write() as s:
        for community_id, name in NAMES.items():
            s.execute(
                tables.Community.__table__.update()
                .where(tables.Community.community_id == community_id)
                .values(name=name)
            )
    screen = open_dispatch(qtbot, store)
    panel = screen.stops_panel
    assert panel.search.isVisible()

    def shown() -> list[str]:
        return [stop.community_id for stop in screen.stops.rows]

    assert shown() == ["C0001", "C0002"]
    qtbot.keyClicks(panel.search, "ygHY")  # 阳光花园 by its initials, any case
    qtbot.waitUntil(lambda: shown() == ["C0002"], timeout=3000)
    assert screen.stops.text(0, 2) == "阳光花园"
    assert panel.count.text() == "显示 1 / 2 行"
    panel.search.clear()
    qtbot.keyClicks(panel.search, "c0001")  # the community ID
    qtbot.waitUntil(lambda: shown() == ["C0001"], timeout=3000)


def test_stop_and_platform_states_are_chips_with_their_word(qtbot: QtBot, store: Store) -> None:
    screen = open_dispatch(qtbot, store)
    model = screen.stops
    loaded, missing = model.index(0, 6), model.index(1, 6)
    assert (model.data(loaded), model.data(loaded, CHIP_ROLE)) == ("已装齐", (Tone.OK, "✔"))
    assert (model.data(missing), model.data(missing, CHIP_ROLE)) == ("未装齐", (Tone.WARN, "▲"))
    assert model.data(missing, Qt.ItemDataRole.UserRole) == "missing"
    # The platform's state: icon and words, drawn in its tone.
    assert screen.platform_state.text() == "○ 平台：尚未发车"
    assert COLOURS[Tone.NEUTRAL].fill in screen.platform_state.styleSheet()
    assert screen.as_of.text().startswith("截至 ")
    assert screen.stops_view.font().pixelSize() >= 14


def test_without_a_wave_the_dispatch_screen_offers_to_import_one(
    qtbot: QtBot, sqlite_url: str
) -> None:
    with screen_store(qtbot, sqlite_url) as empty:
        screen = DispatchScreen(make_ctx(empty))
        qtbot.addWidget(screen)
        with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves"):
            screen.show()
        assert not screen.dispatch_button.isEnabled()
        assert_offers_wave_import(qtbot, screen, screen.stops_panel)


def test_a_route_without_crates_says_so(qtbot: QtBot, sqlite_url: str) -> None:
    with screen_store(qtbot, sqlite_url) as imported:
        # Imported, nothing sorted: no crate holds units yet.
        store_snapshot(imported, small_wave(WAVE), source="api")
        screen = open_dispatch(qtbot, imported)
        assert screen.route_id == ROUTE
        panel = screen.stops_panel
        assert panel.showing_empty and panel.empty.title.text() == "这条线路没有要装车的筐"
        assert not panel.empty.button.isVisible()
