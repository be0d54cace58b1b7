"""The main window: side navigation over the registered screens, the station screen first.

It owns what is app-wide in the UI: the scanner inputs and where their scans go, the sounds, the
supervisor unlock (PIN, expiring), the language, and the one place errors are shown.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sorter_app.domain.errors import UserFacingError
from sorter_app.services.people.roster import Person, has_supervisor
from sorter_app.services.views.wave_queries import list_waves
from sorter_app.settings import Settings, load_settings, save_settings, settings_path
from sorter_app.ui.context import UiContext
from sorter_app.ui.i18n import Translations, current_language, is_english
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner.router import ScanRouter
from sorter_app.ui.scanner.serial_reader import SerialConfig, SerialReader
from sorter_app.ui.scanner.wedge import WedgeConfig, WedgeFilter, disable_input_method
from sorter_app.ui.screens import STATION, ScreenSpec, registered_screens, screen_spec
from sorter_app.ui.sound import Sound, make_sound
from sorter_app.ui.speech import Speech, make_speech
from sorter_app.ui.station import StationScreen
from sorter_app.ui.token_banner import TokenBanner
from sorter_app.ui.unlock import FirstSupervisorDialog, SupervisorUnlockDialog
from sorter_app.version import app_version

log = logging.getLogger(__name__)

UNLOCK_MINUTES = 15  # a supervisor unlock lapses after this long without supervisor work
_KEY = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    def __init__(
        self,
        ctx: UiContext,
        *,
        translations: Translations | None = None,
        wedge: WedgeFilter | None = None,
        sound: Sound | None = None,
        speech: Speech | None = None,
        serial_reader: SerialReader | None = None,
        start_serial: bool = True,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.translations = translations or Translations()
        station_ui = ctx.settings.station_ui
        self.sound = sound if sound is not None else make_sound(station_ui.volume, self)
        self.speech = (
            speech
            if speech is not None
            else make_speech(current_language(), station_ui.speech, self)
        )
        self.router = ScanRouter(self._to_workflow, self)
        self.wedge = wedge or WedgeFilter(WedgeConfig.from_settings(ctx.settings.scanners))
        ctx.sound, ctx.speech = self.sound, self.speech  # the screens' devices are the window's
        ctx.scan_router, ctx.wedge = self.router, self.wedge
        self.wedge.scanned.connect(self.router.deliver)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.wedge)
        self.serial_reader = serial_reader or self._serial_from_settings()
        if self.serial_reader is not None:
            ctx.serial_reader = self.serial_reader
            self.serial_reader.line_read.connect(self.router.deliver)
            if start_serial and not self.serial_reader.isRunning():
                self.serial_reader.start()
        self._error: BaseException | None = None
        self._pages: dict[str, QWidget] = {}
        self._unlock_timer = QTimer(self)
        self._unlock_timer.setSingleShot(True)
        self._unlock_timer.setInterval(UNLOCK_MINUTES * 60 * 1000)
        self._unlock_timer.timeout.connect(self.lock_supervisor)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(400)
        self._busy_timer.timeout.connect(lambda: self.busy_label.setVisible(self.ctx.ops.busy))
        self._choose_wave()
        self._build()
        disable_input_method(self)
        self._connect()
        self.show_screen(STATION)
        self.retranslate()

    # --- building ---------------------------------------------------------------------------

    def _serial_from_settings(self) -> SerialReader | None:
        config = SerialConfig.from_settings(self.ctx.settings.scanners)
        return SerialReader(config, parent=self) if config.enabled else None

    def _choose_wave(self) -> None:
        if self.ctx.wave_id:
            return
        try:
            waves = list_waves(self.ctx.store)
        except Exception:  # the station screen says "no wave"; the log says why
            log.exception("cannot list waves")
            return
        if waves:
            self.ctx.wave_id = waves[0].wave_id  # the newest delivery date

    def _build(self) -> None:
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._build_nav(central))
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self._build_banner(central))
        self.token_banner = TokenBanner(self.ctx, central)
        right.addWidget(self.token_banner)
        self.stack = QStackedWidget(central)
        right.addWidget(self.stack, 1)
        row.addLayout(right, 1)
        self.setCentralWidget(central)
        station = self._page(STATION)
        assert isinstance(station, StationScreen)
        self.station = station

    def _build_nav(self, parent: QWidget) -> QWidget:
        nav = QFrame(parent)
        nav.setObjectName("nav")
        nav.setFixedWidth(220)
        nav.setStyleSheet(
            "#nav { background: #263238; }"
            "#nav QLabel { color: #ECEFF1; }"
            "#nav QListWidget { background: #263238; color: #ECEFF1; border: none;"
            " font-size: 17px; }"
            "#nav QListWidget::item { padding: 10px 8px; }"
            "#nav QListWidget::item:selected { background: #455A64; }"
            "#nav QPushButton { font-size: 15px; padding: 6px; }"
        )
        column = QVBoxLayout(nav)
        column.setContentsMargins(8, 14, 8, 12)
        self.app_title = QLabel(nav)
        self.app_title.setStyleSheet("font-size: 20px; font-weight: bold; padding: 0 6px 10px 6px;")
        column.addWidget(self.app_title)
        self.nav_list = QListWidget(nav)
        self.nav_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus stays on the workflow
        self.nav_list.setIconSize(QSize(16, 16))
        self.nav_list.setWordWrap(True)  # English titles are longer than Chinese ones
        self.nav_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav_list.itemClicked.connect(lambda item: self.show_screen(item.data(_KEY)))
        column.addWidget(self.nav_list, 1)
        self.busy_label = QLabel(nav)
        self.supervisor_label = QLabel(nav)
        self.supervisor_label.setObjectName("data_supervisor")
        self.supervisor_label.setWordWrap(True)
        self.unlock_button = QPushButton(nav)
        self.unlock_button.clicked.connect(self._toggle_unlock)
        self.language_button = QPushButton(nav)
        # Each language is named in itself: whoever cannot read the screen can still find theirs.
        self.language_button.setObjectName("data_language")
        self.language_button.clicked.connect(self._toggle_language)
        self.fullscreen_button = QPushButton(nav)
        self.fullscreen_button.clicked.connect(self.toggle_fullscreen)
        self.about_button = QPushButton(nav)
        self.about_button.clicked.connect(self.show_about)
        for widget in (
            self.busy_label,
            self.supervisor_label,
            self.unlock_button,
            self.language_button,
            self.fullscreen_button,
            self.about_button,
        ):
            if isinstance(widget, QPushButton):
                widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            column.addWidget(widget)
        self.busy_label.hide()
        return nav

    def _build_banner(self, parent: QWidget) -> QWidget:
        self.banner = QFrame(parent)
        self.banner.setObjectName("errorBanner")
        self.banner.setStyleSheet(
            "#errorBanner { background: #B71C1C; } #errorBanner QLabel { color: white;"
            " font-size: 20px; font-weight: bold; }"
        )
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(16, 8, 16, 8)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("data_error")  # may quote a wave or a file name
        self.banner_text.setWordWrap(True)
        self.banner_close = QPushButton(self.banner)
        self.banner_close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.banner_close.clicked.connect(self.clear_error)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_close)
        self.banner.hide()
        return self.banner

    def _connect(self) -> None:
        events = self.ctx.events
        self.ctx.ops.error.connect(self.show_error)
        self.ctx.ops.busy_changed.connect(self._busy)
        events.open_screen.connect(self.show_screen)  # an empty state's button (导入波次)
        events.language_changed.connect(self._apply_language)
        events.supervisor_unlocked.connect(lambda person: self._refresh_nav())
        events.wave_imported.connect(self._wave_imported)
        events.wave_selected.connect(lambda wave_id: setattr(self.ctx, "wave_id", wave_id))
        shortcut = QShortcut(QKeySequence("F11"), self)
        shortcut.activated.connect(self.toggle_fullscreen)

    # --- screens ----------------------------------------------------------------------------

    def _page(self, key: str) -> QWidget:
        page = self._pages.get(key)
        if page is None:
            spec = screen_spec(key)
            assert spec is not None, key
            page = spec.factory(self.ctx, self.stack)
            self._pages[key] = page
            self.stack.addWidget(page)
        return page

    def show_screen(self, key: str) -> bool:
        """Make a screen current; a supervisor screen asks for the PIN first."""
        spec = screen_spec(key)
        if spec is None:
            return False
        if spec.supervisor_only and self.ctx.supervisor is None and not self.unlock_supervisor():
            self._select_nav(self.current_key())
            return False
        if spec.supervisor_only:
            self._unlock_timer.start()  # supervisor work keeps the unlock alive
        try:
            page = self._page(key)
        except Exception as exc:
            log.exception("screen %s failed to open", key)
            self.show_error(exc)
            self._select_nav(self.current_key())
            return False
        self.stack.setCurrentWidget(page)
        self._select_nav(key)
        self.token_banner.show_for_screen(spec.supervisor_only)
        shown = getattr(page, "screen_shown", None)
        if callable(shown):
            shown()
        if key == STATION:
            page.setFocus()
        return True

    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, page in self._pages.items() if page is current), STATION)

    def page(self, key: str) -> QWidget | None:
        return self._pages.get(key)

    def _select_nav(self, key: str) -> None:
        for i in range(self.nav_list.count()):
            item = self.nav_list.item(i)
            if item.data(_KEY) == key:
                self.nav_list.setCurrentItem(item)
                return

    def _refresh_nav(self) -> None:
        current = self.current_key()
        self.nav_list.clear()
        locked = self.ctx.supervisor is None
        for spec in registered_screens():
            item = QListWidgetItem(spec.title)
            item.setData(_KEY, spec.key)
            if spec.supervisor_only and locked:
                item.setIcon(_lock_icon())
            self.nav_list.addItem(item)
        self._select_nav(current)
        supervisor: Person | None = self.ctx.supervisor
        if supervisor is None:
            self.supervisor_label.setText(self.tr("管理功能已锁定"))
            self.unlock_button.setText(self.tr("班组长解锁"))
        else:
            self.supervisor_label.setText(self.tr("班组长：{name}").format(name=supervisor.name))
            self.unlock_button.setText(self.tr("锁定"))

    def _to_workflow(self, read: ScanRead) -> bool:
        """A scan for the current screen if it takes scans, else for the station."""
        current = self.stack.currentWidget()
        handler = getattr(current, "handle_scan", None)
        if current is not self.station and callable(handler) and handler(read):
            return True
        if current is not self.station:
            self.show_screen(STATION)
        return bool(self.station.handle_scan(read))

    # --- supervisor -------------------------------------------------------------------------

    def unlock_supervisor(self) -> bool:
        """Ask for a supervisor PIN (or create the first supervisor); True when unlocked."""
        try:
            any_supervisor = has_supervisor(self.ctx.store)
        except Exception as exc:
            self.show_error(exc)
            return False
        dialog: SupervisorUnlockDialog | FirstSupervisorDialog
        if any_supervisor:
            dialog = SupervisorUnlockDialog(self.ctx, self.router, self)
        else:
            dialog = FirstSupervisorDialog(self.ctx, self)
        dialog.exec()
        if dialog.person is None:
            return False
        self.set_supervisor(dialog.person)
        return True

    def set_supervisor(self, person: Person) -> None:
        self.ctx.supervisor = person
        self._unlock_timer.start()
        self.ctx.events.supervisor_unlocked.emit(person)

    def lock_supervisor(self) -> None:
        self._unlock_timer.stop()
        if self.ctx.supervisor is None:
            return
        self.ctx.supervisor = None
        spec = screen_spec(self.current_key())
        if spec is not None and spec.supervisor_only:
            self.show_screen(STATION)
        self.ctx.events.supervisor_unlocked.emit(None)

    def _toggle_unlock(self) -> None:
        if self.ctx.supervisor is None:
            self.unlock_supervisor()
        else:
            self.lock_supervisor()

    # --- language ----------------------------------------------------------------------------

    def _toggle_language(self) -> None:
        self.ctx.events.language_changed.emit("zh_CN" if is_english(current_language()) else "en")

    def _apply_language(self, language: str) -> None:
        applied = self.translations.set_language(language)
        self.ctx.settings = replace(self.ctx.settings, language=applied)
        self.speech.set_language(applied)
        _save_language(self.ctx.settings, applied)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("集单分拣台"))
        self.app_title.setText(self.tr("集单分拣台"))
        self.language_button.setText("中文" if is_english(current_language()) else "English")
        self.fullscreen_button.setText(self.tr("全屏 F11"))
        self.about_button.setText("About" if is_english(current_language()) else "关于")
        self.busy_label.setText(self.tr("处理中…"))
        self.banner_close.setText(self.tr("关闭"))
        if self._error is not None:
            self.banner_text.setText(self._error_text(self._error))
        self._refresh_nav()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- errors, busy, window ---------------------------------------------------------------

    def show_error(self, exc: BaseException) -> None:
        """The one place failures of operations reach the user."""
        self._error = exc
        self.banner_text.setText(self._error_text(exc))
        self.banner.show()
        self.sound.play("warning")

    def clear_error(self) -> None:
        self._error = None
        self.banner.hide()

    def _error_text(self, exc: BaseException) -> str:
        if isinstance(exc, UserFacingError):
            return exc.message(current_language())
        return self.tr("出错了（{kind}），详情已写入日志").format(kind=type(exc).__name__)

    def _busy(self, busy: bool) -> None:
        # Shown only when work lasts: progress reads after every scan would flicker otherwise.
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_label.hide()

    def _wave_imported(self, wave_id: str) -> None:
        if not self.ctx.wave_id:
            self.ctx.events.wave_selected.emit(wave_id)

    def show_about(self) -> QMessageBox:
        """The version and where this PC keeps its data and logs: what IT asks for first."""
        paths = self.ctx.settings.paths
        if is_english(current_language()):
            title = "About Hub Sorter"
            text = f"Hub Sorter {app_version()}\n\nData: {paths.data_dir}\nLogs: {paths.log_dir}"
        else:
            title = "关于集单分拣台"
            text = (
                f"集单分拣台 Hub Sorter {app_version()}\n\n"
                f"数据目录：{paths.data_dir}\n日志目录：{paths.log_dir}"
            )
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()  # not exec(): the scanners keep working behind it
        self.about_box = box
        return box

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showMaximized()
        else:
            self.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the serial thread and take the key filter off the app (tests build many windows)."""
        if self.serial_reader is not None and self.serial_reader.isRunning():
            self.serial_reader.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)


def _save_language(settings: Settings, language: str) -> None:
    """Keep the choice for the next start: the file's own settings with only `language` changed
    (not the running ones, which may carry environment overrides); other tables stay as they are.
    A few hundred bytes, so written here rather than through the operations runner."""
    path = settings_path(settings.paths)
    try:
        on_file = load_settings(path, env={})
        if on_file.language != language:  # the settings page has written it already
            save_settings(replace(on_file, language=language), path)
    except (OSError, UserFacingError):
        # The screen has switched; only the next start will be in the old language.
        log.warning("could not save the language to %s", path, exc_info=True)


def _lock_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor("#FFCA28")
    painter.setPen(colour)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(4, 1, 8, 9), 0, 180 * 16)
    painter.drawLine(4, 5, 4, 8)
    painter.drawLine(12, 5, 12, 8)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(2.5, 7.5, 11, 8), 1.5, 1.5)
    painter.end()
    return QIcon(pixmap)


__all__ = ["MainWindow", "ScreenSpec"]
