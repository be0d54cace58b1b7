"""The engine's headless face: replay scans, close receiving."""

from __future__ import annotations

import argparse
import json
import sys

from sorter_app.cli.common import (
    EXIT_OK,
    Subparsers,
    add_store_options,
    open_store,
    settings_from,
)
from sorter_app.cli.help_text import h
from sorter_app.cli.scan_help import RawHelpFormatter, scan_codes_epilog
from sorter_app.domain.errors import UserFacingError


def register(sub: Subparsers) -> None:
    _add_replay(sub)
    _add_receiving(sub)


def _add_replay(sub: Subparsers) -> None:
    p = sub.add_parser(
        "replay",
        help="feed raw scans, one per line; print one JSON decision per line",
        formatter_class=RawHelpFormatter,
        epilog=scan_codes_epilog(),
    )
    add_store_options(p)
    p.add_argument("--wave", required=True)
    p.add_argument("--station", required=True)
    p.add_argument("--mode", required=True, choices=["seed", "receive", "load"])
    p.add_argument("--route", help="the route being loaded (mode load)")
    p.add_argument(
        "--worker",
        default="",
        help=h(
            "记在扫码上的作业员工号（须已存在，见 people list）",
            "the worker code recorded with the scans (must exist: see people list)",
        ),
    )
    p.add_argument("file", help="file of raw scans, or - for standard input")
    p.set_defaults(run=_run_replay)


def _add_receiving(sub: Subparsers) -> None:
    p = sub.add_parser("receiving", help="receiving commands")
    actions = p.add_subparsers(metavar="ACTION")
    close = actions.add_parser("close", help="close receiving of a SKU or of the whole wave")
    add_store_options(close)
    close.add_argument("--wave", required=True)
    close.add_argument("--sku", help="SKU ID; without it the whole wave closes")
    close.add_argument("--by", default="", help="supervisor ID")
    close.set_defaults(run=_run_receiving_close)


def _run_replay(args: argparse.Namespace) -> int:
    from sorter_app.services.replay import replay_lines
    from sorter_app.services.scanning import ScanStation
    from sorter_app.services.station_options import station_options

    settings = settings_from(args)
    station = ScanStation(
        open_store(settings),
        wave_id=args.wave,
        station_id=args.station,
        options=station_options(settings),
    )
    source = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8", errors="replace")  # noqa: SIM115
    with source:
        if args.mode == "load" and not args.route:
            raise UserFacingError("装车模式需要 --route", "Mode load needs --route", code="usage")
        for decision in replay_lines(
            station, source, mode=args.mode, worker=args.worker, route=args.route
        ):
            sys.stdout.write(json.dumps(decision.replay_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    return EXIT_OK


def _run_receiving_close(args: argparse.Namespace) -> int:
    from sorter_app.domain.allocation import ShortagePolicy
    from sorter_app.services.receiving import close_receiving

    settings = settings_from(args)
    closed = close_receiving(
        open_store(settings),
        args.wave,
        sku_id=args.sku,
        closed_by=args.by,
        policy=ShortagePolicy(settings.shortage_policy),
    )
    if args.lang == "zh":
        print(f"已结束收货：{closed.skus_closed} 个商品，缺货/破损记录 {closed.shortage_lines} 条")
    else:
        print(
            f"Receiving closed: {closed.skus_closed} SKUs, {closed.shortage_lines} shortage/damage records"
        )
    return EXIT_OK
