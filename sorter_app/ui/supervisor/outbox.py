"""The outbox: what the platform has not received yet. Pending entries with their age and
attempts, parked entries (the platform refused them for good) with the platform's message, and
when the last entry was delivered. A supervisor retries a parked entry (same Idempotency-Key: the
platform counts it once) or dismisses it with a reason; both are audited
(sorter_app.services.reporting.outbox_actions). Numbers come from
sorter_app.services.views.outbox_view; the screen refreshes when the outbox sender has run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sorter_app.services.clock import utc_now
from sorter_app.services.jobs import OUTBOX
from sorter_app.services.reporting.outbox_actions import dismiss_parked_as, retry_parked_as
from sorter_app.services.views.outbox_view import OutboxOverview, OutboxRow, outbox_overview
from sorter_app.services.views.wave_queries import stage_word
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    local_time,
    selected_row,
    ui_language,
)

# The contract's report types as a supervisor reads them (domain/reports.py:REPORT_TYPES).
REPORT_WORDS = {
    "shortage": ("缺货", "shortage"),
    "damage": ("破损", "damage"),
    "missort": ("错分", "missort"),
    "overage": ("多到", "overage"),
    "unknown_barcode": ("未知条码", "unknown barcode"),
}

# An entry as a chip: parked waits for a person; a pending one that failed before is retrying.
OUTBOX_CHIPS = {
    "parked": (Tone.BAD, "✖"),
    "retrying": (Tone.WARN, "▲"),
    "pending": (Tone.INFO, "◔"),
}


@dataclass(frozen=True)
class OutboxData:
    overview: OutboxOverview
    now: datetime  # when it was read: ages count from here


def load_outbox(store: Store) -> OutboxData:
    return OutboxData(outbox_overview(store), utc_now())


class OutboxScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: OutboxData | None = None
        self.undelivered_caption = QLabel()
        self.undelivered = QLabel("—")
        self.undelivered.setObjectName("outboxUndelivered")
        self.last_delivery = QLabel()
        self.last_delivery.setObjectName("outboxLastDelivery")
        self.refresh_button = QPushButton()
        self.retry_button = QPushButton()
        self.dismiss_button = QPushButton()
        chips = StateStyle(OUTBOX_CHIPS, self.state_name)
        self.pending = RowsModel(
            self._pending_cells,
            self,
            columns=[
                Column(),
                Column(),
                Column(),
                *[Column()] * 3,
                Column(stretch=True),
                Column(states=chips),
            ],
            key=lambda row: row.entry_id,
            search=lambda row: (row.entry_id, row.wave_id, row.topic),
        )
        self.parked = RowsModel(
            self._parked_cells,
            self,
            columns=[
                Column(),
                Column(),
                Column(),
                Column(stretch=True),
                Column(),
                Column(),
                Column(states=chips),
            ],
            key=lambda row: row.entry_id,
            search=lambda row: (row.entry_id, row.wave_id, row.topic),
        )
        self.pending_panel = ListPanel(self.pending, self)
        self.parked_panel = ListPanel(self.parked, self)
        self.pending_view = self.pending_panel.view
        self.parked_view = self.parked_panel.view

        parked_page = QWidget()
        parked_layout = QVBoxLayout(parked_page)
        parked_layout.setContentsMargins(0, 0, 0, 0)
        parked_layout.addWidget(self.parked_panel, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.dismiss_button)
        parked_layout.addLayout(buttons)
        self.tabs = QTabWidget()
        self.tabs.addTab(parked_page, "")
        self.tabs.addTab(self.pending_panel, "")

        headline = QVBoxLayout()
        headline.addWidget(self.undelivered_caption)
        headline.addWidget(self.undelivered)
        top = QHBoxLayout()
        top.addLayout(headline)
        top.addSpacing(24)
        top.addWidget(self.last_delivery, 1)
        top.addWidget(self.as_of)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        self.refresh_button.clicked.connect(self.refresh)
        self.retry_button.clicked.connect(self.retry_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.refresh_after_job(OUTBOX)
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.undelivered_caption.setText(self.tr("未送达平台的上报"))
        self.refresh_button.setText(self.tr("刷新"))
        self.retry_button.setText(self.tr("重试"))
        self.dismiss_button.setText(self.tr("放弃…"))
        self.parked.set_headers(
            [
                self.tr("编号"),
                self.tr("波次"),
                self.tr("内容"),
                self.tr("平台的答复"),
                self.tr("尝试次数"),
                self.tr("已等待"),
                self.tr("状态"),
            ]
        )
        self.pending.set_headers(
            [
                self.tr("编号"),
                self.tr("波次"),
                self.tr("内容"),
                self.tr("已等待"),
                self.tr("尝试次数"),
                self.tr("下次尝试"),
                self.tr("最近的错误"),
                self.tr("状态"),
            ]
        )
        self.parked_panel.set_empty_state(
            "✔",
            self.tr("没有搁置的上报"),
            self.tr("平台没有拒收任何上报；需要人处理的上报会出现在这里。"),
            tone=Tone.OK,
        )
        self.pending_panel.set_empty_state(
            "✔",
            self.tr("全部已送达"),
            self.tr("没有等待发送的上报。"),
            tone=Tone.OK,
        )
        self._show_numbers()

    def state_name(self, state: str) -> str:
        return {
            "parked": self.tr("已搁置"),
            "retrying": self.tr("重试中"),
            "pending": self.tr("待发送"),
        }.get(state, state)

    def kind_name(self, row: OutboxRow) -> str:
        kinds = {
            "report": self.tr("上报：{0}"),
            "dispatch": self.tr("发车：{0}"),
            "hub_status": self.tr("节点：{0}"),
        }
        language = "en" if ui_language(self.ctx) == "en" else "zh"
        topic = row.topic
        if row.kind == "hub_status":
            topic = stage_word(topic, language)  # 已导入, not the contract's "imported"
        elif row.kind == "report":
            zh, en = REPORT_WORDS.get(topic, (topic, topic))
            topic = en if language == "en" else zh
        return kinds.get(row.kind, "{0}").format(topic)

    def age_text(self, seconds: float) -> str:
        minutes = int(seconds // 60)
        if minutes < 1:
            return self.tr("{0} 秒").format(int(seconds))
        if minutes < 60:
            return self.tr("{0} 分钟").format(minutes)
        return self.tr("{0} 小时 {1} 分").format(minutes // 60, minutes % 60)

    def _age(self, row: OutboxRow) -> str:
        return self.age_text(row.age_s(self.data.now)) if self.data else ""

    def _parked_cells(self, row: OutboxRow) -> list[Any]:
        return [
            row.entry_id,
            row.wave_id,
            self.kind_name(row),
            row.last_error,
            row.attempts,
            self._age(row),
            "parked",
        ]

    def _pending_cells(self, row: OutboxRow) -> list[Any]:
        return [
            row.entry_id,
            row.wave_id,
            self.kind_name(row),
            self._age(row),
            row.attempts,
            local_time(row.next_attempt_at, self.ctx.settings.zone) or self.tr("现在"),
            row.last_error,
            "retrying" if row.attempts else "pending",
        ]

    def _show_numbers(self) -> None:
        data = self.data
        if data is None:
            self.tabs.setTabText(0, self.tr("已搁置"))
            self.tabs.setTabText(1, self.tr("待发送"))
            self.last_delivery.setText(self.tr("正在加载…"))
            return
        overview = data.overview
        self.tabs.setTabText(0, self.tr("已搁置（{0}）").format(overview.parked_count))
        self.tabs.setTabText(1, self.tr("待发送（{0}）").format(overview.pending_count))
        self.undelivered.setText(str(overview.undelivered))
        # Parked entries wait for a person: red; pending ones go on their own: calm.
        colour = "#C62828" if overview.parked_count else "#2E7D32"
        self.undelivered.setStyleSheet(f"font-size: 32px; font-weight: bold; color: {colour};")
        last = local_time(overview.last_delivered_at, self.ctx.settings.zone)
        self.last_delivery.setText(
            self.tr("最近一次送达：{0}").format(last) if last else self.tr("尚无送达记录")
        )

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        self.load("outbox", lambda: load_outbox(self.ctx.store), self._show)

    def _show(self, data: OutboxData) -> None:
        self.data = data
        self.parked.set_rows(data.overview.parked)
        self.pending.set_rows(data.overview.pending)
        self._show_numbers()

    # --- actions --------------------------------------------------------------------------------

    def _chosen_parked(self) -> OutboxRow | None:
        row = selected_row(self.parked_view)
        if row is None:
            self.show_error(self.tr("请先在“已搁置”中选择一条上报"))
        return row if isinstance(row, OutboxRow) else None

    def retry_selected(self) -> None:
        row = self._chosen_parked()
        supervisor = self.supervisor() if row is not None else None
        if row is None or supervisor is None:
            return
        store, entry_id = self.ctx.store, row.entry_id
        self.act(
            lambda: retry_parked_as(store, supervisor, entry_id),
            lambda _r: self._done(self.tr("上报 #{0} 已重新排队发送").format(entry_id)),
        )

    def dismiss_selected(self) -> None:
        row = self._chosen_parked()
        supervisor = self.supervisor() if row is not None else None
        if row is None or supervisor is None:
            return
        reason = self.ask_text(
            self.tr("放弃上报"),
            self.tr("放弃上报 #{0}（不再发送，记入审计日志）。原因：").format(row.entry_id),
        )
        if reason is None:
            return
        store, entry_id = self.ctx.store, row.entry_id
        self.act(
            lambda: dismiss_parked_as(store, supervisor, entry_id, reason),
            lambda _r: self._done(self.tr("上报 #{0} 已放弃").format(entry_id)),
        )

    def _done(self, text: str) -> None:
        self.show_info(text)
        self.refresh()
