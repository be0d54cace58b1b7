"""What one scanner read means: a product, a weighed item, a crate, a command, a badge or a refusal.

`parse_scan` never raises: whatever a keyboard-wedge scanner, a serial scanner or a person typing
sends, the result is a value the workflow can act on, and a refusal carries its reason in Chinese
and English for the screen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, TypeAlias

from sorter_app.domain.crate_codes import (
    MAX_CRATE_SEQ,
    QR_VERSION,
    has_valid_gs1_check,
    looks_like_crate_scan_code,
    parse_crate_scan_code,
    parse_qr_payload,
)
from sorter_app.domain.ids import FORBIDDEN_ID_CHARACTER, MAX_ID_LENGTH, id_problem

Symbology = Literal["ean13", "ean8", "upca", "other"]
CrateKind = Literal["scan_code", "crate_id", "qr"]
ValueKind = Literal["weight_g", "price_fen"]

MIN_CODE_LENGTH = 4
# Platform SKU IDs are scannable too, and they may be 64 characters long.
MAX_CODE_LENGTH = MAX_ID_LENGTH
# `HS-` + wave ID + `-` + community ID + `-` + seq.
MAX_CRATE_ID_LENGTH = 3 + MAX_ID_LENGTH + 1 + MAX_ID_LENGTH + 1 + len(str(MAX_CRATE_SEQ))
MAX_COUNT = 9999

_DIGITS_RE = re.compile(r"[0-9]+")
# Code 128 carries any printable ASCII; platform barcodes and SKU IDs are opaque, so any of it.
_CODE_CHARS_RE = re.compile(r"[!-~]*")
_OTHER_CODE_RE = re.compile(r"[A-Za-z0-9][!-~]*")
_WORKER_CODE_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,31}")
_COUNT_RE = re.compile(r"[0-9]{1,4}")
_COUNTED_COMMAND_RE = re.compile(r"(CMD-QTY|CMD-COUNT)-([0-9]*)")
# AIM symbology identifier: `]`, a symbology letter, a modifier (e.g. ]E0 EAN-13, ]C1 GS1-128).
_AIM_RE = re.compile(r"\][A-Za-z][0-9A-Za-z]")
# AIM identifiers whose data is GS1 element strings (GS1-128, DataBar, DataMatrix, QR, DotCode).
# Upper-cased because Caps Lock turns ]e0 into ]E0; EAN-13 data can never be 16+ digits.
_GS1_AIMS = frozenset({"]C1", "]E0", "]D2", "]Q3", "]J1"})
_GTIN_AI_RE = re.compile(r"01([0-9]{14})[0-9A-Z]*")
# Invisible characters some IMEs and scanners insert, and the GS separator of GS1 data.
_DROPPED_CHARS = dict.fromkeys(map(ord, "\x1d\u200b\u200c\u200d\u2060\ufeff"))
_SAFE_ECHO_RE = re.compile(r"[A-Za-z0-9*|/._:-]{1,60}")


class Command(StrEnum):
    """Control barcodes on the station's command card; the value is the text printed in the code."""

    CANCEL = "CMD-CANCEL"
    DAMAGED = "CMD-DAMAGED"
    CRATE_FULL = "CMD-CRATE-FULL"
    UNDO = "CMD-UNDO"
    LOGOUT = "CMD-LOGOUT"
    # Receiving counts: `CMD-QTY-N` arms N for the next product scan (the bare `CMD-QTY` card
    # asks for N on the keypad); `CMD-COUNT-N` is what the keypad sends: N for the receipt just
    # scanned (or the number a bare `CMD-QTY` asked for). See docs/scanning.md.
    QTY = "CMD-QTY"
    COUNT = "CMD-COUNT"


@dataclass(frozen=True, slots=True)
class ProductCode:
    """A product barcode; `count` comes from a `CODE*N` suffix (default 1)."""

    symbology: Symbology
    code: str
    count: int = 1


@dataclass(frozen=True, slots=True)
class WeightCode:
    """A variable-weight label printed by the hub's scale: PLU and weight in grams."""

    plu: str
    grams: int
    flag: str
    raw: str


@dataclass(frozen=True, slots=True)
class PriceCode:
    """A scale label that carries the price (in fen) instead of the weight.

    Sorting needs grams, so the workflow should refuse these and ask for the scale's weight mode;
    they are told apart here so that the message can say exactly that.
    """

    plu: str
    fen: int
    flag: str
    raw: str


@dataclass(frozen=True, slots=True)
class CrateCode:
    """A crate: `value` is what to look the crate up by.

    For `scan_code` it is the 10-digit code (and `serial` its serial); for `crate_id` and `qr` it
    is the long crate ID as read (case and all: a Caps Lock read is matched by the lookup). The
    ID is never split: the platform's IDs are opaque. A QR also gives its wave and community
    fields, `n`, `m` (crate n of m) and `units` as printed on the label.
    """

    kind: CrateKind
    value: str
    crate_id: str | None = None
    wave_id: str | None = None
    community_id: str | None = None
    n: int | None = None
    m: int | None = None
    units: int | None = None
    serial: int | None = None


@dataclass(frozen=True, slots=True)
class CommandCode:
    """A command card; `count` is the N of `CMD-QTY-N` and `CMD-COUNT-N` (None otherwise)."""

    command: Command
    count: int | None = None


@dataclass(frozen=True, slots=True)
class BadgeCode:
    """A worker's badge `BADGE-{worker_code}`."""

    worker_code: str


@dataclass(frozen=True, slots=True)
class RouteCode:
    """A route card `ROUTE-{route_id}`: at a loading station it chooses the truck's route.

    The route ID is the platform's, opaque and kept as read (case and all)."""

    route_id: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """A read that is not usable; `reason_code` is stable, the messages are for the screen."""

    reason_code: str
    message_zh: str
    message_en: str

    def message(self, language: str = "zh") -> str:
        return self.message_zh if language.startswith("zh") else self.message_en


Scan: TypeAlias = (
    ProductCode
    | WeightCode
    | PriceCode
    | CrateCode
    | CommandCode
    | BadgeCode
    | RouteCode
    | Rejected
)

ROUTE_CARD_PREFIX = "ROUTE-"


@dataclass(frozen=True, slots=True)
class WeightLayout:
    """Where flag, item code (PLU) and value sit in a 13-digit scale barcode; a check digit ends it.

    Chinese scales differ by brand (GB/T 18283 store codes), so this is a hub setting.
    """

    flag_length: int = 2
    item_length: int = 5
    value_length: int = 5
    value_kind: ValueKind = "weight_g"

    def __post_init__(self) -> None:
        lengths = (self.flag_length, self.item_length, self.value_length)
        if min(lengths) < 1 or sum(lengths) != 12:
            raise ValueError(
                f"scale layout must be flag+item+value = 12 digits >= 1, got {lengths}"
            )

    @classmethod
    def from_pattern(cls, pattern: str) -> WeightLayout:
        """Read a brand's pattern such as `FFWWWWWNNNNNC` or `DDIIIIIPPPPPC`.

        F/D flag, W/I item code (PLU), N weight in grams, E/P price in fen, C check digit.
        """
        match = re.fullmatch(r"([FD]+)([WI]+)(N+|E+|P+)C", pattern.strip().upper())
        if match is None or len(pattern.strip()) != 13:
            raise ValueError(f"not a 13-digit scale barcode pattern: {pattern!r}")
        flag, item, value = match.groups()
        kind: ValueKind = "weight_g" if value.startswith("N") else "price_fen"
        return cls(len(flag), len(item), len(value), kind)

    @property
    def pattern(self) -> str:
        value = "N" if self.value_kind == "weight_g" else "P"
        return "F" * self.flag_length + "W" * self.item_length + value * self.value_length + "C"


# The platform contract: flag 2x, 5-digit PLU, 5-digit grams, check digit.
CONTRACT_WEIGHT_LAYOUT = WeightLayout()
# 大华 (Dahua) scales in weight mode, FFWWWWWNNNNNC: the same as the contract.
DAHUA_WEIGHT_LAYOUT = WeightLayout.from_pattern("FFWWWWWNNNNNC")
# 大华 in price mode, FFWWWWWEEEEEC.
DAHUA_PRICE_LAYOUT = WeightLayout.from_pattern("FFWWWWWEEEEEC")
# 顶尖 (Dingjian/ACLAS) default, DDIIIIIPPPPPC: the value is the price.
DINGJIAN_PRICE_LAYOUT = WeightLayout.from_pattern("DDIIIIIPPPPPC")

DEFAULT_WEIGHT_FLAGS = frozenset(f"2{digit}" for digit in range(10))


@dataclass(frozen=True, slots=True)
class ScanConfig:
    """The hub's scan settings: which EAN-13 prefixes are scale labels, and their layout."""

    weight_flags: frozenset[str] = DEFAULT_WEIGHT_FLAGS
    weight_layout: WeightLayout = CONTRACT_WEIGHT_LAYOUT

    def __post_init__(self) -> None:
        for flag in self.weight_flags:
            if len(flag) != self.weight_layout.flag_length or not _DIGITS_RE.fullmatch(flag):
                raise ValueError(
                    f"weight flag {flag!r} must be {self.weight_layout.flag_length} digits"
                )


DEFAULT_SCAN_CONFIG = ScanConfig()


def normalise(raw: str) -> tuple[str, str]:
    """Clean a read: full-width to ASCII, invisible and surrounding control characters removed.

    Returns the AIM symbology identifier (upper-cased, or "") and the data in the case it was
    read: platform IDs and barcodes are case-sensitive opaque strings, so prefixes and commands
    are matched without regard to case instead, and look-ups fall back to it (Caps Lock).
    """
    return _unwrap(_to_half_width(raw).translate(_DROPPED_CHARS))


def _unwrap(text: str) -> tuple[str, str]:
    """The AIM identifier (upper-cased, or "") and the data, without surrounding blanks/controls."""
    text = _strip_controls(text)
    aim = ""
    if _AIM_RE.match(text):
        aim, text = text[:3].upper(), _strip_controls(text[3:])
    return aim, text


def parse_scan(raw: str, config: ScanConfig = DEFAULT_SCAN_CONFIG) -> Scan:
    """What one scanner read means; never raises."""
    # A crate's ID and QR hold the platform's IDs as they are (Chinese, full-width brackets,
    # ideographic spaces): read them verbatim first, before any folding could change an ID.
    crate = _crate_read(_unwrap(raw)[1])
    if crate is not None:
        return crate
    aim, text = normalise(raw)
    if not text:
        return _reject("empty", "没有读到条码内容", "The scan was empty")
    crate = _crate_read(text)  # a crate ID typed through a Chinese IME comes full-width
    if crate is not None:
        return crate
    if not text.isprintable() or not text.isascii():
        return _illegal_characters()
    code, star, suffix = text.partition("*")
    count = 1
    if star:
        if not _COUNT_RE.fullmatch(suffix) or not 1 <= int(suffix) <= MAX_COUNT:
            return _reject(
                "bad_count",
                f"数量后缀无效：*{_echo(suffix)}，应为 1 到 {MAX_COUNT}",
                f"Invalid count suffix *{_echo(suffix)}: it must be 1 to {MAX_COUNT}",
            )
        count = int(suffix)
    if aim in _GS1_AIMS:
        gtin = _gtin_from_gs1(code)
        if isinstance(gtin, Rejected):
            return gtin
        code = gtin or code
    scan = _classify(code, config)
    if star and not isinstance(scan, Rejected | ProductCode):
        return _reject(
            "count_not_allowed",
            "只有普通商品条码可以带数量后缀 *N",
            "Only a product barcode can carry a count suffix *N",
        )
    if isinstance(scan, ProductCode) and count != 1:
        return ProductCode(scan.symbology, scan.code, count)
    return scan


def _classify(code: str, config: ScanConfig) -> Scan:
    if _has_prefix(code, "CMD-"):
        return _parse_command(code.upper())
    if _has_prefix(code, "BADGE-"):
        # Badge codes are the hub's own, kept in upper case (services.people).
        return _parse_badge(code.upper())
    if _DIGITS_RE.fullmatch(code):
        return _parse_digits(code, config)
    if not _CODE_CHARS_RE.fullmatch(code):
        return _reject(
            "illegal_characters",
            "条码含有空格或无法识别的字符",
            "The code holds a space or characters no barcode contains",
        )
    return _parse_other(code)


def _crate_read(text: str) -> Scan | None:
    """A crate ID or crate QR, or None when `text` is neither (or holds control characters)."""
    if any(unicodedata.category(char) == "Cc" for char in text):
        return None
    if _has_prefix(text, QR_VERSION + "|"):
        return _parse_qr(text)
    if _has_prefix(text, "HS-"):
        return _parse_crate_id(text)
    if _has_prefix(text, ROUTE_CARD_PREFIX):
        return _parse_route_card(text)
    return None


def route_card_text(route_id: str) -> str:
    """What a route card's barcode carries."""
    return ROUTE_CARD_PREFIX + route_id


def _parse_route_card(text: str) -> Scan:
    route_id = text[len(ROUTE_CARD_PREFIX) :]
    # Any platform ID goes (ids.py); a Caps Lock read is matched by whoever looks it up.
    if not route_id.strip() or id_problem(route_id) is not None:
        return _reject(
            "bad_route_card",
            f"线路卡无效：{_echo(text)}",
            f"Invalid route card: {_echo(text)}",
        )
    return RouteCode(route_id)


def _has_prefix(text: str, prefix: str) -> bool:
    # Caps Lock inverts a wedge read's letters: prefixes and commands ignore case.
    return text[: len(prefix)].upper() == prefix


def _parse_digits(code: str, config: ScanConfig) -> Scan:
    if looks_like_crate_scan_code(code):
        serial = parse_crate_scan_code(code)
        if serial is None:
            return _bad_check(code)
        return CrateCode("scan_code", code, serial=serial)
    if len(code) == 13 and code[: config.weight_layout.flag_length] in config.weight_flags:
        return _parse_scale_label(code, config.weight_layout)
    symbology: dict[int, Symbology] = {13: "ean13", 12: "upca", 8: "ean8"}
    if len(code) in symbology:
        if not has_valid_gs1_check(code):
            return _bad_check(code)
        return ProductCode(symbology[len(code)], code)
    return _parse_other(code)


def _parse_scale_label(code: str, layout: WeightLayout) -> Scan:
    if not has_valid_gs1_check(code):
        return _bad_check(code)
    flag = code[: layout.flag_length]
    item_end = layout.flag_length + layout.item_length
    plu, value = code[layout.flag_length : item_end], int(code[item_end:12])
    if layout.value_kind == "price_fen":
        return PriceCode(plu, value, flag, code)
    if value == 0:
        return _reject(
            "zero_weight",
            f"称重标签重量为 0：{code}，请重新称重打印",
            f"The scale label {code} says 0 g: weigh and print it again",
        )
    return WeightCode(plu, value, flag, code)


def _parse_other(code: str) -> Scan:
    if len(code) < MIN_CODE_LENGTH:
        return _reject(
            "too_short",
            f"条码太短（{len(code)} 位），至少 {MIN_CODE_LENGTH} 位",
            f"Code too short ({len(code)} characters, at least {MIN_CODE_LENGTH})",
        )
    if len(code) > MAX_CODE_LENGTH:
        return _reject(
            "too_long",
            f"条码太长（{len(code)} 位），最多 {MAX_CODE_LENGTH} 位",
            f"Code too long ({len(code)} characters, at most {MAX_CODE_LENGTH})",
        )
    if not _OTHER_CODE_RE.fullmatch(code):
        return _reject(
            "illegal_characters",
            "条码必须以字母或数字开头",
            "A code must start with a letter or a digit",
        )
    return ProductCode("other", code)


def _parse_command(code: str) -> Scan:
    counted = _COUNTED_COMMAND_RE.fullmatch(code)
    if counted is not None:
        digits = counted[2]
        if not _COUNT_RE.fullmatch(digits) or not 1 <= int(digits) <= MAX_COUNT:
            return _reject(
                "bad_count",
                f"数量无效：{_echo(code)}，应为 1 到 {MAX_COUNT}",
                f"Invalid count in {_echo(code)}: it must be 1 to {MAX_COUNT}",
            )
        return CommandCode(Command(counted[1]), int(digits))
    try:
        return CommandCode(Command(code))
    except ValueError:
        return _reject(
            "unknown_command",
            f"未知的操作码：{_echo(code)}",
            f"Unknown command code: {_echo(code)}",
        )


def _parse_badge(code: str) -> Scan:
    worker_code = code.removeprefix("BADGE-")
    if not _WORKER_CODE_RE.fullmatch(worker_code):
        return _reject(
            "bad_badge",
            "工牌码无效，请扫描本人工牌",
            "Invalid badge code; scan your own badge",
        )
    return BadgeCode(worker_code)


def _parse_crate_id(code: str) -> Scan:
    # Only what no crate ID can be is refused here; whether it is a crate is the look-up's answer.
    if len(code) > MAX_CRATE_ID_LENGTH or FORBIDDEN_ID_CHARACTER in code or len(code) <= 3:
        return _reject(
            "bad_crate_id",
            f"筐号格式错误：{_echo(code)}",
            f"Malformed crate ID: {_echo(code)}",
        )
    return CrateCode("crate_id", code, crate_id=code)


def _parse_qr(text: str) -> Scan:
    # A Caps Lock read inverts every field alike: only the version needs its case back.
    qr = parse_qr_payload(QR_VERSION + text[len(QR_VERSION) :])
    if qr is None:
        return _reject(
            "bad_crate_qr",
            "筐标二维码内容无效，请扫描筐标上的条码",
            "The crate label's QR code is not valid; scan the label's barcode instead",
        )
    return CrateCode(
        "qr",
        qr.crate_id,
        crate_id=qr.crate_id,
        wave_id=qr.wave_id,
        community_id=qr.community_id,
        n=qr.n,
        m=qr.m,
        units=qr.units,
    )


def _illegal_characters() -> Rejected:
    return _reject(
        "illegal_characters",
        "条码含有无法识别的字符：请把扫码枪设为美式键盘并关闭中文输入法",
        "The scan has characters no code contains: set the scanner to a US keyboard layout "
        "and turn off the Chinese input method",
    )


def _gtin_from_gs1(data: str) -> str | Rejected | None:
    """The unit barcode inside GS1 data with AI (01), as the shorter GTIN it stands for.

    None when the data does not start with AI (01); any further AIs (batch, expiry) are ignored.
    """
    match = _GTIN_AI_RE.fullmatch(data)
    if match is None:
        return None
    gtin14 = match[1]
    if not has_valid_gs1_check(gtin14):
        return _bad_check(gtin14)
    if gtin14[0] != "0":
        return _reject(
            "carton_code",
            "这是整箱条码，请扫描单件商品上的条码",
            "This is a carton code; scan the barcode on a single unit",
        )
    # GTIN-8 and GTIN-12 are padded with zeros to 14 digits; give back the printed form.
    if gtin14.startswith("000000"):
        return gtin14[6:]
    if gtin14.startswith("00"):
        return gtin14[2:]
    return gtin14[1:]


def _bad_check(code: str) -> Rejected:
    return _reject(
        "bad_check_digit",
        f"条码校验位错误：{code}，请重新扫描",
        f"Wrong check digit in {code}; scan it again",
    )


def _reject(reason_code: str, message_zh: str, message_en: str) -> Rejected:
    return Rejected(reason_code, message_zh, message_en)


def _echo(text: str) -> str:
    # Only echo plain code characters: a scan may hold markup that a Qt label would render.
    return text if _SAFE_ECHO_RE.fullmatch(text) else "…"


def _to_half_width(text: str) -> str:
    # Full-width forms U+FF01..U+FF5E map one to one onto ASCII 0x21..0x7E; IMEs produce them.
    return "".join(
        chr(ord(char) - 0xFEE0)
        if "\uff01" <= char <= "\uff5e"
        else " "
        if char == "\u3000"
        else char
        for char in text
    )


def _strip_controls(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_blank(text[start]):
        start += 1
    while end > start and _is_blank(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cc"
