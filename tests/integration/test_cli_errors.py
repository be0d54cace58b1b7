"""No traceback reaches a user: every command, given a broken input, ends with one line saying what
happened and a status other than 0; an unexpected exception is one line naming the log file, which
holds the traceback. Commands are found by walking the parser, so commands added later are
covered without touching this file."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sorter_app.cli import _build_parser, main
from sorter_app.cli.common import date_argument
from sorter_app.cli.help_text import choose_language
from sorter_app.platform import http

ROOT = Path(__file__).resolve().parents[2]


def _leaves(
    parser: argparse.ArgumentParser, path: list[str]
) -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
    if parser.get_default("run") is not None:
        yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _leaves(sub, [*path, name])


def _commands() -> list[tuple[list[str], argparse.ArgumentParser]]:
    choose_language([])
    return list(_leaves(_build_parser(), []))


COMMANDS = _commands()
IDS = [" ".join(path) for path, _ in COMMANDS]


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings}


def _argv(path: list[str], parser: argparse.ArgumentParser, garbage: Path) -> list[str]:
    """The command with a plausible value for every required argument."""
    argv = list(path)
    for action in parser._actions:
        if not action.required or isinstance(action, argparse._SubParsersAction):
            continue
        if action.choices:
            value = str(next(iter(action.choices)))
        elif action.dest == "date" or action.type is date_argument:
            value = "2026-11-27"
        elif action.type in (int, float):
            value = "1"
        elif action.type is Path or action.dest in ("file", "path"):
            value = str(garbage)
        else:
            value = "X1"
        argv += [action.option_strings[-1], value] if action.option_strings else [value]
    for group in parser._mutually_exclusive_groups:  # e.g. aggregate (--wave W | --finished)
        if group.required:
            first = group._group_actions[0]
            takes_value = first.nargs != 0
            argv += [first.option_strings[-1], *(["X1"] if takes_value else [])]
    return argv


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A garbage file, a regular file where a folder should be, and an environment that never
    prompts and never waits on retries."""
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\xff\xfe not what anyone expects \x89PNG\r\n" * 20)
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SORTER_API_TOKEN", "tok")
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "0000")
    monkeypatch.setattr("sys.stdin", open(os.devnull, encoding="utf-8"))  # noqa: SIM115
    # An unreachable platform is retried with backoff; one attempt says the same, at once.
    init = http.Transport.__init__

    def one_attempt(self: http.Transport, *args: object, **kwargs: object) -> None:
        kwargs["max_attempts"] = 1
        init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(http.Transport, "__init__", one_attempt)
    return {"garbage": garbage, "not_a_folder": not_a_folder}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    try:
        status = main(argv)
    except SystemExit as exc:  # argparse: a usage error is a broken input too
        status = int(exc.code or 0)
    err = capsys.readouterr().err
    return status, [line for line in err.splitlines() if line.strip()], err


def _one_line_failure(argv: list[str], status: int, lines: list[str], err: str) -> None:
    assert "Traceback" not in err, f"{argv}:\n{err}"
    assert status != 0, f"{argv} ended with 0:\n{err}"
    assert len(lines) == 1, f"{argv}: expected one line on stderr, got:\n{err}"


@pytest.mark.parametrize(("path", "parser"), COMMANDS, ids=IDS)
def test_a_garbage_settings_file_is_one_line_for_every_command(
    path: list[str],
    parser: argparse.ArgumentParser,
    broken: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SORTER_CONFIG", str(broken["garbage"]))
    argv = _argv(path, parser, broken["garbage"])
    if path == ["simulator"]:
        argv += ["--faults", "nonsense"]  # it reads no settings; it must not start serving
    if path == ["demo"]:
        argv += ["--no-ui"]
    status, lines, err = _run(argv, capsys)
    _one_line_failure(argv, status, lines, err)


DB_COMMANDS = [(p, parser) for p, parser in COMMANDS if "--db" in _options(parser)]


@pytest.mark.parametrize(("path", "parser"), DB_COMMANDS, ids=[" ".join(p) for p, _ in DB_COMMANDS])
def test_a_database_that_cannot_be_opened_is_one_line_for_every_command(
    path: list[str],
    parser: argparse.ArgumentParser,
    broken: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A printer, so that the printer commands get as far as the store.
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'label_printer = "X1"\n\n[printers.X1]\nlanguage = "zpl"\ntransport = "tcp"\n'
        f'address = "127.0.0.1:{_closed_port()}"\ntimeout_s = 1\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SORTER_CONFIG", str(settings))
    # The database's folder would be inside a regular file: it can be neither found nor made.
    argv = [
        *_argv(path, parser, broken["garbage"]),
        "--db",
        f"sqlite:///{broken['not_a_folder'] / 'data' / 'hub.sqlite'}",
    ]
    if "--api" in _options(parser):
        argv += ["--api", f"http://127.0.0.1:{_closed_port()}/api/v1"]
    status, lines, err = _run(argv, capsys)
    _one_line_failure(argv, status, lines, err)


def _needs_wave(parser: argparse.ArgumentParser) -> bool:
    # A command that acts on a wave; `audit list --wave` only filters (records outlive waves).
    return any("--wave" in a.option_strings and a.required for a in parser._actions)


WAVE_COMMANDS = [(p, parser) for p, parser in COMMANDS if _needs_wave(parser)]


@pytest.mark.parametrize(
    ("path", "parser"), WAVE_COMMANDS, ids=[" ".join(p) for p, _ in WAVE_COMMANDS]
)
def test_a_wave_that_does_not_exist_is_one_line_for_every_command(
    path: list[str],
    parser: argparse.ArgumentParser,
    broken: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [*_argv(path, parser, broken["garbage"]), "--db", f"sqlite:///{tmp_path / 'e.sqlite'}"]
    argv[argv.index("--wave") + 1] = "NO-SUCH-WAVE"
    if "--api" in _options(parser):
        argv += ["--api", f"http://127.0.0.1:{_closed_port()}/api/v1"]
    if "--out" in _options(parser) and "--out" not in argv:
        argv += ["--out", str(tmp_path / "out" / "file.pdf")]
    status, lines, err = _run(argv, capsys)
    _one_line_failure(argv, status, lines, err)


def test_an_unreachable_platform_is_one_line(
    broken: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "import",
        "--date",
        "2026-11-27",
        "--db",
        f"sqlite:///{tmp_path / 'e.sqlite'}",
        "--api",
        f"http://127.0.0.1:{_closed_port()}/api/v1",
    ]
    status, lines, err = _run(argv, capsys)
    _one_line_failure(argv, status, lines, err)
    assert status == 6 and "平台" in lines[0]


def test_an_unexpected_exception_is_one_line_naming_the_log_and_the_traceback_is_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_query(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug nobody foresaw")

    monkeypatch.setattr("sorter_app.services.views.wave_queries.list_waves", broken_query)
    status, lines, err = _run(["waves", "--db", f"sqlite:///{tmp_path / 'e.sqlite'}"], capsys)
    log_file = Path(os.environ["SORTER_HOME"]) / "logs" / "hub-sorter.log"
    assert status == 1
    assert "Traceback" not in err
    assert len(lines) == 1 and str(log_file) in lines[0] and "意外错误" in lines[0]
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "KeyError: 'a bug nobody foresaw'" in logged and "broken_query" in logged

    status, lines, err = _run(
        ["waves", "--lang", "en", "--db", f"sqlite:///{tmp_path / 'e.sqlite'}"], capsys
    )
    assert status == 1 and len(lines) == 1
    assert "Unexpected error" in lines[0] and str(log_file) in lines[0]


CRASHING_COMMAND = """
import sys
import sorter_app.services.views.wave_queries as queries

def broken(*args, **kwargs):
    raise ZeroDivisionError("a bug nobody foresaw")

queries.list_waves = broken
from sorter_app.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_real_process_ends_with_status_1_and_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_COMMAND, "waves"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SORTER_HOME": str(tmp_path)},
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    log_file = tmp_path / "logs" / "hub-sorter.log"
    assert len(lines) == 1 and str(log_file) in lines[0], done.stderr
    assert "ZeroDivisionError: a bug nobody foresaw" in log_file.read_text(encoding="utf-8")


def _subprocess(
    argv: list[str], home: Path, drop: tuple[str, ...] = (), **extra: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(SORTER_HOME=str(home), PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "sorter_app", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


NO_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.mark.parametrize("argv", [["demo"], []], ids=["demo", "app"])
def test_without_a_display_the_app_says_what_to_do_instead_of_aborting(
    argv: list[str], tmp_path: Path
) -> None:
    done = _subprocess(argv, tmp_path, drop=NO_DISPLAY)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "xvfb-run" in lines[0] and "--no-ui" in lines[0] and "显示" in lines[0]
    assert "xcb" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "demo.sqlite").exists()  # said before anything was made

    english = _subprocess([*argv, "--lang", "en"], tmp_path, drop=NO_DISPLAY)
    assert english.returncode == 1 and "No display" in english.stderr


def test_has_display_rules() -> None:
    from sorter_app.app_entry import has_display

    assert not has_display({}, "linux")
    assert has_display({"DISPLAY": ":0"}, "linux")
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert has_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert has_display({"QT_QPA_PLATFORM": "minimal"}, "linux")
    assert not has_display({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not has_display({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w"}, "linux")
    assert has_display({}, "win32") and has_display({}, "darwin")


def test_a_missing_file_says_which(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, err = _run(
        ["import-file", str(tmp_path / "nowhere.xlsx"), "--date", "2026-11-27"], capsys
    )
    _one_line_failure([], status, lines, err)
    assert "nowhere.xlsx" in lines[0]
