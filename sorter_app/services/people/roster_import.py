"""Workers and supervisors from a CSV file, for a hub set up without the screens.

The file (UTF-8, also as Excel saves it, or GB18030) has a header row and one person per row:

    role,id,name,badge
    worker,W01,张三,BADGE-W01
    supervisor,S01,李班长,

- `role` (角色): `worker` / `supervisor` (or 作业员 / 班组长);
- `id` (工号): letters, digits and "-", up to 32 characters; upper-cased as the badge reader does;
- `name` (姓名);
- `badge` (工牌, optional): a worker's badge is always `BADGE-{id}`; when the column is filled it
  must say that (it is there to catch a file whose badges were numbered differently).

A PIN never comes from a file: a file with a `pin` column is refused, and each supervisor imported
needs `sorter-app people set-pin ID` before it can unlock anything. A person already in the
database with the same name and role is left as is (the file can be imported again); anything else
wrong is reported by row number (the header is row 1) and nothing is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sorter_app.domain.errors import UserFacingError
from sorter_app.importing.columns import RowError
from sorter_app.services.people.roster import Person, add_people, valid_code
from sorter_app.store import people_repo
from sorter_app.store.database import Store

MAX_NAME = 100
_HEADERS = {
    "role": ("role", "角色"),
    "id": ("id", "code", "工号"),
    "name": ("name", "姓名"),
    "badge": ("badge", "工牌"),
}
_PIN_HEADERS = ("pin", "password", "密码")
_ROLES = {
    "worker": "worker",
    "作业员": "worker",
    "分拣员": "worker",
    "supervisor": "supervisor",
    "班组长": "supervisor",
}


class PeopleFileError(UserFacingError):
    """A people file that was not imported; `row_errors` lists every problem."""

    code = "people_file_invalid"

    def __init__(self, row_errors: list[RowError]) -> None:
        self.row_errors = sorted(row_errors, key=lambda e: e.row)
        rows = len({e.row for e in self.row_errors})
        first = self.row_errors[0] if self.row_errors else None
        super().__init__(
            f"人员文件有 {len(self.row_errors)} 处错误（{rows} 行），没有导入任何人员"
            + (f"。{first.message('zh')}" if first else ""),
            f"The people file has {len(self.row_errors)} problem(s) in {rows} row(s); "
            "nobody was imported" + (f". {first.message('en')}" if first else ""),
            code="people_file_bad_rows",
        )


@dataclass(frozen=True)
class PeopleImport:
    added: list[Person]
    unchanged: list[Person]  # already there with the same name and role

    @property
    def supervisors_without_pin(self) -> list[Person]:
        return [p for p in self.added if p.is_supervisor]


def import_people_file(store: Store, path: Path) -> PeopleImport:
    """Check every row, then add everyone new in one transaction, or nobody."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserFacingError(
            f"无法读取文件 {path}：{exc.strerror}",
            f"Cannot read {path}: {exc.strerror}",
            code="file_unreadable",
        ) from exc
    return import_people_text(store, _decode(data))


def import_people_text(store: Store, text: str) -> PeopleImport:
    rows = list(csv.reader(io.StringIO(text)))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    errors: list[RowError] = []
    columns: dict[str, int] = {}
    for key, names in _HEADERS.items():
        for i, cell in enumerate(header):
            if cell in names:
                columns[key] = i
                break
    for i, cell in enumerate(header):
        if cell in _PIN_HEADERS:
            errors.append(
                RowError(
                    1,
                    rows[0][i].strip(),
                    "密码不能写在文件里：删除这一列，导入后用 sorter-app people set-pin 工号 设置",
                    "A PIN must not be in a file: remove this column, then set each supervisor's "
                    "PIN with `sorter-app people set-pin ID`",
                )
            )
    for key in ("role", "id", "name"):
        if key not in columns:
            zh_name, en_name = _HEADERS[key][-1], key
            errors.append(
                RowError(
                    1,
                    None,
                    f"缺少“{zh_name}”列（表头应为 role,id,name[,badge]）",
                    f"No '{en_name}' column (the header must be role,id,name[,badge])",
                )
            )
    if errors:
        raise PeopleFileError(errors)

    existing = _existing(store)
    seen: dict[str, int] = {}
    entries: list[tuple[str, str, str]] = []
    unchanged: list[Person] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = _cells(row, columns)
        role = _ROLES.get(values["role"].lower())
        code = values["id"].upper()
        name = values["name"]
        problems: list[tuple[str | None, str, str]] = []
        if role is None:
            problems.append(
                (
                    rows[0][columns["role"]],
                    f"角色“{values['role']}”无效，应为 worker 或 supervisor",
                    f"Role '{values['role']}' is not worker or supervisor",
                )
            )
        if not valid_code(code):
            problems.append(
                (
                    rows[0][columns["id"]],
                    f"工号“{values['id']}”无效：1–32 个字母、数字或“-”",
                    f"ID '{values['id']}' is not 1–32 letters, digits or '-'",
                )
            )
        elif code in seen:
            problems.append(
                (
                    rows[0][columns["id"]],
                    f"工号 {code} 与第 {seen[code]} 行重复",
                    f"ID {code} is also on row {seen[code]}",
                )
            )
        if not name:
            problems.append((rows[0][columns["name"]], "姓名为空", "The name is empty"))
        elif len(name) > MAX_NAME:
            problems.append(
                (
                    rows[0][columns["name"]],
                    f"姓名太长（最多 {MAX_NAME} 字）",
                    f"The name is too long (at most {MAX_NAME} characters)",
                )
            )
        badge = values["badge"].upper()
        if badge and valid_code(code) and badge not in (f"BADGE-{code}", code):
            problems.append(
                (
                    rows[0][columns["badge"]],
                    f"工牌“{values['badge']}”与工号不符：工牌码总是 BADGE-{code}",
                    f"Badge '{values['badge']}' does not match the ID: the badge is always "
                    f"BADGE-{code}",
                )
            )
        if not problems and role is not None:
            earlier = existing.get(code)
            if earlier is None:
                entries.append((code, name, role))
            elif earlier == (name, role):
                unchanged.append(Person(code, name, role))
            else:
                problems.append(
                    (
                        rows[0][columns["id"]],
                        f"工号 {code} 已存在（{earlier[0]}，{_role_zh(earlier[1])}）",
                        f"ID {code} already exists ({earlier[0]}, {earlier[1]})",
                    )
                )
        if valid_code(code):
            seen.setdefault(code, number)
        errors.extend(RowError(number, column, zh, en) for column, zh, en in problems)
    if errors:
        raise PeopleFileError(errors)
    return PeopleImport(add_people(store, entries), unchanged)


def _cells(row: list[str], columns: dict[str, int]) -> dict[str, str]:
    return {
        key: (row[columns[key]].strip() if key in columns and columns[key] < len(row) else "")
        for key in _HEADERS
    }


def _existing(store: Store) -> dict[str, tuple[str, str]]:
    with store.read() as s:
        return people_repo.names_and_roles(s)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _role_zh(role: str) -> str:
    return "班组长" if role == "supervisor" else "作业员"
