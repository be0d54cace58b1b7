"""`sorter-app`: the command-line face of the services. It only translates arguments to service
calls and results to output; no business rule lives here."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sorter_app.domain.errors import InvalidRecord, UserFacingError
from sorter_app.logging_setup import configure_logging

# Exit statuses of `sorter-app import` (documented in README.md).
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_WAVE_OPEN = 4
EXIT_INVALID = 5
EXIT_UNREACHABLE = 6
EXIT_NO_WAVE = 7
EXIT_CRATES_MISSING = 8


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    configure_logging()
    if not hasattr(args, "run"):
        return _default_command(args)
    try:
        return int(args.run(args))
    except UserFacingError as exc:
        _say_error(exc, args)
        return _exit_code_for(exc)
    except KeyboardInterrupt:
        return 130


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sorter-app", description="集单分拣台 Hub Sorter")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of messages")
    sub = parser.add_subparsers(metavar="COMMAND")
    _add_import(sub)
    _add_import_file(sub)
    _add_waves(sub)
    _add_replay(sub)
    _add_receiving(sub)
    _add_sync(sub)
    _add_dispatch(sub)
    _add_export(sub)
    _add_simulator(sub)
    _add_demo(sub)
    return parser


def _default_command(args: argparse.Namespace) -> int:
    from sorter_app.app_entry import run_app

    return run_app()


def _common_store(p: argparse.ArgumentParser) -> None:
    # --lang is accepted after the command too; SUPPRESS keeps the global value when absent.
    p.add_argument(
        "--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="language of messages"
    )
    p.add_argument("--db", help="SQLAlchemy database URL (default: settings / SORTER_DB_URL)")
    p.add_argument("--hub", help="hub ID (default: settings / SORTER_HUB_ID)")


def _add_import(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import", help="import every closed wave of a delivery date from the platform"
    )
    _common_store(p)
    p.add_argument(
        "--date", required=True, type=date.fromisoformat, help="delivery date YYYY-MM-DD"
    )
    p.add_argument("--api", help="platform base URL (default: settings / SORTER_API_URL)")
    p.add_argument(
        "--token", help="platform token (default: SORTER_API_TOKEN, then the OS credential store)"
    )
    p.set_defaults(run=_run_import)


def _add_import_file(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import-file", help="import a platform's Excel/CSV order export")
    _common_store(p)
    p.add_argument("file", type=Path)
    p.add_argument(
        "--date", required=True, type=date.fromisoformat, help="delivery date YYYY-MM-DD"
    )
    p.add_argument("--mapping", type=Path, help="mapping.toml naming the file's columns")
    p.set_defaults(run=_run_import_file)


def _add_waves(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("waves", help="list the local waves")
    _common_store(p)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(run=_run_waves)


def _add_replay(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "replay", help="feed raw scans, one per line; print one JSON decision per line"
    )
    _common_store(p)
    p.add_argument("--wave", required=True)
    p.add_argument("--station", required=True)
    p.add_argument("--mode", required=True, choices=["seed", "receive", "load"])
    p.add_argument("--route", help="the route being loaded (mode load)")
    p.add_argument("--worker", default="")
    p.add_argument("file", help="file of raw scans, or - for standard input")
    p.set_defaults(run=_run_replay)


def _add_receiving(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("receiving", help="receiving commands")
    actions = p.add_subparsers(metavar="ACTION")
    close = actions.add_parser("close", help="close receiving of a SKU or of the whole wave")
    _common_store(close)
    close.add_argument("--wave", required=True)
    close.add_argument("--sku", help="SKU ID; without it the whole wave closes")
    close.add_argument("--by", default="", help="supervisor ID")
    close.set_defaults(run=_run_receiving_close)


def _add_dispatch(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "dispatch", help="dispatch a route: refuses while crates are missing unless forced"
    )
    _common_store(p)
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


def _add_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="a wave's numbers as CSV or XLSX")
    _common_store(p)
    p.add_argument("--wave", required=True)
    p.add_argument(
        "--what",
        required=True,
        choices=["timeline", "shortages", "missorts", "claims", "productivity"],
    )
    p.add_argument("--format", required=True, choices=["csv", "xlsx"])
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(run=_run_export)


def _add_sync(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sync", help="deliver queued reports, dispatches and milestones to the platform"
    )
    _common_store(p)
    p.add_argument("--api", help="platform base URL (default: settings / SORTER_API_URL)")
    p.add_argument(
        "--token", help="platform token (default: SORTER_API_TOKEN, then the OS credential store)"
    )
    p.add_argument("--until-empty", action="store_true", help="keep going until nothing is pending")
    p.add_argument("--timeout", type=float, help="total seconds to keep trying")
    p.set_defaults(run=_run_sync)


def _add_simulator(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from sorter_app.platform.simulator import cli as simulator_cli

    p = sub.add_parser("simulator", help="run the platform simulator on 127.0.0.1")
    simulator_cli.add_arguments(p)
    p.set_defaults(run=simulator_cli.run)


def _add_demo(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="simulator + a generated wave + a fresh demo database")
    p.add_argument("--communities", type=int, default=120)
    p.add_argument("--skus", type=int, default=200)
    p.add_argument("--lines", type=int, default=8000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--no-ui", action="store_true", help="print the summary and exit")
    p.set_defaults(run=_run_demo)


# --- runners ---------------------------------------------------------------------------------


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
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


def _open_store(settings):  # type: ignore[no-untyped-def]
    from sorter_app.store.database import Store

    return Store.open(settings.database_url)


def _run_import(args: argparse.Namespace) -> int:
    from sorter_app.platform.client import PlatformClient
    from sorter_app.secrets import resolve_token
    from sorter_app.services.wave_import import import_date

    settings = _settings(args)
    if not settings.api_url:
        raise UserFacingError(
            "没有配置平台地址：请用 --api 或 SORTER_API_URL",
            "No platform URL: pass --api or set SORTER_API_URL",
            code="no_api_url",
        )
    token = resolve_token(settings.hub_id, args.token)
    client = PlatformClient(settings.api_url, token, ca_bundle=settings.ca_bundle or None)
    store = _open_store(settings)
    report = import_date(
        store, client, settings.hub_id, args.date, progress=_terminal_progress(args)
    )
    _end_progress()
    for result in report.results:
        _print_result(result, args)
    return _exit_code_for_results(report.results)


def _run_import_file(args: argparse.Namespace) -> int:
    from sorter_app.services.wave_import import import_order_file

    settings = _settings(args)
    store = _open_store(settings)
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
    from sorter_app.services.wave_queries import list_waves

    rows = list_waves(_open_store(_settings(args)))
    if args.json:
        for row in rows:
            print(json.dumps(row.as_json(), ensure_ascii=False))
        return EXIT_OK
    zh = args.lang == "zh"
    header = (
        ("波次", "配送日", "状态", "小区", "商品", "订单", "待分拣行", "冲突")
        if zh
        else (
            "wave",
            "delivery",
            "status",
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


def _run_replay(args: argparse.Namespace) -> int:
    from sorter_app.services.replay import replay_lines
    from sorter_app.services.scanning import ScanStation
    from sorter_app.services.station_options import station_options

    settings = _settings(args)
    station = ScanStation(
        _open_store(settings),
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

    settings = _settings(args)
    closed = close_receiving(
        _open_store(settings),
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


def _run_dispatch(args: argparse.Namespace) -> int:
    import os

    from sorter_app.services.dispatch import DispatchBlocked, dispatch_route
    from sorter_app.services.people import verify_supervisor_pin

    settings = _settings(args)
    store = _open_store(settings)
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
        _say_error(blocked, args)
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

    header, rows = export_rows(_open_store(_settings(args)), args.wave, args.what)
    write_export(args.out, header, rows, args.format)
    print(f"{args.out}: {len(rows)} 行 rows")
    return EXIT_OK


def _run_sync(args: argparse.Namespace) -> int:
    from sorter_app.platform.client import PlatformClient
    from sorter_app.secrets import resolve_token
    from sorter_app.services.outbox_sender import OutboxSender
    from sorter_app.services.report_export import FolderExporter

    settings = _settings(args)
    platform = None
    if settings.api_url:
        platform = PlatformClient(
            settings.api_url,
            resolve_token(settings.hub_id, args.token),
            ca_bundle=settings.ca_bundle or None,
        )
    exporter = FolderExporter(settings.paths.data_dir / "exports")
    sender = OutboxSender(_open_store(settings), platform, export_file=exporter)
    result = sender.run(until_empty=args.until_empty, timeout=args.timeout)
    zh = args.lang == "zh"
    print(
        f"已发送 {result.sent}，待发送 {result.pending}，已搁置 {result.parked}"
        if zh
        else f"sent {result.sent}, pending {result.pending}, parked {result.parked}"
    )
    if result.paused_for_auth:
        print(
            "平台拒绝了令牌：发送已暂停，请更新令牌"
            if zh
            else "The platform refused the token: sending is paused; update the token",
            file=sys.stderr,
        )
    if result.parked:
        return EXIT_ERROR
    return EXIT_OK if result.pending == 0 else EXIT_USAGE


def _run_demo(args: argparse.Namespace) -> int:
    from sorter_app.demo import run_demo

    return run_demo(args)


# --- output ----------------------------------------------------------------------------------


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
        _say_error(result.error, args)


def _say_error(exc: UserFacingError, args: argparse.Namespace) -> None:
    lang = getattr(args, "lang", "zh")
    print(f"错误 error [{exc.code}]: {exc.message(lang)}", file=sys.stderr)
    rows = getattr(exc, "row_errors", None)
    for row in rows or []:
        problem = row.problem_zh if lang == "zh" else row.problem_en
        column = f" [{row.column}]" if row.column else ""
        print(f"  行 row {row.row}{column}: {problem}", file=sys.stderr)


def _exit_code_for(exc: UserFacingError) -> int:
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


def _exit_code_for_results(results) -> int:  # type: ignore[no-untyped-def]
    codes = [
        _exit_code_for(r.error)
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


if __name__ == "__main__":
    sys.exit(main())
