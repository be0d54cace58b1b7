"""Languages: Simplified Chinese is the source text of every tr() call; English is a translation
(resources/i18n/hub_sorter_en.ts, compiled to .qm by tools/build_translations.py).

Switching installs or removes the translator; Qt then sends LanguageChange to every widget, and
each screen's `changeEvent` calls its `retranslate()`. Qt's own strings (context menus, standard
dialogs) come from Qt's catalogue for the same language, so no screen mixes the two.

PySide6's `self.tr()` looks up the *runtime* class name as context, so a class that calls
`self.tr()` must not be subclassed; shared texts use `QCoreApplication.translate("ctx", ...)`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from sorter_app.ui.resources import resource

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
CATALOGUE = "hub_sorter"
# The language in effect, app-wide like the installed translators themselves.
_current = "zh_CN"


def current_language() -> str:
    """ "zh_CN" or "en": which of a decision's two messages (message_zh/message_en) to show."""
    return _current


def normalise_language(language: str) -> str:
    return "en" if language.lower().startswith("en") else "zh_CN"


def is_english(language: str) -> bool:
    return normalise_language(language) == "en"


class Translations:
    """Owns the installed translators; one per app."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "zh_CN"

    def set_language(self, language: str) -> str:
        """Install the catalogues for `language` ("zh_CN" or "en"); returns the one in effect."""
        language = normalise_language(language)
        # First: installing a translator may retranslate widgets at once, and they ask for this.
        global _current
        _current = self.language = language
        QLocale.setDefault(QLocale("en_US" if language == "en" else "zh_CN"))
        app = QCoreApplication.instance()
        for translator in self._installed:
            if app is not None:
                QCoreApplication.removeTranslator(translator)
        self._installed = []
        if language == "en":
            self._install(resource("i18n").as_posix(), f"{CATALOGUE}_en")
        else:
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            self._install(qt_dir, "qtbase_zh_CN")
        return language

    def _install(self, directory: str, name: str) -> None:
        translator = QTranslator()
        if not translator.load(name, directory):
            log.warning("translation %s not found in %s", name, directory)
            return
        QCoreApplication.installTranslator(translator)
        self._installed.append(translator)
