"""The 日结 screen: the staged night's figures in large type, the routes with the driver and plate
of the one that left, the timeline, 存为 PDF writing the printed summary, 打印 queueing it for
the document printer (and saying where to set one when none is)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from sorter_app.services.printing import print_queue
from sorter_app.settings import DocumentSettings
from sorter_app.store import tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.night_summary import NightSummaryScreen
from sorter_app.ui.widgets.palette import Tone
from sorter_app.ui.widgets.rows import CHIP_ROLE
from tests.night_support import WAVE, staged_night
from tests.ui.supervisor_support import assert_offers_wave_import, make_ctx, screen_store


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        staged_night(s)
        yield s


def open_summary(qtbot: QtBot, store: Store) -> NightSummaryScreen:
    screen = NightSummaryScreen(make_ctx(store, wave_id=WAVE))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "summary"):
        screen.show()
    return screen


def cells(model: object) -> list[list[str]]:
    return [
        [model.text(r, c) for c in range(model.columnCount())]  # type: ignore[attr-defined]
        for r in range(model.rowCount())  # type: ignore[attr-defined]
    ]


def test_the_figures_routes_and_timeline_of_the_night(qtbot: QtBot, store: Store) -> None:
    screen = open_summary(qtbot, store)
    shown = {key: label.text() for key, label in screen.figures.items()}
    assert shown["due"] == "6" and shown["put"] == "6" and shown["left"] == "0"
    assert shown["short"] == "2" and shown["damaged"] == "1"
    assert shown["wrong_crate"] == "1" and shown["claimed"] == "0"
    assert shown["labelled"] == "3/4" and shown["loaded"] == "2/3"
    assert shown["returned"] == "1/2" and shown["routes"] == "1/2"
    assert "供应商缺货 1 件" in screen.shorts.text() and "到货破损 1 件" in screen.shorts.text()
    assert "font-size: 30px" in screen.figures["due"].styleSheet()  # read from across the room

    r01, r02 = cells(screen.routes)
    assert r01[0] == "R01" and r01[3:6] == ["2", "2/2", "已发车"]  # crates, loaded of them
    assert r01[7:] == ["王师傅", "浙A12345", "排队待发送"]
    assert r02[0] == "R02" and r02[5:] == ["未发车", "", "", "", ""]  # no platform state yet
    # States are chips: the word with the tone and icon of the state.
    routes = screen.routes
    assert routes.data(routes.index(0, 5), CHIP_ROLE) == (Tone.OK, "✔")
    assert routes.data(routes.index(0, 9), CHIP_ROLE) == (Tone.INFO, "◔")
    assert routes.data(routes.index(1, 5), CHIP_ROLE) == (Tone.NEUTRAL, "○")
    assert routes.data(routes.index(1, 9), CHIP_ROLE) is None
    assert routes.data(routes.index(0, 3), Qt.ItemDataRole.TextAlignmentRole) & (
        Qt.AlignmentFlag.AlignRight
    )
    assert screen.as_of.text().startswith("截至 ")
    steps = [row[0] for row in cells(screen.events)]
    assert steps[0] == "截单" and "结束收货" in steps and steps[-1] == "发车 R01"


def test_save_as_pdf_and_print_to_the_document_printer(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    screen = open_summary(qtbot, store)
    target = tmp_path / "out" / "night.pdf"
    screen.save_pdf(target)
    qtbot.waitUntil(lambda: screen.message.text().startswith("已保存"), timeout=10_000)
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "日结" in text and "R01" in text and "R02" in text
    assert "王师傅" in text and "浙A12345" in text and "应分拣 6" in text

    screen.print_button.click()
    assert "[documents]" in screen.message.text()  # no document printer: it says where to set one
    assert print_queue.jobs(store) == []
    screen.ctx.settings = replace(screen.ctx.settings, documents=DocumentSettings("docs"))
    screen.print_button.click()
    qtbot.waitUntil(lambda: "docs" in screen.message.text(), timeout=10_000)
    [job] = [j for j in print_queue.jobs(store) if j.kind == "document"]
    assert job.printer == "docs" and job.description == f"night summary {WAVE}"
    with store.read() as s:
        payload = s.scalars(
            select(tables.PrintJob.payload).where(tables.PrintJob.id == job.id)
        ).one()
    assert "王师傅" in PdfReader(io.BytesIO(payload)).pages[0].extract_text()


def test_a_forced_dispatch_and_a_refused_one_stand_out(qtbot: QtBot, store: Store) -> None:
    with store.write() as s:
        s.execute(tables.RouteDispatch.__table__.update().values(forced=True))
        s.execute(
            tables.OutboxEntry.__table__.update()
            .where(tables.OutboxEntry.kind == "dispatch")
            .values(status="parked")
        )
    screen = open_summary(qtbot, store)
    routes = screen.routes
    assert (routes.text(0, 5), routes.text(0, 9)) == ("缺筐强制发车", "平台拒收（已搁置）")
    assert routes.data(routes.index(0, 5), CHIP_ROLE) == (Tone.WARN, "▲")
    assert routes.data(routes.index(0, 9), CHIP_ROLE) == (Tone.BAD, "✖")


def test_the_routes_search_finds_a_route_by_its_driver(qtbot: QtBot, store: Store) -> None:
    screen = open_summary(qtbot, store)
    qtbot.keyClicks(screen.routes_panel.search, "wang")  # 王师傅, in pinyin
    qtbot.waitUntil(lambda: [r.route_id for r in screen.routes.rows] == ["R01"], timeout=3000)


def test_without_a_wave_the_summary_offers_to_import_one(qtbot: QtBot, sqlite_url: str) -> None:
    with screen_store(qtbot, sqlite_url) as empty:
        screen = NightSummaryScreen(make_ctx(empty))
        qtbot.addWidget(screen)
        with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves"):
            screen.show()
        assert not screen.figures_box.isVisible()  # no dashes: only what to do next
        assert_offers_wave_import(qtbot, screen, screen.routes_panel)
