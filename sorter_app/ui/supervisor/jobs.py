"""Background jobs: what the app runs on its own (sorter_app.ui.background) and how each last went:
the outbox and print senders, the claims pull, the receiving cut, the customer-data purge. A
failed job is red, with its message; a job that has not run yet says so.

The results live in memory on the context's job board (`ctx.jobs`), not in the store: each PC
shows what its own jobs did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sorter_app.services import jobs
from sorter_app.services.jobs import JobRun
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    local_time,
    ui_language,
)

# The jobs in the order the panel lists them.
JOB_ORDER = (jobs.OUTBOX, jobs.PRINTING, jobs.CLAIMS, jobs.RECEIVING_CUT, jobs.RETENTION)
FAILED_BACKGROUND = QColor("#FFCDD2")
FAILED_TEXT = QColor("#B71C1C")
JOB_CHIPS = {
    "failed": (Tone.BAD, "✖"),
    "not_run": (Tone.NEUTRAL, "○"),
    "ok": (Tone.OK, "✔"),
}


@dataclass(frozen=True)
class JobLine:
    job: str
    run: JobRun | None  # None: not run yet on this PC


class JobsModel(RowsModel):
    """The rows, with a failed job's row in red."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        line = self.row_at(index.row()) if index.isValid() else None
        failed = isinstance(line, JobLine) and line.run is not None and not line.run.ok
        if failed and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(FAILED_BACKGROUND)
        if failed and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(FAILED_TEXT)
        return super().data(index, role)


class JobsScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.refresh_button = QPushButton()
        self.lines = JobsModel(
            self._cells,
            self,
            columns=[
                Column(),
                Column(states=StateStyle(JOB_CHIPS, self.state_name)),
                Column(),
                Column(stretch=True),
            ],
            key=lambda line: line.job,
        )
        self.panel = ListPanel(self.lines, self, searchable=False)
        self.view = self.panel.view
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.as_of)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.message)
        self.refresh_button.clicked.connect(self.refresh)
        # A bound method: the board's news comes from the jobs' threads, queued to this one.
        ctx.events.jobs_changed.connect(self._job_ran)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("本机自动运行的后台任务，以及每个任务最近一次的结果"))
        self.refresh_button.setText(self.tr("刷新"))
        self.lines.set_headers(
            [self.tr("任务"), self.tr("状态"), self.tr("最近运行"), self.tr("结果")]
        )

    def state_name(self, state: str) -> str:
        return {
            "not_run": self.tr("尚未运行"),
            "ok": self.tr("正常"),
            "failed": self.tr("失败"),
        }.get(state, state)

    def job_name(self, job: str) -> str:
        return {
            jobs.OUTBOX: self.tr("上报发送"),
            jobs.PRINTING: self.tr("打印发送"),
            jobs.CLAIMS: self.tr("拉取售后"),
            jobs.RECEIVING_CUT: self.tr("收货截止"),
            jobs.RETENTION: self.tr("清除过期客户数据"),
        }.get(job, job)

    def _cells(self, line: JobLine) -> list[Any]:
        run = line.run
        if run is None:
            return [self.job_name(line.job), "not_run", "", ""]
        return [
            self.job_name(line.job),
            "ok" if run.ok else "failed",
            local_time(run.at, self.ctx.settings.zone),
            run.summary(ui_language(self.ctx)),
        ]

    def live_version(self) -> None:
        return None  # the board is in memory: jobs_changed says when it moves

    def _job_ran(self, _job: str) -> None:
        self.request_refresh()

    def line(self, job: str) -> JobLine | None:
        return next((line for line in self.lines.rows if line.job == job), None)

    def refresh(self) -> None:
        # The board is in memory and small: read here, no worker thread needed.
        super().refresh()
        board = self.ctx.jobs
        known = [JobLine(job, board.last(job)) for job in JOB_ORDER]
        others = [JobLine(run.job, run) for run in board.runs() if run.job not in JOB_ORDER]
        self.lines.set_rows(known + others)
        self._stamp()
        self.refreshed.emit("jobs")
