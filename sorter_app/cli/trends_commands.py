"""Night over night: trends, the aggregates they are read from, and the detail purge."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from sorter_app.cli.common import (
    EXIT_OK,
    Subparsers,
    add_store_options,
    date_argument,
    open_store,
    settings_from,
)
from sorter_app.cli.help_text import h
from sorter_app.domain.errors import UserFacingError


def register(sub: Subparsers) -> None:
    _add_trends(sub)
    _add_aggregate(sub)
    _add_purge_detail(sub)


def _add_trends(sub: Subparsers) -> None:
    p = sub.add_parser(
        "trends",
        help=h(
            "多个夜班的趋势：时间线、损耗、错分、人效、线路准点（来自波次汇总，明细删除后仍可用）",
            "trends over nights: timeline, losses, missorts, productivity, routes on time "
            "(from the wave aggregates: still there after the detail is deleted)",
        ),
    )
    add_store_options(p)
    p.add_argument(
        "--from",
        dest="first",
        required=True,
        type=date_argument,
        metavar="YYYY-MM-DD",
        help=h("起始配送日期（含）", "first delivery date (included)"),
    )
    p.add_argument(
        "--to",
        dest="last",
        required=True,
        type=date_argument,
        metavar="YYYY-MM-DD",
        help=h("截止配送日期（含）", "last delivery date (included)"),
    )
    p.add_argument(
        "--by",
        choices=["day", "week"],
        default="day",
        help=h("按天或按周（ISO 周）汇总，默认按天", "per day or per ISO week (default: day)"),
    )
    p.add_argument(
        "--what",
        required=True,
        choices=["timeline", "losses", "missorts", "productivity", "routes"],
        help=h(
            "timeline 截单到各节点的分钟数；losses 按品类和供应商的缺货与破损（最严重在前，"
            "与上期相比）；missorts 拦截和漏出的错分（每万件）；productivity 每人每小时放入；"
            "routes 各线路实际发车与计划发车（准点/晚点多久，晚点前是否及早预警）",
            "timeline: minutes from the cutoff to each stage; losses: shortage and damage by "
            "category and supplier (worst first, change against the period before); missorts: "
            "caught and escaped per 10,000 units; productivity: puts per hour per worker; "
            "routes: each route's dispatch against its departure (on time, late by how much, "
            "how early the at-risk warning came)",
        ),
    )
    p.add_argument(
        "--format",
        choices=["csv", "xlsx"],
        help=h("写成文件（需 --out）；不给则打印表格", "write a file (with --out); else print"),
    )
    p.add_argument("--out", type=Path, help=h("要写出的文件", "the file to write"))
    p.set_defaults(run=_run_trends)


def _add_aggregate(sub: Subparsers) -> None:
    p = sub.add_parser(
        "aggregate",
        help=h(
            "计算并保存波次汇总（重算会替换旧的；明细已删除的波次保持原样）",
            "compute and store a wave's aggregates (recomputing replaces them; a wave whose "
            "detail is deleted keeps what was stored)",
        ),
    )
    add_store_options(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--wave", help=h("波次编号", "wave ID"))
    which.add_argument(
        "--finished",
        action="store_true",
        help=h(
            "所有已全部发车、尚未汇总（或之后又拉到理赔）的波次",
            "every wave fully dispatched and not aggregated yet (or with claims pulled since)",
        ),
    )
    p.set_defaults(run=_run_aggregate)


def _add_purge_detail(sub: Subparsers) -> None:
    p = sub.add_parser(
        "purge-detail",
        help=h(
            "删除过期波次的明细（订单、明细行、扫描、放入……），先保存汇总，汇总永久保留",
            "delete the detail (orders, lines, scans, puts ...) of old waves, their aggregates "
            "stored first and kept for good",
        ),
    )
    add_store_options(p)
    p.add_argument(
        "--older-than-days",
        type=int,
        metavar="N",
        help=h(
            "删除早于 N 天的波次明细（默认取设置 detail_retention_days）",
            "waves delivered more than N days ago (default: settings detail_retention_days)",
        ),
    )
    p.set_defaults(run=_run_purge_detail)


def _run_trends(args: argparse.Namespace) -> int:
    from sorter_app.cli.tables import print_table, write_table
    from sorter_app.services.reporting.trend_exports import trend_table

    zh = args.lang == "zh"
    if (args.format is None) != (args.out is None):
        raise UserFacingError(
            "--format 和 --out 需同时给出", "--format and --out go together", code="usage"
        )
    if args.first > args.last:
        raise UserFacingError("--from 不能晚于 --to", "--from must not be after --to", code="usage")
    settings = settings_from(args)
    table = trend_table(
        open_store(settings),
        args.what,
        args.first,
        args.last,
        args.by,
        lang=args.lang,
        zone=settings.zone,
    )
    if args.out is not None:
        write_table(args.out, table, args.format, args.lang)
        return EXIT_OK
    if not table.rows:
        print("这段日期没有已汇总的波次" if zh else "No aggregated waves delivered in these dates")
        return EXIT_OK
    numbers = {
        i
        for row in table.rows
        for i, v in enumerate(row)
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    print_table(table.header, [[_cell(v) for v in row] for row in table.rows], right=numbers)
    return EXIT_OK


def _cell(value: object) -> object:
    return value.strftime("%m-%d %H:%M") if isinstance(value, datetime) else value


def _run_aggregate(args: argparse.Namespace) -> int:
    from sorter_app.services.waves.aggregates import aggregate_due, aggregate_wave

    zh = args.lang == "zh"
    settings = settings_from(args)
    store = open_store(settings)
    if args.finished:
        done = aggregate_due(store, settings)
        print(("已汇总的波次：" if zh else "aggregated: ") + (", ".join(done) or "-"))
        return EXIT_OK
    agg = aggregate_wave(store, args.wave, settings)
    t = agg.totals
    if agg.frozen_at is not None:
        print(
            f"波次 {t.wave_id} 的明细已删除（或正在删除），汇总保持原样"
            if zh
            else f"Wave {t.wave_id}'s detail is deleted (or being deleted); its aggregates "
            "stay as they were"
        )
    print(
        f"波次 {t.wave_id}：{t.lines} 行，{t.units_put}/{t.units_due} 件，{t.crates} 筐，"
        f"{len(agg.routes)} 条线路，缺货 {t.units_shorted}，破损 {t.units_damaged}，"
        f"错筐拦截 {t.wrong_crate}，售后错分 {t.claimed_missorts}"
        if zh
        else f"wave {t.wave_id}: {t.lines} lines, {t.units_put}/{t.units_due} units, "
        f"{t.crates} crates, {len(agg.routes)} routes, short {t.units_shorted}, damaged "
        f"{t.units_damaged}, wrong crates caught {t.wrong_crate}, claimed missorts "
        f"{t.claimed_missorts}"
    )
    return EXIT_OK


def _run_purge_detail(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from sorter_app.services.waves.aggregates import purge_detail

    zh = args.lang == "zh"
    settings = settings_from(args)
    if args.older_than_days is not None:
        if args.older_than_days < 1:
            raise UserFacingError(
                "--older-than-days 至少为 1", "--older-than-days must be at least 1", code="usage"
            )
        settings = replace(settings, detail_retention_days=args.older_than_days)
    result = purge_detail(open_store(settings), settings)
    print(
        ("已删除明细的波次：" if zh else "detail deleted for: ") + (", ".join(result.purged) or "-")
    )
    if result.waiting:
        print(
            ("仍有上报未送达，明细暂留：" if zh else "reports still undelivered, detail kept: ")
            + ", ".join(result.waiting)
        )
    return EXIT_OK
