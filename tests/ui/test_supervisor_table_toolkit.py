"""The supervisor screens' tables as a shift lead uses them: search by pinyin initials in a real
screen, lists that follow the stations without a click, state chips that say their word, numbers
that sort as numbers, reloads that keep the selection, and empty lists that say what to do next."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.settings import load_settings, settings_path
from sorter_app.store.database import Store
from sorter_app.ui.supervisor._base import selected_row
from sorter_app.ui.supervisor.crates import CratesScreen
from sorter_app.ui.supervisor.print_centre import PrintCentreScreen
from sorter_app.ui.supervisor.receiving import ReceivingScreen
from sorter_app.ui.widgets import search_keys
from sorter_app.ui.widgets.palette import COLOURS, Tone
from sorter_app.ui.widgets.rows import CHIP_ROLE, Column, Progress, RowsModel, StateStyle
from sorter_app.ui.widgets.table import TABLE_FONT_PX, ListPanel
from tests.factories import EAN_S1, small_wave
from tests.ui.supervisor_support import (
    SUPERVISOR,
    WAVE,
    assert_offers_wave_import,
    make_ctx,
    screen_store,
    seeded_small_wave,
)

NAMES = {"C0001": "丁桥花园", "C0002": "阳光花园", "C0003": "重庆路小区"}


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        yield s


def chinese_wave(store: Store) -> None:
    snapshot = small_wave(WAVE)
    communities = [replace(c, name=NAMES[c.community_id]) for c in snapshot.communities]
    store_snapshot(store, replace(snapshot, communities=communities), source="api")


def open_crates(qtbot: QtBot, store: Store) -> CratesScreen:
    screen = CratesScreen(make_ctx(store, wave_id=WAVE, supervisor=SUPERVISOR))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "crates"):
        screen.show()
    return screen


def search(qtbot: QtBot, panel: ListPanel, text: str) -> None:
    panel.search.clear()
    qtbot.keyClicks(panel.search, text)  # typed: the search runs when typing pauses


def shown_ids(screen: CratesScreen) -> list[str]:
    return [row.community_id for row in screen.communities.rows]


def test_pinyin_initials_find_a_community_on_the_crates_screen(qtbot: QtBot, store: Store) -> None:
    chinese_wave(store)
    screen = open_crates(qtbot, store)
    panel = screen.community_panel
    assert shown_ids(screen) == ["C0001", "C0002", "C0003"]

    search(qtbot, panel, "dqhy")
    qtbot.waitUntil(lambda: shown_ids(screen) == ["C0001"], timeout=3000)
    assert screen.communities.text(0, 3) == "丁桥花园"
    assert panel.count.text() == "显示 1 / 3 行"

    search(qtbot, panel, "ChongQing")  # full pinyin, any case; 重 read as chong
    qtbot.waitUntil(lambda: shown_ids(screen) == ["C0003"], timeout=3000)
    search(qtbot, panel, "c0002")  # the ID
    qtbot.waitUntil(lambda: shown_ids(screen) == ["C0002"], timeout=3000)
    search(qtbot, panel, "hy")  # two 花园
    qtbot.waitUntil(lambda: shown_ids(screen) == ["C0001", "C0002"], timeout=3000)
    panel.search.clear()
    qtbot.waitUntil(lambda: shown_ids(screen) == ["C0001", "C0002", "C0003"], timeout=3000)


def test_search_keys_are_built_once_per_set_of_rows_not_per_keystroke(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = search_keys.row_key
    monkeypatch.setattr(search_keys, "row_key", lambda texts: calls.append(1) or real(texts))
    model = RowsModel(lambda r: r, columns=[Column(), Column(stretch=True)], search=lambda r: r)
    model.set_headers(["社区", "社区名称"])
    model.set_rows([(f"C{i:05d}", f"{NAMES['C0001']}{i}期") for i in range(3000)])
    for query in ("d", "dq", "dqh", "dqhy", "dqhy12", ""):
        model.set_filter(query)  # keys built once: on the worker, or here if asked first
    qtbot.waitUntil(lambda: len(calls) >= 3000, timeout=5000)
    qtbot.wait(100)
    assert len(calls) <= 6000  # at most the worker's and, if the first query beat it, ours
    calls.clear()
    for query in ("c0", "c00", "c000", "c0001"):
        model.set_filter(query)
    assert calls == []  # typing only compares strings
    model.set_filter("dqhy2999")
    assert [r[0] for r in model.rows] == ["C02999"]


def test_a_list_follows_a_scan_at_a_station_without_a_click(qtbot: QtBot, store: Store) -> None:
    seeded_small_wave(store)
    screen = ReceivingScreen(make_ctx(store, wave_id=WAVE))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "overview"):
        screen.show()
    row = [r.sku_id for r in screen.skus.rows].index("S00001")
    assert (screen.skus.text(row, 3), screen.skus.text(row, 9)) == ("5/6", "部分到货")
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "lines"):
        screen.sku_view.selectRow(row)
    assert screen.as_of.text().startswith("截至 ")

    # Another station receives the missing unit: the service writes to the store and says
    # nothing to this screen (no event); the screen's poll notices within seconds.
    ScanStation(store, wave_id=WAVE, station_id="ST-09").scan(EAN_S1, mode="receive")

    def updated() -> bool:
        r = [x.sku_id for x in screen.skus.rows].index("S00001")
        return (screen.skus.text(r, 3), screen.skus.text(r, 9)) == ("6/6", "已收齐")

    qtbot.waitUntil(updated, timeout=10_000)
    assert selected_row(screen.sku_view).sku_id == "S00001"  # the selection stayed


@dataclass(frozen=True)
class Line:
    community_id: str
    units: int
    state: str


def lines_model() -> RowsModel:
    words = {"short": "缺货", "complete": "已收齐"}
    model = RowsModel(
        lambda r: [r.community_id, r.units, Progress(r.units, 100), r.state],
        columns=[
            Column(stretch=True),
            Column(),
            Column(),
            Column(
                states=StateStyle(
                    {"short": (Tone.BAD, "✖"), "complete": (Tone.OK, None)}, words.__getitem__
                )
            ),
        ],
        key=lambda r: r.community_id,
        search=lambda r: (r.community_id,),
    )
    model.set_headers(["社区", "件数", "进度", "状态"])
    return model


def test_state_chips_carry_the_word_as_well_as_colour_and_icon(qtbot: QtBot) -> None:
    model = lines_model()
    panel = ListPanel(model)
    qtbot.addWidget(panel)
    panel.resize(800, 300)
    model.set_rows([Line("C0001", 9, "short"), Line("C0002", 100, "complete")])
    panel.show()
    qtbot.waitExposed(panel)
    short = model.index(0, 3)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
    ):
        assert model.data(short, role) == "缺货"
    assert model.data(short, Qt.ItemDataRole.UserRole) == "short"
    assert model.data(short, CHIP_ROLE) == (Tone.BAD, "✖")
    assert model.data(model.index(1, 3), CHIP_ROLE) == (Tone.OK, "✔")  # the tone's own glyph
    # The chip is painted in its tone: the cell holds the bad tone's fill colour.
    image = panel.view.viewport().grab(panel.view.visualRect(short)).toImage()
    colours = {
        QColor(image.pixel(x, y)).name().upper()
        for x in range(image.width())
        for y in range(image.height())
    }
    assert COLOURS[Tone.BAD].fill.upper() in colours
    # Numbers and progress right-aligned, in a type size readable at a distance.
    for column in (1, 2):
        alignment = model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
        assert alignment & Qt.AlignmentFlag.AlignRight
    assert model.text(0, 2) == "9/100"
    assert panel.view.font().pixelSize() >= 14
    assert panel.view.horizontalHeader().font().pixelSize() >= TABLE_FONT_PX


def test_a_numeric_column_sorts_as_numbers_and_a_third_click_restores_the_order(
    qtbot: QtBot,
) -> None:
    model = lines_model()
    panel = ListPanel(model)
    qtbot.addWidget(panel)
    units = [9, 100, 10, 1000, 2]
    model.set_rows([Line(f"C{i}", n, "short") for i, n in enumerate(units)])
    view = panel.view
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # what a header click does
    assert [model.text(r, 1) for r in range(5)] == ["2", "9", "10", "100", "1000"]
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [model.cell(r, 1) for r in range(5)] == [1000, 100, 10, 9, 2]
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # progress: by its share of the whole
    assert [model.cell(r, 1) for r in range(5)] == [2, 9, 10, 100, 1000]
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    assert [model.cell(r, 1) for r in range(5)] == units


def test_a_reload_keeps_the_selection_and_the_scroll_and_does_not_resize_columns(
    qtbot: QtBot,
) -> None:
    model = lines_model()
    panel = ListPanel(model)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    qtbot.waitExposed(panel)
    rows = [Line(f"C{i:05d}", i, "short") for i in range(3000)]
    model.set_rows(rows)
    view = panel.view
    view.selectRow(2000)
    view.scrollTo(model.index(2000, 0))
    qtbot.wait(20)  # laid out, with its scroll bar
    scroll = view.verticalScrollBar().value()
    widths = [view.columnWidth(c) for c in range(4)]
    assert scroll > 0

    # The same rows with new numbers: repainted where they are.
    model.set_rows([replace(r, units=r.units + 1000000) for r in rows])
    qtbot.wait(20)
    assert selected_row(view).community_id == "C02000"
    assert model.text(2000, 1) == "1002000"
    assert view.verticalScrollBar().value() == scroll
    assert [view.columnWidth(c) for c in range(4)] == widths

    # A row gone before the selected one: the selection follows its row.
    model.set_rows(rows[1:])
    qtbot.wait(20)
    assert selected_row(view).community_id == "C02000"
    assert view.selectionModel().selectedRows()[0].row() == 1999
    assert [view.columnWidth(c) for c in range(4)] == widths


def test_without_a_wave_the_receiving_screen_offers_to_import_one(
    qtbot: QtBot, store: Store
) -> None:
    screen = ReceivingScreen(make_ctx(store))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "waves"):
        screen.show()
    assert_offers_wave_import(qtbot, screen, screen.sku_panel)


def test_the_main_window_opens_the_screen_an_empty_state_asks_for(ui: Any) -> None:
    ui.ctx.supervisor = SUPERVISOR  # unlocked: no PIN dialog
    ui.ctx.events.open_screen.emit("waves")
    assert ui.window.current_key() == "waves"


def test_the_empty_print_centre_offers_to_add_a_printer_and_adds_it(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    seeded_small_wave(store)
    ctx = make_ctx(store, wave_id=WAVE, supervisor=SUPERVISOR)
    screen = PrintCentreScreen(ctx)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "preview"):
        screen.show()  # the first crate's label is previewed at once, without a click
    assert screen.preview is not None and not screen.image.pixmap().isNull()
    panel = screen.printer_panel
    assert panel.showing_empty and panel.empty.title.text() == "还没有打印机"
    assert panel.empty.button.text() == "添加打印机"

    panel.empty.button.click()
    dialog = screen.printer_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    dialog.form.name.setText("label1")
    dialog.form.transport.setCurrentText("folder")
    dialog.form.address.setText((tmp_path / "printer").as_posix())
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "printers"):
        dialog.save()
    assert [screen.printers.text(0, 0)] == ["label1"] and not panel.showing_empty
    assert [p.name for p in load_settings(settings_path(ctx.settings.paths)).printers] == ["label1"]
    assert screen.message.text() == "已添加打印机 label1"
