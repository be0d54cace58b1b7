"""The crates screen: crates per community with status and counts; closing a crate and
reprinting a label only with an unlocked supervisor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sorter_app.services.printing import print_queue
from sorter_app.settings import settings_path
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor import crates as crates_module
from sorter_app.ui.supervisor.crates import CratesScreen
from tests.store_reads import crate_code
from tests.ui.supervisor_support import (
    SUPERVISOR,
    WAVE,
    make_ctx,
    screen_store,
    seeded_small_wave,
)

C1 = f"HS-{WAVE}-C0001-01"


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        seeded_small_wave(s)
        yield s


def open_screen(qtbot: QtBot, store: Store, supervisor: Any = None) -> CratesScreen:
    screen = CratesScreen(make_ctx(store, wave_id=WAVE, supervisor=supervisor))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "crates"):
        screen.show()  # the first community is selected and its crates loaded
    return screen


def choose(qtbot: QtBot, screen: CratesScreen, community_id: str, crate_id: str) -> None:
    row = [r.community_id for r in screen.communities.rows].index(community_id)
    if screen.communities.rows[row].community_id != screen._community:
        with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "crates"):
            screen.community_view.selectRow(row)
    assert screen.select_crate(crate_id)


def crate_status(store: Store, crate_id: str) -> str | None:
    with store.read() as s:
        return s.scalar(select(tables.Crate.status).where(tables.Crate.crate_id == crate_id))


def test_crates_per_community_with_status_and_counts(qtbot: QtBot, store: Store) -> None:
    screen = open_screen(qtbot, store)
    rows = {
        r.community_id: [screen.communities.text(i, c) for c in range(4, 11)]
        for i, r in enumerate(screen.communities.rows)
    }
    # crates, open, closed, extra, planned units, put/planned units, status
    assert rows == {
        "C0001": ["2", "2", "0", "0", "4", "3/4", "分拣中"],
        "C0002": ["1", "1", "0", "0", "3", "2/3", "分拣中"],
        "C0003": ["1", "1", "0", "0", "4", "0/4", "分拣中"],
    }
    choose(qtbot, screen, "C0001", C1)
    assert [screen.crates.text(0, c) for c in range(7)] == [
        C1,
        crate_code(store, "C0001"),
        "1/2",
        "常温",
        "未封",
        "3",
        "3/3",
    ]
    assert screen.crates.text(1, 3) == "冷藏"


def test_closing_a_crate_needs_an_unlocked_supervisor(qtbot: QtBot, store: Store) -> None:
    screen = open_screen(qtbot, store)
    screen.confirm = lambda *_: True  # type: ignore[method-assign]
    choose(qtbot, screen, "C0001", C1)
    screen.close_selected_crate()
    assert "班组长" in screen.message.text()
    assert crate_status(store, C1) == "open"

    screen.ctx.supervisor = SUPERVISOR
    screen.close_selected_crate()
    qtbot.waitUntil(lambda: crate_status(store, C1) == "closed", timeout=5000)
    qtbot.waitUntil(
        lambda: bool(screen.crates.rows) and screen.crates.rows[0].status == "closed", timeout=5000
    )
    assert screen.message.text() == f"已封筐：{C1}"
    assert screen.crates.text(0, 4) == "已封"
    # Closing it again is refused by the service's rule, shown on the message line.
    screen.close_selected_crate()
    qtbot.waitUntil(
        lambda: "已封筐" in screen.message.text() and C1 in screen.message.text(), timeout=5000
    )


def add_folder_printer(ctx: Any, folder: Path) -> None:
    path = settings_path(ctx.settings.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'[printers.label1]\nlanguage = "zpl"\ntransport = "folder"\naddress = "{folder.as_posix()}"\n',
        encoding="utf-8",
    )


def test_reprinting_needs_an_unlocked_supervisor(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        crates_module,
        "reprint_service",
        lambda: lambda *a, **k: calls.append((*a, k["printer"].name)),
    )
    screen = open_screen(qtbot, store)
    add_folder_printer(screen.ctx, tmp_path)
    screen.refresh()
    screen.ask_text = lambda *_: "标签破损"  # type: ignore[method-assign]
    choose(qtbot, screen, "C0001", C1)
    screen.reprint_selected_crate()
    assert "班组长" in screen.message.text()
    assert calls == []

    screen.ctx.supervisor = SUPERVISOR
    with qtbot.waitSignal(screen.ctx.events.print_queue_changed):
        screen.reprint_selected_crate()
    assert calls == [(store, C1, SUPERVISOR, "标签破损", "label1")]
    assert "已补打" in screen.message.text()


def test_reprint_without_a_printer_is_refused(qtbot: QtBot, store: Store) -> None:
    screen = open_screen(qtbot, store, supervisor=SUPERVISOR)
    screen.ask_text = lambda *_: "标签破损"  # type: ignore[method-assign]
    choose(qtbot, screen, "C0001", C1)
    screen.reprint_selected_crate()
    assert "没有设置打印机" in screen.message.text()


def test_a_reprint_voids_the_old_code_and_queues_the_new_label(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    screen = open_screen(qtbot, store, supervisor=SUPERVISOR)
    add_folder_printer(screen.ctx, tmp_path)
    screen.refresh()
    old_code = crate_code(store, "C0001")
    screen.ask_text = lambda *_: "标签破损"  # type: ignore[method-assign]
    choose(qtbot, screen, "C0001", C1)
    screen.reprint_selected_crate()
    qtbot.waitUntil(lambda: "已补打" in screen.message.text(), timeout=10000)
    qtbot.waitUntil(
        lambda: screen.crates.rowCount() == 2 and screen.crates.text(0, 7) == "补打 2", timeout=5000
    )
    assert crate_code(store, "C0001") != old_code
    assert screen.crates.text(0, 1) == crate_code(store, "C0001")
    with store.read() as s:
        assert s.get(tables.VoidCrateCode, old_code) is not None
    [job] = print_queue.jobs(store)
    assert (job.printer, job.crate_id, job.status) == ("label1", C1, "queued")
