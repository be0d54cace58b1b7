"""`sorter-app`: the command-line face of the services. Commands only translate arguments to
service calls and results to output; no business rule lives here."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from sorter_app.cli import (
    engine_commands,
    lookup_commands,
    outbox_commands,
    people_commands,
    printing_commands,
    reporting_commands,
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
    exit_code_for,
    say_error,
)
from sorter_app.domain.errors import UserFacingError
from sorter_app.logging_setup import configure_logging

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    configure_logging()
    if not hasattr(args, "run"):
        from sorter_app.app_entry import run_app

        return run_app()
    try:
        return int(args.run(args))
    except UserFacingError as exc:
        say_error(exc, args)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        return 130


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sorter-app", description="集单分拣台 Hub Sorter")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages")
    sub = parser.add_subparsers(metavar="COMMAND")
    wave_commands.register(sub)
    engine_commands.register(sub)
    reporting_commands.register(sub)
    outbox_commands.register(sub)
    lookup_commands.register(sub)
    people_commands.register(sub)
    printing_commands.add_parsers(sub)
    _add_simulator(sub)
    return parser


def _add_simulator(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from sorter_app.platform.simulator import cli as simulator_cli

    p = sub.add_parser("simulator", help="run the platform simulator on 127.0.0.1")
    simulator_cli.add_arguments(p)
    p.set_defaults(run=simulator_cli.run)
