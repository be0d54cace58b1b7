"""The screens the main window offers in its side navigation, in their order: a static list.

`title_source_text` is the Chinese source text, marked with context "screens" so lupdate collects
it; the navigation shows it translated. `factory(ctx, parent)` (the screen's class) builds the
screen the first time it is opened. `supervisor_only` screens open only after a supervisor PIN
unlock.

What the main window calls on a screen, if it has it:
- `handle_scan(read: ScanRead) -> bool` while the screen is current: True when it took the scan;
  otherwise the scan goes to the station screen, which the window then shows.
- `screen_shown()` each time the screen becomes current (refresh numbers there, not in a timer).
Screens retranslate themselves on `changeEvent(QEvent.LanguageChange)`.

A new screen is one import and one line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from sorter_app.ui.context import UiContext
from sorter_app.ui.scanner_setup import ScannerSetupScreen
from sorter_app.ui.station import StationScreen
from sorter_app.ui.station.command_cards import CardsScreen
from sorter_app.ui.station_check import StationCheckScreen
from sorter_app.ui.supervisor.audit import AuditScreen
from sorter_app.ui.supervisor.crate_returns import CrateReturnsScreen
from sorter_app.ui.supervisor.crates import CratesScreen
from sorter_app.ui.supervisor.dashboard import DashboardScreen
from sorter_app.ui.supervisor.dispatch import DispatchScreen
from sorter_app.ui.supervisor.exceptions import ExceptionsScreen
from sorter_app.ui.supervisor.forecast import ForecastScreen
from sorter_app.ui.supervisor.jobs import JobsScreen
from sorter_app.ui.supervisor.night_summary import NightSummaryScreen
from sorter_app.ui.supervisor.outbox import OutboxScreen
from sorter_app.ui.supervisor.print_centre import PrintCentreScreen
from sorter_app.ui.supervisor.receiving import ReceivingScreen
from sorter_app.ui.supervisor.settings_page import SettingsScreen
from sorter_app.ui.supervisor.trends import TrendsScreen
from sorter_app.ui.supervisor.waves import WavesScreen

Factory = Callable[[UiContext, QWidget | None], QWidget]


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title_source_text: str
    factory: Factory
    supervisor_only: bool = True

    @property
    def title(self) -> str:
        return QCoreApplication.translate("screens", self.title_source_text)


STATION = "station"

SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(STATION, str(QT_TRANSLATE_NOOP("screens", "分拣台")), StationScreen, False),
    ScreenSpec(
        "station_check",
        str(QT_TRANSLATE_NOOP("screens", "开班检查")),
        StationCheckScreen,
        False,
    ),
    ScreenSpec("dashboard", str(QT_TRANSLATE_NOOP("screens", "看板")), DashboardScreen),
    ScreenSpec("waves", str(QT_TRANSLATE_NOOP("screens", "波次导入")), WavesScreen),
    ScreenSpec("receiving", str(QT_TRANSLATE_NOOP("screens", "收货与缺货")), ReceivingScreen),
    ScreenSpec("crates", str(QT_TRANSLATE_NOOP("screens", "筐")), CratesScreen),
    ScreenSpec(
        "crate_returns",
        str(QT_TRANSLATE_NOOP("screens", "周转箱回收")),
        CrateReturnsScreen,
    ),
    ScreenSpec("exceptions", str(QT_TRANSLATE_NOOP("screens", "异常")), ExceptionsScreen),
    ScreenSpec("dispatch", str(QT_TRANSLATE_NOOP("screens", "发车")), DispatchScreen),
    ScreenSpec("night_summary", str(QT_TRANSLATE_NOOP("screens", "日结")), NightSummaryScreen),
    ScreenSpec("trends", str(QT_TRANSLATE_NOOP("screens", "趋势")), TrendsScreen),
    ScreenSpec("forecast", str(QT_TRANSLATE_NOOP("screens", "预测")), ForecastScreen),
    ScreenSpec("print_centre", str(QT_TRANSLATE_NOOP("screens", "打印中心")), PrintCentreScreen),
    ScreenSpec("audit", str(QT_TRANSLATE_NOOP("screens", "审计日志")), AuditScreen),
    ScreenSpec("outbox", str(QT_TRANSLATE_NOOP("screens", "待发送上报")), OutboxScreen),
    ScreenSpec("jobs", str(QT_TRANSLATE_NOOP("screens", "后台任务")), JobsScreen),
    ScreenSpec("settings", str(QT_TRANSLATE_NOOP("screens", "设置")), SettingsScreen),
    ScreenSpec(
        "scanner_setup",
        str(QT_TRANSLATE_NOOP("screens", "扫码枪设置")),
        ScannerSetupScreen,
        False,
    ),
    ScreenSpec("command_cards", str(QT_TRANSLATE_NOOP("screens", "操作卡与工牌")), CardsScreen),
)
SUPERVISOR_SCREENS = tuple(spec for spec in SCREENS if spec.supervisor_only)


def registered_screens() -> list[ScreenSpec]:
    """Every screen, in navigation order."""
    return list(SCREENS)


def screen_spec(key: str) -> ScreenSpec | None:
    return next((spec for spec in SCREENS if spec.key == key), None)
