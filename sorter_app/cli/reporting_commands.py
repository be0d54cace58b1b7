"""Reporting, dispatch and the hub's numbers: sync, dispatch, summary (日结), export, claims,
crates, purge."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sorter_app.cli import lookup_commands
from sorter_app.cli.common import (
    EXIT_CRATES_MISSING,
    EXIT_ERROR,
    EXIT_OK,
    Subparsers,
    add_api_options,
    add_store_options,
    open_store,
    say_error,
    settings_from,
    supervisor_pin,
)
from sorter_app.cli.help_text import h
from sorter_app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sorter_app.services.views.night_summary import NightSummary


def register(sub: Subparsers) -> None:
    _add_sync(sub)
    _add_dispatch(sub)
    _add_summary(sub)
    _add_export(sub)
    _add_claims(sub)
    _add_crates(sub)
    _add_purge(sub)


def _add_sync(sub: Subparsers) -> None:
    p = sub.add_parser(
        "sync",
        help=h(
            "把待发送的上报、发车和进度节点发给平台（0 已清空，2 仍有待发送，1 有搁置）",
            "deliver queued reports, dispatches and milestones (0 empty, 2 still pending, "
            "1 something parked)",
        ),
    )
    add_store_options(p)
    add_api_options(p)
    p.add_argument(
        "--until-empty",
        action="store_true",
        help=h("一直发送，直到没有待发送的记录", "keep going until nothing is pending"),
    )
    p.add_argument(
        "--timeout",
        type=float,
        metavar="S",
        help=h("最多持续尝试的总秒数", "total seconds to keep trying"),
    )
    p.set_defaults(run=_run_sync)


def _add_dispatch(sub: Subparsers) -> None:
    p = sub.add_parser(
        "dispatch",
        help=h(
            "线路发车：有筐未装车时拒绝（状态 8，每个缺的筐一行），除非强制",
            "dispatch a route: refuses while crates are not loaded (status 8, one line per "
            "missing crate) unless forced",
        ),
    )
    add_store_options(p)
    p.add_argument("--wave", required=True, help=h("波次编号", "wave ID"))
    p.add_argument("--route", required=True, help=h("线路编号", "route ID"))
    p.add_argument(
        "--force",
        action="store_true",
        help=h(
            "缺筐也发车（需要 --supervisor 和 --reason）",
            "leave with crates missing (needs --supervisor, --reason)",
        ),
    )
    p.add_argument(
        "--reason", default="", help=h("强制发车的原因", "why the route leaves with crates missing")
    )
    p.add_argument(
        "--supervisor",
        help=h(
            "班组长编号；密码取自 SORTER_SUPERVISOR_PIN 或在终端输入",
            "supervisor ID; the PIN comes from SORTER_SUPERVISOR_PIN or is typed",
        ),
    )
    p.add_argument(
        "--driver",
        help=h(
            "司机姓名（可选，印在装车单和日结上，不发给平台）",
            "driver's name (optional; on the load sheet and the summary, not sent to the platform)",
        ),
    )
    p.add_argument(
        "--plate",
        help=h(
            "车牌号（可选，印在装车单和日结上，不发给平台）",
            "truck's plate (optional; on the load sheet and the summary, not sent to the platform)",
        ),
    )
    p.set_defaults(run=_run_dispatch)


def _add_summary(sub: Subparsers) -> None:
    p = sub.add_parser(
        "summary",
        help=h(
            "日结：波次的件数、短缺、破损、错分、筐、线路发车与上报；--out 写出可打印的 PDF",
            "end-of-night summary: a wave's units, shortages, damage, missorts, crates, routes "
            "and reports; --out writes the printable PDF",
        ),
    )
    add_store_options(p)
    p.add_argument("--wave", required=True, help=h("波次编号", "wave ID"))
    p.add_argument(
        "--out", type=Path, help=h("写出日结 PDF 到这个文件", "write the summary PDF here")
    )
    p.add_argument(
        "--json", action="store_true", help=h("以 JSON 输出数字", "print the figures as JSON")
    )
    p.set_defaults(run=_run_summary)


def _add_export(sub: Subparsers) -> None:
    p = sub.add_parser(
        "export", help=h("把波次的数据导出为 CSV 或 XLSX", "a wave's numbers as CSV or XLSX")
    )
    add_store_options(p)
    p.add_argument("--wave", required=True, help=h("波次编号", "wave ID"))
    p.add_argument(
        "--what",
        required=True,
        choices=["timeline", "shortages", "missorts", "claims", "productivity"],
        help=h(
            "导出内容：timeline 时间线、shortages 缺货、missorts 错分、claims 团长理赔、"
            "productivity 人效",
            "what to export: timeline, shortages, missorts, claims or productivity",
        ),
    )
    p.add_argument(
        "--format", required=True, choices=["csv", "xlsx"], help=h("文件格式", "file format")
    )
    p.add_argument("--out", required=True, type=Path, help=h("要写出的文件", "the file to write"))
    p.set_defaults(run=_run_export)


def _add_claims(sub: Subparsers) -> None:
    p = sub.add_parser(
        "claims",
        help=h(
            "从平台拉取已发车波次的团长理赔（少货、错货、破损）",
            "pull leaders' claims for a dispatched wave from the platform",
        ),
    )
    add_store_options(p)
    p.add_argument("--wave", required=True, help=h("波次编号", "wave ID"))
    add_api_options(p)
    p.set_defaults(run=_run_claims)


def _add_crates(sub: Subparsers) -> None:
    p = sub.add_parser(
        "crates",
        help=h(
            "筐：波次的筐清单；周转箱的收回与台账",
            "crates: a wave's crates; reusable crates back and held",
        ),
    )
    actions = p.add_subparsers(metavar="ACTION", title=h("操作", "actions"))
    back = actions.add_parser(
        "return",
        help=h(
            "团长退回的周转箱：每行扫一张旧标签",
            "reusable crates back from leaders: one old label scan per line",
        ),
    )
    add_store_options(back)
    back.add_argument(
        "file",
        help=h("扫码文件，每行一个；- 表示标准输入", "file of scans, or - for standard input"),
    )
    back.set_defaults(run=_run_crates_return)
    ledger = actions.add_parser(
        "ledger", help=h("每位团长手上的周转箱", "the reusable crates each leader holds")
    )
    add_store_options(ledger)
    ledger.set_defaults(run=_run_crates_ledger)
    lookup_commands.add_crates_list(actions)  # `crates list`: the wave's crates and their codes


def _add_purge(sub: Subparsers) -> None:
    p = sub.add_parser(
        "purge",
        help=h(
            "清除旧波次的客户数据（统计数字保留）",
            "purge customer data of old waves (the numbers stay)",
        ),
    )
    add_store_options(p)
    p.add_argument(
        "--older-than-days",
        type=int,
        metavar="N",
        help=h(
            "清除早于 N 天的波次（默认取设置 retention_days）",
            "waves older than N days (default: settings retention_days)",
        ),
    )
    p.set_defaults(run=_run_purge)


def _run_sync(args: argparse.Namespace) -> int:
    # Each wave's entries go where the wave came from, or wait: see outbox_commands.
    from sorter_app.cli.outbox_commands import run_sync

    return run_sync(args)


def _run_dispatch(args: argparse.Namespace) -> int:

    from sorter_app.services.loading.dispatch import DispatchBlocked, dispatch_route
    from sorter_app.services.people.roster import verify_supervisor_pin

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
            store, args.supervisor, supervisor_pin(args, store, args.supervisor)
        )
    try:
        result = dispatch_route(
            store,
            args.wave,
            args.route,
            force=args.force,
            reason=args.reason,
            supervisor=supervisor,
            driver=args.driver,
            plate=args.plate,
            settings=settings,
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
        if result.driver or result.plate:
            print(
                f"司机 {result.driver or '-'}，车牌 {result.plate or '-'}"
                if zh
                else f"driver {result.driver or '-'}, plate {result.plate or '-'}"
            )
    return EXIT_OK


def _run_summary(args: argparse.Namespace) -> int:
    from sorter_app.services.printing.documents import night_summary as summary_document
    from sorter_app.services.views.night_summary import night_summary

    settings = settings_from(args)
    store = open_store(settings)
    zh = args.lang == "zh"
    if args.out is not None:
        doc = summary_document(store, args.wave, settings.zone)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(doc.pdf)
        print(f"已写出日结到 {args.out}" if zh else f"Wrote the summary to {args.out}")
    summary = night_summary(store, args.wave)
    if args.json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
    elif args.out is None:
        for line in summary_lines(summary, settings.zone, zh=zh):
            print(line)
    return EXIT_OK


def summary_lines(s: NightSummary, zone: ZoneInfo, *, zh: bool) -> list[str]:
    """The summary as lines of text in the CLI's language."""
    from sorter_app.services.views.night_summary import PLATFORM_STATES, REASONS, STEPS

    word = 0 if zh else 1

    def when(at: datetime | None) -> str:
        return at.astimezone(zone).strftime("%m-%d %H:%M") if at else "-"

    reasons = ("，" if zh else ", ").join(
        f"{REASONS.get(r, (r, r))[word]} {n}" for r, n in s.short_by_reason
    )
    if zh:
        lines = [
            f"日结  波次 {s.wave_id}（{s.hub_id}，{s.delivery_date.isoformat()}）",
            f"件数：应分拣 {s.due}，已分拣 {s.put}，未分拣 {s.left_to_sort}，实收 {s.received}",
            f"短缺 {s.short} 件" + (f"：{reasons}" if reasons else ""),
            f"破损 {s.damaged} 件",
            f"错分：错筐拦截 {s.wrong_crate_blocked} 次，事后发现 {s.missorts_claimed} 件",
            f"筐：共 {s.crates}，已打标签 {s.crates_labelled}，有货 {s.crates_with_units}，"
            f"已装车 {s.crates_loaded}，发给团长 {s.crates_out}，已收回 {s.crates_returned}",
            f"线路：已发车 {s.routes_dispatched}/{len(s.routes)}，强制发车 {s.routes_forced}",
        ]
    else:
        lines = [
            f"End-of-night summary  wave {s.wave_id} ({s.hub_id}, {s.delivery_date.isoformat()})",
            f"units: due {s.due}, sorted {s.put}, left {s.left_to_sort}, received {s.received}",
            f"short {s.short}" + (f": {reasons}" if reasons else ""),
            f"damaged {s.damaged}",
            f"missorts: {s.wrong_crate_blocked} wrong-crate scans blocked, "
            f"{s.missorts_claimed} found later",
            f"crates: {s.crates} in all, {s.crates_labelled} labelled, {s.crates_with_units} "
            f"with units, {s.crates_loaded} loaded, {s.crates_out} out, {s.crates_returned} back",
            f"routes: {s.routes_dispatched}/{len(s.routes)} dispatched, {s.routes_forced} forced",
        ]
    for r in s.routes:
        d = r.dispatch
        if d is None:
            state = "未发车" if zh else "not dispatched"
        else:
            parts = [
                (f"发车 {when(d.departed_at)}" if zh else f"left {when(d.departed_at)}")
                + (("（强制）" if zh else " (forced)") if d.forced else ""),
                (f"司机 {d.driver or '-'}" if zh else f"driver {d.driver or '-'}"),
                (f"车牌 {d.plate or '-'}" if zh else f"plate {d.plate or '-'}"),
                ("平台：" if zh else "platform: ")
                + PLATFORM_STATES[r.platform_state or "none"][word],
            ]
            state = "  ".join(parts)
        lines.append(f"  {r.route_id} {r.route_name}  {r.loaded}/{r.crates}  {state}")
    lines.append(
        f"未送达平台的记录 {s.undelivered} 条" if zh else f"not delivered yet: {s.undelivered}"
    )
    lines.append("时间线：" if zh else "timeline:")
    for e in s.events:
        step = STEPS[e.step][word] + (f" {e.route_id}" if e.route_id else "")
        lines.append(f"  {when(e.at)}  {step}")
    return lines


def _run_export(args: argparse.Namespace) -> int:
    from sorter_app.cli.tables import write_table
    from sorter_app.services.reporting.exports import export_table

    settings = settings_from(args)
    table = export_table(
        open_store(settings), args.wave, args.what, lang=args.lang, zone=settings.zone
    )
    write_table(args.out, table, args.format, args.lang)
    return EXIT_OK


def _run_claims(args: argparse.Namespace) -> int:
    from sorter_app.services.reporting.claims import pull_claims
    from sorter_app.services.waves.platform_link import PlatformLink, open_client

    settings = settings_from(args)
    client = open_client(PlatformLink.from_settings(settings, token=args.token))
    new = pull_claims(open_store(settings), client, args.wave)
    print(f"新理赔 {new} 条" if args.lang == "zh" else f"{new} new claims")
    return EXIT_OK


def _run_crates_return(args: argparse.Namespace) -> int:
    from sorter_app.services.loading.crate_ledger import return_crate

    store = open_store(settings_from(args))
    source = (
        sys.stdin if args.file == "-" else open(args.file, encoding="utf-8", errors="replace")  # noqa: SIM115
    )
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
    from sorter_app.services.loading.crate_ledger import holdings

    print("团长\t姓名\t发出\t收回\t在外" if args.lang == "zh" else "leader\tname\tout\tback\theld")
    for held in holdings(open_store(settings_from(args))):
        print(f"{held.leader_id}\t{held.leader_name}\t{held.out}\t{held.back}\t{held.held}")
    return EXIT_OK


def _run_purge(args: argparse.Namespace) -> int:
    from sorter_app.services.waves.retention import purge_customer_data

    settings = settings_from(args)
    purged = purge_customer_data(
        open_store(settings), args.older_than_days or settings.retention_days
    )
    print(
        ("已清除客户数据的波次：" if args.lang == "zh" else "customer data purged for: ")
        + (", ".join(purged) or "-")
    )
    return EXIT_OK
