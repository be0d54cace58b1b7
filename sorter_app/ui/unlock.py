"""Supervisor unlock: a PIN dialog (the PIN check is a deliberately slow KDF, so it runs through
`ctx.ops`), and the first supervisor's creation when the hub has none yet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.barcodes import BadgeCode, parse_scan
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.people.roster import Person, add_person, verify_supervisor_pin
from sorter_app.ui.context import UiContext
from sorter_app.ui.i18n import current_language
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner.router import ScanRouter


def _error_text(exc: BaseException, fallback: str) -> str:
    if isinstance(exc, UserFacingError):
        return exc.message(current_language())
    return fallback


def _code_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)  # codes are ASCII
    field.setMaxLength(32)
    return field


def _pin_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    field.setMaxLength(12)
    return field


class SupervisorUnlockDialog(QDialog):
    """Code (typed, or a scanned supervisor badge) and PIN; `person` is set when accepted."""

    def __init__(
        self, ctx: UiContext, router: ScanRouter | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.router = router
        self.person: Person | None = None
        self.code = _code_field(self)
        self.pin = _pin_field(self)
        self.code_label = QLabel(self)
        self.pin_label = QLabel(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color: #C62828; font-weight: bold;")
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        form = QFormLayout()
        form.addRow(self.code_label, self.code)
        form.addRow(self.pin_label, self.pin)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.cancel_button.clicked.connect(self.reject)
        self.setMinimumWidth(440)
        if router is not None:
            router.push(self.take_scan)
        self.finished.connect(self._release_scans)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("班组长解锁"))
        self.hint.setText(self.tr("扫描班组长工牌或输入工号，再输入密码"))
        self.code_label.setText(self.tr("工号"))
        self.pin_label.setText(self.tr("密码"))
        self.unlock_button.setText(self.tr("解锁"))
        self.cancel_button.setText(self.tr("取消"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def take_scan(self, read: ScanRead) -> bool:
        """A scanned badge fills the code; anything else still goes to the station."""
        parsed = parse_scan(read.text)
        if not isinstance(parsed, BadgeCode):
            return False
        self.code.setText(parsed.worker_code)
        self.pin.setFocus()
        return True

    def try_unlock(self) -> None:
        code, pin = self.code.text().strip(), self.pin.text()
        if not code or not pin:
            self.error.setText(self.tr("请输入工号和密码"))
            return
        self.unlock_button.setEnabled(False)
        self.error.setText(self.tr("正在核对…"))
        store = self.ctx.store
        self.ctx.ops.run(
            lambda report: verify_supervisor_pin(store, code, pin),
            on_success=self._unlocked,
            on_failure=self._refused,
        )

    def _unlocked(self, person: Person) -> None:
        self.person = person
        self.accept()

    def _refused(self, exc: BaseException) -> bool:
        self.unlock_button.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.error.setText(_error_text(exc, self.tr("核对失败，请重试")))
        return isinstance(exc, UserFacingError)  # others also go to the app's error path

    def _release_scans(self, *_: Any) -> None:
        if self.router is not None:
            self.router.pop(self.take_scan)


class FirstSupervisorDialog(QDialog):
    """The hub has no supervisor yet: create one (code, name, PIN twice)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person: Person | None = None
        self.code = _code_field(self)
        self.name = QLineEdit(self)  # a name may be Chinese: the input method stays on here
        self.name.setMaxLength(40)
        self.pin = _pin_field(self)
        self.pin_again = _pin_field(self)
        self.labels = [QLabel(self) for _ in range(4)]
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #C62828; font-weight: bold;")
        self.error.setWordWrap(True)
        self.create_button = QPushButton(self)
        self.create_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        form = QFormLayout()
        for label, field in zip(
            self.labels, (self.code, self.name, self.pin, self.pin_again), strict=True
        ):
            form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.create_button.clicked.connect(self.try_create)
        self.cancel_button.clicked.connect(self.reject)
        self.setMinimumWidth(460)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("创建第一位班组长"))
        self.hint.setText(self.tr("本仓还没有班组长。请创建一位，之后用工号和密码解锁管理功能。"))
        for label, text in zip(
            self.labels,
            (
                self.tr("工号"),
                self.tr("姓名"),
                self.tr("密码（4–12 位数字）"),
                self.tr("再输一次密码"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.create_button.setText(self.tr("创建并解锁"))
        self.cancel_button.setText(self.tr("取消"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def try_create(self) -> None:
        code, name = self.code.text().strip(), self.name.text().strip()
        pin = self.pin.text()
        if not code or not name:
            self.error.setText(self.tr("请输入工号和姓名"))
            return
        if pin != self.pin_again.text():
            self.error.setText(self.tr("两次输入的密码不一致"))
            return
        self.create_button.setEnabled(False)
        store = self.ctx.store
        self.ctx.ops.run(
            lambda report: add_person(store, code, name, "supervisor", pin),
            on_success=self._created,
            on_failure=self._refused,
        )

    def _created(self, person: Person) -> None:
        self.person = person
        self.ctx.events.people_changed.emit()
        self.accept()

    def _refused(self, exc: BaseException) -> bool:
        self.create_button.setEnabled(True)
        self.error.setText(_error_text(exc, self.tr("创建失败")))
        return isinstance(exc, UserFacingError)
