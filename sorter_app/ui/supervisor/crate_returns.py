"""Crate returns at the dock (周转箱回收): each returned crate's old label is scanned (the wedge or
serial scanner through the scan router, or typed into the field) and recorded by
sorter_app.services.loading.crate_ledger.return_crate; the line under the field says what came back
and from whom, or why nothing was recorded. Below it, the ledger
(sorter_app.services.views.crate_ledger_view): per leader, crates out, back, still held, and for
how long the oldest one has been out — the same numbers the load sheet asks drivers to collect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import utc_now
from sorter_app.services.loading.crate_ledger import LeaderHolding, return_crate
from sorter_app.services.views.crate_ledger_view import LedgerRow, ledger_rows
from sorter_app.store.database import Store
from sorter_app.ui.context import UiContext
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    Progress,
    RowsModel,
    SupervisorScreen,
    Tone,
    local_time,
    ui_language,
)

GREEN = "color: #1b5e20; font-weight: bold;"
AMBER = "color: #8a5a00; font-weight: bold;"
RED = "color: #b00020; font-weight: bold;"
# Not a crate's label at all: look again (amber). A crate the ledger cannot take back: stop (red).
AMBER_CODES = frozenset({"not_a_crate"})


@dataclass(frozen=True)
class LedgerData:
    rows: list[LedgerRow]
    now: datetime  # when it was read: how long crates are held counts from here


@dataclass(frozen=True)
class Returned:
    """One scan's answer: the crate and its leader's holding, or why nothing was recorded."""

    scanned: str
    holding: LeaderHolding | None
    error: UserFacingError | None


def load_ledger(store: Store) -> LedgerData:
    return LedgerData(ledger_rows(store), utc_now())


def take_back(store: Store, scanned: str) -> Returned:
    try:
        return Returned(scanned, return_crate(store, scanned), None)
    except UserFacingError as exc:
        return Returned(scanned, None, exc)


class CrateReturnsScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: LedgerData | None = None
        self.last: Returned | None = None
        self.scan_caption = QLabel()
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("crateReturnField")
        self.scan_button = QPushButton()
        self.result_line = QLabel()
        self.result_line.setObjectName("crateReturnResult")
        self.result_line.setWordWrap(True)
        self.ledger_title = QLabel()
        self.refresh_button = QPushButton()
        self.ledger = RowsModel(
            self._ledger_cells,
            self,
            columns=[
                Column(),
                Column(stretch=True),
                Column(),
            ],
            key=lambda row: (row.leader_id, row.community_id),
            search=lambda row: (row.leader_id, row.leader_name, row.community_id),
        )
        self.ledger_panel = ListPanel(self.ledger, self)
        self.ledger_view = self.ledger_panel.view

        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_caption)
        scan_row.addWidget(self.scan_field, 1)
        scan_row.addWidget(self.scan_button)
        ledger_row = QHBoxLayout()
        ledger_row.addWidget(self.ledger_title)
        ledger_row.addStretch(1)
        ledger_row.addWidget(self.as_of)
        ledger_row.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(scan_row)
        layout.addWidget(self.result_line)
        layout.addLayout(ledger_row)
        layout.addWidget(self.ledger_panel, 1)
        layout.addWidget(self.message)

        self.scan_field.returnPressed.connect(self._typed)
        self.scan_button.clicked.connect(self._typed)
        self.refresh_button.clicked.connect(self.refresh)
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.scan_caption.setText(self.tr("扫描回收的周转箱："))
        self.scan_field.setPlaceholderText(self.tr("扫码或输入筐码后按回车"))
        self.scan_button.setText(self.tr("登记收回"))
        self.ledger_title.setText(self.tr("周转箱台账（按团长）"))
        self.refresh_button.setText(self.tr("刷新"))
        self.ledger.set_headers(
            [
                self.tr("团长"),
                self.tr("姓名"),
                self.tr("社区"),
                self.tr("发出"),
                self.tr("收回"),
                self.tr("在外"),
                self.tr("最早发出"),
                self.tr("已在外"),
            ]
        )
        self.ledger_panel.set_empty_state(
            "○",
            self.tr("还没有在外的周转箱"),
            self.tr("线路发车后，每个团长带走的周转箱记在这里；收回时在上方扫描筐码。"),
            tone=Tone.NEUTRAL,
        )
        self._show_result()

    def held_for_text(self, seconds: float | None) -> str:
        if seconds is None:
            return "—"
        minutes = int(seconds // 60)
        if minutes < 60:
            return self.tr("{0} 分钟").format(minutes)
        hours = minutes // 60
        if hours < 24:
            return self.tr("{0} 小时 {1} 分").format(hours, minutes % 60)
        return self.tr("{0} 天 {1} 小时").format(hours // 24, hours % 24)

    def _ledger_cells(self, row: LedgerRow) -> list[Any]:
        now = self.data.now if self.data else utc_now()
        return [
            row.leader_id,
            row.leader_name,
            row.community_id,
            row.out,
            Progress(row.back, row.out),
            row.held,
            local_time(row.oldest_out_at, self.ctx.settings.zone) if row.held > 0 else "",
            self.held_for_text(row.held_for_s(now)),
        ]

    def _show_result(self) -> None:
        last = self.last
        if last is None:
            self.result_line.setStyleSheet("")
            self.result_line.setText("")
            return
        if last.error is not None:
            style = AMBER if last.error.code in AMBER_CODES else RED
            self.result_line.setStyleSheet(style)
            self.result_line.setText(last.error.message(ui_language(self.ctx)))
            return
        h = last.holding
        assert h is not None
        if h.already_back:
            self.result_line.setStyleSheet(AMBER)
            self.result_line.setText(
                self.tr("{0} 已经登记过收回，不重复计数；团长 {1}（{2}）仍在外 {3} 个").format(
                    last.scanned, h.leader_name or h.leader_id, h.leader_id, h.held
                )
            )
            return
        self.result_line.setStyleSheet(GREEN)
        self.result_line.setText(
            self.tr("已收回 {0}：团长 {1}（{2}），社区 {3}；仍在外 {4} 个").format(
                last.scanned, h.leader_name or h.leader_id, h.leader_id, h.community_id, h.held
            )
        )

    # --- scans ----------------------------------------------------------------------------------

    def handle_scan(self, read: ScanRead) -> bool:
        """Every read at the dock is a crate coming back (the main window routes it here while
        this screen is current)."""
        text = read.text.strip()
        if not text:
            return True
        self.act(lambda: take_back(self.ctx.store, text), self._returned)
        return True

    def _typed(self) -> None:
        text = self.scan_field.text().strip()
        self.scan_field.clear()
        if text:
            self.handle_scan(ScanRead(text, source="manual"))

    def _returned(self, result: Returned) -> None:
        self.last = result
        self.message.clear()
        self._show_result()
        if result.holding is not None and not result.holding.already_back:
            self.refresh()

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        self.load("ledger", lambda: load_ledger(self.ctx.store), self._show)

    def _show(self, data: LedgerData) -> None:
        self.data = data
        self.ledger.set_rows(data.rows)
