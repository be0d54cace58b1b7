"""The printing commands end to end through `sorter-app`: label files in every format, printing a
wave through the queue to a loopback printer (also when it is off), printer tests, the queue,
a supervised reprint, manifests and load sheets."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from sorter_app.cli import EXIT_ERROR, EXIT_OK, main
from sorter_app.domain.crate_codes import make_crate_scan_code
from sorter_app.services.people.roster import add_person
from sorter_app.services.views.label_data import crate_labels
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store import retention_repo, tables
from sorter_app.store.database import Store
from tests.factories import small_wave
from tests.integration.test_print_transports import PrinterServer, closed_port

WAVE = "W20261127-HZ01"
CRATES = [
    f"HS-{WAVE}-C0001-01",
    f"HS-{WAVE}-C0001-02",
    f"HS-{WAVE}-C0002-01",
    f"HS-{WAVE}-C0003-01",
]


@pytest.fixture
def db(sqlite_url: str) -> str:
    store = Store.open(sqlite_url)
    store_snapshot(store, small_wave(WAVE), source="api")
    add_person(store, "SUP1", "张主管", role="supervisor", pin="2468")
    store.close()
    return sqlite_url


@pytest.fixture
def server() -> Iterator[PrinterServer]:
    s = PrinterServer()
    yield s
    s.close()


def use_printer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, address: str, language: str = "zpl"
) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'label_printer = "lab"\n\n[printers.lab]\nlanguage = "{language}"\n'
        f'transport = "tcp"\naddress = "{address}"\ntimeout_s = 2\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SORTER_CONFIG", str(settings))


def scan_codes(url: str) -> dict[str, tuple[str, int]]:
    store = Store.open(url)
    try:
        return {x.crate_id: (x.scan_code, x.label_version) for x in crate_labels(store, WAVE)}
    finally:
        store.close()


# --- label files -------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "ext"), [("zpl", "zpl"), ("tspl", "prn")])
def test_thermal_label_files_one_per_crate(db: str, tmp_path: Path, fmt: str, ext: str) -> None:
    before = scan_codes(db)
    out = tmp_path / "labels"
    assert main(["labels", "--wave", WAVE, "--format", fmt, "--out", str(out), "--db", db]) == 0
    assert sorted(p.name for p in out.iterdir()) == [f"{c}.{ext}" for c in CRATES] + ["index.csv"]
    assert (out / "index.csv").read_text("utf-8-sig").splitlines()[1:] == [
        f"{c}.{ext},{c}" for c in CRATES
    ]
    for crate, (code, _) in before.items():
        assert code.encode() in (out / f"{crate}.{ext}").read_bytes()
    assert scan_codes(db) == before  # writing files changes no label version or code


def test_png_labels_of_one_community_decode_to_their_codes(db: str, tmp_path: Path) -> None:
    codes = scan_codes(db)
    out = tmp_path / "png"
    args = ["labels", "--wave", WAVE, "--community", "C0001", "--format", "png"]
    assert main([*args, "--size", "60x40", "--dpi", "300", "--out", str(out), "--db", db]) == 0
    assert sorted(p.name for p in out.iterdir()) == [f"{c}.png" for c in CRATES[:2]] + ["index.csv"]
    for crate in CRATES[:2]:
        image = Image.open(out / f"{crate}.png")
        texts = {r.text for r in zxingcpp.read_barcodes(image.convert("L"))}
        assert codes[crate][0] in texts
        assert any(text.startswith(f"HSQR1|{crate}|") for text in texts)


def test_pdf_labels_are_one_file_with_a_page_per_crate(db: str, tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    assert main(["labels", "--wave", WAVE, "--format", "pdf", "--out", str(out), "--db", db]) == 0
    [pdf] = list(out.glob("*.pdf"))
    assert pdf.name == f"{WAVE}.pdf" and len(PdfReader(pdf).pages) == len(CRATES)


def test_labels_of_an_unknown_community_say_so(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["labels", "--wave", WAVE, "--community", "C0999", "--format", "zpl"]
    assert main([*args, "--out", str(tmp_path), "--db", db, "--lang", "en"]) == EXIT_ERROR
    assert "C0999" in capsys.readouterr().err


# --- printing through the queue ----------------------------------------------------------------


def test_print_sends_each_crate_label_once_in_order(
    db: str,
    tmp_path: Path,
    server: PrinterServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_printer(tmp_path, monkeypatch, server.address)
    codes = scan_codes(db)
    assert main(["print", "--printer", "lab", "--wave", WAVE, "--db", db]) == EXIT_OK
    jobs = server.wait_for_jobs(4)
    assert [job.startswith(b"^XA") and job.rstrip().endswith(b"^XZ") for job in jobs] == [True] * 4
    assert [codes[c][0].encode() in job for c, job in zip(CRATES, jobs, strict=True)] == [True] * 4
    assert "已发送 4 个打印任务" in capsys.readouterr().out
    store = Store.open(db)
    with store.read() as s:
        assert all(s.scalars(select(tables.Crate.printed_at)))
    store.close()

    # Printed labels are not printed again by accident: another copy is a reprint.
    assert main(["print", "--wave", WAVE, "--db", db, "--lang", "en"]) == EXIT_OK
    assert "Skipped 4 labels" in capsys.readouterr().out
    assert len(server.wait_for_jobs(5, timeout=0.3)) == 4


def test_print_to_a_printer_that_is_off_keeps_the_jobs_for_later(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = closed_port()
    use_printer(tmp_path, monkeypatch, f"127.0.0.1:{port}", language="tspl")
    args = ["print", "--wave", WAVE, "--community", "C0001", "--wait", "0.3", "--db", db]
    assert main(args) == EXIT_ERROR
    out = capsys.readouterr().out
    assert "仍有 2 个任务在队列中" in out and "连接被拒绝" in out

    assert main(["printers", "queue", "lab", "--db", db, "--lang", "en"]) == EXIT_OK
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2 and all("\tqueued\t" in row for row in listing)
    assert "refused" in listing[0]  # why the first in line waits; the second waits behind it

    back = PrinterServer(port)
    try:
        assert main(["printers", "send", "lab", "--wait", "10", "--db", db]) == EXIT_OK
        jobs = back.wait_for_jobs(2)
        assert all(job.startswith(b"SIZE ") for job in jobs)
    finally:
        back.close()
    assert main(["printers", "queue", "--db", db]) == EXIT_OK
    assert "队列为空" in capsys.readouterr().out


def test_a_queued_job_cancelled_from_the_command_line_is_not_printed(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = closed_port()
    use_printer(tmp_path, monkeypatch, f"127.0.0.1:{port}")
    main(["print", "--wave", WAVE, "--community", "C0002", "--wait", "0", "--db", db])
    capsys.readouterr()
    main(["printers", "queue", "--db", db])
    [job_id] = [int(row.split("\t")[0]) for row in capsys.readouterr().out.splitlines()]
    assert main(["printers", "cancel", str(job_id), "--db", db]) == EXIT_OK
    assert main(["printers", "cancel", str(job_id), "--db", db, "--lang", "en"]) == EXIT_ERROR
    assert "cancelled" in capsys.readouterr().err
    back = PrinterServer(port)
    try:
        assert main(["printers", "send", "--wait", "1", "--db", db]) == EXIT_OK
        assert back.wait_for_jobs(1, timeout=0.3) == []
    finally:
        back.close()


def test_printer_test_reports_success_or_the_reason_in_both_languages(
    db: str,
    tmp_path: Path,
    server: PrinterServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_printer(tmp_path, monkeypatch, server.address)
    assert main(["printers", "test", "lab", "--db", db]) == EXIT_OK
    out = capsys.readouterr().out
    assert "测试成功" in out and "test OK" in out
    [job] = server.wait_for_jobs(1)
    assert job.startswith(b"^XA") and make_crate_scan_code(0).encode() in job  # no crate has it

    use_printer(tmp_path, monkeypatch, f"127.0.0.1:{closed_port()}")
    assert main(["printers", "test", "lab", "--db", db]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "测试失败" in err and "连接被拒绝" in err
    assert "test failed" in err and "refused" in err
    assert main(["printers", "test", "nope", "--db", db]) == EXIT_ERROR


def test_reprint_from_the_command_line_needs_the_supervisors_pin(
    db: str,
    tmp_path: Path,
    server: PrinterServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_printer(tmp_path, monkeypatch, server.address)
    crate = CRATES[2]
    old_code = scan_codes(db)[crate][0]
    args = ["reprint", "--crate", crate, "--supervisor", "SUP1", "--reason", "标签破损"]
    monkeypatch.delenv("SORTER_SUPERVISOR_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*args, "--db", db]) == EXIT_ERROR  # no PIN at all
    assert "SORTER_SUPERVISOR_PIN" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # a PIN is never an argument (shell history, process list)
        main([*args, "--pin", "2468", "--db", db])
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "0000")
    assert main([*args, "--db", db]) == EXIT_ERROR
    assert scan_codes(db)[crate] == (old_code, 1)
    capsys.readouterr()

    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "2468")
    assert main([*args, "--db", db]) == EXIT_OK
    new_code, version = scan_codes(db)[crate]
    assert version == 2 and new_code != old_code
    assert f"旧码 {old_code} 已作废" in capsys.readouterr().out
    [job] = server.wait_for_jobs(1)
    assert new_code.encode() in job and old_code.encode() not in job


# --- documents ---------------------------------------------------------------------------------


def test_manifest_and_load_sheet_are_pdfs_with_the_communities(db: str, tmp_path: Path) -> None:
    manifest = tmp_path / "docs" / "manifest.pdf"
    assert main(["manifest", "--wave", WAVE, "--out", str(manifest), "--db", db]) == EXIT_OK
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(manifest.read_bytes())).pages
    )
    assert all(f"阳光花园{n}期" in text for n in (1, 2, 3))

    one = tmp_path / "c2.pdf"
    args = ["manifest", "--wave", WAVE, "--community", "C0002", "--out", str(one), "--db", db]
    assert main(args) == EXIT_OK
    text = "".join(page.extract_text() for page in PdfReader(one).pages)
    assert "阳光花园2期" in text and "阳光花园1期" not in text

    sheet = tmp_path / "load.pdf"
    args = ["load-sheet", "--wave", WAVE, "--route", "R01", "--out", str(sheet), "--db", db]
    assert main(args) == EXIT_OK
    assert sheet.read_bytes().startswith(b"%PDF")
    assert "阳光花园3期" in "".join(page.extract_text() for page in PdfReader(sheet).pages)


def pickup_codes(url: str, community_id: str) -> dict[str, str]:
    store = Store.open(url)
    try:
        with store.read() as s:
            rows = s.execute(
                select(tables.Order.pickup_code, tables.Order.customer_nickname)
                .join(tables.Community, tables.Community.id == tables.Order.community_pk)
                .where(tables.Community.community_id == community_id)
            ).all()
        return {code: nickname for code, nickname in rows}
    finally:
        store.close()


def test_pickup_list_names_every_customer_by_full_code_and_is_refused_once_purged(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = pickup_codes(db, "C0002")
    assert codes
    out = tmp_path / "pickup.pdf"
    args = ["pickup-list", "--wave", WAVE, "--community", "C0002", "--out", str(out), "--db", db]
    assert main(args) == EXIT_OK
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "团长分拣单" in text and "阳光花园2期" in text and "阳光花园1期" not in text
    assert all(code in text and nickname in text for code, nickname in codes.items())

    every = tmp_path / "all.pdf"
    assert main(["pickup-list", "--wave", WAVE, "--out", str(every), "--db", db]) == EXIT_OK
    text = "".join(page.extract_text() for page in PdfReader(every).pages)
    assert all(f"阳光花园{n}期" in text for n in (1, 2, 3))

    store = Store.open(db)
    with store.write() as s:
        wave = s.scalars(select(tables.Wave).where(tables.Wave.wave_id == WAVE)).one()
        retention_repo.purge_wave(s, wave.id, datetime.now(UTC))
    store.close()
    capsys.readouterr()
    refused = tmp_path / "refused.pdf"
    args = ["pickup-list", "--wave", WAVE, "--out", str(refused), "--db", db, "--lang", "en"]
    assert main(args) == EXIT_ERROR
    assert "purged" in capsys.readouterr().err and not refused.exists()


def test_a_manifest_can_go_to_a_printer_as_a_document_job(
    db: str,
    tmp_path: Path,
    server: PrinterServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_printer(tmp_path, monkeypatch, server.address, language="pdf")
    args = ["manifest", "--wave", WAVE, "--community", "C0001", "--printer", "lab"]
    assert main([*args, "--db", db]) == EXIT_OK
    [job] = server.wait_for_jobs(1)
    assert (
        job.startswith(b"%PDF")
        and "阳光花园1期" in PdfReader(io.BytesIO(job)).pages[0].extract_text()
    )


@pytest.mark.skipif(sys.platform == "win32", reason="relies on the spooler being unusable here")
def test_jobs_failed_by_a_wrong_setting_print_after_the_fix_and_a_retry(
    db: str,
    tmp_path: Path,
    server: PrinterServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(
        '[printers.lab]\ntransport = "windows"\naddress = "ZDesigner ZD421"\n', encoding="utf-8"
    )
    monkeypatch.setenv("SORTER_CONFIG", str(settings))
    args = ["print", "--printer", "lab", "--wave", WAVE, "--community", "C0001", "--db", db]
    assert main(args) == EXIT_ERROR
    assert "2 个任务失败" in capsys.readouterr().out
    main(["printers", "queue", "--db", db, "--lang", "en"])
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2 and all("\tfailed\t" in row and "pywin32" in row for row in rows)

    use_printer(tmp_path, monkeypatch, server.address)
    assert main(["printers", "retry", "--printer", "lab", "--db", db]) == EXIT_OK
    assert main(["printers", "send", "lab", "--db", db]) == EXIT_OK
    assert len(server.wait_for_jobs(2)) == 2
