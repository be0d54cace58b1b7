"""The audit log: every supervised action (forced dispatch, reprints, closing receiving, outbox
retries and dismissals, PINs set), newest first, with who, when (the hub's time), what, which
object and why; the chain checked on request; the whole log exported as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sorter_app.domain.audit import Action, AuditRecord
from sorter_app.services.people.audit_log import (
    ROWS_SHOWN,
    AuditCheck,
    audit_records,
    export_audit,
    verify_audit,
)
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    RowsModel,
    SupervisorScreen,
    Tone,
    local_time,
    save_file_dialog,
    ui_language,
)


@dataclass(frozen=True)
class AuditData:
    records: list[AuditRecord]  # newest first, at most ROWS_SHOWN


class AuditScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data = AuditData([])
        self.check: AuditCheck | None = None
        self.title = QLabel()
        self.title.setObjectName("auditTitle")
        self.chain_state = QLabel()
        self.chain_state.setObjectName("auditChainState")
        self.refresh_button = QPushButton()
        self.verify_button = QPushButton()
        self.export_button = QPushButton()
        self.records = RowsModel(
            self._cells,
            self,
            columns=[
                Column(),
                Column(),
                Column(),
                Column(stretch=True),
                Column(),
            ],
            key=lambda record: record.seq,
            search=lambda r: (
                r.supervisor,
                r.action,
                r.wave_id,
                r.route_id,
                r.sku_id,
                r.crate_id,
                r.entry_id,
                r.person_id,
                r.reason,
            ),
        )
        self.panel = ListPanel(self.records, self)
        self.view = self.panel.view

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.chain_state)
        top.addWidget(self.verify_button)
        top.addWidget(self.export_button)
        top.addWidget(self.as_of)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.message)

        self.refresh_button.clicked.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export_csv)
        # Closing receiving is audited: a supervisor closing it elsewhere shows up here.
        ctx.events.receiving_changed.connect(lambda _w: self.request_refresh())
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.refresh_button.setText(self.tr("刷新"))
        self.verify_button.setText(self.tr("校验哈希链"))
        self.export_button.setText(self.tr("导出 CSV"))
        self._show_title()
        self._show_check()
        self.panel.set_empty_state(
            "✔",
            self.tr("还没有班组长操作记录"),
            self.tr("强制发车、补打标签、结束收货等需要班组长的操作会记在这里。"),
            tone=Tone.OK,
        )
        self.records.set_headers(
            [
                self.tr("时间"),
                self.tr("班组长"),
                self.tr("操作"),
                self.tr("对象"),
                self.tr("原因"),
            ]
        )

    def _show_title(self) -> None:
        self.title.setText(
            self.tr("班组长操作记录（最新在前，共 {0} 条）").format(len(self.data.records))
        )

    def _show_check(self) -> None:
        check = self.check
        if check is None:
            self.chain_state.setText("")
            self.chain_state.setStyleSheet("")
        elif check.broken is None:
            self.chain_state.setText(self.tr("✔ 哈希链完好（{0} 条）").format(check.records))
            self.chain_state.setStyleSheet("color: #1b5e20; font-weight: bold;")
        else:
            self.chain_state.setText(
                self.tr("✖ 第 {0} 条记录被改动或缺失").format(check.broken.seq)
            )
            self.chain_state.setStyleSheet("color: #b00020; font-weight: bold;")

    def action_name(self, action: str) -> str:
        names: dict[str, str] = {
            Action.FORCED_DISPATCH: self.tr("缺筐强制发车"),
            Action.OUTBOX_RETRY: self.tr("重试搁置的上报"),
            Action.OUTBOX_DISMISS: self.tr("放弃搁置的上报"),
            Action.OUTBOX_RESEND: self.tr("重新发往平台"),
            Action.LABEL_REPRINT: self.tr("补打筐贴"),
            Action.RECEIVING_CLOSED: self.tr("班组长结束收货"),
            Action.PIN_SET: self.tr("设置班组长密码"),
            Action.LATE_UNDO: self.tr("超时撤销"),
        }
        return names.get(action, action)  # a newer release's action: its code

    def object_name(self, record: AuditRecord) -> str:
        words = (
            (record.wave_id, self.tr("波次 {0}")),
            (record.route_id, self.tr("线路 {0}")),
            (record.sku_id, self.tr("商品 {0}")),
            (record.crate_id, self.tr("筐 {0}")),
            (record.entry_id, self.tr("上报 #{0}")),
            (record.person_id, self.tr("人员 {0}")),
        )
        return "  ".join(word.format(value) for value, word in words if value)

    def _cells(self, record: AuditRecord) -> list[Any]:
        return [
            local_time(record.at, self.ctx.settings.zone),
            record.supervisor,
            self.action_name(record.action),
            self.object_name(record),
            record.reason,
        ]

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        store = self.ctx.store
        self.load("audit", lambda: AuditData(audit_records(store, limit=ROWS_SHOWN)), self._show)

    def _show(self, data: AuditData) -> None:
        self.data = data
        self.records.set_rows(data.records)
        self._show_title()

    def verify(self) -> None:
        store = self.ctx.store
        self.load("verify", lambda: verify_audit(store), self._verified)

    def _verified(self, check: AuditCheck) -> None:
        self.check = check
        self._show_check()

    # --- export ---------------------------------------------------------------------------------

    def ask_save_path(self) -> Path | None:
        """Where to write the CSV (a method, so tests answer it without a dialog)."""
        return save_file_dialog(
            self, self.tr("导出审计日志"), "audit_log.csv", self.tr("CSV 文件 (*.csv)")
        )

    def export_csv(self) -> None:
        path = self.ask_save_path()
        if path is None:
            return
        store, zone = self.ctx.store, self.ctx.settings.zone
        lang = "en" if ui_language(self.ctx) == "en" else "zh"

        def work() -> int:
            return export_audit(store, path, fmt="csv", lang=lang, zone=zone)

        self.act(
            work,
            lambda written: self.show_info(
                self.tr("已导出 {0} 条记录到 {1}").format(written, str(path))
            ),
        )
