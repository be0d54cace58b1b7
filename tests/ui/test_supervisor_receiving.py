"""The receiving screen: per-SKU numbers as the store has them, per-line results, and closing
receiving only with an unlocked supervisor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.receiving import ReceivingScreen
from tests.ui.supervisor_support import SUPERVISOR, WAVE, make_ctx, seeded_small_wave, settle


@pytest.fixture
def sqlite_store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    store = Store.open(sqlite_url)
    seeded_small_wave(store)
    yield store
    settle(qtbot)
    store.close()


def open_screen(qtbot: QtBot, store: Store, supervisor: object = None) -> ReceivingScreen:
    screen = ReceivingScreen(make_ctx(store, wave_id=WAVE, supervisor=supervisor))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "overview"):
        screen.show()
    return screen


def table(screen: ReceivingScreen) -> dict[str, list[str]]:
    model = screen.skus
    return {
        model.text(r, 0): [model.text(r, c) for c in range(2, model.columnCount())]
        for r in range(model.rowCount())
    }


def select_sku(qtbot: QtBot, screen: ReceivingScreen, sku_id: str) -> None:
    row = [r.sku_id for r in screen.skus.rows].index(sku_id)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "lines"):
        screen.sku_view.selectRow(row)


def test_shows_ordered_received_damaged_and_short_per_sku(
    qtbot: QtBot, sqlite_store: Store
) -> None:
    screen = open_screen(qtbot, sqlite_store)
    # ordered, received/ordered, damaged, available, short, over, put/due, state
    assert table(screen) == {
        "S00001": ["6", "5/6", "0", "5", "1", "0", "5/5", "部分到货"],
        "S00002": ["5", "0/5", "0", "0", "0", "0", "0/5", "未到货"],
    }
    assert "后下单先缺" in screen.policy_label.text()
    # Before closing: the line the policy would short (the latest order of S00001) is previewed.
    select_sku(qtbot, screen, "S00001")
    assert [(ln.order_id, ln.short_qty) for ln in screen.lines.rows] == [("O2026112600000003", 1)]
    assert "若现在关闭收货" in screen.lines_title.text()


def test_closing_receiving_needs_an_unlocked_supervisor(qtbot: QtBot, sqlite_store: Store) -> None:
    screen = open_screen(qtbot, sqlite_store)
    screen.confirm = lambda *_: True  # type: ignore[method-assign]
    select_sku(qtbot, screen, "S00001")
    screen.close_selected_sku()
    assert "班组长" in screen.message.text()
    with sqlite_store.read() as s:
        assert s.scalars(select(tables.ReceivingClosure)).all() == []

    screen.ctx.supervisor = SUPERVISOR
    with qtbot.waitSignal(screen.ctx.events.receiving_changed, timeout=5000):
        screen.close_selected_sku()
    qtbot.waitUntil(lambda: table(screen)["S00001"][-1] == "缺货", timeout=5000)
    with sqlite_store.read() as s:
        [closure] = s.scalars(select(tables.ReceivingClosure)).all()
        assert closure.closed_by == "SUP01"
        assert s.scalar(select(tables.Shortage.qty)) == 1
    qtbot.waitUntil(lambda: screen.lines_title.text().startswith("S00001 的最终缺货"), timeout=5000)
    [line] = screen.lines.rows
    assert (line.order_id, line.short_qty, line.reason) == (
        "O2026112600000003",
        1,
        "supplier_short",
    )
    assert screen.lines.text(0, 6) == "供应商少货"


def test_closing_the_whole_wave_makes_unreceived_skus_short(
    qtbot: QtBot, sqlite_store: Store
) -> None:
    screen = open_screen(qtbot, sqlite_store, supervisor=SUPERVISOR)
    screen.confirm = lambda *_: True  # type: ignore[method-assign]
    with qtbot.waitSignal(screen.ctx.events.receiving_changed, timeout=5000):
        screen.close_wave()
    qtbot.waitUntil(lambda: screen.wave_state.text() == "整个波次收货已关闭", timeout=5000)
    assert table(screen)["S00002"] == ["5", "0/5", "0", "0", "5", "0", "0/0", "缺货"]
