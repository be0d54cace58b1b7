"""日结 (end-of-night summary): one wave's figures in large type (units due, sorted, short and
why, damaged, missorts blocked and found later, crates labelled, loaded, out and back, routes
dispatched, reports not delivered), each route with its departure, driver, plate and whether the
platform has the dispatch, and the night's timeline. 打印 sends the printed 日结 to the document
printer (`[documents] printer = NAME`, through the print queue as the print centre does);
存为 PDF writes it to a file.

The figures come from sorter_app.services.views.night_summary and the PDF from
sorter_app.services.printing.documents.night_summary, as `sorter-app summary` has them.

The routes and the timeline are toolkit lists: crates loaded as a bar, the dispatch and the
platform's state as chips, search by route ID, name, driver or plate. Without a wave the screen
shows only what to do next (导入波次).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from printers.file_names import safe_stem
from sorter_app.services.jobs import OUTBOX
from sorter_app.services.printing import documents
from sorter_app.services.printing.documents import Document
from sorter_app.services.views.night_summary import (
    NightSummary,
    SummaryEvent,
    SummaryRoute,
    night_summary,
)
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor._base import (
    Column,
    ListPanel,
    Progress,
    RowsModel,
    StateStyle,
    SupervisorScreen,
    Tone,
    WavePicker,
    local_time,
    save_file_dialog,
)
from sorter_app.ui.supervisor.dispatch import (
    PLATFORM_CHIPS,  # one look for a dispatch's platform state
)

# The figures shown large, in reading order (three to a row).
FIGURES = (
    "due",
    "put",
    "left",
    "short",
    "damaged",
    "wrong_crate",
    "claimed",
    "labelled",
    "loaded",
    "out",
    "returned",
    "routes",
    "undelivered",
)
_PER_ROW = 4

# A route's departure as a chip: forced means crates were left behind.
DISPATCH_CHIPS = {
    "forced": (Tone.WARN, "▲"),
    "waiting": (Tone.NEUTRAL, "○"),
    "dispatched": (Tone.OK, "✔"),
}


def dispatch_state(route: SummaryRoute) -> str:
    """Which chip a route's departure shows (a key of DISPATCH_CHIPS)."""
    if route.dispatch is None:
        return "waiting"
    return "forced" if route.dispatch.forced else "dispatched"


class NightSummaryScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.summary: NightSummary | None = None
        self.picker = WavePicker(self)
        self.refresh_button = QPushButton()
        self.print_button = QPushButton()
        self.print_button.setObjectName("summaryPrint")
        self.save_button = QPushButton()
        self.save_button.setObjectName("summarySavePdf")

        self.captions: dict[str, QLabel] = {}
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, key in enumerate(FIGURES):
            caption, value = QLabel(), QLabel("—")
            value.setObjectName(f"summary_{key}")
            value.setStyleSheet("font-size: 30px; font-weight: bold;")
            self.captions[key], self.figures[key] = caption, value
            cell = QVBoxLayout()
            cell.addWidget(caption)
            cell.addWidget(value)
            grid.addLayout(cell, i // _PER_ROW, i % _PER_ROW)
        self.shorts = QLabel()
        self.shorts.setObjectName("summaryShorts")
        self.shorts.setWordWrap(True)
        self.shorts.setStyleSheet("font-size: 16px;")

        self.routes = RowsModel(
            self._route_cells,
            self,
            columns=[
                Column(),
                Column(stretch=True),
                Column(),
                Column(),
                Column(),
                Column(states=StateStyle(DISPATCH_CHIPS, self.dispatch_word)),
                Column(),
                Column(),
                Column(),
                Column(states=StateStyle(PLATFORM_CHIPS, self.platform_word)),
            ],
            key=lambda route: route.route_id,
            search=lambda route: (
                route.route_id,
                route.route_name,
                route.dispatch.driver if route.dispatch else None,
                route.dispatch.plate if route.dispatch else None,
            ),
        )
        self.routes_panel = ListPanel(self.routes, self)
        self.routes_view = self.routes_panel.view
        self.events = RowsModel(
            self._event_cells,
            self,
            columns=[Column(stretch=True), Column()],
            key=lambda event: (event.step, event.route_id, event.at),
        )
        self.events_panel = ListPanel(self.events, self)
        self.events_view = self.events_panel.view
        tables = QSplitter()
        tables.addWidget(self.routes_panel)
        tables.addWidget(self.events_panel)
        tables.setStretchFactor(0, 3)
        tables.setStretchFactor(1, 1)

        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        top.addWidget(self.as_of)
        top.addWidget(self.refresh_button)
        top.addWidget(self.save_button)
        top.addWidget(self.print_button)
        # The figures hide without a wave: the routes' empty state then says what to do.
        self.figures_box = QWidget()
        figures_layout = QVBoxLayout(self.figures_box)
        figures_layout.setContentsMargins(0, 0, 0, 0)
        figures_layout.addLayout(grid)
        figures_layout.addWidget(self.shorts)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.figures_box)
        layout.addWidget(tables, 1)
        layout.addWidget(self.message)

        self.refresh_button.clicked.connect(self.refresh)
        self.print_button.clicked.connect(self.print_summary)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        ctx.events.wave_selected.connect(lambda _w: self.request_refresh())
        self.refresh_after_job(OUTBOX)  # the platform may have the dispatches now
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.refresh_button.setText(self.tr("刷新"))
        self.print_button.setText(self.tr("打印"))
        self.save_button.setText(self.tr("存为 PDF"))
        captions = {
            "due": self.tr("应分拣（件）"),
            "put": self.tr("已分拣（件）"),
            "left": self.tr("未分拣（件）"),
            "short": self.tr("短缺（件）"),
            "damaged": self.tr("破损（件）"),
            "wrong_crate": self.tr("错筐拦截"),
            "claimed": self.tr("事后发现的错分"),
            "labelled": self.tr("已打标签的筐"),
            "loaded": self.tr("已装车的筐"),
            "out": self.tr("发给团长的筐"),
            "returned": self.tr("已收回的筐"),
            "routes": self.tr("已发车线路"),
            "undelivered": self.tr("未送达平台的记录"),
        }
        for key, caption in self.captions.items():
            caption.setText(captions[key])
        self.routes.set_headers(
            [
                self.tr("线路"),
                self.tr("线路名称"),
                self.tr("站数"),
                self.tr("有货的筐"),
                self.tr("已装"),
                self.tr("发车"),
                self.tr("发车时间"),
                self.tr("司机"),
                self.tr("车牌"),
                self.tr("平台"),
            ]
        )
        self.events.set_headers([self.tr("节点"), self.tr("时间")])
        self._show_figures()
        self._show_empty_states()

    def reason_word(self, reason: str) -> str:
        words = {
            "supplier_short": self.tr("供应商缺货"),
            "late_delivery": self.tr("迟到"),
            "damaged_on_arrival": self.tr("到货破损"),
            "damaged_in_hub": self.tr("场内破损"),
            "pending": self.tr("待到货"),
        }
        return words.get(reason, reason)

    def dispatch_word(self, state: str) -> str:
        words = {
            "waiting": self.tr("未发车"),
            "dispatched": self.tr("已发车"),
            "forced": self.tr("缺筐强制发车"),
        }
        return words.get(state, state)

    def platform_word(self, state: str | None) -> str:
        words = {
            "pending": self.tr("排队待发送"),
            "sent": self.tr("平台已收到"),
            "parked": self.tr("平台拒收（已搁置）"),
            "dismissed": self.tr("已放弃发送"),
            "no_entry": self.tr("无发送记录"),
        }
        return "—" if state is None else words.get(state, state)

    def step_word(self, event: SummaryEvent) -> str:
        words = {
            "cutoff": self.tr("截单"),
            "imported": self.tr("导入"),
            "receiving_started": self.tr("开始收货"),
            "receiving_closed": self.tr("结束收货"),
            "first_put": self.tr("第一件分拣"),
            "last_put": self.tr("最后一件分拣"),
            "dispatched": self.tr("发车 {0}"),
            "all_dispatched": self.tr("全部发车"),
        }
        return words.get(event.step, event.step).format(event.route_id)

    def _route_cells(self, route: SummaryRoute) -> list[Any]:
        d = route.dispatch
        zone = self.ctx.settings.zone
        return [
            route.route_id,
            route.route_name,
            route.stops,
            route.crates,
            Progress(route.loaded, route.crates),
            dispatch_state(route),
            local_time(d.departed_at, zone) if d else "",
            (d.driver or "") if d else "",
            (d.plate or "") if d else "",
            route.platform_state,  # None before dispatch: an empty cell, no chip
        ]

    def _event_cells(self, event: SummaryEvent) -> list[Any]:
        return [self.step_word(event), local_time(event.at, self.ctx.settings.zone)]

    def _show_figures(self) -> None:
        s = self.summary
        if s is None:
            for label in self.figures.values():
                label.setText("—")
            self.shorts.setText("")
            return
        values = {
            "due": s.due,
            "put": s.put,
            "left": s.left_to_sort,
            "short": s.short,
            "damaged": s.damaged,
            "wrong_crate": s.wrong_crate_blocked,
            "claimed": s.missorts_claimed,
            "labelled": f"{s.crates_labelled}/{s.crates}",
            "loaded": f"{s.crates_loaded}/{s.crates_with_units}",
            "out": s.crates_out,
            "returned": f"{s.crates_returned}/{s.crates_out}",
            "routes": f"{s.routes_dispatched}/{len(s.routes)}",
            "undelivered": s.undelivered,
        }
        for key, value in values.items():
            self.figures[key].setText(str(value))
        colour = "#C62828" if s.undelivered else "#2E7D32"
        self.figures["undelivered"].setStyleSheet(
            f"font-size: 30px; font-weight: bold; color: {colour};"
        )
        if s.short_by_reason:
            self.shorts.setText(
                self.tr("短缺原因：{0}").format(
                    self.tr("，").join(
                        self.tr("{0} {1} 件").format(self.reason_word(reason), units)
                        for reason, units in s.short_by_reason
                    )
                )
            )
        else:
            self.shorts.setText(self.tr("没有短缺"))
        self.routes.relabel()
        self.events.relabel()

    def _show_empty_states(self) -> None:
        """What the lists say when empty (here as well as on load: they follow the language)."""
        self.figures_box.setVisible(self.wave_id is not None)
        self.events_panel.setVisible(self.wave_id is not None)
        if self.wave_id is None:
            self.show_wave_needed(self.routes_panel, self.picker)
            return
        self.routes_panel.set_empty_state(
            "○",
            self.tr("这个波次没有线路"),
            self.tr("波次的小区都没有分配线路：请检查导入的波次数据。"),
        )
        self.events_panel.set_empty_state("○", self.tr("还没有记录到任何节点"))

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        self.picker.ensure_loaded()
        wave_id = self.wave_id
        self._show_empty_states()
        if wave_id is None:
            self._show(None)
            return
        store = self.ctx.store
        self.load("summary", lambda: night_summary(store, wave_id), self._show)

    def _show(self, summary: NightSummary | None) -> None:
        self.summary = summary
        self.routes.set_rows(list(summary.routes) if summary else [])
        self.events.set_rows(list(summary.events) if summary else [])
        self._show_figures()

    # --- printing -------------------------------------------------------------------------------

    def _render(self) -> Callable[[], Document] | None:
        """The rendering, to run on a worker thread; None (and a message) without a wave."""
        wave_id = self.wave_id
        if wave_id is None:
            self.show_error(self.tr("请先选择波次"))
            return None
        store, zone = self.ctx.store, self.ctx.settings.zone
        return lambda: documents.night_summary(store, wave_id, zone)

    def print_summary(self) -> None:
        """Queue the printed 日结 for the document printer of the settings."""
        printer = self.ctx.settings.documents.printer
        if not printer:
            self.show_error(
                self.tr("没有设置单据打印机：请在设置文件中填写 [documents] printer = 名称")
            )
            return
        render = self._render()
        if render is None:
            return
        store = self.ctx.store

        def work() -> int:
            return documents.queue_document(store, printer, render())

        self.act(work, lambda _job: self._queued(printer))

    def _queued(self, printer: str) -> None:
        self.show_info(self.tr("日结已加入打印机 {0} 的队列").format(printer))
        self.ctx.events.print_queue_changed.emit()

    def ask_save_path(self, wave_id: str) -> Path | None:
        """Where to write the PDF (a method, so tests answer it without a dialog)."""
        return save_file_dialog(
            self,
            self.tr("存为 PDF"),
            f"{safe_stem(f'night_summary_{wave_id}')}.pdf",
            self.tr("PDF 文件 (*.pdf)"),
        )

    def save_pdf(self, path: Path | None = None) -> None:
        """Write the printed 日结 to `path`, or where the dialog says."""
        render, wave_id = self._render(), self.wave_id
        if render is None or wave_id is None:
            return
        target = path or self.ask_save_path(wave_id)
        if target is None:
            return

        def work() -> tuple[Path, int]:
            doc = render()
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partial")
            partial.write_bytes(doc.pdf)
            partial.replace(target)
            return target, doc.pages

        self.act(
            work,
            lambda saved: self.show_info(
                self.tr("已保存 {0}（{1} 页）").format(str(saved[0]), saved[1])
            ),
        )
