"""What every command shares: settings and store from the arguments, exit statuses, and the
one place errors are printed."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from sorter_app.domain.errors import InvalidRecord, UserFacingError
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
        "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of messages"
    )
    p.add_argument("--db", help="SQLAlchemy database URL (default: settings / SORTER_DB_URL)")
    p.add_argument("--hub", help="hub ID (default: settings / SORTER_HUB_ID)")


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


def open_store(settings: Settings) -> Store:
    return Store.open(settings.database_url)


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
    from sorter_app.services.wave_import import NoWaveForDate

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
