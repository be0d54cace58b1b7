"""Open a spreadsheet or delimited text file: its header, and its rows numbered as Excel shows them.

What the file is gets decided by its first bytes, not only its name: platforms routinely hand out
tab-separated text or HTML named `.xls`, and a re-saved export may keep a misleading extension.
Row numbers count every row, blank ones included, so an error can say "row 57" and mean the row
a person sees as 57 when they open the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sorter_app.importing.columns import OrderFileError

CellValue = str | int | float | bool | datetime | date | time | timedelta | None
Row = tuple[int, Sequence[CellValue]]

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt")
CANDIDATE_DELIMITERS = (",", "\t", ";")

_ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary: Excel 97-2003 .xls, and also password-protected .xlsx.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Tried in order when a text file has no BOM: Chinese Excel saves "CSV" as GBK, whose superset
# GB18030 decodes it too; GBK text is almost never valid UTF-8, so UTF-8 goes first.
_TEXT_ENCODINGS = ("utf-8", "gb18030")
# How much of a text file the delimiter sniffer looks at.
_SNIFF_CHARS = 64 * 1024
_STRIP = " \t\r\n\v\f\u3000\xa0\ufeff\u200b"


@dataclass(slots=True)
class Table:
    """A sheet's header and its data rows (`rows` yields each row's number and cells, once)."""

    headers: tuple[str, ...]
    header_row: int
    rows: Iterator[Row]
    # What was read, for logs and messages: "xlsx:Sheet1" or "csv:gb18030:,".
    source: str


@contextmanager
def open_table(
    path: Path,
    *,
    header_row: int = 1,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Table]:
    """Open `path` and yield its table; rows before `header_row` are ignored."""
    if not path.is_file():
        raise OrderFileError(
            f"找不到订单文件：{path}", f"Order file not found: {path}", code="order_file_not_found"
        )
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise OrderFileError(
            f"不支持的文件类型「{path.suffix or '无扩展名'}」："
            "请用 Excel（.xlsx）或 CSV（.csv）文件",
            f"Unsupported file type '{path.suffix or 'no extension'}': "
            f"use an Excel (.xlsx) or CSV (.csv) file ({', '.join(SUPPORTED_SUFFIXES)})",
            code="order_file_unsupported",
        )
    head = _read_head(path)
    if head.startswith(_ZIP_MAGIC):
        with _open_xlsx(path, header_row=header_row, sheet=sheet) as table:
            yield table
        return
    if head.startswith(_OLE2_MAGIC):
        raise OrderFileError(
            "这是旧版 Excel（.xls，97-2003）或加了密码的文件，无法读取："
            "请在 Excel 里去掉密码并另存为 .xlsx",
            "This is an old Excel 97-2003 (.xls) or password-protected file: remove the password "
            "and save it as .xlsx in Excel",
            code="order_file_unsupported",
        )
    yield _open_text(path, header_row=header_row, encoding=encoding, delimiter=delimiter)


def cell_text(value: CellValue) -> str:
    """A cell as text: trimmed, whole-number floats without `.0`, Excel's `="…"` guard removed."""
    if value is None:
        return ""
    if type(value) is str:  # the common case first: every CSV cell
        text = value.strip(_STRIP)
        # Exports write ="6923456789012" so that Excel keeps long digit strings as text.
        if text.startswith('="') and text.endswith('"') and len(text) >= 3:
            text = text[2:-1].strip(_STRIP)
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        # A barcode or phone number stored as a number comes back as 6923456789012.0.
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(16)
    except OSError as exc:
        raise _unreadable(path, exc) from exc


def _unreadable(path: Path, exc: BaseException) -> OrderFileError:
    return OrderFileError(
        f"无法读取订单文件 {path}：{exc}。如果文件正在 Excel 里打开，请先关闭",
        f"Cannot read the order file {path}: {exc}. If it is open in Excel, close it first",
        code="order_file_unreadable",
    )


def _corrupt(path: Path, exc: BaseException) -> OrderFileError:
    return OrderFileError(
        f"Excel 文件 {path.name} 已损坏或不是有效的 .xlsx：{exc}",
        f"The Excel file {path.name} is damaged or not a valid .xlsx: {exc}",
        code="order_file_corrupt",
    )


def _no_header(path: Path, header_row: int) -> OrderFileError:
    return OrderFileError(
        f"订单文件 {path.name} 第 {header_row} 行是空的，找不到列名",
        f"Row {header_row} of the order file {path.name} is empty: no column headers found",
        code="order_file_no_header",
    )


# --- xlsx ---------------------------------------------------------------------------------------


@contextmanager
def _open_xlsx(path: Path, *, header_row: int, sheet: str | None) -> Iterator[Table]:
    # Imported here so that reading CSV files does not pay for importing openpyxl.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError) as exc:
        raise _corrupt(path, exc) from exc
    try:
        worksheet = _pick_sheet(path, workbook.worksheets, sheet)
        # Some exporters write a wrong <dimension> (e.g. "A1"), and read-only mode trusts it
        # and stops early; forget it and read every row there is.
        worksheet.reset_dimensions()
        numbered = _guarded(path, enumerate(worksheet.iter_rows(values_only=True), start=1))
        headers = _header(path, numbered, header_row)
        yield Table(headers, header_row, numbered, f"xlsx:{worksheet.title}")
    finally:
        workbook.close()


def _pick_sheet(path: Path, worksheets: Sequence[Any], name: str | None) -> Any:
    titles = [str(ws.title) for ws in worksheets]
    if name is None:
        if not worksheets:
            raise _corrupt(path, ValueError("no worksheets"))
        return worksheets[0]
    if name in titles:
        return worksheets[titles.index(name)]
    raise OrderFileError(
        f"Excel 文件 {path.name} 里没有名为「{name}」的工作表；有：{'、'.join(titles)}",
        f"The Excel file {path.name} has no sheet named '{name}'; it has: {', '.join(titles)}",
        code="order_file_no_sheet",
    )


def _guarded(path: Path, rows: Iterator[tuple[int, Sequence[CellValue]]]) -> Iterator[Row]:
    """Rows, with a damaged sheet (broken XML halfway through) reported as an OrderFileError."""
    try:
        yield from rows
    except OrderFileError:
        raise
    except Exception as exc:  # openpyxl surfaces damage as many kinds of error
        raise _corrupt(path, exc) from exc


def _header(path: Path, rows: Iterator[Row], header_row: int) -> tuple[str, ...]:
    for number, cells in rows:
        if number == header_row:
            headers = tuple(cell_text(c) for c in cells)
            # Trailing empty header cells are formatting, not columns.
            while headers and not headers[-1]:
                headers = headers[:-1]
            if not headers:
                raise _no_header(path, header_row)
            return headers
    raise _no_header(path, header_row)


# --- delimited text -----------------------------------------------------------------------------


def _open_text(
    path: Path, *, header_row: int, encoding: str | None, delimiter: str | None
) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    text, used = decode_text(path, data, encoding)
    if text.lstrip(_STRIP)[:1] == "<":
        raise OrderFileError(
            f"{path.name} 是网页格式的表格，不是真正的 Excel/CSV：请用 Excel 打开后另存为 .xlsx",
            f"{path.name} is a web page (HTML) table, not a real Excel or CSV file: "
            "open it in Excel and save it as .xlsx",
            code="order_file_unsupported",
        )
    delimiter = delimiter or sniff_delimiter(text, header_row)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered = _csv_rows(path, reader)
    headers = _header(path, numbered, header_row)
    shown = {"\t": "tab"}.get(delimiter, delimiter)
    return Table(headers, header_row, numbered, f"csv:{used}:{shown}")


def decode_text(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding that read it: a BOM, else UTF-8, else GB18030 (GBK)."""
    if encoding is not None:
        candidates: tuple[str, ...] = (encoding,)
    else:
        bom = next((enc for magic, enc in _BOMS if data.startswith(magic)), None)
        candidates = (bom,) if bom else _TEXT_ENCODINGS
    problem: UnicodeDecodeError | None = None
    for candidate in candidates:
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError as exc:
            problem = problem or exc
    assert problem is not None
    line = data.count(b"\n", 0, problem.start) + 1
    tried = "、".join(candidates)
    raise OrderFileError(
        f"无法识别 {path.name} 的文字编码（试过 {tried}；第 {line} 行附近有无法解码的字节）："
        "请在 Excel 里另存为「CSV UTF-8」或 .xlsx",
        f"Cannot tell the text encoding of {path.name} (tried {', '.join(candidates)}; "
        f"undecodable bytes near line {line}): save it from Excel as 'CSV UTF-8' or .xlsx",
        code="order_file_encoding",
    )


def sniff_delimiter(text: str, header_row: int = 1) -> str:
    """The candidate delimiter that splits the header row into the most columns (comma on a tie)."""
    sample = text[:_SNIFF_CHARS]
    best, best_count = ",", 1
    for candidate in CANDIDATE_DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
        try:
            header = next((r for n, r in enumerate(reader, 1) if n == header_row), [])
        except csv.Error:
            continue
        if len(header) > best_count:
            best, best_count = candidate, len(header)
    return best


def _csv_rows(path: Path, reader: Iterator[list[str]]) -> Iterator[Row]:
    # Counting records, not physical lines: a quoted cell with a line break is still one row.
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as exc:
        raise OrderFileError(
            f"{path.name} 第 {number + 1} 行无法读取：{exc}",
            f"Row {number + 1} of {path.name} cannot be read: {exc}",
            code="order_file_corrupt",
        ) from exc
