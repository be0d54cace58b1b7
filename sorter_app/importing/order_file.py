"""A platform's order export (one row per order line) read into one WaveSnapshot, or not at all.

Every row is checked and every problem collected before anything is returned, so the supervisor
fixes the file once instead of once per error; a file with any bad row raises OrderFileError and
yields nothing. IDs the file does not carry are derived from names (see docs/file-import.md), so
reading the same night's file twice, or a re-sorted copy of it, gives the same communities and SKUs.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sorter_app.domain.barcodes import CrateCode, ProductCode, Rejected, parse_scan
from sorter_app.domain.crate_codes import gs1_check_digit, looks_like_crate_scan_code
from sorter_app.domain.errors import InvalidRecord
from sorter_app.domain.ids import MAX_ID_LENGTH, id_problem
from sorter_app.domain.validation import check_wave
from sorter_app.domain.wave import (
    Community,
    Customer,
    Leader,
    Order,
    OrderLine,
    OrderStatus,
    Route,
    Sku,
    Supplier,
    Temperature,
    WaveSnapshot,
    WaveStatus,
    WaveSummary,
)
from sorter_app.importing.columns import (
    COLUMNS_BY_KEY,
    ColumnMapping,
    FileDefaults,
    OrderFileError,
    RowError,
    normalise_word,
    parse_temperature,
)
from sorter_app.importing.readers import CellValue, cell_text, open_table

SHANGHAI = ZoneInfo("Asia/Shanghai")

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


def read_order_file(
    path: Path,
    *,
    hub_id: str,
    delivery_date: date,
    mapping: ColumnMapping | None = None,
    defaults: FileDefaults | None = None,
    tz: ZoneInfo = SHANGHAI,
) -> WaveSnapshot:
    """Read an order export (.xlsx or .csv) into a closed wave, or raise OrderFileError."""
    if not hub_id.strip():
        raise ValueError("hub_id must not be empty")
    mapping = mapping or ColumnMapping()
    defaults = defaults or FileDefaults()
    cutoff = datetime.combine(delivery_date - timedelta(days=1), defaults.cutoff_time, tzinfo=tz)
    with open_table(
        path,
        header_row=mapping.header_row,
        sheet=mapping.sheet,
        encoding=mapping.encoding,
        delimiter=mapping.delimiter,
    ) as table:
        source = table.source
        builder = _WaveBuilder(table.headers, mapping, defaults, tz)
        for number, cells in table.rows:
            builder.add_row(number, cells)
    communities, skus, orders = builder.finish(cutoff)
    summary = WaveSummary(
        wave_id=wave_id_for(hub_id, delivery_date),
        hub_id=hub_id,
        delivery_date=delivery_date,
        cutoff_at=cutoff,
        status=WaveStatus.CLOSED,
        order_count=len(orders),
        line_count=sum(len(o.lines) for o in orders),
        # When the export was written is the nearest thing a file has to "last updated".
        updated_at=datetime.fromtimestamp(path.stat().st_mtime, tz),
    )
    snapshot = WaveSnapshot(summary, communities, skus, orders)
    try:
        check_wave(snapshot)
    except InvalidRecord as exc:
        # The row checks should make this unreachable; if not, say so rather than store it.
        raise OrderFileError(exc.message_zh, exc.message_en, code="order_file_invalid") from exc
    logger.info(
        "read %s (%s) as %s: %d orders, %d lines, %d pickup points, %d products",
        path,
        source,
        summary.wave_id,
        summary.order_count,
        summary.line_count,
        len(communities),
        len(skus),
    )
    return snapshot


# --- derived IDs (documented in docs/file-import.md; changing them orphans stored waves) ---------


def wave_id_for(hub_id: str, delivery_date: date) -> str:
    wave_id = f"F-{hub_id}-{delivery_date:%Y%m%d}"
    # A wave ID is at most 64 characters like any other; a long hub ID is hashed to fit.
    return (
        wave_id
        if len(wave_id) <= MAX_ID_LENGTH
        else f"F-{_derived('H', hub_id)}-{delivery_date:%Y%m%d}"
    )


def community_id_for(name: str) -> str:
    return _derived("P", name)


def leader_id_for(name: str, phone: str) -> str:
    return _derived("L", name, _digits(phone))


def route_id_for(name: str) -> str:
    return _derived("R", name)


def sku_id_for(name: str, spec: str, barcode: str | None = None) -> str:
    return f"B{barcode}" if barcode else _derived("S", name, spec)


def supplier_id_for(name: str) -> str:
    return _derived("V", name) if name.strip() else ""


@functools.lru_cache(maxsize=1 << 16)
def _derived(prefix: str, *parts: str) -> str:
    """`prefix` + the first 10 hex digits (upper-case) of SHA-1 over the normalised parts."""
    joined = "\x1f".join(normalise_word(p) for p in parts)
    # Upper case only because the first release did so: changing it would orphan stored waves.
    return prefix + hashlib.sha1(joined.encode("utf-8")).hexdigest()[:10].upper()


@functools.lru_cache(maxsize=1 << 16)
def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


# --- one row's cells -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Problem:
    zh: str
    en: str


def _not_positive_whole(shown: object) -> _Problem:
    return _Problem(f"「{shown}」不是正整数", f"'{shown}' is not a positive whole number")


_WHOLE = re.compile(r"\+?\d+(?:\.0*)?")


def parse_positive_whole(raw: CellValue) -> int | _Problem:
    """2, 2.0, "2" and "2.0" are 2; 2.5, 0, "两" and "2件" are not quantities."""
    if isinstance(raw, bool) or raw is None:
        return _not_positive_whole(raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            return _not_positive_whole(raw)
        value = int(raw)
    else:
        text = unicodedata.normalize("NFKC", cell_text(raw))
        if not _WHOLE.fullmatch(text):
            return _not_positive_whole(text)
        value = int(text.split(".")[0])
    return value if value > 0 else _not_positive_whole(raw)


_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+")
_BARCODE_SPLIT = re.compile(r"[,，;；/、|\s]+")
# What exports write for "no barcode"; compared after NFKC and upper-casing.
_NO_BARCODE = frozenset({"无", "-", "--", "—", "/", "0", "N/A", "NA", "NULL", "NONE"})


def parse_barcodes(text: str) -> tuple[str, ...] | _Problem:
    """One barcode or several split by , ; / 、; each must be scannable as itself.

    A barcode is an opaque string like the platform's: its case is kept. Each one is read by the
    scanner's own parser, so a file barcode that a scan would take for something else (a crate,
    a command, a wrong check digit) is refused here rather than never matching tonight.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if text.upper() in _NO_BARCODE:
        return ()
    if _SCIENTIFIC.fullmatch(text.upper()):
        return _Problem(
            f"条码被 Excel 改成了科学计数法（{text}）：请把这一列设为文本后重新导出",
            f"the barcode was turned into scientific notation by Excel ({text}): "
            "set the column to text and export again",
        )
    codes = tuple(dict.fromkeys(c for c in _BARCODE_SPLIT.split(text) if c))
    for code in codes:
        problem = _unscannable(code)
        if problem is not None:
            return problem
    return codes


def _unscannable(code: str) -> _Problem | None:
    scan = parse_scan(code)
    if isinstance(scan, ProductCode) and scan.code == code and scan.count == 1:
        return None
    if isinstance(scan, CrateCode) or looks_like_crate_scan_code(code):
        return _Problem(
            f"条码「{code}」扫描时会被当成筐码",
            f"barcode '{code}' would be read as a crate's code by the scanner",
        )
    if isinstance(scan, Rejected) and scan.reason_code == "bad_check_digit" and code.isdigit():
        should_be = gs1_check_digit(code[:-1])
        return _Problem(
            f"条码 {code} 的校验位不对（最后一位应为 {should_be}）",
            f"barcode {code} has a wrong check digit (the last digit should be {should_be})",
        )
    if isinstance(scan, Rejected):
        return _Problem(
            f"条码「{code}」无法扫描：{scan.message_zh}",
            f"barcode '{code}' cannot be scanned: {scan.message_en}",
        )
    return _Problem(
        f"条码「{code}」无法扫描：扫描时会被当成操作卡、工牌或称重标签",
        f"barcode '{code}' cannot be scanned: a scan would read it as a command, badge or "
        "scale label",
    )


def parse_community_code(text: str) -> str | _Problem:
    """A 自提点编号 kept as the platform wrote it (an opaque ID), if it keeps the contract's rule."""
    code = unicodedata.normalize("NFKC", text).strip()
    problem = id_problem(code)
    if problem is None:
        return code
    return _Problem(
        f"自提点编号「{code}」无效：{problem[0]}（编号最多 64 个字符，不能含“|”或控制字符）",
        f"pickup point ID '{code}' is not valid: it {problem[1]} (IDs are at most 64 "
        "characters, without '|' or control characters)",
    )


_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d")


def parse_placed_at(raw: CellValue, tz: ZoneInfo) -> datetime | _Problem:
    """An Excel date cell or text like 2026-11-26 10:02:11, 2026/11/26 10:02; naive means `tz`."""
    if isinstance(raw, datetime):
        moment = raw
    elif isinstance(raw, date):
        moment = datetime(raw.year, raw.month, raw.day)
    elif isinstance(raw, str):
        parsed = _datetime_from_text(cell_text(raw))
        if parsed is None:
            return _Problem(
                f"「{cell_text(raw)}」不是日期时间（例：2026-11-26 10:02:11）",
                f"'{cell_text(raw)}' is not a date and time (e.g. 2026-11-26 10:02:11)",
            )
        moment = parsed
    else:
        return _Problem(f"「{raw}」不是日期时间", f"'{raw}' is not a date and time")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _datetime_from_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    # 2026/11/26 10:02, 2026年11月26日 10:02, 2026-1-5 9:02 ...
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[/年月]", "-", text).replace("日", " ")
    text = " ".join(text.split())
    for fmt in _DATETIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


_YES = {"是", "y", "yes", "true", "1", "称重", "计重", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", "不称重", "不计重", "×", "x"}


def parse_weighed(text: str) -> bool | _Problem:
    word = normalise_word(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    return _Problem(f"「{text}」应为 是/否", f"'{text}' should be yes/no (是/否)")


def parse_plu(text: str) -> str | _Problem:
    """A scale PLU of up to 5 digits, zero-padded to 5 (a number cell loses leading zeros)."""
    digits = unicodedata.normalize("NFKC", text)
    if not digits.isdigit() or len(digits) > 5:
        return _Problem(f"PLU「{text}」应为最多 5 位数字", f"PLU '{text}' should be up to 5 digits")
    return digits.zfill(5)


def _cached(
    cache: dict[str, _T | _Problem], text: str, parse: Callable[[str], _T | _Problem]
) -> _T | _Problem:
    # Most columns repeat a handful of values down 100,000 rows; parse each once.
    try:
        return cache[text]
    except KeyError:
        result = cache[text] = parse(text)
        return result


_SUMMARY_WORDS = ("合计", "总计", "小计", "汇总", "total", "subtotal", "grandtotal")


def _is_summary_row(cells: Sequence[CellValue], order_id: str) -> bool:
    """A 合计/总计 line under the data: its first filled cell says so and it names no order."""
    first = next((t for t in map(cell_text, cells) if t), "")
    return normalise_word(first).startswith(_SUMMARY_WORDS) and order_id in ("", first)


# --- the whole file -------------------------------------------------------------------------------

_UNSET = object()


@dataclass(slots=True)
class _Facts:
    """The first filled-in value of each attribute of one thing, and which row gave it."""

    # What the thing is, for messages: 自提点「阳光花园」 / pickup point '阳光花园'.
    subject_zh: str
    subject_en: str
    values: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def agree(self, attr: str, value: Any, key: Any, row: int) -> int | None:
        """Remember `value`, or return the earlier row whose value differs from it."""
        known = self.keys.get(attr, _UNSET)
        if known is _UNSET:
            self.values[attr] = value
            self.keys[attr] = key
            self.rows[attr] = row
            return None
        return None if known == key else self.rows[attr]

    def get(self, attr: str, default: Any = None) -> Any:
        return self.values.get(attr, default)


@dataclass(slots=True)
class _OrderDraft:
    facts: _Facts
    placed_at: datetime | None = None
    lines: list[OrderLine] = field(default_factory=list)


@dataclass(slots=True)
class _SkuDraft:
    facts: _Facts
    first_row: int
    barcodes: dict[str, None] = field(default_factory=dict)  # ordered set


class _WaveBuilder:
    """Takes rows one at a time, checks each against itself and the rows before it."""

    def __init__(
        self, headers: Sequence[str], mapping: ColumnMapping, defaults: FileDefaults, tz: ZoneInfo
    ) -> None:
        self._located = mapping.locate(headers)
        self._headers = {key: headers[index] for key, index in self._located.items()}
        self._fields = tuple(self._located.items())
        self._defaults = defaults
        self._tz = tz
        self._statuses = {normalise_word(w): OrderStatus.CLOSED for w in mapping.closed_statuses}
        self._statuses.update(
            {normalise_word(w): OrderStatus.CANCELLED for w in mapping.cancelled_statuses}
        )
        self.errors: list[RowError] = []
        self._data_rows = 0
        self._communities: dict[tuple[str, str], _Facts] = {}
        self._leaders_by_code: dict[str, _Facts] = {}
        self._skus: dict[str, _SkuDraft] = {}
        self._barcode_owner: dict[str, tuple[str, int]] = {}
        self._orders: dict[str, _OrderDraft] = {}
        # Rows without an ID in an ID column that other rows fill in: see _check_id_columns.
        self._id_rows: dict[str, tuple[list[int], list[int]]] = {
            k: ([], []) for k in ("community_code", "sku_code") if k in self._located
        }
        self._caches: dict[str, dict[str, Any]] = {}

    # -- per row --

    def add_row(self, row: int, cells: Sequence[CellValue]) -> None:
        width = len(cells)
        raw = {key: cells[i] if i < width else None for key, i in self._fields}
        text = {key: cell_text(value) for key, value in raw.items()}
        if not any(text.values()) and not any(map(cell_text, cells)):
            return  # a blank row
        if _is_summary_row(cells, text["order_id"]):
            return
        self._data_rows += 1
        errors_before = len(self.errors)

        order_id = self._required(row, text, "order_id")
        community_key = self._community(row, text, raw)
        sku_id = self._sku(row, text)
        qty = self._qty(row, raw)
        if order_id and community_key:
            self._order(row, order_id, community_key, text, raw)
        if len(self.errors) == errors_before and order_id and community_key and sku_id and qty:
            lines = self._orders[order_id].lines
            self._orders[order_id].lines.append(
                OrderLine(_line_id(order_id, sku_id, lines), sku_id, qty)
            )

    def _required(self, row: int, text: Mapping[str, str], key: str) -> str:
        value = text[key]
        if not value:
            label = COLUMNS_BY_KEY[key]
            self._error(row, key, f"{label.label_zh}为空", f"{label.label_en} is empty")
        return value

    def _error(self, row: int, key: str | None, zh: str, en: str) -> None:
        self.errors.append(RowError(row, self._headers.get(key) if key else None, zh, en))

    def _problem(self, row: int, key: str, problem: _Problem) -> None:
        self._error(row, key, problem.zh, problem.en)

    def _parse(self, key: str, text: str, parse: Callable[[str], _T | _Problem]) -> _T | _Problem:
        return _cached(self._caches.setdefault(key, {}), text, parse)

    def _agree(self, facts: _Facts, row: int, attr: str, value: Any, key: Any = _UNSET) -> None:
        """Record an attribute (the column of that name); a different earlier value is an error."""
        if value is None or value == "":
            return
        earlier = facts.agree(attr, value, normalise_word(value) if key is _UNSET else key, row)
        if earlier is not None:
            before = facts.values[attr]
            label = COLUMNS_BY_KEY[attr]
            self._error(
                row,
                attr,
                f"{facts.subject_zh}的{label.label_zh}与第 {earlier} 行不一致："
                f"那里是「{before}」，这里是「{value}」",
                f"{label.label_en} of {facts.subject_en} disagrees with row {earlier}: "
                f"'{before}' there, '{value}' here",
            )

    def _note_id(self, row: int, key: str, value: str) -> None:
        if key in self._id_rows:
            self._id_rows[key][0 if value else 1].append(row)

    def _community(
        self, row: int, text: Mapping[str, str], raw: Mapping[str, CellValue]
    ) -> tuple[str, str] | None:
        name = self._required(row, text, "community_name")
        code = text.get("community_code", "")
        self._note_id(row, "community_code", code)
        if code:
            parsed = self._parse("community_code", code, parse_community_code)
            if isinstance(parsed, _Problem):
                self._problem(row, "community_code", parsed)
                return None
            code = parsed
        if not (name or code):
            return None
        key = ("code", code) if code else ("name", normalise_word(name))
        facts = self._communities.get(key)
        if facts is None:
            shown = name or code
            facts = self._communities[key] = _Facts(f"自提点「{shown}」", f"pickup point '{shown}'")
        self._agree(facts, row, "community_name", name)
        self._agree(facts, row, "leader_name", text.get("leader_name", ""))
        phone = text.get("leader_phone", "")
        self._agree(facts, row, "leader_phone", phone, _digits(phone))
        self._agree(facts, row, "address", text.get("address", ""))
        self._agree(facts, row, "route", text.get("route", ""))
        leader_code = text.get("leader_code", "")
        self._agree(facts, row, "leader_code", leader_code, leader_code)
        if leader_code:
            leader = self._leaders_by_code.get(leader_code)
            if leader is None:
                leader = self._leaders_by_code[leader_code] = _Facts(
                    f"团长编号 {leader_code} ", f"leader ID {leader_code}"
                )
            self._agree(leader, row, "leader_name", text.get("leader_name", ""))
            self._agree(leader, row, "leader_phone", phone, _digits(phone))
        if text.get("stop_seq"):
            stop = parse_positive_whole(raw["stop_seq"])
            if isinstance(stop, _Problem):
                self._problem(row, "stop_seq", stop)
            else:
                self._agree(facts, row, "stop_seq", stop, stop)
        return key

    def _sku(self, row: int, text: Mapping[str, str]) -> str | None:
        name = self._required(row, text, "sku_name")
        spec = text.get("spec", "")
        code = text.get("sku_code", "")
        self._note_id(row, "sku_code", code)
        barcodes: tuple[str, ...] = ()
        if text.get("barcode"):
            parsed = self._parse("barcode", text["barcode"], parse_barcodes)
            if isinstance(parsed, _Problem):
                self._problem(row, "barcode", parsed)
                return None
            barcodes = parsed
        if code:
            sku_id = code
        elif barcodes or name:
            sku_id = sku_id_for(name, spec, barcodes[0] if barcodes else None)
        else:
            return None
        draft = self._skus.get(sku_id)
        if draft is None:
            draft = self._skus[sku_id] = _SkuDraft(_sku_subject(code, barcodes, name), row)
        facts = draft.facts
        for barcode in barcodes:
            owner, first_row = self._barcode_owner.setdefault(barcode, (sku_id, row))
            if owner != sku_id:
                self._error(
                    row,
                    "barcode",
                    f"条码 {barcode} 在第 {first_row} 行已属于另一个商品（{owner}）",
                    f"barcode {barcode} already belongs to another product ({owner}) "
                    f"on row {first_row}",
                )
            draft.barcodes[barcode] = None
        self._agree(facts, row, "sku_name", name)
        self._agree(facts, row, "spec", spec)
        for attr in ("unit", "category", "supplier"):
            self._agree(facts, row, attr, text.get(attr, ""))
        self._sku_handling(row, text, facts)
        return sku_id

    def _sku_handling(self, row: int, text: Mapping[str, str], facts: _Facts) -> None:
        """Temperature, crate size and scale fields: how the product is handled, not what it is."""
        if text.get("temperature"):
            temperature = self._parse("temperature", text["temperature"], _temperature)
            if isinstance(temperature, _Problem):
                self._problem(row, "temperature", temperature)
            else:
                self._agree(facts, row, "temperature", temperature, temperature)
        if text.get("units_per_crate"):
            per_crate = self._parse("count", text["units_per_crate"], parse_positive_whole)
            if isinstance(per_crate, _Problem):
                self._problem(row, "units_per_crate", per_crate)
            else:
                self._agree(facts, row, "units_per_crate", per_crate, per_crate)
        if text.get("weighed"):
            weighed = self._parse("weighed", text["weighed"], parse_weighed)
            if isinstance(weighed, _Problem):
                self._problem(row, "weighed", weighed)
            else:
                self._agree(facts, row, "weighed", weighed, weighed)
        if text.get("plu"):
            plu = self._parse("plu", text["plu"], parse_plu)
            if isinstance(plu, _Problem):
                self._problem(row, "plu", plu)
            else:
                self._agree(facts, row, "plu", plu, plu)

    def _qty(self, row: int, raw: Mapping[str, CellValue]) -> int | None:
        value = raw["qty"]
        if cell_text(value) == "":
            self._error(row, "qty", "数量为空", "quantity is empty")
            return None
        if isinstance(value, str):
            qty = self._parse("count", value, parse_positive_whole)
        else:
            qty = parse_positive_whole(value)
        if isinstance(qty, _Problem):
            self._problem(row, "qty", qty)
            return None
        return qty

    def _order(
        self,
        row: int,
        order_id: str,
        community_key: tuple[str, str],
        text: Mapping[str, str],
        raw: Mapping[str, CellValue],
    ) -> None:
        draft = self._orders.get(order_id)
        if draft is None:
            draft = self._orders[order_id] = _OrderDraft(
                _Facts(f"订单 {order_id} ", f"order {order_id}")
            )
        facts = draft.facts
        shown = text["community_name"] or text.get("community_code", "")
        earlier = facts.agree("community", shown, community_key, row)
        if earlier is not None:
            self._error(
                row,
                "community_name" if community_key[0] == "name" else "community_code",
                f"订单 {order_id} 在第 {earlier} 行属于「{facts.values['community']}」，"
                f"这里是「{shown}」",
                f"order {order_id} belongs to '{facts.values['community']}' on row {earlier}, "
                f"'{shown}' here",
            )
        self._agree(facts, row, "nickname", text.get("nickname", ""))
        self._agree(facts, row, "pickup_code", text.get("pickup_code", ""))
        if text.get("order_status"):
            status = self._statuses.get(normalise_word(text["order_status"]))
            if status is None:
                self._error(
                    row,
                    "order_status",
                    f"不认识的订单状态「{text['order_status']}」：可在 mapping.toml 的 "
                    "[order_status] 里说明它算已截单（closed）还是已取消（cancelled）",
                    f"unknown order status '{text['order_status']}': say in mapping.toml "
                    "[order_status] whether it means closed or cancelled",
                )
            else:
                self._agree(facts, row, "order_status", status, status)
        if text.get("placed_at"):
            value = raw["placed_at"]
            if isinstance(value, str):
                placed = self._parse("placed_at", value, lambda t: parse_placed_at(t, self._tz))
            else:
                placed = parse_placed_at(value, self._tz)
            if isinstance(placed, _Problem):
                self._problem(row, "placed_at", placed)
            elif draft.placed_at is None or placed < draft.placed_at:
                # Some exports give each line its own payment time: an order is as old as its first.
                draft.placed_at = placed

    # -- the end --

    def finish(self, cutoff: datetime) -> tuple[list[Community], list[Sku], list[Order]]:
        """The wave's communities, SKUs and orders; raise OrderFileError listing every bad row."""
        self._check_id_columns()
        self._check_weighed()
        if self.errors:
            raise OrderFileError.for_rows(self.errors)
        if not self._data_rows:
            raise OrderFileError(
                "订单文件里没有订单行（只有列名）",
                "The order file has no order rows (only the header)",
                code="order_file_empty",
            )
        communities = self._build_communities()
        ids = dict(zip(self._communities, (c.community_id for c in communities), strict=True))
        orders = [
            Order(
                order_id=order_id,
                community_id=ids[draft.facts.keys["community"]],
                customer=Customer(
                    nickname=draft.facts.get("nickname", ""),
                    pickup_code=draft.facts.get("pickup_code", ""),
                ),
                placed_at=draft.placed_at or cutoff,
                status=draft.facts.get("order_status", OrderStatus.CLOSED),
                lines=tuple(draft.lines),
            )
            for order_id, draft in self._orders.items()
        ]
        return communities, self._build_skus(), orders

    def _check_id_columns(self) -> None:
        """An ID column filled on some rows must be filled on all, or identities would split."""
        for key, (with_id, without_id) in self._id_rows.items():
            if not with_id:
                continue  # an empty ID column is as good as none
            label = COLUMNS_BY_KEY[key]
            for row in without_id:
                self._error(
                    row,
                    key,
                    f"{label.label_zh}为空，而其他行（如第 {with_id[0]} 行）填了",
                    f"{label.label_en} is empty, while other rows (e.g. row {with_id[0]}) give one",
                )

    def _check_weighed(self) -> None:
        """A weighed product is scanned by its scale label, which carries the PLU, not a barcode."""
        for draft in self._skus.values():
            if draft.facts.get("weighed") and not draft.barcodes and draft.facts.get("plu") is None:
                self._error(
                    draft.first_row,
                    "plu" if "plu" in self._headers else "weighed",
                    "称重商品没有条码时必须填 PLU（秤打印的标签里的商品号）",
                    "a weighed product without a barcode needs its PLU (the item number the "
                    "scales print in the label)",
                )

    def _build_communities(self) -> list[Community]:
        routes: dict[str, Route] = {}
        stops: dict[str, list[_Facts]] = {}
        for facts in self._communities.values():
            route_name = facts.get("route") or self._defaults.route_name
            route_id = route_id_for(route_name)
            route = routes.setdefault(route_id, Route(route_id, route_name))
            stops.setdefault(route.route_id, []).append(facts)
        stop_seq: dict[int, int] = {}
        for members in stops.values():
            # Points without a 站点顺序 follow the numbered ones, in order of first appearance.
            given = [f.get("stop_seq") for f in members if f.get("stop_seq") is not None]
            following = max(given, default=0)
            for facts in members:
                if facts.get("stop_seq") is None:
                    following += 1
                stop_seq[id(facts)] = facts.get("stop_seq") or following
        communities = []
        for (kind, code), facts in self._communities.items():
            name: str = facts.get("community_name") or code
            route_name = facts.get("route") or self._defaults.route_name
            communities.append(
                Community(
                    community_id=code if kind == "code" else community_id_for(name),
                    name=name,
                    leader=self._leader(facts, kind, code),
                    pickup_address=facts.get("address", ""),
                    route=routes[route_id_for(route_name)],
                    stop_seq=stop_seq[id(facts)],
                )
            )
        return communities

    def _leader(self, facts: _Facts, kind: str, code: str) -> Leader:
        name: str = facts.get("leader_name", "")
        phone: str = facts.get("leader_phone", "")
        leader_code: str = facts.get("leader_code", "")
        if leader_code:
            leader_id = leader_code
        elif name or phone:
            leader_id = leader_id_for(name, phone)
        else:
            # No leader in the file: one per pickup point, so no two points share a made-up leader.
            leader_id = _derived("L", "", "", f"{kind}:{code}")
        return Leader(leader_id=leader_id, name=name, phone=phone)

    def _build_skus(self) -> list[Sku]:
        defaults = self._defaults
        skus = []
        for sku_id, draft in self._skus.items():
            facts = draft.facts
            supplier: str = facts.get("supplier", "")
            plu: str | None = facts.get("plu")
            skus.append(
                Sku(
                    sku_id=sku_id,
                    name=facts.get("sku_name", ""),
                    spec=facts.get("spec", ""),
                    unit=facts.get("unit") or defaults.unit,
                    barcodes=tuple(draft.barcodes),
                    category=facts.get("category", ""),
                    supplier=Supplier(supplier_id_for(supplier), supplier),
                    temperature=facts.get("temperature", defaults.temperature),
                    # A PLU only exists for goods weighed at the hub's scales.
                    weighed=facts.get("weighed", plu is not None),
                    units_per_crate=facts.get("units_per_crate", defaults.units_per_crate),
                    plu=plu,
                )
            )
        return skus


def _sku_subject(code: str, barcodes: Sequence[str], name: str) -> _Facts:
    if code:
        return _Facts(f"商品编号 {code} ", f"product ID {code}")
    if barcodes:
        return _Facts(f"条码 {barcodes[0]} ", f"barcode {barcodes[0]}")
    return _Facts(f"商品「{name}」", f"product '{name}'")


def _temperature(text: str) -> Temperature | _Problem:
    found = parse_temperature(text)
    if found is None:
        return _Problem(
            f"不认识的温层「{text}」：应为 常温、冷藏 或 冷冻",
            f"unknown temperature '{text}': use ambient, chilled or frozen (常温/冷藏/冷冻)",
        )
    return found


def _line_id(order_id: str, sku_id: str, earlier: list[OrderLine]) -> str:
    """`{order}-{sku}`, then `-2`, `-3` for the same SKU again: stable when a re-export sorts
    its rows differently, so a re-import does not see every line as new."""
    repeat = sum(1 for line in earlier if line.sku_id == sku_id)
    return f"{order_id}-{sku_id}" + (f"-{repeat + 1}" if repeat else "")
