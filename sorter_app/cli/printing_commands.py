"""`sorter-app` printing commands: label files, printing through the queue, printer tests and
queue status, supervised reprints, manifests and load sheets. Each command only translates
arguments to service calls and results to output.

    sorter-app labels --wave W [--community C] --format zpl|tspl|pdf|png [--size S] [--dpi D] --out DIR
    sorter-app print --printer NAME --wave W [--community C] [--wait S]
    sorter-app printers list | test NAME | queue [NAME] | send [NAME...] | cancel ID...
    sorter-app printers retry ID... | retry --printer NAME
    sorter-app reprint --crate ID --supervisor CODE --reason TEXT [--printer NAME]
    sorter-app manifest --wave W [--community C] [--route R] [--out FILE.pdf] [--printer NAME]
    sorter-app pickup-list --wave W [--community C] [--out FILE.pdf] [--printer NAME]
    sorter-app load-sheet --wave W --route R [--out FILE.pdf] [--printer NAME]
    sorter-app receiving-sheet --wave W [--supplier S] [--out FILE.pdf] [--printer NAME]

A document command without --out or --printer prints on the document printer of the settings
(`[documents] printer = NAME`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sorter_app.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Subparsers,
    add_store_options,
    lang,
    open_store,
    settings_from,
    supervisor_pin,
)
from sorter_app.cli.help_text import h
from sorter_app.domain.errors import UserFacingError

if TYPE_CHECKING:
    from collections.abc import Callable

    from printers.profiles import PrinterProfile
    from sorter_app.services.printing.documents import Document
    from sorter_app.services.printing.sender import SendResult
    from sorter_app.settings import Settings
    from sorter_app.store.database import Store

DEFAULT_WAIT_S = 60.0


class NothingToPrint(UserFacingError):
    code = "nothing_to_print"


def add_parsers(sub: Subparsers) -> None:
    _add_labels(sub)
    _add_print(sub)
    _add_printers(sub)
    _add_reprint(sub)
    _add_manifest(sub)
    _add_pickup_list(sub)
    _add_load_sheet(sub)
    _add_receiving_sheet(sub)


# --- parsers -----------------------------------------------------------------------------------


def _add_labels(sub: Subparsers) -> None:
    p = sub.add_parser(
        "labels",
        help=h(
            "把当前计划的每张筐标签写成文件（每筐一个文件，index.csv 对照筐号）",
            "write every crate label of the current plan as files (one per crate, index.csv "
            "maps files to crates)",
        ),
    )
    add_store_options(p)
    _wave_option(p)
    _community_option(p)
    p.add_argument(
        "--format",
        required=True,
        choices=["zpl", "tspl", "pdf", "png"],
        help=h(
            "zpl/tspl 打印机指令，pdf 一个文件，png 图片",
            "zpl/tspl printer commands, pdf one file, png images",
        ),
    )
    p.add_argument(
        "--size",
        default="100x100",
        choices=["100x100", "60x40"],
        help=h("标签尺寸，毫米（默认 100x100）", "label size in mm (default 100x100)"),
    )
    p.add_argument(
        "--dpi",
        type=int,
        default=203,
        choices=[203, 300],
        help=h("打印机分辨率（默认 203）", "printer resolution (default 203)"),
    )
    p.add_argument(
        "--out",
        required=True,
        type=Path,
        help=h("存放标签文件的文件夹", "folder for the label files"),
    )
    p.set_defaults(run=_run_labels)


def _add_print(sub: Subparsers) -> None:
    p = sub.add_parser(
        "print",
        help=h(
            "把波次未打印的筐标签加入打印机队列并发送",
            "queue a wave's unprinted crate labels for a printer, and send them",
        ),
    )
    add_store_options(p)
    _printer_option(p)
    _wave_option(p)
    _community_option(p)
    _wait_option(p)
    p.set_defaults(run=_run_print)


def _add_printers(sub: Subparsers) -> None:
    p = sub.add_parser(
        "printers",
        help=h("打印机设置、测试与打印队列", "printer profiles, tests and the print queue"),
    )
    actions = p.add_subparsers(metavar="ACTION", title=h("操作", "actions"))
    listing = actions.add_parser(
        "list", help=h("设置中的打印机及其队列", "the printer profiles in the settings")
    )
    add_store_options(listing)
    listing.set_defaults(run=_run_printers_list)
    test = actions.add_parser(
        "test",
        help=h("立即打印一张测试标签并说明是否成功", "print a test label now and say if it worked"),
    )
    add_store_options(test)
    test.add_argument(
        "name", help=h("打印机名称（设置中的 [printers.名称]）", "printer profile name")
    )
    test.set_defaults(run=_run_printers_test)
    queue = actions.add_parser(
        "queue",
        help=h(
            "等待中或失败的任务（--all：全部任务）", "jobs waiting or failed (--all: every job)"
        ),
    )
    add_store_options(queue)
    queue.add_argument(
        "name", nargs="?", help=h("只看这台打印机", "this printer only (default: every printer)")
    )
    queue.add_argument(
        "--all",
        action="store_true",
        help=h("也列出已发送和已取消的任务", "sent and cancelled jobs too"),
    )
    queue.set_defaults(run=_run_printers_queue)
    send = actions.add_parser(
        "send",
        help=h(
            "发送队列中的任务（默认：所有打印机）", "send what is queued (default: every printer)"
        ),
    )
    add_store_options(send)
    send.add_argument(
        "names", nargs="*", help=h("打印机名称（默认：全部）", "printer names (default: all)")
    )
    _wait_option(send)
    send.set_defaults(run=_run_printers_send)
    cancel = actions.add_parser(
        "cancel",
        help=h("取消排队中的任务：它们不会再打印", "cancel queued jobs: they will not print"),
    )
    add_store_options(cancel)
    cancel.add_argument(
        "job_ids",
        nargs="+",
        type=int,
        metavar="JOB",
        help=h("任务号（见 printers queue）", "job numbers (see printers queue)"),
    )
    cancel.set_defaults(run=_run_printers_cancel)
    again = actions.add_parser(
        "retry", help=h("把失败的任务重新放回队列", "put failed jobs back in the queue")
    )
    add_store_options(again)
    again.add_argument(
        "job_ids",
        nargs="*",
        type=int,
        metavar="JOB",
        help=h("任务号（见 printers queue）", "job numbers (see printers queue)"),
    )
    again.add_argument(
        "--printer",
        help=h("重试这台打印机的全部失败任务", "every failed job of this printer"),
    )
    again.set_defaults(run=_run_printers_retry)


def _add_reprint(sub: Subparsers) -> None:
    p = sub.add_parser(
        "reprint",
        help=h(
            "补打筐标签（班组长）：换新筐码，旧码作废",
            "reprint a crate label (supervisor): new scan code, the old one voided",
        ),
    )
    add_store_options(p)
    p.add_argument("--crate", required=True, help=h("筐号，HS-...", "crate ID, HS-..."))
    p.add_argument("--supervisor", required=True, help=h("班组长编号", "supervisor code"))
    p.add_argument("--reason", required=True, help=h("补打原因", "why the label is reprinted"))
    _printer_option(p)
    _wait_option(p)
    p.set_defaults(run=_run_reprint)


def _add_manifest(sub: Subparsers) -> None:
    p = sub.add_parser(
        "manifest",
        help=h(
            "团长签收单和装箱清单（PDF；整个波次按线路逐条打印）",
            "leader receipt and packing manifests as a PDF (a whole wave prints route by route)",
        ),
    )
    add_store_options(p)
    _wave_option(p)
    _community_option(p)
    p.add_argument(
        "--route",
        help=h(
            "只打这条线路（不指定时整个波次按线路逐条打印，每条线路一个打印任务）",
            "one route only (without it, the whole wave prints route by route, one print job "
            "per route)",
        ),
    )
    _document_outputs(p)
    p.set_defaults(run=_run_manifest)


def _add_pickup_list(sub: Subparsers) -> None:
    p = sub.add_parser(
        "pickup-list",
        help=h(
            "团长分拣单（PDF）：每位顾客的昵称、完整提货码和商品；顾客资料清除后不能打印",
            "leaders' pickup lists as a PDF: each customer's nickname, full pickup code and "
            "items; refused once the wave's customer data is purged",
        ),
    )
    add_store_options(p)
    _wave_option(p)
    _community_option(p)
    _document_outputs(p)
    p.set_defaults(run=_run_pickup_list)


def _add_load_sheet(sub: Subparsers) -> None:
    p = sub.add_parser("load-sheet", help=h("线路装车单（PDF）", "a route's load sheet as a PDF"))
    add_store_options(p)
    _wave_option(p)
    p.add_argument("--route", required=True, help=h("线路编号", "route ID"))
    _document_outputs(p)
    p.set_defaults(run=_run_load_sheet)


def _add_receiving_sheet(sub: Subparsers) -> None:
    p = sub.add_parser(
        "receiving-sheet",
        help=h(
            "供应商到货核对单（PDF）：每个商品应到、实收、短缺、破损，供签字",
            "supplier receiving sheets as a PDF: each SKU expected, received, short, damaged, "
            "with lines to sign",
        ),
    )
    add_store_options(p)
    _wave_option(p)
    p.add_argument(
        "--supplier", help=h("只打这个供应商（供应商编号）", "one supplier only (its ID)")
    )
    _document_outputs(p)
    p.set_defaults(run=_run_receiving_sheet)


def _wait_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT_S,
        metavar="S",
        help=h(
            f"打印机不可用时持续重试的秒数（默认 {DEFAULT_WAIT_S:g}）；到时未发出的任务留在队列中",
            f"seconds to keep retrying an unavailable printer (default {DEFAULT_WAIT_S:g}); "
            "jobs not sent by then stay queued",
        ),
    )


def _wave_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wave", required=True, help=h("波次编号", "wave ID"))


def _community_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--community", help=h("只处理这个小区", "one community only"))


def _printer_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--printer",
        help=h(
            "打印机名称（默认取设置 label_printer）",
            "printer profile (default: settings label_printer)",
        ),
    )


def _document_outputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help=h("要写出的 PDF 文件", "PDF file to write"))
    p.add_argument(
        "--printer",
        help=h(
            "把 PDF 加入这台打印机的队列并发送（不给 --out 和 --printer 时：设置中的 "
            "[documents] printer）",
            "queue the PDF for this printer profile and send it (with neither --out nor "
            "--printer: the settings' [documents] printer)",
        ),
    )
    _wait_option(p)


# --- labels ------------------------------------------------------------------------------------


def _run_labels(args: argparse.Namespace) -> int:
    from printers.file_names import safe_stem, write_index
    from printers.model import media
    from printers.render import EXTENSIONS, render_labels
    from sorter_app.services.views.label_data import crate_labels

    store = open_store(settings_from(args))
    labels = crate_labels(store, args.wave, args.community)
    if not labels:
        raise _no_labels(args.wave, args.community)
    label_media = media(args.size, args.dpi)
    args.out.mkdir(parents=True, exist_ok=True)
    rendered = render_labels(labels, label_media, args.format)
    if args.format == "pdf":
        name = args.wave + (f"-{args.community}" if args.community else "")
        files = [_write(args.out / f"{safe_stem(name)}.pdf", rendered[0])]
        index = [(files[0].name, label.crate_id) for label in labels]
    else:
        ext = EXTENSIONS[args.format]
        files = [
            _write(args.out / f"{safe_stem(label.crate_id)}.{ext}", data)
            for label, data in zip(labels, rendered, strict=True)
        ]
        index = [(f.name, label.crate_id) for f, label in zip(files, labels, strict=True)]
    # IDs are opaque: a crate ID that is no safe file name gets another; the index maps them.
    write_index(args.out, index)
    _say(
        args,
        f"已写出 {len(labels)} 张筐贴（{len(files)} 个文件）到 {args.out}",
        f"Wrote {len(labels)} crate labels ({len(files)} files) to {args.out}",
    )
    return EXIT_OK


def _write(path: Path, data: bytes) -> Path:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)  # a reader never sees half a label
    return path


def _no_labels(wave_id: str, community_id: str | None) -> NothingToPrint:
    where_zh = f"波次 {wave_id}" + (f" 小区 {community_id}" if community_id else "")
    where_en = f"wave {wave_id}" + (f", community {community_id}" if community_id else "")
    return NothingToPrint(f"{where_zh} 没有筐贴", f"No crate labels for {where_en}")


# --- printing through the queue ----------------------------------------------------------------


def _run_print(args: argparse.Namespace) -> int:
    from sorter_app.services.printing.print_queue import queue_wave_labels

    settings = settings_from(args)
    profile = _profile(settings, args.printer)
    store = open_store(settings)
    queued = queue_wave_labels(store, profile, args.wave, args.community)
    if not queued.job_ids and not queued.skipped:
        raise _no_labels(args.wave, args.community)
    if queued.skipped:
        _say(
            args,
            f"跳过 {len(queued.skipped)} 张已打印、已在队列中或失败待重试的标签"
            "（失败的用 sorter-app printers retry，另打一张用 sorter-app reprint）",
            f"Skipped {len(queued.skipped)} labels already printed, queued or failed "
            "(failed: sorter-app printers retry; another copy: sorter-app reprint)",
        )
    _say(
        args,
        f"已将 {len(queued.job_ids)} 张标签加入打印机 {profile.name} 的队列",
        f"Queued {len(queued.job_ids)} labels for printer {profile.name}",
    )
    return _send(args, store, [profile])


def _send(args: argparse.Namespace, store: Store, profiles: list[PrinterProfile]) -> int:
    from sorter_app.services.printing.sender import PrintSender

    sender = PrintSender.for_profiles(store, profiles)
    try:
        result = sender.run([p.name for p in profiles], timeout=args.wait)
    finally:
        sender.close()
    return _report_sent(args, result)


def _report_sent(args: argparse.Namespace, result: SendResult) -> int:
    _say(args, f"已发送 {result.sent} 个打印任务", f"Sent {result.sent} print jobs")
    for printer, reason in result.errors.items():
        print(f"  {printer}: {reason}")
    if result.failed:
        _say(
            args,
            f"{result.failed} 个任务失败，见 sorter-app printers queue",
            f"{result.failed} jobs failed; see sorter-app printers queue",
        )
    if result.queued:
        _say(
            args,
            f"仍有 {result.queued} 个任务在队列中，不会丢失：打印机恢复后运行 sorter-app printers send",
            f"{result.queued} jobs are still queued and kept: once the printer is back, run "
            "sorter-app printers send",
        )
    return EXIT_OK if not result.queued and not result.failed else EXIT_ERROR


# --- printers ----------------------------------------------------------------------------------


def _run_printers_list(args: argparse.Namespace) -> int:
    from sorter_app.services.printing import print_queue

    settings = settings_from(args)
    if not settings.printers:
        _say(args, "（没有设置打印机）", "(no printers configured)")
        return EXIT_OK
    counts: dict[tuple[str, str], int] = {}
    for job in print_queue.jobs(open_store(settings), statuses=("queued", "sending", "failed")):
        counts[job.printer, job.status] = counts.get((job.printer, job.status), 0) + 1
    for p in settings.printers:
        default = " *" if p.name == settings.label_printer else ""
        waiting = counts.get((p.name, "queued"), 0) + counts.get((p.name, "sending"), 0)
        print(
            f"{p.name}{default}\t{p.language} {p.dpi}dpi {p.size}\t{p.transport} {p.address}"
            f"\tqueued {waiting}\tfailed {counts.get((p.name, 'failed'), 0)}"
        )
    return EXIT_OK


def _run_printers_test(args: argparse.Namespace) -> int:
    from sorter_app.services.printing.printer_test import print_test_label

    settings = settings_from(args)
    profile = _profile(settings, args.name)
    result = print_test_label(open_store(settings), profile)
    if result.ok:
        print(f"打印机 {profile.name} 测试成功：已发送测试标签（{result.where}）")
        print(f"Printer {profile.name} test OK: test label sent ({result.where})")
        return EXIT_OK
    assert result.error is not None
    print(f"打印机 {profile.name} 测试失败：{result.error.message_zh}", file=sys.stderr)
    print(f"Printer {profile.name} test failed: {result.error.message_en}", file=sys.stderr)
    return EXIT_ERROR


def _run_printers_queue(args: argparse.Namespace) -> int:
    from sorter_app.services.printing import print_queue

    statuses = None if args.all else ("queued", "sending", "failed")
    rows = print_queue.jobs(open_store(settings_from(args)), args.name, statuses=statuses)
    zh = lang(args) == "zh"
    for job in rows:
        status = print_queue.status_zh(job.status) if zh else job.status
        line = f"{job.id}\t{job.printer}\t{status}\t{job.attempts}\t{job.kind}\t{job.description}"
        print(line + (f"\t{job.last_error}" if job.last_error else ""))
    if not rows:
        _say(args, "（队列为空）", "(the queue is empty)")
    return EXIT_OK


def _run_printers_send(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    names = args.names or [p.name for p in settings.printers]
    profiles = [_profile(settings, name) for name in names]
    return _send(args, open_store(settings), profiles)


def _run_printers_cancel(args: argparse.Namespace) -> int:
    from sorter_app.services.printing import print_queue

    store = open_store(settings_from(args))
    for job_id in args.job_ids:
        print_queue.cancel(store, job_id)
        _say(args, f"已取消打印任务 {job_id}", f"Cancelled print job {job_id}")
    return EXIT_OK


def _run_printers_retry(args: argparse.Namespace) -> int:
    from sorter_app.services.printing import print_queue

    store = open_store(settings_from(args))
    if not args.job_ids and not args.printer:
        raise UserFacingError(
            "请指定任务号，或用 --printer 重试该打印机的全部失败任务",
            "Give job IDs, or --printer NAME for all of its failed jobs",
            code="no_jobs",
        )
    for job_id in args.job_ids:
        print_queue.retry(store, job_id)
        _say(args, f"打印任务 {job_id} 已重新排队", f"Print job {job_id} is queued again")
    if args.printer:
        count = print_queue.retry_failed(store, args.printer)
        _say(
            args,
            f"打印机 {args.printer} 的 {count} 个失败任务已重新排队",
            f"{count} failed jobs of printer {args.printer} are queued again",
        )
    return EXIT_OK


# --- reprint -----------------------------------------------------------------------------------


def _run_reprint(args: argparse.Namespace) -> int:
    from sorter_app.services.people.roster import verify_supervisor_pin
    from sorter_app.services.printing.label_reprints import reprint_crate_label

    settings = settings_from(args)
    store = open_store(settings)
    profile = _profile(settings, args.printer) if args.printer or settings.label_printer else None
    supervisor = verify_supervisor_pin(
        store, args.supervisor, supervisor_pin(args, store, args.supervisor)
    )
    reprint = reprint_crate_label(store, args.crate, supervisor, args.reason, printer=profile)
    _say(
        args,
        f"筐 {reprint.crate_id} 已补打（第 {reprint.label_version} 版）：新码 "
        f"{reprint.new_scan_code}，旧码 {reprint.old_scan_code} 已作废",
        f"Crate {reprint.crate_id} reprinted (version {reprint.label_version}): new code "
        f"{reprint.new_scan_code}, old code {reprint.old_scan_code} voided",
    )
    if profile is None:
        _say(
            args,
            "没有设置打印机：请用 sorter-app labels 导出新标签后打印",
            "No printer configured: export the new label with sorter-app labels and print it",
        )
        return EXIT_OK
    return _send(args, store, [profile])


# --- documents ---------------------------------------------------------------------------------


def _run_manifest(args: argparse.Namespace) -> int:
    from sorter_app.services.printing import documents

    return _document(
        args, lambda store: documents.manifests(store, args.wave, args.community, args.route)
    )


def _run_pickup_list(args: argparse.Namespace) -> int:
    from sorter_app.services.printing import documents

    return _document(args, lambda store: documents.pickup_list(store, args.wave, args.community))


def _run_load_sheet(args: argparse.Namespace) -> int:
    from sorter_app.services.printing import documents

    return _document(args, lambda store: documents.load_sheet(store, args.wave, args.route))


def _run_receiving_sheet(args: argparse.Namespace) -> int:
    from sorter_app.services.printing import documents

    return _document(args, lambda store: documents.receiving_sheet(store, args.wave, args.supplier))


def _document(args: argparse.Namespace, make: Callable[[Store], Document]) -> int:
    """Write the document to --out, or print it on --printer; with neither, on the document
    printer of the settings (`[documents] printer = NAME`)."""
    settings = settings_from(args)
    printer = args.printer or (None if args.out else settings.documents.printer or None)
    if args.out is None and printer is None:
        raise UserFacingError(
            "没有指定输出：请用 --out 文件.pdf 另存为 PDF，或在设置文件中填写 "
            "[documents] printer = 打印机名称（也可用 --printer 指定）",
            "Nowhere to put the document: pass --out F.pdf to save it as PDF, or set "
            "[documents] printer = NAME in the settings (or pass --printer NAME)",
            code="no_output",
        )
    store = open_store(settings)
    doc = make(store)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        _write(args.out, doc.pdf)
        count = len(doc.sections)
        _say(args, f"已写出 {count} 份到 {args.out}", f"Wrote {count} to {args.out}")
    if printer is None:
        return EXIT_OK
    from sorter_app.services.printing.documents import queue_document

    profile = _profile(settings, printer)
    queue_document(store, profile.name, doc)  # a wave's manifests: one job per route
    jobs = len(doc.parts) or 1
    _say(
        args,
        f"已将 {jobs} 个单据任务加入打印机 {profile.name} 的队列",
        f"Queued {jobs} document jobs for printer {profile.name}",
    )
    return _send(args, store, [profile])


# --- shared ------------------------------------------------------------------------------------


def _profile(settings: Settings, name: str | None) -> PrinterProfile:
    from printers.profiles import find_profile

    name = name or settings.label_printer
    if not name:
        raise UserFacingError(
            "没有指定打印机：请用 --printer，或在设置中填写 label_printer",
            "No printer given: pass --printer or set label_printer in the settings",
            code="no_printer",
        )
    return find_profile(settings.printers, name)


def _say(args: argparse.Namespace, zh: str, en: str) -> None:
    print(zh if lang(args) == "zh" else en, flush=True)
