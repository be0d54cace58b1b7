"""Crates: per community the crates by status with planned and put units; a community's crates;
closing a crate and reprinting its label (both supervisor only; a reprint voids the old label)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.errors import UserFacingError
from sorter_app.services.people.supervisor_actions import close_crate_as
from sorter_app.services.printing import label_reprints
from sorter_app.services.views.crates_view import (
    CloseCheck,
    CommunityCrates,
    CrateView,
    close_check,
    community_crates,
    crates_of,
)
from sorter_app.ui.context import UiContext
from sorter_app.ui.supervisor import printing_support
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
    selected_row,
)

COMMUNITY_CHIPS = {"open": (Tone.INFO, "◔"), "all_closed": (Tone.OK, "✔")}
CRATE_CHIPS = {"open": (Tone.INFO, "◔"), "closed": (Tone.OK, "■")}


class NoPrinter(UserFacingError):
    code = "no_printer"

    def __init__(self) -> None:
        super().__init__(
            "没有设置打印机：补打前请先在设置文件中添加打印机（[printers.名称]）",
            "No printer is set up: add one to the settings file ([printers.NAME]) before reprinting",
        )


def reprint_service() -> Callable[..., Any]:
    """`reprint_crate_label(store, crate_id, supervisor, reason, printer=...)`."""
    return label_reprints.reprint_crate_label


class CratesScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.picker = WavePicker(self)
        self.summary = QLabel()
        self.communities = RowsModel(
            self._community_cells,
            self,
            columns=[
                Column(),  # the route: its name finds its communities
                Column(),
                Column(),
                Column(stretch=True),
                *[Column()] * 6,
                Column(states=StateStyle(COMMUNITY_CHIPS, self.community_status_name)),
            ],
            key=lambda row: row.community_id,
            search=lambda row: (row.route_name or row.route_id, row.community_id, row.name),
        )
        self.community_panel = ListPanel(self.communities, self)
        self.community_view = self.community_panel.view
        self.crates_title = QLabel()
        self.crates = RowsModel(
            self._crate_cells,
            self,
            columns=[
                Column(),  # long codes: sized to fit, not squeezed by a stretch
                Column(),
                Column(),
                Column(),
                Column(states=StateStyle(CRATE_CHIPS, self.crate_status_name)),
            ],
            key=lambda crate: crate.crate_id,
        )
        self.crate_panel = ListPanel(self.crates, self, searchable=False)
        self.crate_view = self.crate_panel.view
        # Crate IDs are long ("HS-<wave>-<community>-01"): they give way first, so the crates'
        # numbers fit beside the communities at 1080p.
        self.crate_view.horizontalHeader().setMaximumSectionSize(240)
        self.close_button = QPushButton()
        self.reprint_button = QPushButton()
        self.printer_label = QLabel()
        self.printer = QComboBox()
        self.refresh_button = QPushButton()
        self._community: str | None = None

        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addWidget(self.as_of)
        top.addWidget(self.refresh_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.crates_title)
        right_layout.addWidget(self.crate_panel, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.printer_label)
        buttons.addWidget(self.printer)
        buttons.addWidget(self.reprint_button)
        right_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.community_panel)
        split.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

        self.community_view.selectionModel().selectionChanged.connect(
            lambda *_: self._community_changed()
        )
        self.close_button.clicked.connect(self.close_selected_crate)
        self.reprint_button.clicked.connect(self.reprint_selected_crate)
        self.refresh_button.clicked.connect(self.refresh)
        ctx.events.wave_selected.connect(lambda _w: self.request_refresh())
        ctx.events.wave_imported.connect(lambda _w: self.request_refresh())
        ctx.events.print_queue_changed.connect(self.request_refresh)
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.refresh_button.setText(self.tr("刷新"))
        self.close_button.setText(self.tr("封筐"))
        self.reprint_button.setText(self.tr("补打标签"))
        self.printer_label.setText(self.tr("打印机："))
        self.communities.set_headers(
            [
                self.tr("线路"),
                self.tr("站序"),
                self.tr("社区"),
                self.tr("社区名称"),
                self.tr("筐数"),
                self.tr("未封"),
                self.tr("已封"),
                self.tr("加筐"),
                self.tr("计划件数"),
                self.tr("已分件数"),
                self.tr("状态"),
            ]
        )
        self.crates.set_headers(
            [
                self.tr("筐号"),
                self.tr("扫描码"),
                self.tr("第几筐"),
                self.tr("温区"),
                self.tr("状态"),
                self.tr("计划件数"),
                self.tr("已分件数"),
                self.tr("标签版本"),
                self.tr("封筐时间"),
            ]
        )
        self._show_summary()
        self._show_crates_title()
        self._show_empty_states()

    def _show_empty_states(self) -> None:
        if self.wave_id is None:
            self.show_wave_needed(self.community_panel, self.picker)
        else:
            self.community_panel.set_empty_state(
                "○",
                self.tr("这个波次还没有筐"),
                self.tr("筐在导入波次时按订单排好；订单都取消了的社区没有筐。"),
            )

    def zone_name(self, zone: str) -> str:
        return {
            "ambient": self.tr("常温"),
            "chilled": self.tr("冷藏"),
            "frozen": self.tr("冷冻"),
        }.get(zone, zone)

    def crate_status_name(self, status: str) -> str:
        return {"open": self.tr("未封"), "closed": self.tr("已封")}.get(status, status)

    def community_status_name(self, status: str) -> str:
        return {"all_closed": self.tr("全部已封"), "open": self.tr("分拣中")}.get(status, status)

    def _community_cells(self, row: CommunityCrates) -> list[Any]:
        return [
            row.route_name or row.route_id,
            row.stop_seq,
            row.community_id,
            row.name,
            row.crates,
            row.open,
            row.closed,
            row.extra,
            row.planned,
            Progress(row.put, row.planned),
            row.status,
        ]

    def _crate_cells(self, crate: CrateView) -> list[Any]:
        seq = f"{crate.seq}/{crate.count}"
        if crate.extra:
            seq += self.tr("（加筐）")
        version = (
            self.tr("补打 {0}").format(crate.label_version) if crate.label_version > 1 else "1"
        )
        return [
            crate.crate_id,
            crate.scan_code,
            seq,
            self.zone_name(crate.temperature),
            crate.status,
            crate.planned,
            Progress(crate.put, crate.planned),
            version,
            local_time(crate.closed_at, self.ctx.settings.zone),
        ]

    def _show_summary(self) -> None:
        rows: list[CommunityCrates] = self.communities.rows
        if not rows:
            self.summary.setText(self.tr("请先选择波次") if self.wave_id is None else "")
            return
        total = sum(r.crates for r in rows)
        closed = sum(r.closed for r in rows)
        self.summary.setText(
            self.tr("{0} 个社区，{1} 筐，已封 {2} 筐").format(len(rows), total, closed)
        )

    def _show_crates_title(self) -> None:
        if self._community is None:
            self.crates_title.setText(self.tr("选择一个社区查看它的筐"))
        else:
            self.crates_title.setText(self.tr("{0} 的筐").format(self._community))

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        self.picker.ensure_loaded()
        self._show_printers()
        wave_id = self.wave_id
        self._show_empty_states()
        if wave_id is None:
            self.communities.set_rows([])
            self.crates.set_rows([])
            self._show_summary()
            return
        self.load("communities", lambda: community_crates(self.ctx.store, wave_id), self._show)

    def _show(self, rows: list[CommunityCrates]) -> None:
        self.communities.set_rows(rows)  # the selected community stays selected (by its ID)
        self._show_summary()
        if self.communities.rows and selected_row(self.community_view) is None:
            # The first in route and stop order; selecting it loads its crates.
            self.community_view.selectRow(0)
        else:
            self._community_changed()  # its crates again: their numbers may have moved

    def _community_changed(self) -> None:
        row = selected_row(self.community_view)
        self._community = row.community_id if row is not None else None
        self._show_crates_title()
        wave_id = self.wave_id
        if row is None or wave_id is None:
            self.crates.set_rows([])
            return
        community_id = row.community_id
        self.load(
            "crates", lambda: crates_of(self.ctx.store, wave_id, community_id), self._show_crates
        )

    def _show_crates(self, crates: list[CrateView]) -> None:
        self.crates.set_rows(crates)  # the selected crate stays selected (by its ID)

    def select_crate(self, crate_id: str) -> bool:
        for i, crate in enumerate(self.crates.rows):
            if crate.crate_id == crate_id:
                self.crate_view.selectRow(i)
                return True
        return False

    def _show_printers(self) -> None:
        keep = self.printer.currentText()
        try:
            names = [p.name for p in printing_support.printer_profiles(self.ctx.settings)]
        except UserFacingError as exc:
            names = []
            self.show_error(exc)
        self.printer.clear()
        self.printer.addItems(names)
        if keep in names:
            self.printer.setCurrentText(keep)

    # --- actions --------------------------------------------------------------------------------

    def _selected_crate(self) -> CrateView | None:
        crate = selected_row(self.crate_view)
        if crate is None:
            self.show_error(self.tr("请先选择一个筐"))
        return crate  # type: ignore[no-any-return]

    def close_selected_crate(self) -> None:
        crate = self._selected_crate()
        if crate is None:
            return
        supervisor = self.supervisor()
        if supervisor is None:
            return
        crate_id = crate.crate_id
        self.load("close_check", lambda: close_check(self.ctx.store, crate_id), self._confirm_close)

    def _confirm_close(self, check: CloseCheck) -> None:
        if check.reason is not None:
            self.show_error(check.reason)
            return
        question = self.tr("封筐 {0}？封筐后不能再放入商品。").format(check.crate_id)
        if check.units_left:
            question += self.tr(
                "计划中还有 {0} 件未放入，将改放到该社区的其他筐或新加的筐。"
            ).format(check.units_left)
        if not self.confirm(self.tr("封筐"), question):
            return
        supervisor = self.supervisor()
        if supervisor is None:
            return
        crate_id = check.crate_id
        self.act(
            lambda: close_crate_as(self.ctx.store, supervisor, crate_id),
            lambda _r: self._done(self.tr("已封筐：{0}").format(crate_id)),
        )

    def reprint_selected_crate(self) -> None:
        """A new label with a new scan code for the crate, the old code voided (supervisor)."""
        crate = self._selected_crate()
        if crate is None:
            return
        supervisor = self.supervisor()
        if supervisor is None:
            return
        try:
            reprint = reprint_service()
            profile = self._chosen_printer()
        except UserFacingError as exc:
            self.show_error(exc)
            return
        reason = self.ask_text(
            self.tr("补打标签"),
            self.tr("补打 {0} 的原因（如：标签破损、丢失）：").format(crate.crate_id),
        )
        if reason is None:
            return
        crate_id = crate.crate_id
        self.act(
            lambda: reprint(self.ctx.store, crate_id, supervisor, reason, printer=profile),
            lambda _r: self._reprinted(crate_id, profile.name),
        )

    def _chosen_printer(self) -> Any:
        name = self.printer.currentText()
        for profile in printing_support.printer_profiles(self.ctx.settings):
            if profile.name == name:
                return profile
        raise NoPrinter()

    def _reprinted(self, crate_id: str, printer: str) -> None:
        self.ctx.events.print_queue_changed.emit()
        self._done(
            self.tr("已补打 {0} 的标签（打印机 {1}），旧标签已作废").format(crate_id, printer)
        )

    def _done(self, text: str) -> None:
        self.show_info(text)
        self.refresh()
