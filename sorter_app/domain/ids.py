"""Platform IDs are opaque: the one rule the contract gives, and nothing more.

IDs (`wave_id`, `community_id`, `route_id`, `order_id`, `line_id`, `sku_id`, `leader_id`,
`supplier_id`) are 1–64 characters of any letters, digits, Chinese and punctuation other than `|`,
never control characters. The app stores them, prints them and sends them back exactly as received;
it never parses one, upper-cases one or builds a regex around one.
"""

from __future__ import annotations

import unicodedata

MAX_ID_LENGTH = 64
# `|` separates the fields of the crate QR payload (`HSQR1|crate|wave|community|n/m|units`).
FORBIDDEN_ID_CHARACTER = "|"


def id_problem(value: object) -> tuple[str, str] | None:
    """What breaks the contract's ID rule in `value`, as (Chinese, English); None when it is fine."""
    if not isinstance(value, str):
        return ("应为文本", "must be a string")
    if not value:
        return ("不能为空", "must not be empty")
    if len(value) > MAX_ID_LENGTH:
        return (
            f"长度 {len(value)} 超过 {MAX_ID_LENGTH} 个字符",
            f"is {len(value)} characters long, more than {MAX_ID_LENGTH}",
        )
    if FORBIDDEN_ID_CHARACTER in value:
        return ("不能包含“|”", "must not contain '|'")
    for char in value:
        if unicodedata.category(char) == "Cc":
            return (
                f"含有控制字符 U+{ord(char):04X}",
                f"contains the control character U+{ord(char):04X}",
            )
    return None


def same_id_ignoring_case(a: str, b: str) -> bool:
    """Whether two IDs differ at most by ASCII letter case: what Caps Lock does to a wedge read."""
    return _ascii_lower(a) == _ascii_lower(b)


def _ascii_lower(text: str) -> str:
    # Only ASCII letters: Caps Lock never changes Chinese, and str.lower() would fold more.
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
