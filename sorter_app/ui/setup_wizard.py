"""First run: hub ID, station and time zone; platform URL and token (with a connection test);
a printer (with a test label); a scanner (with a test scan); and the first supervisor with a PIN.

The token goes to the OS credential store (sorter_app.secrets), never to the settings file.
Slow or blocking work (the connection test, the PIN's slow KDF, the credential store) runs
through `ctx.ops`; the wizard closes only once everything is saved.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from printers.profiles import PrinterProfile
from sorter_app.domain.barcodes import (
    BadgeCode,
    CommandCode,
    CrateCode,
    PriceCode,
    ProductCode,
    Rejected,
    WeightCode,
    parse_scan,
)
from sorter_app.domain.errors import UserFacingError
from sorter_app.secrets import keyring_available, store_token
from sorter_app.services.people.roster import add_person, has_supervisor
from sorter_app.services.waves.platform_link import PlatformLink, waves_on
from sorter_app.settings import Settings, change_settings, settings_path, validate
from sorter_app.ui.context import UiContext
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner.router import ScanRouter
from sorter_app.ui.supervisor import printing_support
from sorter_app.ui.supervisor._base import error_text, ui_language
from sorter_app.ui.supervisor.settings_page import TIME_ZONES
from sorter_app.ui.widgets.printer_form import PrinterForm

# What the wizard's pages set; the rest of the settings file stays as it is.
WIZARD_FIELDS = ("hub_id", "station_id", "tz", "api_url")


def needs_setup(ctx: UiContext) -> bool:
    """True on first run: no settings file yet, or no supervisor in the store."""
    return not settings_path(ctx.settings.paths).exists() or not has_supervisor(ctx.store)


def _code_field(max_length: int = 32) -> QLineEdit:
    field = QLineEdit()
    field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)  # codes are ASCII
    field.setMaxLength(max_length)
    return field


def _pin_field() -> QLineEdit:
    field = _code_field(12)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    return field


class SetupWizard(QWizard):
    """`SetupWizard(ctx, parent=None)`; `completed(Settings)` once saved (then it closes)."""

    completed = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saving = False
        self.hub_page = HubPage(self)
        self.platform_page = PlatformPage(self)
        self.printer_page = PrinterPage(self)
        self.scanner_page = ScannerPage(self)
        self.supervisor_page = SupervisorPage(self)
        for page in (
            self.hub_page,
            self.platform_page,
            self.printer_page,
            self.scanner_page,
            self.supervisor_page,
        ):
            self.addPage(page)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(720, 520)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("集单分拣台：首次设置"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        for page in (
            self.hub_page,
            self.platform_page,
            self.printer_page,
            self.scanner_page,
            self.supervisor_page,
        ):
            page.retranslate()

    def settings(self) -> Settings:
        """The settings as entered so far."""
        return replace(
            self.ctx.settings,
            hub_id=self.hub_page.hub_id.text().strip(),
            station_id=self.hub_page.station_id.text().strip().upper(),
            tz=self.hub_page.time_zone.currentText().strip(),
            api_url=self.platform_page.url.text().strip(),
        )

    def accept(self) -> None:
        """Save everything off the main thread; close only when it all worked."""
        if self.saving:
            return
        settings = self.settings()
        token = self.platform_page.token.text().strip()
        person = self.supervisor_page.values()
        try:
            printer = self.printer_page.profile()
        except UserFacingError as exc:
            self.supervisor_page.show_error(error_text(self.ctx, exc))
            return
        store, path = self.ctx.store, settings_path(self.ctx.settings.paths)

        def entered(on_file: Settings) -> Settings:
            changed = replace(on_file, **{f: getattr(settings, f) for f in WIZARD_FIELDS})
            return changed.with_printer(printer) if printer is not None else changed

        def work(_report: Any) -> Settings:
            # Settings and token first: they can be saved again, a supervisor only once.
            saved = change_settings(path, entered)  # the printer too: one save
            if token:
                store_token(saved.hub_id, token)
            add_person(store, person["code"], person["name"], "supervisor", person["pin"])
            return saved

        self.saving = True
        self.supervisor_page.result.setText(self.tr("正在保存…"))
        self.ctx.ops.run(
            work, on_success=lambda saved: self._saved(saved, token), on_failure=self._failed
        )

    def _saved(self, saved: Settings, token: str) -> None:
        self.saving = False
        self.ctx.settings = saved
        self.ctx.platform_url = saved.api_url or None
        if token:
            self.ctx.platform_token = token
        self.ctx.events.people_changed.emit()
        self.completed.emit(saved)
        super().accept()

    def _failed(self, exc: BaseException) -> bool:
        self.saving = False
        self.supervisor_page.show_error(error_text(self.ctx, exc))
        return True  # shown on the page; the wizard stays open


class _Page(QWizardPage):
    """A page with a form and one result line under it."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.ctx = wizard.ctx
        self.form = QFormLayout()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def retranslate(self) -> None:
        raise NotImplementedError

    def show_ok(self, text: str) -> None:
        self.result.setStyleSheet("color: #2E7D32; font-weight: bold;")
        self.result.setText(text)

    def show_error(self, text: str) -> None:
        self.result.setStyleSheet("color: #C62828; font-weight: bold;")
        self.result.setText(text)


class HubPage(_Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        settings = wizard.ctx.settings
        self.hub_id = _code_field(16)
        self.hub_id.setText(settings.hub_id)
        self.station_id = _code_field(32)
        self.station_id.setText(settings.station_id)
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItems(TIME_ZONES)
        self.time_zone.setCurrentText(settings.tz)
        self.hub_label, self.station_label, self.zone_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.hub_label, self.hub_id)
        self.form.addRow(self.station_label, self.station_id)
        self.form.addRow(self.zone_label, self.time_zone)

    def retranslate(self) -> None:
        self.setTitle(self.tr("仓库与工位"))
        self.setSubTitle(self.tr("仓库编号与平台上的一致；每台电脑一个工位号。"))
        self.hub_label.setText(self.tr("仓库编号"))
        self.station_label.setText(self.tr("本机工位号"))
        self.zone_label.setText(self.tr("时区"))
        self.hub_id.setPlaceholderText(self.tr("大写字母或数字，如 HZ01"))

    def validatePage(self) -> bool:
        try:
            validate(self.owner.settings())
        except Exception as exc:
            self.show_error(error_text(self.ctx, exc))
            return False
        self.result.clear()
        return True


class PlatformPage(_Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.url = QLineEdit()
        self.url.setText(wizard.ctx.settings.api_url)
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.url_label, self.token_label = QLabel(), QLabel()
        self.form.addRow(self.url_label, self.url)
        self.form.addRow(self.token_label, self.token)
        self.form.addRow("", self.note)
        self.form.addRow("", self.test_button)
        self.test_button.clicked.connect(self.test_connection)
        self.testing = False
        self.credential_store: bool | None = None  # unknown until looked up

    def retranslate(self) -> None:
        self.setTitle(self.tr("平台连接"))
        self.setSubTitle(self.tr("只从文件导入订单的仓库可以留空。"))
        self.url_label.setText(self.tr("平台地址"))
        self.token_label.setText(self.tr("平台令牌"))
        self.url.setPlaceholderText("https://platform.example/api/v1")
        self.test_button.setText(self.tr("测试连接"))
        self._show_note()

    def _show_note(self) -> None:
        if self.credential_store is None:
            self.note.setText("")
        elif self.credential_store:
            self.note.setText(self.tr("令牌保存在系统凭据库中，不写入设置文件。"))
        else:
            self.note.setText(
                self.tr("本机没有系统凭据库：令牌请用环境变量 SORTER_API_TOKEN 提供。")
            )

    def initializePage(self) -> None:
        # Finding the OS credential store may probe D-Bus or the Windows vault: off this thread.
        self.ctx.ops.run(lambda _report: keyring_available(), on_success=self._keyring_found)

    def _keyring_found(self, available: bool) -> None:
        if shiboken6.isValid(self):
            self.credential_store = available
            self._show_note()

    def test_connection(self) -> None:
        """Ask the platform for today's waves of this hub: proves URL, TLS and token."""
        url, token = self.url.text().strip(), self.token.text().strip()
        if not url or not token:
            self.show_error(self.tr("请填写平台地址和令牌"))
            return
        settings = self.owner.settings()
        today = datetime.now(settings.zone).date() if _zone_ok(settings) else datetime.now().date()
        link = PlatformLink(url, settings.hub_id, token, settings.ca_bundle)

        def work(_report: Any) -> int:
            return len(waves_on(link, today))

        self.testing = True
        self.result.setText(self.tr("正在连接…"))
        self.ctx.ops.run(work, on_success=self._tested, on_failure=self._test_failed)

    def _tested(self, waves: int) -> None:
        self.testing = False
        self.show_ok(self.tr("连接成功：今天有 {0} 个波次").format(waves))

    def _test_failed(self, exc: BaseException) -> bool:
        self.testing = False
        self.show_error(self.tr("连接失败：{0}").format(error_text(self.ctx, exc)))
        return True


def _zone_ok(settings: Settings) -> bool:
    try:
        settings.zone  # noqa: B018 - ZoneInfo lookup is the check
    except Exception:
        return False
    return True


class PrinterPage(_Page):
    """One label printer (more are added later in the print centre); skipped when left empty."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.printer = PrinterForm(self)
        self.form.addRow(self.printer)
        self.printer.test_button.clicked.connect(self.print_test_label)
        self.testing = False

    def retranslate(self) -> None:
        self.setTitle(self.tr("标签打印机"))
        self.setSubTitle(self.tr("可以留空跳过，稍后在设置文件或打印中心添加。"))

    def skipped(self) -> bool:
        return self.printer.blank()

    def profile(self) -> PrinterProfile | None:
        """The printer as entered (PrinterProfileError when incomplete), None when skipped."""
        return None if self.skipped() else self.printer.profile()

    def validatePage(self) -> bool:
        try:
            self.profile()
        except UserFacingError as exc:
            self.show_error(error_text(self.ctx, exc))
            return False
        return True

    def print_test_label(self) -> None:
        try:
            profile = self.profile()
        except UserFacingError as exc:
            self.show_error(error_text(self.ctx, exc))
            return
        if profile is None:
            self.show_error(self.tr("请填写打印机名称和地址"))
            return

        store = self.ctx.store

        def work(_report: Any) -> str:
            return printing_support.print_test_label(store, profile)

        self.testing = True
        self.result.setText(self.tr("正在发送测试标签…"))
        self.ctx.ops.run(work, on_success=self._printed, on_failure=self._print_failed)

    def _printed(self, where: str) -> None:
        self.testing = False
        self.show_ok(
            self.tr("测试标签已发送到 {0}：请看打印机是否出纸、条码能否扫出").format(where)
        )

    def _print_failed(self, exc: BaseException) -> bool:
        self.testing = False
        self.show_error(self.tr("打印失败：{0}").format(error_text(self.ctx, exc)))
        return True


class ScannerPage(_Page):
    """Scan anything: the page shows what arrived, how fast, and what it means."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.scan_field = QLineEdit()
        self.scan_field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.test_button = QPushButton()
        self.field_label = QLabel()
        self.form.addRow(self.field_label, self.scan_field)
        self.form.addRow("", self.test_button)
        self.scan_field.returnPressed.connect(self._typed)
        self.test_button.clicked.connect(self.start_test)
        self._router: ScanRouter | None = None

    def retranslate(self) -> None:
        self.setTitle(self.tr("扫码枪"))
        self.setSubTitle(self.tr("点“测试扫码”，再用扫码枪扫任意条码（如商品条码或工牌）。"))
        self.field_label.setText(self.tr("扫到的内容"))
        self.test_button.setText(self.tr("测试扫码"))

    def start_test(self) -> None:
        self.scan_field.clear()
        self.result.clear()
        self.scan_field.setFocus()

    # While this page is open, wedge and serial reads come here (the main window's scan router
    # would otherwise send them to the station).
    def initializePage(self) -> None:
        router = self.ctx.scan_router
        if router is not None:
            router.push(self.take)
            self._router = router

    def cleanupPage(self) -> None:
        self._release()

    def hideEvent(self, event: Any) -> None:
        self._release()
        super().hideEvent(event)

    def _release(self) -> None:
        if self._router is not None:
            self._router.pop(self.take)
            self._router = None

    def _typed(self) -> None:
        self.show_read(self.scan_field.text(), source=self.tr("键盘输入框"), max_gap_ms=None)

    def take(self, read: ScanRead) -> bool:
        """A read from the scanner layer."""
        self.scan_field.setText(read.text)
        self.show_read(
            read.text,
            source=self.source_name(str(read.source)),
            max_gap_ms=max(read.gaps_ms, default=None),
        )
        return True

    def source_name(self, source: str) -> str:
        return {
            "wedge": self.tr("键盘模式扫码枪"),
            "serial": self.tr("串口扫码枪"),
            "manual": self.tr("手动输入"),
        }.get(source, source)

    def show_read(self, text: str, *, source: str, max_gap_ms: float | None) -> None:
        meaning = self.meaning(text)
        timing = (
            "" if max_gap_ms is None else self.tr("，按键最大间隔 {0:.0f} 毫秒").format(max_gap_ms)
        )
        line = self.tr("收到 {0} 个字符（{1}{2}）：{3}").format(len(text), source, timing, meaning)
        if meaning.startswith("✗"):
            self.show_error(line)
        else:
            self.show_ok(line)

    def meaning(self, text: str) -> str:
        parsed = parse_scan(text)
        if isinstance(parsed, ProductCode):
            return "✓ " + self.tr("商品条码 {0}").format(parsed.code)
        if isinstance(parsed, WeightCode):
            return "✓ " + self.tr("称重码：PLU {0}，{1} 克").format(parsed.plu, parsed.grams)
        if isinstance(parsed, PriceCode):
            return "✓ " + self.tr("计价码：PLU {0}（请把秤设为打印重量）").format(parsed.plu)
        if isinstance(parsed, CrateCode):
            return "✓ " + self.tr("筐码 {0}").format(parsed.value)
        if isinstance(parsed, CommandCode):
            return "✓ " + self.tr("操作卡 {0}").format(parsed.command.value)
        if isinstance(parsed, BadgeCode):
            return "✓ " + self.tr("工牌 {0}").format(parsed.worker_code)
        assert isinstance(parsed, Rejected)
        return "✗ " + parsed.message(ui_language(self.ctx))


class SupervisorPage(_Page):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.code = _code_field()
        self.name = QLineEdit()
        self.pin = _pin_field()
        self.pin_again = _pin_field()
        self.labels = [QLabel() for _ in range(4)]
        for label, field in zip(
            self.labels, (self.code, self.name, self.pin, self.pin_again), strict=True
        ):
            self.form.addRow(label, field)

    def retranslate(self) -> None:
        self.setTitle(self.tr("第一位班组长"))
        self.setSubTitle(self.tr("班组长用密码解锁管理功能（关闭收货、补打标签、设置）。"))
        for label, text in zip(
            self.labels,
            (
                self.tr("工号"),
                self.tr("姓名"),
                self.tr("密码（4–12 位数字）"),
                self.tr("再输一次密码"),
            ),
            strict=True,
        ):
            label.setText(text)

    def values(self) -> dict[str, str]:
        return {
            "code": self.code.text().strip().upper(),
            "name": self.name.text().strip(),
            "pin": self.pin.text(),
        }

    def validatePage(self) -> bool:
        values = self.values()
        if not values["code"] or not values["name"]:
            self.show_error(self.tr("请填写工号和姓名"))
            return False
        if self.pin.text() != self.pin_again.text():
            self.show_error(self.tr("两次输入的密码不一致"))
            return False
        return True
