"""A platform URL that is wrong says how: no scheme, a base path missing (404), a host name that
does not resolve (at once, not after ten attempts). Name resolution is made to fail inside the
test; nothing leaves this machine."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sorter_app.cli import main
from sorter_app.platform.client import PlatformClient
from sorter_app.platform.errors import (
    InsecureUrl,
    PlatformHostNotFound,
    PlatformPathNotFound,
    PlatformRejected,
    PlatformUnavailable,
    UrlWithoutScheme,
)
from sorter_app.platform.simulator import Simulator, SimulatorServer


@pytest.fixture(scope="module")
def simulator() -> Any:
    with SimulatorServer(Simulator(communities=3, skus=3, lines=12)) as server:
        yield server


@pytest.mark.parametrize(
    ("url", "suggested"),
    [
        ("127.0.0.1:8765", "http://127.0.0.1:8765/api/v1"),
        ("localhost:8765/api/v1", "http://localhost:8765/api/v1"),
        ("platform.example/api/v1", "https://platform.example/api/v1"),
    ],
)
def test_a_url_without_scheme_says_the_scheme_is_missing(url: str, suggested: str) -> None:
    with pytest.raises(UrlWithoutScheme) as caught:
        PlatformClient(url, "t")
    error = caught.value
    assert isinstance(error, InsecureUrl)  # still refused like any unusable URL
    assert error.code == "url_without_scheme"
    assert "缺少协议" in error.message_zh and suggested in error.message_zh
    assert "no scheme" in error.message_en and suggested in error.message_en


def test_import_with_api_without_scheme_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SORTER_API_TOKEN", "tok")
    db = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    status = main(["import", "--date", "2026-11-27", "--db", db, "--api", "127.0.0.1:8765"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert status != 0 and len(lines) == 1
    assert "缺少协议" in lines[0] and "http://127.0.0.1:8765/api/v1" in lines[0]


def test_a_404_without_a_specific_code_says_to_check_the_base_path(simulator: Any) -> None:
    root = simulator.url.removesuffix("/api/v1")  # the base path forgotten
    client = PlatformClient(root, "dev-token", max_attempts=1)
    with pytest.raises(PlatformPathNotFound) as caught:
        client.waves("HZ01", date(2026, 11, 27))
    error = caught.value
    assert isinstance(error, PlatformRejected) and error.status == 404
    assert "基础路径" in error.message_zh and "/api/v1" in error.message_zh
    assert "base path" in error.message_en and "/api/v1" in error.message_en
    assert root + "/hubs/HZ01/waves" in error.message_en


def test_a_404_the_platform_explains_is_not_about_the_base_path(simulator: Any) -> None:
    client = PlatformClient(simulator.url, "dev-token", max_attempts=1)
    with pytest.raises(PlatformRejected) as caught:
        client.wave("NO-SUCH-WAVE")
    assert not isinstance(caught.value, PlatformPathNotFound)
    assert caught.value.code == "wave_not_found"


def test_import_against_a_url_missing_its_base_path_is_one_line(
    simulator: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SORTER_API_TOKEN", "dev-token")
    root = simulator.url.removesuffix("/api/v1")
    db = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    status = main(["import", "--date", "2026-11-27", "--db", db, "--api", root, "--lang", "en"])
    err = capsys.readouterr().err
    assert status != 0 and "Traceback" not in err
    [line] = err.strip().splitlines()
    assert "base path" in line and "/api/v1" in line


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Name resolution fails for `*.invalid`; every look-up of such a name is recorded."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        if isinstance(host, str) and host.endswith(".invalid"):
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for proxy in (
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(proxy, raising=False)
    return asked


def test_a_host_name_that_does_not_resolve_fails_at_the_first_attempt(no_dns: list[str]) -> None:
    sleeps: list[float] = []
    client = PlatformClient("https://platform.invalid/api/v1", "t", sleep=sleeps.append)
    with pytest.raises(PlatformHostNotFound) as caught:
        client.waves("HZ01", date(2026, 11, 27))
    error = caught.value
    assert isinstance(error, PlatformUnavailable)  # exit status 6; the outbox keeps it pending
    assert error.attempts == 1 and len(no_dns) == 1 and sleeps == []
    assert "platform.invalid" in error.message_zh and "域名解析失败" in error.message_zh
    assert "platform.invalid" in error.message_en and "not found" in error.message_en


def test_import_from_a_host_that_does_not_resolve_is_one_line_at_once(
    no_dns: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SORTER_API_TOKEN", "tok")
    db = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    argv = ["import", "--date", "2026-11-27", "--db", db, "--api", "https://hub.invalid/api/v1"]
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 6 and len(no_dns) == 1
    [line] = err.strip().splitlines()
    assert "hub.invalid" in line and "Traceback" not in err
