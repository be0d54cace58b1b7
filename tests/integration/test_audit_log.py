"""The audit log, on SQLite and PostgreSQL: every supervised action writes exactly one record (who,
what, which object, why) in its own transaction, a refused one writes none, the chain verifies;
the table refuses changes, and a row changed anyway is the one `sorter-app audit verify` names;
two stations appending at once on PostgreSQL keep one chain."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from sorter_app.cli import EXIT_ERROR, EXIT_OK, main
from sorter_app.domain.audit import Action, AuditRecord
from sorter_app.domain.decisions import Result
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.loading.dispatch import DispatchBlocked, dispatch_route
from sorter_app.services.people.audit_log import export_audit, verify_audit
from sorter_app.services.people.roster import Person, add_person, set_pin
from sorter_app.services.people.supervisor_actions import (
    close_receiving_as,
    resend_to_platform_as,
)
from sorter_app.services.printing.label_reprints import reprint_crate_label
from sorter_app.services.reporting.outbox_actions import dismiss_parked_as, retry_parked_as
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import audit_repo, outbox_repo, tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave

WAVE = "W20261127-HZ01"
CRATE = f"HS-{WAVE}-C0001-01"
SUP = Person("SUP1", "张主管", "supervisor")
T0 = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)


@pytest.fixture
def wave_store(store: Store) -> Store:
    store_snapshot(store, small_wave(WAVE), source="api")
    add_person(store, "SUP1", "张主管", role="supervisor", pin="2468")
    add_person(store, "SUP2", "王主管", role="supervisor", pin="1357")
    return store


def log_of(store: Store) -> list[AuditRecord]:
    with store.read() as s:
        return audit_repo.records(s)


def one_new(store: Store, before: int) -> AuditRecord:
    records = log_of(store)
    assert len(records) == before + 1, records[before:]
    return records[-1]


def what(record: AuditRecord) -> tuple[str, ...]:
    fields = ("action", "supervisor", "reason", "wave_id", "route_id", "sku_id", "crate_id")
    return (*(str(getattr(record, f)) for f in fields), record.entry_id, record.person_id)


def put_one_unit(store: Store) -> None:
    """S00001 received and one unit put into a crate of route R01 (the crate is not loaded)."""
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*6", mode="receive")
    target = station.scan(EAN_S1, mode="seed")
    assert station.scan(target.crate_code or "", mode="seed").result is Result.PUT_DONE


def parked_entries(store: Store, n: int) -> list[int]:
    with store.write() as s:
        ids = list(s.scalars(select(tables.OutboxEntry.id).order_by(tables.OutboxEntry.id)))[:n]
        for entry_id in ids:
            outbox_repo.park(s, entry_id, "422 invalid report")
    assert len(ids) == n
    return ids


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_each_supervised_action_writes_one_record_with_who_what_why(wave_store: Store) -> None:
    store = wave_store
    assert log_of(store) == []

    close_receiving_as(store, SUP, WAVE, sku_id="S00002", reason="供应商缺货", clock=lambda: at(1))
    record = one_new(store, 0)
    assert what(record) == (
        "receiving.closed", "SUP1", "供应商缺货", WAVE, "", "S00002", "", "", "",
    )  # fmt: skip
    assert record.at == at(1)

    reprint_crate_label(store, CRATE, "SUP1", "标签被水打湿", clock=lambda: at(2))
    assert what(one_new(store, 1)) == (
        "label.reprint", "SUP1", "标签被水打湿", WAVE, "", "", CRATE, "", "",
    )  # fmt: skip

    put_one_unit(store)
    with pytest.raises(DispatchBlocked):
        dispatch_route(store, WAVE, "R01")
    with pytest.raises(UserFacingError):
        dispatch_route(store, WAVE, "R01", force=True, reason="  ", supervisor=SUP)
    assert len(log_of(store)) == 2  # refused: nothing recorded
    result = dispatch_route(
        store, WAVE, "R01", force=True, reason="司机等不及", supervisor=SUP, clock=lambda: at(3)
    )
    assert result.forced
    assert what(one_new(store, 2)) == (
        "dispatch.forced", "SUP1", "司机等不及", WAVE, "R01", "", "", "", "",
    )  # fmt: skip
    dispatch_route(store, WAVE, "R01", force=True, reason="again", supervisor=SUP)
    assert len(log_of(store)) == 3  # the second dispatch returns the first: nothing forced

    resend_to_platform_as(store, SUP, WAVE, reason="平台已恢复", clock=lambda: at(4))
    assert what(one_new(store, 3)) == (
        "outbox.resend", "SUP1", "平台已恢复", WAVE, "", "", "", "", "",
    )  # fmt: skip

    set_pin(store, "SUP2", "9753", by="sup1", clock=lambda: at(5))
    assert what(one_new(store, 4)) == ("people.pin_set", "SUP1", "", "", "", "", "", "", "SUP2")

    retried, dismissed = parked_entries(store, 2)
    retry_parked_as(store, SUP, retried, clock=lambda: at(6))
    assert what(one_new(store, 5)) == (
        "outbox.retry", "SUP1", "", WAVE, "", "", "", str(retried), "",
    )  # fmt: skip
    with pytest.raises(UserFacingError):
        retry_parked_as(store, SUP, retried)  # no longer parked: refused, not recorded
    dismiss_parked_as(store, SUP, dismissed, "平台已人工补录", clock=lambda: at(7))
    assert what(one_new(store, 6)) == (
        "outbox.dismiss", "SUP1", "平台已人工补录", WAVE, "", "", "", str(dismissed), "",
    )  # fmt: skip

    records = log_of(store)
    assert [r.seq for r in records] == list(range(1, 8))
    assert {r.action for r in records} == set(Action) - {Action.LATE_UNDO}
    check = verify_audit(store)
    assert (check.intact, check.records) == (True, 7)


def test_an_action_whose_record_cannot_be_written_is_undone(
    wave_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_one_unit(wave_store)

    def cannot_write(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("sorter_app.services.loading.dispatch.record_audit", cannot_write)
    with pytest.raises(RuntimeError, match="disk full"):
        dispatch_route(wave_store, WAVE, "R01", force=True, reason="x", supervisor=SUP)
    with wave_store.read() as s:  # one transaction: the dispatch went with its record
        assert s.scalar(select(func.count()).select_from(tables.RouteDispatch)) == 0
    assert log_of(wave_store) == []


def test_the_cli_lists_exports_and_verifies(
    wave_store: Store, db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    close_receiving_as(wave_store, SUP, WAVE, sku_id="S00002", reason="=HYPERLINK(1)")
    reprint_crate_label(wave_store, CRATE, "SUP1", "标签被水打湿")
    capsys.readouterr()

    assert main(["audit", "list", "--json", "--db", db_url]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    assert [(r["seq"], r["action"], r["supervisor"]) for r in listed] == [
        (1, "receiving.closed", "SUP1"),
        (2, "label.reprint", "SUP1"),
    ]
    assert listed[1]["prev_hash"] == listed[0]["hash"] and listed[1]["crate_id"] == CRATE

    assert main(["--lang", "en", "audit", "list", "--db", db_url]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["no.", "time", "supervisor", "action", "object", "reason"]
    assert "label reprinted" in lines[2] and f"crate {CRATE}" in lines[2]

    out = tmp_path / "audit.csv"
    assert main(["audit", "export", "--out", str(out), "--db", db_url]) == EXIT_OK
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("编号,时间,班组长,操作,对象,原因")
    assert "'=HYPERLINK(1)" in rows[1]  # formula-safe
    assert "补打筐贴" in rows[2]

    assert main(["audit", "verify", "--db", db_url]) == EXIT_OK
    assert "2" in capsys.readouterr().out


def _drop_guard(store: Store) -> None:
    with store.engine.begin() as c:
        if store.dialect == "postgresql":
            c.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))
        else:
            c.execute(text("DROP TRIGGER audit_log_no_update"))


def test_the_table_refuses_changes_and_verify_names_a_row_changed_anyway(
    wave_store: Store, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for i, code in enumerate(("SUP1", "SUP2", "SUP1")):
        set_pin(wave_store, code, "24680", by="SUP2", reason=f"第 {i} 次")
    for statement in (
        "UPDATE audit_log SET reason = 'x' WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq = 3",
    ):
        with pytest.raises(DBAPIError, match="append-only"), wave_store.engine.begin() as c:
            c.execute(text(statement))
    assert verify_audit(wave_store).intact

    _drop_guard(wave_store)  # whoever can do this can edit rows: the chain still shows it
    with wave_store.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET reason = '第 9 次' WHERE seq = 2"))
    capsys.readouterr()
    assert main(["--lang", "en", "audit", "verify", "--db", db_url]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert "first broken record: #2" in captured.out
    assert "audit record #2 was altered" in captured.err
    check = verify_audit(wave_store)
    assert check.broken is not None and (check.broken.seq, check.broken.problem) == (2, "hash")


def test_an_export_follows_the_language_and_the_hub_time_zone(
    wave_store: Store, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    close_receiving_as(wave_store, SUP, WAVE, sku_id="S00002", reason="晚到", clock=lambda: at(0))
    path = tmp_path / "a.csv"
    assert export_audit(wave_store, path, lang="en", zone=ZoneInfo("Asia/Shanghai")) == 1
    header, row = path.read_text(encoding="utf-8-sig").splitlines()
    assert header.startswith("no.,time,supervisor,action,object,reason")
    assert row.startswith("1,2026-11-28 06:00:00,SUP1,receiving closed by a supervisor,")


@pytest.mark.postgres
def test_two_stations_appending_at_once_keep_one_chain(pg_url: str) -> None:
    Store.open(pg_url).close()  # migrated once, before the stations start
    per_station, stations = 15, 2
    start = threading.Barrier(stations)
    errors: list[BaseException] = []

    def station(n: int) -> None:
        store = Store.open(pg_url)
        try:
            start.wait()
            for i in range(per_station):
                with store.write() as s:
                    audit_repo.record_audit(
                        s,
                        action=Action.OUTBOX_RETRY,
                        supervisor=f"SUP{n}",
                        reason=f"{n}-{i}",
                        at=datetime.now(UTC),
                        entry_id=i,
                    )
                    # Hold the transaction a moment: without the lock the other station would
                    # read the same newest record meanwhile and fork the chain.
                    s.execute(text("SELECT pg_sleep(0.005)"))
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=station, args=(n,)) for n in range(stations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    store = Store.open(pg_url)
    try:
        records = log_of(store)
        assert [r.seq for r in records] == list(range(1, per_station * stations + 1))
        assert {r.supervisor for r in records} == {"SUP0", "SUP1"}
        assert verify_audit(store).intact
    finally:
        store.close()
