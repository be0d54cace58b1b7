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
        help=h(
            "回放扫码：每行一个原始扫码，每行输出一个 JSON 判定",
            "feed raw scans, one per line; print one JSON decision per line",
        ),
        formatter_class=RawHelpFormatter,
        epilog=scan_codes_epilog(),
    )
    add_store_options(p)
    p.add_argument("--wave", required=True, help=h("波次编号", "wave ID"))
    p.add_argument(
        "--station", required=True, help=h("工位编号，例如 ST-01", "station ID, e.g. ST-01")
    )
    p.add_argument(
        "--mode",
        required=True,
        choices=["seed", "receive", "load"],
        help=h(
            "seed 分拣（播种）、receive 收货、load 装车",
            "seed (put into crates), receive (goods arriving), load (crates onto a route)",
        ),
    )
    p.add_argument(
        "--route", help=h("正在装车的线路（load 模式必填）", "the route being loaded (mode load)")
    )
    p.add_argument(
        "--worker",
        default="",
        help=h(
            "记在扫码上的作业员工号（须已存在，见 people list）",
            "the worker code recorded with the scans (must exist: see people list)",
        ),
    )
    p.add_argument(
        "file",
        help=h(
            "原始扫码文件，每行一个；- 表示标准输入；“@序号 码”重放某次扫码",
            "file of raw scans, one per line, or - for standard input; '@SEQ code' replays a scan",
        ),
    )
    p.set_defaults(run=_run_replay)


def _add_receiving(sub: Subparsers) -> None:
    p = sub.add_parser("receiving", help=h("收货：结束收货", "receiving: close it"))
    actions = p.add_subparsers(metavar="ACTION", title=h("操作", "actions"))
    close = actions.add_parser(
        "close",
        help=h(
            "结束某商品或整个波次的收货：缺货成为最终结果",
            "close receiving of a SKU or of the whole wave: shortages become final",
        ),
    )
    add_store_options(close)
    close.add_argument("--wave", required=True, help=h("波次编号", "wave ID"))
    close.add_argument(
        "--sku", help=h("商品编号；不给则结束整个波次", "SKU ID; without it the whole wave closes")
    )
    close.add_argument("--by", default="", help=h("班组长编号", "supervisor ID"))
    close.add_argument(
        "--reason",
        default="",
        help=h(
            "原因（给了 --by 时记入审计日志）", "why (written to the audit log when --by is given)"
        ),
    )
    close.set_defaults(run=_run_receiving_close)


def _run_replay(args: argparse.Namespace) -> int:
    from sorter_app.services.sorting.replay import replay_lines
    from sorter_app.services.sorting.scanning import ScanStation
    from sorter_app.services.sorting.station_options import station_options

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
    from sorter_app.services.receiving.shortages import close_receiving

    settings = settings_from(args)
    closed = close_receiving(
        open_store(settings),
        args.wave,
        sku_id=args.sku,
        closed_by=args.by,
        reason=args.reason,
        policy=ShortagePolicy(settings.shortage_policy),
    )
    if args.lang == "zh":
        print(f"已结束收货：{closed.skus_closed} 个商品，缺货/破损记录 {closed.shortage_lines} 条")
    else:
        print(
            f"Receiving closed: {closed.skus_closed} SKUs, {closed.shortage_lines} shortage/damage records"
        )
    return EXIT_OK
