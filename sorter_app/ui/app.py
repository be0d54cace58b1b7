"""`run_ui()`: the desktop app. Settings, language, the one wiring (sorter_app.bootstrap), main
window, background senders; a start-up failure is shown in a dialog (a windowed build has no
console) and ends the app with a non-zero status."""

from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from sorter_app.bootstrap import bootstrap
from sorter_app.domain.errors import UserFacingError
from sorter_app.logging_setup import configure_logging
from sorter_app.settings import load_settings
from sorter_app.store.database import Store
from sorter_app.ui.background import BackgroundWork
from sorter_app.ui.context import UiContext
from sorter_app.ui.crash import CrashReporter, crash_text
from sorter_app.ui.events import AppEvents
from sorter_app.ui.i18n import Translations, current_language
from sorter_app.ui.operations import Operations
from sorter_app.ui.setup_wizard import SetupWizard, needs_setup

log = logging.getLogger(__name__)

EXIT_START_FAILED = 2
SWITCH_INTERVAL_S = 0.001  # see keep_main_thread_responsive
# Fonts with Chinese glyphs, by platform; Qt falls back through the list.
CJK_FONTS = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
]


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("hub-sorter")
    app.setApplicationDisplayName("集单分拣台 Hub Sorter")
    font = QFont(app.font())
    font.setFamilies([*CJK_FONTS, *font.families()])
    app.setFont(font)
    return app


def run_ui(
    store: Store | None = None,
    platform_url: str | None = None,
    token: str | None = None,
    *,
    windowed: bool | None = None,
) -> int:
    """Open the app; returns the exit status of the event loop."""
    configure_logging()
    app = make_application()
    reporter = CrashReporter(app).install()
    try:
        return _run(app, store, platform_url, token, windowed)
    except Exception as exc:  # whatever escaped start-up: logged, shown, never a silent exit
        log.critical("the desktop app failed", exc_info=exc)
        return _start_failed(crash_text(exc, current_language()))
    finally:
        reporter.uninstall()


def _run(
    app: QApplication,
    store: Store | None,
    platform_url: str | None,
    token: str | None,
    windowed: bool | None,
) -> int:
    translations = Translations()
    try:
        settings = load_settings()
    except UserFacingError as exc:
        # No settings, no language: say it in both.
        return _start_failed(f"{exc.message_zh}\n\n{exc.message_en}")
    translations.set_language(settings.language)
    try:
        core = bootstrap(settings, store=store, platform_url=platform_url, token=token)
    except UserFacingError as exc:
        return _start_failed(exc.message(current_language()))
    except Exception as exc:  # the database server down, a corrupt file...
        log.exception("start-up failed")
        return _start_failed(
            QCoreApplication.translate("App", "无法打开数据库：{error}").format(error=exc)
        )
    ctx = UiContext.from_core(core, AppEvents(), Operations())

    if store is None and not _first_run_done(ctx):
        return 0  # set-up cancelled: nothing to sort with yet

    from sorter_app.ui.main_window import MainWindow  # after the translator is in

    window = MainWindow(ctx, translations=translations)
    keep_main_thread_responsive()
    full = ctx.settings.station_ui.fullscreen if windowed is None else not windowed
    if full:
        screen = app.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.geometry())  # also without a window manager (kiosk, Xvfb)
        window.showFullScreen()
    else:
        window.resize(1600, 900)
        window.show()
    background = BackgroundWork(ctx)
    background.start()
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        background.shutdown()
        if store is None:
            core.close()


def keep_main_thread_responsive() -> None:
    """Once the window is built: the main thread shares the GIL with the operations' workers.

    - A worker holding the GIL keeps it for up to the switch interval (5 ms by default) each time
      the main thread asks, and painting a table asks once per cell and role (a few thousand
      times): a 20 ms queue refresh took 130 ms next to a print job. 1 ms keeps it short.
    - What start-up made (modules, Qt wrappers, the window and its screens: ~10^5 objects that
      live as long as the app) is taken out of the cyclic GC's reach: a full collection walks
      every tracked object with the GIL held, whichever thread triggers it, and froze the window
      for ~90 ms each time during a print job; frozen, it walks only what came later.
    bench/ui_stall.py measures both."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.collect()
    gc.freeze()


def _first_run_done(ctx: UiContext) -> bool:
    """On a PC without settings or without a supervisor, the set-up wizard runs first (the demo,
    which brings its own store, goes straight to the station)."""
    if not needs_setup(ctx):
        return True
    wizard = SetupWizard(ctx)
    return bool(wizard.exec() == SetupWizard.DialogCode.Accepted)


def _start_failed(text: str) -> int:
    log.error("start-up failed: %s", text)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("App", "集单分拣台无法启动"),
        text,
    )
    box.addButton(QCoreApplication.translate("App", "退出"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    return EXIT_START_FAILED
