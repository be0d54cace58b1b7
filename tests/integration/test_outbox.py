"""Reports reach the platform exactly once: queued with the event, sent in order through faults,
restarts of the platform and of the app; a 401 pauses, a permanent refusal parks one entry."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from sorter_app.domain.reports import ReportDraft
from sorter_app.platform.client import PlatformClient
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.reporting.outbox_queue import queue_report
from sorter_app.services.reporting.outbox_sender import OutboxSender
from sorter_app.services.reporting.report_export import FolderExporter
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.waves.wave_import import import_date, import_order_file
from sorter_app.store import outbox_repo, tables
from sorter_app.store.database import Store
from tests.pg_cluster import free_port
from tests.platform_fixtures import DELIVERY, TOKEN, WAVE, running_platform
from tests.unit.test_order_file import HEADER, ROWS, write_xlsx


def test_a_short_receipt_is_reported_once_with_its_milestones(sqlite_url: str) -> None:
    with running_platform(communities=6, skus=8, lines=80, seed=5) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        wave = platform.sim.export_wave(WAVE)
        sku = next(s for s in wave["skus"] if s["status"] == "active" and s["barcodes"])
        ordered = sum(
            line["qty"]
            for o in wave["orders"]
            if o["status"] == "closed"
            for line in o["lines"]
            if line["sku_id"] == sku["sku_id"]
        )
        ScanStation(store, wave_id=WAVE, station_id="ST-01").scan(
            f"{sku['barcodes'][0]}*{ordered - 2}", mode="receive"
        )
        close_receiving(store, WAVE, sku_id=sku["sku_id"], station_id="ST-01")
        sender = OutboxSender(store, platform.client())
        first = sender.run(until_empty=True, timeout=30)
        again = OutboxSender(store, platform.client()).run(until_empty=True, timeout=5)
        reports = platform.sim.reports(WAVE)
        stages = platform.sim.hub_status(WAVE)
    assert (first.pending, first.parked, again.sent) == (0, 0, 0)
    [report] = reports
    assert report["type"] == "shortage" and report["station_id"] == "ST-01"
    assert sum(item["qty"] for item in report["items"]) == 2
    assert {item["sku_id"] for item in report["items"]} == {sku["sku_id"]}
    assert list(stages)[:2] == ["imported", "receiving"]


def _queue_line_reports(store: Store, wave: dict, count: int) -> list[str]:
    """One shortage report per order line (qty 1): `count` distinct, valid reports."""
    lines = [(o, line) for o in wave["orders"] if o["status"] == "closed" for line in o["lines"]][
        :count
    ]
    assert len(lines) == count
    keys = []
    with store.write() as s:
        wave_pk = s.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == WAVE))
        for order, line in lines:
            item = {
                "order_id": order["order_id"],
                "line_id": line["line_id"],
                "sku_id": line["sku_id"],
                "community_id": order["community_id"],
                "qty": 1,
                "reason": "supplier_short",
            }
            keys.append(
                queue_report(s, wave_pk, ReportDraft("shortage", (item,), "test"), "ST-01", _now())
            )
    return keys


def _now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _start_simulator(
    port: int, state: Path, faults: str | None, lines: int = 400
) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        "-m",
        "sorter_app.platform.simulator.cli",
        "--port",
        str(port),
        "--seed",
        "9",
        "--communities",
        "20",
        "--skus",
        "30",
        "--lines",
        str(lines),
        "--token",
        TOKEN,
        "--state",
        str(state),
        "--retry-after",
        "1",
        "--fault-timeout",
        "2",
    ]
    if faults:
        args += ["--faults", faults, "--faults-seed", str(port)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and "listening on" in proc.stdout.readline()
    return proc


def _received_report_ids(port: int) -> list[str]:
    body = requests.get(
        f"http://127.0.0.1:{port}/_sim/received",
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    ).json()
    # One entry per idempotency key the platform holds (a repeat only raises its attempts).
    return [entry["body"]["report_id"] for entry in body["reports"]]


FAULTS_30_PERCENT = "500:0.1,429:0.08,timeout:0.04,drop:0.08"


def test_reports_through_faults_and_a_platform_restart_arrive_exactly_once(tmp_path: Path) -> None:
    _exactly_once_through_faults(tmp_path, reports=60)


@pytest.mark.slow
def test_a_thousand_reports_through_faults_and_restarts(tmp_path: Path) -> None:
    """The full figure recorded in docs/reliability.md."""
    _exactly_once_through_faults(tmp_path, reports=1000)


def _exactly_once_through_faults(tmp_path: Path, reports: int) -> None:
    """`reports` reports sent while the platform fails 30 % of requests (500, 429 with
    Retry-After, timeouts, dropped connections) and is killed and restarted half-way."""
    port, state = free_port(), tmp_path / "platform.json"
    proc = _start_simulator(port, state, faults=FAULTS_30_PERCENT, lines=max(400, reports * 2))
    started = time.monotonic()
    try:
        url = f"http://127.0.0.1:{port}/api/v1"
        store = Store.open(f"sqlite:///{tmp_path / 'hub.sqlite'}")
        nap = lambda s: time.sleep(min(s, 0.05))  # noqa: E731 - Retry-After honoured, briefly
        # The import retries as much as it needs (10 attempts); the sender's client gives up
        # sooner, so that the outbox's own backoff is exercised too.
        importer = PlatformClient(url, TOKEN, read_timeout=1.0, sleep=nap)
        import_date(store, importer, "HZ01", DELIVERY)
        keys = _queue_line_reports(store, _export_via_client(importer), reports)
        client = PlatformClient(url, TOKEN, read_timeout=1.0, max_attempts=3, sleep=nap)
        sender = OutboxSender(store, client, sleep=nap, backoff_start_s=0.05, backoff_cap_s=0.5)
        outcome: list[object] = []
        thread = threading.Thread(
            target=lambda: outcome.append(sender.run(until_empty=True, timeout=600))
        )
        thread.start()
        while len(_received_report_ids(port)) < reports // 2 and thread.is_alive():
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)  # the platform dies half-way...
        proc.wait()
        time.sleep(1.0)  # ...the sender keeps trying; nothing is lost meanwhile
        proc = _start_simulator(port, state, faults=FAULTS_30_PERCENT, lines=max(400, reports * 2))
        thread.join(timeout=600)
        [result] = outcome
        assert (result.pending, result.parked) == (0, 0)  # type: ignore[attr-defined]
        received = _received_report_ids(port)
    finally:
        proc.kill()
        proc.wait()
    assert sorted(received) == sorted(keys)
    assert len(received) == len(set(received)) == reports
    print(
        f"{reports} reports exactly once through 30 % faults and a restart in {time.monotonic() - started:.1f} s"
    )


def _export_via_client(client: PlatformClient) -> dict:
    snapshot = client.fetch_wave(WAVE)
    return {
        "orders": [
            {
                "order_id": o.order_id,
                "community_id": o.community_id,
                "status": o.status.value,
                "lines": [
                    {"line_id": ln.line_id, "sku_id": ln.sku_id, "qty": ln.qty} for ln in o.lines
                ],
            }
            for o in snapshot.orders
            if o.to_deliver and all(_active(snapshot, ln.sku_id) for ln in o.lines)
        ]
    }


def _active(snapshot, sku_id: str) -> bool:  # type: ignore[no-untyped-def]
    return next(s for s in snapshot.skus if s.sku_id == sku_id).to_sort


def _fast_backoff(store: Store) -> None:
    """The test does not wait out minutes of backoff: make every pending entry due now."""
    with store.write() as s:
        s.execute(tables.OutboxEntry.__table__.update().values(next_attempt_at=None))


def test_the_app_killed_while_sending_resends_without_doubling(tmp_path: Path) -> None:
    port, state = free_port(), tmp_path / "platform.json"
    proc = _start_simulator(port, state, faults=None)
    db = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    try:
        url = f"http://127.0.0.1:{port}/api/v1"
        client = PlatformClient(url, TOKEN)
        store = Store.open(db)
        import_date(store, client, "HZ01", DELIVERY)
        keys = _queue_line_reports(store, _export_via_client(client), 40)
        env = {**os.environ, "SORTER_API_TOKEN": TOKEN}
        sync = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sorter_app.cli",
                "sync",
                "--db",
                db,
                "--api",
                url,
                "--until-empty",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while len(_received_report_ids(port)) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        sync.send_signal(signal.SIGKILL)  # killed mid-send
        sync.wait()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sorter_app.cli",
                "sync",
                "--db",
                db,
                "--api",
                url,
                "--until-empty",
                "--timeout",
                "60",
                "--lang",
                "en",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "pending 0, parked 0" in done.stdout
        received = _received_report_ids(port)
    finally:
        proc.kill()
        proc.wait()
    assert sorted(received) == sorted(keys)


def test_a_bad_token_pauses_and_a_reused_key_parks_one_entry(sqlite_url: str) -> None:
    with running_platform(communities=6, skus=8, lines=80, seed=5) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        wave = platform.sim.export_wave(WAVE)
        keys = _queue_line_reports(
            store, {"orders": [o for o in wave["orders"] if o["status"] == "closed"]}, 3
        )
        paused = OutboxSender(
            store, PlatformClient(platform.url, "wrong", sleep=lambda s: None)
        ).send_due()
        assert paused.paused_for_auth and paused.parked == 0 and paused.sent == 0
        # The platform already holds the second key with another body: a permanent refusal.
        platform.client().post_report(
            WAVE,
            {
                "report_id": keys[1],
                "type": "overage",
                "station_id": "X",
                "created_at": "2026-11-27T01:00:00+08:00",
                "items": [
                    {"sku_id": wave["skus"][0]["sku_id"], "qty": 1, "reason": "supplier_over"}
                ],
                "note": "",
            },
            keys[1],
        )
        _fast_backoff(store)
        result = OutboxSender(store, platform.client()).run(until_empty=True, timeout=30)
        with store.read() as s:
            parked = outbox_repo.parked(s)
    assert (result.pending, result.parked) == (0, 1)
    assert parked[0][2] == keys[1] and "idempotency_key_reused" in parked[0][3]
    assert {r["report_id"] for r in platform.sim.reports(WAVE)} >= {keys[0], keys[2]}


def test_a_file_wave_reports_to_csv_files(tmp_path: Path, sqlite_url: str) -> None:
    store = Store.open(sqlite_url)
    path = write_xlsx(tmp_path / "orders.xlsx", [HEADER, *ROWS])
    result = import_order_file(store, path, hub_id="HZ01", delivery_date=DELIVERY)
    station = ScanStation(store, wave_id=result.wave_id, station_id="ST-01")
    station.scan("6923456789012*1", mode="receive")  # 4 ordered of this SKU
    close_receiving(store, result.wave_id)
    exports = tmp_path / "exports"
    done = OutboxSender(store, None, export_file=FolderExporter(exports)).run(
        until_empty=True, timeout=10
    )
    assert done.pending == 0 and done.exported > 0 and done.sent == 0  # files, not the platform
    files = sorted((exports / result.wave_id).glob("*shortage*.csv"))
    text = "".join(f.read_text(encoding="utf-8-sig") for f in files)
    assert "supplier_short" in text and "B6923456789012" in text
