"""Switching to English changes every text of the supervisor screens and the set-up wizard:
no Chinese is left in labels, buttons, tabs, table headers or status words (the platform's data,
such as community names, stays as it is)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sorter_app.store.database import Store
from sorter_app.ui.setup_wizard import SetupWizard
from sorter_app.ui.supervisor.crates import CratesScreen
from sorter_app.ui.supervisor.dashboard import DashboardScreen
from sorter_app.ui.supervisor.exceptions import ExceptionsScreen
from sorter_app.ui.supervisor.print_centre import PrintCentreScreen
from sorter_app.ui.supervisor.receiving import ReceivingScreen
from sorter_app.ui.supervisor.settings_page import SettingsScreen
from sorter_app.ui.supervisor.waves import WavesScreen
from tests.ui.supervisor_support import WAVE, make_ctx, screen_store, seeded_small_wave

TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "hub_sorter_en.ts"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
SCREENS = (
    WavesScreen,
    ReceivingScreen,
    CratesScreen,
    ExceptionsScreen,
    PrintCentreScreen,
    DashboardScreen,
    SettingsScreen,
)


@pytest.fixture(scope="module")
def english_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease not installed")
    qm = tmp_path_factory.mktemp("i18n") / "hub_sorter_en.qm"
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    return qm


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        seeded_small_wave(s)
        yield s


def chrome_texts(root: QWidget) -> list[str]:
    """What a screen itself says: labels, buttons, group and tab titles, placeholders, table
    headers (data shown in tables and lists, and labels named data_*, is the platform's and stays
    as it is)."""
    labels = [w for w in root.findChildren(QLabel) if not w.objectName().startswith("data_")]
    texts = [w.text() for w in labels if not w.pixmap() or w.pixmap().isNull()]
    texts += [w.text() for w in root.findChildren(QAbstractButton)]
    texts += [w.title() for w in root.findChildren(QGroupBox)]
    texts += [w.placeholderText() for w in root.findChildren(QLineEdit)]
    texts += [w.placeholderText() for w in root.findChildren(QComboBox)]
    for tabs in root.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    for view in root.findChildren(QTableView):
        model = view.model()
        texts += [
            str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
            for c in range(model.columnCount())
        ]
    return texts


def test_every_supervisor_screen_switches_to_english(
    qtbot: QtBot, store: Store, english_qm: Path
) -> None:
    screens = []
    for screen_class in SCREENS:
        screen = screen_class(make_ctx(store, wave_id=WAVE))
        qtbot.addWidget(screen)
        screen.show()
        screens.append(screen)
    qtbot.waitUntil(lambda: not any(s.ctx.ops.busy for s in screens), timeout=10000)
    assert any(CJK.search(t) for t in chrome_texts(screens[0]))  # Chinese to begin with

    translator = QTranslator()
    assert translator.load(str(english_qm))
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.wait(50)  # LanguageChange events are delivered through the event loop
        for screen in screens:
            left = [t for t in chrome_texts(screen) if CJK.search(t)]
            assert left == [], f"{type(screen).__name__} still shows {left}"
        receiving = screens[1]
        assert isinstance(receiving, ReceivingScreen)
        states = {receiving.skus.text(r, 9) for r in range(receiving.skus.rowCount())}
        assert states == {"Partly received", "Not arrived"}
        settings = screens[-1]
        assert isinstance(settings, SettingsScreen)
        assert settings.policy.itemText(0) == "Latest orders first (default)"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.wait(50)
    assert any(CJK.search(t) for t in chrome_texts(screens[0]))  # and back to Chinese


def test_the_setup_wizard_switches_to_english(qtbot: QtBot, store: Store, english_qm: Path) -> None:
    wizard = SetupWizard(make_ctx(store))
    qtbot.addWidget(wizard)
    wizard.show()
    translator = QTranslator()
    assert translator.load(str(english_qm))
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.wait(50)
        pages = [wizard.page(i) for i in wizard.pageIds()]
        for page in pages:
            left = [
                t for t in [page.title(), page.subTitle(), *chrome_texts(page)] if CJK.search(t)
            ]
            assert left == [], f"{type(page).__name__} still shows {left}"
        assert wizard.windowTitle() == "Hub Sorter: first-run set-up"
    finally:
        QCoreApplication.removeTranslator(translator)
