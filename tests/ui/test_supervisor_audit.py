"""The audit screen lists a forced dispatch (time in the hub's zone, supervisor, action in words,
object, reason), checks the chain and exports the log as CSV; in English too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sorter_app.services.loading.dispatch import dispatch_route
from sorter_app.store.database import Store
from sorter_app.ui.i18n import Translations
from sorter_app.ui.supervisor.audit import AuditScreen
from tests.ui.supervisor_support import (
    SUPERVISOR,
    WAVE,
    make_ctx,
    screen_store,
    seeded_small_wave,
)

DEPARTED = datetime(2026, 11, 27, 22, 30, 5, tzinfo=UTC)  # 06:30:05 in Asia/Shanghai


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        seeded_small_wave(s)  # units put into crates of route R01, none loaded
        dispatch_route(
            s,
            WAVE,
            "R01",
            force=True,
            reason="司机等不及",
            supervisor=SUPERVISOR,
            clock=lambda: DEPARTED,
        )
        yield s


def shown(qtbot: QtBot, store: Store) -> AuditScreen:
    screen = AuditScreen(make_ctx(store, settings={"tz": "Asia/Shanghai"}))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "audit"):
        screen.show()
    return screen


def test_the_screen_lists_a_forced_dispatch(qtbot: QtBot, store: Store) -> None:
    screen = shown(qtbot, store)
    assert screen.records.rowCount() == 1
    assert [screen.records.text(0, c) for c in range(5)] == [
        "11-28 06:30:05",
        "SUP01",
        "缺筐强制发车",
        f"波次 {WAVE}  线路 R01",
        "司机等不及",
    ]
    assert "1" in screen.title.text()

    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "verify"):
        screen.verify_button.click()
    assert screen.chain_state.text() == "✔ 哈希链完好（1 条）"


def test_the_log_exports_as_csv(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    screen = shown(qtbot, store)
    out = tmp_path / "audit.csv"
    screen.ask_save_path = lambda: out  # type: ignore[method-assign]
    screen.export_button.click()
    qtbot.waitUntil(lambda: "audit.csv" in screen.message.text(), timeout=10_000)
    header, row = out.read_text(encoding="utf-8-sig").splitlines()
    assert header.startswith("编号,时间,班组长,操作,对象,原因")
    assert row.startswith("1,2026-11-28 06:30:05,SUP01,缺筐强制发车,")
    assert "司机等不及" in row


def test_the_screen_speaks_english(qtbot: QtBot, store: Store) -> None:
    translations = Translations()
    translations.set_language("en")
    try:
        screen = shown(qtbot, store)
        assert screen.records.text(0, 2) == "Forced dispatch (crates missing)"
        assert screen.records.text(0, 3) == f"wave {WAVE}  route R01"
        assert screen.verify_button.text() == "Check the hash chain"
    finally:
        translations.set_language("zh_CN")
