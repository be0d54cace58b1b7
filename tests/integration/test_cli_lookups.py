"""A hub without a screen finds its codes: `skus`, `crates list` and `routes` on an imported wave,
as a table (Chinese by default, English with --lang en) and as JSON, before and after receiving,
seeding, loading and a forced dispatch driven through `replay` and `dispatch`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sorter_app.cli import EXIT_CRATES_MISSING, EXIT_ERROR, EXIT_OK, main
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from tests.factories import EAN_S1, small_wave
from tests.store_reads import crate_code

WAVE = "W20261127-HZ01"


def imported(url: str) -> str:
    store = Store.open(url)
    store_snapshot(store, small_wave(WAVE), source="api")
    store.close()
    return url


@pytest.fixture
def db(sqlite_url: str) -> str:
    return imported(sqlite_url)


@pytest.fixture
def any_db(db_url: str) -> str:
    """The wave on SQLite and on PostgreSQL."""
    return imported(db_url)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, *args, "--json")
    assert code == EXIT_OK, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def table(out: str) -> tuple[list[str], list[list[str]]]:
    """The header's words and each row's cells (cells hold no two spaces in a row)."""
    lines = out.splitlines()
    split = [[cell.strip() for cell in line.split("  ") if cell.strip()] for line in lines]
    return split[0], split[1:]


def replay(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, mode: str, *scans: str, **kw: str
) -> list[dict[str, Any]]:
    scan_file = tmp_path / f"{mode}.txt"
    scan_file.write_text("\n".join(scans) + "\n", encoding="utf-8")
    extra = [x for key, value in kw.items() for x in (f"--{key}", value)]
    code, out, err = run(
        capsys,
        *("replay", "--db", db, "--wave", WAVE, "--station", "ST-01", "--mode", mode),
        *extra,
        str(scan_file),
    )
    assert code == EXIT_OK, err
    return [json.loads(line) for line in out.splitlines()]


# --- crates ------------------------------------------------------------------------------------


def test_crates_of_a_community_are_listed_one_of_two_and_two_of_two(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(db)
    codes = [crate_code(store, "C0001", 1), crate_code(store, "C0001", 2)]
    code, out, err = run(
        capsys, "crates", "list", "--wave", WAVE, "--community", "C0001", "--db", db
    )
    assert code == EXIT_OK and err == ""
    header, rows = table(out)
    assert header == ["筐号", "筐码", "小区", "线路/站点", "第几筐", "温层", "已放/计划", "状态"]
    assert [r[0] for r in rows] == [f"HS-{WAVE}-C0001-01", f"HS-{WAVE}-C0001-02"]
    assert [r[1] for r in rows] == codes
    assert [r[2] for r in rows] == ["C0001 阳光花园1期"] * 2
    assert [r[3] for r in rows] == ["R01/1"] * 2
    assert [r[4] for r in rows] == ["1/2", "2/2"]
    assert [r[5] for r in rows] == ["常温", "冷藏"]
    assert [r[6] for r in rows] == ["0/3", "0/1"]
    assert [r[7] for r in rows] == ["未封筐"] * 2

    code, out, _ = run(
        capsys, "crates", "list", "--wave", WAVE, "--community", "C0001", "--db", db, "--lang", "en"
    )
    header, rows = table(out)
    assert header[:5] == ["crate ID", "scan code", "community", "route/stop", "n/m"]
    assert [(r[4], r[5], r[7]) for r in rows] == [
        ("1/2", "ambient", "open"),
        ("2/2", "chilled", "open"),
    ]


def test_crates_of_the_whole_wave_as_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = as_json(capsys, "crates", "list", "--wave", WAVE, "--db", db)
    assert [(r["community_id"], r["n"], r["m"]) for r in rows] == [
        ("C0001", 1, 2),
        ("C0001", 2, 2),
        ("C0002", 1, 1),
        ("C0003", 1, 1),
    ]
    store = Store.open(db)
    assert [r["scan_code"] for r in rows] == [
        crate_code(store, "C0001", 1),
        crate_code(store, "C0001", 2),
        crate_code(store, "C0002", 1),
        crate_code(store, "C0003", 1),
    ]
    first = rows[0]
    assert first == {
        "crate_id": f"HS-{WAVE}-C0001-01",
        "scan_code": first["scan_code"],
        "community_id": "C0001",
        "community_name": "阳光花园1期",
        "route_id": "R01",
        "route_name": "西湖 1 线",
        "stop_seq": 1,
        "n": 1,
        "m": 2,
        "temperature": "ambient",
        "status": "open",
        "extra": False,
        "planned": 3,
        "put": 0,
        "loaded": False,
        "label_version": 1,
    }


def test_crates_of_an_unknown_community_or_wave_say_so(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "crates", "list", "--wave", WAVE, "--community", "C0999", "--db", db, "--lang", "en"
    )
    assert code == EXIT_ERROR and out == ""
    assert err.strip() == f"错误 error [unknown_community]: No community C0999 in wave {WAVE}"
    code, _, err = run(capsys, "routes", "--wave", "W-NONE", "--db", db)
    assert code == EXIT_ERROR and "W-NONE" in err and "Traceback" not in err


def test_crates_return_and_ledger_still_work_beside_list(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "crates", "ledger", "--db", db)
    assert code == EXIT_OK and out.splitlines()[0].startswith("团长")


# --- SKUs --------------------------------------------------------------------------------------


def test_skus_show_due_and_received_after_receive_scans(
    any_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = any_db
    before = {r["sku_id"]: r for r in as_json(capsys, "skus", "--wave", WAVE, "--db", db)}
    assert before["S00001"]["barcodes"] == [EAN_S1] and before["S00001"]["plu"] is None
    assert (before["S00001"]["due"], before["S00001"]["received"]) == (6, 0)
    assert before["S00001"]["receiving"] == "waiting"

    decisions = replay(capsys, db, tmp_path, "receive", f"{EAN_S1}*4", "S00002*5")
    assert [d["result"] for d in decisions] == ["received", "received"]

    rows = {r["sku_id"]: r for r in as_json(capsys, "skus", "--wave", WAVE, "--db", db)}
    assert list(rows) == ["S00001", "S00002", "S00003"]
    s1, s2, s3 = rows["S00001"], rows["S00002"], rows["S00003"]
    assert (s1["ordered"], s1["due"], s1["received"], s1["receiving"]) == (6, 4, 4, "receiving")
    assert (s2["ordered"], s2["due"], s2["received"]) == (5, 5, 5)
    assert (s3["status"], s3["due"], s3["received"]) == ("cancelled_below_threshold", 0, 0)
    assert s1["status"] == "active" and s2["temperature"] == "chilled"

    code, out, _ = run(capsys, "skus", "--wave", WAVE, "--db", db)
    assert code == EXIT_OK
    header, table_rows = table(out)
    assert header == ["商品", "名称", "条码", "PLU", "状态", "订购", "应分", "已收", "收货"]
    assert table_rows[0] == [
        "S00001",
        "云南高山娃娃菜1",
        EAN_S1,
        "-",
        "成团",
        "6",
        "4",
        "4",
        "收货中",
    ]
    assert table_rows[2][4] == "未成团（不分拣）"

    _, out, _ = run(capsys, "skus", "--wave", WAVE, "--db", db, "--lang", "en")
    header, table_rows = table(out)
    assert header == [
        "SKU",
        "name",
        "barcodes",
        "PLU",
        "status",
        "ordered",
        "due",
        "received",
        "receiving",
    ]
    assert table_rows[1][5:] == ["5", "5", "5", "receiving"]


# --- routes ------------------------------------------------------------------------------------


def test_routes_follow_loading_and_a_forced_dispatch(
    any_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = any_db
    [route] = as_json(capsys, "routes", "--wave", WAVE, "--db", db)
    assert route == {
        "route_id": "R01",
        "route_name": "西湖 1 线",
        "stops": 3,
        "crates": 4,
        "crates_with_units": 0,
        "loaded": 0,
        "to_load": 0,
        "dispatched": False,
        "departed_at": None,
        "forced": False,
    }
    assert run(capsys, "people", "add-worker", "W01", "张三", "--db", db)[0] == EXIT_OK
    replay(capsys, db, tmp_path, "receive", f"{EAN_S1}*6", worker="W01")
    first = replay(capsys, db, tmp_path, "seed", EAN_S1, worker="W01")[0]
    second_target = None
    put = replay(capsys, db, tmp_path, "seed", first["crate_code"], EAN_S1, worker="W01")
    assert put[0]["result"] == "put_done"
    second_target = put[1]
    assert second_target["result"] == "put_target"
    assert second_target["community_id"] != first["community_id"]
    done = replay(capsys, db, tmp_path, "seed", second_target["crate_code"], worker="W01")
    assert done[0]["result"] == "put_done"
    loaded = replay(capsys, db, tmp_path, "load", first["crate_code"], worker="W01", route="R01")
    assert loaded[0]["result"] == "loaded"

    [route] = as_json(capsys, "routes", "--wave", WAVE, "--db", db)
    assert (route["crates"], route["crates_with_units"], route["loaded"], route["to_load"]) == (
        4,
        2,
        1,
        1,
    )
    crates = {
        r["crate_id"]: r for r in as_json(capsys, "crates", "list", "--wave", WAVE, "--db", db)
    }
    assert crates[first["crate_id"]]["loaded"] and crates[first["crate_id"]]["put"] == 3
    assert not crates[second_target["crate_id"]]["loaded"]
    code, out, _ = run(capsys, "crates", "list", "--wave", WAVE, "--db", db)
    statuses = {row[0]: row[-1] for row in table(out)[1]}
    assert statuses[first["crate_id"]] == "已装车"
    assert statuses[second_target["crate_id"]] == "未封筐"

    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "2468")
    assert run(capsys, "people", "add-supervisor", "S01", "李班长", "--db", db)[0] == EXIT_OK
    dispatch = ["dispatch", "--wave", WAVE, "--route", "R01", "--db", db]
    assert run(capsys, *dispatch)[0] == EXIT_CRATES_MISSING
    code, out, err = run(capsys, *dispatch, "--force", "--supervisor", "S01", "--reason", "车已满")
    assert code == EXIT_OK, err

    [route] = as_json(capsys, "routes", "--wave", WAVE, "--db", db)
    assert route["dispatched"] and route["forced"] and route["departed_at"].endswith("+08:00")
    code, out, _ = run(capsys, "routes", "--wave", WAVE, "--db", db)
    header, rows = table(out)
    assert header == ["线路", "名称", "站点", "筐数", "有货筐", "已装车", "发车"]
    assert rows[0][:6] == ["R01", "西湖 1 线", "3", "4", "2", "1"]
    assert rows[0][6].endswith("缺筐放行")
    code, out, _ = run(capsys, "routes", "--wave", WAVE, "--db", db, "--lang", "en")
    assert table(out)[1][0][6].endswith("(forced)")


# --- the scan codes in the help ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh", ["操作卡", "条码*N", "筐满换筐"]), ("en", ["Command cards", "CODE*N", "scale label"])],
)
def test_replay_help_lists_every_command_card_and_the_count_suffix(
    capsys: pytest.CaptureFixture[str], language: str, words: list[str]
) -> None:
    from sorter_app.domain.barcodes import Command

    with pytest.raises(SystemExit):
        main(["replay", "--help", "--lang", language])
    out = capsys.readouterr().out
    for command in Command:
        assert command.value in out
    for word in [*words, "BADGE-", "docs/scanning.md"]:
        assert word in out


def test_the_scanning_page_documents_every_command_card() -> None:
    from sorter_app.domain.barcodes import Command

    page = (Path(__file__).parents[2] / "docs" / "scanning.md").read_text(encoding="utf-8")
    for command in Command:
        assert f"`{command.value}`" in page
    assert "`CODE*N`" in page and "`条码*N`" in page
