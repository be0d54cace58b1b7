"""The shell: supervisor screens behind the PIN (a scanned supervisor badge fills the code), the
first supervisor created when there is none, the one error banner, in the screen's language."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sorter_app.domain.errors import UserFacingError
from sorter_app.services.people.roster import has_supervisor
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.events import AppEvents
from sorter_app.ui.operations import Operations
from sorter_app.ui.screens import registered_screens
from sorter_app.ui.unlock import FirstSupervisorDialog, SupervisorUnlockDialog
from tests.ui.conftest import SUPERVISOR_PIN, Ui


def test_supervisor_screens_open_only_after_the_pin(ui: Ui, qtbot) -> None:
    gated = [s.key for s in registered_screens() if s.supervisor_only]
    assert "command_cards" in gated
    assert not any(s.supervisor_only for s in registered_screens() if s.key == "station")

    QTimer.singleShot(50, lambda: QApplication.activeModalWidget().reject())
    assert not ui.window.show_screen("command_cards")
    assert ui.window.current_key() == "station" and ui.window.page("command_cards") is None

    def unlock() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SupervisorUnlockDialog)
        ui.scan("BADGE-SUP1", target=dialog.pin)  # the supervisor's badge fills the code
        dialog.pin.setText(SUPERVISOR_PIN)
        dialog.unlock_button.click()

    QTimer.singleShot(50, unlock)
    assert ui.window.show_screen("command_cards")
    assert ui.ctx.supervisor is not None and ui.ctx.supervisor.code == "SUP1"
    assert ui.ctx.worker is None  # the badge went to the dialog, not to the station login
    assert ui.window.current_key() == "command_cards"

    ui.window.lock_supervisor()
    assert ui.ctx.supervisor is None and ui.window.current_key() == "station"


def test_a_wrong_pin_is_refused_in_the_dialog(ui: Ui, qtbot) -> None:
    dialog = SupervisorUnlockDialog(ui.ctx, ui.window.router, ui.window)
    dialog.show()
    dialog.code.setText("SUP1")
    dialog.pin.setText("0000")
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: "密码错误" in dialog.error.text(), timeout=5000)
    assert dialog.person is None and dialog.isVisible()
    assert not ui.window.banner.isVisible()  # shown where the PIN is typed, not twice
    dialog.pin.setText(SUPERVISOR_PIN)
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: dialog.person is not None, timeout=5000)
    assert dialog.result() == SupervisorUnlockDialog.DialogCode.Accepted


def test_the_first_supervisor_is_created_when_there_is_none(qtbot, sqlite_url: str) -> None:
    from sorter_app.settings import load_settings

    store = Store.open(sqlite_url)
    try:
        ctx = UiContext(store, load_settings(), AppEvents(), Operations())
        dialog = FirstSupervisorDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.code.setText("sup9")
        dialog.name.setText("王主管")
        dialog.pin.setText("1357")
        dialog.pin_again.setText("1375")
        dialog.create_button.click()
        assert dialog.error.text() == "两次输入的密码不一致"
        dialog.pin_again.setText("1357")
        dialog.create_button.click()
        qtbot.waitUntil(lambda: dialog.person is not None, timeout=5000)
        assert dialog.person.code == "SUP9" and has_supervisor(store)
    finally:
        store.close()


def test_failures_reach_one_banner_in_the_screen_language(ui: Ui, qtbot) -> None:
    def fail(report):  # type: ignore[no-untyped-def]
        raise UserFacingError("打印机没有响应", "The printer does not answer")

    ui.ctx.ops.run(fail)
    qtbot.waitUntil(ui.window.banner.isVisible, timeout=5000)
    assert ui.window.banner_text.text() == "打印机没有响应"
    assert ui.sound.played[-1] == "warning"
    ui.ctx.events.language_changed.emit("en")
    qtbot.wait(20)
    assert ui.window.banner_text.text() == "The printer does not answer"
    ui.window.banner_close.click()
    assert not ui.window.banner.isVisible()
