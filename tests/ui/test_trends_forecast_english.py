"""The trends and forecast screens with data in them, switched to English: no Chinese left in
their labels, buttons, tabs, headers, table words (the store's names excepted) or chart titles,
series and axis titles."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QCoreApplication, QDate, QTranslator
from PySide6.QtWidgets import QTableView, QWidget
from pytestqt.qtbot import QtBot

from sorter_app.services.forecast.forecasting import add_event
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.forecast import ForecastScreen
from sorter_app.ui.supervisor.trends import TrendsScreen
from tests.integration.test_forecast_service import _history, seed_history
from tests.trends_support import SETTINGS, stage_history
from tests.ui.supervisor_support import make_ctx, settle
from tests.ui.test_english_everywhere import data_texts, without_data
from tests.ui.test_supervisor_forecast import at_15, settings_for
from tests.ui.test_supervisor_language import chrome_texts, english_qm  # noqa: F401

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def chart_texts(root: QWidget) -> list[str]:
    texts = []
    for view in root.findChildren(QChartView):
        chart = view.chart()
        texts.append(chart.title())
        texts += [s.name() for s in chart.series()]
        texts += [a.titleText() for a in chart.axes()]
    return texts


def cell_texts(root: QWidget, data: list[str]) -> list[str]:
    texts = []
    for view in root.findChildren(QTableView):
        model = view.model()
        for r in range(min(model.rowCount(), 50)):
            for c in range(model.columnCount()):
                texts.append(without_data(str(model.index(r, c).data() or ""), data))
    return texts


def everything(root: QWidget, data: list[str]) -> list[str]:
    chrome = [without_data(t, data) for t in chrome_texts(root)]
    return chrome + chart_texts(root) + cell_texts(root, data)


def test_trends_and_forecast_screens_switch_to_english(
    qtbot: QtBot,
    store: Store,
    tmp_path: Path,
    english_qm: Path,  # noqa: F811
) -> None:
    stage_history(store, tmp_path / "exports")
    nights = _history()
    tonight = nights[-1]
    seed_history(store, nights, open_night=tonight.day)
    add_event(store, tonight.day, "社区集市", factor=1.1, note="", now=at_15(tonight))
    trends = TrendsScreen(make_ctx(store, settings={"routes": SETTINGS.routes}))
    trends.first.setDate(QDate(2026, 11, 23))
    trends.last.setDate(QDate(2026, 11, 30))
    ctx = make_ctx(store)
    ctx.settings = settings_for(10)
    forecast = ForecastScreen(ctx, clock=lambda: at_15(tonight))
    for screen in (trends, forecast):
        qtbot.addWidget(screen)
        screen.show()
    for index in range(trends.tabs.count()):  # every view loaded once
        with qtbot.waitSignal(trends.refreshed, timeout=10_000):
            trends.tabs.setCurrentIndex(index)
            trends.refresh()
    qtbot.waitUntil(lambda: forecast.data is not None, timeout=20_000)
    assert forecast.delivery_date() == tonight.day + timedelta(days=1)
    data = data_texts(store)
    assert any(CJK.search(t) for t in everything(trends, data))  # Chinese to begin with
    assert any(CJK.search(t) for t in everything(forecast, data))

    translator = QTranslator()
    assert translator.load(str(english_qm))
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.wait(50)
        for screen in (trends, forecast):
            left = [t for t in everything(screen, data) if CJK.search(t)]
            assert left == [], f"{type(screen).__name__} still shows {left}"
        assert trends.tabs.tabText(4) == "Routes on time"
        assert forecast.run_button.text() == "Forecast now"
        assert "Method" in forecast.method.text()
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.wait(50)
    settle(qtbot)
