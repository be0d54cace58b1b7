"""The fields of one label printer (name, command language, connection, address, label size, dpi)
with a test-label button, as the set-up wizard's printer page and the print centre's 添加打印机
dialog both ask for them. What a test label or a save does stays with the page or dialog: the
wizard may skip the printer, the dialog saves it at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from printers.profiles import PrinterProfile
from sorter_app.ui.supervisor import printing_support


class PrinterForm(QWidget):
    """`profile()` reads the fields; `test_button` is for the owner to connect."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)  # ASCII names
        self.name.setMaxLength(32)
        self.language = QComboBox()
        for value in printing_support.LANGUAGES:
            self.language.addItem(value.upper(), value)
        self.transport = QComboBox()
        self.transport.addItems(printing_support.TRANSPORTS)
        self.address = QLineEdit()
        self.label_size = QComboBox()
        self.label_size.addItems(printing_support.SIZES)
        self.dpi = QComboBox()
        for dpi in printing_support.DPI_CHOICES:
            self.dpi.addItem(str(dpi), dpi)
        self.test_button = QPushButton()
        fields: tuple[QWidget, ...] = (
            self.name,
            self.language,
            self.transport,
            self.address,
            self.label_size,
            self.dpi,
        )
        self.labels = [QLabel() for _ in fields]
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, field in zip(self.labels, fields, strict=True):
            form.addRow(label, field)
        form.addRow("", self.test_button)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        for label, text in zip(
            self.labels,
            (
                self.tr("名称（字母、数字）"),
                self.tr("指令语言"),
                self.tr("连接方式"),
                self.tr("地址"),
                self.tr("标签尺寸（毫米）"),
                self.tr("分辨率（dpi）"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.name.setPlaceholderText("label1")
        self.address.setPlaceholderText(self.tr("如 192.168.1.50:9100、COM3 或打印队列名"))
        self.test_button.setText(self.tr("打印测试标签"))

    def blank(self) -> bool:
        """Neither a name nor an address entered (the wizard then skips the printer)."""
        return not self.name.text().strip() and not self.address.text().strip()

    def profile(self) -> PrinterProfile:
        """The printer as entered (PrinterProfileError when incomplete or wrong)."""
        return printing_support.profile_from(
            {
                "name": self.name.text().strip(),
                "language": self.language.currentData(),
                "transport": self.transport.currentText(),
                "address": self.address.text().strip(),
                "size": self.label_size.currentText(),
                "dpi": int(self.dpi.currentData()),
            }
        )
