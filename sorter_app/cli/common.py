"""What every command shares: settings and store from the arguments, exit statuses, and the
one place errors are printed."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from typing import TYPE_CHECKING

from sorter_app.cli.help_text import h
from sorter_app.domain.errors import InvalidRecord, UserFacingError
from sorter_app.logging_setup import FILE_ONLY
from sorter_app.settings import Settings
from sorter_app.store.database import Store

# Exit statuses (documented in README.md).
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_WAVE_OPEN = 4
EXIT_INVALID = 5
EXIT_UNREACHABLE = 6
EXIT_NO_WAVE = 7
EXIT_CRATES_MISSING = 8

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]  # what add_subparsers() gives
else:
    Subparsers = argparse._SubParsersAction


def add_store_options(p: argparse.ArgumentParser) -> None:
    # --lang is accepted after the command too; SUPPRESS keeps the global value when absent.
    p.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=argparse.SUPPRESS,
        help=h("提示和帮助的语言（默认中文）", "language of messages and help (default: zh)"),
    )
    p.add_argument(
        "--db",
        help=h(
            "数据库地址（SQLAlchemy URL；默认取设置或 SORTER_DB_URL）",
            "SQLAlchemy database URL (default: settings / SORTER_DB_URL)",
        ),
    )
    p.add_argument(
        "--hub",
        help=h(
            "仓库编号（默认取设置或 SORTER_HUB_ID）", "hub ID (default: settings / SORTER_HUB_ID)"
        ),
    )


def add_api_options(p: argparse.ArgumentParser) -> None:
    """`--api` and `--token` of the commands that talk to the platform."""
    p.add_argument(
        "--api",
        metavar="URL",
        help=h(
            "平台接口地址，含协议和基础路径，例如 https://platform.example/api/v1"
            "（默认取设置或 SORTER_API_URL）",
            "platform base URL with scheme and base path, e.g. https://platform.example/api/v1 "
            "(default: settings / SORTER_API_URL)",
        ),
    )
    p.add_argument(
        "--token",
        help=h(
            "平台访问令牌（默认取 SORTER_API_TOKEN，再取系统凭据库）",
            "platform token (default: SORTER_API_TOKEN, then the OS credential store)",
        ),
    )


def add_lang_option(p: argparse.ArgumentParser) -> None:
    """`--lang` after a command that has no store options (demo, simulator)."""
    p.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=argparse.SUPPRESS,
        help=h("提示和帮助的语言（默认中文）", "language of messages and help (default: zh)"),
    )


def date_argument(text: str) -> date:
    """`type=` for a date option: a wrong one says the expected form, in the chosen language."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            h(
                f"日期格式不对：{text!r}，应为 YYYY-MM-DD，例如 2026-11-27",
                f"not a date: {text!r}; expected YYYY-MM-DD, e.g. 2026-11-27",
            )
        ) from None


def settings_from(args: argparse.Namespace) -> Settings:
    from dataclasses import replace

    from sorter_app.settings import load_settings

    settings = load_settings()
    overrides = {}
    if getattr(args, "db", None):
        overrides["db_url"] = args.db
    if getattr(args, "hub", None):
        overrides["hub_id"] = args.hub
    if getattr(args, "api", None):
        overrides["api_url"] = args.api
    return replace(settings, **overrides)


class DatabaseUnavailable(UserFacingError):
    code = "database_unavailable"


def open_store(settings: Settings) -> Store:
    """The store of the settings; a database that cannot be opened is one line saying which."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return Store.open(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        logging.getLogger(__name__).error(
            "cannot open the database", exc_info=True, extra=FILE_ONLY
        )
        try:
            shown = make_url(settings.database_url).render_as_string(hide_password=True)
        except SQLAlchemyError:
            shown = settings.database_url.split("@")[-1]
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        raise DatabaseUnavailable(
            f"无法打开数据库 {shown}：{reason}。请检查 --db、SORTER_DB_URL 或设置中的 db_url",
            f"Cannot open the database {shown}: {reason}. Check --db, SORTER_DB_URL or db_url "
            "in the settings",
        ) from exc


def say_error(exc: UserFacingError, args: argparse.Namespace) -> None:
    lang = getattr(args, "lang", "zh")
    print(f"错误 error [{exc.code}]: {exc.message(lang)}", file=sys.stderr)
    rows = getattr(exc, "row_errors", None)
    for row in rows or []:
        problem = row.problem_zh if lang == "zh" else row.problem_en
        column = f" [{row.column}]" if row.column else ""
        print(f"  行 row {row.row}{column}: {problem}", file=sys.stderr)


def exit_code_for(exc: UserFacingError) -> int:
    from sorter_app.platform.errors import PlatformAuthError, PlatformUnavailable, WaveNotClosed
    from sorter_app.services.waves.wave_import import NoWaveForDate

    if isinstance(exc, PlatformAuthError):
        return EXIT_AUTH
    if isinstance(exc, PlatformUnavailable):
        return EXIT_UNREACHABLE
    if isinstance(exc, WaveNotClosed):
        return EXIT_WAVE_OPEN
    if isinstance(exc, InvalidRecord) or getattr(exc, "row_errors", None):
        return EXIT_INVALID
    if isinstance(exc, NoWaveForDate):
        return EXIT_NO_WAVE
    return EXIT_ERROR


def lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "lang", "zh"))


def supervisor_pin(args: argparse.Namespace, store: Store, code: str) -> str:
    """Supervisor `code`'s PIN: SORTER_SUPERVISOR_PIN, else typed without echo at a terminal, else
    one line of piped standard input. Never an argument, which would stay in the shell history and
    the process list. A code that is no supervisor, or has no PIN yet, is refused before asking."""
    import getpass
    import os

    from sorter_app.services.people.roster import check_can_unlock

    check_can_unlock(store, code)
    pin = os.environ.get("SORTER_SUPERVISOR_PIN")
    if pin:
        return pin
    zh = lang(args) == "zh"
    stdin = sys.stdin
    try:
        if stdin is not None and stdin.isatty():
            pin = getpass.getpass("班组长密码：" if zh else "Supervisor PIN: ")
        else:
            pin = stdin.readline().strip() if stdin is not None else ""
    except (EOFError, OSError, ValueError):
        pin = ""
    if not pin:
        raise UserFacingError(
            "需要班组长密码：请在终端输入，或设置 SORTER_SUPERVISOR_PIN",
            "A supervisor PIN is needed: type it at a terminal, or set SORTER_SUPERVISOR_PIN",
            code="supervisor_pin_required",
        )
    return pin
