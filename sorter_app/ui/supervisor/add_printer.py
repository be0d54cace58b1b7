"""Adding a label printer from the print centre: the set-up wizard's printer form
(widgets/printer_form.py), a test label before saving, and one
save of the settings file (`Settings.with_printer` through `change_settings`, off the main thread).
A printer of the same name is replaced.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from printers.profiles import PrinterProfile
from sorter_app.domain.errors import UserFacingError
from sorter_app.settings import Settings, change_settings, settings_path
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor import printing_support
from sorter_app.ui.supervisor._base import error_text
from sorter_app.ui.widgets.printer_form import PrinterForm


class AddPrinterDialog(QDialog):
    """`AddPrinterDialog(ctx, parent)`; `added(PrinterProfile)` once the settings file has it
    (then the dialog closes)."""

    added = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.setObjectName("addPrinterDialog")
        self.setMinimumWidth(520)
        self.form = PrinterForm(self)
        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.status_line)
        layout.addWidget(self.buttons)
        self.form.test_button.clicked.connect(self.print_test_label)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("添加打印机"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

    def _entered(self) -> PrinterProfile | None:
        try:
            return self.form.profile()
        except UserFacingError as exc:
            self.show_error(error_text(self.ctx, exc))
            return None

    def show_error(self, text: str) -> None:
        self.status_line.setStyleSheet("color: #b00020; font-weight: bold;")
        self.status_line.setText(text)

    def show_ok(self, text: str) -> None:
        self.status_line.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.status_line.setText(text)

    # --- actions --------------------------------------------------------------------------------

    def print_test_label(self) -> None:
        profile = self._entered()
        if profile is None or self.busy:
            return
        store = self.ctx.store
        self.busy = True
        self.status_line.setStyleSheet("")
        self.status_line.setText(self.tr("正在发送测试标签…"))
        self.ctx.ops.run(
            lambda _r: printing_support.print_test_label(store, profile),
            on_success=lambda where: self._done(
                lambda: self.show_ok(self.tr("测试标签已发送到 {0}").format(where))
            ),
            on_failure=self._failed,
        )

    def save(self) -> None:
        """Add the printer to the settings file; the dialog closes once it is saved."""
        profile = self._entered()
        if profile is None or self.busy:
            return
        path = settings_path(self.ctx.settings.paths)
        self.busy = True

        def work(_report: Any) -> Settings:
            return change_settings(path, lambda on_file: on_file.with_printer(profile))

        self.ctx.ops.run(
            work, on_success=lambda saved: self._saved(saved, profile), on_failure=self._failed
        )

    def _saved(self, saved: Settings, profile: PrinterProfile) -> None:
        if not shiboken6.isValid(self):
            return
        self.busy = False
        self.ctx.settings = saved
        self.added.emit(profile)
        self.accept()

    def _done(self, then: Any) -> None:
        if shiboken6.isValid(self):
            self.busy = False
            then()

    def _failed(self, exc: BaseException) -> bool:
        if not shiboken6.isValid(self):
            return False
        self.busy = False
        self.show_error(error_text(self.ctx, exc))
        return True
