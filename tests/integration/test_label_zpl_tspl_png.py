"""Crate labels through the ZPL, TSPL and PNG back ends, read back by outside tools: a real
barcode reader (zxing-cpp) on the PNG and on ZPL rendered by zplkit, a ZPL parser (zplkit) and a
TSPL command splitter for structure, and hostile names that must not change the command stream.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import sys
import types
import zlib
from dataclasses import replace
from datetime import date

import pytest
import zplkit
import zxingcpp
from PIL import Image
from zplkit.parse import parse as parse_zpl

from printers.layout import Code128, LabelLayout, QrCode, Text, ZoneMark, layout_label
from printers.model import CrateLabel, LabelMedia, Zone, media
from printers.render import render_labels
from printers.render.options import Sensing, TextMode, TsplOptions, ZplOptions
from printers.render.png import render_image, render_png
from printers.render.tspl import render_tspl
from printers.render.zpl import render_zpl
from sorter_app.domain.crate_codes import crate_id, make_crate_scan_code, qr_payload

MEDIA = [media(size, dpi) for size in ("100x100", "60x40") for dpi in (203, 300)]
MEDIA_IDS = [f"{m.width_mm}x{m.height_mm}@{m.dpi}" for m in MEDIA]
WAVE = "W20261127-HZ01"
HOSTILE_ADDRESS = ('^XZ^XA~JA "引号" _下划线_ \r\n换行 ' + "杭州市西湖区文三路幸福里" * 20)[:200]


def make_label(**changes: object) -> CrateLabel:
    wave, community = WAVE, str(changes.pop("community_id", "C0017"))
    n, m, units = 2, 3, 14
    long_id = crate_id(wave, community, n)
    label = CrateLabel(
        crate_id=long_id,
        scan_code=make_crate_scan_code(int(changes.pop("serial", 4711))),
        qr_payload=qr_payload(long_id, wave, community, n, m, units),
        wave_id=wave,
        delivery_date=date(2026, 11, 27),
        community_id=community,
        community_name="幸福里小区东门",
        leader_name="张三",
        leader_phone_masked="138****5678",
        pickup_address="杭州市西湖区文三路 100 号 幸福里小区东门 菜鸟驿站旁",
        route_id="R03",
        route_name="西湖3号线",
        stop_seq=7,
        crate_seq=n,
        crate_count=m,
        extra=False,
        zone=Zone.CHILLED,
        units=units,
        lines=3,
    )
    return replace(label, **changes)  # type: ignore[arg-type]


def hostile_label() -> CrateLabel:
    return make_label(
        community_name="^XZ^XA~JA",
        leader_name='_ "quoted" _',
        route_name="a\r\nb^FS~DG",
        pickup_address=HOSTILE_ADDRESS,
    )


VARIANTS = {
    "plain": make_label(),
    "reprint-extra-frozen": make_label(
        serial=99_999_999,
        extra=True,
        label_version=3,
        zone=Zone.FROZEN,
        community_name="金色家园三期东门北苑锦绣华庭翠苑新村小区一二三期阳光花园" * 2,
        pickup_address="杭州市西湖区" * 40,
    ),
    "hostile": hostile_label(),
}


def decoded(image: Image.Image) -> list[tuple[str, str]]:
    return sorted((r.format.name, r.text) for r in zxingcpp.read_barcodes(image.convert("L")))


def expected_codes(label: CrateLabel) -> list[tuple[str, str]]:
    return sorted([("Code128", label.scan_code), ("QRCode", label.qr_payload)])


def zplkit_images(zpl: bytes, m: LabelMedia) -> list[Image.Image]:
    """The labels as zplkit draws them. Media commands (^MN sensing, ^MD darkness, ^PR speed)
    set up the printer, not the picture, and zplkit refuses them: they are left out here."""
    kept = b"".join(
        bytes(e) for e in parse_zpl(zpl).elements if not re.match(rb"\^(MN|MD|PR)", bytes(e))
    )
    document = zplkit.render(
        kept, zplkit.Options(width=m.width_dots, height=m.height_dots, dpi=m.dpi)
    )
    return [Image.open(io.BytesIO(scene.png())) for scene in document.labels]


def zpl_commands(zpl: bytes) -> list[bytes]:
    return [bytes(e).strip() for e in parse_zpl(zpl).elements if bytes(e).strip()]


def names_of(commands: list[bytes]) -> list[bytes]:
    return [c[:3] for c in commands]


# --- Read back by a real barcode reader ----------------------------------------------------------


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("m", MEDIA, ids=MEDIA_IDS)
def test_png_scans_to_exactly_the_scan_code_and_the_qr_payload(m: LabelMedia, variant: str) -> None:
    label = VARIANTS[variant]
    png = render_png(label, m)
    image = Image.open(io.BytesIO(png))
    assert image.size == (m.width_dots, m.height_dots)
    assert image.mode == "1" and round(image.info["dpi"][0]) == m.dpi
    assert decoded(image) == expected_codes(label)


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("m", MEDIA, ids=MEDIA_IDS)
def test_zpl_drawn_by_zplkit_scans_to_exactly_the_same_codes(m: LabelMedia, variant: str) -> None:
    label = VARIANTS[variant]
    images = zplkit_images(render_zpl(label, m), m)
    assert len(images) == 1
    assert decoded(images[0]) == expected_codes(label)


def test_zpl_text_bitmaps_print_where_the_preview_shows_them() -> None:
    m = media("60x40", 203)
    label = make_label()
    printed = zplkit_images(render_zpl(label, m), m)[0].convert("L")
    preview = render_image(label, m)
    community = layout_label(label, m).named("community")
    box = (community.x, community.y, community.x + community.width, community.y + community.height)
    assert printed.crop(box).tobytes() == preview.crop(box).tobytes()


def test_zpl_hex_graphics_print_the_same_as_z64() -> None:
    m = media("60x40", 300)
    label = VARIANTS["reprint-extra-frozen"]
    z64 = render_zpl(label, m)
    hexed = render_zpl(label, m, ZplOptions(compressed_graphics=False))
    assert b":Z64:" in z64 and b":Z64:" not in hexed and len(hexed) > len(z64)
    assert zplkit_images(z64, m)[0].tobytes() == zplkit_images(hexed, m)[0].tobytes()


def test_zpl_with_a_resident_font_sends_utf8_text_in_justified_blocks() -> None:
    m = media("100x100", 203)
    label = make_label()
    resident = render_zpl(
        label, m, ZplOptions(text=TextMode.RESIDENT, resident_font="E:SIMSUN.TTF")
    )
    graphics = render_zpl(label, m)
    text = resident.decode()
    layout = layout_label(label, m)
    route, phone = layout.named("route"), layout.named("phone")
    assert isinstance(route, Text) and isinstance(phone, Text)
    size = route.size_dots
    assert f"^A@N,{size},{size},E:SIMSUN.TTF^FB{route.width},1,0,L,0^FH^FD西湖3号线^FS" in text
    assert f"^FB{phone.width},1,0,R,0^FH^FD138****5678^FS" in text  # right-aligned
    assert b"^GFA" in resident  # the zone band and the marks stay graphics
    barcodes = [c for c in zpl_commands(graphics) if c[:3] in (b"^BC", b"^BQ", b"^BY")]
    assert [c for c in zpl_commands(resident) if c[:3] in (b"^BC", b"^BQ", b"^BY")] == barcodes
    # zplkit has no Chinese font to stand in, so its picture is checked on the graphics stream.


# --- ZPL structure --------------------------------------------------------------------------------


def expected_field_data(layout: LabelLayout, resident: bool) -> int:
    """^FD fields: the two barcodes, plus one per text line when text goes in a printer font."""
    lines = sum(len(e.runs) for e in layout if isinstance(e, Text)) if resident else 0
    return 2 + lines


@pytest.mark.parametrize("mode", [TextMode.BITMAP, TextMode.RESIDENT])
@pytest.mark.parametrize("m", MEDIA, ids=MEDIA_IDS)
def test_zpl_structure_and_hostile_names(m: LabelMedia, mode: TextMode) -> None:
    options = ZplOptions(text=mode)
    resident = mode is TextMode.RESIDENT
    plain, hostile = make_label(), hostile_label()
    streams = {}
    for name, label in (("plain", plain), ("hostile", hostile)):
        zpl = render_zpl(label, m, options)
        commands = zpl_commands(zpl)
        names = names_of(commands)
        assert names[0] == b"^XA" and names[-1] == b"^XZ"
        assert names.count(b"^XA") == 1 and names.count(b"^XZ") == 1
        assert names.count(b"^FO") == names.count(b"^FS")
        assert names.count(b"^FD") == names.count(b"^FH")
        assert names.count(b"^FD") == expected_field_data(layout_label(label, m), resident)
        assert not any(c.startswith(b"~") for c in commands), "no control command runs"
        assert b"~" not in zpl
        for command in commands:
            if command.startswith(b"^FD"):
                assert b"^" not in command[3:] and b"\r" not in command and b"\n" not in command
        streams[name] = names
    if not resident:  # text as graphics: the very same command sequence, whatever the names say
        assert streams["plain"] == streams["hostile"]
    assert streams["plain"].count(b"^XZ") == streams["hostile"].count(b"^XZ")


def test_every_zpl_graphic_carries_exactly_width_bytes_times_height() -> None:
    for m in MEDIA:
        for compressed in (True, False):
            zpl = render_zpl(
                VARIANTS["reprint-extra-frozen"], m, ZplOptions(compressed_graphics=compressed)
            )
            graphics = [c for c in zpl_commands(zpl) if c.startswith(b"^GF")]
            assert len(graphics) >= 6
            for command in graphics:
                kind, total, count, row_bytes, data = command[3:].decode().split(",", 4)
                assert kind == "A" and total == count
                if compressed:
                    _, encoded, crc = data.split(":")[1:4]
                    assert binascii.crc_hqx(encoded.encode(), 0) == int(crc, 16)
                    raw = zlib.decompress(base64.b64decode(encoded))
                else:
                    raw = bytes.fromhex(data)
                assert len(raw) == int(total) and int(total) % int(row_bytes) == 0


def test_zpl_barcodes_are_printer_native_with_whole_dot_modules() -> None:
    m = media("100x100", 203)
    label = make_label()
    layout = layout_label(label, m)
    code, qr = layout.named("scan_code"), layout.named("qr")
    assert isinstance(code, Code128) and isinstance(qr, QrCode)
    zpl = render_zpl(label, m).decode()
    assert f"^BY{code.module_dots},3,{code.height}" in zpl
    assert f"^BCN,{code.height},Y,N,N,A^FH^FD{label.scan_code}^FS" in zpl
    assert f"^BQN,2,{qr.module_dots}^FH^FDQA,{label.qr_payload}^FS" in zpl


def test_zpl_header_carries_the_media_settings_of_the_profile() -> None:
    m = media("60x40", 203)
    options = ZplOptions(
        darkness=10,
        speed_ips=4,
        sensing=Sensing.BLACK_MARK,
        home_x_dots=8,
        home_y_dots=16,
        top_dots=-12,
    )
    head = render_zpl(make_label(), m, options).decode().split("^FO")[0]
    for command in ("^CI28", "^PW480", "^LL320", "^LH8,16", "^LT-12", "^MD10", "^PR4", "^MNM"):
        assert command in head
    default = render_zpl(make_label(), m).decode().split("^FO")[0]
    assert "^MNW" in default and "^MD" not in default and "^PR" not in default
    continuous = render_zpl(make_label(), m, ZplOptions(sensing=Sensing.CONTINUOUS)).decode()
    assert "^MNN" in continuous


# --- TSPL structure -------------------------------------------------------------------------------


def parse_tspl(data: bytes) -> list[tuple[bytes, bytes, bytes]]:
    """(command name, argument text, bitmap payload) per command; BITMAP payloads are binary
    and may hold any byte, CR and LF included, so they are skipped by their declared size."""
    out, i = [], 0
    while i < len(data):
        if data.startswith(b"BITMAP ", i):
            head_end = i
            for _ in range(5):
                head_end = data.index(b",", head_end + 1)
            _, _, width_bytes, height, _ = (int(v) for v in data[i + 7 : head_end].split(b","))
            start = head_end + 1
            end = start + width_bytes * height
            assert data[end : end + 2] == b"\r\n", "BITMAP payload is exactly width × height bytes"
            out.append((b"BITMAP", data[i + 7 : head_end], data[start:end]))
            i = end + 2
        else:
            end = data.index(b"\r\n", i)
            name, _, args = data[i:end].partition(b" ")
            out.append((name, args, b""))
            i = end + 2
    return out


@pytest.mark.parametrize("mode", [TextMode.BITMAP, TextMode.RESIDENT])
@pytest.mark.parametrize("m", MEDIA, ids=MEDIA_IDS)
def test_tspl_structure_and_hostile_names(m: LabelMedia, mode: TextMode) -> None:
    options = TsplOptions(text=mode)
    sequences = {}
    for name, label in (("plain", make_label()), ("hostile", hostile_label())):
        commands = parse_tspl(render_tspl(label, m, options))
        names = [c[0] for c in commands]
        assert names[:5] == [b"SIZE", b"GAP", b"DIRECTION", b"REFERENCE", b"CLS"]
        assert names[-1] == b"PRINT" and commands[-1][1] == b"1,1"
        assert names.count(b"PRINT") == 1 and names.count(b"CLS") == 1
        assert commands[0][1] == f"{m.width_mm} mm,{m.height_mm} mm".encode()
        layout = layout_label(label, m)
        texts = [e for e in layout if isinstance(e, Text) and e.runs]
        if mode is TextMode.RESIDENT:
            assert names.count(b"TEXT") == sum(len(t.runs) for t in texts)
        for command, args, _ in commands:
            if command in (b"TEXT", b"BARCODE", b"QRCODE"):
                # Quotes pair up once TSPL's \["] escapes are taken out: no string runs over.
                assert args.replace(b'\\["]', b"").count(b'"') % 2 == 0
        sequences[name] = names
    assert sequences["plain"] == sequences["hostile"] or mode is TextMode.RESIDENT
    assert sequences["plain"].count(b"PRINT") == sequences["hostile"].count(b"PRINT")


def test_tspl_hostile_resident_text_is_quoted_and_gbk() -> None:
    data = render_tspl(hostile_label(), media("100x100", 203), TsplOptions(text=TextMode.RESIDENT))
    texts = [args for name, args, _ in parse_tspl(data) if name == b"TEXT"]
    community = next(t for t in texts if b"XZ" in t)
    assert community.endswith(b'"^XZ^XA~JA"')
    leader = next(t for t in texts if b"quoted" in t)
    assert b'\\["]quoted\\["]' in leader
    assert any("西湖".encode("gbk") in t for t in texts)


def test_tspl_bitmaps_are_the_zpl_graphics_with_white_as_1() -> None:
    m = media("60x40", 203)
    label = make_label()
    bitmaps = [p for name, _, p in parse_tspl(render_tspl(label, m)) if name == b"BITMAP"]
    graphics = []
    for command in zpl_commands(render_zpl(label, m, ZplOptions(compressed_graphics=False))):
        if command.startswith(b"^GF"):
            graphics.append(bytes.fromhex(command.decode().split(",", 4)[4]))
    assert len(bitmaps) == len(graphics) > 0
    for tspl_bytes, zpl_bytes in zip(bitmaps, graphics, strict=True):
        assert bytes(a ^ b for a, b in zip(tspl_bytes, zpl_bytes, strict=True)) == b"\xff" * len(
            zpl_bytes
        )


def test_tspl_barcodes_media_and_offsets() -> None:
    m = media("100x100", 300)
    label = make_label()
    layout = layout_label(label, m)
    code, qr = layout.named("scan_code"), layout.named("qr")
    assert isinstance(code, Code128) and isinstance(qr, QrCode)
    options = TsplOptions(
        density=12,
        speed_ips=3,
        sensing=Sensing.BLACK_MARK,
        gap_mm=3,
        direction=0,
        reference_x_dots=10,
        reference_y_dots=5,
        shift_dots=-8,
    )
    commands = {name: args for name, args, _ in parse_tspl(render_tspl(label, m, options))}
    assert commands[b"BLINE"] == b"3 mm,0 mm" and b"GAP" not in commands
    assert commands[b"DENSITY"] == b"12" and commands[b"SPEED"] == b"3"
    assert commands[b"DIRECTION"] == b"0" and commands[b"REFERENCE"] == b"10,5"
    assert commands[b"SHIFT"] == b"-8"
    mod = code.module_dots
    assert commands[b"BARCODE"] == (
        f'{code.x},{code.y},"128",{code.height},1,0,{mod},{mod},"{label.scan_code}"'.encode()
    )
    assert (
        commands[b"QRCODE"] == f'{qr.x},{qr.y},Q,{qr.module_dots},A,0,"{label.qr_payload}"'.encode()
    )
    continuous = parse_tspl(render_tspl(label, m, TsplOptions(sensing=Sensing.CONTINUOUS)))
    assert (b"GAP", b"0,0", b"") in continuous


# --- Zones told apart without colour --------------------------------------------------------------


@pytest.mark.parametrize(
    "m", [media("100x100", 203), media("60x40", 300)], ids=["100x100", "60x40"]
)
def test_zone_bands_differ_in_pattern_not_only_in_text(m: LabelMedia) -> None:
    dark: dict[Zone, float] = {}
    beside_text: dict[Zone, float] = {}
    for zone in Zone:
        label = make_label(zone=zone)
        band = layout_label(label, m).named("zone")
        assert isinstance(band, ZoneMark)
        crop = render_image(label, m).crop(
            (band.x, band.y, band.x + band.width, band.y + band.height)
        )
        pixels = crop.tobytes()
        dark[zone] = pixels.count(0) / len(pixels)
        # The strip left of the text plate, inside the border: where only the pattern is.
        inner = crop.crop(
            (band.border, band.border, band.plate.x, band.height - band.border)
        ).tobytes()
        beside_text[zone] = inner.count(0) / len(inner)
        if zone is Zone.CHILLED:
            for y in range(band.border, band.height - band.border):
                for x in range(band.border, band.plate.x):
                    stripe = (x + y) % band.hatch_period < band.hatch_width
                    assert (crop.getpixel((x, y)) == 0) == stripe, (x, y)
    assert beside_text[Zone.AMBIENT] == 0.0  # plain outline
    assert 0.25 < beside_text[Zone.CHILLED] < 0.6  # diagonal hatching
    assert beside_text[Zone.FROZEN] == 1.0  # solid band, white text
    assert dark[Zone.AMBIENT] < dark[Zone.CHILLED] < dark[Zone.FROZEN]


# --- One entry point for every format ---------------------------------------------------------------


def test_render_labels_gives_one_item_per_label_in_each_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    m = media("60x40", 203)
    labels = [make_label(serial=1), make_label(serial=2, community_id="C0018")]
    zpl = render_labels(labels, m, "zpl")
    assert len(zpl) == 2 and all(z.startswith(b"^XA") for z in zpl)
    assert zpl[0] == render_zpl(labels[0], m)
    tspl = render_labels(labels, m, "tspl", tspl=TsplOptions(density=8))
    assert len(tspl) == 2 and all(b"DENSITY 8\r\n" in t for t in tspl)
    pngs = render_labels(labels, m, "png")
    assert [decoded(Image.open(io.BytesIO(p))) for p in pngs] == [expected_codes(x) for x in labels]
    calls = []
    fake = types.ModuleType("printers.render.pdf_label")
    fake.render_pdf_labels = lambda ls, md: calls.append((ls, md)) or b"%PDF-fake"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "printers.render.pdf_label", fake)
    assert render_labels(labels, m, "pdf") == [b"%PDF-fake"]
    assert calls == [(labels, m)]
    with pytest.raises(ValueError, match="zpl, tspl, png, pdf"):
        render_labels(labels, m, "epl")
