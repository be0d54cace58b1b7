"""Printer transports against real endpoints: a port-9100 server on loopback, pyserial's loop://
and a pty, a private CUPS scheduler with a raw queue pointed at the loopback server, a folder;
the Windows spooler module on a machine without pywin32; printer profiles from the settings file.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from printers.profiles import PrinterProfile, PrinterProfileError, find_profile
from printers.transports import PrinterConfigError, PrinterUnavailable, open_transport
from printers.transports.cups import CupsTransport
from printers.transports.folder import FolderTransport
from printers.transports.serial_port import SerialTransport
from printers.transports.tcp import TcpTransport
from sorter_app.settings import Settings, load_settings, save_settings

# Bytes a label printer must get untouched: ZPL with its control prefixes, every byte value.
ZPL = b"^XA^FO20,20^FH^FDA_5EB_7EC^FS^XZ\r\n"
BINARY = bytes(range(256)) * 4


class PrinterServer:
    """A port-9100 printer on 127.0.0.1 that keeps the bytes of every complete job.

    `drop_next` > 0 makes the next connections read a few bytes and then reset (a printer
    switched off mid-job). `port` may name a port to take over (a printer coming back)."""

    def __init__(self, port: int = 0) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.port: int = self.sock.getsockname()[1]
        self.jobs: list[bytes] = []
        self.dropped = 0
        self.drop_next = 0
        self.hold_next = 0  # accept and never read (a jammed printer)
        self._held: list[socket.socket] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.hold_next:
                self.hold_next -= 1
                self._held.append(conn)
                continue
            with conn:
                if self.drop_next:
                    self.drop_next -= 1
                    conn.recv(16)
                    # SO_LINGER 0: close with a reset, as a printer losing power mid-job.
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    with self._changed:
                        self.dropped += 1
                        self._changed.notify_all()
                    continue
                data = bytearray()
                while chunk := conn.recv(65536):
                    data += chunk
            with self._changed:
                self.jobs.append(bytes(data))
                self._changed.notify_all()

    def wait_for_jobs(self, count: int, timeout: float = 10.0) -> list[bytes]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.jobs) >= count, timeout)
            return list(self.jobs)

    def close(self) -> None:
        self.sock.close()
        for conn in self._held:
            conn.close()


def closed_port() -> int:
    """A loopback port with nothing listening: connecting is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def printer() -> Iterator[PrinterServer]:
    server = PrinterServer()
    yield server
    server.close()


# --- raw TCP -----------------------------------------------------------------------------------


def test_tcp_printer_gets_exactly_the_bytes_of_each_job_in_order(printer: PrinterServer) -> None:
    big = os.urandom(3_000_000)  # larger than the socket buffers: sent in many pieces
    transport = TcpTransport("127.0.0.1", printer.port)
    for payload in (ZPL, BINARY, big):
        transport.send(payload, title="job")
    assert printer.wait_for_jobs(3) == [ZPL, BINARY, big]


def test_a_printer_that_is_off_is_unavailable_with_the_reason() -> None:
    port = closed_port()
    with pytest.raises(PrinterUnavailable) as caught:
        TcpTransport("127.0.0.1", port, timeout=2).send(ZPL)
    assert f"127.0.0.1:{port}" in caught.value.message_en
    assert "refused" in caught.value.message_en and "拒绝" in caught.value.message_zh


def test_a_connection_dropped_mid_job_is_not_taken_for_delivered(printer: PrinterServer) -> None:
    printer.drop_next = 1
    with pytest.raises(PrinterUnavailable) as caught:
        TcpTransport("127.0.0.1", printer.port).send(BINARY * 64)
    assert "dropped" in caught.value.message_en
    assert printer.dropped == 1 and printer.jobs == []


# --- serial ------------------------------------------------------------------------------------


def test_serial_loop_port_carries_the_job_bytes_unchanged() -> None:
    loop = serial.serial_for_url("loop://", timeout=1)
    transport = SerialTransport("loop://", baudrate=115200, opener=lambda *_a, **_k: loop)
    transport.send(ZPL)
    transport.send(BINARY)
    assert loop.read(len(ZPL) + len(BINARY)) == ZPL + BINARY
    transport.close()
    assert not loop.is_open


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_serial_device_opened_by_name_gets_the_bytes() -> None:
    master, slave = os.openpty()
    try:
        transport = SerialTransport(os.ttyname(slave), baudrate=9600, timeout=2)
        transport.send(ZPL)
        received = b""
        deadline = time.monotonic() + 5
        while len(received) < len(ZPL) and time.monotonic() < deadline:
            received += os.read(master, 1024)
        assert received == ZPL
        transport.close()
    finally:
        os.close(master)
        os.close(slave)


def test_an_unplugged_serial_printer_is_unavailable_with_the_port_named() -> None:
    with pytest.raises(PrinterUnavailable) as caught:
        SerialTransport("/dev/ttyHS-not-there", timeout=1).send(ZPL)
    assert "/dev/ttyHS-not-there" in caught.value.message_en
    assert "/dev/ttyHS-not-there" in caught.value.message_zh


# --- CUPS --------------------------------------------------------------------------------------


@pytest.fixture
def cups_server() -> Iterator[str]:
    """A private CUPS scheduler (own config, spool and socket, stopped afterwards): the system's
    printers and settings are left alone. Yields the socket path to use as CUPS_SERVER."""
    cupsd, lpadmin = shutil.which("cupsd") or "/usr/sbin/cupsd", shutil.which("lpadmin")
    if not Path(cupsd).exists() or lpadmin is None or shutil.which("lp") is None:
        pytest.skip("CUPS is not installed (Debian: apt-get install cups cups-client)")
    # Not under pytest's tmp_path: CUPS backends run as user lp and must reach the spool files.
    base = Path(tempfile.mkdtemp(prefix="hs-cups-"))
    base.chmod(0o755)
    for sub in ("root", "state", "cache", "spool/tmp", "log", "run"):
        (base / sub).mkdir(parents=True)
    sock = base / "run" / "cups.sock"
    files_conf = base / "cups-files.conf"
    files_conf.write_text(
        f"ServerRoot {base}/root\nStateDir {base}/state\nCacheDir {base}/cache\n"
        f"RequestRoot {base}/spool\nTempDir {base}/spool/tmp\nErrorLog {base}/log/error_log\n"
        f"AccessLog {base}/log/access_log\nPageLog {base}/log/page_log\nPrintcap\n"
        "SystemGroup root\n"
    )
    conf = base / "cupsd.conf"
    conf.write_text(
        f"LogLevel info\nListen {sock}\nBrowsing No\nWebInterface No\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    process = subprocess.Popen(
        [cupsd, "-f", "-c", str(conf), "-s", str(files_conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    env = {**os.environ, "CUPS_SERVER": str(sock)}
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                pytest.skip(f"cupsd could not be started here: {error.strip()[:300]}")
            ready = subprocess.run(["lpstat", "-r"], env=env, capture_output=True, check=False)
            if ready.returncode == 0 and b"is running" in ready.stdout:
                break
            time.sleep(0.1)
        else:
            pytest.skip("cupsd did not answer within 10 s")
        yield str(sock)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(base, ignore_errors=True)


def test_cups_raw_queue_delivers_the_job_bytes_to_the_printer(
    cups_server: str, printer: PrinterServer
) -> None:
    env = {**os.environ, "CUPS_SERVER": cups_server}
    subprocess.run(
        ["lpadmin", "-p", "hs-test", "-E", "-v", f"socket://127.0.0.1:{printer.port}"],
        env=env,
        check=True,
        capture_output=True,
    )
    transport = CupsTransport("hs-test", server=cups_server)
    transport.send(ZPL, title="HS-W1-C0001-01")
    assert transport.last_request_id.startswith("hs-test-")
    transport.send(BINARY, title="second")
    assert printer.wait_for_jobs(2, timeout=20) == [ZPL, BINARY]


def test_cups_without_that_queue_is_a_settings_error(cups_server: str) -> None:
    with pytest.raises(PrinterConfigError) as caught:
        CupsTransport("hs-no-such-queue", server=cups_server).send(ZPL)
    assert "hs-no-such-queue" in caught.value.message_en


# --- Windows spooler, folder -------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="checks the behaviour without pywin32")
def test_windows_spooler_imports_without_pywin32_and_refuses_clearly() -> None:
    from printers.transports import windows_spooler

    assert windows_spooler.win32print is None
    transport = windows_spooler.WindowsSpoolerTransport("ZDesigner ZD421-203dpi ZPL")
    with pytest.raises(PrinterConfigError) as caught:
        transport.send(ZPL)
    assert "pywin32" in caught.value.message_en and "pywin32" in caught.value.message_zh
    with pytest.raises(PrinterConfigError):
        windows_spooler.WindowsSpoolerTransport("X", datatype="EMF")


def test_folder_printer_writes_each_job_whole_in_order(tmp_path: Path) -> None:
    transport = FolderTransport(tmp_path / "out", extension="zpl")
    for i in range(3):
        transport.send(ZPL + str(i).encode(), title=f"HS-W1-C0001-0{i + 1} 阳光花园")
    files = sorted((tmp_path / "out").iterdir())
    assert [f.read_bytes() for f in files] == [ZPL + b"0", ZPL + b"1", ZPL + b"2"]
    assert all(f.suffix == ".zpl" and "阳光花园" in f.name for f in files)


def test_folder_printer_that_cannot_write_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(PrinterUnavailable):
        FolderTransport(blocker / "sub").send(ZPL)


# --- profiles from the settings file -----------------------------------------------------------

SETTINGS_TOML = """
hub_id = "HZ01"
label_printer = "zebra"

[printers.zebra]
language = "zpl"
dpi = 300
size = "60x40"
transport = "tcp"
address = "127.0.0.1:{port}"
darkness = 12
speed = 4
sensing = "mark"
offset_x_mm = 1.5
offset_y_mm = -1

[printers.tsc]
language = "tspl"
transport = "serial"
address = "loop://"
baud = 115200
darkness = 8

[printers.office]
language = "pdf"
transport = "cups"
address = "Office_A4"

[printers.files]
language = "tspl"
transport = "folder"
address = "{folder}"
"""


def test_profiles_load_from_settings_and_open_their_transports(
    tmp_path: Path, printer: PrinterServer
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(SETTINGS_TOML.format(port=printer.port, folder=tmp_path / "prn"), "utf-8")
    settings = load_settings(path, env={})
    zebra = find_profile(settings.printers, settings.label_printer)
    assert (zebra.media.width_dots, zebra.media.height_dots) == (709, 472)  # 60x40 at 300 dpi
    options = zebra.zpl_options()
    assert (options.darkness, options.speed_ips, options.sensing.value) == (12, 4, "black_mark")
    assert (options.home_x_dots, options.top_dots) == (18, -12)
    assert find_profile(settings.printers, "tsc").tspl_options().density == 8

    open_transport(zebra).send(ZPL)
    assert printer.wait_for_jobs(1) == [ZPL]
    assert open_transport(find_profile(settings.printers, "tsc")).describe().startswith("serial")
    office = open_transport(find_profile(settings.printers, "office"))
    assert isinstance(office, CupsTransport) and not office.raw  # PDFs are converted by CUPS
    files = find_profile(settings.printers, "files")
    open_transport(files).send(b"SIZE 60 mm,40 mm\r\n")
    assert [f.suffix for f in (tmp_path / "prn").iterdir()] == [".prn"]

    # Saved and read back, the profiles are the same.
    again = load_settings(save_settings(settings, tmp_path / "saved.toml"), env={})
    assert again.printers == settings.printers and again.label_printer == "zebra"


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ('language = "epl"\ntransport = "tcp"\naddress = "p:9100"', ["language", "epl"]),
        ('transport = "usb"\naddress = "x"', ["transport", "usb"]),
        ('transport = "tcp"', ["address", "required"]),
        ('transport = "tcp"\naddress = "p:9100"\ndarknes = 3', ["darknes", "typo"]),
        ('transport = "tcp"\naddress = "p:9100"\ndarkness = 99', ["darkness", "-30..30"]),
        ('transport = "tcp"\naddress = "p:9100"\ndpi = "203"', ["dpi", "whole number"]),
        ('transport = "tcp"\naddress = "p:port"', ["address"]),
    ],
)
def test_a_bad_printer_profile_names_the_printer_and_the_setting(
    tmp_path: Path, table: str, words: list[str]
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"[printers.lab1]\n{table}\n", "utf-8")
    with pytest.raises(PrinterProfileError) as caught:
        load_settings(path, env={})
    assert "[printers.lab1]" in caught.value.message_en
    assert "[printers.lab1]" in caught.value.message_zh
    for word in words:
        assert word in caught.value.message_en


def test_label_printer_must_name_a_profile(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('label_printer = "ghost"\n', "utf-8")
    with pytest.raises(Exception, match="ghost"):
        load_settings(path, env={})
    assert Settings().printers == ()
    with pytest.raises(Exception, match="No printer named ghost"):
        find_profile([PrinterProfile("a", address="x")], "ghost")
