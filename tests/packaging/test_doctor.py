"""`sorter-app doctor` against what it checks, reachable and not: the simulator (running, then
stopped), a printer (a real loopback TCP listener, then a closed port), the database (a migrated
SQLite file, then PostgreSQL on a closed loopback port). The report never carries a secret."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from sorter_app.cli import main
from sorter_app.doctor import Status, check_clock
from sorter_app.settings import Paths
from sorter_app.store.database import Store
from tests.platform_fixtures import TOKEN, running_platform

DB_PASSWORD = "db-Secret-7731"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def printer() -> Iterator[int]:
    """A raw 9100-style printer: a loopback listener that accepts connections."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def write_settings(printer_port: int, serial_port: str = "loop://") -> None:
    config = Paths.for_user().config_dir
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(
        'hub_id = "HZ01"\n'
        f'[scanners]\nserial_port = "{serial_port}"\n'
        f'[printers.label1]\nlanguage = "zpl"\naddress = "127.0.0.1:{printer_port}"\n',
        encoding="utf-8",
    )


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, str], str]:
    code = main(["doctor", "--lang", "en", *args])
    captured = capsys.readouterr()
    out = captured.out + captured.err  # the verdict on stderr when something is wrong
    lines = {}
    for line in out.splitlines():
        if line.startswith("["):
            status, rest = line[1:].split("] ", 1)
            check, text = rest.split(": ", 1)
            lines[check] = f"{status.strip()} {text}"
    return code, lines, out


def test_a_healthy_station_passes_every_check(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    printer: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    Store.open(db).close()
    write_settings(printer)
    monkeypatch.setenv("SORTER_API_TOKEN", TOKEN)
    with running_platform(communities=2, skus=2, lines=4, seed=1) as platform:
        url = platform.url
        code, lines, out = doctor(capsys, "--db", db, "--api", url)
    assert lines["database"].startswith("ok ") and "schema at head" in lines["database"]
    assert lines["platform URL"] == f"ok {url}"
    assert lines["platform token"] == "ok present (not shown)"
    assert lines["platform"] == "ok request answered (HTTP 200)"
    assert lines["clock"].startswith("ok within")
    assert lines["printer label1"] == f"ok 127.0.0.1:{printer} reachable"
    assert lines["scanner"] == "ok port loop:// opens"
    assert lines["CJK font"].startswith("ok ")
    assert lines["disk"].startswith("ok ")
    assert out.rstrip().endswith("all checks passed") and code == 0
    assert TOKEN not in out


def test_nothing_reachable_fails_each_check_and_exits_non_zero(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    printer_port = closed_port()
    write_settings(printer_port, serial_port="/dev/nonexistent-scanner")
    monkeypatch.setenv("SORTER_API_TOKEN", TOKEN)
    monkeypatch.setenv("SORTER_DB_PASSWORD", DB_PASSWORD)
    with running_platform(communities=2, skus=2, lines=4, seed=1) as platform:
        url = platform.url  # stopped on leaving: nothing listens there any more
    pg = f"postgresql+psycopg://hub:{DB_PASSWORD}@127.0.0.1:{closed_port()}/hub"
    code, lines, out = doctor(capsys, "--db", pg, "--api", url)
    assert code == 1
    assert lines["database"].startswith("FAIL postgresql+psycopg://hub:***@127.0.0.1:")
    assert "cannot connect" in lines["database"]
    assert lines["platform"].startswith("FAIL cannot reach")
    assert lines["printer label1"].startswith(f"FAIL 127.0.0.1:{printer_port} unreachable")
    assert lines["scanner"].startswith("FAIL port /dev/nonexistent-scanner cannot be opened")
    assert "send this report to IT" in out
    # A report for IT: neither the token nor the database password, wherever they came from.
    assert TOKEN not in out and DB_PASSWORD not in out


def test_a_missing_token_and_a_refused_token_are_said_without_showing_one(
    capsys: pytest.CaptureFixture[str], printer: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_settings(printer)
    with running_platform(communities=2, skus=2, lines=4, seed=1) as platform:
        monkeypatch.delenv("SORTER_API_TOKEN", raising=False)
        _, missing, _ = doctor(capsys, "--api", platform.url)
        monkeypatch.setenv("SORTER_API_TOKEN", "wrong-token-5521")
        code, refused, out = doctor(capsys, "--api", platform.url)
    assert missing["platform token"].startswith("FAIL missing")
    assert refused["platform"] == "FAIL the platform refused the token (HTTP 401)"
    assert code == 1 and "wrong-token-5521" not in out


def test_a_clock_more_than_a_minute_off_is_a_warning() -> None:
    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    close = check_clock(format_datetime(now - timedelta(seconds=20), usegmt=True), now)
    far = check_clock(format_datetime(now - timedelta(seconds=150), usegmt=True), now)
    assert close.status is Status.OK
    assert far.status is Status.WARN and "150 s ahead of the platform" in far.en
