"""`sorter-app people`: workers (badges) and supervisors (PINs) without the screens.

A PIN never comes from an argument (it would stay in the shell history and the process list):
it is read from `SORTER_SUPERVISOR_PIN`, or asked twice without echo on the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from sorter_app.cli.common import (
    EXIT_OK,
    Subparsers,
    add_store_options,
    lang,
    open_store,
    settings_from,
)
from sorter_app.cli.help_text import h
from sorter_app.cli.scan_help import RawHelpFormatter
from sorter_app.cli.tables import print_json, print_table
from sorter_app.domain.errors import UserFacingError

PIN_VARIABLE = "SORTER_SUPERVISOR_PIN"


def register(sub: Subparsers) -> None:
    p = sub.add_parser(
        "people",
        help=h(
            "作业员和班组长：添加、列出、设置密码、从 CSV 导入",
            "workers and supervisors: add, list, set a PIN, import from CSV",
        ),
        description=h(
            "作业员用工牌（BADGE-工号）登录工位；班组长用密码解锁（如缺筐发车）。"
            f"密码从不写在命令行上：取自环境变量 {PIN_VARIABLE}，否则在终端上不回显地输入两次。",
            "Workers log in at a station with their badge (BADGE-ID); supervisors unlock "
            "supervisor actions (such as dispatching with crates missing) with a PIN. A PIN is "
            f"never given on the command line: it comes from {PIN_VARIABLE}, or is typed twice "
            "on the terminal without echo.",
        ),
    )
    actions = p.add_subparsers(metavar="ACTION", title=h("操作", "actions"))

    worker = actions.add_parser(
        "add-worker",
        help=h("添加作业员（工牌 BADGE-工号）", "add a worker (badge BADGE-ID)"),
        description=h(
            "添加一名作业员；其工牌条码为 BADGE-工号（在“操作卡与工牌”界面打印）。",
            "Add a worker; their badge barcode is BADGE-ID (printed from the cards and badges "
            "screen).",
        ),
    )
    _person_arguments(worker)
    worker.set_defaults(run=_run_add_worker)

    supervisor = actions.add_parser(
        "add-supervisor",
        help=h("添加班组长（需设置密码）", "add a supervisor (with a PIN)"),
        description=h(
            f"添加一名班组长。密码（4–12 位数字）取自 {PIN_VARIABLE}，否则在终端上输入两次。",
            f"Add a supervisor. The PIN (4–12 digits) comes from {PIN_VARIABLE}, or is typed "
            "twice on the terminal.",
        ),
    )
    _person_arguments(supervisor)
    supervisor.set_defaults(run=_run_add_supervisor)

    listing = actions.add_parser(
        "list",
        help=h(
            "列出人员：工号、姓名、角色、工牌、密码状态", "list people: ID, name, role, badge, PIN"
        ),
    )
    add_store_options(listing)
    listing.add_argument(
        "--json",
        action="store_true",
        help=h("输出一个 JSON 数组（英文字段名）", "print one JSON array (English keys)"),
    )
    listing.set_defaults(run=_run_list)

    set_pin = actions.add_parser(
        "set-pin",
        help=h(
            "设置或重置班组长密码（也解除锁定）", "set or reset a supervisor's PIN (also unlocks)"
        ),
        description=h(
            f"设置或重置班组长的密码，并解除输错锁定。新密码取自 {PIN_VARIABLE}，否则在终端上输入两次。",
            "Set or reset a supervisor's PIN and lift a lockout after wrong PINs. The new PIN "
            f"comes from {PIN_VARIABLE}, or is typed twice on the terminal.",
        ),
    )
    add_store_options(set_pin)
    set_pin.add_argument("id", metavar="ID", help=h("班组长工号", "the supervisor's ID"))
    set_pin.set_defaults(run=_run_set_pin)

    imported = actions.add_parser(
        "import",
        help=h("从 CSV 文件导入人员", "import people from a CSV file"),
        description=h(
            "CSV 文件：第一行为表头 role,id,name[,badge]（也可写 角色,工号,姓名,工牌），每行一人。\n"
            "  role   worker（作业员）或 supervisor（班组长）\n"
            "  id     工号：字母、数字和“-”，最多 32 位\n"
            "  badge  可空；填写时必须是 BADGE-工号（工牌码总是这样）\n"
            "文件里不能有密码：导入后用 people set-pin 工号 为每位班组长设置。\n"
            "有错误时按行号列出（表头为第 1 行），不导入任何人；\n"
            "已存在且姓名、角色相同的人员跳过，所以同一文件可以再导入一次。",
            "A CSV file: a header row role,id,name[,badge] (or 角色,工号,姓名,工牌), then one\n"
            "person per row.\n"
            "  role   worker or supervisor\n"
            "  id     letters, digits and '-', at most 32\n"
            "  badge  may be empty; when filled it must be BADGE-ID (a badge always is)\n"
            "A PIN is never in the file: set each supervisor's with `people set-pin ID`\n"
            "after the import. Bad rows are listed by row number (the header is row 1) and\n"
            "then nobody is imported; people already there with the same name and role are\n"
            "skipped, so the same file can be imported again.",
        ),
        formatter_class=RawHelpFormatter,
        epilog=h("例如：", "For example:")
        + "\n  role,id,name,badge\n  worker,W01,张三,BADGE-W01\n  worker,W02,李四,\n"
        "  supervisor,S01,王班长,",
    )
    add_store_options(imported)
    imported.add_argument("file", type=Path, help=h("CSV 文件", "the CSV file"))
    imported.set_defaults(run=_run_import)


def _person_arguments(p: argparse.ArgumentParser) -> None:
    add_store_options(p)
    p.add_argument(
        "id",
        metavar="ID",
        help=h("工号：字母、数字和“-”，如 W01", "ID: letters, digits and '-', e.g. W01"),
    )
    p.add_argument("name", metavar="NAME", help=h("姓名", "name"))


# --- running -----------------------------------------------------------------------------------


def _role_word(role: str, zh: bool) -> str:
    if role == "supervisor":
        return "班组长" if zh else "supervisor"
    return "作业员" if zh else "worker"


def _run_add_worker(args: argparse.Namespace) -> int:
    from sorter_app.services.people.roster import add_person

    person = add_person(open_store(settings_from(args)), args.id, args.name.strip())
    if lang(args) == "zh":
        print(f"已添加作业员 {person.code} {person.name}，工牌 {person.badge}")
    else:
        print(f"Added worker {person.code} {person.name}, badge {person.badge}")
    return EXIT_OK


def _run_add_supervisor(args: argparse.Namespace) -> int:
    from sorter_app.services.people.roster import add_person, check_new_code

    store = open_store(settings_from(args))
    pin = new_pin(args, check_new_code(store, args.id))
    person = add_person(store, args.id, args.name.strip(), role="supervisor", pin=pin)
    if lang(args) == "zh":
        print(f"已添加班组长 {person.code} {person.name}，工牌 {person.badge}，密码已设置")
    else:
        print(f"Added supervisor {person.code} {person.name}, badge {person.badge}, PIN set")
    return EXIT_OK


def _run_set_pin(args: argparse.Namespace) -> int:
    from sorter_app.services.people.roster import pin_holder, set_pin

    store = open_store(settings_from(args))
    pin = new_pin(args, pin_holder(store, args.id).code)
    person = set_pin(store, args.id, pin)
    print(
        f"班组长 {person.code} {person.name} 的密码已设置"
        if lang(args) == "zh"
        else f"PIN of supervisor {person.code} {person.name} set"
    )
    return EXIT_OK


def _run_list(args: argparse.Namespace) -> int:
    from sorter_app.services.people.roster import people_listing

    settings = settings_from(args)
    rows = people_listing(open_store(settings))
    if args.json:
        print_json(
            {
                "id": r.code,
                "name": r.name,
                "role": r.role,
                "badge": r.badge,
                "pin_set": r.pin_set if r.role == "supervisor" else None,
                "locked_until": r.locked_until.isoformat() if r.locked_until else None,
            }
            for r in rows
        )
        return EXIT_OK
    zh = lang(args) == "zh"

    def pin_state(role: str, pin_set: bool) -> str:
        if role != "supervisor":
            return "-"
        if pin_set:
            return "已设置" if zh else "set"
        return "未设置（people set-pin）" if zh else "not set (people set-pin)"

    print_table(
        ("工号", "姓名", "角色", "工牌", "密码") if zh else ("ID", "name", "role", "badge", "PIN"),
        (
            (r.code, r.name, _role_word(r.role, zh), r.badge, pin_state(r.role, r.pin_set))
            for r in rows
        ),
    )
    return EXIT_OK


def _run_import(args: argparse.Namespace) -> int:
    from sorter_app.services.people.roster_import import import_people_file

    result = import_people_file(open_store(settings_from(args)), args.file)
    zh = lang(args) == "zh"
    print(
        f"已导入 {len(result.added)} 人，已存在未变 {len(result.unchanged)} 人"
        if zh
        else f"imported {len(result.added)}, already there {len(result.unchanged)}"
    )
    for person in result.added:
        print(f"  {_role_word(person.role, zh)} {person.code} {person.name}  {person.badge}")
    for person in result.supervisors_without_pin:
        print(
            f"班组长 {person.code} 还没有密码：运行 sorter-app people set-pin {person.code}"
            if zh
            else f"Supervisor {person.code} has no PIN yet: run sorter-app people set-pin {person.code}"
        )
    return EXIT_OK


def new_pin(args: argparse.Namespace, code: str) -> str:
    """A new PIN from SORTER_SUPERVISOR_PIN, else typed twice on the terminal without echo."""
    pin = os.environ.get(PIN_VARIABLE)
    if pin:
        return pin
    zh = lang(args) == "zh"
    if not sys.stdin.isatty():
        raise UserFacingError(
            f"无法在终端上输入密码：请在环境变量 {PIN_VARIABLE} 中给出 {code} 的密码",
            f"No terminal to type the PIN on: give {code}'s PIN in {PIN_VARIABLE}",
            code="pin_needed",
        )
    first = getpass.getpass(
        f"{code} 的新密码（4–12 位数字）：" if zh else f"New PIN for {code} (4–12 digits): "
    )
    second = getpass.getpass("再输入一次：" if zh else "Again: ")
    if first != second:
        raise UserFacingError(
            "两次输入的密码不一致，没有做任何更改",
            "The two PINs differ; nothing was changed",
            code="pin_mismatch",
        )
    return first
