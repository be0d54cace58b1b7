"""The print centre: printers from the settings file with a test label, the queue with status and
cancel, and a label preview that scans as the crate's code."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from pytestqt.qtbot import QtBot

from printers.profiles import PrinterProfile
from sorter_app.services.printing import print_queue
from sorter_app.services.views.label_data import crate_labels
from sorter_app.settings import settings_path
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.print_centre import PrintCentreScreen
from tests.ui.supervisor_support import SUPERVISOR, WAVE, make_ctx, seeded_small_wave, settle


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    s = Store.open(sqlite_url)
    seeded_small_wave(s)
    yield s
    settle(qtbot)
    s.close()


def open_centre(qtbot: QtBot, store: Store, folder: Path) -> PrintCentreScreen:
    folder.mkdir(exist_ok=True)
    ctx = make_ctx(store, wave_id=WAVE, supervisor=SUPERVISOR)
    path = settings_path(ctx.settings.paths)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "[printers.label1]\n"
        'language = "zpl"\n'
        'transport = "folder"\n'
        f'address = "{folder.as_posix()}"\n',
        encoding="utf-8",
    )
    screen = PrintCentreScreen(ctx)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "labels"):
        screen.show()  # printers, queue, the wave's communities and the first one's labels
    qtbot.waitUntil(lambda: not ctx.ops.busy, timeout=10000)
    assert screen.message.text() == ""
    return screen


@pytest.fixture
def printer_dir(tmp_path: Path) -> Path:
    return tmp_path / "printer"  # the folder transport writes each job here as a file


def test_printers_and_a_test_label(qtbot: QtBot, store: Store, printer_dir: Path) -> None:
    screen = open_centre(qtbot, store, printer_dir)
    assert [screen.printers.text(0, c) for c in range(6)] == [
        "label1",
        "ZPL",
        "203 dpi",
        "100x100 mm",
        "folder",
        printer_dir.as_posix(),
    ]
    screen.print_test_label()
    qtbot.waitUntil(
        lambda: screen.message.text().startswith("测试标签已发送到 label1"), timeout=10000
    )
    [written] = list(printer_dir.iterdir())
    assert b"^XA" in written.read_bytes() and written.suffix == ".zpl"
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "queue"):
        screen.show_all.setCurrentIndex(1)
    assert [screen.queue.text(0, c) for c in (1, 2, 4)] == ["label1", "测试标签", "已发送"]


def test_the_queue_shows_status_and_a_job_can_be_cancelled(
    qtbot: QtBot, store: Store, printer_dir: Path
) -> None:
    screen = open_centre(qtbot, store, printer_dir)
    profile = PrinterProfile(name="label1", transport="folder", address=printer_dir.as_posix())
    ids = print_queue.queue_labels(store, profile, crate_labels(store, WAVE))
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "queue"):
        screen.ctx.events.print_queue_changed.emit()
    assert screen.queue.rowCount() == len(ids) == 4
    assert {screen.queue.text(r, 4) for r in range(4)} == {"排队中"}
    assert screen.queue_note.text() == "排队 4，失败 0"

    screen.queue_view.selectRow(0)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "queue"):
        screen.cancel_button.click()
    assert print_queue.job(store, ids[0]).status == "cancelled"
    assert screen.queue.rowCount() == 3  # open jobs only
    assert screen.message.text() == f"已取消打印任务 {ids[0]}"


def test_the_preview_is_the_label_as_printed(qtbot: QtBot, store: Store, printer_dir: Path) -> None:
    from PIL import Image

    screen = open_centre(qtbot, store, printer_dir)
    assert screen.community.currentData() == "C0001"
    assert screen.crate.count() == 2
    screen.label_size.setCurrentText("60x40")
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "preview"):
        screen.preview_button.click()
    preview: Any = screen.preview
    assert preview is not None and not screen.image.pixmap().isNull()
    assert screen.image.pixmap().width() == 480  # 60 mm at 203 dpi
    image = Image.open(io.BytesIO(preview.png))
    texts = {r.text for r in zxingcpp.read_barcodes(image)}
    assert preview.label.scan_code in texts
    assert preview.label.crate_id == f"HS-{WAVE}-C0001-01"
