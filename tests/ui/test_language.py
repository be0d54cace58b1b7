"""Switching to English changes every visible string: no Chinese is left on screen except data
(community and SKU names), which sits in widgets named data_*."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from tests.factories import EAN_S1
from tests.store_reads import crate_code
from tests.ui.conftest import Ui

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(objectName, text) of every visible label and button under root, data widgets left out."""
    found = []
    for widget in [*root.findChildren(QLabel), *root.findChildren(QAbstractButton)]:
        if not widget.isVisibleTo(root) or widget.objectName().startswith("data_"):
            continue
        if widget.text():
            found.append((widget.objectName() or type(widget).__name__, widget.text()))
    return found


def chinese(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, text) for name, text in texts if CJK.search(text)]


def switch(ui: Ui, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    ui.ctx.events.language_changed.emit(language)
    qtbot.wait(20)  # LanguageChange events are posted


def test_english_leaves_no_chinese_on_the_station_screen(ui: Ui, qtbot) -> None:
    station = ui.station
    ui.scan("BADGE-W01")
    station.set_mode("receive")
    ui.scan(f"{EAN_S1}*5")
    station.set_mode("seed")
    ui.scan(EAN_S1)
    ui.scan(crate_code(ui.ctx.store, "C0002"))  # wrong crate: the red screen
    qtbot.waitUntil(lambda: station.progress.sku_numbers.text() != "—", timeout=5000)
    assert chinese(visible_texts(station))  # the test can see Chinese when it is there

    switch(ui, qtbot, "en")
    assert chinese(visible_texts(ui.window)) == []
    assert station.word.text() == "STOP!"
    assert station.mode_chip.text() == "Sorting"
    assert station.crate.text() == "Crate 1/2"
    assert station.temperature.text() == "Ambient"
    # The engine's own message switches too (it names the community: data).
    assert station.message.text().startswith("WRONG CRATE! Do not put.")
    assert station.progress.sku_numbers.text().endswith("units")
    assert "WRONG CRATE" in station.last_scans.rows[0].text()

    # New answers arrive in English as well.
    ui.scan(crate_code(ui.ctx.store, "C0001"))
    assert station.word.text() == "DONE"
    assert chinese(visible_texts(ui.window)) == []
    ui.scan(EAN_S1)  # the next target: community 2 gets its 2 units
    assert (station.stop.text(), station.qty.text()) == ("2", "×2")
    assert ui.speech.said[-1] == "Stop 2, 2"

    switch(ui, qtbot, "zh_CN")
    assert station.word.text() == "下一步"
    assert station.mode_chip.text() == "分拣"


def test_english_on_the_login_screen_and_other_worker_pages(ui: Ui, qtbot) -> None:
    switch(ui, qtbot, "en")
    assert ui.station.title.text() == "Scan your badge to log in"
    assert chinese(visible_texts(ui.window)) == []
    for key in ("station_check", "scanner_setup"):
        assert ui.window.show_screen(key)
        assert chinese(visible_texts(ui.window.page(key))) == [], key
    ui.scan("BADGE-W01")  # the set-up page keeps the scan; the check page passes its step
    assert chinese(visible_texts(ui.window.page("scanner_setup"))) == []
