"""One version, from pyproject.toml, wherever a user or IT reads it: `--version`, the log's first
line, the platform client's User-Agent, the about box."""

from __future__ import annotations

import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from sorter_app import version
from sorter_app.cli import main
from sorter_app.logging_setup import configure_logging, log_file_path
from sorter_app.platform.http import Transport
from tests.ui.conftest import Ui

ROOT = Path(__file__).resolve().parents[2]


def pyproject_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def test_the_version_is_the_one_in_pyproject() -> None:
    assert version.app_version() == pyproject_version()


def test_without_metadata_the_bundled_file_then_pyproject_give_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def missing(name: str) -> str:
        raise version.PackageNotFoundError(name)

    monkeypatch.setattr(version, "_metadata_version", missing)
    version.app_version.cache_clear()
    try:
        assert version.app_version() == pyproject_version()  # a checkout never installed
        (tmp_path / "sorter_app").mkdir()
        (tmp_path / "sorter_app" / "VERSION").write_text("9.8.7\n", encoding="utf-8")
        monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)  # a frozen build
        version.app_version.cache_clear()
        assert version.app_version() == "9.8.7"
    finally:
        version.app_version.cache_clear()


def test_sorter_app_version_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"sorter-app {pyproject_version()}"


def test_the_log_starts_with_the_version() -> None:
    configure_logging()
    path = log_file_path()
    assert path is not None
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert f"Hub Sorter {pyproject_version()} started" in first


class _Recorder(BaseHTTPRequestHandler):
    agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.agents.append(self.headers.get("User-Agent", ""))
        body = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_platform_is_told_the_version_in_the_user_agent() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        transport = Transport(f"http://127.0.0.1:{server.server_port}", "t0ken")
        transport.get("/api/v1/waves")
        transport.close()
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.agents == [f"HubSorter/{pyproject_version()}"]


def test_the_about_box_shows_it(ui: Ui) -> None:
    box = ui.window.show_about()
    assert pyproject_version() in box.text()
    assert str(ui.ctx.settings.paths.data_dir) in box.text()
    box.close()
