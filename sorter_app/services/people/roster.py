"""Workers and supervisors: badges to log in, a PIN (slow KDF, lockout) for supervisor actions."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sorter_app.domain.audit import Action
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.store import people_repo
from sorter_app.store.audit_repo import record_audit
from sorter_app.store.database import Store
from sorter_app.store.people_repo import WorkerRecord

ROLES = ("worker", "supervisor")
MAX_FAILED_PINS = 5
LOCKOUT = timedelta(minutes=5)
# scrypt: deliberately slow (~50 ms) so a stolen database does not give PINs away quickly.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_CODE_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,31}")


class PeopleError(UserFacingError):
    code = "people"


@dataclass(frozen=True)
class Person:
    code: str
    name: str
    role: str

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"

    @property
    def badge(self) -> str:
        """What the badge's barcode carries."""
        return f"BADGE-{self.code}"


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def _pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hash_pin(pin, base64.b64decode(salt)).split("$")[2]
    return hmac.compare_digest(candidate, digest)


def add_person(
    store: Store,
    code: str,
    name: str,
    role: str = "worker",
    pin: str | None = None,
    clock: Clock = utc_now,
) -> Person:
    code = code.strip().upper()
    if not _CODE_RE.fullmatch(code):
        raise PeopleError(
            "工号只能包含字母、数字和“-”", "A worker code may only contain letters, digits and '-'"
        )
    if role not in ROLES:
        raise PeopleError(f"未知角色：{role}", f"Unknown role: {role}")
    if role == "supervisor" and not _valid_pin(pin):
        raise PeopleError("班组长需要 4–12 位数字密码", "A supervisor needs a PIN of 4–12 digits")
    with store.write() as s:
        if people_repo.worker(s, code) is not None:
            raise PeopleError(f"工号 {code} 已存在", f"Worker code {code} already exists")
        people_repo.add_worker(s, code, name, role, hash_pin(pin) if pin else "", clock())
    return Person(code, name, role)


def _valid_pin(pin: str | None) -> bool:
    return pin is not None and pin.isdigit() and 4 <= len(pin) <= 12


def badge_login(store: Store, badge_code: str) -> Person:
    """The active person whose badge was scanned (the scan's `BADGE-` prefix already removed)."""
    with store.read() as s:
        row = people_repo.worker(s, badge_code.strip().upper())
    if row is None or not row.active:
        raise PeopleError(
            f"无效工牌：{badge_code}", f"Unknown or inactive badge: {badge_code}", code="bad_badge"
        )
    return Person(row.code, row.name, row.role)


def verify_supervisor_pin(store: Store, code: str, pin: str, clock: Clock = utc_now) -> Person:
    """Unlock supervisor actions; five wrong PINs lock the supervisor out for five minutes."""
    now = clock()
    with store.write() as s:
        row = _unlockable(people_repo.worker(s, code.strip().upper()))
        if row.locked_until is not None and row.locked_until > now:
            minutes = max(1, int((row.locked_until - now).total_seconds() // 60) + 1)
            raise PeopleError(
                f"密码错误次数过多，请 {minutes} 分钟后再试",
                f"Too many wrong PINs; try again in {minutes} min",
                code="pin_locked",
            )
        if _pin_matches(pin, row.pin_hash):
            if row.failed_attempts or row.locked_until is not None:
                people_repo.record_pin_attempts(s, row.code, 0, None)
            return Person(row.code, row.name, row.role)
        failed = row.failed_attempts + 1
        left = MAX_FAILED_PINS - failed
        if left <= 0:
            people_repo.record_pin_attempts(s, row.code, 0, now + LOCKOUT)
        else:
            people_repo.record_pin_attempts(s, row.code, failed, row.locked_until)
    # Outside the transaction: the failed attempt must be committed before we refuse.
    if left <= 0:
        raise PeopleError(
            "密码错误次数过多，已锁定 5 分钟",
            "Too many wrong PINs: locked for 5 minutes",
            code="pin_locked",
        )
    raise PeopleError(
        f"密码错误，还可再试 {left} 次", f"Wrong PIN; {left} tries left", code="bad_pin"
    )


def check_can_unlock(store: Store, code: str) -> Person:
    """Refuse, before anyone types a PIN, a code that is no supervisor or has no PIN yet."""
    with store.read() as s:
        row = _unlockable(people_repo.worker(s, code.strip().upper()))
    return Person(row.code, row.name, row.role)


def _unlockable(row: WorkerRecord | None) -> WorkerRecord:
    if row is None or not row.active or row.role != "supervisor":
        raise PeopleError(
            "不是班组长，不能执行此操作",
            "Not a supervisor: this needs a supervisor",
            code="not_supervisor",
        )
    if not row.pin_hash:
        raise PeopleError(
            f"班组长 {row.code} 还没有密码：先运行 sorter-app people set-pin {row.code}",
            f"Supervisor {row.code} has no PIN yet: run sorter-app people set-pin {row.code}",
            code="no_pin",
        )
    return row


def list_people(store: Store) -> list[Person]:
    with store.read() as s:
        rows = people_repo.active_people(s)
    return [Person(*row) for row in rows]


def has_supervisor(store: Store) -> bool:
    with store.read() as s:
        return people_repo.has_active_supervisor(s)


@dataclass(frozen=True)
class PersonListing:
    code: str
    name: str
    role: str
    pin_set: bool  # supervisors: whether a PIN was set (one imported from a file has none yet)
    locked_until: datetime | None  # after too many wrong PINs

    @property
    def badge(self) -> str:
        return f"BADGE-{self.code}"


def people_listing(store: Store) -> list[PersonListing]:
    """The active people in code order, with whether each supervisor can unlock yet."""
    with store.read() as s:
        rows = people_repo.active_people_with_pins(s)
    return [
        PersonListing(code, name, role, bool(pin_hash), locked)
        for code, name, role, pin_hash, locked in rows
    ]


def known_worker(store: Store, code: str) -> Person:
    """The active person with this code, for scans recorded in their name (`replay --worker`)."""
    with store.read() as s:
        row = people_repo.worker(s, code.strip().upper())
    if row is None or not row.active:
        raise PeopleError(
            f"没有工号为 {code} 的人员：先用 sorter-app people add-worker {code} 姓名 添加，"
            "或用 sorter-app people list 查看已有人员",
            f"No worker with code {code}: add them first with "
            f"`sorter-app people add-worker {code} NAME`, or see `sorter-app people list`",
            code="unknown_worker",
        )
    return Person(row.code, row.name, row.role)


def pin_holder(store: Store, code: str) -> Person:
    """The supervisor whose PIN is to be set; refuses a worker or an unknown code."""
    with store.read() as s:
        row = people_repo.worker(s, code.strip().upper())
    return _pin_holder(row, code)


def _pin_holder(row: WorkerRecord | None, code: str) -> Person:
    if row is None or not row.active:
        raise PeopleError(
            f"没有工号为 {code} 的人员", f"No person with code {code}", code="unknown_worker"
        )
    if row.role != "supervisor":
        raise PeopleError(
            f"{row.code} 是作业员，只有班组长有密码",
            f"{row.code} is a worker: only supervisors have a PIN",
            code="not_supervisor",
        )
    return Person(row.code, row.name, row.role)


def set_pin(
    store: Store, code: str, pin: str, *, by: str = "", reason: str = "", clock: Clock = utc_now
) -> Person:
    """Set (or reset) a supervisor's PIN; this also lifts a lockout. Audited in the name of `by`
    (the supervisor who set it), else of the PIN's holder (the command line knows no one else)."""
    if not _valid_pin(pin):
        raise PeopleError(
            "密码必须是 4–12 位数字", "A PIN must be 4–12 digits", code="bad_pin_format"
        )
    digest = hash_pin(pin)
    now = clock()
    with store.write() as s:
        person = _pin_holder(people_repo.worker(s, code.strip().upper()), code)
        people_repo.set_pin_hash(s, person.code, digest)
        record_audit(
            s,
            action=Action.PIN_SET,
            supervisor=by.strip().upper() or person.code,
            reason=reason,
            at=now,
            person_id=person.code,
        )
    return person


def check_new_code(store: Store, code: str) -> str:
    """The code as it will be stored, if a new person may take it (checked before asking a PIN)."""
    code = code.strip().upper()
    if not _CODE_RE.fullmatch(code):
        raise PeopleError(
            "工号只能包含字母、数字和“-”", "A worker code may only contain letters, digits and '-'"
        )
    with store.read() as s:
        if people_repo.worker(s, code) is not None:
            raise PeopleError(f"工号 {code} 已存在", f"Worker code {code} already exists")
    return code


def add_people(
    store: Store, entries: Sequence[tuple[str, str, str]], clock: Clock = utc_now
) -> list[Person]:
    """Add (code, name, role) entries in one transaction: all of them or none. Supervisors are
    added without a PIN (a PIN never comes from a file): each needs `set_pin` before unlocking."""
    now = clock()
    people = []
    with store.write() as s:
        for code, name, role in entries:
            code = code.strip().upper()
            if not _CODE_RE.fullmatch(code) or role not in ROLES:
                raise PeopleError(f"无效的人员：{code} {role}", f"Invalid person: {code} {role}")
            if people_repo.worker(s, code) is not None:
                raise PeopleError(f"工号 {code} 已存在", f"Worker code {code} already exists")
            people_repo.add_worker(s, code, name, role, "", now)
            people.append(Person(code, name, role))
    return people


def valid_code(code: str) -> bool:
    """Whether a code can be a worker's code (and so a badge, BADGE-{code})."""
    return _CODE_RE.fullmatch(code.strip().upper()) is not None
