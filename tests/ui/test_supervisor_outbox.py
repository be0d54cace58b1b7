"""The outbox screen: parked entries with the platform's message, retried or dismissed by a
supervisor (each audited), pending entries with their age and attempts, the last delivery; and
the dashboard's count of undelivered reports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select

from sorter_app.domain.reports import ReportDraft
from sorter_app.services.people.audit_log import audit_records
from sorter_app.services.reporting.outbox_queue import queue_report
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import outbox_repo, tables
from sorter_app.store.database import Store
from sorter_app.ui.supervisor.dashboard import DashboardScreen
from sorter_app.ui.supervisor.outbox import OutboxScreen
from tests.factories import small_wave
from tests.ui.supervisor_support import SUPERVISOR, WAVE, make_ctx, screen_store

REFUSAL = "invalid_line: line L9 is not in wave"


@pytest.fixture
def store(qtbot: QtBot, sqlite_url: str) -> Iterator[Store]:
    with screen_store(qtbot, sqlite_url) as s:
        store_snapshot(s, small_wave(WAVE), source="api")
        with s.write() as session:
            session.execute(
                delete(tables.OutboxEntry)
            )  # the import's milestone: only the test's own
        yield s


def queue(store: Store, count: int, *, age: timedelta = timedelta(minutes=5)) -> list[int]:
    """`count` shortage reports queued `age` ago; their entry numbers."""
    with store.write() as s:
        wave_pk = s.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == WAVE))
        assert wave_pk is not None
        for _ in range(count):
            draft = ReportDraft("shortage", ({"sku_id": "S00001", "qty": 1},), "到货少")
            queue_report(s, wave_pk, draft, "ST-01", datetime.now(UTC) - age)
        return list(s.scalars(select(tables.OutboxEntry.id).order_by(tables.OutboxEntry.id)))


def park(store: Store, entry_id: int) -> None:
    with store.write() as s:
        outbox_repo.park(s, entry_id, REFUSAL)


def status(store: Store, entry_id: int) -> str:
    with store.read() as s:
        return str(
            s.scalar(select(tables.OutboxEntry.status).where(tables.OutboxEntry.id == entry_id))
        )


def shown(model: object) -> list[list[str]]:
    return [
        [model.text(r, c) for c in range(model.columnCount())]  # type: ignore[attr-defined]
        for r in range(model.rowCount())  # type: ignore[attr-defined]
    ]


def open_outbox(qtbot: QtBot, store: Store) -> OutboxScreen:
    screen = OutboxScreen(make_ctx(store, wave_id=WAVE, supervisor=SUPERVISOR))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "outbox"):
        screen.show()
    return screen


def reload(qtbot: QtBot, screen: OutboxScreen) -> None:
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "outbox"):
        screen.refresh()


def test_the_screen_shows_parked_and_pending_entries(qtbot: QtBot, store: Store) -> None:
    first, second, third = queue(store, 3, age=timedelta(minutes=7))
    park(store, first)
    screen = open_outbox(qtbot, store)
    assert screen.undelivered.text() == "3"
    parked = shown(screen.parked)
    assert [row[0] for row in parked] == [str(first)]
    assert parked[0][1] == WAVE and parked[0][3] == REFUSAL and parked[0][4] == "1"
    assert parked[0][5] == "7 分钟"
    pending = shown(screen.pending)
    assert [row[0] for row in pending] == [str(second), str(third)]
    assert pending[0][2] == "上报：缺货" and pending[0][3] == "7 分钟" and pending[0][4] == "0"
    assert screen.tabs.tabText(0) == "已搁置（1）" and screen.tabs.tabText(1) == "待发送（2）"
    assert screen.last_delivery.text() == "尚无送达记录"


def test_a_parked_entry_is_retried_from_the_screen_and_audited(qtbot: QtBot, store: Store) -> None:
    (entry,) = queue(store, 1)
    park(store, entry)
    screen = open_outbox(qtbot, store)
    screen.parked_view.selectRow(0)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "outbox"):
        screen.retry_button.click()
    assert status(store, entry) == "pending"
    assert shown(screen.parked) == [] and [r[0] for r in shown(screen.pending)] == [str(entry)]
    assert f"#{entry}" in screen.message.text()
    (record,) = audit_records(store)
    assert (record.action, record.supervisor, record.entry_id, record.wave_id) == (
        "outbox.retry",
        SUPERVISOR.code,
        str(entry),
        WAVE,
    )


def test_a_parked_entry_is_dismissed_with_a_reason(qtbot: QtBot, store: Store) -> None:
    (entry,) = queue(store, 1)
    park(store, entry)
    screen = open_outbox(qtbot, store)
    screen.ask_text = lambda _title, _label: "平台已人工处理"  # type: ignore[method-assign]
    screen.parked_view.selectRow(0)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "outbox"):
        screen.dismiss_button.click()
    assert status(store, entry) == "dismissed"
    assert screen.undelivered.text() == "0" and shown(screen.parked) == []
    (record,) = audit_records(store)
    assert (record.action, record.reason, record.entry_id) == (
        "outbox.dismiss",
        "平台已人工处理",
        str(entry),
    )


def test_retry_needs_a_supervisor_and_a_chosen_entry(qtbot: QtBot, store: Store) -> None:
    (entry,) = queue(store, 1)
    park(store, entry)
    screen = open_outbox(qtbot, store)
    screen.retry_button.click()  # nothing chosen
    assert "选择" in screen.message.text()
    screen.ctx.supervisor = None  # the unlock lapsed
    screen.parked_view.selectRow(0)
    screen.retry_button.click()
    assert "班组长" in screen.message.text()
    assert status(store, entry) == "parked" and audit_records(store) == []


def test_the_last_delivery_time_is_shown(qtbot: QtBot, store: Store) -> None:
    (entry,) = queue(store, 1)
    delivered = datetime(2026, 11, 26, 16, 5, 9, tzinfo=UTC)  # 00:05:09 in the hub's zone
    with store.write() as s:
        outbox_repo.mark_sent(s, entry, delivered, delivered_to="platform")
    screen = open_outbox(qtbot, store)
    assert screen.last_delivery.text() == "最近一次送达：11-27 00:05:09"
    assert screen.undelivered.text() == "0"


def test_the_dashboard_counts_undelivered_reports(qtbot: QtBot, store: Store) -> None:
    first, _second = queue(store, 2)
    park(store, first)
    screen = DashboardScreen(make_ctx(store, wave_id=WAVE))
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.refreshed, check_params_cb=lambda k: k == "dashboard"):
        screen.show()
    assert screen.numbers()["undelivered"] == "2"


def test_milestones_and_report_types_read_as_words_not_the_contracts_keys(
    qtbot: QtBot, store: Store
) -> None:
    from types import SimpleNamespace

    screen = open_outbox(qtbot, store)
    milestone = SimpleNamespace(kind="hub_status", topic="imported")
    damage = SimpleNamespace(kind="report", topic="damage")
    assert screen.kind_name(milestone) == "节点：已导入"  # type: ignore[arg-type]
    assert screen.kind_name(damage) == "上报：破损"  # type: ignore[arg-type]
