"""One route opened from its card: its stops in order with what each still misses (units to
sort, SKUs, units short at receiving, crates on the truck), and who sorted for it in the last
30 minutes. A side panel beside the card grid (services/views/route_board.py: route_detail); the
stops are a toolkit list (search by community ID, name or pinyin; crates loaded as a bar)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sorter_app.services.views.route_board import RouteDetail, StopDetail
from sorter_app.ui.widgets.rows import Column, Progress, RowsModel
from sorter_app.ui.widgets.table import ListPanel

SKUS_LISTED = 4  # per stop; the rest is counted


def missing_text(stop: StopDetail) -> str:
    listed = [f"{name}×{units}" for name, units in stop.missing[:SKUS_LISTED]]
    more = len(stop.missing) - SKUS_LISTED
    if more > 0:
        listed.append(QCoreApplication.translate("RouteDetail", "等 {0} 种").format(more))
    return QCoreApplication.translate("RouteDetail", "、").join(listed)


class RouteDetailPanel(QWidget):
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.route_id: str | None = None
        self.detail: RouteDetail | None = None
        self.title = QLabel()
        self.title.setObjectName("data_routeDetailTitle")  # the route's ID and name
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.close_button = QPushButton()
        self.workers = QLabel()
        self.workers.setObjectName("routeWorkers")
        self.workers.setWordWrap(True)
        self.workers.setStyleSheet("font-size: 16px;")
        self.stops = RowsModel(
            self._cells,
            self,
            # What a stop still misses is the long text here: it takes the room left, so the
            # community's name keeps the width its rows need.
            columns=[
                Column(),
                Column(),
                Column(),
                Column(),
                Column(),
                Column(),
                Column(),
                Column(),
                Column(stretch=True),
            ],
            key=lambda s: s.community_id,
            search=lambda s: (s.community_id, s.name),
        )
        self.panel = ListPanel(self.stops, self)
        self.table = self.panel.view
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.workers)
        layout.addWidget(self.panel, 1)
        self.close_button.clicked.connect(self._close)
        self.retranslate()

    def retranslate(self) -> None:
        self.close_button.setText(QCoreApplication.translate("RouteDetail", "关闭"))
        self.stops.set_headers(
            [
                QCoreApplication.translate("RouteDetail", "站序"),
                QCoreApplication.translate("RouteDetail", "社区"),
                QCoreApplication.translate("RouteDetail", "社区名称"),
                QCoreApplication.translate("RouteDetail", "应分"),
                QCoreApplication.translate("RouteDetail", "已分"),
                QCoreApplication.translate("RouteDetail", "未分"),
                QCoreApplication.translate("RouteDetail", "缺货"),
                QCoreApplication.translate("RouteDetail", "已装车 / 筐"),
                QCoreApplication.translate("RouteDetail", "还缺的商品"),
            ]
        )
        self.panel.set_empty_state(
            "○", QCoreApplication.translate("RouteDetail", "这条线路没有小区")
        )
        self._show_texts()

    def open_route(self, route_id: str, name: str) -> None:
        """Shown at once with the route's name; the stops follow when loaded."""
        self.route_id = route_id
        self._name = name
        if self.detail is not None and self.detail.route_id != route_id:
            self.detail = None
            self.stops.set_rows([])
        self._show_texts()
        self.show()

    def show_detail(self, detail: RouteDetail) -> None:
        if detail.route_id != self.route_id:
            return  # another card was clicked meanwhile
        self.detail = detail
        self.stops.set_rows(detail.stops)
        self._show_texts()

    def _show_texts(self) -> None:
        if self.route_id is None:
            return
        name = getattr(self, "_name", "")
        self.title.setText(f"{self.route_id}  {name}" if name != self.route_id else name)
        if self.detail is None:
            self.workers.setText(QCoreApplication.translate("RouteDetail", "正在加载…"))
        elif self.detail.workers:
            people = QCoreApplication.translate("RouteDetail", "、").join(
                QCoreApplication.translate("RouteDetail", "{0}（{1}）{2} 件").format(
                    name or code, code, units
                )
                if name
                else QCoreApplication.translate("RouteDetail", "{0} {1} 件").format(
                    code or "—", units
                )
                for code, name, units in self.detail.workers
            )
            self.workers.setText(
                QCoreApplication.translate("RouteDetail", "近 30 分钟在分拣：{0}").format(people)
            )
        else:
            self.workers.setText(
                QCoreApplication.translate("RouteDetail", "近 30 分钟没有人为这条线路分拣")
            )

    def _cells(self, stop: StopDetail) -> list[Any]:
        return [
            stop.stop_seq,
            stop.community_id,
            stop.name,
            stop.units_due,
            stop.units_sorted,
            stop.units_left,
            stop.units_shorted,
            Progress(stop.crates_loaded, stop.crates),
            missing_text(stop),
        ]

    def _close(self) -> None:
        self.route_id = None
        self.detail = None
        self.hide()
        self.closed.emit()
