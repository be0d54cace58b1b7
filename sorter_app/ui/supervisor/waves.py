"""Waves: the local waves, importing a delivery date from the platform (progress bar, Cancel) or
a wave from an Excel/CSV export, the outcome of each import, and open conflicts after a re-import.

Both imports run in a child process (services/waves/import_process.py) whenever the database can
be opened from another one (not an in-memory SQLite) and the client factory pickles; otherwise
on a worker thread of this process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sorter_app.gc_pause import gc_paused
from sorter_app.services.views.exceptions_view import ConflictView, import_conflicts
from sorter_app.services.views.wave_queries import WaveRow, list_waves
from sorter_app.services.waves.import_process import (
    FileImport,
    can_run_in_child,
    import_order_file_in_child,
    import_waves_in_child,
)
from sorter_app.services.waves.platform_link import ClientFactory, import_waves, open_client
from sorter_app.services.waves.wave_import import (
    DateImportReport,
    ImportCancelled,
    ImportProgress,
    WaveImportResult,
    import_order_file,
)
from sorter_app.ui.context import UiContext
from sorter_app.ui.operations import Report
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    Progress,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    conflict_name,
    error_text,
    selected_row,
    table_view,
)

# After noon the night's work is for tomorrow's delivery; before it, for today's.
_NEXT_DAY_FROM_HOUR = 12

# The platform's word on a wave: closed for orders (ready to sort), still taking them, cancelled.
STATUS_CHIPS = {
    "closed": (Tone.OK, "✔"),
    "open": (Tone.WARN, "◔"),
    "cancelled": (Tone.NEUTRAL, "✖"),
}
# How far the hub got with a wave (wave_queries.STAGES, in the order a wave reaches them).
STAGE_CHIPS = {
    "imported": (Tone.NEUTRAL, "⇩"),
    "receiving": (Tone.INFO, "◐"),
    "sorting": (Tone.INFO, "◔"),
    "sorted": (Tone.OK, "✔"),
    "dispatched": (Tone.OK, "➜"),
}


class CancelBeforeWriting:
    """The cancel flag handed to the import, honoured only while a wave is being fetched.

    Once a wave is being written, stopping would leave it stored but without its crate plan, so
    a request made then waits for the next wave (or is moot when this was the last one)."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.stage = ""

    def is_set(self) -> bool:
        return self.requested.is_set() and self.stage not in ("writing", "planning")

    def set(self) -> None:
        self.requested.set()

    def note(self, stage: str) -> None:
        self.stage = stage


class WavesScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # What builds the platform client of an import (tests hand in a slow one). One that
        # pickles goes to the import's child process; any other keeps the import on a thread here.
        self.client_factory: ClientFactory = open_client
        self._cancel: CancelBeforeWriting | None = None
        self.importing = False
        self.results: list[WaveImportResult] = []  # of the last import, as the outcome shows

        self.date_label = QLabel()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(_qdate(self.default_delivery_date()))
        self.import_button = QPushButton()
        self.file_button = QPushButton()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.stage_label = QLabel()
        self.cancel_button = QPushButton()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.waves = RowsModel(
            self._wave_cells,
            self,
            columns=[
                Column(),
                Column(stretch=True),
                Column(),
                Column(states=StateStyle(STATUS_CHIPS, self.status_name)),
                Column(),
                Column(states=StateStyle(STAGE_CHIPS, self.hub_stage_name)),
            ],
            key=lambda row: row.wave_id,
            search=lambda row: (row.wave_id, row.delivery_date.isoformat()),
        )
        self.wave_panel = ListPanel(self.waves, self)
        self.wave_view = self.wave_panel.view
        self.select_button = QPushButton()
        self.refresh_button = QPushButton()
        self.conflicts_title = QLabel()
        self.conflicts = RowsModel(self._conflict_cells, self)
        self.conflict_view = table_view(self.conflicts, self)
        self._conflicts_wave: str | None = None
        self._prefer_wave: str | None = None  # the row to select after the next load

        source = QHBoxLayout()
        source.addWidget(self.date_label)
        source.addWidget(self.date_edit)
        source.addWidget(self.import_button)
        source.addWidget(self.file_button)
        source.addStretch(1)
        source.addWidget(self.as_of)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.stage_label, 1)
        running.addWidget(self.cancel_button)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.select_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.refresh_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.conflicts_title)
        lower_layout.addWidget(self.conflict_view)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.wave_panel)
        upper_layout.addLayout(list_buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(source)
        layout.addLayout(running)
        layout.addWidget(self.outcome)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

        self.import_button.clicked.connect(self.import_from_platform)
        self.file_button.clicked.connect(self.choose_file)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.select_button.clicked.connect(self.select_wave)
        self.wave_view.doubleClicked.connect(lambda _i: self.select_wave())
        self.refresh_button.clicked.connect(self.refresh)
        self.wave_view.selectionModel().selectionChanged.connect(lambda *_: self._row_changed())
        ctx.events.wave_imported.connect(lambda _w: self.request_refresh())
        ctx.events.wave_selected.connect(lambda _w: self.waves.relabel())
        self._set_running(False)
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.date_label.setText(self.tr("配送日期："))
        self.import_button.setText(self.tr("从平台导入"))
        self.file_button.setText(self.tr("从文件导入…"))
        self.cancel_button.setText(self.tr("取消"))
        self.select_button.setText(self.tr("设为当前波次"))
        self.refresh_button.setText(self.tr("刷新"))
        self.waves.set_headers(
            [
                self.tr("当前"),
                self.tr("波次"),
                self.tr("配送日期"),
                self.tr("状态"),
                self.tr("来源"),
                self.tr("进度"),
                self.tr("社区"),
                self.tr("商品"),
                self.tr("订单"),
                self.tr("待分拣行"),
                self.tr("待分拣件数"),
                self.tr("已发车线路"),
                self.tr("未处理冲突"),
            ]
        )
        self.wave_panel.set_empty_state(
            "⇩",
            self.tr("还没有波次"),
            self.tr("选择配送日期后从平台导入，或从平台导出的订单文件导入。"),
            (self.tr("从平台导入"), self.import_button.click),
        )
        self.conflicts.set_headers(
            [
                self.tr("社区"),
                self.tr("社区名称"),
                self.tr("商品"),
                self.tr("商品名称"),
                self.tr("订单"),
                self.tr("变化"),
                self.tr("原数量"),
                self.tr("新数量"),
                self.tr("已分"),
                self.tr("需从筐中取回"),
            ]
        )
        self._show_conflicts_title()
        self.outcome.setText("\n".join(self.outcome_text(r) for r in self.results))
        if not self.importing:
            self.stage_label.setText("")

    def status_name(self, status: str) -> str:
        return {
            "closed": self.tr("已截单"),
            "open": self.tr("接单中"),
            "cancelled": self.tr("已取消"),
        }.get(status, status)

    def hub_stage_name(self, stage: str) -> str:
        return {
            "imported": self.tr("已导入"),
            "receiving": self.tr("收货中"),
            "sorting": self.tr("分拣中"),
            "sorted": self.tr("分拣完成"),
            "dispatched": self.tr("已发车"),
        }.get(stage, stage)

    def source_name(self, source: str) -> str:
        return {"api": self.tr("平台"), "file": self.tr("文件")}.get(source, source)

    def stage_name(self, stage: str) -> str:
        return {
            "communities": self.tr("正在下载社区"),
            "skus": self.tr("正在下载商品"),
            "orders": self.tr("正在下载订单"),
            "writing": self.tr("正在写入数据库"),
            "planning": self.tr("正在规划筐"),
            "done": self.tr("完成"),
            "file": self.tr("正在读取文件"),
        }.get(stage, stage)

    def outcome_text(self, result: WaveImportResult) -> str:
        wave_id = result.wave_id
        if result.outcome == "imported":
            return self.tr("{0}：已导入，{1} 个社区，{2} 个商品，{3} 个订单，{4} 行").format(
                wave_id, result.communities, result.skus, result.orders, result.lines
            )
        if result.outcome == "updated":
            return self.tr("{0}：已更新，{1} 处变化，{2} 个冲突需要处理").format(
                wave_id, result.changes, result.conflicts
            )
        if result.outcome == "unchanged":
            return self.tr("{0}：无变化").format(wave_id)
        if result.outcome == "skipped_cancelled":
            return self.tr("{0}：平台已取消该波次，已跳过").format(wave_id)
        reason = error_text(self.ctx, result.error) if result.error else ""
        if result.outcome == "refused_open":
            return self.tr("{0}：未导入：{1}").format(wave_id, reason)
        return self.tr("{0}：导入失败：{1}").format(wave_id, reason)

    def _wave_cells(self, row: WaveRow) -> list[Any]:
        return [
            "●" if row.wave_id == self.ctx.wave_id else "",
            row.wave_id,
            row.delivery_date.isoformat(),
            row.status,  # a chip: the column's StateStyle gives the word
            self.source_name(row.source),
            row.stage,
            row.communities,
            row.skus,
            row.orders,
            row.lines_to_sort,
            row.units_to_sort,
            Progress(row.routes_dispatched, row.routes_total),
            row.open_conflicts,
        ]

    def _conflict_cells(self, c: ConflictView) -> list[Any]:
        return [
            c.community_id,
            c.community_name,
            c.sku_id,
            c.sku_name,
            c.order_id,
            conflict_name(c.kind),
            c.old_qty,
            c.new_qty,
            c.put_qty,
            c.excess_qty,
        ]

    def _show_conflicts_title(self) -> None:
        if self._conflicts_wave is None:
            self.conflicts_title.setText(self.tr("选择一个波次查看未处理的导入冲突"))
        elif not self.conflicts.rows:
            self.conflicts_title.setText(
                self.tr("{0}：没有未处理的导入冲突").format(self._conflicts_wave)
            )
        else:
            self.conflicts_title.setText(
                self.tr("{0}：{1} 个未处理的导入冲突（已分入筐的件数需取回）").format(
                    self._conflicts_wave, len(self.conflicts.rows)
                )
            )

    # --- the list -------------------------------------------------------------------------------

    def default_delivery_date(self) -> date:
        now = datetime.now(self.ctx.settings.zone)
        return (now + timedelta(days=1)).date() if now.hour >= _NEXT_DAY_FROM_HOUR else now.date()

    def refresh(self) -> None:
        super().refresh()
        self.load("waves", lambda: list_waves(self.ctx.store), self._show_waves)

    def _show_waves(self, rows: list[WaveRow]) -> None:
        keep = selected_row(self.wave_view)
        self.waves.set_rows(rows)
        wanted = self._prefer_wave or (keep.wave_id if keep is not None else self.ctx.wave_id)
        self._prefer_wave = None
        self.select_row_of(wanted)

    def select_row_of(self, wave_id: str | None) -> None:
        for i, row in enumerate(self.waves.rows):
            if row.wave_id == wave_id:
                before = selected_row(self.wave_view)
                self.wave_view.selectRow(i)
                if before is not None and before.wave_id == wave_id:
                    # Kept selected through the reload (rows have keys): no selection change
                    # reloads its conflicts, yet a re-import may have changed them.
                    self._row_changed()
                return
        self._row_changed()

    def live_reload(self) -> None:
        if self.importing:
            return  # the import's commits; its end refreshes the list, once
        super().live_reload()

    def _row_changed(self) -> None:
        row = selected_row(self.wave_view)
        self._conflicts_wave = row.wave_id if row is not None else None
        if row is None:
            self.conflicts.set_rows([])
            self._show_conflicts_title()
            return
        wave_id = row.wave_id
        self.load(
            "conflicts", lambda: import_conflicts(self.ctx.store, wave_id), self._show_conflicts
        )

    def _show_conflicts(self, rows: list[ConflictView]) -> None:
        self.conflicts.set_rows(rows)
        self._show_conflicts_title()

    def select_wave(self) -> None:
        row = selected_row(self.wave_view)
        if row is None:
            self.show_error(self.tr("请先在列表中选择一个波次"))
            return
        self.ctx.wave_id = row.wave_id
        self.ctx.events.wave_selected.emit(row.wave_id)
        self.show_info(self.tr("当前波次：{0}").format(row.wave_id))

    # --- importing ------------------------------------------------------------------------------

    @property
    def delivery_date(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def import_from_platform(self) -> None:
        """Fetch and store every closed wave of the date, off the main thread."""
        if self.importing:
            return
        store, link, delivery = self.ctx.store, self.ctx.platform, self.delivery_date
        cancel = CancelBeforeWriting()
        make_client = self.client_factory

        def progress_to(report: Report) -> Callable[[ImportProgress], None]:
            def progress(p: ImportProgress) -> None:
                cancel.note(p.stage)
                report(p.done, p.total, f"{p.wave_id}|{p.stage}")

            return progress

        def in_child(report: Report) -> DateImportReport:
            # The wave's objects live and die in a child process: freeing them there cannot
            # hold this process's interpreter lock against the window (bench/ui_stall.py).
            return import_waves_in_child(
                store,
                link,
                delivery,
                progress=progress_to(report),
                cancel=cancel,
                open_source=make_client,
            )

        def on_thread(report: Report) -> DateImportReport:
            # One pause of the cyclic GC around the whole import, not one per stage: the
            # importer's own pauses each end with a collection over the wave it still holds
            # (~10^6 objects, up to 0.4 s with the GIL held: the window froze). After the
            # import nearly all of it has gone by reference counting.
            with gc_paused():
                return import_waves(
                    store,
                    link,
                    delivery,
                    progress=progress_to(report),
                    cancel=cancel,  # type: ignore[arg-type]  # duck-typed: is_set() suffices
                    open_source=make_client,
                )

        self._start(cancel, self.tr("正在连接平台…"))
        self.ctx.ops.run(
            in_child if can_run_in_child(store, make_client) else on_thread,
            on_success=self._platform_done,
            on_progress=self._progress,
            on_failure=self._failed,
        )

    def cancel_import(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.stage_label.setText(self.tr("正在取消…"))

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择订单导出文件"),
            "",
            self.tr("订单文件 (*.xlsx *.csv);;所有文件 (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import a platform's Excel/CSV export as the wave of the chosen date."""
        if self.importing:
            return
        store, settings = self.ctx.store, self.ctx.settings
        job = FileImport(
            path,
            hub_id=settings.hub_id,
            delivery_date=self.delivery_date,
            units_per_crate=settings.file_units_per_crate,
            tz_name=settings.tz,
        )

        def work(report: Report) -> WaveImportResult:
            report(0, None, f"{path.name}|file")
            if can_run_in_child(store):
                return import_order_file_in_child(store, job)
            return import_order_file(
                store,
                job.path,
                hub_id=job.hub_id,
                delivery_date=job.delivery_date,
                units_per_crate=job.units_per_crate,
                tz_name=job.tz_name,
            )

        self._start(None, self.tr("正在读取文件…"))
        self.ctx.ops.run(
            work,
            on_success=lambda result: self._platform_done([result]),
            on_progress=self._progress,
            on_failure=self._failed,
        )

    def _start(self, cancel: CancelBeforeWriting | None, text: str) -> None:
        self._cancel = cancel
        self.results = []
        self.outcome.setText("")
        self.show_info("")
        self.progress.setRange(0, 0)  # busy until the first page says how many
        self.stage_label.setText(text)
        self._set_running(True)
        self.cancel_button.setVisible(cancel is not None)

    def _set_running(self, running: bool) -> None:
        self.importing = running
        self.import_button.setEnabled(not running)
        self.file_button.setEnabled(not running)
        self.progress.setVisible(running)
        self.stage_label.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)

    def _progress(self, done: int, total: int | None, text: str) -> None:
        wave_id, _, stage = text.partition("|")
        if self._cancel is not None and stage in ("writing", "planning"):
            self.cancel_button.setEnabled(False)  # too late: this wave is being stored
        elif self._cancel is not None and not self._cancel.requested.is_set():
            self.cancel_button.setEnabled(True)
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            counts = f" {done}/{total}"
        else:
            self.progress.setRange(0, 0)
            counts = f" {done}" if done else ""
        if self._cancel is not None and self._cancel.requested.is_set():
            return  # "cancelling…" stays until the import stops
        self.stage_label.setText(
            self.tr("{0}：{1}{2}").format(wave_id, self.stage_name(stage), counts)
        )

    def _platform_done(self, report: DateImportReport | list[WaveImportResult]) -> None:
        results = report.results if isinstance(report, DateImportReport) else report
        self._set_running(False)
        self._cancel = None
        self.results = list(results)
        self.outcome.setText("\n".join(self.outcome_text(r) for r in results))
        cancelled = [r for r in results if isinstance(r.error, ImportCancelled)]
        if cancelled:
            self.show_info(error_text(self.ctx, cancelled[0].error or ImportCancelled()))
        with_conflicts = [r.wave_id for r in results if r.conflicts]
        stored = [r.wave_id for r in results if r.outcome in ("imported", "updated")]
        # Show what needs pulling back out of crates first, else the wave just imported.
        self._prefer_wave = next(iter(with_conflicts or stored), None)
        for wave_id in stored:
            self.ctx.events.wave_imported.emit(wave_id)
        if not stored:
            # Else wave_imported has refreshed this screen already: one load of the list over a
            # whole wave's lines, not two at once while every other screen reloads too.
            self.refresh()

    def _failed(self, exc: BaseException) -> bool:
        self._set_running(False)
        self._cancel = None
        self.outcome.setText("")
        if isinstance(exc, ImportCancelled):
            self.show_info(error_text(self.ctx, exc))
        else:
            self.show_error(exc)
        return True  # shown here, beside the import buttons


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)
