"""`sorter-app`: the command-line face of the services. Commands only translate arguments to
service calls and results to output; no business rule lives here."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sorter_app.cli import (
    audit_commands,
    doctor_command,
    engine_commands,
    forecast_commands,
    lookup_commands,
    outbox_commands,
    people_commands,
    printing_commands,
    reporting_commands,
    trends_commands,
    wave_commands,
)
from sorter_app.cli.common import (
    EXIT_AUTH,
    EXIT_CRATES_MISSING,
    EXIT_ERROR,
    EXIT_INVALID,
    EXIT_NO_WAVE,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    EXIT_WAVE_OPEN,
    add_lang_option,
    exit_code_for,
    say_error,
)
from sorter_app.cli.help_text import (
    ArgumentParser,
    DefaultsHelpFormatter,
    choose_language,
    h,
    help_language,
)
from sorter_app.domain.errors import UserFacingError
from sorter_app.logging_setup import FILE_ONLY, configure_logging, log_file_path
from sorter_app.version import app_version

__all__ = [
    "EXIT_AUTH",
    "EXIT_CRATES_MISSING",
    "EXIT_ERROR",
    "EXIT_INVALID",
    "EXIT_NO_WAVE",
    "EXIT_OK",
    "EXIT_UNREACHABLE",
    "EXIT_USAGE",
    "EXIT_WAVE_OPEN",
    "main",
]


log = logging.getLogger(__name__)


class UnexpectedError(UserFacingError):
    """Anything else that escaped a command: one line for the user, the traceback in the log."""

    code = "unexpected_error"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    language = choose_language(argv)  # before the parser: its help texts are built in it
    parser = _build_parser(language)
    args = parser.parse_args(argv)
    configure_logging()
    try:
        if args.self_test:
            from sorter_app.self_test import run_self_test

            return run_self_test()
        if args.self_test_window:
            from sorter_app.self_test import run_window_check

            return run_window_check()
        if not hasattr(args, "run"):
            from sorter_app.app_entry import run_app

            return run_app()
        return int(args.run(args))
    except UserFacingError as exc:
        log.info("%s: %s", exc.code, exc.message_en)
        say_error(exc, args)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): nothing left to say to anyone.
        _silence_stdout()
        return EXIT_ERROR
    except OSError as exc:
        log.error("file error in: sorter-app %s", " ".join(argv), exc_info=exc, extra=FILE_ONLY)
        say_error(file_error(exc) if exc.filename else unexpected_error(exc), args)
        return EXIT_ERROR
    except Exception as exc:
        log.error(
            "unexpected error in: sorter-app %s", " ".join(argv), exc_info=exc, extra=FILE_ONLY
        )
        say_error(unexpected_error(exc), args)
        return EXIT_ERROR


def unexpected_error(exc: BaseException) -> UnexpectedError:
    """What to tell the user about an exception nobody expected: what, and where the details are."""
    what = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    path = log_file_path()
    if path is None:
        return UnexpectedError(
            f"意外错误，操作未完成（{what}）；日志无法写入，请把这一行交给技术支持",
            f"Unexpected error, nothing more was done ({what}); the log cannot be written: "
            "send this line to support",
        )
    return UnexpectedError(
        f"意外错误，操作未完成（{what}）；详情已写入日志 {path}，请把该文件交给技术支持",
        f"Unexpected error, nothing more was done ({what}); the details are in the log {path}: "
        "send that file to support",
    )


def file_error(exc: OSError) -> UserFacingError:
    """A file that cannot be read or written (missing, a folder, no permission): which, and why."""
    reason = exc.strerror or type(exc).__name__
    return UserFacingError(
        f"无法读写文件 {exc.filename}：{reason}。请检查路径和权限",
        f"Cannot use the file {exc.filename}: {reason}. Check the path and its permissions",
        code="file_error",
    )


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _build_parser(language: str | None = None) -> argparse.ArgumentParser:
    language = language or help_language()
    parser = ArgumentParser(
        prog="sorter-app",
        description=h(
            "集单分拣台：社区团购网格仓的分拣系统。不带命令时打开桌面界面。",
            "Hub Sorter, the sorting software of a community group-buying hub. Without a "
            "command it opens the desktop app.",
        ),
    )
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=language,
        help=h("提示和帮助的语言（默认中文）", "language of messages and help (default: zh)"),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"sorter-app {app_version()}",
        help=h("显示版本号", "show the version"),
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=h(
            "自检（无需显示器）：临时数据库、翻译、声音、字体、标签、模拟器、导入和分拣，每步一行",
            "self-test without a display: a temporary database, translations, sounds, fonts, "
            "labels, the simulator, an import and a few sorted units, one line per step",
        ),
    )
    parser.add_argument(
        "--self-test-window",
        action="store_true",
        help=h(
            "打开桌面界面，显示登录画面后立即退出（检查安装包的窗口能否打开）",
            "open the desktop app and exit once the login screen is painted (checks that a "
            "packaged build's window comes up)",
        ),
    )
    sub = parser.add_subparsers(metavar="COMMAND", title=h("命令", "commands"))
    wave_commands.register(sub)
    engine_commands.register(sub)
    reporting_commands.register(sub)
    outbox_commands.register(sub)
    lookup_commands.register(sub)
    people_commands.register(sub)
    audit_commands.register(sub)
    trends_commands.register(sub)
    printing_commands.add_parsers(sub)
    _add_simulator(sub)
    doctor_command.register(sub)
    forecast_commands.register(sub)
    return parser


def _add_simulator(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from sorter_app.platform.simulator import cli as simulator_cli

    p = sub.add_parser(
        "simulator",
        help=h(
            "在 127.0.0.1 上运行平台模拟器（供测试和演示）",
            "run the platform simulator on 127.0.0.1 (for tests and the demo)",
        ),
        formatter_class=DefaultsHelpFormatter,
    )
    simulator_cli.add_arguments(p)
    add_lang_option(p)
    p.set_defaults(run=simulator_cli.run)
