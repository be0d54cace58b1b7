"""What a list shows when it is empty because nothing is set up or nothing has happened yet: an
icon, a title, a hint saying what to do next, and the button that does it (no blank grids)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from sorter_app.ui.widgets.palette import COLOURS, Tone


class EmptyState(QWidget):
    """`EmptyState(parent)`; `show_state(icon, title, hint, action=None)` sets what it says.

    The button is hidden without an action; `action_text` names it (a screen sets it again in
    retranslate, as the other texts)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.icon = QLabel()
        self.icon.setObjectName("emptyStateIcon")
        self.title = QLabel()
        self.title.setObjectName("emptyStateTitle")
        self.hint = QLabel()
        self.hint.setObjectName("emptyStateHint")
        self.button = QPushButton()
        self.button.setObjectName("emptyStateAction")
        for label in (self.icon, self.title, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.icon.setStyleSheet(f"font-size: 48px; color: {COLOURS[Tone.INFO].edge};")
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.hint.setStyleSheet(f"font-size: 15px; color: {COLOURS[Tone.NEUTRAL].text};")
        self.button.setMinimumHeight(40)
        self.button.setStyleSheet("font-size: 16px; padding: 6px 20px;")
        self._action: Callable[[], None] | None = None
        self.button.clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.icon)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.button.hide()

    def show_state(
        self,
        icon: str,
        title: str,
        hint: str = "",
        action: tuple[str, Callable[[], None]] | None = None,
        tone: Tone = Tone.INFO,
    ) -> None:
        self.icon.setText(icon)
        self.icon.setStyleSheet(f"font-size: 48px; color: {COLOURS[tone].edge};")
        self.title.setText(title)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        if action is None:
            self._action = None
            self.button.hide()
        else:
            self.button.setText(action[0])
            self._action = action[1]
            self.button.show()

    def _clicked(self) -> None:
        if self._action is not None:
            self._action()
