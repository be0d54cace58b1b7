"""People without the UI: workers and supervisors added, listed, imported from CSV and given a PIN
from the command line, so that a hub set up that way can force a dispatch; the PIN never comes
from an argument; `replay --worker` refuses someone who does not exist."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from sorter_app.cli import EXIT_ERROR, EXIT_INVALID, EXIT_OK, main
from sorter_app.services.people.roster import verify_supervisor_pin
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave

WAVE = "W20261127-HZ01"


@pytest.fixture
def db(sqlite_url: str) -> str:
    store = Store.open(sqlite_url)
    store_snapshot(store, small_wave(WAVE), source="api")
    store.close()
    return sqlite_url


@pytest.fixture(autouse=True)
def _no_pin_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SORTER_SUPERVISOR_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal unless a test gives one


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def people(capsys: pytest.CaptureFixture[str], db: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "people", "list", "--db", db, "--json")
    assert code == EXIT_OK, err
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


class Terminal(io.StringIO):
    """A stdin that is a terminal, with getpass answering from a list."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
        super().__init__("")
        self.prompts: list[str] = []
        monkeypatch.setattr("sys.stdin", self)

        def getpass(prompt: str = "") -> str:
            self.prompts.append(prompt)
            return answers.pop(0)

        monkeypatch.setattr("getpass.getpass", getpass)

    def isatty(self) -> bool:
        return True


def test_a_hub_set_up_from_the_command_line_can_force_a_dispatch(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "people", "add-worker", "w01", "张三", "--db", db)
    assert code == EXIT_OK and out.strip() == "已添加作业员 W01 张三，工牌 BADGE-W01"
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "2468")
    code, out, _ = run(
        capsys, "people", "add-supervisor", "S01", "李班长", "--db", db, "--lang", "en"
    )
    assert (
        code == EXIT_OK and out.strip() == "Added supervisor S01 李班长, badge BADGE-S01, PIN set"
    )
    assert "2468" not in out

    assert people(capsys, db) == [
        {
            "id": "S01",
            "name": "李班长",
            "role": "supervisor",
            "badge": "BADGE-S01",
            "pin_set": True,
            "locked_until": None,
        },
        {
            "id": "W01",
            "name": "张三",
            "role": "worker",
            "badge": "BADGE-W01",
            "pin_set": None,
            "locked_until": None,
        },
    ]
    code, out, _ = run(capsys, "people", "list", "--db", db)
    lines = [line.split() for line in out.splitlines()]
    assert lines == [
        ["工号", "姓名", "角色", "工牌", "密码"],
        ["S01", "李班长", "班组长", "BADGE-S01", "已设置"],
        ["W01", "张三", "作业员", "BADGE-W01", "-"],
    ]

    # A new PIN from the environment replaces the old one.
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "97531")
    code, out, _ = run(capsys, "people", "set-pin", "S01", "--db", db)
    assert code == EXIT_OK and "S01" in out and "97531" not in out

    # Sort one unit into a crate, so that the route has a crate not loaded.
    scans = tmp_path / "scans.txt"
    for mode, lines_ in (("receive", [f"{EAN_S1}*6"]), ("seed", [EAN_S1])):
        scans.write_text("\n".join(lines_) + "\n", encoding="utf-8")
        args = ["replay", "--db", db, "--wave", WAVE, "--station", "ST-01", "--mode", mode]
        code, out, _ = run(capsys, *args, "--worker", "W01", str(scans))
        assert code == EXIT_OK
    target = json.loads(out)
    scans.write_text(target["crate_code"] + "\n", encoding="utf-8")
    code, out, _ = run(capsys, *args, "--worker", "W01", str(scans))
    assert json.loads(out)["result"] == "put_done"

    dispatch = [
        "dispatch",
        "--wave",
        WAVE,
        "--route",
        "R01",
        "--db",
        db,
        "--force",
        "--reason",
        "车已满",
    ]
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "2468")  # the old PIN no longer unlocks
    code, _, err = run(capsys, *dispatch, "--supervisor", "S01")
    assert code == EXIT_ERROR and "bad_pin" in err
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "97531")
    code, out, err = run(capsys, *dispatch, "--supervisor", "S01")
    assert code == EXIT_OK, err
    with Store.open(db).read() as s:
        row = s.scalars(select(tables.RouteDispatch)).one()
    assert row.forced and row.supervisor == "S01" and row.reason == "车已满"


def test_a_pin_is_typed_twice_without_echo_or_refused(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # No terminal and no SORTER_SUPERVISOR_PIN: say where the PIN comes from.
    code, out, err = run(
        capsys, "people", "add-supervisor", "S01", "李班长", "--db", db, "--lang", "en"
    )
    assert code == EXIT_ERROR and out == ""
    assert "SORTER_SUPERVISOR_PIN" in err and len(err.strip().splitlines()) == 1
    assert people(capsys, db) == []

    terminal = Terminal(monkeypatch, ["1357", "1375"])
    code, _, err = run(capsys, "people", "add-supervisor", "S01", "李班长", "--db", db)
    assert code == EXIT_ERROR and "pin_mismatch" in err
    assert len(terminal.prompts) == 2 and people(capsys, db) == []

    Terminal(monkeypatch, ["1357", "1357"])
    code, out, _ = run(capsys, "people", "add-supervisor", "S01", "李班长", "--db", db)
    assert code == EXIT_OK and "1357" not in out
    store = Store.open(db)
    assert verify_supervisor_pin(store, "S01", "1357").code == "S01"

    Terminal(monkeypatch, ["12", "12"])
    code, _, err = run(capsys, "people", "set-pin", "S01", "--db", db)
    assert code == EXIT_ERROR and "bad_pin_format" in err
    assert verify_supervisor_pin(store, "S01", "1357").code == "S01"  # unchanged

    # A worker has no PIN; a PIN is never an argument.
    run(capsys, "people", "add-worker", "W01", "张三", "--db", db)
    code, _, err = run(capsys, "people", "set-pin", "W01", "--db", db)
    assert code == EXIT_ERROR and "not_supervisor" in err
    with pytest.raises(SystemExit) as usage:
        main(["people", "set-pin", "S01", "2468", "--db", db])
    assert usage.value.code == 2


def test_a_people_file_with_a_bad_row_imports_nobody_then_everyone(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "people", "add-worker", "W01", "张三", "--db", db)
    bad = tmp_path / "people.csv"
    bad.write_text(
        "role,id,name,badge\n"
        "worker,W02,李四,BADGE-W02\n"
        "worker,W03,,\n"  # row 3: no name
        "supervisor,S01,王班长,\n"
        "boss,W04,赵六,\n"  # row 5: no such role
        "worker,W02,李四二,\n"  # row 6: W02 again
        "worker,W01,别人,\n",  # row 7: W01 is 张三
        encoding="utf-8",
    )
    code, out, err = run(capsys, "people", "import", str(bad), "--db", db, "--lang", "en")
    assert code == EXIT_INVALID and out == ""
    assert "nobody was imported" in err and "Traceback" not in err
    row_lines = [line.strip() for line in err.splitlines()[1:]]
    assert [line.split(":")[0] for line in row_lines] == [
        "行 row 3 [name]",
        "行 row 5 [role]",
        "行 row 6 [id]",
        "行 row 7 [id]",
    ]
    assert "row 2" in row_lines[2]  # the duplicate names its first row
    assert [p["id"] for p in people(capsys, db)] == ["W01"]  # nothing half-imported

    good = tmp_path / "people-gb.csv"
    good.write_bytes(
        (
            "角色,工号,姓名,工牌\n作业员,W02,李四,BADGE-W02\n\n班组长,S01,王班长,\n作业员,W01,张三,\n"
        ).encode("gb18030")
    )
    code, out, err = run(capsys, "people", "import", str(good), "--db", db)
    assert code == EXIT_OK, err
    assert out.splitlines()[0] == "已导入 2 人，已存在未变 1 人"
    assert "sorter-app people set-pin S01" in out
    assert [(p["id"], p["role"], p["pin_set"]) for p in people(capsys, db)] == [
        ("S01", "supervisor", False),
        ("W01", "worker", None),
        ("W02", "worker", None),
    ]
    # The imported supervisor unlocks nothing until a PIN is set.
    code, _, err = run(
        capsys,
        "dispatch",
        "--wave",
        WAVE,
        "--route",
        "R01",
        "--db",
        db,
        "--force",
        "--reason",
        "x",
        "--supervisor",
        "S01",
    )
    assert code == EXIT_ERROR and "no_pin" in err and "set-pin S01" in err
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "8642")
    assert run(capsys, "people", "set-pin", "S01", "--db", db)[0] == EXIT_OK
    assert verify_supervisor_pin(Store.open(db), "S01", "8642").is_supervisor


def test_a_people_file_never_carries_a_pin(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("role,id,name,pin\nsupervisor,S01,王班长,2468\n", encoding="utf-8")
    code, _, err = run(capsys, "people", "import", str(path), "--db", db)
    assert code == EXIT_INVALID
    assert "行 row 1 [pin]" in err and "people set-pin" in err
    assert people(capsys, db) == []


def test_replay_refuses_a_worker_who_does_not_exist(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scans = tmp_path / "scans.txt"
    scans.write_text(f"{EAN_S1}*3\n", encoding="utf-8")
    args = [
        "replay",
        "--db",
        db,
        "--wave",
        WAVE,
        "--station",
        "ST-01",
        "--mode",
        "receive",
        str(scans),
    ]
    code, out, err = run(capsys, *args, "--worker", "W09", "--lang", "en")
    assert code == EXIT_ERROR and out == ""
    assert err.strip() == (
        "错误 error [unknown_worker]: No worker with code W09: add them first with "
        "`sorter-app people add-worker W09 NAME`, or see `sorter-app people list`"
    )
    code, _, err = run(capsys, *args, "--worker", "W09")
    assert "没有工号为 W09 的人员" in err
    with Store.open(db).read() as s:
        assert s.scalar(select(func.count()).select_from(tables.Scan)) == 0  # nothing was scanned

    run(capsys, "people", "add-worker", "W09", "王五", "--db", db)
    code, out, _ = run(capsys, *args, "--worker", "w09")
    assert code == EXIT_OK and json.loads(out)["result"] == "received"
    with Store.open(db).read() as s:
        assert s.scalars(select(tables.Scan.worker)).all() == ["W09"]
