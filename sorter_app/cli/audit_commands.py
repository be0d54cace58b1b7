"""`sorter-app audit`: the log of supervised actions, listed, exported and verified (the hash chain
of domain/audit.py recomputed from the stored columns)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sorter_app.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Subparsers,
    add_store_options,
    lang,
    open_store,
    settings_from,
)
from sorter_app.cli.help_text import h
from sorter_app.cli.tables import print_json, print_table


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "audit",
        help=h(
            "审计日志：班组长操作（缺筐发车、补打、结束收货等）的记录，列出、导出和校验",
            "the audit log of supervised actions (forced dispatch, reprints, closing receiving, "
            "...): list, export, verify",
        ),
    )
    actions = p.add_subparsers(metavar="ACTION", title=h("操作", "actions"))

    listing = actions.add_parser(
        "list",
        help=h(
            "按时间顺序列出审计记录（时间为本仓时区）",
            "list the audit records, oldest first (times in the hub's time zone)",
        ),
    )
    add_store_options(listing)
    _filters(listing)
    listing.add_argument(
        "--json",
        action="store_true",
        help=h(
            "输出 JSON 数组（含哈希，时间为 UTC）",
            "print a JSON array (with the hashes; times in UTC)",
        ),
    )
    listing.set_defaults(run=_run_list)

    export = actions.add_parser(
        "export",
        help=h("把审计记录导出为 CSV 或 XLSX", "export the audit records as CSV or XLSX"),
    )
    add_store_options(export)
    _filters(export)
    export.add_argument("--out", required=True, type=Path, help=h("输出文件", "the file to write"))
    export.add_argument(
        "--format",
        choices=["csv", "xlsx"],
        default=None,
        help=h(
            "文件格式（默认按 --out 的扩展名，否则 csv）",
            "file format (default: from the --out extension, else csv)",
        ),
    )
    export.set_defaults(run=_run_export)

    verify = actions.add_parser(
        "verify",
        help=h(
            "重新计算哈希链：完好时退出码 0，否则 1 并指出第一条被改动或缺失的记录",
            "recompute the hash chain: exit 0 when intact, else 1 naming the first altered or "
            "missing record",
        ),
    )
    add_store_options(verify)
    verify.set_defaults(run=_run_verify)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wave", help=h("只看这个波次的记录", "only the records of this wave"))
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        help=h("只取最新的 N 条", "only the newest N records"),
    )


def _run_list(args: argparse.Namespace) -> int:
    from sorter_app.services.people.audit_log import action_words, audit_records, object_text

    settings = settings_from(args)
    records = audit_records(open_store(settings), wave_id=args.wave, limit=args.limit)[::-1]
    if args.json:
        print_json(
            {
                "seq": r.seq,
                "at": r.at.isoformat(),
                "supervisor": r.supervisor,
                "action": r.action,
                "reason": r.reason,
                "wave_id": r.wave_id,
                "route_id": r.route_id,
                "sku_id": r.sku_id,
                "crate_id": r.crate_id,
                "entry_id": r.entry_id,
                "person_id": r.person_id,
                "prev_hash": r.prev_hash,
                "hash": r.hash,
            }
            for r in records
        )
        return EXIT_OK
    language = lang(args)
    zh = language == "zh"
    zone = settings.zone
    print_table(
        ("编号", "时间", "班组长", "操作", "对象", "原因")
        if zh
        else ("no.", "time", "supervisor", "action", "object", "reason"),
        (
            (
                r.seq,
                r.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
                r.supervisor,
                action_words(r.action, language),
                object_text(r, language),
                r.reason,
            )
            for r in records
        ),
        right=(0,),
    )
    return EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    from sorter_app.services.people.audit_log import export_audit

    settings = settings_from(args)
    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")
    written = export_audit(
        open_store(settings),
        args.out,
        fmt=fmt,
        lang=lang(args),
        zone=settings.zone,
        wave_id=args.wave,
        limit=args.limit,
    )
    print(
        f"已导出 {written} 条审计记录到 {args.out}"
        if lang(args) == "zh"
        else f"{written} audit records written to {args.out}"
    )
    return EXIT_OK


def _run_verify(args: argparse.Namespace) -> int:
    from sorter_app.services.people.audit_log import verify_audit

    check = verify_audit(open_store(settings_from(args)))
    zh = lang(args) == "zh"
    if check.broken is None:
        print(
            f"审计日志完好：{check.records} 条记录，哈希链无误"
            if zh
            else f"Audit log intact: {check.records} records, the hash chain holds"
        )
        return EXIT_OK
    print(
        f"错误 error [audit_chain_broken]: {check.broken.message(lang(args))}",
        file=sys.stderr,
    )
    print(
        f"第一条有问题的记录：#{check.broken.seq}"
        if zh
        else f"first broken record: #{check.broken.seq}"
    )
    return EXIT_ERROR
