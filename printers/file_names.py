"""File names made from IDs: kept as they are where every system can hold them, made safe where not.

Platform IDs are opaque: a crate ID may hold `:` (illegal on Windows), `/` (leaves the folder),
quotes, or be a reserved device name. A name that is already safe is kept, so that
`{crate_id}.zpl` stays easy to find; any other gets its unsafe characters replaced and a short
hash of the original, so that two IDs never map to one file.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

INDEX_FILE = "index.csv"
# Characters Windows refuses in a name, the path separators, and what shells make awkward.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{i}" for i in range(1, 10)]
    + [f"LPT{i}" for i in range(1, 10)]
)
# Well under the 255-byte limit of most file systems, leaving room for an extension.
_MAX_NAME_BYTES = 180


def is_safe_stem(stem: str) -> bool:
    """Whether `stem` can be a file name as it is on Windows, Linux and macOS."""
    return (
        bool(stem)
        and _UNSAFE.search(stem) is None
        and stem == stem.strip()
        and not stem.endswith(".")
        and not stem.startswith((".", "-"))
        and stem.split(".")[0].upper() not in _RESERVED
        and len(stem.encode("utf-8")) <= _MAX_NAME_BYTES
    )


def safe_stem(name: str) -> str:
    """`name` itself when it is safe as a file name; otherwise a safe name with a short hash."""
    if is_safe_stem(name):
        return name
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    kept = _UNSAFE.sub("_", name).strip().strip(".-_ ")
    while len(kept.encode("utf-8")) > _MAX_NAME_BYTES - 9:
        kept = kept[:-1]
    stem = f"{kept}~{digest}" if kept else digest
    # A reserved device name stays one with anything after a dot (`COM1.x`): lead with `_`.
    return stem if is_safe_stem(stem) else f"_{stem}"


def write_index(folder: Path, rows: Iterable[tuple[str, str]], id_header: str = "crate_id") -> Path:
    """`index.csv` in `folder`: each file's name and the ID it was written for (UTF-8 with BOM,
    so that Excel on a Chinese Windows opens it right)."""
    path = folder / INDEX_FILE
    partial = folder / f".{INDEX_FILE}.partial"
    with partial.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["file", id_header])
        writer.writerows(rows)
    partial.replace(path)
    return path
