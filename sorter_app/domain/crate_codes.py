"""The codes printed on a crate label: the long crate ID, the short scan code and the QR payload.

The long ID (`HS-{wave}-{community}-{nn}`) is what the platform sees in dispatches and claims.
The short scan code is what a sorter scans at the wall: 10 digits are quick to read off a wet
label and cannot be mistaken for a product (EAN-8, UPC-A and EAN-13 have 8, 12 and 13 digits).
The QR payload is read by the leader app on arrival; its format is fixed by the platform contract.
Wave and community IDs are the platform's opaque strings: the long ID is built from them and
looked up, never split (a community ID may hold hyphens, Chinese or be a UUID).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sorter_app.domain.ids import id_problem

CRATE_SCAN_CODE_LENGTH = 10
CRATE_SCAN_PREFIX = "9"
MAX_CRATE_SERIAL = 99_999_999
MAX_CRATE_SEQ = 999
QR_VERSION = "HSQR1"

# Only the canonical `{seq:02d}` spelling, so that text and crate map one to one.
_SEQ_RE = re.compile(r"0[1-9]|[1-9][0-9]{1,2}")
_DIGITS_RE = re.compile(r"[0-9]+")
_POSITIVE_RE = re.compile(r"[1-9][0-9]{0,5}")
_COUNT_RE = re.compile(r"0|[1-9][0-9]{0,5}")


def gs1_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit for `body` (EAN-8, UPC-A, EAN-13, GTIN-14 and our scan code)."""
    if not _DIGITS_RE.fullmatch(body):
        raise ValueError(f"GS1 check digit needs ASCII digits, got {body!r}")
    # Weights 3,1,3,1... from the rightmost digit of the body, whatever its length.
    total = sum(int(digit) * (3 if i % 2 == 0 else 1) for i, digit in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def has_valid_gs1_check(code: str) -> bool:
    """True when `code` is ASCII digits whose last digit is the GS1 check digit of the others."""
    if len(code) < 2 or not _DIGITS_RE.fullmatch(code):
        return False
    return gs1_check_digit(code[:-1]) == code[-1]


def make_crate_scan_code(serial: int) -> str:
    """The 10-digit scan code of crate `serial`: `9`, the 8-digit serial, a GS1 check digit."""
    if not 0 <= serial <= MAX_CRATE_SERIAL:
        raise ValueError(f"crate serial must be 0..{MAX_CRATE_SERIAL}, got {serial}")
    body = f"{CRATE_SCAN_PREFIX}{serial:08d}"
    return body + gs1_check_digit(body)


def looks_like_crate_scan_code(text: str) -> bool:
    """True for 10 digits starting with 9, whether or not the check digit is right."""
    return (
        len(text) == CRATE_SCAN_CODE_LENGTH
        and text.startswith(CRATE_SCAN_PREFIX)
        and _DIGITS_RE.fullmatch(text) is not None
    )


def parse_crate_scan_code(text: str) -> int | None:
    """The serial in a valid crate scan code, or None if `text` is not one."""
    if not looks_like_crate_scan_code(text) or not has_valid_gs1_check(text):
        return None
    return int(text[1:-1])


def crate_id(wave_id: str, community_id: str, seq: int) -> str:
    """The long crate ID `HS-{wave_id}-{community_id}-{seq:02d}`.

    The IDs are opaque (any letters, hyphens, Chinese...), so the result is never split again:
    a crate is found by looking its ID up. Raises ValueError for IDs that break the contract.
    """
    for name, value in (("wave", wave_id), ("community", community_id)):
        problem = id_problem(value)
        if problem is not None:
            raise ValueError(f"{name} ID {value!r} {problem[1]}")
    if not 1 <= seq <= MAX_CRATE_SEQ:
        raise ValueError(f"crate seq must be 1..{MAX_CRATE_SEQ}, got {seq}")
    return f"HS-{wave_id}-{community_id}-{seq:02d}"


def is_crate_id_of(text: str, wave_id: str, community_id: str) -> bool:
    """Whether `text` is a crate ID of that wave and community (built, not split: IDs are opaque)."""
    prefix = f"HS-{wave_id}-{community_id}-"
    return text.startswith(prefix) and _SEQ_RE.fullmatch(text[len(prefix) :]) is not None


@dataclass(frozen=True, slots=True)
class CrateQr:
    """The fields of a crate label's QR: crate `n` of the community's `m`, holding `units`."""

    crate_id: str
    wave_id: str
    community_id: str
    n: int
    m: int
    units: int


def qr_payload(crate_id: str, wave_id: str, community_id: str, n: int, m: int, units: int) -> str:
    """The QR text `HSQR1|crate_id|wave_id|community_id|n/m|units` of the platform contract.

    Raises ValueError when the fields disagree, so that no label carries a QR the leader app
    would read differently from the crate it is stuck on.
    """
    if not is_crate_id_of(crate_id, wave_id, community_id):
        raise ValueError(
            f"crate {crate_id} is not of wave {wave_id!r} and community {community_id!r}"
        )
    if not 1 <= n <= m:
        raise ValueError(f"crate n/m must have 1 <= n <= m, got {n}/{m}")
    if units < 0:
        raise ValueError(f"units must be >= 0, got {units}")
    return f"{QR_VERSION}|{crate_id}|{wave_id}|{community_id}|{n}/{m}|{units}"


def parse_qr_payload(text: str) -> CrateQr | None:
    """The fields of a crate QR payload, or None unless every field is well formed and agrees."""
    fields = text.split("|")
    if len(fields) != 6 or fields[0] != QR_VERSION:
        return None
    _, crate, wave_id, community_id, n_of_m, units = fields
    # "hs-" too: a Caps Lock read inverts every field alike, so only the prefix needs its case.
    if crate[:3].upper() != "HS-" or not is_crate_id_of("HS-" + crate[3:], wave_id, community_id):
        return None
    n_text, slash, m_text = n_of_m.partition("/")
    if not slash or not _POSITIVE_RE.fullmatch(n_text) or not _POSITIVE_RE.fullmatch(m_text):
        return None
    if not _COUNT_RE.fullmatch(units):
        return None
    n, m = int(n_text), int(m_text)
    if n > m:
        return None
    return CrateQr(crate, wave_id, community_id, n, m, int(units))
