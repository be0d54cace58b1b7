"""The pages around the station: command and badge cards that really scan, the shift-start
check, the scanner set-up page, and the sounds."""

from __future__ import annotations

import io
import wave

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage

from sorter_app.domain.barcodes import Command, RouteCode, parse_scan
from sorter_app.services.people.roster import Person
from sorter_app.services.views.lookup_views import route_listing
from sorter_app.settings import load_settings
from sorter_app.ui import station_check
from sorter_app.ui.resources import resource
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner_setup import ScannerSetupScreen, visible
from sorter_app.ui.sound import LEVELS, make_sound
from sorter_app.ui.station.command_cards import (
    CardsScreen,
    badge_cards,
    command_cards,
    preview_image,
    route_cards,
    write_pdf,
)
from tests.ui.conftest import Ui


def decoded(image: QImage) -> set[str]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data())))
    return {result.text for result in zxingcpp.read_barcodes(picture)}


def test_command_cards_scan_as_the_commands(qapp) -> None:
    cards = command_cards()
    read = decoded(preview_image(cards[:8], width=1600)) | decoded(
        preview_image(cards[8:], width=1600)
    )
    # Every card but CMD-COUNT-N (what the keypad sends), and the quantity cards 5, 10, 20.
    expected = {c.value for c in Command if c is not Command.COUNT}
    assert read == expected | {"CMD-QTY-5", "CMD-QTY-10", "CMD-QTY-20"}


def test_badge_cards_scan_as_badges(qapp, tmp_path) -> None:
    people = [Person("W01", "张三", "worker"), Person("W02", "李四", "worker")]
    assert decoded(preview_image(badge_cards(people), width=1600)) == {"BADGE-W01", "BADGE-W02"}
    from pypdf import PdfReader

    path = tmp_path / "badges.pdf"
    assert write_pdf(path, badge_cards(people * 5)) == 2  # 8 cards a page
    assert len(PdfReader(path).pages) == 2


def test_route_cards_scan_as_their_routes(ui: Ui, qtbot) -> None:
    routes = route_listing(ui.ctx.store, ui.ctx.wave_id or "")
    read = decoded(preview_image(route_cards(routes), width=1600))
    assert read == {"ROUTE-R01"}
    assert {parse_scan(code) for code in read} == {RouteCode("R01")}
    screen = CardsScreen(ui.ctx)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: [r.route_id for r in screen.routes] == ["R01"], timeout=5000)
    screen.tabs.setCurrentIndex(2)
    assert screen.tabs.tabText(2) == "线路卡"
    assert [c.code for c in screen.current_cards()] == ["ROUTE-R01"]


def test_the_shift_start_check(ui: Ui, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(station_check, "SOUND_GAP_MS", 10)
    assert ui.window.show_screen("station_check")
    page = ui.window.page("station_check")
    assert page.state == {"scan": "pending", "sound": "pending", "label": "skipped"}
    assert "没有设置标签打印机" in page.notes["label"].text()  # said, not hidden

    ui.scan("BADGE-W01")
    assert page.state["scan"] == "passed" and "工牌 W01" in page.notes["scan"].text()
    assert ui.ctx.worker is None  # a test scan logs nobody in

    ui.sound.played.clear()
    page.play_all.click()
    qtbot.waitUntil(lambda: len(ui.sound.played) == 4, timeout=3000)
    assert ui.sound.played == ["prompt", "confirm", "warning", "intercept"]
    page.heard.click()
    assert page.summary.text() == "检查完成，可以开始分拣"


def test_the_check_prints_a_test_label_on_the_first_label_printer(ui: Ui, qtbot, tmp_path) -> None:
    out = tmp_path / "labels"
    out.mkdir()
    config = ui.ctx.settings.paths.config_dir
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(
        f'[printers.A4]\nlanguage = "pdf"\ntransport = "folder"\naddress = "{out.as_posix()}"\n'
        f'[printers.LABEL1]\nlanguage = "zpl"\ntransport = "folder"\naddress = "{out.as_posix()}"\n',
        encoding="utf-8",
    )
    ui.ctx.settings = load_settings()
    assert ui.window.show_screen("station_check")
    page = ui.window.page("station_check")
    assert page.state["label"] == "pending" and "LABEL1" in page.notes["label"].text()
    page.print_button.click()
    qtbot.waitUntil(lambda: page.state["label"] == "passed", timeout=10_000)
    assert [f.suffix for f in out.iterdir()] == [".zpl"]


def test_the_scanner_set_up_page_shows_reads_without_acting_on_them(ui: Ui) -> None:
    assert ui.window.show_screen("scanner_setup")
    page: ScannerSetupScreen = ui.window.page("scanner_setup")
    ui.scan("ｂａｄｇｅ－ｗ０１")
    assert ui.ctx.worker is None
    row = [page.table.item(0, c).text() for c in range(page.table.columnCount())]
    assert row[1] == "键盘" and row[2] == "ｂａｄｇｅ－ｗ０１" and row[4] == "4 ms"
    assert row[6] == "工牌 W01"
    page.handle_scan(ScanRead("]C1010692345678901\x1d10ABC", source="serial", terminator="CR"))
    assert page.table.item(0, 2).text() == "]C1010692345678901<GS>10ABC"
    assert visible("A\tB") == "A<TAB>B"


def test_sound_files_are_distinct_and_the_alarm_is_the_loudest_and_longest() -> None:
    def stats(level: str) -> tuple[float, int]:
        with wave.open(str(resource("sounds", f"{level}.wav"))) as w:
            frames = w.readframes(w.getnframes())
            seconds = w.getnframes() / w.getframerate()
        samples = memoryview(frames).cast("h")
        return seconds, max(abs(s) for s in samples)

    lengths = {level: stats(level) for level in LEVELS}
    assert lengths["prompt"][0] < lengths["confirm"][0] < lengths["intercept"][0]
    assert lengths["intercept"][0] >= 0.9
    assert lengths["intercept"][1] == max(peak for _, peak in lengths.values())


def test_real_sound_loads_from_local_file_urls_and_never_raises(qapp) -> None:
    sound = make_sound(volume=0.3)
    effects = getattr(sound, "_effects", None)
    if effects is None:
        pytest.skip("QtMultimedia not available here")
    assert all(e.source().isLocalFile() for e in effects.values())
    assert effects["intercept"].volume() >= 0.8 > effects["prompt"].volume()
    for level in LEVELS:
        sound.play(level)  # without an audio device: nothing, and no exception
