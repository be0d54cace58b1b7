"""parse_scan: what a worker's scan means, however the scanner or keyboard mangled it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sorter_app.domain.barcodes import (
    CONTRACT_WEIGHT_LAYOUT,
    DAHUA_PRICE_LAYOUT,
    DAHUA_WEIGHT_LAYOUT,
    DINGJIAN_PRICE_LAYOUT,
    BadgeCode,
    Command,
    CommandCode,
    CrateCode,
    PriceCode,
    ProductCode,
    Rejected,
    RouteCode,
    Scan,
    ScanConfig,
    WeightCode,
    WeightLayout,
    parse_scan,
    route_card_text,
)
from sorter_app.domain.crate_codes import (
    crate_id,
    gs1_check_digit,
    make_crate_scan_code,
    qr_payload,
)

SCAN_TYPES = (ProductCode, WeightCode, PriceCode, CrateCode, CommandCode, BadgeCode, Rejected)
CRATE_ID = "HS-W20261127-HZ01-C0017-02"
CONTRACT_QR = "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2/3|14"


def with_check(body: str) -> str:
    return body + gs1_check_digit(body)


def reason(scan: Scan) -> str:
    assert isinstance(scan, Rejected), scan
    return scan.reason_code


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --- what each kind of code becomes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("6923456789012", ProductCode("ean13", "6923456789012")),
        ("4006381333931", ProductCode("ean13", "4006381333931")),
        ("96385074", ProductCode("ean8", "96385074")),
        ("036000291452", ProductCode("upca", "036000291452")),
        ("S10023", ProductCode("other", "S10023")),
        ("sku-00417", ProductCode("other", "sku-00417")),  # case kept: IDs are opaque
        ("sku.04:17/a", ProductCode("other", "sku.04:17/a")),
        ("1234567", ProductCode("other", "1234567")),  # digits, but no GS1 length
        ("8000123450", ProductCode("other", "8000123450")),  # 10 digits without the crate 9
        ("6923456789012*12", ProductCode("ean13", "6923456789012", 12)),
        ("S10023*9999", ProductCode("other", "S10023", 9999)),
    ],
)
def test_product_codes(raw: str, expected: ProductCode) -> None:
    assert parse_scan(raw) == expected


def test_the_contract_weight_example() -> None:
    assert parse_scan("2820418005231") == WeightCode("20418", 523, "28", "2820418005231")


def test_a_crate_scan_code_is_a_crate() -> None:
    code = make_crate_scan_code(4711)
    assert parse_scan(code) == CrateCode("scan_code", code, serial=4711)


def test_a_long_crate_id_is_a_crate_to_look_up_as_read() -> None:
    assert parse_scan(CRATE_ID) == CrateCode("crate_id", CRATE_ID, crate_id=CRATE_ID)


@pytest.mark.parametrize(
    "crate",
    [
        "HS-W20261127-HZ01-cm-0003-01",
        "HS-W20261127-HZ01-d13c513a-42f8-4da1-97b1-165f0971b7c4-02",
        "HS-波次-20261127-社区-丁桥-003-01",
        'HS-w.1:2-c"^~ /x*2-01',
    ],
)
def test_crate_ids_of_any_platform_ids_are_crates(crate: str) -> None:
    assert parse_scan(crate) == CrateCode("crate_id", crate, crate_id=crate)


def test_a_qr_of_chinese_and_uuid_ids_is_the_crate() -> None:
    wave, community = "波次-20261127", "d13c513a-42f8-4da1-97b1-165f0971b7c4"
    crate = crate_id(wave, community, 3)
    scan = parse_scan(qr_payload(crate, wave, community, 3, 4, 9))
    assert scan == CrateCode(
        "qr", crate, crate_id=crate, wave_id=wave, community_id=community, n=3, m=4, units=9
    )


def test_a_crate_qr_is_the_crate_with_the_label_fields() -> None:
    assert parse_scan(CONTRACT_QR) == CrateCode(
        "qr",
        CRATE_ID,
        crate_id=CRATE_ID,
        wave_id="W20261127-HZ01",
        community_id="C0017",
        n=2,
        m=3,
        units=14,
    )


@pytest.mark.parametrize("command", list(Command))
def test_every_command_card_is_recognised(command: Command) -> None:
    assert parse_scan(command.value) == CommandCode(command)


def test_crate_full_is_one_command_despite_its_hyphen() -> None:
    assert parse_scan("CMD-CRATE-FULL") == CommandCode(Command.CRATE_FULL)


def test_a_badge_names_the_worker() -> None:
    assert parse_scan("BADGE-W0042") == BadgeCode("W0042")


@pytest.mark.parametrize(
    ("raw", "route_id"),
    [
        ("ROUTE-R01", "R01"),
        ("route-R01", "R01"),  # the prefix ignores case, like the other cards
        ("Route-r01\r\n", "r01"),  # the ID is kept as read: the screen matches a Caps Lock read
        ("]C0ROUTE-R01", "R01"),
        ("ROUTE-西湖 1 线", "西湖 1 线"),  # an opaque platform ID, read verbatim
        ("ROUTE-线路（东区）-006", "线路（东区）-006"),
        ("ＲＯＵＴＥ－R01", "R01"),  # typed through a Chinese IME
        ("ROUTE-A*2", "A*2"),  # `*` is legal in an ID: not a count here
    ],
)
def test_a_route_card_names_its_route(raw: str, route_id: str) -> None:
    assert parse_scan(raw) == RouteCode(route_id)


@pytest.mark.parametrize("raw", ["ROUTE-", "ROUTE-   ", "ROUTE-a|b", "ROUTE-" + "R" * 65])
def test_a_route_card_without_a_valid_route_is_refused(raw: str) -> None:
    read = parse_scan(raw)
    assert isinstance(read, Rejected) and read.reason_code == "bad_route_card"


def test_route_card_text_reads_back() -> None:
    assert parse_scan(route_card_text("R-07")) == RouteCode("R-07")


# --- what a scanner or keyboard does to a read --------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "6923456789012\r\n",
        "\t6923456789012\r",
        " 6923456789012 ",
        "\x026923456789012\x03",  # STX/ETX from serial scanners
        "]E06923456789012",  # AIM identifier for EAN-13
        "]e06923456789012",
        "６９２３４５６７８９０１２",  # full-width digits from a Chinese IME
        "\u3000６９２３４５６７８９０１２\u3000",
        "69234567\x1d89012",  # a stray GS separator
        "\ufeff6923456789012",
    ],
)
def test_scanner_and_ime_noise_is_removed(raw: str) -> None:
    assert parse_scan(raw) == ProductCode("ean13", "6923456789012")


@pytest.mark.parametrize(
    "raw",
    [
        "hs-w20261127-hz01-c0017-02",
        "Hs-W20261127-hZ01-C0017-02",
        "ＨＳ－Ｗ２０２６１１２７－ＨＺ０１－Ｃ００１７－０２",
    ],
)
def test_caps_lock_and_full_width_crate_ids_are_still_crates(raw: str) -> None:
    # The case is kept (IDs are case-sensitive); the store's look-up falls back to any case.
    scan = parse_scan(raw)
    assert isinstance(scan, CrateCode) and scan.value.upper() == CRATE_ID


def test_a_qr_read_with_caps_lock_is_still_the_crate() -> None:
    scan = parse_scan("]Q1" + CONTRACT_QR.swapcase())
    assert isinstance(scan, CrateCode) and scan.kind == "qr" and scan.value == CRATE_ID.swapcase()


@pytest.mark.parametrize("raw", ["cmd-undo", "Cmd-Undo", "ＣＭＤ－ＵＮＤＯ", "]C0CMD-UNDO\r\n"])
def test_command_cards_survive_caps_lock_ime_and_aim_prefixes(raw: str) -> None:
    assert parse_scan(raw) == CommandCode(Command.UNDO)


def test_full_width_count_suffix() -> None:
    assert parse_scan("６９２３４５６７８９０１２＊３") == ProductCode("ean13", "6923456789012", 3)


def test_gs1_128_unit_gtin_is_read_as_its_retail_barcode() -> None:
    # AI (01) with GTIN-14 06923456789012, then a batch (10) whose GS separator was lost.
    assert parse_scan("]C1010692345678901210LOT7") == ProductCode("ean13", "6923456789012")
    assert parse_scan("]C10100036000291452") == ProductCode("upca", "036000291452")
    assert parse_scan("]C10100000096385074") == ProductCode("ean8", "96385074")


def test_gs1_128_carton_gtin_is_refused() -> None:
    assert reason(parse_scan("]C1" + "01" + with_check("1692345678901"))) == "carton_code"


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason_code"),
    [
        ("", "empty"),
        ("  \r\n", "empty"),
        ("]E0", "empty"),
        ("6923456789013", "bad_check_digit"),
        ("96385075", "bad_check_digit"),
        ("036000291453", "bad_check_digit"),
        ("2820418005232", "bad_check_digit"),  # a weight label with a misread digit
        ("9000123451", "bad_check_digit"),  # a crate scan code with a misread digit
        (with_check("282041800000"), "zero_weight"),
        ("S10023*0", "bad_count"),
        ("S10023*-1", "bad_count"),
        ("S10023*abc", "bad_count"),
        ("S10023*", "bad_count"),
        ("S10023*10000", "bad_count"),
        ("S10023*2*3", "bad_count"),
        ("CMD-UNDO*2", "count_not_allowed"),
        ("2820418005231*2", "count_not_allowed"),
        ("ABC", "too_short"),
        ("A" * 65, "too_long"),
        ("---A", "illegal_characters"),
        ("S100 23", "illegal_characters"),
        ("S10023 1", "illegal_characters"),
        ("丁桥花园", "illegal_characters"),
        ("娃娃菜", "illegal_characters"),
        ("<b>S10023</b>", "illegal_characters"),
        ("S10\x0023", "illegal_characters"),
        ("CMD-REBOOT", "unknown_command"),
        ("BADGE-", "bad_badge"),
        ("BADGE-W 1", "bad_badge"),
        ("HS-", "bad_crate_id"),
        ("HS-W1|C1-01", "bad_crate_id"),
        ("HS-" + "W" * 140, "bad_crate_id"),
        (CONTRACT_QR.replace("|C0017|", "|C0018|"), "bad_crate_qr"),
        (CONTRACT_QR.replace("2/3", "4/3"), "bad_crate_qr"),
        ("HSQR1|garbage", "bad_crate_qr"),
    ],
)
def test_refusals_say_why(raw: str, reason_code: str) -> None:
    scan = parse_scan(raw)
    assert reason(scan) == reason_code
    assert isinstance(scan, Rejected)
    assert scan.message_zh and scan.message_en and scan.message_zh != scan.message_en
    assert scan.message("zh-CN") == scan.message_zh and scan.message("en") == scan.message_en


def test_refusals_never_echo_markup_back_to_the_screen() -> None:
    scan = parse_scan("CMD-<img src=x>")
    assert isinstance(scan, Rejected)
    assert "<" not in scan.message_zh and "<" not in scan.message_en


# --- scale settings -----------------------------------------------------------------------------


def test_only_the_configured_flags_are_scale_labels() -> None:
    config = ScanConfig(weight_flags=frozenset({"28"}))
    assert isinstance(parse_scan("2820418005231", config), WeightCode)
    other = with_check("200123456789")
    assert parse_scan(other, config) == ProductCode("ean13", other)
    assert isinstance(parse_scan(other), WeightCode)  # the default takes every 2x flag


def test_brand_presets_read_the_value_where_the_brand_puts_it() -> None:
    assert DAHUA_WEIGHT_LAYOUT == CONTRACT_WEIGHT_LAYOUT
    assert DINGJIAN_PRICE_LAYOUT.pattern == "FFWWWWWPPPPPC"
    label = with_check("210041501280")  # PLU 00415, 1280 (grams or fen)
    assert parse_scan(label, ScanConfig(weight_layout=DAHUA_WEIGHT_LAYOUT)) == WeightCode(
        "00415", 1280, "21", label
    )
    for layout in (DAHUA_PRICE_LAYOUT, DINGJIAN_PRICE_LAYOUT):
        price = parse_scan(label, ScanConfig(weight_layout=layout))
        assert price == PriceCode("00415", 1280, "21", label)


def test_a_custom_layout_with_a_one_digit_flag_and_six_digit_plu() -> None:
    layout = WeightLayout.from_pattern("FWWWWWWNNNNNC")
    assert (layout.flag_length, layout.item_length, layout.value_length) == (1, 6, 5)
    label = with_check("212345600750")
    config = ScanConfig(weight_flags=frozenset({"2"}), weight_layout=layout)
    assert parse_scan(label, config) == WeightCode("123456", 750, "2", label)


@pytest.mark.parametrize(
    "pattern", ["FFWWWWWNNNNN", "FFWWWWWNNNNNCC", "WWFFFFFNNNNNC", "FFWWWWWXXXXXC"]
)
def test_malformed_scale_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        WeightLayout.from_pattern(pattern)


@pytest.mark.parametrize("flags", [frozenset({"2"}), frozenset({"2A"}), frozenset({"280"})])
def test_weight_flags_must_fit_the_layout(flags: frozenset[str]) -> None:
    with pytest.raises(ValueError):
        ScanConfig(weight_flags=flags)


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_any_text_gives_a_scan_and_never_raises(raw: str) -> None:
    assert isinstance(parse_scan(raw), SCAN_TYPES)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="0123456789ABCDEFHQRSabcdems-*|/ ]\r\n\t\x1d\u3000０９ＡＺ＊－", max_size=30)
)
def test_scanner_like_text_never_raises(raw: str) -> None:
    assert isinstance(parse_scan(raw), SCAN_TYPES)


digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def gs1_codes(length: int) -> st.SearchStrategy[str]:
    bodies = st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1)
    return bodies.filter(lambda body: not body.startswith("2")).map(with_check)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([(13, "ean13"), (12, "upca"), (8, "ean8")]).flatmap(
        lambda spec: st.tuples(st.just(spec[1]), gs1_codes(spec[0]))
    ),
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=1, max_value=9),
)
def test_retail_codes_read_and_any_single_wrong_digit_is_caught(
    case: tuple[str, str], position: int, delta: int
) -> None:
    symbology, code = case
    assert parse_scan(code) == ProductCode(symbology, code)  # type: ignore[arg-type]
    position %= len(code)
    misread = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert reason(parse_scan(misread)) == "bad_check_digit"


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=20, max_value=29),
    st.text(alphabet="0123456789", min_size=5, max_size=5),
    st.integers(min_value=1, max_value=99999),
)
def test_weight_labels_give_plu_and_grams(flag: int, plu: str, grams: int) -> None:
    label = with_check(f"{flag}{plu}{grams:05d}")
    assert parse_scan(label) == WeightCode(plu, grams, str(flag), label)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=99_999_999), st.integers(min_value=1, max_value=9))
def test_crate_scan_codes_read_and_a_misread_is_refused(serial: int, position: int) -> None:
    code = make_crate_scan_code(serial)
    assert parse_scan(code) == CrateCode("scan_code", code, serial=serial)
    misread = code[:position] + str((int(code[position]) + 1) % 10) + code[position + 1 :]
    assert reason(parse_scan(misread)) == "bad_check_digit"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=3, max_size=39))
def test_internal_codes_are_products(body: str) -> None:
    code = "S" + body
    scan = parse_scan(code)
    assert scan == ProductCode("other", code)
    assert parse_scan(f"{code.lower()}*7") == ProductCode("other", code.lower(), 7)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=10000, max_value=99999))
def test_count_suffix_in_range_is_kept_and_out_of_range_refused(good: int, bad: int) -> None:
    assert parse_scan(f"S10023*{good}") == ProductCode("other", "S10023", good)
    assert reason(parse_scan(f"S10023*{bad}")) == "bad_count"


valid_scans = st.one_of(
    gs1_codes(13),
    st.builds(lambda s: make_crate_scan_code(s), st.integers(0, 99_999_999)),
    st.sampled_from([c.value for c in Command]),
    st.sampled_from([CRATE_ID, CONTRACT_QR, "BADGE-W0042", "S10023", "S10023*5", "2820418005231"]),
    st.builds(
        lambda w, c, s: crate_id(w, c, s),
        st.sampled_from(["W20261127-HZ01", "F-HZ01-20261127"]),
        st.sampled_from(["C0017", "C9"]),
        st.integers(1, 99),
    ),
    st.builds(
        lambda n, extra, units: qr_payload(
            CRATE_ID, "W20261127-HZ01", "C0017", n, n + extra, units
        ),
        st.integers(1, 9),
        st.integers(0, 9),
        st.integers(0, 99),
    ),
)
noise = st.text(alphabet=" \t\r\n\x00\x03\u3000", max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    valid_scans,
    noise,
    noise,
    st.sampled_from(["", "]E0", "]C0", "]Q1", "]d2", "]A0"]),
    st.booleans(),
    st.booleans(),
)
def test_a_code_means_the_same_whatever_the_scanner_adds(
    code: str, before: str, after: str, aim: str, widen: bool, caps_lock: bool
) -> None:
    mangled = code.swapcase() if caps_lock else code
    mangled = full_width(mangled) if widen else mangled
    expected = parse_scan(code)
    assert not isinstance(expected, Rejected)
    read = parse_scan(before + aim + mangled + after)
    # Caps Lock changes only the letters' case, which the look-ups ignore when nothing matches.
    assert repr(read).lower() == repr(expected).lower()


@pytest.mark.parametrize("community", ["社区-天阳（东区）-006", "丁桥\u3000花园", "Ｃ０１７"])
def test_crate_ids_are_read_verbatim_before_any_folding(community: str) -> None:
    # Full-width forms and ideographic spaces are legal in platform IDs: folding them for a
    # product code must never change the ID a crate's QR or label carries.
    wave = "波次-20261127"
    crate = crate_id(wave, community, 1)
    assert parse_scan(crate + "\r\n") == CrateCode("crate_id", crate, crate_id=crate)
    qr = parse_scan("]Q1" + qr_payload(crate, wave, community, 1, 2, 5))
    assert isinstance(qr, CrateCode) and (qr.crate_id, qr.community_id) == (crate, community)
