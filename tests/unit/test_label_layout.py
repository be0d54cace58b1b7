"""The crate-label layout: every field placed, fitted with real font metrics, never overflowing
or overlapping; text bitmaps and their printer encodings; escaping of printer field data."""

from __future__ import annotations

import base64
import binascii
import gc
import zlib
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from printers.bitmap_text import (
    element_bitmap,
    text_bitmap,
    tspl_bitmap_bytes,
    zpl_graphic_field,
)
from printers.layout import (
    ELLIPSIS,
    Align,
    Box,
    Code128,
    Inverse,
    LabelLayout,
    LayoutError,
    QrCode,
    Rect,
    Text,
    ZoneMark,
    clean_text,
    code128_modules,
    code128_values,
    fit_text,
    font,
    layout_label,
    line_height,
    text_width,
)
from printers.model import CrateLabel, LabelMedia, Zone, media
from printers.render.options import TsplOptions, ZplOptions
from printers.render.tspl import quote
from printers.render.zpl import escape, field_data
from sorter_app.domain.crate_codes import crate_id, make_crate_scan_code, qr_payload

MEDIA = [media(size, dpi) for size in ("100x100", "60x40") for dpi in (203, 300)]
MEDIA_IDS = [f"{m.width_mm}x{m.height_mm}@{m.dpi}" for m in MEDIA]
WAVE = "W20261127-HZ01"


def make_label(**changes: object) -> CrateLabel:
    wave = str(changes.pop("wave_id", WAVE))
    community = str(changes.pop("community_id", "C0017"))
    n, m, units = int(changes.pop("n", 2)), int(changes.pop("m", 3)), int(changes.pop("units", 14))
    long_id = crate_id(wave, community, n)
    label = CrateLabel(
        crate_id=long_id,
        scan_code=make_crate_scan_code(int(changes.pop("serial", 171))),
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


def ink_rects(layout: LabelLayout) -> list[tuple[int, str, Rect]]:
    """What each element may mark: a frame only its border, everything else its whole box
    (barcodes with their quiet zones, which must stay white too)."""
    out: list[tuple[int, str, Rect]] = []
    for i, element in enumerate(layout):
        if isinstance(element, Box):
            out.extend((i, element.name, r) for r in element.border_rects())
        else:
            out.append((i, element.name, element.box))
    return out


def assert_well_formed(layout: LabelLayout) -> None:
    page = Rect(0, 0, layout.width, layout.height)
    rects = ink_rects(layout)
    for _, name, rect in rects:
        assert page.contains(rect), f"{name} {rect} leaves the {page.width}x{page.height} label"
    for k, (i, name_a, a) in enumerate(rects):
        for j, name_b, b in rects[k + 1 :]:
            assert i == j or not a.intersects(b), f"{name_a} {a} overlaps {name_b} {b}"
    for element in layout:
        if isinstance(element, Text | Inverse | ZoneMark):
            assert_runs_inside(element)
            assert_bitmap_inside(element)
        if isinstance(element, Code128) and element.caption is not None:
            assert element.box.contains(element.caption.box)
            assert_runs_inside(element.caption)


def assert_bitmap_inside(element: Text | Inverse | ZoneMark) -> None:
    """Printer bitmaps are whole bytes wide and stay inside their element: TSPL's BITMAP
    overwrites what lies under it, white padding included."""
    assert element.width % 8 == 0, element.name
    bitmap = element_bitmap(element)
    if bitmap.width:
        assert bitmap.width % 8 == 0
        assert bitmap.dx >= 0 and bitmap.dx + bitmap.width <= element.width, element.name
        assert bitmap.dy >= 0 and bitmap.dy + bitmap.height <= element.height, element.name


def assert_runs_inside(element: Text | Inverse | ZoneMark) -> None:
    """Every line's advance box and its font's ascent/descent (or, for the tightly fitted stop
    number and marks, the glyphs' ink) lie inside the element."""
    face = font(element.size_dots)
    ascent, descent = face.getmetrics()
    s = element.stroke
    for run in element.runs:
        assert run.x - s >= 0 and run.x - s + run.width <= element.width, (element.name, run)
        assert run.width == text_width(run.text, element.size_dots) + 2 * s
        _, top, _, bottom = face.getbbox(run.text, anchor="ls", stroke_width=s)
        assert run.baseline + top >= 0 and run.baseline + bottom <= element.height, (
            element.name,
            run,
        )
        tight = isinstance(element, Inverse | ZoneMark) or element.name == "stop"
        if not tight:
            assert run.baseline - ascent - s >= 0, (element.name, run)
            assert run.baseline + descent + s <= element.height, (element.name, run)
    if isinstance(element, Text):
        assert len(element.runs) <= element.max_lines


# --- Fields present on each size ---------------------------------------------------------------


@pytest.mark.parametrize("m", MEDIA, ids=MEDIA_IDS)
def test_every_size_shows_the_fields_a_loader_and_a_leader_need(m: LabelMedia) -> None:
    layout = layout_label(make_label(), m)
    names = layout.names()
    must = {"stop", "community", "crate", "zone", "scan_code", "qr"}
    if m.width_mm == 100:
        must |= {"route", "date", "leader", "phone", "address", "counts"}
    assert must <= names
    assert "reprint" not in names and "extra" not in names
    stop = layout.named("stop")
    assert isinstance(stop, Text) and stop.text == "07"
    others = [e for e in layout if isinstance(e, Text) and e.name != "stop"]
    assert all(stop.size_dots > e.size_dots for e in others), "the stop number is the largest"
    assert_well_formed(layout)


@pytest.mark.parametrize("m", MEDIA, ids=MEDIA_IDS)
def test_field_texts_are_what_the_label_says(m: LabelMedia) -> None:
    label = make_label(extra=True, label_version=2, zone=Zone.FROZEN, units=14, lines=3)
    layout = layout_label(label, m)
    texts = {e.name: e.text for e in layout if isinstance(e, Text | Inverse | ZoneMark)}
    assert texts["crate"] == "2/3 筐"
    assert texts["extra"] == "加筐"
    assert texts["reprint"] == "补打 v2"
    assert texts["zone"] == "冷冻"
    assert texts["counts"].startswith("14 件 / 3 品")
    if m.width_mm == 100:
        assert texts["phone"] == "138****5678"
        assert texts["date"] == "2026-11-27 周五"
        assert texts["leader"] == "团长 张三"
    code = layout.named("scan_code")
    qr = layout.named("qr")
    assert isinstance(code, Code128) and code.data == label.scan_code
    assert isinstance(qr, QrCode) and qr.data == label.qr_payload
    assert_well_formed(layout)


# --- Barcodes: whole-dot modules, quiet zones --------------------------------------------------


@pytest.mark.parametrize("m", MEDIA, ids=MEDIA_IDS)
def test_barcodes_have_whole_dot_modules_and_quiet_zones_on_the_label(m: LabelMedia) -> None:
    layout = layout_label(make_label(), m)
    code = layout.named("scan_code")
    qr = layout.named("qr")
    assert isinstance(code, Code128) and isinstance(qr, QrCode)
    minimum = 2 if m.dpi == 203 else 3  # 0.25 mm
    assert code.module_dots >= minimum and qr.module_dots >= minimum
    assert code.quiet_dots == 10 * code.module_dots and qr.quiet_dots == 4 * qr.module_dots
    assert code.bar_width == len(code.modules) * code.module_dots
    assert code.modules.startswith("11010011100")  # start C: ten digits pack into 5 symbols
    assert len(code.modules) == 90
    page = Rect(0, 0, layout.width, layout.height)
    assert page.contains(code.box) and page.contains(qr.box)
    # Bars tall enough to swipe: at least 10 mm.
    assert code.height >= m.dots(10)


def test_a_scan_code_too_long_for_the_label_is_refused_with_a_clear_error() -> None:
    label = make_label(scan_code="X" * 60)
    with pytest.raises(LayoutError) as caught:
        layout_label(label, media("60x40", 203))
    assert "X" * 60 in caught.value.message_en


def test_unknown_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="100x100 or 60x40"):
        layout_label(make_label(), LabelMedia(50, 30, 203))


# --- Text fitting with real metrics -------------------------------------------------------------


def test_widths_come_from_the_cjk_font() -> None:
    # WenQuanYi Micro Hei / YaHei / SimHei: CJK characters are one em wide, digits narrower.
    assert text_width("幸福里", 100) == 300
    assert text_width("11", 100) < text_width("幸福", 100)
    assert text_width("幸福里", 100, bold=True) > 300


def test_a_short_name_is_shown_whole_at_the_largest_size() -> None:
    text = fit_text("幸福里", Rect(0, 0, 600, 100), max_size=60, min_size=20, max_lines=2)
    assert text.text == "幸福里" and text.size_dots == 60 and not text.shortened


def test_a_long_name_shrinks_then_wraps_then_is_cut_with_an_ellipsis() -> None:
    box = Rect(0, 0, 300, 100)
    mid = fit_text("幸福里小区东门阳光花园", box, max_size=60, min_size=20, max_lines=2)
    assert not mid.shortened and mid.size_dots < 60
    assert mid.text.replace("\n", "") == "幸福里小区东门阳光花园"
    long = fit_text("幸福里小区东门阳光花园" * 10, box, max_size=60, min_size=20, max_lines=2)
    assert long.shortened and long.size_dots == 20
    assert len(long.runs) == 2 and long.runs[-1].text.endswith(ELLIPSIS)
    assert all(run.width <= box.width for run in long.runs)


def test_latin_words_wrap_at_spaces() -> None:
    text = fit_text(
        "Sunshine Garden Building", Rect(0, 0, 200, 100), max_size=24, min_size=24, max_lines=3
    )
    assert all(not line.startswith(" ") for line in text.text.split("\n"))
    assert "Sunshine" in text.text.split("\n")[0]


def test_line_breaks_and_control_characters_in_data_become_spaces() -> None:
    assert clean_text("幸福里\r\n小区\t东门\x00") == "幸福里 小区 东门"


def test_alignment_puts_runs_where_asked() -> None:
    box = Rect(0, 0, 400, 50)
    left = fit_text("12", box, max_size=40, min_size=40, align=Align.LEFT)
    right = fit_text("12", box, max_size=40, min_size=40, align=Align.RIGHT)
    centre = fit_text("12", box, max_size=40, min_size=40, align=Align.CENTER)
    assert left.runs[0].x == 0
    assert right.runs[0].x + right.runs[0].width == 400
    assert abs(centre.runs[0].x * 2 + centre.runs[0].width - 400) <= 1
    assert line_height(40) <= 50


# --- Property: no label, however its names run, overflows or overlaps --------------------------

CJK = "幸福里小区东门阳光花园金色家园北苑锦绣华庭翠苑新村一二三期欧阳娜号楼单元"
ALPHABET = CJK + "ABCxyz019 -_^~\"'\\()（）·.#/\r\n\t"
names = st.text(alphabet=ALPHABET, min_size=0, max_size=80)
long_text = st.text(alphabet=ALPHABET, min_size=0, max_size=200)
segments = st.text(alphabet="ABCDEFGHJKMNPQRSTUVWXYZ0123456789", min_size=1, max_size=10)


@st.composite
def labels(draw: st.DrawFn) -> CrateLabel:
    wave = "-".join(draw(st.lists(segments, min_size=1, max_size=3)))
    m = draw(st.integers(1, 40))
    return make_label(
        wave_id=wave,
        community_id=draw(segments),
        n=draw(st.integers(1, m)),
        m=m,
        units=draw(st.integers(0, 99999)),
        serial=draw(st.integers(0, 99_999_999)),
        community_name=draw(names),
        leader_name=draw(names),
        pickup_address=draw(long_text),
        route_name=draw(names),
        stop_seq=draw(st.integers(1, 999)),
        extra=draw(st.booleans()),
        zone=draw(st.sampled_from(list(Zone))),
        lines=draw(st.integers(0, 999)),
        label_version=draw(st.integers(1, 12)),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=labels(), m=st.sampled_from(MEDIA))
def test_no_label_overflows_or_overlaps(label: CrateLabel, m: LabelMedia) -> None:
    layout = layout_label(label, m)
    assert_well_formed(layout)
    for element in layout:
        if isinstance(element, Text) and element.name in ("community", "address", "route"):
            shown = element.text.replace("\n", "")
            full = clean_text(
                {
                    "community": label.community_name,
                    "address": f"自提点 {label.pickup_address}",
                    "route": label.route_name,
                }[element.name]
            )
            if element.shortened:
                assert shown.endswith(ELLIPSIS)
            else:  # whole, only line breaks (and the spaces at them) taken out
                assert shown.replace(" ", "") == full.replace(" ", "")


# --- Bitmaps and their encodings ---------------------------------------------------------------


def _text_element() -> Text:
    layout = layout_label(make_label(), media("60x40", 203))
    element = layout.named("community")
    assert isinstance(element, Text)
    return element


def test_text_bitmap_is_cropped_to_whole_bytes_inside_its_element() -> None:
    element = _text_element()
    bitmap = element_bitmap(element)
    assert len(bitmap.data) == bitmap.width_bytes * bitmap.height
    assert bitmap.width % 8 == 0 and bitmap.width_bytes * 8 == bitmap.width
    assert bitmap.dx >= 0 and bitmap.dx + bitmap.width <= element.width
    assert bitmap.dy >= 0 and bitmap.dy + bitmap.height <= element.height
    assert bitmap.height < element.height, "blank rows above and below are not sent"
    rows = [
        bitmap.data[i : i + bitmap.width_bytes]
        for i in range(0, len(bitmap.data), bitmap.width_bytes)
    ]
    assert any(rows[0]) and any(rows[-1]), "cropped to the ink"


def test_bitmaps_are_cached_by_content_not_position() -> None:
    element = _text_element()
    moved = replace(element, x=element.x + 40, y=element.y + 8)
    assert element_bitmap(moved) == element_bitmap(element)
    hits = text_bitmap.cache_info().hits
    element_bitmap(element)
    assert text_bitmap.cache_info().hits == hits + 1


def test_z64_is_deflate_base64_with_the_crc_of_the_base64_text() -> None:
    bitmap = element_bitmap(_text_element())
    field = zpl_graphic_field(bitmap, compressed=True)
    head, _, rest = field.partition(":Z64:")
    total = len(bitmap.data)
    assert head == f"^GFA,{total},{total},{bitmap.width_bytes},"
    encoded, crc = rest.split(":")
    assert zlib.decompress(base64.b64decode(encoded)) == bitmap.data
    assert int(crc, 16) == binascii.crc_hqx(encoded.encode(), 0) and len(crc) == 4


def test_ascii_hex_fallback_is_the_bitmap_byte_for_byte() -> None:
    bitmap = element_bitmap(_text_element())
    field = zpl_graphic_field(bitmap, compressed=False)
    data = field.split(",", 4)[4]
    assert bytes.fromhex(data) == bitmap.data and data == data.upper()


def test_tspl_bitmap_has_the_opposite_polarity() -> None:
    bitmap = element_bitmap(_text_element())
    flipped = tspl_bitmap_bytes(bitmap)
    assert len(flipped) == len(bitmap.data)
    assert all(a ^ b == 0xFF for a, b in zip(flipped, bitmap.data, strict=True))


# --- Escaping ------------------------------------------------------------------------------------


def test_zpl_field_data_escapes_every_character_zpl_acts_on() -> None:
    assert escape("a^b~c_d") == "a_5Eb_7Ec_5Fd"
    assert escape("^XZ^XA~JA") == "_5EXZ_5EXA_7EJA"
    assert escape("line\r\nbreak\x00") == "linebreak"
    assert escape("幸福里") == "幸福里"
    data = field_data("~JA^FS", prefix="QA,")
    assert data == "^FH^FDQA,_7EJA_5EFS^FS"
    assert data.count("^") == 3 and "~" not in data


def test_tspl_strings_escape_quotes_and_drop_line_breaks() -> None:
    assert quote('say "hi"\r\nPRINT 1') == '"say \\["]hi\\["]PRINT 1"'
    assert quote("幸福里") == '"幸福里"'


def test_printer_options_are_range_checked() -> None:
    with pytest.raises(ValueError, match="darkness"):
        ZplOptions(darkness=31)
    with pytest.raises(ValueError, match="top_dots"):
        ZplOptions(top_dots=-121)
    with pytest.raises(ValueError, match="font"):
        ZplOptions(resident_font="E:X^XZ")
    with pytest.raises(ValueError, match="density"):
        TsplOptions(density=16)
    with pytest.raises(ValueError, match="direction"):
        TsplOptions(direction=2)


# --- Code 128 encoding -------------------------------------------------------------------------


def _read_code128(modules: str) -> list[str]:
    import zxingcpp
    from PIL import Image, ImageDraw

    image = Image.new("L", (len(modules) * 2 + 60, 40), 255)
    draw = ImageDraw.Draw(image)
    for i, module in enumerate(modules):
        if module == "1":
            draw.rectangle((30 + 2 * i, 4, 31 + 2 * i, 36), fill=0)
    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("data", ["9999999999", "9000000171", "99", "1", "A99999B", "AB1234567890"])
def test_code128_symbols_read_back(data: str) -> None:
    # python-barcode's encoder loses a "99" after start C: 9999999999 would scan as 99999999.
    assert _read_code128(code128_modules(data)) == [data]


def test_a_ten_digit_scan_code_is_the_shortest_symbol() -> None:
    values = code128_values("9000000171")
    assert values[:-1] == [105, 90, 0, 0, 1, 71]  # start C and five digit pairs, then the check
    assert len(code128_modules("9000000171")) == 90


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789" * 3 + "AZaz -_^~\"'", min_size=1, max_size=24))
def test_code128_reads_back_whatever_the_mix(data: str) -> None:
    assert _read_code128(code128_modules(data)) == [data]


# --- Caches and the garbage collector -------------------------------------------------------------


def test_a_nights_label_caches_leave_nothing_for_the_garbage_collector_to_walk() -> None:
    """The layout and bitmap caches keep a night's names, addresses and bitmaps as plain ints,
    strings and bytes: a full collection in the desktop app (which freezes its start-up objects)
    then walks nothing of them and does not stop the window (it took 54-56 ms when they held
    Text, TextRun, Rect and Bitmap instances)."""
    from printers.render import render_labels

    labels = [
        make_label(community_name=f"幸福里{n}号小区", pickup_address=f"文三路 {n} 号东门驿站")
        for n in range(200)
    ]
    label_media = media("100x100", 203)
    render_labels(labels[:1], label_media, "zpl")  # fonts, glyphs and lazy imports first
    gc.collect()
    gc.freeze()
    try:
        before = len(gc.get_objects())
        render_labels(labels, label_media, "zpl")
        for _ in range(3):  # a collection untracks a tuple once what it holds is untracked
            gc.collect()
        grown = len(gc.get_objects()) - before
    finally:
        gc.unfreeze()
    # Was ~14 objects per label; now only new glyph images remain (a few dozen here).
    assert grown < len(labels), grown
