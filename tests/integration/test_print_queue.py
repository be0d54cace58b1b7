"""The persistent print queue against a real port-9100 server on loopback: order, exactly the
bytes, retries while the printer is off or drops the connection, cancel, failures kept for a
retry, and jobs that survive the app being restarted or killed mid-job."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from printers.transports.tcp import TcpTransport
from sorter_app.services.printing import print_queue
from sorter_app.services.printing.print_queue import PrintJobError
from sorter_app.services.printing.sender import PrintSender
from sorter_app.store.database import Store
from sorter_app.store.print_jobs_repo import NewJob
from tests.integration.test_print_transports import PrinterServer, closed_port

REPO = Path(__file__).resolve().parents[2]
FAST = {"backoff_start_s": 0.02, "backoff_cap_s": 0.1, "rng": random.Random(7)}


def label(n: int) -> NewJob:
    return NewJob(kind="label", description=f"label {n}", payload=f"^XA^FD{n:04d}^XZ".encode())


@pytest.fixture
def server() -> Iterator[PrinterServer]:
    s = PrinterServer()
    yield s
    s.close()


def sender_for(store: Store, port: int, **options: object) -> PrintSender:
    return PrintSender(
        store, {"lab": TcpTransport("127.0.0.1", port, timeout=2)}, **{**FAST, **options}
    )


def test_jobs_reach_the_printer_in_order_with_exactly_their_bytes(
    store: Store, server: PrinterServer
) -> None:
    payloads = [label(n) for n in range(5)] + [
        NewJob(kind="document", description="manifest", payload=os.urandom(200_000))
    ]
    ids = print_queue.enqueue(store, "lab", payloads)
    assert [j.status for j in print_queue.jobs(store, "lab")] == ["queued"] * 6

    result = sender_for(store, server.port).run(["lab"], timeout=10)

    assert (result.sent, result.queued, result.failed) == (6, 0, 0)
    assert server.wait_for_jobs(6) == [p.payload for p in payloads]
    done = print_queue.jobs(store, "lab")
    assert [j.id for j in done] == ids
    assert all(j.status == "sent" and j.attempts == 1 and j.sent_at for j in done)


def test_a_printer_that_is_off_keeps_its_jobs_queued_until_it_comes_back(store: Store) -> None:
    port = closed_port()
    print_queue.enqueue(store, "lab", [label(1), label(2)])
    sender = sender_for(store, port)

    result = sender.send_due(["lab"])

    assert (result.sent, result.queued) == (0, 2)
    assert "refused" in result.errors["lab"] and "拒绝" in result.errors["lab"]
    first, second = print_queue.jobs(store, "lab")
    assert (first.status, first.attempts) == ("queued", 1)
    assert f"127.0.0.1:{port}" in first.last_error  # the status says why it waits
    assert (second.status, second.attempts) == ("queued", 0)  # nothing jumps the queue

    # Still off: the sender keeps trying with backoff, and gives up only when told to.
    result = sender.run(["lab"], timeout=0.3)
    assert result.queued == 2
    assert print_queue.job(store, first.id).attempts > 2

    comes_back = PrinterServer(port)
    try:
        result = sender.run(["lab"], timeout=10)
        assert (result.sent, result.queued, result.errors) == (2, 0, {})
        assert comes_back.wait_for_jobs(2) == [label(1).payload, label(2).payload]
        time.sleep(0.2)
        assert len(comes_back.jobs) == 2  # each delivered once
    finally:
        comes_back.close()


def test_a_connection_dropped_mid_job_sends_that_job_again_once(
    store: Store, server: PrinterServer
) -> None:
    big = NewJob(kind="label", description="big", payload=os.urandom(500_000))
    print_queue.enqueue(store, "lab", [big, label(2)])
    server.drop_next = 2

    result = sender_for(store, server.port).run(["lab"], timeout=10)

    assert result.sent == 2 and server.dropped == 2
    assert server.wait_for_jobs(2) == [big.payload, label(2).payload]
    assert print_queue.jobs(store, "lab")[0].attempts == 3


def test_other_printers_are_not_held_up_by_one_that_is_off(
    store: Store, server: PrinterServer
) -> None:
    print_queue.enqueue(store, "off", [label(1)])
    print_queue.enqueue(store, "lab", [label(2)])
    sender = PrintSender(
        store,
        {
            "off": TcpTransport("127.0.0.1", closed_port()),
            "lab": TcpTransport("127.0.0.1", server.port),
        },
        **FAST,
    )
    result = sender.run(["off", "lab"], timeout=0.5)
    assert server.wait_for_jobs(1) == [label(2).payload]
    assert result.queued == 1 and set(result.errors) == {"off"}


def test_a_cancelled_job_is_never_printed(store: Store, server: PrinterServer) -> None:
    ids = print_queue.enqueue(store, "lab", [label(1), label(2), label(3)])
    assert print_queue.cancel(store, ids[1]).status == "cancelled"

    sender_for(store, server.port).run(["lab"], timeout=10)

    time.sleep(0.2)
    assert server.jobs == [label(1).payload, label(3).payload]
    with pytest.raises(PrintJobError) as caught:
        print_queue.cancel(store, ids[0])  # already printed
    assert "sent" in caught.value.message_en and "已发送" in caught.value.message_zh
    with pytest.raises(PrintJobError):
        print_queue.cancel(store, 999_999)


def test_a_job_that_cannot_be_sent_fails_with_its_reason_and_can_be_retried(
    store: Store, server: PrinterServer, tmp_path: Path
) -> None:
    manifest = tmp_path / "manifest.pdf"
    [doc] = print_queue.enqueue(
        store, "lab", [NewJob(kind="document", description="manifest", payload_ref=str(manifest))]
    )
    sender = sender_for(store, server.port)
    result = sender.run(["lab"], timeout=5)
    failed = print_queue.job(store, doc)
    assert (result.failed, failed.status) == (1, "failed")
    assert str(manifest) in failed.last_error

    manifest.write_bytes(b"%PDF-1.4 test")
    assert print_queue.retry(store, doc).status == "queued"
    assert sender.run(["lab"], timeout=5).sent == 1
    assert server.wait_for_jobs(1) == [b"%PDF-1.4 test"]


def test_queued_jobs_survive_a_restart(sqlite_url: str, server: PrinterServer) -> None:
    # Queued by one process, which then exits before the printer was ever reachable.
    script = f"""
        from sorter_app.services.printing import print_queue
        from sorter_app.store.print_jobs_repo import NewJob
        from sorter_app.store.database import Store
        store = Store.open({sqlite_url!r})
        print_queue.enqueue(store, "lab", [
            NewJob(kind="label", description=f"label {{n}}", payload=f"^XA^FD{{n:04d}}^XZ".encode())
            for n in range(3)
        ])
    """
    subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=REPO, check=True)

    store = Store.open(sqlite_url)
    try:
        assert [j.status for j in print_queue.jobs(store, "lab")] == ["queued"] * 3
        assert sender_for(store, server.port).run(["lab"], timeout=10).sent == 3
        assert server.wait_for_jobs(3) == [label(n).payload for n in range(3)]
    finally:
        store.close()


def test_a_sender_killed_mid_job_leaves_it_to_be_sent_again(
    sqlite_url: str, server: PrinterServer
) -> None:
    store = Store.open(sqlite_url)
    big = NewJob(kind="label", description="big", payload=os.urandom(8_000_000))
    print_queue.enqueue(store, "lab", [big, label(2)])
    jammed = PrinterServer()  # takes the connection and never reads: the send blocks
    jammed.hold_next = 1
    script = f"""
        from printers.transports.tcp import TcpTransport
        from sorter_app.services.printing.sender import PrintSender
        from sorter_app.store.database import Store
        store = Store.open({sqlite_url!r})
        PrintSender(store, {{"lab": TcpTransport("127.0.0.1", {jammed.port}, timeout=60)}}).run(["lab"])
    """
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], cwd=REPO)
    try:
        deadline = time.monotonic() + 20
        while print_queue.jobs(store, "lab")[0].status != "sending":
            assert time.monotonic() < deadline, "the sender never started the job"
            time.sleep(0.05)
        time.sleep(0.3)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        assert print_queue.jobs(store, "lab")[0].status == "sending"

        # Another sender waits for the lease of the dead one, then sends the job again.
        result = sender_for(store, server.port, lease_s=0.5).run(["lab"], timeout=10)

        assert result.sent == 2
        assert server.wait_for_jobs(2) == [big.payload, label(2).payload]
        first = print_queue.jobs(store, "lab")[0]
        assert (first.status, first.attempts) == ("sent", 2)
    finally:
        if child.poll() is None:
            child.kill()
        jammed.close()
        store.close()
