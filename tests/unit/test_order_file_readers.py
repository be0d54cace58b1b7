"""Opening order exports as they arrive at hubs: xlsx, CSV in several encodings and delimiters."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from sorter_app.importing.columns import OrderFileError
from sorter_app.importing.readers import cell_text, open_table, sniff_delimiter

HEADER = ["订单号", "自提点", "商品名称", "数量"]
ROWS = [
    ["O1", "阳光花园（东门）", "娃娃菜, 500g; 袋", "2"],
    ["O2", "翠苑一区", "速冻水饺\n大包装", "1"],
]


def _csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    def quote(cell: str) -> str:
        if any(ch in cell for ch in ',;\t"\n'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "".join(delimiter.join(quote(c) for c in row) + "\r\n" for row in rows)


def _read_all(
    path: Path, **options: object
) -> tuple[tuple[str, ...], list[tuple[int, list[str]]], str]:
    with open_table(path, **options) as table:  # type: ignore[arg-type]
        rows = [(n, [cell_text(c) for c in cells]) for n, cells in table.rows]
        return table.headers, rows, table.source


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_each_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(_csv_text([HEADER, *ROWS]).encode(encoding))

    headers, rows, _ = _read_all(path)

    assert headers == tuple(HEADER)
    assert rows == [(2, ROWS[0]), (3, ROWS[1])]


def test_gb18030_characters_outside_gbk_survive(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    rows = [HEADER, ["O1", "𠮷野家小区", "菜", "1"]]
    path.write_bytes(_csv_text(rows).encode("gb18030"))

    _, read, source = _read_all(path)

    assert read[0][1][1] == "𠮷野家小区"
    assert "gb18030" in source


def test_excel_unicode_text_export_is_utf16_with_tabs(tmp_path: Path) -> None:
    # Excel's "Unicode Text (*.txt)": UTF-16 LE with a BOM, tab-separated.
    path = tmp_path / "orders.txt"
    path.write_bytes(_csv_text([HEADER, *ROWS], "\t").encode("utf-16"))

    headers, rows, _ = _read_all(path)

    assert headers == tuple(HEADER)
    assert rows[1] == (3, ROWS[1])


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_delimiter_is_sniffed_from_the_header(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(_csv_text([HEADER, *ROWS], delimiter), encoding="utf-8")

    headers, rows, _ = _read_all(path)

    assert headers == tuple(HEADER)
    # The first row's product name holds both a comma and a semicolon inside quotes.
    assert rows[0] == (2, ROWS[0])


def test_sniffer_prefers_comma_on_a_single_column() -> None:
    assert sniff_delimiter("订单号\r\nO1\r\n") == ","


def test_row_numbers_count_blank_lines_and_not_line_breaks_inside_cells(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    text = _csv_text([HEADER, ROWS[1]]) + "\r\n" + _csv_text([ROWS[0]])
    path.write_text(text, encoding="utf-8")

    _, rows, _ = _read_all(path)

    # Row 2 spans two physical lines (a line break inside quotes), row 3 is blank.
    assert [(n, cells[:1]) for n, cells in rows] == [(2, ["O2"]), (3, []), (4, ["O1"])]


def test_header_row_option_skips_a_title_above_the_header(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("2026-11-27 订单导出\r\n" + _csv_text([HEADER, *ROWS]), encoding="utf-8")

    headers, rows, _ = _read_all(path, header_row=2)

    assert headers == tuple(HEADER)
    assert rows[0][0] == 3


def test_bytes_that_are_neither_utf8_nor_gb18030_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes("订单号,自提点\r\n".encode() + b"O1,\x80\x80\x80\r\n")

    with pytest.raises(OrderFileError) as caught:
        _read_all(path)

    assert caught.value.code == "order_file_encoding"
    assert "CSV UTF-8" in caught.value.message_zh
    assert "line 2" in caught.value.message_en


def test_given_encoding_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    # Big5 (traditional Chinese) also decodes as GB18030, into the wrong characters.
    path.write_bytes("訂單號,自提點\r\nO1,陽光花園\r\n".encode("big5"))

    guessed, _, _ = _read_all(path)
    headers, rows, source = _read_all(path, encoding="big5")

    assert guessed != ("訂單號", "自提點")
    assert headers == ("訂單號", "自提點")
    assert rows == [(2, ["O1", "陽光花園"])]
    assert "big5" in source


def _write_xlsx(path: Path, rows: Sequence[Sequence[object]], title: str = "订单") -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def test_xlsx_keeps_cell_types_and_numbers_rows_like_excel(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    placed = datetime(2026, 11, 26, 10, 2, 11)
    _write_xlsx(
        path,
        [[*HEADER, "下单时间"], ["O1", "阳光花园", "菜", 2, placed], [], ["O2", "翠苑", "肉", 3.0]],
    )

    with open_table(path) as table:
        rows = list(table.rows)
        assert table.source == "xlsx:订单"

    assert [n for n, _ in rows] == [2, 3, 4]
    assert rows[0][1][3] == 2 and rows[0][1][4] == placed
    assert all(c is None for c in rows[1][1])
    assert cell_text(rows[2][1][3]) == "3"


def test_xlsx_with_a_wrong_dimension_record_is_read_to_the_end(tmp_path: Path) -> None:
    # Some exporters write <dimension ref="A1"/> whatever the size; read-only mode would stop there.
    good = tmp_path / "good.xlsx"
    _write_xlsx(good, [HEADER, *ROWS])
    bad = tmp_path / "orders.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:D3" />' in data
                data = data.replace(b'<dimension ref="A1:D3" />', b'<dimension ref="A1" />')
            dst.writestr(item, data)

    headers, rows, _ = _read_all(bad)

    assert headers == tuple(HEADER)
    assert [cells[0] for _, cells in rows] == ["O1", "O2"]


def test_xlsx_sheet_by_name(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["封面"])
    detail = workbook.create_sheet("明细")
    for row in [HEADER, *ROWS]:
        detail.append(row)
    workbook.save(path)

    headers, _, _ = _read_all(path, sheet="明细")
    assert headers == tuple(HEADER)

    with pytest.raises(OrderFileError) as caught:
        _read_all(path, sheet="汇总")
    assert caught.value.code == "order_file_no_sheet"
    assert "明细" in caught.value.message_zh


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OrderFileError) as caught:
        _read_all(tmp_path / "nope.csv")
    assert caught.value.code == "order_file_not_found"
    assert "nope.csv" in caught.value.message_zh


@pytest.mark.parametrize("name", ["orders.pdf", "orders.numbers", "orders"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("订单号\r\n", encoding="utf-8")
    with pytest.raises(OrderFileError) as caught:
        _read_all(path)
    assert caught.value.code == "order_file_unsupported"
    assert ".xlsx" in caught.value.message_en


def test_old_binary_xls_asks_to_save_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "orders.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(OrderFileError) as caught:
        _read_all(path)
    assert caught.value.code == "order_file_unsupported"
    assert ".xlsx" in caught.value.message_zh


def test_xls_that_is_really_tab_separated_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "orders.xls"
    path.write_bytes(_csv_text([HEADER, *ROWS], "\t").encode("gbk"))

    headers, rows, _ = _read_all(path)

    assert headers == tuple(HEADER)
    assert len(rows) == 2


def test_xls_that_is_really_a_web_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orders.xls"
    path.write_text("<html><table><tr><td>订单号</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(OrderFileError) as caught:
        _read_all(path)
    assert "HTML" in caught.value.message_en


def test_damaged_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(OrderFileError) as caught:
        _read_all(path)
    assert caught.value.code == "order_file_corrupt"


def test_empty_header_row(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("\r\n订单号\r\n", encoding="utf-8")
    with pytest.raises(OrderFileError) as caught:
        _read_all(path)
    assert caught.value.code == "order_file_no_header"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  阳光花园\u3000", "阳光花园"),
        ('="6923456789012"', "6923456789012"),
        ("\ufeff订单号", "订单号"),
        (6923456789012.0, "6923456789012"),
        (13812345678, "13812345678"),
        (2.5, "2.5"),
        (datetime(2026, 11, 26, 10, 2), "2026-11-26 10:02:00"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text  # type: ignore[arg-type]
