"""How the simulated platform spells its IDs and names: `--id-style`.

The contract (shared/platform-api.md) says IDs are opaque strings of 1-64 characters: any letters
of any case, digits, Chinese characters and punctuation other than `|`, never control characters.
Our own `default` style (`W20261127-HZ01`, `C0017`, `R03`, `S10023`) is one platform's habit; the
others are other platforms' habits, so that the hub is tried against shapes it did not choose:

- `lower`: lower case and hyphens, `cm-0003`, `rt-03`, `wv-20261127-hz01`.
- `uuid`: UUIDs such as `d13c513a-42f8-4da1-97b1-165f0971b7c4` for every record.
- `numeric`: digit strings only, shaped like what the hub scans: SKU IDs are valid EAN-13s,
  community IDs valid 10-digit crate scan codes (`9`, 8 digits, GS1 check digit), routes `03`.
- `chinese`: `社区-丁桥-003`, `线路-02`, `订单…-第1行`, with full-width brackets in some.
- `mixed`: dots, colons, slashes, spaces, `^`, `~` and `"`, mixed case, pairs of community IDs
  that differ only in case, and IDs of exactly 64 characters.

Every style but `default` also puts quotes in names, and `mixed` puts tabs and line breaks in them
(names are not IDs: the contract forbids control characters only in IDs). `default` is exactly what
the generator always produced. IDs depend on the seed, the hub and the record's number only, never
on the random draws, so a wave is the same wave in every style, only spelt differently.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import date
from typing import Final

from sorter_app.platform.simulator import catalog

ID_STYLES: Final = ("default", "lower", "uuid", "numeric", "chinese", "mixed")
MAX_ID_LENGTH: Final = 64


def _gs1_check(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def _to_date(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


class IdStyle:
    """The `default` spelling; other styles override what they spell differently."""

    style = "default"

    def __init__(self, *, seed: int, hub_id: str) -> None:
        self.seed = seed
        self.hub_id = hub_id

    @property
    def is_default(self) -> bool:
        return self.style == "default"

    # --- waves -----------------------------------------------------------------------------------

    def wave_id(self, delivery_date: date, wave_seq: int) -> str:
        """`W20261127-HZ01` for a day's first wave, `W20261127-HZ01-2` for its second."""
        base = f"W{delivery_date:%Y%m%d}-{self.hub_id}"
        return base if wave_seq == 1 else f"{base}-{wave_seq}"

    def parse_wave_id(self, wave_id: str) -> tuple[date, int] | None:
        """(delivery date, wave sequence) of one of this style's wave IDs, or None."""
        head = f"-{self.hub_id}"
        if len(wave_id) < 10 or wave_id[0] != "W" or wave_id[9 : 9 + len(head)] != head:
            return None
        digits, rest = wave_id[1:9], wave_id[9 + len(head) :]
        try:
            delivery_date = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            return None
        wave_seq = 1
        if rest:
            if not rest.startswith("-") or not rest[1:].isdigit() or rest[1:].startswith("0"):
                return None
            wave_seq = int(rest[1:])
            if wave_seq == 1:  # the first wave has no suffix
                return None
        if not digits.isdigit():
            return None
        return delivery_date, wave_seq

    # --- records (numbers are 1-based, indexes 0-based, as the generator counts them) ------------

    def community_id(self, number: int) -> str:
        return f"C{number:04d}"

    def leader_id(self, number: int) -> str:
        return f"L{number:04d}"

    def route_id(self, number: int) -> str:
        return f"R{number:02d}"

    def sku_id(self, index: int) -> str:
        return f"S{10001 + index}"

    def supplier_id(self, index: int) -> str:
        return f"SUP{index + 1:02d}"

    def order_id(self, order_date: str, number: int) -> str:
        """`order_date` is the cutoff's day as YYYYMMDD; `number` counts a day's orders from 1."""
        return f"O{order_date}{number:08d}"

    def line_id(self, order_id: str, n: int) -> str:
        return f"{order_id}-{n}"

    def name_text(self, kind: str, text: str, number: int) -> str:
        """A record's name (or address) as this platform writes it."""
        return text

    # --- checks ----------------------------------------------------------------------------------

    def check(self, max_waves_per_day: int) -> None:
        """ValueError if this style cannot spell the hub's wave IDs within the contract."""
        if self.is_default:
            return
        for wave_seq in range(1, max_waves_per_day + 1):
            wave_id = self.wave_id(date(2026, 11, 27), wave_seq)
            if len(wave_id) > MAX_ID_LENGTH:
                raise ValueError(
                    f"hub ID {self.hub_id!r} makes {self.style} wave IDs longer than "
                    f"{MAX_ID_LENGTH} characters ({wave_id!r})"
                )


class _Styled(IdStyle):
    """A style whose wave IDs are found again by date: `_DATE_RE` matches at the start of the ID
    and its groups, joined, are the date's 8 digits; the sequence is whichever spells it back."""

    _DATE_RE: re.Pattern[str]

    def parse_wave_id(self, wave_id: str) -> tuple[date, int] | None:
        match = self._DATE_RE.match(wave_id)
        if match is None:
            return None
        delivery_date = _to_date("".join(match.groups()))
        if delivery_date is None:
            return None
        for wave_seq in range(1, 10):
            if self.wave_id(delivery_date, wave_seq) == wave_id:
                return delivery_date, wave_seq
        return None


class _Quoted(_Styled):
    """Names with quotes in them, as real platforms' free-text fields have."""

    def name_text(self, kind: str, text: str, number: int) -> str:
        if kind == "community":
            return f'{text} "{number}号"'
        if kind == "leader":
            return f"{text}'s"
        if kind == "route":
            return f'{text} "快线"'
        if kind == "sku":
            return f'{text} "特价"'
        if kind == "supplier":
            return f'"{text}"有限公司'
        return text


class _Lower(_Quoted):
    style = "lower"
    _DATE_RE = re.compile(r"wv-([0-9]{8})-")

    def wave_id(self, delivery_date: date, wave_seq: int) -> str:
        base = f"wv-{delivery_date:%Y%m%d}-{self.hub_id.lower()}"
        return base if wave_seq == 1 else f"{base}-{wave_seq}"

    def community_id(self, number: int) -> str:
        return f"cm-{number:04d}"

    def leader_id(self, number: int) -> str:
        return f"ld-{number:04d}"

    def route_id(self, number: int) -> str:
        return f"rt-{number:02d}"

    def sku_id(self, index: int) -> str:
        return f"sku-{10001 + index}"

    def supplier_id(self, index: int) -> str:
        return f"sup-{index + 1:02d}"

    def order_id(self, order_date: str, number: int) -> str:
        return f"o-{order_date}-{number:08d}"


class _Uuid(_Quoted):
    """Version-4-shaped UUIDs drawn from a hash of seed, hub, kind and number (not the RNG).

    A wave's UUID ends in its date and sequence (`…-202611270001`), so the platform can still
    serve any date's waves by ID, as the default style does.
    """

    style = "uuid"
    _DATE_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-([0-9]{8})")

    def _uuid(self, kind: str, key: object) -> str:
        digest = hashlib.sha256(f"{self.seed}:{self.hub_id}:{kind}:{key}".encode()).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))

    def wave_id(self, delivery_date: date, wave_seq: int) -> str:
        return self._uuid("wave", "")[:24] + f"{delivery_date:%Y%m%d}{wave_seq:04d}"

    def community_id(self, number: int) -> str:
        return self._uuid("community", number)

    def leader_id(self, number: int) -> str:
        return self._uuid("leader", number)

    def route_id(self, number: int) -> str:
        return self._uuid("route", number)

    def sku_id(self, index: int) -> str:
        return self._uuid("sku", index)

    def supplier_id(self, index: int) -> str:
        return self._uuid("supplier", index)

    def order_id(self, order_date: str, number: int) -> str:
        return self._uuid("order", f"{order_date}:{number}")

    def line_id(self, order_id: str, n: int) -> str:
        return self._uuid("line", f"{order_id}:{n}")


class _Numeric(_Quoted):
    style = "numeric"
    _DATE_RE = re.compile(r"([0-9]{8})")

    def wave_id(self, delivery_date: date, wave_seq: int) -> str:
        return f"{delivery_date:%Y%m%d}{wave_seq:02d}"

    def community_id(self, number: int) -> str:
        body = f"9{number:08d}"  # what a crate scan code looks like, check digit and all
        return body + _gs1_check(body)

    def leader_id(self, number: int) -> str:
        return f"{number:06d}"

    def route_id(self, number: int) -> str:
        return f"{number:02d}"

    def sku_id(self, index: int) -> str:
        body = f"690000{index + 1:06d}"  # a valid EAN-13, like the barcodes
        return body + _gs1_check(body)

    def supplier_id(self, index: int) -> str:
        return f"{index + 1:03d}"

    def order_id(self, order_date: str, number: int) -> str:
        return f"{order_date}{number:08d}"

    def line_id(self, order_id: str, n: int) -> str:
        return f"{order_id}{n:02d}"


class _Chinese(_Quoted):
    style = "chinese"
    _DATE_RE = re.compile(r"波次-([0-9]{8})-")

    def wave_id(self, delivery_date: date, wave_seq: int) -> str:
        base = f"波次-{delivery_date:%Y%m%d}-{self.hub_id}"
        return base if wave_seq == 1 else f"{base}-第{wave_seq}波"

    def community_id(self, number: int) -> str:
        heads = catalog.NAME_HEADS
        place = heads[(number * 31) % len(heads)]
        if number % 3 == 0:
            place += "（东区）"  # full-width brackets: NFKC would make them ASCII
        return f"社区-{place}-{number:03d}"

    def leader_id(self, number: int) -> str:
        return f"团长-{number:04d}"

    def route_id(self, number: int) -> str:
        return f"线路-{number:02d}"

    def sku_id(self, index: int) -> str:
        return f"商品-{10001 + index}"

    def supplier_id(self, index: int) -> str:
        return f"供应商-{index + 1:02d}"

    def order_id(self, order_date: str, number: int) -> str:
        return f"订单{order_date}{number:08d}"

    def line_id(self, order_id: str, n: int) -> str:
        return f"{order_id}-第{n}行"


class _Mixed(_Styled):
    style = "mixed"
    _DATE_RE = re.compile(r"wV:([0-9]{4})\.([0-9]{2})\.([0-9]{2})/")
    _FILLER = ".Pad:x/Y"

    def _full(self, text: str) -> str:
        """`text` padded to exactly 64 characters (left alone if already as long or longer)."""
        if len(text) >= MAX_ID_LENGTH:
            return text
        filler = self._FILLER * MAX_ID_LENGTH
        return text + filler[: MAX_ID_LENGTH - len(text)]

    def wave_id(self, delivery_date: date, wave_seq: int) -> str:
        return self._full(f'wV:{delivery_date:%Y.%m.%d}/{self.hub_id}^~"{wave_seq}:')

    def community_id(self, number: int) -> str:
        # Communities 2k-1 and 2k differ only in case; the first two are 64 characters long.
        pair = (number + 1) // 2
        text = f'Cm.{pair:04d}:Hz/East^~"q'
        if pair == 1:
            text = self._full(text)
        return text.swapcase() if number % 2 == 0 else text

    def leader_id(self, number: int) -> str:
        return f"Ld {number:04d}.Wang"

    def route_id(self, number: int) -> str:
        text = f"Rt/{number:02d}:Xi.Hu^~"
        return self._full(text) if number == 1 else text

    def sku_id(self, index: int) -> str:
        text = f'Sku.{10001 + index}/Fresh"~^'
        return self._full(text) if index == 0 else text

    def supplier_id(self, index: int) -> str:
        return f"Sup {index + 1:02d}: Lv.Yuan/Co"

    def order_id(self, order_date: str, number: int) -> str:
        text = f"Ord {order_date}:{number:08d}/Hz"
        return self._full(text) if number % 10_000_000 == 1 else text

    def line_id(self, order_id: str, n: int) -> str:
        # The order's number comes early in its ID, so cutting the end keeps lines apart.
        return f'Ln "{n}" of {order_id}'[:MAX_ID_LENGTH]

    def name_text(self, kind: str, text: str, number: int) -> str:
        if kind == "community":
            return f'{text}\t"{number}号"\r\n东门 ^XZ~JA'
        if kind == "leader":
            return f'{text} "团长"\t'
        if kind == "address":
            return f"{text}\n（请勿\t按门铃）"
        if kind == "route":
            return f'{text} "快线"\t^FS'
        if kind == "sku":
            return f'{text} "特价"~\n'
        if kind == "supplier":
            return f'"{text}"\t有限公司'
        return text


_STYLES: Final[dict[str, type[IdStyle]]] = {
    "default": IdStyle,
    "lower": _Lower,
    "uuid": _Uuid,
    "numeric": _Numeric,
    "chinese": _Chinese,
    "mixed": _Mixed,
}


def id_style(name: str, *, seed: int, hub_id: str) -> IdStyle:
    """The style called `name` for this seed and hub; ValueError for an unknown name."""
    try:
        cls = _STYLES[name]
    except KeyError:
        raise ValueError(f"id style must be one of {', '.join(ID_STYLES)}, got {name!r}") from None
    return cls(seed=seed, hub_id=hub_id)
