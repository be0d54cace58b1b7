"""Label files named after crate IDs: kept where safe, made safe and distinct where not."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from printers.file_names import INDEX_FILE, is_safe_stem, safe_stem, write_index


@pytest.mark.parametrize(
    "crate",
    [
        "HS-W20261127-HZ01-C0017-02",
        "HS-W20261127-HZ01-cm-0003-01",
        "HS-W20261127-HZ01-d13c513a-42f8-4da1-97b1-165f0971b7c4-01",
        "HS-波次-20261127-社区-丁桥-003-01",
    ],
)
def test_a_crate_id_that_is_a_safe_file_name_is_kept(crate: str) -> None:
    assert safe_stem(crate) == crate


@pytest.mark.parametrize(
    "crate",
    [
        "HS-W1-C:17-01",  # ':' is illegal on Windows
        "HS-W1-../../etc-01",  # '/' would leave the folder
        'HS-W1-c"^~-01',
        "HS-W1-a\\b-01",
        "CON",
        "com1.txt",
        "HS-W1-C17-01.",
        " HS-W1-C17-01",
        "HS-" + "长" * 130 + "-01",
    ],
)
def test_an_unsafe_crate_id_gets_a_safe_name(crate: str, tmp_path: Path) -> None:
    stem = safe_stem(crate)
    assert stem != crate and is_safe_stem(stem)
    (tmp_path / f"{stem}.zpl").write_bytes(b"x")  # the system takes it
    assert [p.name for p in tmp_path.iterdir()] == [f"{stem}.zpl"]


ids = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="|"),
    min_size=1,
    max_size=137,
)


@given(ids, ids)
def test_two_ids_never_share_a_file(a: str, b: str) -> None:
    assert is_safe_stem(safe_stem(a))
    if a != b:
        assert safe_stem(a) != safe_stem(b)


def test_the_index_maps_every_file_to_its_crate(tmp_path: Path) -> None:
    rows = [("HS-W1-C_17-01~1a2b3c4d.zpl", "HS-W1-C:17-01"), ("HS-W1-C18-01.zpl", "HS-W1-C18-01")]
    write_index(tmp_path, rows)
    with (tmp_path / INDEX_FILE).open(encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f)) == [["file", "crate_id"], *map(list, rows)]
