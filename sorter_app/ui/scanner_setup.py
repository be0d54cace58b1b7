"""Scanner set-up: every read as it arrived (raw characters, key timing, terminator) and what the
barcode parser made of it, so a wrongly configured scanner (no Enter suffix, a German keyboard
layout, Caps Lock, an IME in full-width mode) is seen at once. Scans here go nowhere else."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.barcodes import (
    BadgeCode,
    CommandCode,
    CrateCode,
    PriceCode,
    ProductCode,
    Rejected,
    RouteCode,
    Scan,
    WeightCode,
    parse_scan,
)
from sorter_app.services.sorting.station_options import station_options
from sorter_app.ui.context import UiContext
from sorter_app.ui.i18n import current_language
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner.wedge import WedgeConfig, WedgeFilter

translate = QCoreApplication.translate
MAX_ROWS = 200
_CONTROL_NAMES = {"\x1d": "<GS>", "\t": "<TAB>", "\r": "<CR>", "\n": "<LF>", "\x00": "<NUL>"}


def visible(raw: str) -> str:
    """The raw read with control characters made visible."""
    return "".join(
        _CONTROL_NAMES.get(ch, f"<{ord(ch):02X}>") if not ch.isprintable() else ch for ch in raw
    )


def describe(parsed: Scan) -> str:
    """What the parser made of a read, in words for the set-up page."""
    if isinstance(parsed, ProductCode):
        text = translate("ScannerSetup", "商品条码 {code}（{kind}）").format(
            code=parsed.code, kind=parsed.symbology
        )
        if parsed.count != 1:
            text += f" ×{parsed.count}"
        return text
    if isinstance(parsed, WeightCode):
        return translate("ScannerSetup", "称重标签 PLU {plu}，{grams} 克").format(
            plu=parsed.plu, grams=parsed.grams
        )
    if isinstance(parsed, PriceCode):
        return translate("ScannerSetup", "计价标签 PLU {plu}（应为称重模式）").format(
            plu=parsed.plu
        )
    if isinstance(parsed, CrateCode):
        return translate("ScannerSetup", "筐码 {code}").format(code=parsed.value)
    if isinstance(parsed, CommandCode):
        return translate("ScannerSetup", "操作卡 {command}").format(command=parsed.command.value)
    if isinstance(parsed, BadgeCode):
        return translate("ScannerSetup", "工牌 {code}").format(code=parsed.worker_code)
    if isinstance(parsed, RouteCode):
        return translate("ScannerSetup", "线路卡 {route}").format(route=parsed.route_id)
    assert isinstance(parsed, Rejected)
    return translate("ScannerSetup", "无法识别：{reason}").format(
        reason=parsed.message(current_language())
    )


class ScannerSetupScreen(QWidget):
    COLUMNS = 7

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.config = station_options(ctx.settings).scan_config
        self.wedge: WedgeFilter | None = ctx.wedge
        self.reads: list[tuple[datetime, ScanRead]] = []
        self._keys: list[str] = []
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.gap_label = QLabel(self)
        self.gap = QSpinBox(self)
        self.gap.setRange(10, 500)
        self.gap.setSuffix(" ms")
        self.gap.setValue(int(self.wedge.config.max_gap_ms) if self.wedge else 40)
        self.gap.valueChanged.connect(self._gap_changed)
        self.rule = QLabel(self)
        self.serial_status = QLabel(self)
        self.keys_label = QLabel(self)
        self.keys_label.setObjectName("data_keys")
        self.keys_label.setStyleSheet("font-family: monospace;")
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        gap_row = QHBoxLayout()
        gap_row.addWidget(self.gap_label)
        gap_row.addWidget(self.gap)
        gap_row.addWidget(self.rule, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(gap_row)
        layout.addWidget(self.serial_status)
        layout.addWidget(self.keys_label)
        layout.addWidget(self.table, 1)
        if self.wedge is not None:
            self.wedge.key_seen.connect(self._key_seen)
        reader = ctx.serial_reader
        if reader is not None:
            reader.status_changed.connect(lambda _: self._show_serial())
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("扫码枪设置"))
        self.hint.setText(
            self.tr(
                "用扫码枪扫描任意条码：下表显示每次读到的原始内容、按键间隔和解析结果。"
                "扫码枪应设为美式键盘、以回车结尾；大写锁定和全角字符会被自动纠正。"
            )
        )
        self.gap_label.setText(self.tr("扫码判定间隔"))
        self._show_rule()
        self._show_serial()
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("时间"),
                self.tr("来源"),
                self.tr("原始内容"),
                self.tr("字符数"),
                self.tr("最大间隔"),
                self.tr("结束符"),
                self.tr("解析结果"),
            ]
        )
        self._refill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_rule(self) -> None:
        config = self.wedge.config if self.wedge else WedgeConfig()
        self.rule.setText(
            self.tr(
                "按键间隔小于 {gap} ms、至少 {length} 个字符、以回车或 Tab 结束，才算一次扫码"
            ).format(gap=int(config.max_gap_ms), length=config.min_length)
        )

    def _show_serial(self) -> None:
        reader = self.ctx.serial_reader
        if reader is None:
            self.serial_status.setText(self.tr("串口扫码枪：未设置"))
        elif reader.status == "connected":
            self.serial_status.setText(
                self.tr("串口扫码枪：已连接 {port}").format(port=reader.port_name)
            )
        else:
            self.serial_status.setText(self.tr("串口扫码枪：正在查找…"))

    def _gap_changed(self, value: int) -> None:
        if self.wedge is not None:
            old = self.wedge.config
            self.wedge.set_config(WedgeConfig(float(value), old.min_length, old.enabled))
        self._show_rule()

    def _key_seen(self, key: tuple[str, float | None]) -> None:
        text, gap = key
        shown = visible(text) if gap is None else f"{visible(text)}+{gap:.0f}"
        self._keys = [*self._keys, shown][-24:] if gap is not None else [shown]
        self.keys_label.setText(" ".join(self._keys))

    def handle_scan(self, read: ScanRead) -> bool:
        """Shown here, and nowhere else: testing a scanner must not move goods."""
        self.reads.insert(0, (datetime.now(), read))
        del self.reads[MAX_ROWS:]
        self.table.insertRow(0)  # one new row, not a refill: a scan costs the same at row 200
        self._fill_row(0, *self.reads[0])
        while self.table.rowCount() > len(self.reads):
            self.table.removeRow(self.table.rowCount() - 1)
        return True

    def _refill(self) -> None:
        self.table.setRowCount(len(self.reads))
        for row, (at, read) in enumerate(self.reads):
            self._fill_row(row, at, read)

    def _fill_row(self, row: int, at: datetime, read: ScanRead) -> None:
        sources = {"wedge": self.tr("键盘"), "serial": self.tr("串口"), "manual": self.tr("手动")}
        gap = f"{read.max_gap_ms:.0f} ms" if read.gaps_ms else "—"
        values = [
            f"{at:%H:%M:%S}",
            sources.get(read.source, read.source),
            visible(read.text),
            str(len(read.text)),
            gap,
            read.terminator,
            describe(parse_scan(read.text, self.config)),
        ]
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, item)
