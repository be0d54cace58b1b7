"""The supervisor screens: waves, receiving and shortages, crates, exceptions, print centre,
dashboard and settings. Importing this package registers them with the main window's screen
registry (sorter_app.ui.screens); each screen module is imported only when its screen opens."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from sorter_app.ui.context import UiContext

log = logging.getLogger(__name__)

# key, navigation title (context "screens", as the registry translates it), module, class, order
SCREENS = (
    ("dashboard", QT_TRANSLATE_NOOP("screens", "看板"), "dashboard", "DashboardScreen", 10),
    ("waves", QT_TRANSLATE_NOOP("screens", "波次导入"), "waves", "WavesScreen", 20),
    ("receiving", QT_TRANSLATE_NOOP("screens", "收货与缺货"), "receiving", "ReceivingScreen", 30),
    ("crates", QT_TRANSLATE_NOOP("screens", "筐"), "crates", "CratesScreen", 40),
    ("exceptions", QT_TRANSLATE_NOOP("screens", "异常"), "exceptions", "ExceptionsScreen", 50),
    (
        "print_centre",
        QT_TRANSLATE_NOOP("screens", "打印中心"),
        "print_centre",
        "PrintCentreScreen",
        60,
    ),
    ("settings", QT_TRANSLATE_NOOP("screens", "设置"), "settings_page", "SettingsScreen", 80),
)


def _factory(module: str, class_name: str) -> Callable[[UiContext, QWidget | None], QWidget]:
    def build(ctx: UiContext, parent: QWidget | None = None) -> QWidget:
        screen_class = getattr(importlib.import_module(f"{__name__}.{module}"), class_name)
        return screen_class(ctx, parent)  # type: ignore[no-any-return]

    return build


def register_supervisor_screens() -> bool:
    """Register every supervisor screen; False when there is no registry (no main window)."""
    try:
        from sorter_app.ui.screens import register_screen
    except ImportError:
        log.info("no screen registry: supervisor screens not registered")
        return False
    for key, title, module, class_name, order in SCREENS:
        register_screen(key, str(title), _factory(module, class_name), True, order=order)
    return True


register_supervisor_screens()
