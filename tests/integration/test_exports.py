"""`sorter-app export` as a supervisor opens it in Excel: Chinese column names (English with
--lang en), a named sheet, the hub's time zone, no rows of zeros, no formula run from the
platform's or people's text, and a timeline without negative durations."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sorter_app.cli import EXIT_OK, main
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.numbers import IMPORTED_BEFORE_CUTOFF, timeline
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from tests.factories import CUTOFF, EAN_S1, small_wave
from tests.store_reads import crate_code

WAVE = "W20261127-HZ01"
FORMULA_NAME = '=HYPERLINK("http://evil.example","点我")'  # a SKU name the platform sent
FORMULA_WORKER = "+W01"  # a worker code someone typed
HEADERS = {
    "timeline": (
        ["节点", "时间", "距上一节点（分钟）", "备注"],
        ["step", "time", "minutes since previous", "note"],
    ),
    "shortages": (
        ["维度", "编号", "名称", "订购", "缺货", "破损", "缺货率", "破损率"],
        ["by", "key", "name", "ordered", "shorted", "damaged", "shortage rate", "damage rate"],
    ),
    "missorts": (
        ["已分件数", "错筐拦截", "错筐拦截（每万件）", "售后错分", "售后错分（每万件）"],
        [
            "units put",
            "wrong crates caught",
            "caught per 10,000",
            "claimed missorts",
            "claimed per 10,000",
        ],
    ),
    "claims": (
        ["售后单号", "类型", "商品编号", "件数", "筐号", "放入工位", "放入作业员"],
        ["claim", "kind", "SKU", "qty", "crate", "put at station", "put by worker"],
    ),
    "productivity": (
        [
            "作业员",
            "放入次数",
            "件数",
            "错筐拦截",
            "错筐（每万件）",
            "每小时放入",
            "首次放入",
            "最后放入",
        ],
        [
            "worker",
            "puts",
            "units",
            "wrong crates caught",
            "wrong crates per 10,000",
            "puts per hour",
            "first put",
            "last put",
        ],
    ),
}
SHEETS = {
    "timeline": ("时间线", "Timeline"),
    "shortages": ("缺货与破损", "Shortage and damage"),
    "missorts": ("错分", "Missorts"),
    "claims": ("售后", "Claims"),
    "productivity": ("作业效率", "Productivity"),
}


def at(minutes_after_cutoff: int) -> datetime:
    return CUTOFF + timedelta(minutes=minutes_after_cutoff)


@pytest.fixture
def wave_url(sqlite_url: str) -> str:
    """small_wave with S00001 named like a formula, imported 30 minutes BEFORE its cutoff (the
    platform closed it early); received at +60, one unit put by worker "+W01" at +90.
    S00003 is below its threshold: nothing ordered, nothing short — a row of zeros."""
    snapshot = small_wave(WAVE)
    skus = [replace(snapshot.skus[0], name=FORMULA_NAME), *snapshot.skus[1:]]
    store = Store.open(sqlite_url)
    store_snapshot(store, replace(snapshot, skus=skus), source="api", clock=lambda: at(-30))
    ScanStation(store, wave_id=WAVE, station_id="ST-01", clock=lambda: at(60)).scan(
        f"{EAN_S1}*6", mode="receive"
    )
    close_receiving(store, WAVE, clock=lambda: at(70))
    seeder = ScanStation(store, wave_id=WAVE, station_id="ST-02", clock=lambda: at(90))
    target = seeder.scan(EAN_S1, mode="seed", worker=FORMULA_WORKER)
    seeder.scan(target.crate_code or crate_code(store, "C0001"), mode="seed", worker=FORMULA_WORKER)
    store.close()
    return sqlite_url


def export(url: str, what: str, fmt: str, out: Path, *lang: str) -> Path:
    args = [*lang, "export", "--wave", WAVE, "--what", what, "--format", fmt, "--out", str(out)]
    assert main([*args, "--db", url]) == EXIT_OK
    return out


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("what", sorted(HEADERS))
def test_column_names_are_chinese_by_default_and_english_with_lang_en(
    wave_url: str, tmp_path: Path, what: str
) -> None:
    zh, en = HEADERS[what]
    assert read_csv(export(wave_url, what, "csv", tmp_path / "zh.csv"))[0] == zh
    assert read_csv(export(wave_url, what, "csv", tmp_path / "en.csv", "--lang", "en"))[0] == en
    book = load_workbook(export(wave_url, what, "xlsx", tmp_path / "zh.xlsx"))
    assert book.sheetnames == [SHEETS[what][0]]
    assert [c.value for c in book.active[1]] == zh
    book = load_workbook(export(wave_url, what, "xlsx", tmp_path / "en.xlsx", "--lang", "en"))
    assert book.sheetnames == [SHEETS[what][1]]
    assert [c.value for c in book.active[1]] == en


def test_text_from_the_platform_or_people_never_becomes_a_formula(
    wave_url: str, tmp_path: Path
) -> None:
    sheet = load_workbook(export(wave_url, "shortages", "xlsx", tmp_path / "s.xlsx")).active
    [name] = [row[2] for row in sheet.iter_rows(min_row=2) if row[1].value == "S00001"]
    assert (name.value, name.data_type) == (FORMULA_NAME, "s")
    sheet = load_workbook(export(wave_url, "productivity", "xlsx", tmp_path / "p.xlsx")).active
    worker = sheet.cell(row=2, column=1)
    assert (worker.value, worker.data_type) == (FORMULA_WORKER, "s")

    table = read_csv(export(wave_url, "shortages", "csv", tmp_path / "s.csv"))
    assert ["商品", "S00001", "'" + FORMULA_NAME] in [row[:3] for row in table]
    table = read_csv(export(wave_url, "productivity", "csv", tmp_path / "p.csv"))
    assert table[1][0] == "'" + FORMULA_WORKER
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in table for cell in row)


def test_rows_of_nothing_but_zeros_are_left_out(wave_url: str, tmp_path: Path) -> None:
    table = read_csv(export(wave_url, "shortages", "csv", tmp_path / "s.csv"))
    keys = {row[1] for row in table[1:] if row[0] == "商品"}
    assert keys == {"S00001", "S00002"}  # S00003: 0 ordered, 0 short, 0 damaged
    sheet = load_workbook(export(wave_url, "shortages", "xlsx", tmp_path / "s.xlsx")).active
    assert "S00003" not in [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_a_wave_imported_before_its_cutoff_has_no_negative_duration(
    wave_url: str, tmp_path: Path
) -> None:
    steps = timeline(Store.open(wave_url), WAVE)
    assert [s.step for s in steps][:3] == ["cutoff", "imported", "receiving"]
    assert all(s.minutes_since_previous is None or s.minutes_since_previous >= 0 for s in steps)
    imported = steps[1]
    assert (imported.minutes_since_previous, imported.note) == (None, IMPORTED_BEFORE_CUTOFF)
    assert steps[2].minutes_since_previous == 90  # receiving, counted from the import

    table = read_csv(export(wave_url, "timeline", "csv", tmp_path / "t.csv"))
    assert table[2] == ["导入完成", "2026-11-26 19:30:00", "", "导入早于截单"]
    en = read_csv(export(wave_url, "timeline", "csv", tmp_path / "t.csv", "--lang", "en"))
    assert en[2] == ["imported", "2026-11-26 19:30:00", "", "imported before cutoff"]
    assert all(not row[2].startswith("-") for row in table[1:])


def test_times_are_in_the_hubs_time_zone(
    wave_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = read_csv(export(wave_url, "timeline", "csv", tmp_path / "t.csv"))
    assert table[1][:2] == ["截单", "2026-11-26 20:00:00"]  # Asia/Shanghai, the default
    sheet = load_workbook(export(wave_url, "timeline", "xlsx", tmp_path / "t.xlsx")).active
    assert sheet.cell(row=2, column=2).value == datetime(2026, 11, 26, 20, 0)
    monkeypatch.setenv("SORTER_TZ", "Europe/London")  # a hub elsewhere
    table = read_csv(export(wave_url, "timeline", "csv", tmp_path / "t.csv"))
    assert table[1][:2] == ["截单", "2026-11-26 12:00:00"]
    table = read_csv(export(wave_url, "productivity", "csv", tmp_path / "p.csv"))
    assert table[1][6:] == ["2026-11-26 13:30:00", "2026-11-26 13:30:00"]


def test_report_files_of_a_file_wave_carry_no_formula(tmp_path: Path) -> None:
    from sorter_app.services.reporting.report_export import FolderExporter
    from sorter_app.store.outbox_repo import OutboxItem

    body = {"items": [{"barcode": "=1+2", "qty": 3, "reason": "not_in_wave"}], "note": "x"}
    FolderExporter(tmp_path)(
        OutboxItem(7, WAVE, "file", "report", "unknown_barcode", "k-1", body, 0)
    )
    [path] = tmp_path.rglob("*.csv")
    header, row = read_csv(path)
    assert dict(zip(header, row, strict=True))["barcode"] == "'=1+2"
