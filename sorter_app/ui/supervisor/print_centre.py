"""Print centre: the printers of the settings file with a test label each, the print queue with
status, cancel and retry, a preview image of any crate label of the current wave, and the wave's
documents (manifests, pickup lists, load sheets, supplier sheets) to preview and save as PDF
(print_documents.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from printers.model import CrateLabel
from printers.profiles import PrinterProfile
from sorter_app.services.printing import print_queue
from sorter_app.services.views.crates_view import CommunityCrates, community_crates
from sorter_app.services.views.label_data import crate_labels
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor import printing_support
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    WavePicker,
    local_time,
    selected_row,
    ui_language,
)
from sorter_app.ui.supervisor.add_printer import AddPrinterDialog
from sorter_app.ui.supervisor.print_documents import DocumentsBox

OPEN_STATUSES = ("queued", "sending", "failed")
QUEUE_LIMIT = 1000
JOB_CHIPS = {
    "failed": (Tone.BAD, "✖"),
    "sending": (Tone.INFO, "➜"),
    "queued": (Tone.INFO, "◔"),
    "sent": (Tone.OK, "✔"),
    "cancelled": (Tone.NEUTRAL, "○"),
}


@dataclass(frozen=True)
class QueueData:
    shown: list[Any]  # the newest QUEUE_LIMIT jobs, in queue order
    waiting: int  # queued or sending
    failed: int


def read_queue(store: Store, statuses: tuple[str, ...] | None) -> QueueData:
    """The queue as the screen shows it, counted on the worker (a batch print is thousands)."""
    jobs = print_queue.jobs(store, statuses=statuses)
    return QueueData(
        jobs[-QUEUE_LIMIT:],
        sum(1 for j in jobs if j.status in ("queued", "sending")),
        sum(1 for j in jobs if j.status == "failed"),
    )


@dataclass(frozen=True)
class Preview:
    label: CrateLabel
    png: bytes


class PrintCentreScreen(SupervisorScreen):
    # During a batch print the queue changes at every poll, and repainting it waits for the GIL
    # the sender holds (bench/ui_stall.py: ~0.1 s a reload): every 5 s, as before the poll.
    live_poll_ms = 5000

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.profiles: tuple[PrinterProfile, ...] = ()
        self.labels: list[CrateLabel] = []
        self.preview: Preview | None = None
        # Printers
        self.printers_box = QGroupBox()
        self.printers = RowsModel(
            self._printer_cells,
            self,
            columns=[Column(), *[Column()] * 4, Column(stretch=True)],
            key=lambda p: p.name,
        )
        self.printer_panel = ListPanel(self.printers, self, searchable=False)
        self.printer_view = self.printer_panel.view
        self.test_button = QPushButton()
        self.add_printer_button = QPushButton()
        # Queue
        self.queue_box = QGroupBox()
        self.queue = RowsModel(
            self._job_cells,
            self,
            columns=[
                Column(),
                Column(),
                Column(),
                Column(stretch=True),
                Column(states=StateStyle(JOB_CHIPS, self.status_name)),
            ],
            key=lambda job: job.id,
            search=lambda job: (job.sequence, job.printer, job.description),
        )
        self.queue_panel = ListPanel(self.queue, self)
        self.queue_view = self.queue_panel.view
        self.show_all = QComboBox()
        self.show_all.addItems(["", ""])
        self.cancel_button = QPushButton()
        self.retry_button = QPushButton()
        self.queue_note = QLabel()
        self.queue_counts: tuple[int, int] | None = None  # waiting, failed
        # Preview
        self.preview_box = QGroupBox()
        self.picker = WavePicker(self)
        self.community = QComboBox()
        self.crate = QComboBox()
        self.label_size = QComboBox()
        self.label_size.addItems(printing_support.SIZES)
        self.dpi = QComboBox()
        for dpi in printing_support.DPI_CHOICES:
            self.dpi.addItem(str(dpi), dpi)
        self.preview_button = QPushButton()
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(320, 320)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        # Documents
        self.documents = DocumentsBox(self)

        printer_buttons = QHBoxLayout()
        printer_buttons.addStretch(1)
        printer_buttons.addWidget(self.add_printer_button)
        printer_buttons.addWidget(self.test_button)
        printers_layout = QVBoxLayout(self.printers_box)
        printers_layout.addWidget(self.printer_panel)
        printers_layout.addLayout(printer_buttons)
        queue_buttons = QHBoxLayout()
        queue_buttons.addWidget(self.show_all)
        queue_buttons.addWidget(self.queue_note, 1)
        queue_buttons.addWidget(self.retry_button)
        queue_buttons.addWidget(self.cancel_button)
        queue_layout = QVBoxLayout(self.queue_box)
        queue_layout.addWidget(self.queue_panel)
        queue_layout.addLayout(queue_buttons)
        choose = QHBoxLayout()
        for widget in (self.community, self.crate, self.label_size, self.dpi, self.preview_button):
            choose.addWidget(widget)
        preview_layout = QVBoxLayout(self.preview_box)
        preview_layout.addWidget(self.picker)
        preview_layout.addLayout(choose)
        preview_layout.addWidget(scroll, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.printers_box)
        left.addWidget(self.queue_box)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.preview_box)
        right.addWidget(self.documents)
        split.addWidget(right)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.as_of)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

        self.community.setMinimumWidth(200)
        self.crate.setMinimumWidth(200)
        self.test_button.clicked.connect(self.print_test_label)
        self.add_printer_button.clicked.connect(self.add_printer)
        self.cancel_button.clicked.connect(lambda: self._change_job("cancel"))
        self.retry_button.clicked.connect(lambda: self._change_job("retry"))
        self.show_all.currentIndexChanged.connect(lambda _i: self.load_queue())
        self.community.activated.connect(lambda _i: self._load_labels())
        self.preview_button.clicked.connect(self.show_preview)
        self.crate.activated.connect(lambda _i: self.show_preview())
        ctx.events.print_queue_changed.connect(self.load_queue)
        ctx.events.wave_selected.connect(lambda _w: self.request_refresh())
        # The sender works in the background: statuses change without events, and the base's
        # live poll (the store's data version) reloads the queue when they do.
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.printers_box.setTitle(self.tr("打印机"))
        self.queue_box.setTitle(self.tr("打印队列"))
        self.preview_box.setTitle(self.tr("标签预览"))
        self.test_button.setText(self.tr("打印测试标签"))
        self.add_printer_button.setText(self.tr("添加打印机"))
        self.printer_panel.set_empty_state(
            "✚",
            self.tr("还没有打印机"),
            self.tr("添加一台标签打印机后，才能打印筐贴、补打标签和测试标签。"),
            (self.tr("添加打印机"), self.add_printer),
        )
        self.queue_panel.set_empty_state(
            "✔",
            self.tr("没有待打印的任务"),
            self.tr("筐贴和单据加入队列后会在这里显示，发送完成后自动消失。"),
            tone=Tone.OK,
        )
        self.cancel_button.setText(self.tr("取消所选任务"))
        self.retry_button.setText(self.tr("重试所选任务"))
        self.preview_button.setText(self.tr("预览"))
        self.show_all.setItemText(0, self.tr("未完成的任务"))
        self.show_all.setItemText(1, self.tr("全部任务"))
        self.community.setPlaceholderText(self.tr("选择社区"))
        self.crate.setPlaceholderText(self.tr("选择筐"))
        self.printers.set_headers(
            [
                self.tr("名称"),
                self.tr("指令语言"),
                self.tr("分辨率"),
                self.tr("标签尺寸"),
                self.tr("连接方式"),
                self.tr("地址"),
            ]
        )
        self.queue.set_headers(
            [
                self.tr("序号"),
                self.tr("打印机"),
                self.tr("类型"),
                self.tr("内容"),
                self.tr("状态"),
                self.tr("尝试次数"),
                self.tr("原因"),
                self.tr("加入时间"),
                self.tr("发送时间"),
            ]
        )
        if self.preview is None:
            self.image.setText(self.tr("选择社区和筐后预览标签"))
        self._show_queue_note()
        self.documents.retranslate()

    def status_name(self, status: str) -> str:
        return {
            "queued": self.tr("排队中"),
            "sending": self.tr("发送中"),
            "sent": self.tr("已发送"),
            "failed": self.tr("失败"),
            "cancelled": self.tr("已取消"),
        }.get(status, status)

    def kind_name(self, kind: str) -> str:
        return {
            "label": self.tr("筐贴"),
            "document": self.tr("单据"),
            "test": self.tr("测试标签"),
        }.get(kind, kind)

    def _printer_cells(self, p: PrinterProfile) -> list[Any]:
        return [p.name, p.language.upper(), f"{p.dpi} dpi", f"{p.size} mm", p.transport, p.address]

    def _job_cells(self, job: Any) -> list[Any]:
        zone = self.ctx.settings.zone
        return [
            job.sequence,
            job.printer,
            self.kind_name(job.kind),
            job.description,
            job.status,
            job.attempts,
            _one_language(job.last_error, ui_language(self.ctx)),
            local_time(job.created_at, zone),
            local_time(job.sent_at, zone),
        ]

    # --- loading --------------------------------------------------------------------------------

    def live_reload(self) -> None:
        # The queue moves with the sender; the wave's labels do not, and the printers are in the
        # settings file (the add-printer dialog and 刷新 read it again).
        self.load_queue()

    def refresh(self) -> None:
        super().refresh()
        self.picker.ensure_loaded()
        self.load_printers()
        self.load_queue()
        self._load_communities()
        self.documents.load_suppliers(self.ctx.store, self.wave_id)

    def load_printers(self) -> None:
        settings = self.ctx.settings
        self.load(
            "printers", lambda: printing_support.printer_profiles(settings), self._show_printers
        )

    def _show_printers(self, profiles: tuple[PrinterProfile, ...]) -> None:
        self.profiles = profiles
        self.printers.set_rows(profiles)  # the selected printer stays selected (by name)
        if profiles and selected_row(self.printer_view) is None:
            self.printer_view.selectRow(0)

    def load_queue(self) -> None:
        statuses = None if self.show_all.currentIndex() == 1 else OPEN_STATUSES
        store = self.ctx.store
        self.load("queue", lambda: read_queue(store, statuses), self._show_queue)

    def _show_queue(self, queue: QueueData) -> None:
        self.queue.set_rows(queue.shown)  # the selected job stays selected (by its ID)
        self.queue_counts = (queue.waiting, queue.failed)
        self._show_queue_note()

    def _show_queue_note(self) -> None:
        if self.queue_counts is None:
            self.queue_note.setText("")
        else:
            self.queue_note.setText(self.tr("排队 {0}，失败 {1}").format(*self.queue_counts))

    def _load_communities(self) -> None:
        wave_id = self.wave_id
        if wave_id is None:
            self.community.clear()
            self.crate.clear()
            self.documents.set_communities([])
            return
        self.load(
            "communities", lambda: community_crates(self.ctx.store, wave_id), self._show_communities
        )

    def _show_communities(self, rows: list[CommunityCrates]) -> None:
        keep = self.community.currentData()
        self.community.clear()
        for row in rows:
            self.community.addItem(f"{row.community_id} {row.name}", row.community_id)
        index = self.community.findData(keep)
        self.community.setCurrentIndex(index if index >= 0 else (0 if rows else -1))
        self.documents.set_communities(rows)
        self._load_labels()

    def _load_labels(self) -> None:
        wave_id, community_id = self.wave_id, self.community.currentData()
        if wave_id is None or community_id is None:
            self.crate.clear()
            return
        self.load(
            "labels",
            lambda: crate_labels(self.ctx.store, wave_id, community_id),
            self._show_labels,
        )

    def _show_labels(self, labels: list[CrateLabel]) -> None:
        self.labels = labels
        self.crate.clear()
        for label in labels:
            self.crate.addItem(f"{label.crate_seq}/{label.crate_count}  {label.crate_id}")
        if labels:
            self.crate.setCurrentIndex(0)
            self.show_preview()  # the first crate's label at once, without a click

    # --- actions --------------------------------------------------------------------------------

    def show_preview(self) -> None:
        """Render the chosen crate's label as the printer would draw it, off the main thread."""
        index = self.crate.currentIndex()
        if not 0 <= index < len(self.labels):
            self.show_error(self.tr("请先选择筐"))
            return
        label, size, dpi = (
            self.labels[index],
            self.label_size.currentText(),
            int(self.dpi.currentData()),
        )
        self.load(
            "preview",
            lambda: Preview(label, printing_support.preview_png(label, size, dpi)),
            self._show_preview,
        )

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        pixmap = QPixmap()
        pixmap.loadFromData(preview.png, "PNG")
        self.image.setPixmap(pixmap)

    def add_printer(self) -> None:
        """Add a label printer to the settings file (a dialog); the list shows it when saved."""
        dialog = self.add_printer_dialog()
        dialog.added.connect(lambda profile: self._printer_added(profile.name))
        dialog.open()

    def add_printer_dialog(self) -> AddPrinterDialog:
        """The dialog (a method, so tests can reach it)."""
        self.printer_dialog = AddPrinterDialog(self.ctx, self)
        self.printer_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return self.printer_dialog

    def _printer_added(self, name: str) -> None:
        self.show_info(self.tr("已添加打印机 {0}").format(name))
        self.load_printers()

    def print_test_label(self) -> None:
        profile = selected_row(self.printer_view)
        if profile is None:
            self.show_error(self.tr("请先选择打印机（打印机在设置文件的 [printers.名称] 中设置）"))
            return
        store = self.ctx.store
        self.show_info(self.tr("正在向 {0} 发送测试标签…").format(profile.name))
        self.act(
            lambda: printing_support.print_test_label(store, profile),
            lambda where: self._tested(profile.name, where),
        )

    def _tested(self, name: str, where: str) -> None:
        self.show_info(self.tr("测试标签已发送到 {0}（{1}）").format(name, where))
        self.ctx.events.print_queue_changed.emit()

    def _change_job(self, what: str) -> None:
        job = selected_row(self.queue_view)
        if job is None:
            self.show_error(self.tr("请先在队列中选择一个任务"))
            return
        change = print_queue.cancel if what == "cancel" else print_queue.retry
        store, job_id = self.ctx.store, job.id
        self.act(lambda: change(store, job_id), lambda _job: self._job_changed(what, job_id))

    def _job_changed(self, what: str, job_id: int) -> None:
        text = self.tr("已取消打印任务") if what == "cancel" else self.tr("已重新排队打印任务")
        self.show_info(f"{text} {job_id}")
        self.ctx.events.print_queue_changed.emit()


def _one_language(text: str, language: str) -> str:
    """Queue errors are stored as "中文 / English": show the half in the screen's language."""
    zh, sep, en = text.partition(" / ")
    if not sep:
        return text
    return en if language == "en" else zh
