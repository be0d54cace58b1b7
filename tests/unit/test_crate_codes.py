"""Crate label codes: the short scan code, the long crate ID and the QR payload of the contract."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sorter_app.domain.crate_codes import (
    MAX_CRATE_SERIAL,
    CrateQr,
    crate_id,
    gs1_check_digit,
    has_valid_gs1_check,
    is_crate_id_of,
    make_crate_scan_code,
    parse_crate_scan_code,
    parse_qr_payload,
    qr_payload,
)

# Any ID the contract allows: 1-64 characters, any case, Chinese, punctuation but `|`, no controls.
contract_ids = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="|"),
    min_size=1,
    max_size=64,
)
wave_ids = contract_ids
community_ids = contract_ids
seqs = st.integers(min_value=1, max_value=999)


@pytest.mark.parametrize(
    "code", ["4006381333931", "6901234567892", "036000291452", "96385074", "00012345600012"]
)
def test_published_gs1_codes_have_valid_check_digits(code: str) -> None:
    assert has_valid_gs1_check(code)
    assert gs1_check_digit(code[:-1]) == code[-1]


@pytest.mark.parametrize("code", ["4006381333932", "036000291453", "96385075", "", "7", "12a4"])
def test_wrong_or_malformed_codes_fail_the_check(code: str) -> None:
    assert not has_valid_gs1_check(code)


def test_scan_code_is_ten_digits_starting_with_nine() -> None:
    assert make_crate_scan_code(12345) == "9000123450"
    assert make_crate_scan_code(0) == "9000000003"
    assert make_crate_scan_code(MAX_CRATE_SERIAL) == "9999999999"


@pytest.mark.parametrize("serial", [-1, MAX_CRATE_SERIAL + 1])
def test_scan_code_refuses_serials_that_do_not_fit_eight_digits(serial: int) -> None:
    with pytest.raises(ValueError):
        make_crate_scan_code(serial)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_CRATE_SERIAL))
def test_scan_code_round_trips(serial: int) -> None:
    code = make_crate_scan_code(serial)
    assert len(code) == 10 and code.startswith("9") and code.isdigit()
    assert parse_crate_scan_code(code) == serial


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=MAX_CRATE_SERIAL),
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_a_single_wrong_digit_is_never_read_as_a_crate(
    serial: int, position: int, delta: int
) -> None:
    code = make_crate_scan_code(serial)
    digit = (int(code[position]) + delta) % 10
    misread = code[:position] + str(digit) + code[position + 1 :]
    assert parse_crate_scan_code(misread) is None


@pytest.mark.parametrize(
    "text", ["900012345", "90001234500", "8000123450", "9000123451", "900012345X", " 9000123450"]
)
def test_parse_scan_code_refuses_anything_else(text: str) -> None:
    assert parse_crate_scan_code(text) is None


def test_crate_id_matches_the_contract_example() -> None:
    assert crate_id("W20261127-HZ01", "C0017", 2) == "HS-W20261127-HZ01-C0017-02"
    assert crate_id("F-HZ01-20261127", "C0017", 12) == "HS-F-HZ01-20261127-C0017-12"
    assert crate_id("W1", "C1", 100) == "HS-W1-C1-100"


@pytest.mark.parametrize(
    ("wave", "community", "crate"),
    [
        ("W20261127-HZ01", "cm-0003", "HS-W20261127-HZ01-cm-0003-01"),
        (
            "W20261127-HZ01",
            "d13c513a-42f8-4da1-97b1-165f0971b7c4",
            "HS-W20261127-HZ01-d13c513a-42f8-4da1-97b1-165f0971b7c4-01",
        ),
        ("波次-20261127", "社区-丁桥-003", "HS-波次-20261127-社区-丁桥-003-01"),
        ("w.1:2", 'c"^~ /x', 'HS-w.1:2-c"^~ /x-01'),
    ],
)
def test_crate_id_keeps_any_contract_id_exactly(wave: str, community: str, crate: str) -> None:
    assert crate_id(wave, community, 1) == crate
    assert is_crate_id_of(crate, wave, community)


@pytest.mark.parametrize(
    ("wave", "community", "seq"),
    [
        ("W20261127-HZ01", "C|0017", 1),  # `|` would break the QR payload
        ("W20261127\nHZ01", "C0017", 1),
        ("W1", "C\x00", 1),
        ("W1", "C" * 65, 1),
        ("", "C0017", 1),
        ("W20261127-HZ01", "", 1),
        ("W20261127-HZ01", "C0017", 0),
        ("W20261127-HZ01", "C0017", 1000),
    ],
)
def test_crate_id_refuses_ids_that_break_the_contract(wave: str, community: str, seq: int) -> None:
    with pytest.raises(ValueError):
        crate_id(wave, community, seq)


@settings(max_examples=200, deadline=None)
@given(wave_ids, community_ids, seqs)
def test_a_crate_id_is_of_its_own_wave_and_community(wave: str, community: str, seq: int) -> None:
    crate = crate_id(wave, community, seq)
    assert is_crate_id_of(crate, wave, community)
    assert not is_crate_id_of(crate, wave + "x", community)


@pytest.mark.parametrize(
    "text",
    [
        "HS-W20261127-HZ01-C0017-2",  # not the {seq:02d} spelling
        "HS-W20261127-HZ01-C0017-002",
        "HS-W20261127-HZ01-C0017-00",
        "HS-W20261127-HZ01-C0018-02",
        "HS-W20261127-HZ01-C0017-02 ",
        "HS-W20261127-HZ01-C0017-02\n",
    ],
)
def test_is_crate_id_of_refuses_other_or_malformed_ids(text: str) -> None:
    assert not is_crate_id_of(text, "W20261127-HZ01", "C0017")


CONTRACT_QR = "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2/3|14"


def test_qr_payload_matches_the_contract_example() -> None:
    payload = qr_payload("HS-W20261127-HZ01-C0017-02", "W20261127-HZ01", "C0017", 2, 3, 14)
    assert payload == CONTRACT_QR
    assert parse_qr_payload(payload) == CrateQr(
        "HS-W20261127-HZ01-C0017-02", "W20261127-HZ01", "C0017", 2, 3, 14
    )


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("HS-W1-C1-01", "W2", "C1", 1, 1, 0), "wave differs from the crate ID"),
        (("HS-W1-C1-01", "W1", "C2", 1, 1, 0), "community differs from the crate ID"),
        (("HS-W1-C1-1", "W1", "C1", 1, 1, 0), "not a crate ID"),
        (("HS-W1-C1-01", "W1-C1", "", 1, 1, 0), "the community ID may not be empty"),
        (("HS-W1-C1-01", "W1", "C1", 0, 1, 0), "n below 1"),
        (("HS-W1-C1-01", "W1", "C1", 3, 2, 0), "n above m"),
        (("HS-W1-C1-01", "W1", "C1", 1, 1, -1), "negative units"),
    ],
)
def test_qr_payload_refuses_inconsistent_fields(
    args: tuple[str, str, str, int, int, int], why: str
) -> None:
    with pytest.raises(ValueError):
        qr_payload(*args)


@pytest.mark.parametrize(
    "text",
    [
        "HSQR2|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2/3|14",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0018|2/3|14",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ02|C0017|2/3|14",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|4/3|14",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|0/3|14",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2-3|14",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2/3|-1",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2/3|",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2/3|14|",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|2/3",
        "HSQR1|HS-W20261127-HZ01-C0017-02|W20261127-HZ01|C0017|²/3|14",
    ],
)
def test_parse_qr_refuses_tampered_or_truncated_payloads(text: str) -> None:
    assert parse_qr_payload(text) is None


@settings(max_examples=150, deadline=None)
@given(
    wave_ids,
    community_ids,
    seqs,
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=0, max_value=500),
)
def test_qr_round_trips(
    wave: str, community: str, seq: int, n: int, extra: int, units: int
) -> None:
    crate = crate_id(wave, community, seq)
    payload = qr_payload(crate, wave, community, n, n + extra, units)
    assert parse_qr_payload(payload) == CrateQr(crate, wave, community, n, n + extra, units)
