"""The outbox: `sync` delivers it (its runner lives here), `outbox resend` re-queues to the platform
what a platform wave had diverted to files."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from sorter_app.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Subparsers,
    add_store_options,
    open_store,
    settings_from,
    supervisor_pin,
)
from sorter_app.cli.help_text import h

if TYPE_CHECKING:
    from sorter_app.platform.client import PlatformClient
    from sorter_app.settings import Settings


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "outbox",
        help=h(
            "待发送队列：把误导出为文件的记录重新发往平台", "the outbox: re-queue diverted entries"
        ),
    )
    actions = p.add_subparsers(metavar="ACTION")
    resend = actions.add_parser(
        "resend",
        help=h(
            "把平台波次已导出为文件（未到平台）的上报、发车和节点重新排队发往平台",
            "re-queue to the platform a platform wave's reports, dispatches and milestones that "
            "were written to files instead",
        ),
    )
    add_store_options(resend)
    resend.add_argument("--wave", required=True, help=h("波次号", "wave ID"))
    resend.add_argument(
        "--supervisor",
        required=True,
        help=h(
            "班组长工号；密码取自 SORTER_SUPERVISOR_PIN，否则不回显输入",
            "supervisor ID; the PIN comes from SORTER_SUPERVISOR_PIN, else it is asked without echo",
        ),
    )
    resend.add_argument(
        "--reason", default="", help=h("原因（记入审计日志）", "why (written to the audit log)")
    )
    resend.set_defaults(run=_run_resend)


def _run_resend(args: argparse.Namespace) -> int:
    from sorter_app.services.people.roster import verify_supervisor_pin
    from sorter_app.services.people.supervisor_actions import resend_to_platform_as

    zh = args.lang == "zh"
    store = open_store(settings_from(args))
    supervisor = verify_supervisor_pin(
        store, args.supervisor, supervisor_pin(args, store, args.supervisor)
    )
    requeued = resend_to_platform_as(store, supervisor, args.wave, reason=args.reason)
    if requeued:
        print(
            f"波次 {args.wave}：{requeued} 条记录已重新排队发往平台，请运行 sorter-app sync 发送"
            if zh
            else f"Wave {args.wave}: {requeued} entries re-queued to the platform; "
            "run sorter-app sync to send them"
        )
    else:
        print(
            f"波次 {args.wave}：没有需要重新发往平台的记录"
            if zh
            else f"Wave {args.wave}: nothing to re-queue to the platform"
        )
    return EXIT_OK


def run_sync(args: argparse.Namespace) -> int:
    """`sorter-app sync`: each wave's entries go where the wave came from, or wait."""
    from sorter_app.services.reporting.outbox_sender import OutboxSender
    from sorter_app.services.reporting.report_export import FolderExporter

    settings = settings_from(args)
    platform, missing_zh, missing_en = _platform(settings, args.token)
    folder = settings.paths.data_dir / "exports"
    sender = OutboxSender(open_store(settings), platform, export_file=FolderExporter(folder))
    result = sender.run(until_empty=args.until_empty, timeout=args.timeout)
    zh = args.lang == "zh"
    # "Sent" only for what reached the platform; files are "exported", and say where.
    parts_zh: list[str] = []
    parts_en: list[str] = []
    if result.sent or not result.exported:
        parts_zh.append(f"已发送 {result.sent}")
        parts_en.append(f"sent {result.sent}")
    if result.exported:
        parts_zh.append(f"已导出 {result.exported} 个文件到 {folder}")
        parts_en.append(f"exported {result.exported} files to {folder}")
    parts_zh += [f"待发送 {result.pending}", f"已搁置 {result.parked}"]
    parts_en += [f"pending {result.pending}", f"parked {result.parked}"]
    print("，".join(parts_zh) if zh else ", ".join(parts_en))
    if result.waiting_for_platform:
        waves_zh = "、".join(f"{w}（{n} 条）" for w, n in result.waiting_for_platform.items())
        waves_en = ", ".join(f"{w} ({n})" for w, n in result.waiting_for_platform.items())
        print(
            f"平台导入的波次 {waves_zh} 的记录未发送：{missing_zh}。这些记录只发往平台，"
            "不会导出为文件；配置后再运行 sorter-app sync"
            if zh
            else f"Entries of platform waves {waves_en} not sent: {missing_en}. They go to the "
            "platform only, never to a file; run sorter-app sync again once it is set",
            file=sys.stderr,
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


def _platform(settings: Settings, token_flag: str | None) -> tuple[PlatformClient | None, str, str]:
    """The platform client, or None and why (no URL, no token) in Chinese and English."""
    from sorter_app.secrets import SecretMissing
    from sorter_app.services.waves.platform_link import PlatformLink, open_client

    if not settings.api_url:
        return (
            None,
            "没有配置平台地址（--api 或 SORTER_API_URL）",
            "no platform URL (--api or SORTER_API_URL)",
        )
    try:
        client = open_client(PlatformLink.from_settings(settings, token=token_flag))
    except SecretMissing:
        return (
            None,
            "没有平台令牌（--token、环境变量 SORTER_API_TOKEN 或系统凭据库）",
            "no platform token (--token, SORTER_API_TOKEN or the OS credential store)",
        )
    return client, "", ""
