"""The vocabulary of an order file: its columns, defaults for what it leaves out, and its errors.

Platforms that give hubs a spreadsheet instead of an API name their columns differently, so each
field accepts several header spellings (aliases); a hub whose export differs further describes it
in a mapping.toml (see docs/file-import.md) rather than editing the file by hand every night.
"""

from __future__ import annotations

import codecs
import functools
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.wave import Temperature


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one spreadsheet row (header = row 1); `column` is the header as written."""

    row: int
    column: str | None
    problem_zh: str
    problem_en: str

    def message(self, language: str = "zh") -> str:
        if language.startswith("zh"):
            where = f"第 {self.row} 行" + (f"「{self.column}」" if self.column else "")
            return f"{where}：{self.problem_zh}"
        where = f"row {self.row}" + (f" [{self.column}]" if self.column else "")
        return f"{where}: {self.problem_en}"


class OrderFileError(UserFacingError):
    """An order file that cannot become a wave; `row_errors` lists every bad row, if any."""

    code = "order_file_invalid"

    # How many row problems go into the one-line message; the screen lists all of `row_errors`.
    SHOWN_IN_MESSAGE = 5

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        code: str | None = None,
        row_errors: Sequence[RowError] = (),
    ) -> None:
        super().__init__(message_zh, message_en, code=code)
        self.row_errors: list[RowError] = list(row_errors)

    @classmethod
    def for_rows(cls, row_errors: Sequence[RowError]) -> OrderFileError:
        """The error for bad rows: a count and the first few in the message, all attached."""
        ordered = sorted(row_errors, key=lambda e: e.row)
        shown = ordered[: cls.SHOWN_IN_MESSAGE]
        rest = len(ordered) - len(shown)
        rows = len({e.row for e in ordered})
        zh = f"订单文件有 {len(ordered)} 处错误（{rows} 行），没有导入任何数据。" + "；".join(
            e.message("zh") for e in shown
        )
        en = (
            f"The order file has {len(ordered)} problem(s) in {rows} row(s); nothing was imported. "
            + "; ".join(e.message("en") for e in shown)
        )
        if rest:
            zh += f"；另有 {rest} 处"
            en += f"; and {rest} more"
        return cls(zh, en, code="order_file_bad_rows", row_errors=ordered)


@dataclass(frozen=True, slots=True)
class Column:
    """One field an order file can carry, and the headers it goes by unless a mapping says so."""

    key: str
    label_zh: str
    label_en: str
    aliases: tuple[str, ...]
    required: bool = False


# Alias order is priority: when a file has two headers for the same field, the earlier alias wins.
COLUMNS: tuple[Column, ...] = (
    Column("order_id", "订单号", "order ID",
           ("订单号", "订单编号", "订单ID", "单号", "order id", "order no", "order number"), True),
    Column("placed_at", "下单时间", "order time",
           ("下单时间", "下单日期", "支付时间", "付款时间", "创建时间", "order time", "placed at")),
    Column("leader_name", "团长", "group leader",
           ("团长", "团长姓名", "团长名称", "团长名字", "leader", "leader name")),
    Column("leader_phone", "团长电话", "leader phone",
           ("团长电话", "团长手机", "团长手机号", "团长联系电话", "leader phone")),
    Column("community_name", "自提点", "pickup point",
           ("自提点", "自提点名称", "小区", "小区名称", "团点", "提货点", "门店", "门店名称",
            "pickup point", "community"), True),
    Column("address", "地址", "address",
           ("地址", "自提点地址", "提货地址", "团长地址", "收货地址", "address", "pickup address")),
    Column("route", "线路", "route", ("线路", "线路名称", "配送线路", "路线", "route")),
    Column("stop_seq", "站点顺序", "stop order",
           ("站点顺序", "站点序号", "配送顺序", "站序", "顺序", "stop seq", "stop")),
    Column("sku_name", "商品名称", "product name",
           ("商品名称", "商品名", "商品", "品名", "product name", "product", "item"), True),
    Column("barcode", "商品条码", "barcode",
           ("商品条码", "条码", "条形码", "69码", "barcode", "ean")),
    Column("spec", "规格", "spec", ("规格", "商品规格", "spec", "specification")),
    Column("qty", "数量", "quantity",
           ("数量", "购买数量", "商品数量", "件数", "qty", "quantity"), True),
    Column("temperature", "温层", "temperature",
           ("温层", "温区", "储存条件", "存储方式", "temperature", "temp zone")),
    Column("units_per_crate", "每箱数量", "units per crate",
           ("每箱数量", "每筐数量", "装箱数", "箱规", "units per crate")),
    Column("community_code", "自提点编号", "pickup point ID",
           ("自提点编号", "自提点ID", "小区编号", "门店编号", "团点编号", "pickup point id",
            "community id")),
    Column("leader_code", "团长编号", "leader ID", ("团长编号", "团长ID", "leader id")),
    Column("sku_code", "商品编号", "product ID",
           ("商品编号", "商品编码", "商品ID", "sku id", "sku code", "product id")),
    Column("unit", "单位", "unit", ("单位", "商品单位", "unit")),
    Column("category", "分类", "category", ("分类", "商品分类", "品类", "类目", "category")),
    Column("supplier", "供应商", "supplier", ("供应商", "供应商名称", "supplier")),
    Column("pickup_code", "提货码", "pickup code",
           ("提货码", "取货码", "核销码", "pickup code")),
    Column("nickname", "昵称", "customer",
           ("昵称", "客户", "客户昵称", "下单人", "买家", "nickname", "customer")),
    Column("order_status", "订单状态", "order status",
           ("订单状态", "状态", "order status", "status")),
    Column("weighed", "称重", "weighed", ("称重", "是否称重", "称重商品", "计重", "weighed")),
    Column("plu", "PLU", "PLU", ("PLU", "PLU码", "PLU编码", "称重编码", "秤码")),
)  # fmt: skip

COLUMNS_BY_KEY: Mapping[str, Column] = MappingProxyType({c.key: c for c in COLUMNS})

# A product needs some identity besides its name: at least one of these columns must be present.
PRODUCT_ID_COLUMNS = ("barcode", "sku_code")

# Order status words as platforms write them; a mapping can add more. Anything else is a row error,
# because guessing wrong means delivering a refunded order or not delivering a paid one.
CLOSED_STATUSES: tuple[str, ...] = (
    "已支付", "已付款", "待发货", "待配送", "待分拣", "待提货", "配送中", "已发货", "已完成",
    "已截单", "已成团", "正常", "有效", "closed", "paid", "completed",
)  # fmt: skip
CANCELLED_STATUSES: tuple[str, ...] = (
    "已取消", "取消", "已退款", "退款", "全额退款", "已关闭", "关闭", "已作废",
    "cancelled", "canceled", "refunded",
)  # fmt: skip

_T = TypeVar("_T")

_HEADER_NOISE = str.maketrans("", "", " \t\r\n\u3000\xa0\ufeff\u200b_-*")


def normalise_header(text: str) -> str:
    """Header comparison form: NFKC, case-folded, without spaces, `_`, `-` or `*` marks."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_HEADER_NOISE)


# Cached: an order file repeats the same few thousand names and words down every row.
@functools.lru_cache(maxsize=1 << 16)
def normalise_word(text: str) -> str:
    """Comparison form for short vocabulary (status words, temperature words): folded, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _default_columns() -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({c.key: c.aliases for c in COLUMNS})


def _claim(
    base: Mapping[str, Sequence[str]], overrides: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    """`base` with `overrides` applied; a header an override claims is taken off the other fields.

    So a hub whose file calls its category column 商品 can say so without also having to
    re-list every other header of 商品名称.
    """
    claimed = {normalise_header(a) for aliases in overrides.values() for a in aliases}
    merged = {
        key: tuple(a for a in aliases if normalise_header(a) not in claimed)
        for key, aliases in base.items()
        if key not in overrides
    }
    merged.update({key: tuple(aliases) for key, aliases in overrides.items()})
    return merged


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which headers mean which field, plus how to open the file (header row, sheet, encoding)."""

    columns: Mapping[str, tuple[str, ...]] = field(default_factory=_default_columns)
    header_row: int = 1
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    closed_statuses: tuple[str, ...] = CLOSED_STATUSES
    cancelled_statuses: tuple[str, ...] = CANCELLED_STATUSES

    def __post_init__(self) -> None:
        unknown = sorted(set(self.columns) - set(COLUMNS_BY_KEY))
        if unknown:
            raise ValueError(f"unknown column keys {unknown}; known: {sorted(COLUMNS_BY_KEY)}")
        # Fields given here go by exactly the headers given; the rest keep the built-in ones.
        merged = _claim(_default_columns(), self.columns)
        object.__setattr__(self, "columns", MappingProxyType(merged))
        owner: dict[str, str] = {}
        for key, aliases in merged.items():
            if COLUMNS_BY_KEY[key].required and not aliases:
                raise ValueError(f"column {key!r} is required and needs at least one header name")
            for alias in aliases:
                norm = normalise_header(alias)
                if not norm:
                    raise ValueError(f"column {key!r} has an empty header name")
                if owner.setdefault(norm, key) != key:
                    raise ValueError(
                        f"header {alias!r} is given for both {owner[norm]!r} and {key!r}"
                    )
        if self.header_row < 1:
            raise ValueError(f"header_row must be 1 or more, not {self.header_row}")
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise ValueError(f"delimiter must be one character, not {self.delimiter!r}")
        if self.encoding is not None:
            codecs.lookup(self.encoding)  # raises LookupError for a misspelt encoding

    def with_columns(self, **aliases: Sequence[str]) -> ColumnMapping:
        """A copy where the named fields go by exactly these headers (not the built-in ones)."""
        return replace(self, columns=_claim(self.columns, aliases))

    def locate(self, headers: Sequence[str]) -> dict[str, int]:
        """Each field present in `headers` and its column index; raise naming what is missing."""
        positions: dict[str, list[int]] = {}
        for index, header in enumerate(headers):
            positions.setdefault(normalise_header(header), []).append(index)
        located: dict[str, int] = {}
        for key, aliases in self.columns.items():
            for alias in aliases:
                found = positions.get(normalise_header(alias))
                if not found:
                    continue
                if len(found) > 1:
                    raise _duplicate_header(headers[found[0]], [i + 1 for i in found])
                located[key] = found[0]
                break
        missing = [c for c in COLUMNS if c.required and c.key not in located]
        if not any(k in located for k in PRODUCT_ID_COLUMNS):
            missing += [COLUMNS_BY_KEY[k] for k in PRODUCT_ID_COLUMNS]
        if missing:
            raise self._missing_columns(missing, headers)
        return located

    def _missing_columns(self, missing: Sequence[Column], headers: Sequence[str]) -> OrderFileError:
        either = all(c.key in PRODUCT_ID_COLUMNS for c in missing[-2:]) and len(missing) >= 2
        found = "、".join(h for h in headers if h.strip()) or "（无）"
        found_en = ", ".join(h for h in headers if h.strip()) or "(none)"
        parts_zh = [f"{c.label_zh}（可用列名：{'、'.join(self.columns[c.key])}）" for c in missing]
        parts_en = [
            f"{c.label_en} (accepted headers: {', '.join(self.columns[c.key])})" for c in missing
        ]
        if either:
            parts_zh[-2:] = [f"{parts_zh[-2]}或{parts_zh[-1]}"]
            parts_en[-2:] = [f"{parts_en[-2]} or {parts_en[-1]}"]
        return OrderFileError(
            f"订单文件缺少必需的列：{'；'.join(parts_zh)}。"
            f"文件第 {self.header_row} 行的列名是：{found}",
            f"The order file lacks required column(s): {'; '.join(parts_en)}. "
            f"The headers in row {self.header_row} are: {found_en}",
            code="order_file_missing_columns",
        )


def _duplicate_header(header: str, column_numbers: list[int]) -> OrderFileError:
    cols = "、".join(str(n) for n in column_numbers)
    return OrderFileError(
        f"订单文件有重名的列「{header}」（第 {cols} 列），无法判断用哪一列",
        f"The order file has the header '{header}' more than once (columns {cols}); "
        "cannot tell which one to use",
        code="order_file_duplicate_column",
    )


@dataclass(frozen=True, slots=True)
class FileDefaults:
    """What to assume for values an order file leaves out."""

    units_per_crate: int = 20
    temperature: Temperature = Temperature.AMBIENT
    unit: str = "件"
    # All pickup points of a file without a 线路 column go on this one route.
    route_name: str = "未分线路"
    # Orders close at this hour on the day before delivery; also the order time when none is given.
    cutoff_time: time = time(20, 0)

    def __post_init__(self) -> None:
        if self.units_per_crate < 1:
            raise ValueError(f"units_per_crate must be 1 or more, not {self.units_per_crate}")
        if not self.route_name.strip():
            raise ValueError("route_name must not be empty")


# Temperature words; the keys are in normalise_word form.
TEMPERATURE_WORDS: Mapping[str, Temperature] = MappingProxyType(
    {
        "常温": Temperature.AMBIENT,
        "ambient": Temperature.AMBIENT,
        "冷藏": Temperature.CHILLED,
        "冷鲜": Temperature.CHILLED,
        "chilled": Temperature.CHILLED,
        "冷冻": Temperature.FROZEN,
        "速冻": Temperature.FROZEN,
        "frozen": Temperature.FROZEN,
    }
)


def parse_temperature(text: str) -> Temperature | None:
    """常温/冷藏/冷冻 or ambient/chilled/frozen (and a few synonyms); None when not recognised."""
    return TEMPERATURE_WORDS.get(normalise_word(text))


# --- mapping.toml -------------------------------------------------------------------------------

_FILE_KEYS = {"header_row", "sheet", "encoding", "delimiter"}
_DEFAULT_KEYS = {"units_per_crate", "temperature", "unit", "route_name", "cutoff_time"}
_STATUS_KEYS = {"closed", "cancelled"}
_SECTIONS = {"file", "columns", "defaults", "order_status"}


def load_mapping(path: Path) -> tuple[ColumnMapping, FileDefaults]:
    """Read a mapping.toml; a misspelt key or a value of the wrong type is an error, not ignored."""
    try:
        with path.open("rb") as f:
            doc = tomllib.load(f)
    except FileNotFoundError:
        raise _mapping_error(path, "文件不存在", "file not found") from None
    except OSError as exc:
        raise _mapping_error(path, f"无法读取：{exc}", f"cannot read: {exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _mapping_error(path, f"格式错误：{exc}", f"not valid TOML: {exc}") from exc
    try:
        return _mapping_from_toml(doc)
    except (ValueError, TypeError, LookupError) as exc:
        raise _mapping_error(path, str(exc), str(exc)) from exc


def _mapping_from_toml(doc: Mapping[str, Any]) -> tuple[ColumnMapping, FileDefaults]:
    _only_keys("top level", doc, _SECTIONS)
    file = _section(doc, "file", _FILE_KEYS)
    columns = _section(doc, "columns", set(COLUMNS_BY_KEY))
    defaults = _section(doc, "defaults", _DEFAULT_KEYS)
    status = _section(doc, "order_status", _STATUS_KEYS)

    mapping = ColumnMapping(
        columns={k: _names(f"columns.{k}", v) for k, v in columns.items()},
        header_row=_typed("file.header_row", file.get("header_row", 1), int),
        sheet=_optional_str("file.sheet", file.get("sheet")),
        encoding=_optional_str("file.encoding", file.get("encoding")),
        delimiter=_delimiter(file.get("delimiter")),
        closed_statuses=CLOSED_STATUSES + _names("order_status.closed", status.get("closed", [])),
        cancelled_statuses=CANCELLED_STATUSES
        + _names("order_status.cancelled", status.get("cancelled", [])),
    )
    base = FileDefaults()
    temperature = base.temperature
    if "temperature" in defaults:
        word = _typed("defaults.temperature", defaults["temperature"], str)
        found = parse_temperature(word)
        if found is None:
            raise ValueError(
                f"defaults.temperature: {word!r} is not 常温/冷藏/冷冻 or ambient/chilled/frozen"
            )
        temperature = found
    cutoff = defaults.get("cutoff_time", base.cutoff_time)
    if isinstance(cutoff, str):
        try:
            cutoff = time.fromisoformat(cutoff)
        except ValueError:
            raise ValueError(
                f'defaults.cutoff_time: {cutoff!r} is not a time like "20:00"'
            ) from None
    file_defaults = FileDefaults(
        units_per_crate=_typed(
            "defaults.units_per_crate", defaults.get("units_per_crate", 20), int
        ),
        temperature=temperature,
        unit=_typed("defaults.unit", defaults.get("unit", base.unit), str),
        route_name=_typed("defaults.route_name", defaults.get("route_name", base.route_name), str),
        cutoff_time=_typed("defaults.cutoff_time", cutoff, time),
    )
    return mapping, file_defaults


def _only_keys(where: str, table: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _section(doc: Mapping[str, Any], name: str, allowed: set[str]) -> Mapping[str, Any]:
    table = doc.get(name, {})
    if not isinstance(table, dict):
        raise TypeError(f"[{name}] must be a table")
    _only_keys(f"[{name}]", table, allowed)
    return table


def _names(where: str, value: object) -> tuple[str, ...]:
    """A header name or status word, or a list of them."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise TypeError(f"{where} must be a string or a list of strings")
    return tuple(items)


def _typed(where: str, value: object, kind: type[_T]) -> _T:
    # bool is an int in Python, but `header_row = true` is a mistake, not row 1.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{where} must be {kind.__name__}, not {value!r}")
    return value


def _optional_str(where: str, value: object) -> str | None:
    return None if value is None else _typed(where, value, str)


def _delimiter(value: object) -> str | None:
    text = _optional_str("file.delimiter", value)
    # TOML makes a tab awkward to type; accept the word.
    return "\t" if text in ("tab", "\\t") else text


def _mapping_error(path: Path, problem_zh: str, problem_en: str) -> OrderFileError:
    return OrderFileError(
        f"列映射文件 {path} 有问题：{problem_zh}",
        f"Column mapping file {path}: {problem_en}",
        code="order_file_mapping_invalid",
    )
