"""Cells of text the hub did not write itself (names, IDs, notes from the platform or from
people), put into spreadsheets so that no formula ever runs from them (CSV/formula injection).

A community called `=HYPERLINK("http://…")` or a SKU ID `+1+2` must reach Excel as the text it
is: in XLSX a string cell (openpyxl makes any text starting with "=" a formula); in CSV, where a
cell is only text, a leading ' as OWASP advises, which Excel shows as the text itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

# What makes Excel, LibreOffice or Google Sheets read a CSV cell as a formula (tab and carriage
# return too: some spreadsheets strip them and read on).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as one CSV cell: text that starts like a formula gets a leading '; times as
    'YYYY-MM-DD HH:MM:SS'; None as empty. Numbers stay numbers (a negative count is no formula)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_text(cell: Any, value: str) -> None:
    """Write `value` into an openpyxl cell as a string cell, never a formula.

    Characters XML cannot carry (control characters other than tab and line breaks) are left
    out: openpyxl would refuse the whole workbook for one of them."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"  # after the value: assigning "=…" just made it "f"
