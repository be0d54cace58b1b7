"""A wave's reports go where the wave came from, or wait (issue 9, item 2).

A wave imported from the platform reports to the platform only: with no URL or token `sync` leaves
its entries pending, says why and exits 2; it never writes them to a file and calls them sent.
A wave imported from a file exports files and says "exported". Entries wait per wave. For hubs an
earlier release diverted, `outbox resend` re-queues to the platform what never reached it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from sorter_app.cli import main
from sorter_app.platform.simulator.generator import wave_id_for
from sorter_app.services.people.roster import add_person
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.reporting.outbox_sender import OutboxSender
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import import_date, import_order_file
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.outbox_support import (
    exported_files,
    exports_folder,
    outbox_entries,
    queue_reports,
    received_reports,
)
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, running_platform
from tests.unit.test_order_file import HEADER, ROWS, write_xlsx

SUPERVISOR, PIN = "S01", "1234"


def _file_wave(store: Store, tmp_path: Path) -> str:
    """A wave imported from an Excel file, with a shortage report queued (1 of 4 received)."""
    path = write_xlsx(tmp_path / "orders.xlsx", [HEADER, *ROWS])
    wave_id = import_order_file(store, path, hub_id="HZ01", delivery_date=DELIVERY).wave_id
    ScanStation(store, wave_id=wave_id, station_id="ST-01").scan("6923456789012*1", mode="receive")
    close_receiving(store, wave_id)
    return wave_id


def test_sync_without_a_platform_keeps_a_platform_waves_reports_then_sends_each_once(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_platform(communities=6, skus=8, lines=80, seed=5) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)  # queues the "imported" stage
        keys = queue_reports(store, platform, WAVE, 3)

        # The symptom: no API URL. Nothing is marked sent, nothing becomes a file.
        code = main(["sync", "--db", sqlite_url, "--until-empty", "--timeout", "5"])
        out, err = capsys.readouterr()
        assert code == 2
        assert "已发送 0" in out and "待发送 4" in out
        assert WAVE in err and "没有配置平台地址" in err and "不会导出为文件" in err
        assert "Traceback" not in err
        assert {status for _, status, _ in outbox_entries(store, WAVE)} == {"pending"}
        assert exported_files() == []

        # A URL but no token: still waiting, and the English line says so.
        code = main(["--lang", "en", "sync", "--db", sqlite_url, "--api", platform.url])
        out, err = capsys.readouterr()
        assert code == 2 and "pending 4" in out
        assert f"{WAVE} (4)" in err and "no platform token" in err
        assert platform.sim.reports(WAVE) == [] and platform.sim.hub_status(WAVE) == {}

        # With the URL and the token: the platform holds every entry, each sent exactly once.
        code = main(
            ["sync", "--db", sqlite_url, "--api", platform.url, "--token", TOKEN, "--until-empty"]
        )
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "已发送 4" in out and "待发送 0" in out and "已导出" not in out
        assert received_reports(platform, WAVE) == {key: 1 for key in keys}
        assert list(platform.sim.hub_status(WAVE)) == ["imported"]
        assert {(s, to) for _, s, to in outbox_entries(store, WAVE)} == {("sent", "platform")}
        assert exported_files() == []
        store.close()


def test_a_file_wave_still_exports_and_says_exported(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(sqlite_url)
    wave_id = _file_wave(store, tmp_path)
    code = main(["sync", "--db", sqlite_url])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "已导出" in out and str(exports_folder()) in out and "已发送" not in out
    files = exported_files()
    assert files and all(f.parent.name == wave_id for f in files)
    assert "supplier_short" in "".join(f.read_text(encoding="utf-8-sig") for f in files)
    assert {(s, to) for _, s, to in outbox_entries(store, wave_id)} == {("sent", "file")}
    store.close()


def test_a_platform_wave_waiting_for_its_url_does_not_hold_back_a_file_waves_exports(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_platform(communities=6, skus=8, lines=80, seed=5) as platform:
        store = Store.open(sqlite_url)
        # The platform wave's entries are older: a single queue in order would stop at them.
        import_date(store, platform.client(), "HZ01", DELIVERY)
        queue_reports(store, platform, WAVE, 2)
        file_wave = _file_wave(store, tmp_path)

        code = main(["--lang", "en", "sync", "--db", sqlite_url, "--until-empty"])
        out, err = capsys.readouterr()
        assert code == 2  # the platform wave's entries are still pending
        assert "exported" in out and "sent " not in out and "pending 3" in out
        assert f"platform waves {WAVE} (3) not sent: no platform URL" in err
        assert {s for _, s, _ in outbox_entries(store, file_wave)} == {"sent"}
        assert {s for _, s, _ in outbox_entries(store, WAVE)} == {"pending"}
        assert {f.parent.name for f in exported_files()} == {file_wave}
        assert platform.sim.reports(WAVE) == []
        store.close()


def test_one_platform_wave_in_backoff_does_not_hold_back_another(db_url: str) -> None:
    first, second = wave_id_for("HZ01", DELIVERY, 1), wave_id_for("HZ01", DELIVERY, 2)
    with running_platform(communities=6, skus=8, lines=80, seed=5, waves_per_day=2) as platform:
        store = Store.open(db_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        a1 = queue_reports(store, platform, first, 2)
        b = queue_reports(store, platform, second, 2)
        a2 = queue_reports(store, platform, first, 1)  # interleaved: A, B, A
        # The first wave's oldest entry failed a moment ago and waits out its backoff.
        o = tables.OutboxEntry
        with store.write() as s:
            head = s.scalar(
                select(o.id)
                .join(tables.Wave)
                .where(tables.Wave.wave_id == first)
                .order_by(o.id)
                .limit(1)
            )
            s.execute(
                update(o)
                .where(o.id == head)
                .values(next_attempt_at=datetime.now(UTC) + timedelta(minutes=5), attempts=1)
            )

        waiting = OutboxSender(store, platform.client()).send_due()
        assert waiting.sent == 3  # the second wave: its milestone and two reports
        assert received_reports(platform, second) == {key: 1 for key in b}
        assert platform.sim.reports(first) == []  # nothing of the first overtook its head

        with store.write() as s:
            s.execute(update(o).values(next_attempt_at=None))
        done = OutboxSender(store, platform.client()).run(until_empty=True, timeout=30)
        assert (done.pending, done.parked) == (0, 0)
        # Within a wave, the order is kept.
        assert [r["report_id"] for r in platform.sim.reports(first)] == a1 + a2
        assert list(platform.sim.hub_status(first)) == ["imported"]
        store.close()


def _divert_like_the_old_release(store: Store, wave_id: str) -> list[str]:
    """What releases before the fix left behind: the wave's pending entries marked sent (written
    to CSV files) without reaching the platform, their path unrecorded (NULL after 0009)."""
    o = tables.OutboxEntry
    with store.write() as s:
        wave_pk = s.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == wave_id))
        keys = list(s.scalars(select(o.key).where(o.wave_pk == wave_pk, o.status == "pending")))
        s.execute(
            update(o)
            .where(o.wave_pk == wave_pk, o.status == "pending")
            .values(status="sent", sent_at=datetime.now(UTC), attempts=1)
        )
    return keys


def test_outbox_resend_requeues_what_went_to_files_and_the_platform_gets_each_once(
    tmp_path: Path,
    sqlite_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with running_platform(communities=6, skus=8, lines=80, seed=5) as platform:
        store = Store.open(sqlite_url)
        add_person(store, SUPERVISOR, "李班长", "supervisor", PIN)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        delivered = queue_reports(store, platform, WAVE, 2)
        OutboxSender(store, platform.client()).run(until_empty=True, timeout=30)
        diverted = queue_reports(store, platform, WAVE, 3)
        _divert_like_the_old_release(store, WAVE)
        assert set(received_reports(platform, WAVE)) == set(delivered)

        # A wrong PIN re-queues nothing.
        monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "9999")
        resend = ["outbox", "resend", "--db", sqlite_url, "--wave", WAVE]
        assert main([*resend, "--supervisor", SUPERVISOR]) == 1
        assert "密码错误" in capsys.readouterr().err
        assert {s for _, s, _ in outbox_entries(store, WAVE)} == {"sent"}
        monkeypatch.setenv("SORTER_SUPERVISOR_PIN", PIN)
        assert main([*resend, "--supervisor", "W01"]) == 1
        assert "不是班组长" in capsys.readouterr().err

        assert main([*resend, "--supervisor", SUPERVISOR]) == 0
        out = capsys.readouterr().out
        assert "3 条记录已重新排队发往平台" in out
        assert [k for k, s, _ in outbox_entries(store, WAVE) if s == "pending"] == diverted

        code = main(["sync", "--db", sqlite_url, "--api", platform.url, "--token", TOKEN])
        assert code == 0, capsys.readouterr().err
        # Every report exactly once: the diverted ones arrived now, the others were not repeated.
        assert received_reports(platform, WAVE) == {key: 1 for key in delivered + diverted}
        assert {(s, to) for _, s, to in outbox_entries(store, WAVE)} == {("sent", "platform")}

        assert main(["--lang", "en", *resend, "--supervisor", SUPERVISOR]) == 0
        assert "nothing to re-queue" in capsys.readouterr().out
        store.close()


def test_outbox_resend_reads_the_pin_without_echo_and_refuses_a_file_wave(
    tmp_path: Path, sqlite_url: str
) -> None:
    store = Store.open(sqlite_url)
    add_person(store, SUPERVISOR, "李班长", "supervisor", PIN)
    wave_id = _file_wave(store, tmp_path)
    store.close()
    env = {k: v for k, v in os.environ.items() if k != "SORTER_SUPERVISOR_PIN"}
    # No terminal (a new session): getpass reads the PIN from standard input instead.
    command = ["outbox", "resend", "--db", sqlite_url, "--wave", wave_id, "--supervisor", "S01"]
    done = subprocess.run(
        [sys.executable, "-m", "sorter_app.cli", "--lang", "en", *command],
        input=f"{PIN}\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,
    )
    assert done.returncode == 1
    assert PIN not in done.stdout + done.stderr
    assert f"Wave {wave_id} was imported from a file and has no platform" in done.stderr
    assert "Traceback" not in done.stderr
