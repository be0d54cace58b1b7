"""Reporting, dispatch and the hub's numbers: sync, dispatch, export, claims, crates, purge."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sorter_app.cli import lookup_commands
from sorter_app.cli.common import (
    EXIT_CRATES_MISSING,
    EXIT_ERROR,
    EXIT_OK,
    Subparsers,
    add_store_options,
    open_store,
    say_error,
    settings_from,
)
from sorter_app.domain.errors import UserFacingError


def register(sub: Subparsers) -> None:
    _add_sync(sub)
    _add_dispatch(sub)
    _add_export(sub)
    _add_claims(sub)
    _add_crates(sub)
    _add_purge(sub)


def _add_sync(sub: Subparsers) -> None:
    p = sub.add_parser(
        "sync", help="deliver queued reports, dispatches and milestones to the platform"
    )
    add_store_options(p)
    p.add_argument("--api", help="platform base URL (default: settings / SORTER_API_URL)")
    p.add_argument(
        "--token", help="platform token (default: SORTER_API_TOKEN, then the OS credential store)"
    )
    p.add_argument("--until-empty", action="store_true", help="keep going until nothing is pending")
    p.add_argument("--timeout", type=float, help="total seconds to keep trying")
    p.set_defaults(run=_run_sync)


def _add_dispatch(sub: Subparsers) -> None:
    p = sub.add_parser(
        "dispatch", help="dispatch a route: refuses while crates are missing unless forced"
    )
    add_store_options(p)
    p.add_argument("--wave", required=True)
    p.add_argument("--route", required=True)
    p.add_argument(
        "--force",
        action="store_true",
        help="leave with crates missing (needs --supervisor, --reason)",
    )
    p.add_argument("--reason", default="")
    p.add_argument("--supervisor", help="supervisor ID; the PIN comes from SORTER_SUPERVISOR_PIN")
    p.set_defaults(run=_run_dispatch)


def _add_export(sub: Subparsers) -> None:
    p = sub.add_parser("export", help="a wave's numbers as CSV or XLSX")
    add_store_options(p)
    p.add_argument("--wave", required=True)
    p.add_argument(
        "--what",
        required=True,
        choices=["timeline", "shortages", "missorts", "claims", "productivity"],
    )
    p.add_argument("--format", required=True, choices=["csv", "xlsx"])
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(run=_run_export)


def _add_claims(sub: Subparsers) -> None:
    p = sub.add_parser(
        "claims", help="pull leaders' claims for a dispatched wave from the platform"
    )
    add_store_options(p)
    p.add_argument("--wave", required=True)
    p.add_argument("--api")
    p.add_argument("--token")
    p.set_defaults(run=_run_claims)


def _add_crates(sub: Subparsers) -> None:
    p = sub.add_parser("crates", help="the reusable-crate ledger")
    actions = p.add_subparsers(metavar="ACTION")
    back = actions.add_parser(
        "return", help="crates back from leaders: one old label scan per line"
    )
    add_store_options(back)
    back.add_argument("file", help="file of scans, or - for standard input")
    back.set_defaults(run=_run_crates_return)
    ledger = actions.add_parser("ledger", help="what each leader holds")
    add_store_options(ledger)
    ledger.set_defaults(run=_run_crates_ledger)
    lookup_commands.add_crates_list(actions)  # `crates list`: the wave's crates and their codes


def _add_purge(sub: Subparsers) -> None:
    p = sub.add_parser("purge", help="purge customer data of old waves (numbers stay)")
    add_store_options(p)
    p.add_argument("--older-than-days", type=int, help="default: settings retention_days")
    p.set_defaults(run=_run_purge)


def _run_sync(args: argparse.Namespace) -> int:
    # Each wave's entries go where the wave came from, or wait: see outbox_commands.
    from sorter_app.cli.outbox_commands import run_sync

    return run_sync(args)


def _run_dispatch(args: argparse.Namespace) -> int:
    import os

    from sorter_app.services.dispatch import DispatchBlocked, dispatch_route
    from sorter_app.services.people import verify_supervisor_pin

    settings = settings_from(args)
    store = open_store(settings)
    supervisor = None
    if args.force:
        if not args.supervisor or not args.reason.strip():
            raise UserFacingError(
                "缺筐发车需要 --supervisor 和 --reason",
                "--force needs --supervisor and --reason",
                code="usage",
            )
        supervisor = verify_supervisor_pin(
            store, args.supervisor, os.environ.get("SORTER_SUPERVISOR_PIN", "")
        )
    try:
        result = dispatch_route(
            store,
            args.wave,
            args.route,
            force=args.force,
            reason=args.reason,
            supervisor=supervisor,
        )
    except DispatchBlocked as blocked:
        say_error(blocked, args)
        for m in blocked.missing:
            print(f"{m.stop_seq}\t{m.community_id}\t{m.community_name}\t{m.crate_id}")
        return EXIT_CRATES_MISSING
    zh = args.lang == "zh"
    if result.already:
        print(
            f"线路 {result.route_id} 已发车（{result.dispatch_id}）"
            if zh
            else f"Route {result.route_id} was already dispatched ({result.dispatch_id})"
        )
    else:
        print(
            f"线路 {result.route_id} 发车：{result.communities} 个小区，{result.crates} 筐，{result.units} 件"
            if zh
            else f"Route {result.route_id} dispatched: {result.communities} communities, {result.crates} crates, "
            f"{result.units} units"
        )
    return EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    from sorter_app.services.exports import export_rows, write_export

    header, rows = export_rows(open_store(settings_from(args)), args.wave, args.what)
    write_export(args.out, header, rows, args.format)
    print(f"{args.out}: {len(rows)} 行 rows")
    return EXIT_OK


def _run_claims(args: argparse.Namespace) -> int:
    from sorter_app.platform.client import PlatformClient
    from sorter_app.secrets import resolve_token
    from sorter_app.services.claims import pull_claims

    settings = settings_from(args)
    client = PlatformClient(
        settings.api_url,
        resolve_token(settings.hub_id, args.token),
        ca_bundle=settings.ca_bundle or None,
    )
    new = pull_claims(open_store(settings), client, args.wave)
    print(f"新理赔 {new} 条" if args.lang == "zh" else f"{new} new claims")
    return EXIT_OK


def _run_crates_return(args: argparse.Namespace) -> int:
    from sorter_app.services.crate_ledger import return_crate

    store = open_store(settings_from(args))
    source = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    failures = 0
    with source:
        for line in source:
            if not line.strip():
                continue
            try:
                holding = return_crate(store, line.strip())
            except UserFacingError as exc:
                failures += 1
                say_error(exc, args)
                continue
            print(f"{holding.leader_id}\t{holding.leader_name}\t{holding.held}")
    return EXIT_ERROR if failures else EXIT_OK


def _run_crates_ledger(args: argparse.Namespace) -> int:
    from sorter_app.services.crate_ledger import holdings

    print("团长\t姓名\t发出\t收回\t在外" if args.lang == "zh" else "leader\tname\tout\tback\theld")
    for h in holdings(open_store(settings_from(args))):
        print(f"{h.leader_id}\t{h.leader_name}\t{h.out}\t{h.back}\t{h.held}")
    return EXIT_OK


def _run_purge(args: argparse.Namespace) -> int:
    from sorter_app.services.retention import purge_customer_data

    settings = settings_from(args)
    purged = purge_customer_data(
        open_store(settings), args.older_than_days or settings.retention_days
    )
    print(
        ("已清除客户数据的波次：" if args.lang == "zh" else "customer data purged for: ")
        + (", ".join(purged) or "-")
    )
    return EXIT_OK
