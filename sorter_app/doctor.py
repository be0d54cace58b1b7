"""`sorter-app doctor`: what is wrong with this station, as a report a supervisor can send to IT.

Each check looks at one thing the night depends on (the database, the platform, each printer and
scanner, the CJK font, free disk, the clock) and gives one `Finding`: ok, warn, FAIL, or skipped
when it is not configured here. The report names where things are but never a secret: no token,
no database password (the token is only said to be there or not). Nothing is changed: the
database is not migrated, a printer only gets a label with `--test-label`.
"""

from __future__ import annotations

import email.utils
import enum
import logging
import platform
import re
import shutil
import socket
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from sorter_app.settings import Settings
from sorter_app.version import app_version, user_agent

log = logging.getLogger(__name__)

CLOCK_SKEW_WARN_S = 60.0  # crate labels carry dates, milestones carry times
DISK_FAIL_BYTES = 500 * 1024**2  # SQLite needs room to checkpoint its WAL and to back up
DISK_WARN_BYTES = 2 * 1024**3
CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 10.0


class Status(enum.Enum):
    OK = "ok"
    WARN = "WARN"
    FAIL = "FAIL"
    SKIPPED = "-"


@dataclass(frozen=True)
class Finding:
    check: str  # "database", "printer label1", ...
    status: Status
    zh: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language.startswith("en") else self.zh


def ok(check: str, zh: str, en: str) -> Finding:
    return Finding(check, Status.OK, zh, en)


def warn(check: str, zh: str, en: str) -> Finding:
    return Finding(check, Status.WARN, zh, en)


def fail(check: str, zh: str, en: str) -> Finding:
    return Finding(check, Status.FAIL, zh, en)


def skipped(check: str, zh: str, en: str) -> Finding:
    return Finding(check, Status.SKIPPED, zh, en)


# --- database ---------------------------------------------------------------------------------


def schema_revisions(engine: Engine) -> tuple[str | None, str]:
    """(the database's alembic revision, the app's head revision)."""
    from alembic.script import ScriptDirectory

    from sorter_app.store.migrate import alembic_config, current_revision

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the app ships its migrations"
    with engine.connect() as connection:
        return current_revision(connection), head


def shown_url(url: str) -> str:
    """The database URL without its password (a report goes to people who must not have it)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.rsplit("@", 1)[-1]


def check_database(settings: Settings) -> Finding:
    from sqlalchemy.exc import SQLAlchemyError

    from sorter_app.store.engine import make_engine

    url = settings.database_url
    where = shown_url(url)
    parsed = make_url(url)
    sqlite_file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if sqlite_file and not Path(sqlite_file).is_file():  # connecting would create it
        return warn(
            "database",
            f"{where}：数据库文件还不存在（首次启动时创建）",
            f"{where}: the database file does not exist yet (the app creates it at first start)",
        )
    engine = make_engine(url)
    try:
        current, head = schema_revisions(engine)
    except (SQLAlchemyError, OSError) as exc:
        log.info("doctor: database unreachable", exc_info=True)
        reason = _one_line(exc)
        return fail(
            "database",
            f"{where}：无法连接（{reason}）",
            f"{where}: cannot connect ({reason})",
        )
    finally:
        engine.dispose()
    if current == head:
        return ok(
            "database",
            f"{where}：可连接，结构为最新（{head}）",
            f"{where}: reachable, schema at head ({head})",
        )
    if current is None:
        return warn(
            "database",
            f"{where}：可连接，但还是空库（程序启动时建表）",
            f"{where}: reachable but empty (the app creates the tables at start)",
        )
    return warn(
        "database",
        f"{where}：可连接，结构为 {current}，程序为 {head}（启动时升级；若数据库更新则需升级程序）",
        f"{where}: reachable, schema at {current}, the app's head is {head} (migrated at start; "
        "if the database is newer, upgrade this app)",
    )


# --- platform and clock -----------------------------------------------------------------------


def check_platform(settings: Settings, token: str | None) -> list[Finding]:
    """The URL, whether a token is there (never what it is), one request, the clock by its Date."""
    import requests

    from sorter_app.platform.errors import InsecureUrl, UrlWithoutScheme
    from sorter_app.platform.http import check_base_url

    if not settings.api_url:
        return [
            skipped("platform", "未配置平台地址（api_url）", "no platform configured (api_url)")
        ]
    try:
        base, loopback = check_base_url(settings.api_url)
    except (InsecureUrl, UrlWithoutScheme) as exc:
        return [Finding("platform URL", Status.FAIL, exc.message_zh, exc.message_en)]
    findings = [ok("platform URL", base, base)]
    if token:
        findings.append(ok("platform token", "已配置（不显示）", "present (not shown)"))
    else:
        findings.append(
            fail(
                "platform token",
                "没有令牌：请在设置向导中保存，或设置 SORTER_API_TOKEN",
                "missing: save it in set-up or set SORTER_API_TOKEN",
            )
        )
    session = requests.Session()
    session.trust_env = not loopback  # as the app's own client: no proxy for this machine
    verify: bool | str = settings.ca_bundle or True
    path = f"{base}/hubs/{settings.hub_id}/waves"
    headers = {"User-Agent": user_agent(), "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        reply = session.get(
            path,
            params={"delivery_date": datetime.now(settings.zone).date().isoformat()},
            headers=headers,
            timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
            verify=verify,
        )
    except requests.exceptions.SSLError as exc:
        reason = _one_line(exc)
        return [
            *findings,
            fail(
                "platform TLS",
                f"证书校验失败（{reason}）：检查 ca_bundle 设置和本机时间",
                f"certificate check failed ({reason}): check the ca_bundle setting and the clock",
            ),
        ]
    except requests.RequestException as exc:
        reason = _one_line(exc)
        return [
            *findings,
            fail(
                "platform",
                f"无法连接 {base}（{reason}）",
                f"cannot reach {base} ({reason})",
            ),
        ]
    finally:
        session.close()
    tls = "TLS 证书已校验；" if base.startswith("https") else ""
    tls_en = "TLS certificate verified; " if base.startswith("https") else ""
    status = reply.status_code
    if status in (401, 403):
        findings.append(
            fail(
                "platform",
                f"{tls}平台拒绝了令牌（HTTP {status}）",
                f"{tls_en}the platform refused the token (HTTP {status})",
            )
        )
    elif 200 <= status < 300:
        findings.append(
            ok(
                "platform",
                f"{tls}请求成功（HTTP {status}）",
                f"{tls_en}request answered (HTTP {status})",
            )
        )
    else:
        findings.append(
            fail(
                "platform",
                f"{tls}平台回答 HTTP {status}（地址的路径是否正确？）",
                f"{tls_en}the platform answered HTTP {status} (is the URL's path right?)",
            )
        )
    findings.append(check_clock(reply.headers.get("Date")))
    return findings


def check_clock(date_header: str | None, now: datetime | None = None) -> Finding:
    """This PC's clock against the platform's `Date` header."""
    if not date_header:
        return warn(
            "clock", "平台回答中没有 Date 头，无法核对时间", "the platform sent no Date header"
        )
    try:
        theirs = email.utils.parsedate_to_datetime(date_header)
    except (TypeError, ValueError):
        return warn(
            "clock", f"无法解析 Date 头：{date_header!r}", f"unreadable Date header {date_header!r}"
        )
    mine = now or datetime.now(UTC)
    skew = (mine - theirs).total_seconds()
    ahead_zh = "快" if skew > 0 else "慢"
    ahead_en = "ahead of" if skew > 0 else "behind"
    if abs(skew) > CLOCK_SKEW_WARN_S:
        return warn(
            "clock",
            f"本机时间比平台{ahead_zh} {abs(skew):.0f} 秒：请校准时间（标签日期和节点时间依赖它）",
            f"this PC is {abs(skew):.0f} s {ahead_en} the platform: set the clock right "
            "(label dates and milestone times depend on it)",
        )
    return ok(
        "clock", f"与平台相差 {abs(skew):.0f} 秒", f"within {abs(skew):.0f} s of the platform"
    )


# --- printers, scanners -----------------------------------------------------------------------


def check_printers(settings: Settings, *, test_label: bool = False) -> list[Finding]:
    if not settings.printers:
        return [skipped("printers", "未配置打印机", "no printers configured")]
    findings = []
    for profile in settings.printers:
        check = f"printer {profile.name}"
        if test_label:
            findings.append(_print_test_label(settings, profile))
        elif profile.transport == "tcp":
            findings.append(_tcp_reachable(check, *profile.tcp_endpoint()))
        elif profile.transport == "serial":
            findings.append(_serial_openable(check, profile.address, profile.baud))
        elif profile.transport == "folder":
            folder = Path(profile.address)
            if folder.is_dir():
                findings.append(ok(check, f"文件夹 {folder} 存在", f"folder {folder} exists"))
            else:
                findings.append(
                    fail(check, f"文件夹 {folder} 不存在", f"folder {folder} does not exist")
                )
        else:
            findings.append(
                skipped(
                    check,
                    f"{profile.transport} 打印机 {profile.address}：用 --test-label 打印测试标签来检查",
                    f"{profile.transport} printer {profile.address}: check it with --test-label",
                )
            )
    return findings


def _tcp_reachable(check: str, host: str, port: int) -> Finding:
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        reason = _one_line(exc)
        return fail(
            check,
            f"{host}:{port} 无法连接（{reason}）：检查电源和网线",
            f"{host}:{port} unreachable ({reason}): check power and cable",
        )
    return ok(check, f"{host}:{port} 可连接", f"{host}:{port} reachable")


def _serial_openable(check: str, port: str, baud: int) -> Finding:
    import serial

    try:
        serial.serial_for_url(port, baudrate=baud, timeout=0.2).close()
    except (serial.SerialException, OSError, ValueError) as exc:
        reason = _one_line(exc)
        return fail(
            check, f"串口 {port} 无法打开（{reason}）", f"port {port} cannot be opened ({reason})"
        )
    return ok(check, f"串口 {port} 可打开", f"port {port} opens")


def _print_test_label(settings: Settings, profile: object) -> Finding:
    from sorter_app.services.printing.printer_test import print_test_label
    from sorter_app.store.database import Store

    name = getattr(profile, "name", "?")
    store = Store.open(settings.database_url)  # the test job is recorded like the app's own
    try:
        result = print_test_label(store, profile)  # type: ignore[arg-type]
    finally:
        store.close()
    check = f"printer {name}"
    if result.ok:
        return ok(check, f"测试标签已发送到 {result.where}", f"test label sent to {result.where}")
    error = result.error
    assert error is not None
    return Finding(check, Status.FAIL, error.message_zh, error.message_en)


def check_scanners(settings: Settings) -> list[Finding]:
    scanners = settings.scanners
    if scanners.serial_port:
        return [_serial_openable("scanner", scanners.serial_port, scanners.serial_baudrate)]
    if scanners.serial_vid is not None:
        from serial.tools import list_ports

        for info in list_ports.comports():
            if info.vid == scanners.serial_vid and (
                scanners.serial_pid is None or info.pid == scanners.serial_pid
            ):
                return [_serial_openable("scanner", info.device, scanners.serial_baudrate)]
        vid = f"{scanners.serial_vid:04X}"
        return [
            fail(
                "scanner",
                f"找不到 USB 扫码枪（VID {vid}）：检查连线",
                f"no USB scanner with VID {vid}: check the cable",
            )
        ]
    return [
        skipped(
            "scanner",
            "未配置串口扫码枪（键盘式扫码枪无需检查）",
            "no serial scanner configured (keyboard-wedge scanners need no check)",
        )
    ]


# --- font, disk -----------------------------------------------------------------------------


def check_font() -> Finding:
    from printers.fonts import FontMissing, find_cjk_font

    try:
        font = find_cjk_font()
    except FontMissing as exc:
        return Finding("CJK font", Status.FAIL, exc.message_zh, exc.message_en)
    return ok("CJK font", str(font.path), str(font.path))


def check_disk(settings: Settings, usage: Callable[[Path], int] | None = None) -> Finding:
    folder = settings.paths.data_dir
    existing = next((p for p in (folder, *folder.parents) if p.exists()), Path("."))
    free = (usage or _free_bytes)(existing)
    gib = free / 1024**3
    if free < DISK_FAIL_BYTES:
        return fail(
            "disk", f"{folder} 所在磁盘只剩 {gib:.2f} GB", f"only {gib:.2f} GB free for {folder}"
        )
    if free < DISK_WARN_BYTES:
        return warn(
            "disk", f"{folder} 所在磁盘只剩 {gib:.1f} GB", f"only {gib:.1f} GB free for {folder}"
        )
    return ok("disk", f"{folder}：剩余 {gib:.1f} GB", f"{folder}: {gib:.1f} GB free")


def _free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


# --- the report -----------------------------------------------------------------------------


def run_checks(settings: Settings, token: str | None, *, test_label: bool = False) -> list[Finding]:
    return [
        check_database(settings),
        *check_platform(settings, token),
        *check_printers(settings, test_label=test_label),
        *check_scanners(settings),
        check_font(),
        check_disk(settings),
    ]


def report(
    settings: Settings,
    findings: Iterable[Finding],
    language: str,
    out: TextIO | None,
    *,
    err: TextIO | None = None,
    secrets: Iterable[str] = (),
) -> int:
    """Print the report; the exit status: 0 when nothing is wrong, 1 when a check warns or fails.
    `secrets` (the token, the database password) are masked should an error message quote one."""
    from sorter_app.settings import settings_path

    findings = list(findings)
    english = language.startswith("en")
    # A secret is masked where it stands alone, not inside a word ("tok" in "token").
    hidden = [re.compile(rf"(?<![\w-]){re.escape(s)}(?![\w-])") for s in secrets if s]

    def print(line: str, file: TextIO | None) -> None:  # every line is masked, and logged
        for secret in hidden:
            line = secret.sub("***", line)
        log.info("doctor: %s", line)  # the log keeps the report too (a windowed build's only copy)
        if file is not None:
            file.write(line + "\n")

    print("Hub Sorter doctor" if english else "集单分拣台 诊断报告 (Hub Sorter doctor)", file=out)
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    print(
        f"  version {app_version()} ({frozen}) · {platform.platform()} · "
        f"{datetime.now(UTC).isoformat(timespec='seconds')}",
        file=out,
    )
    print(f"  hub {settings.hub_id} · station {settings.station_id}", file=out)
    print(f"  settings {settings_path(settings.paths)}", file=out)
    print(f"  data {settings.paths.data_dir} · logs {settings.paths.log_dir}", file=out)
    for finding in findings:
        print(f"[{finding.status.value:^4}] {finding.check}: {finding.text(language)}", file=out)
    problems = sum(f.status in (Status.WARN, Status.FAIL) for f in findings)
    if problems:  # the verdict goes where every command's failure goes: one line on stderr
        print(
            f"{problems} problem(s): send this report to IT"
            if english
            else f"发现 {problems} 个问题：请把这份报告发给 IT",
            file=err if err is not None else out,
        )
    else:
        print("all checks passed" if english else "全部检查通过", file=out)
    return 1 if problems else 0


def _one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
