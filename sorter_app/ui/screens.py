"""The screens the main window offers in its side navigation.

A screen module registers itself:

    from PySide6.QtCore import QT_TRANSLATE_NOOP
    from sorter_app.ui.screens import register_screen

    register_screen("waves", str(QT_TRANSLATE_NOOP("screens", "波次")), WavesScreen)

`title_source_text` is the Chinese source text, marked with context "screens" so lupdate collects
it; the navigation shows it translated. `factory(ctx, parent)` builds the screen the first time it
is opened. `supervisor_only` screens open only after a supervisor PIN unlock.

What the main window calls on a screen, if it has it:
- `handle_scan(read: ScanRead) -> bool` while the screen is current: True when it took the scan;
  otherwise the scan goes to the station screen, which the window then shows.
- `screen_shown()` each time the screen becomes current (refresh numbers there, not in a timer).
Screens retranslate themselves on `changeEvent(QEvent.LanguageChange)`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from sorter_app.ui.context import UiContext

log = logging.getLogger(__name__)

Factory = Callable[[UiContext, QWidget | None], QWidget]


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title_source_text: str
    factory: Factory
    supervisor_only: bool = True
    order: int = 100  # position in the navigation, small first

    @property
    def title(self) -> str:
        return QCoreApplication.translate("screens", self.title_source_text)


_registry: dict[str, ScreenSpec] = {}


def register_screen(
    key: str,
    title_source_text: str,
    factory: Factory,
    supervisor_only: bool = True,
    *,
    order: int = 100,
) -> ScreenSpec:
    """Add (or replace, on re-import) a screen under `key`."""
    spec = ScreenSpec(key, title_source_text, factory, supervisor_only, order)
    _registry[key] = spec
    return spec


def unregister_screen(key: str) -> None:
    _registry.pop(key, None)


def registered_screens() -> list[ScreenSpec]:
    return sorted(_registry.values(), key=lambda spec: (spec.order, spec.key))


def screen_spec(key: str) -> ScreenSpec | None:
    return _registry.get(key)


# --- the built-in screens --------------------------------------------------------------------


def _station(ctx: UiContext, parent: QWidget | None) -> QWidget:
    from sorter_app.ui.station import StationScreen

    return StationScreen(ctx, parent)


def _station_check(ctx: UiContext, parent: QWidget | None) -> QWidget:
    from sorter_app.ui.station_check import StationCheckScreen

    return StationCheckScreen(ctx, parent)


def _scanner_setup(ctx: UiContext, parent: QWidget | None) -> QWidget:
    from sorter_app.ui.scanner_setup import ScannerSetupScreen

    return ScannerSetupScreen(ctx, parent)


def _command_cards(ctx: UiContext, parent: QWidget | None) -> QWidget:
    from sorter_app.ui.station.command_cards import CardsScreen

    return CardsScreen(ctx, parent)


STATION = "station"


def register_builtin_screens() -> None:
    register_screen(STATION, str(QT_TRANSLATE_NOOP("screens", "分拣台")), _station, False, order=0)
    register_screen(
        "station_check",
        str(QT_TRANSLATE_NOOP("screens", "开班检查")),
        _station_check,
        False,
        order=1,
    )
    register_screen(
        "scanner_setup",
        str(QT_TRANSLATE_NOOP("screens", "扫码枪设置")),
        _scanner_setup,
        False,
        order=90,
    )
    register_screen(
        "command_cards",
        str(QT_TRANSLATE_NOOP("screens", "操作卡与工牌")),
        _command_cards,
        True,
        order=91,
    )


def load_screens(package: str = "sorter_app.ui.supervisor") -> None:
    """Register the built-in screens, then import the supervisor package, which registers its
    screens (importing their modules only when one opens). A package that fails to import is
    logged and left out: a broken supervisor screen must not keep the station from starting."""
    register_builtin_screens()
    try:
        importlib.import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name != package:
            log.exception("screens package %s failed to import", package)
    except Exception:
        log.exception("screens package %s failed to import", package)
