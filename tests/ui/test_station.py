"""The station screen as a worker meets it: badge login, receiving and seeding by wedge scans,
the red intercept with its alarm on a wrong crate, command cards, progress numbers."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics, QPalette

from sorter_app.ui.station.presentation import PALETTES
from tests.factories import EAN_S1
from tests.store_reads import crate_code, put_totals
from tests.ui.conftest import WAVE, Ui


def panel_colour(ui: Ui) -> str:
    return ui.station.panel.palette().color(QPalette.ColorRole.Window).name().upper()


def test_worker_logs_in_receives_and_seeds_and_is_stopped_at_a_wrong_crate(ui: Ui, qtbot) -> None:
    station = ui.station
    assert station.view.level == "idle"
    assert station.title.text() == "请扫描工牌登录"

    ui.scan("BADGE-W01")
    assert ui.ctx.worker is not None and ui.ctx.worker.code == "W01"
    assert station.worker_value.text() == "张三 W01"
    assert ui.sound.played[-1] == "confirm"

    station.receive_button.click()
    assert station.mode == "receive" and station.mode_chip.text() == "收货"
    ui.scan(f"{EAN_S1}*5")
    assert station.view.level == "confirm"
    assert (station.qty.text(), station.title.text()) == ("+5", "云南高山娃娃菜1")
    assert station.crate.text() == "已收 5 / 应收 6"
    assert panel_colour(ui) == PALETTES["confirm"].background

    station.seed_button.click()
    ui.scan(EAN_S1)
    # latest_first shorts C0002 (ordered last): C0001 gets its 3, in crate 1 of 2 (ambient).
    assert station.view.level == "prompt"
    assert (station.stop.text(), station.title.text(), station.qty.text()) == (
        "1",
        "阳光花园1期",
        "×3",
    )
    assert station.unit.text() == "袋"
    assert station.crate.text() == "第 1/2 筐"
    assert station.temperature.text() == "常温"
    assert panel_colour(ui) == PALETTES["prompt"].background
    assert ui.speech.said[-1] == "1 号站，3 份"
    # Readable from a metre away: the stop number's digits are at least 120 px high.
    digits = QFontMetrics(station.stop.font()).tightBoundingRect("1")
    assert digits.height() >= 120 and station.stop.height() >= 120

    ui.scan(crate_code(ui.ctx.store, "C0002"))
    assert station.view.level == "intercept"
    assert ui.sound.played[-1] == "intercept"
    assert station.word.text() == "停！"
    assert station.icon.level == "intercept"  # the octagon with a cross, not only red
    assert panel_colour(ui) == PALETTES["intercept"].background
    assert "错筐" in station.message.text()
    assert put_totals(ui.ctx.store) == {}

    ui.scan(crate_code(ui.ctx.store, "C0001"))
    assert station.view.level == "confirm" and station.word.text() == "完成"
    assert put_totals(ui.ctx.store) == {("C0001", "S00001"): 3}
    assert ui.sound.played[-3:] == ["prompt", "intercept", "confirm"]
    qtbot.waitUntil(lambda: station.progress.sku_numbers.text() == "3 / 5 件", timeout=5000)
    assert station.progress.wave_numbers.text().startswith("3 / ")

    # The last scans list shows every answer, newest first.
    rows = [row.text() for row in station.last_scans.rows]
    assert "✓" in rows[0] and "✕" in rows[1] and "错筐" in rows[1]


def test_command_cards_reach_the_engine(ui: Ui) -> None:
    station = ui.station
    ui.scan("BADGE-W01")
    station.set_mode("receive")
    ui.scan(f"{EAN_S1}*6")
    station.set_mode("seed")
    ui.scan(EAN_S1)
    ui.scan(crate_code(ui.ctx.store, "C0001"))
    assert put_totals(ui.ctx.store) == {("C0001", "S00001"): 3}

    ui.scan("CMD-UNDO")
    assert station.view.level == "confirm" and station.qty.text() == "3"
    assert put_totals(ui.ctx.store) == {}

    ui.scan(EAN_S1)
    ui.scan("cmd-cancel")  # Caps Lock off on the scanner: the parser upper-cases
    assert station.headline.text() == "已取消"

    ui.scan("CMD-LOGOUT")
    assert ui.ctx.worker is None
    assert station.view.level == "idle"


def test_goods_scanned_before_login_are_refused(ui: Ui) -> None:
    ui.scan(EAN_S1)
    assert ui.station.view.level == "warning"
    assert ui.station.title.text() == "请先扫描工牌登录"
    assert ui.sound.played == ["warning"]

    ui.scan("BADGE-NOBODY")
    assert ui.ctx.worker is None
    assert ui.station.title.text() == "工牌无效"


def test_scans_go_to_the_station_from_a_supervisor_screen(ui: Ui) -> None:
    ui.window.set_supervisor(ui.window.ctx.supervisor or _supervisor())
    assert ui.window.show_screen("command_cards")
    ui.scan("BADGE-W01")
    assert ui.window.current_key() == "station"
    assert ui.ctx.worker is not None


def test_station_follows_the_selected_wave(ui: Ui) -> None:
    ui.scan("BADGE-W01")
    ui.ctx.events.wave_selected.emit("W-NOT-HERE")
    assert ui.station.station is None
    ui.scan(EAN_S1)
    assert ui.station.view.level == "warning"
    ui.ctx.events.wave_selected.emit(WAVE)
    ui.scan(EAN_S1)
    assert ui.station.view.level == "warning"  # not received yet: the engine says so
    assert ui.station.station is not None


def _supervisor():  # type: ignore[no-untyped-def]
    from sorter_app.services.people.roster import Person

    return Person("SUP1", "李班长", "supervisor")


def test_a_decision_is_shown_only_after_it_was_committed(ui: Ui, monkeypatch) -> None:
    ui.scan("BADGE-W01")
    ui.station.set_mode("receive")
    seen: list[str] = []

    real_scan = ui.station.station.scan

    def scan(raw: str, **kw):  # type: ignore[no-untyped-def]
        seen.append(ui.station.view.level)  # what the screen shows while the engine works
        decision = real_scan(raw, **kw)
        seen.append(ui.station.view.level)
        return decision

    monkeypatch.setattr(ui.station.station, "scan", scan)
    ui.scan(f"{EAN_S1}*2")
    assert seen == ["prompt", "prompt"]
    assert ui.station.view.level == "confirm"
    assert ui.station.last_scans.rows[0].text().endswith("收货 云南高山娃娃菜1 +2（已收 2/6）")
    # The committed receipt on the panel: green 完成, the quantity received, the running total.
    station = ui.station
    assert (station.word.text(), panel_colour(ui)) == ("完成", PALETTES["confirm"].background)
    assert (station.qty_caption.text(), station.qty.text(), station.title.text()) == (
        "收货",
        "+2",
        "云南高山娃娃菜1",
    )
    assert station.crate.text() == "已收 2 / 应收 6"


def _received(ui: Ui) -> int:
    from sqlalchemy import func, select

    from sorter_app.store import tables

    with ui.ctx.store.read() as s:
        return int(
            s.scalar(
                select(func.coalesce(func.sum(tables.Receipt.qty), 0)).where(
                    tables.Receipt.kind == "received"
                )
            )
        )


def test_a_count_typed_on_the_keypad_after_a_scan_is_recorded(ui: Ui, qtbot) -> None:
    from tests.ui.conftest import type_keys

    station = ui.station
    ui.scan("BADGE-W01")
    station.set_mode("receive")
    ui.scan(EAN_S1)
    assert station.qty.text() == "+1" and _received(ui) == 1
    type_keys(ui.clock, "24", gap_ms=300, terminator=None, target=station)  # a person typing
    # The wedge filter gives the last key back as typing once no scanner burst follows.
    qtbot.waitUntil(lambda: station.typed == "24", timeout=2000)
    assert "24" in station.count_entry.text() and station.count_entry.isVisible()
    assert _received(ui) == 1  # nothing until Enter
    type_keys(ui.clock, "", gap_ms=300, target=station)  # Enter
    assert station.typed == "" and not station.count_entry.isVisible()
    assert _received(ui) == 24
    assert station.view.level == "confirm"
    assert (station.qty.text(), station.title.text()) == ("24", "云南高山娃娃菜1")
    assert station.crate.text() == "已收 24 / 应收 6"
    assert station.detail.text() == "多 18"


def test_a_late_undo_at_receiving_asks_for_a_supervisor_pin(ui: Ui, qtbot) -> None:
    from datetime import timedelta

    from PySide6.QtWidgets import QDialog

    from sorter_app.services.clock import utc_now
    from tests.ui.conftest import SUPERVISOR_PIN

    station = ui.station
    ui.scan("BADGE-W01")
    station.set_mode("receive")
    ui.scan(f"{EAN_S1}*5")
    assert _received(ui) == 5
    station.station.clock = lambda: utc_now() + timedelta(seconds=60)
    ui.scan("CMD-UNDO")
    assert station.view.level == "warning" and _received(ui) == 5
    dialog = station.findChild(QDialog, "lateUndoUnlock")
    assert dialog is not None and dialog.isVisible()
    dialog.code.setText("SUP1")
    dialog.pin.setText(SUPERVISOR_PIN)
    dialog.try_unlock()
    qtbot.waitUntil(lambda: _received(ui) == 0, timeout=10_000)
    assert station.view.level == "confirm" and station.qty.text() == "-5"


def test_the_last_scans_show_the_hubs_clock_not_the_pcs(ui: Ui) -> None:
    """A PC whose own zone is not the hub's (this machine's is UTC; the hub's is the setting,
    Asia/Shanghai by default) still lists scans at the hub's time, as every other screen does."""
    from datetime import datetime, timedelta

    ui.scan("BADGE-W01")
    ui.station.set_mode("receive")
    before = datetime.now(ui.ctx.settings.zone)
    ui.scan(f"{EAN_S1}*1")
    shown = ui.station.last_scans.rows[0].text()[:8]
    moments = {f"{before + timedelta(seconds=s):%H:%M:%S}" for s in range(0, 3)}
    assert shown in moments, (shown, sorted(moments))
