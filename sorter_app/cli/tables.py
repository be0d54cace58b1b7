"""Plain output of listings: a table aligned for a terminal (Chinese characters take two columns),
one JSON array with stable English keys, or an export's file and its row count."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from sorter_app.services.reporting.exports import ExportTable


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters (Chinese) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def print_table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    right: Iterable[int] = (),
    out: TextIO | None = None,
) -> None:
    """Columns separated by two spaces; `right` are the indexes of right-aligned (number) columns."""
    stream = out or sys.stdout
    cells = [[_text(v) for v in row] for row in rows]
    widths = [display_width(h) for h in header]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    right_set = set(right)

    def line(values: Sequence[str]) -> str:
        parts = []
        for i, value in enumerate(values):
            pad = " " * (widths[i] - display_width(value))
            parts.append(pad + value if i in right_set else value + pad)
        return "  ".join(parts).rstrip()

    print(line(list(header)), file=stream)
    for row in cells:
        print(line(row), file=stream)


def print_json(items: Iterable[dict[str, Any]], out: TextIO | None = None) -> None:
    print(json.dumps(list(items), ensure_ascii=False, indent=2), file=out or sys.stdout)


def _text(value: object) -> str:
    if value is None:
        return "-"
    # One line per row: a name with a line break or tab must not break the table.
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def write_table(out: Path, table: ExportTable, fmt: str, lang: str) -> None:
    """Write an export's `table` to `out` as `fmt` (csv | xlsx) and say how many rows it has."""
    # Imported when used, as the commands import their services: the CLI starts light.
    from sorter_app.services.reporting.exports import write_export

    write_export(out, table, fmt)
    rows = len(table.rows)
    print(f"{out}: {rows} 行" if lang == "zh" else f"{out}: {rows} rows")
