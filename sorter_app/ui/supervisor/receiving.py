"""Receiving and shortages: per SKU ordered, received, damaged and short, the policy in force,
the per-line result, and closing receiving (supervisor only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.services.people.supervisor_actions import close_receiving_as
from sorter_app.services.receiving.shortages import ClosedReceiving
from sorter_app.services.views.receiving_view import (
    LineShortage,
    LineShortages,
    ReceivingOverview,
    SkuReceiving,
    line_shortages,
    receiving_overview,
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
    selected_row,
)

# A SKU's receiving as a chip: what arrived against what was ordered, and whether it is final.
RECEIVING_CHIPS = {
    "short": (Tone.BAD, "✖"),  # closed with units short: final
    "partial": (Tone.WARN, "◐"),
    "waiting": (Tone.NEUTRAL, "○"),
    "complete": (Tone.OK, "✔"),
    "closed": (Tone.OK, "■"),
}


def receiving_state(row: SkuReceiving) -> str:
    """Which chip a SKU's numbers show (the view's waiting/receiving/closed, with closed split by
    whether units are short and receiving split by whether all that was ordered is here)."""
    if row.closed:
        return "short" if row.short > 0 else "closed"
    if row.received == 0:
        return "waiting"
    return "complete" if row.available >= row.ordered else "partial"


class ReceivingScreen(SupervisorScreen):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.picker = WavePicker(self)
        self.policy_label = QLabel()
        self.wave_state = QLabel()
        states = StateStyle(RECEIVING_CHIPS, self.state_name)
        self.skus = RowsModel(
            self._sku_cells,
            self,
            columns=[
                Column(),
                Column(stretch=True),
                *[Column()] * 7,
                Column(states=states),
            ],
            key=lambda row: row.sku_id,
            search=lambda row: (row.sku_id, row.name),
        )
        self.sku_panel = ListPanel(self.skus, self)
        self.sku_view = self.sku_panel.view
        self.lines_title = QLabel()
        self.lines = RowsModel(
            self._line_cells,
            self,
            columns=[Column(), Column(stretch=True), Column()],
            key=lambda line: line.order_id,
            search=lambda line: (line.community_id, line.community_name, line.order_id),
        )
        self.line_panel = ListPanel(self.lines, self)
        self.line_view = self.line_panel.view
        self.close_sku_button = QPushButton()
        self.close_wave_button = QPushButton()
        self.refresh_button = QPushButton()
        self._line_result: LineShortages | None = None
        self._overview: ReceivingOverview | None = None

        top = QHBoxLayout()
        top.addWidget(self.picker)
        top.addWidget(self.policy_label)
        top.addStretch(1)
        top.addWidget(self.wave_state)
        top.addWidget(self.as_of)
        top.addWidget(self.refresh_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_sku_button)
        buttons.addWidget(self.close_wave_button)
        buttons.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.lines_title)
        lower_layout.addWidget(self.line_panel)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.sku_panel)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        self.sku_view.selectionModel().selectionChanged.connect(lambda *_: self._load_lines())
        self.close_sku_button.clicked.connect(self.close_selected_sku)
        self.close_wave_button.clicked.connect(self.close_wave)
        self.refresh_button.clicked.connect(self.refresh)
        ctx.events.wave_selected.connect(lambda _w: self.request_refresh())
        ctx.events.receiving_changed.connect(lambda _w: self.request_refresh())
        ctx.events.scan_committed.connect(self._scan_committed)
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.picker.retranslate()
        self.skus.set_headers(
            [
                self.tr("商品编号"),
                self.tr("商品名称"),
                self.tr("订购"),
                self.tr("已收"),
                self.tr("破损"),
                self.tr("可用"),
                self.tr("缺货"),
                self.tr("多到"),
                self.tr("已分"),
                self.tr("收货状态"),
            ]
        )
        self.lines.set_headers(
            [
                self.tr("社区"),
                self.tr("社区名称"),
                self.tr("订单"),
                self.tr("下单时间"),
                self.tr("订购"),
                self.tr("缺"),
                self.tr("原因"),
            ]
        )
        self.close_sku_button.setText(self.tr("关闭所选商品收货"))
        self.close_wave_button.setText(self.tr("关闭整个波次收货"))
        self.refresh_button.setText(self.tr("刷新"))
        self.policy_label.setText(
            self.tr("缺货分配策略：{0}").format(self.policy_name(self.policy))
        )
        self._show_wave_state()
        self._show_lines_title()
        self._show_empty_states()

    def policy_name(self, policy: ShortagePolicy) -> str:
        names = {
            ShortagePolicy.LATEST_FIRST: self.tr("后下单先缺"),
            ShortagePolicy.SPREAD: self.tr("分摊到各订单"),
            ShortagePolicy.FEWEST_COMMUNITIES: self.tr("集中到最少社区"),
        }
        return names[policy]

    def state_name(self, state: str) -> str:
        return {
            "waiting": self.tr("未到货"),
            "partial": self.tr("部分到货"),
            "complete": self.tr("已收齐"),
            "short": self.tr("缺货"),
            "closed": self.tr("已关闭"),
        }.get(state, state)

    def reason_name(self, line: LineShortage) -> str:
        if line.kind == "provisional":
            return self.tr("预计（收货未关闭）")
        return {
            "supplier_short": self.tr("供应商少货"),
            "late_delivery": self.tr("到货太晚"),
            "damaged_on_arrival": self.tr("到货破损"),
            "damaged_in_hub": self.tr("仓内破损"),
        }.get(line.reason, line.reason)

    def _sku_cells(self, row: SkuReceiving) -> list[Any]:
        return [
            row.sku_id,
            row.name,
            row.ordered,
            Progress(row.received, row.ordered),
            row.damaged,
            row.available,
            row.short,
            row.over,
            Progress(row.put, row.due),
            receiving_state(row),
        ]

    def _line_cells(self, line: LineShortage) -> list[Any]:
        return [
            line.community_id,
            line.community_name,
            line.order_id,
            local_time(line.placed_at, self.ctx.settings.zone),
            line.line_qty,
            line.short_qty,
            self.reason_name(line),
        ]

    def _show_wave_state(self) -> None:
        if self.wave_id is None:
            self.wave_state.setText(self.tr("请先选择波次"))
        elif self._overview is not None and self._overview.wave_closed:
            self.wave_state.setText(self.tr("整个波次收货已关闭"))
        else:
            self.wave_state.setText("")

    def _show_empty_states(self) -> None:
        """What the lists say when empty (here, not in refresh only: they follow the language)."""
        if self.wave_id is None:
            self.show_wave_needed(self.sku_panel, self.picker)
        else:
            self.sku_panel.set_empty_state(
                "○",
                self.tr("这个波次没有要收货的商品"),
                self.tr("波次里的商品都已取消，或订单还没有导入完。"),
            )
        result = self._line_result
        if result is None:
            self.line_panel.clear_empty_state()
        else:
            self.line_panel.set_empty_state(
                "✔",
                self.tr("没有缺货的订单行"),
                self.tr("{0} 的每一行都能按订购数量分到。").format(result.sku_id),
                tone=Tone.OK,
            )

    def _show_lines_title(self) -> None:
        result = self._line_result
        if result is None:
            self.lines_title.setText(self.tr("选择一个商品查看每行缺货"))
        elif result.final:
            self.lines_title.setText(
                self.tr("{0} 的最终缺货：共 {1} 件").format(result.sku_id, result.total)
            )
        else:
            self.lines_title.setText(
                self.tr("{0} 若现在关闭收货，按“{1}”将缺：共 {2} 件").format(
                    result.sku_id, self.policy_name(result.policy), result.total
                )
            )

    # --- data -----------------------------------------------------------------------------------

    @property
    def policy(self) -> ShortagePolicy:
        return ShortagePolicy(self.ctx.settings.shortage_policy)

    def refresh(self) -> None:
        super().refresh()
        self.picker.ensure_loaded()
        self.policy_label.setText(
            self.tr("缺货分配策略：{0}").format(self.policy_name(self.policy))
        )
        wave_id = self.wave_id
        self._show_empty_states()
        if wave_id is None:
            self._overview = None
            self.skus.set_rows([])
            self._show_wave_state()
            self.refreshed.emit("overview")
            return
        self.load("overview", lambda: receiving_overview(self.ctx.store, wave_id), self._show)

    def _show(self, overview: ReceivingOverview) -> None:
        # The selected SKU stays selected (the model keeps it by its ID) and its lines reload.
        self._overview = overview
        self.skus.set_rows(overview.skus)
        self._show_wave_state()
        self._load_lines()

    def _load_lines(self) -> None:
        row = selected_row(self.sku_view)
        wave_id = self.wave_id
        if row is None or wave_id is None:
            self._line_result = None
            self._show_empty_states()
            self.lines.set_rows([])
            self._show_lines_title()
            return
        policy, sku_id = self.policy, row.sku_id
        self.load(
            "lines",
            lambda: line_shortages(self.ctx.store, wave_id, sku_id, policy),
            self._show_lines,
        )

    def _show_lines(self, result: LineShortages) -> None:
        self._line_result = result
        self._show_empty_states()
        self.lines.set_rows(result.lines)
        self._show_lines_title()

    def _scan_committed(self, decision: Any) -> None:
        # Receipts change these numbers; seeding puts only the "put" column.
        if getattr(decision, "result", None) in ("received", "damaged"):
            self.request_refresh()

    # --- actions --------------------------------------------------------------------------------

    def close_selected_sku(self) -> None:
        row = selected_row(self.sku_view)
        if row is None:
            self.show_error(self.tr("请先选择一个商品"))
            return
        self._close(row.sku_id)

    def close_wave(self) -> None:
        self._close(None)

    def _close(self, sku_id: str | None) -> None:
        supervisor = self.supervisor()
        wave_id = self.wave_id
        if supervisor is None or wave_id is None:
            if wave_id is None:
                self.show_error(self.tr("请先选择波次"))
            return
        if sku_id is None:
            question = self.tr(
                "关闭整个波次 {0} 的收货？所有未关闭的商品缺货将按“{1}”定为最终结果，不能撤销。"
            ).format(wave_id, self.policy_name(self.policy))
        else:
            question = self.tr("关闭商品 {0} 的收货？缺货将按“{1}”定为最终结果，不能撤销。").format(
                sku_id, self.policy_name(self.policy)
            )
        if not self.confirm(self.tr("关闭收货"), question):
            return
        policy, station = self.policy, self.ctx.settings.station_id

        def work() -> ClosedReceiving:
            return close_receiving_as(
                self.ctx.store,
                supervisor,
                wave_id,
                sku_id=sku_id,
                policy=policy,
                station_id=station,
            )

        self.act(work, lambda result: self._closed(wave_id, result))

    def _closed(self, wave_id: str, result: ClosedReceiving) -> None:
        self.show_info(
            self.tr("已关闭 {0} 个商品的收货，记录缺货 {1} 行").format(
                result.skus_closed, result.shortage_lines
            )
        )
        self.ctx.events.receiving_changed.emit(wave_id)
        self.refresh()
