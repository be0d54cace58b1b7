"""`sorter-app manifest / load-sheet / pickup-list / receiving-sheet` without --out print on the
document printer of the settings (`[documents] printer = NAME`), here a folder printer taking
PDF, through the queue and the real sender; a wave's manifests as one job per route."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from sorter_app.cli import EXIT_ERROR, EXIT_OK, main
from sorter_app.domain.wave import WaveSnapshot
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from tests.factories import EAN_S1, community, order, sku, summary

WAVE = "W20261127-HZ01"
ROUTES = {"R01": ["C0006", "C0004"], "R02": ["C0005"]}


@pytest.fixture
def db(sqlite_url: str) -> str:
    placed = [
        community(6, route="R01", stop=1),
        community(4, route="R01", stop=2),
        community(5, route="R02", stop=1),
    ]
    orders = [order(n, f"C{n:04d}", [("S00001", n % 3 + 1), ("S00002", 1)]) for n in (4, 5, 6)]
    store = Store.open(sqlite_url)
    store_snapshot(
        store,
        WaveSnapshot(summary(WAVE, orders), placed, [sku(1, barcode=EAN_S1), sku(2)], orders),
        source="api",
    )
    store.close()
    return sqlite_url


def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document_printer: str) -> Path:
    folder = tmp_path / "a4-printer"
    toml = tmp_path / "settings.toml"
    section = f'[documents]\nprinter = "{document_printer}"\n\n' if document_printer else ""
    toml.write_text(
        f'{section}[printers.a4]\nlanguage = "pdf"\ntransport = "folder"\naddress = "{folder}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SORTER_CONFIG", str(toml))
    return folder


def printed(folder: Path) -> list[str]:
    """The text of each PDF the printer received, in the order it received them."""
    return [
        "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(f.read_bytes())).pages)
        for f in sorted(folder.glob("*.pdf"))
    ]


def test_documents_without_out_print_on_the_document_printer(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = settings(tmp_path, monkeypatch, "a4")
    assert main(["manifest", "--wave", WAVE, "--db", db, "--wait", "5"]) == EXIT_OK
    manifests = printed(folder)
    assert len(manifests) == 2  # one job per route, in route order
    assert "阳光花园6期" in manifests[0] and "阳光花园4期" in manifests[0]
    assert "阳光花园5期" in manifests[1] and "阳光花园6期" not in manifests[1]

    assert main(["load-sheet", "--wave", WAVE, "--route", "R02", "--db", db]) == EXIT_OK
    args = ["pickup-list", "--wave", WAVE, "--community", "C0004", "--db", db]
    assert main(args) == EXIT_OK
    assert main(["receiving-sheet", "--wave", WAVE, "--db", db]) == EXIT_OK
    load_sheet, pickup_list, receiving_sheet = printed(folder)[2:]
    assert "阳光花园5期" in load_sheet and "阳光花园4期" not in load_sheet
    assert "团长分拣单" in pickup_list and "阳光花园4期" in pickup_list
    assert "云南高山娃娃菜1" in receiving_sheet and "云南高山娃娃菜2" in receiving_sheet


def test_out_saves_the_file_and_prints_nothing(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = settings(tmp_path, monkeypatch, "a4")
    out = tmp_path / "wave.pdf"
    assert main(["manifest", "--wave", WAVE, "--out", str(out), "--db", db]) == EXIT_OK
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert all(f"阳光花园{n}期" in text for n in (4, 5, 6))
    assert printed(folder) == []


def test_one_route_of_manifests_from_the_command_line(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = settings(tmp_path, monkeypatch, "a4")
    assert main(["manifest", "--wave", WAVE, "--route", "R02", "--db", db]) == EXIT_OK
    [only] = printed(folder)
    assert "阳光花园5期" in only and "阳光花园4期" not in only


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["--out", "[documents] printer", "没有指定输出"]),
        ("en", ["--out F.pdf", "[documents] printer"]),
    ],
)
def test_with_no_out_and_no_document_printer_the_message_says_what_to_do(
    db: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    words: list[str],
) -> None:
    folder = settings(tmp_path, monkeypatch, "")
    for command in (
        ["manifest", "--wave", WAVE],
        ["load-sheet", "--wave", WAVE, "--route", "R01"],
        ["pickup-list", "--wave", WAVE],
        ["receiving-sheet", "--wave", WAVE],
    ):
        capsys.readouterr()
        assert main([*command, "--db", db, "--lang", lang]) == EXIT_ERROR
        err = capsys.readouterr().err
        assert all(word in err for word in words), err
        assert "Traceback" not in err
    assert printed(folder) == []
