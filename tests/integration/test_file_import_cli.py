"""`sorter-app import-file` end to end: a platform's export into the store, bad rows refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sorter_app.cli import EXIT_INVALID, EXIT_OK, main
from tests.unit.test_order_file import HEADER, ROWS, write_csv, write_xlsx


def test_an_excel_export_imports_and_lists_as_a_wave(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "orders.xlsx", [HEADER, *ROWS])
    assert (
        main(
            ["import-file", str(path), "--date", "2026-11-27", "--db", sqlite_url, "--hub", "HZ01"]
        )
        == EXIT_OK
    )
    assert "F-HZ01-20261127: 已导入" in capsys.readouterr().out
    assert main(["waves", "--json", "--db", sqlite_url]) == EXIT_OK
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["wave_id"], row["source"], row["orders"], row["lines_to_sort"]) == (
        "F-HZ01-20261127",
        "file",
        4,
        6,
    )
    # The same file again changes nothing.
    main(
        [
            "import-file",
            str(path),
            "--date",
            "2026-11-27",
            "--db",
            sqlite_url,
            "--hub",
            "HZ01",
            "--lang",
            "en",
        ]
    )
    assert "unchanged" in capsys.readouterr().out


def test_bad_rows_are_listed_and_nothing_is_imported(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [list(r) for r in ROWS]
    bad[1][11] = "两"  # quantity in words
    bad[3][9] = "6923456789013"  # check digit off
    path = write_csv(tmp_path / "orders.csv", [HEADER, *bad], encoding="gbk")
    code = main(
        ["import-file", str(path), "--date", "2026-11-27", "--db", sqlite_url, "--hub", "HZ01"]
    )
    err = capsys.readouterr().err
    assert code == EXIT_INVALID
    assert "行 row 3" in err and "行 row 5" in err
    main(["waves", "--json", "--db", sqlite_url])
    assert capsys.readouterr().out == ""
