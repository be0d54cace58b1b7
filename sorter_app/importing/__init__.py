"""Reading platforms' order exports (Excel or CSV) into a WaveSnapshot; see docs/file-import.md."""

from sorter_app.importing.columns import (
    ColumnMapping,
    FileDefaults,
    OrderFileError,
    RowError,
    load_mapping,
)
from sorter_app.importing.order_file import read_order_file

__all__ = [
    "ColumnMapping",
    "FileDefaults",
    "OrderFileError",
    "RowError",
    "load_mapping",
    "read_order_file",
]
