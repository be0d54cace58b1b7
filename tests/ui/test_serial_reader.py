"""Serial scanners: lines from a pyserial port reach the same scan path as the wedge, and the
reader comes back after the scanner is unplugged."""

from __future__ import annotations

from types import SimpleNamespace

import serial

from sorter_app.settings import load_settings
from sorter_app.ui.scanner import ScanRead
from sorter_app.ui.scanner import serial_reader as sr
from sorter_app.ui.scanner.serial_reader import SerialConfig, SerialReader, find_port


class LoopPorts:
    """Hands out loop:// ports, one per (re)connection, like a scanner plugged in again."""

    def __init__(self) -> None:
        self.opened: list[serial.SerialBase] = []

    def __call__(self, port: str, baudrate: int) -> serial.SerialBase:
        connection = serial.serial_for_url("loop://", baudrate=baudrate, timeout=0.05)
        self.opened.append(connection)
        return connection


def test_lines_from_the_port_become_scans(qtbot) -> None:
    ports = LoopPorts()
    reader = SerialReader(SerialConfig(port="loop://"), opener=ports, retry_s=0.05)
    reads: list[ScanRead] = []
    reader.line_read.connect(reads.append)
    reader.start()
    try:
        qtbot.waitUntil(lambda: reader.status == "connected", timeout=3000)
        ports.opened[0].write(b"BADGE-W01\r\n6923456789012\r")
        ports.opened[0].write(b"CMD-UN")
        ports.opened[0].write(b"DO\n")
        qtbot.waitUntil(lambda: len(reads) == 3, timeout=3000)
    finally:
        reader.stop()
    assert [(r.text, r.source, r.terminator) for r in reads] == [
        ("BADGE-W01", "serial", "CRLF"),
        ("6923456789012", "serial", "CR"),
        ("CMD-UNDO", "serial", "LF"),
    ]


def test_the_reader_reconnects_after_an_unplug(qtbot) -> None:
    ports = LoopPorts()
    reader = SerialReader(SerialConfig(port="loop://"), opener=ports, retry_s=0.05)
    statuses: list[str] = []
    reads: list[str] = []
    reader.status_changed.connect(statuses.append)
    reader.line_read.connect(lambda read: reads.append(read.text))
    reader.start()
    try:
        qtbot.waitUntil(lambda: reader.status == "connected", timeout=3000)
        ports.opened[0].close()  # unplugged
        qtbot.waitUntil(
            lambda: len(ports.opened) == 2 and reader.status == "connected", timeout=3000
        )
        ports.opened[1].write(b"BADGE-W01\r")
        qtbot.waitUntil(lambda: reads == ["BADGE-W01"], timeout=3000)
    finally:
        reader.stop()
    assert "disconnected" in statuses


def test_serial_scans_log_a_worker_in(ui_factory, qtbot) -> None:
    ports = LoopPorts()
    reader = SerialReader(SerialConfig(port="loop://"), opener=ports, retry_s=0.05)
    ui = ui_factory(serial_reader=reader)
    qtbot.waitUntil(lambda: reader.status == "connected", timeout=3000)
    ports.opened[0].write(b"BADGE-W01\r\n")
    qtbot.waitUntil(lambda: ui.ctx.worker is not None, timeout=3000)
    assert ui.ctx.worker.code == "W01"


def test_the_port_is_found_by_usb_ids(monkeypatch, tmp_path) -> None:
    ports = [
        SimpleNamespace(device="COM3", vid=0x1A86, pid=0x7523, serial_number="X"),
        SimpleNamespace(device="COM7", vid=0x0C2E, pid=0x0B61, serial_number="A1"),
        SimpleNamespace(device="COM9", vid=0x0C2E, pid=0x0B61, serial_number="B2"),
    ]
    monkeypatch.setattr(sr.list_ports, "comports", lambda: ports)
    assert find_port(0x0C2E, 0x0B61) == "COM7"
    assert find_port(0x0C2E, 0x0B61, "B2") == "COM9"
    assert find_port(0x05E0) is None
    path = tmp_path / "settings.toml"
    path.write_text('[scanners]\nserial_vid = "0C2E"\nserial_pid = "0B61"\n', encoding="utf-8")
    config = SerialConfig.from_settings(load_settings(path, env={}).scanners)
    assert (config.vid, config.pid, config.enabled) == (0x0C2E, 0x0B61, True)
