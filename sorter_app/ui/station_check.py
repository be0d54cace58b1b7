"""Shift-start check: a test scan, each sound played, a test label printed, so a dead scanner,
a muted speaker or an empty printer is found before the first crate, not at the first wrong one.

The test label goes to the station's label printer (settings `label_printer`, else the first
`[printers.NAME]` that prints labels) through
`sorter_app.services.printing.printer_test.print_test_label`, in the background; without a
configured printer the step is skipped and says why.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from printers.profiles import PrinterProfile
from sorter_app.domain.barcodes import parse_scan
from sorter_app.domain.decisions import Level
from sorter_app.services.printing import printer_test
from sorter_app.settings import Settings
from sorter_app.ui.context import UiContext
from sorter_app.ui.i18n import current_language
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner_setup import describe, visible
from sorter_app.ui.sound import Sound

log = logging.getLogger(__name__)

PENDING, PASSED, FAILED, SKIPPED = "pending", "passed", "failed", "skipped"
_MARKS = {PENDING: "○", PASSED: "✓", FAILED: "✕", SKIPPED: "–"}
_COLOURS = {PENDING: "#546E7A", PASSED: "#2E7D32", FAILED: "#C62828", SKIPPED: "#8A5A00"}
SOUND_GAP_MS = 1400  # between sounds of "play all": each must be heard on its own


def label_printer(settings: Settings) -> PrinterProfile | None:
    """The station's label printer: the settings' `label_printer`, else the first profile that
    prints labels (a PDF "printer" does not), else None."""
    if settings.label_printer:
        return next((p for p in settings.printers if p.name == settings.label_printer), None)
    return next((p for p in settings.printers if p.language != "pdf"), None)


class StationCheckScreen(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sound: Sound = ctx.sound
        self.state = {"scan": PENDING, "sound": PENDING, "label": PENDING}
        self._scan_text = ""
        self._label_reason = ""  # why the label step was skipped or failed (data: printer names)
        self._queue: list[str] = []
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(14)
        self.marks: dict[str, QLabel] = {}
        self.titles: dict[str, QLabel] = {}
        self.notes: dict[str, QLabel] = {}
        for row, step in enumerate(self.state):
            mark, title, note = QLabel(self), QLabel(self), QLabel(self)
            mark.setStyleSheet("font-size: 34px; font-weight: bold;")
            title.setStyleSheet("font-size: 22px; font-weight: bold;")
            note.setWordWrap(True)
            note.setObjectName(f"data_note_{step}")  # quotes what was scanned
            grid.addWidget(mark, row * 2, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(title, row * 2, 1)
            grid.addWidget(note, row * 2 + 1, 1)
            self.marks[step], self.titles[step], self.notes[step] = mark, title, note
        grid.setColumnStretch(1, 1)
        sound_row = QHBoxLayout()
        self.sound_buttons: dict[str, QPushButton] = {}
        for level in Level:
            button = QPushButton(self)
            button.clicked.connect(lambda _=False, lv=level.value: self.sound.play(lv))
            sound_row.addWidget(button)
            self.sound_buttons[level.value] = button
        self.play_all = QPushButton(self)
        self.play_all.clicked.connect(self.play_all_sounds)
        self.heard = QPushButton(self)
        self.heard.clicked.connect(lambda: self._set("sound", PASSED))
        self.not_heard = QPushButton(self)
        self.not_heard.clicked.connect(lambda: self._set("sound", FAILED))
        sound_row.addSpacing(20)
        for button in (self.play_all, self.heard, self.not_heard):
            sound_row.addWidget(button)
        sound_row.addStretch(1)
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self.print_test_label)
        label_row = QHBoxLayout()
        label_row.addWidget(self.print_button)
        label_row.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setStyleSheet("font-size: 24px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(grid)
        layout.addLayout(sound_row)
        layout.addLayout(label_row)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setInterval(SOUND_GAP_MS)
        self._timer.timeout.connect(self._play_next)
        self._printer: PrinterProfile | None = None
        self._find_printer()
        self.retranslate()

    # --- steps ------------------------------------------------------------------------------

    def handle_scan(self, read: ScanRead) -> bool:
        """Any read passes the scan step; it is only shown, never recorded."""
        parsed = parse_scan(read.text)
        self._scan_text = f"{visible(read.text)} → {describe(parsed)}"
        self._set("scan", PASSED)
        self.sound.play(Level.CONFIRM)
        return True

    def play_all_sounds(self) -> None:
        self._queue = [level.value for level in Level]
        self._play_next()
        self._timer.start()

    def _play_next(self) -> None:
        if not self._queue:
            self._timer.stop()
            return
        self.sound.play(self._queue.pop(0))

    def _find_printer(self) -> None:
        self._printer = label_printer(self.ctx.settings)
        if self._printer is None:
            self.state["label"], self._label_reason = SKIPPED, "no_printer"

    def print_test_label(self) -> None:
        profile = self._printer
        if profile is None:
            return
        self.print_button.setEnabled(False)
        store = self.ctx.store

        def done(result: printer_test.PrinterTestResult) -> None:
            if result.error is None:
                self._label_reason = result.where
                self._set("label", PASSED)
            else:
                self._label_reason = result.error.message(current_language())
                self._set("label", FAILED)

        def failed(exc: BaseException) -> bool:
            self._label_reason = str(exc)
            self._set("label", FAILED)
            return False  # the error banner says what went wrong

        self.ctx.ops.run(
            lambda report: printer_test.print_test_label(store, profile),
            on_success=done,
            on_failure=failed,
        )

    def _set(self, step: str, state: str) -> None:
        self.state[step] = state
        self.retranslate()

    # --- text -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.heading.setText(self.tr("开班检查"))
        self.intro.setText(self.tr("开始分拣前检查扫码枪、声音和打印机。"))
        self.titles["scan"].setText(self.tr("1. 扫码枪"))
        self.titles["sound"].setText(self.tr("2. 声音"))
        self.titles["label"].setText(self.tr("3. 标签打印机"))
        scan_notes = {
            PENDING: self.tr("请扫描任意条码，例如自己的工牌"),
            PASSED: self.tr("读到：{scan}").format(scan=self._scan_text),
        }
        self.notes["scan"].setText(scan_notes.get(self.state["scan"], ""))
        if not self.sound.available:
            sound_note = self.tr("本机没有可用的声音设备：请接上音箱或耳机")
        else:
            sound_note = {
                PENDING: self.tr("依次播放四种声音，确认每一种都听得清"),
                PASSED: self.tr("四种声音都听到了"),
                FAILED: self.tr("声音有问题：请检查音量和音箱"),
            }[self.state["sound"]]
        self.notes["sound"].setText(sound_note)
        self.notes["label"].setText(self._label_note())
        for step, state in self.state.items():
            self.marks[step].setText(_MARKS[state])
            self.marks[step].setStyleSheet(
                f"font-size: 34px; font-weight: bold; color: {_COLOURS[state]};"
            )
        names = {
            Level.PROMPT.value: self.tr("提示音"),
            Level.CONFIRM.value: self.tr("确认音"),
            Level.WARNING.value: self.tr("警告音"),
            Level.INTERCEPT.value: self.tr("拦截警报"),
        }
        for level, button in self.sound_buttons.items():
            button.setText(names[level])
        self.play_all.setText(self.tr("全部播放"))
        self.heard.setText(self.tr("都听到了"))
        self.not_heard.setText(self.tr("没听到"))
        self.print_button.setText(self.tr("打印测试标签"))
        self.print_button.setEnabled(self._printer is not None)
        self.summary.setText(self._summary())

    def _label_note(self) -> str:
        state, reason = self.state["label"], self._label_reason
        if state == SKIPPED:
            return self.tr("没有设置标签打印机，已跳过（请班组长在打印中心添加）")
        if state == FAILED:
            return self.tr("测试标签没有打印成功：{reason}").format(reason=reason)
        name = self._printer.name if self._printer is not None else ""
        if state == PASSED:
            return self.tr("测试标签已发送到 {printer}（{where}），请检查打印效果").format(
                printer=name, where=reason
            )
        return self.tr("在 {printer} 上打印一张测试标签，检查条码和中文是否清楚").format(
            printer=name
        )

    def _summary(self) -> str:
        states = set(self.state.values())
        if FAILED in states:
            return self.tr("有检查未通过：请先排除问题或叫班组长")
        if PENDING in states:
            return self.tr("还有检查未完成")
        return self.tr("检查完成，可以开始分拣")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
