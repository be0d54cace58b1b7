"""`sorter-app doctor`: this station's health as a report for IT (sorter_app/doctor.py)."""

from __future__ import annotations

import argparse
import os
import sys

from sorter_app.cli.common import (
    Subparsers,
    add_api_options,
    add_store_options,
    lang,
    settings_from,
)
from sorter_app.cli.help_text import DefaultsHelpFormatter, h


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "doctor",
        help=h(
            "诊断本机：数据库、平台、打印机、扫码枪、字体、磁盘、时间（可发给 IT 的报告）",
            "check this station: database, platform, printers, scanners, font, disk, clock "
            "(a report to send to IT)",
        ),
        description=h(
            "逐项检查并打印报告；报告中不含令牌和密码。有问题时退出码非 0。",
            "Checks each thing the night depends on and prints a report without tokens or "
            "passwords; exits non-zero when something is wrong.",
        ),
        formatter_class=DefaultsHelpFormatter,
    )
    add_store_options(p)
    add_api_options(p)
    p.add_argument(
        "--test-label",
        action="store_true",
        help=h(
            "给每台打印机打印一张测试标签（默认只检查能否连接）",
            "print a test label on each printer (by default only whether it can be reached)",
        ),
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sorter_app.doctor import report, run_checks
    from sorter_app.secrets import SecretMissing, resolve_token

    settings = settings_from(args)
    try:
        token: str | None = resolve_token(settings.hub_id, args.token)
    except SecretMissing:
        token = None
    findings = run_checks(settings, token, test_label=args.test_label)
    secrets = [s for s in (token, os.environ.get("SORTER_DB_PASSWORD")) if s]
    return report(settings, findings, lang(args), sys.stdout, err=sys.stderr, secrets=secrets)
