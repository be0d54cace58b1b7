"""Commands that bring waves in: import from the platform or a file, list, demo."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from sorter_app.cli.common import (
    EXIT_AUTH,
    EXIT_ERROR,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREACHABLE,
    EXIT_WAVE_OPEN,
    Subparsers,
    add_api_options,
    add_lang_option,
    add_store_options,
    date_argument,
    exit_code_for,
    open_store,
    say_error,
    settings_from,
)
from sorter_app.cli.help_text import h
from sorter_app.domain.errors import UserFacingError


def register(sub: Subparsers) -> None:
    _add_import(sub)
    _add_import_file(sub)
    _add_waves(sub)
    _add_demo(sub)


def _add_import(sub: Subparsers) -> None:
    p = sub.add_parser(
        "import",
        help=h(
            "从平台导入某配送日所有已截单的波次",
            "import every closed wave of a delivery date from the platform",
        ),
    )
    add_store_options(p)
    _date_option(p)
    add_api_options(p)
    p.set_defaults(run=_run_import)


def _add_import_file(sub: Subparsers) -> None:
    p = sub.add_parser(
        "import-file",
        help=h("导入平台导出的 Excel/CSV 订单文件", "import a platform's Excel/CSV order export"),
    )
    add_store_options(p)
    p.add_argument(
        "file", type=Path, help=h("订单文件（.xlsx 或 .csv）", "the order file (.xlsx or .csv)")
    )
    _date_option(p)
    p.add_argument(
        "--mapping",
        type=Path,
        help=h(
            "列名映射文件 mapping.toml（见 docs/file-import.md）",
            "mapping.toml naming the file's columns (see docs/file-import.md)",
        ),
    )
    p.set_defaults(run=_run_import_file)


def _add_waves(sub: Subparsers) -> None:
    p = sub.add_parser(
        "waves", help=h("列出本地波次及其进度", "list the local waves and where they stand")
    )
    add_store_options(p)
    p.add_argument(
        "--json", action="store_true", help=h("每行一个 JSON 对象", "one JSON object per line")
    )
    p.set_defaults(run=_run_waves)


def _add_demo(sub: Subparsers) -> None:
    p = sub.add_parser(
        "demo",
        help=h(
            "演示：启动平台模拟器，生成一个波次，导入全新的演示数据库，然后打开桌面界面",
            "demo: the platform simulator, a generated wave, a fresh demo database, then the "
            "desktop app",
        ),
    )
    p.add_argument(
        "--communities",
        type=int,
        default=120,
        help=h("小区数（默认 120）", "communities in the wave (default 120)"),
    )
    p.add_argument(
        "--skus",
        type=int,
        default=200,
        help=h("商品数（默认 200）", "SKUs in the wave (default 200)"),
    )
    p.add_argument(
        "--lines",
        type=int,
        default=8000,
        help=h("订单行数（默认 8000）", "order lines in the wave (default 8000)"),
    )
    p.add_argument(
        "--seed",
        type=int,
        default=7,
        help=h("随机种子（默认 7）", "seed of the generated wave (default 7)"),
    )
    p.add_argument(
        "--no-ui",
        action="store_true",
        help=h(
            "只准备数据并打印摘要，不打开界面（没有显示器时用）",
            "prepare the data, print the summary and exit without the desktop app (no display)",
        ),
    )
    add_lang_option(p)
    p.set_defaults(run=_run_demo)


def _date_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--date",
        required=True,
        type=date_argument,
        metavar="YYYY-MM-DD",
        help=h("配送日，例如 2026-11-27", "delivery date, e.g. 2026-11-27"),
    )


def _run_import(args: argparse.Namespace) -> int:
    from sorter_app.services.waves.platform_link import PlatformLink, open_client
    from sorter_app.services.waves.wave_import import import_date

    settings = settings_from(args)
    if not settings.api_url:
        raise UserFacingError(
            "没有配置平台地址：请用 --api 或 SORTER_API_URL",
            "No platform URL: pass --api or set SORTER_API_URL",
            code="no_api_url",
        )
    client = open_client(PlatformLink.from_settings(settings, token=args.token))
    store = open_store(settings)
    report = import_date(
        store, client, settings.hub_id, args.date, progress=_terminal_progress(args)
    )
    _end_progress()
    for result in report.results:
        _print_result(result, args)
    return exit_code_for_results(report.results)


def _run_import_file(args: argparse.Namespace) -> int:
    from sorter_app.services.waves.wave_import import import_order_file

    settings = settings_from(args)
    store = open_store(settings)
    result = import_order_file(
        store,
        args.file,
        hub_id=settings.hub_id,
        delivery_date=args.date,
        mapping_path=args.mapping,
        units_per_crate=settings.file_units_per_crate,
        tz_name=settings.tz,
    )
    _print_result(result, args)
    return EXIT_OK


def _run_waves(args: argparse.Namespace) -> int:
    from sorter_app.services.views.wave_queries import list_waves, stage_word

    rows = list_waves(open_store(settings_from(args)))
    if args.json:
        for row in rows:
            print(json.dumps(row.as_json(), ensure_ascii=False))
        return EXIT_OK
    zh = args.lang == "zh"
    header = (
        ("波次", "配送日", "状态", "进度", "已发车线路", "小区", "商品", "订单", "待分拣行", "冲突")
        if zh
        else (
            "wave",
            "delivery",
            "status",
            "stage",
            "routes dispatched",
            "communities",
            "skus",
            "orders",
            "lines to sort",
            "conflicts",
        )
    )
    print("\t".join(header))
    for r in rows:
        print(
            "\t".join(
                str(v)
                for v in (
                    r.wave_id,
                    r.delivery_date,
                    r.status,
                    stage_word(r.stage, args.lang),
                    f"{r.routes_dispatched}/{r.routes_total}",
                    r.communities,
                    r.skus,
                    r.orders,
                    r.lines_to_sort,
                    r.open_conflicts,
                )
            )
        )
    if not rows:
        print("（本地没有波次）" if zh else "(no local waves)")
    return EXIT_OK


def _run_demo(args: argparse.Namespace) -> int:
    from sorter_app.demo import run_demo

    return run_demo(args)


def _print_result(result, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    zh = args.lang == "zh"
    words = {
        "imported": ("已导入", "imported"),
        "updated": ("已更新", "updated"),
        "unchanged": ("无变化", "unchanged"),
        "refused_open": ("未截单，拒绝导入", "refused: still open"),
        "skipped_cancelled": ("已取消，跳过", "skipped: cancelled"),
        "failed": ("失败", "failed"),
    }[result.outcome][0 if zh else 1]
    line = f"{result.wave_id}: {words}"
    if result.outcome in ("imported", "updated", "unchanged"):
        line += (
            f"  小区 {result.communities}  商品 {result.skus}  订单 {result.orders}  行 {result.lines}"
            f"  变更 {result.changes}  冲突 {result.conflicts}"
            if zh
            else f"  communities {result.communities}  skus {result.skus}  orders {result.orders}"
            f"  lines {result.lines}  changes {result.changes}  conflicts {result.conflicts}"
        )
    print(line, flush=True)
    if result.error is not None:
        say_error(result.error, args)


def exit_code_for_results(results) -> int:  # type: ignore[no-untyped-def]
    codes = [
        exit_code_for(r.error)
        if r.outcome == "failed" and r.error
        else EXIT_WAVE_OPEN
        if r.outcome == "refused_open"
        else EXIT_OK
        for r in results
    ]
    # The most serious failure decides: unreachable, then invalid data, then a wave still open.
    for code in (EXIT_AUTH, EXIT_UNREACHABLE, EXIT_INVALID, EXIT_ERROR, EXIT_WAVE_OPEN):
        if code in codes:
            return code
    return EXIT_OK


_progress_shown = False


def _terminal_progress(args: argparse.Namespace) -> Callable[..., None] | None:
    if not sys.stderr.isatty():
        return None

    def show(p) -> None:  # type: ignore[no-untyped-def]
        global _progress_shown
        _progress_shown = True
        total = p.total or 0
        width = 30
        filled = int(width * p.done / total) if total else 0
        bar = "#" * filled + "-" * (width - filled)
        print(
            f"\r{p.wave_id} {p.stage:<11} [{bar}] {p.done}/{total or '?'}",
            end="",
            file=sys.stderr,
            flush=True,
        )

    return show


def _end_progress() -> None:
    if _progress_shown:
        print(file=sys.stderr)
