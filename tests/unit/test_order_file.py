"""Reading a platform's order export into a wave: what the supervisor sees after choosing a file."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import time as clock
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl  # type: ignore[import-untyped]
import pytest

from sorter_app.domain.crate_codes import crate_id
from sorter_app.domain.wave import OrderStatus, Temperature, WaveSnapshot, WaveStatus
from sorter_app.importing import (
    ColumnMapping,
    FileDefaults,
    OrderFileError,
    load_mapping,
    read_order_file,
)
from sorter_app.importing.order_file import (
    community_id_for,
    leader_id_for,
    parse_placed_at,
    parse_positive_whole,
    route_id_for,
    sku_id_for,
    wave_id_for,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DELIVERY = date(2026, 11, 27)
CUTOFF = datetime(2026, 11, 26, 20, 0, tzinfo=SHANGHAI)

HEADER = [
    "订单号", "下单时间", "团长", "团长电话", "自提点", "地址", "线路", "站点顺序",
    "商品名称", "商品条码", "规格", "数量", "温层", "每箱数量", "提货码", "昵称",
]  # fmt: skip
# Spreadsheet rows 2..8, as a platform exports them (everything as text, as in a CSV).
ROWS = [
    ["O1", "2026-11-26 10:02:11", "王秀英", "13812345678", "阳光花园三期", "文三路 88 号",
     "西湖 3 线", "7", "云南娃娃菜", "6923456789012", "500g/袋", "2", "冷藏", "24", "4821", "小李"],
    ["O1", "2026-11-26 10:02:11", "王秀英", "13812345678", "阳光花园三期", "文三路 88 号",
     "西湖 3 线", "7", "速冻水饺", "6901234567892", "1kg/袋", "1", "冷冻", "12", "4821", "小李"],
    ["O2", "2026/11/26 11:30", "李建国", "13900001111", "翠苑一区", "文一路 1 号",
     "西湖 3 线", "", "散装鸡蛋", "", "10枚/盒", "3", "", "", "5532", "阿芳"],
    ["O3", "", "王秀英", "13812345678", "阳光花园三期", "文三路 88 号",
     "西湖 3 线", "7", "云南娃娃菜", "6923456789012", "500g/袋", "1", "冷藏", "24", "7710", "老张"],
    ["O4", "2026-11-26 19:59", "赵敏", "13700002222", "古荡湾", "古墩路 9 号",
     "余杭 1 线", "2", "可口可乐", "96123454", "330ml", "6", "常温", "", "1208", "小赵"],
    ["O4", "2026-11-26 19:59", "赵敏", "13700002222", "古荡湾", "古墩路 9 号",
     "余杭 1 线", "2", "云南娃娃菜", "6923456789012", "500g/袋", "1", "冷藏", "24", "1208", "小赵"],
]  # fmt: skip


def write_csv(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def typed(row: list[str]) -> list[object]:
    """A row as a spreadsheet holds it: numbers as numbers, times as date cells, blanks empty."""
    out: list[object] = []
    for header, value in zip(HEADER, row, strict=True):
        if value == "":
            out.append(None)
        elif header == "下单时间":
            out.append(
                datetime.strptime(
                    value.replace("/", "-"), "%Y-%m-%d %H:%M" + ":%S" * (value.count(":") == 2)
                )
            )
        elif header in ("团长电话", "商品条码", "站点顺序", "每箱数量"):
            out.append(int(value))
        elif header == "数量":
            out.append(float(value))  # Excel keeps numbers as floats: 2.0
        else:
            out.append(value)
    return out


def read(path: Path, **options: object) -> WaveSnapshot:
    return read_order_file(path, hub_id="HZ01", delivery_date=DELIVERY, **options)  # type: ignore[arg-type]


def errors_of(path: Path, **options: object) -> list[tuple[int, str | None]]:
    with pytest.raises(OrderFileError) as caught:
        read(path, **options)
    assert caught.value.code == "order_file_bad_rows", caught.value.message_en
    return [(e.row, e.column) for e in caught.value.row_errors]


def test_a_clean_export_becomes_a_closed_wave(tmp_path: Path) -> None:
    wave = read(write_csv(tmp_path / "orders.csv", [HEADER, *ROWS]))

    summary = wave.summary
    assert summary.wave_id == "F-HZ01-20261127"
    assert summary.status is WaveStatus.CLOSED
    assert summary.cutoff_at == CUTOFF
    assert (summary.order_count, summary.line_count) == (4, 6)

    points = {c.name: c for c in wave.communities}
    assert list(points) == ["阳光花园三期", "翠苑一区", "古荡湾"]
    sunshine = points["阳光花园三期"]
    assert sunshine.community_id == community_id_for("阳光花园三期")
    assert sunshine.leader.leader_id == leader_id_for("王秀英", "13812345678")
    assert (sunshine.leader.name, sunshine.leader.phone) == ("王秀英", "13812345678")
    assert sunshine.pickup_address == "文三路 88 号"
    assert sunshine.route.route_id == route_id_for("西湖 3 线")
    # 翠苑一区 has no stop number: it follows the numbered stop on its route.
    assert (sunshine.stop_seq, points["翠苑一区"].stop_seq) == (7, 8)
    assert points["翠苑一区"].route == sunshine.route
    assert (points["古荡湾"].route.name, points["古荡湾"].stop_seq) == ("余杭 1 线", 2)

    skus = {s.name: s for s in wave.skus}
    cabbage = skus["云南娃娃菜"]
    assert cabbage.sku_id == "B6923456789012"
    assert cabbage.barcodes == ("6923456789012",)
    assert (cabbage.temperature, cabbage.units_per_crate, cabbage.spec) == (
        Temperature.CHILLED,
        24,
        "500g/袋",
    )
    assert (skus["速冻水饺"].temperature, skus["速冻水饺"].units_per_crate) == (
        Temperature.FROZEN,
        12,
    )
    eggs = skus["散装鸡蛋"]
    assert eggs.sku_id == sku_id_for("散装鸡蛋", "10枚/盒")
    assert (eggs.barcodes, eggs.temperature, eggs.units_per_crate) == ((), Temperature.AMBIENT, 20)
    assert skus["可口可乐"].sku_id == "B96123454"

    orders = {o.order_id: o for o in wave.orders}
    first = orders["O1"]
    assert first.community_id == sunshine.community_id
    assert first.placed_at == datetime(2026, 11, 26, 10, 2, 11, tzinfo=SHANGHAI)
    assert (first.customer.nickname, first.customer.pickup_code) == ("小李", "4821")
    assert [(line.line_id, line.sku_id, line.qty) for line in first.lines] == [
        ("O1-B6923456789012", "B6923456789012", 2),
        ("O1-B6901234567892", "B6901234567892", 1),
    ]
    assert orders["O2"].placed_at == datetime(2026, 11, 26, 11, 30, tzinfo=SHANGHAI)
    assert orders["O3"].placed_at == CUTOFF  # no order time: the cutoff
    assert all(o.status is OrderStatus.CLOSED for o in wave.orders)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_xlsx_and_csv_in_each_encoding_give_the_same_wave(tmp_path: Path, encoding: str) -> None:
    sheet = write_xlsx(tmp_path / "orders.xlsx", [HEADER, *map(typed, ROWS)])
    text = write_csv(tmp_path / "orders.csv", [HEADER, *ROWS], encoding)
    stamp = clock.time()
    for path in (sheet, text):
        os.utime(path, (stamp, stamp))  # updated_at is the file's modification time

    from_xlsx, from_csv = read(sheet), read(text)

    assert from_xlsx == from_csv
    assert from_csv.summary.updated_at == datetime.fromtimestamp(stamp, SHANGHAI)


def test_semicolon_separated_csv(tmp_path: Path) -> None:
    wave = read(write_csv(tmp_path / "orders.csv", [HEADER, *ROWS], delimiter=";"))
    assert wave.summary.line_count == 6


def test_a_mapping_file_describes_a_differently_named_export(tmp_path: Path) -> None:
    mapping_file = tmp_path / "mapping.toml"
    mapping_file.write_text(
        """
[file]
header_row = 2

[columns]
order_id = "单据编号"
community_name = ["门店名称"]
sku_name = "货品"
barcode = "国际条码"
qty = "订购数"
order_status = "单据状态"

[defaults]
units_per_crate = 12
temperature = "冷藏"
cutoff_time = "21:30"
route_name = "全部"

[order_status]
cancelled = ["已作废单"]
""",
        encoding="utf-8",
    )
    rows = [
        ["门店订货单 2026-11-27"],
        ["单据编号", "门店名称", "货品", "国际条码", "订购数", "单据状态"],
        ["D1", "阳光花园三期", "云南娃娃菜", "6923456789012", "4", "已审核"],
        ["D2", "古荡湾", "可口可乐", "96123454", "1", "已作废单"],
    ]
    path = write_xlsx(tmp_path / "orders.xlsx", rows)
    mapping, defaults = load_mapping(mapping_file)

    # 已审核 is not a built-in status word: the file is refused until the mapping says what it is.
    assert errors_of(path, mapping=mapping, defaults=defaults) == [(3, "单据状态")]
    mapping = replace(mapping, closed_statuses=(*mapping.closed_statuses, "已审核"))
    wave = read(path, mapping=mapping, defaults=defaults)

    assert [(o.order_id, o.status) for o in wave.orders] == [
        ("D1", OrderStatus.CLOSED),
        ("D2", OrderStatus.CANCELLED),
    ]
    assert {(s.sku_id, s.units_per_crate, s.temperature) for s in wave.skus} == {
        ("B6923456789012", 12, Temperature.CHILLED),
        ("B96123454", 12, Temperature.CHILLED),
    }
    assert {c.route.name for c in wave.communities} == {"全部"}
    assert [c.stop_seq for c in wave.communities] == [1, 2]
    assert wave.summary.cutoff_at == datetime(2026, 11, 26, 21, 30, tzinfo=SHANGHAI)
    assert wave.orders[0].placed_at == wave.summary.cutoff_at


def test_english_headers_are_matched_whatever_their_case_and_spacing(tmp_path: Path) -> None:
    rows = [
        [" Order ID", "PICKUP POINT ", "Product_Name", "Barcode", "qty"],
        ["O1", "阳光花园", "菜", "6923456789012", "1"],
    ]
    wave = read(write_csv(tmp_path / "orders.csv", rows))
    assert wave.orders[0].lines[0].sku_id == "B6923456789012"


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_returned(
    tmp_path: Path,
) -> None:
    good = ROWS[0]
    rows = [
        HEADER,
        good,  # row 2
        [*good[:11], "两", *good[12:]],  # row 3: quantity in words
        [*good[:9], "6923456789013", *good[10:]],  # row 4: bad check digit
        [*good[:4], "", *good[5:]],  # row 5: no pickup point
        ROWS[2],  # row 6: fine
        [*good[:8], "大白菜", *good[9:]],  # row 7: same barcode as row 2, another name
        [*good[:11], "2.5", *good[12:]],  # row 8: half a unit
        [*good[:11], "", *good[12:]],  # row 9: no quantity
    ]
    path = write_csv(tmp_path / "orders.csv", rows)

    with pytest.raises(OrderFileError) as caught:
        read(path)

    error = caught.value
    assert error.code == "order_file_bad_rows"
    assert [(e.row, e.column) for e in error.row_errors] == [
        (3, "数量"),
        (4, "商品条码"),
        (5, "自提点"),
        (7, "商品名称"),
        (8, "数量"),
        (9, "数量"),
    ]
    conflict = error.row_errors[3]
    assert "第 2 行" in conflict.problem_zh and "大白菜" in conflict.problem_zh
    assert "row 2" in conflict.problem_en
    assert "应为 2" in error.row_errors[1].problem_zh  # says what the check digit should be
    assert "第 3 行「数量」" in error.message_zh and "6 problem(s) in 6 row(s)" in error.message_en
    assert "另有 1 处" in error.message_zh


def test_an_order_on_two_pickup_points_is_an_error_on_the_later_row(tmp_path: Path) -> None:
    moved = [*ROWS[1][:4], "古荡湾", *ROWS[1][5:]]
    assert errors_of(write_csv(tmp_path / "orders.csv", [HEADER, ROWS[0], moved])) == [
        (3, "自提点")
    ]


def test_a_pickup_point_with_two_leaders_is_an_error(tmp_path: Path) -> None:
    other_leader = [*ROWS[3][:2], "王秀兰", *ROWS[3][3:]]
    assert errors_of(write_csv(tmp_path / "orders.csv", [HEADER, ROWS[0], other_leader])) == [
        (3, "团长")
    ]


def test_one_barcode_for_two_product_ids_is_an_error(tmp_path: Path) -> None:
    rows = [
        ["订单号", "自提点", "商品编号", "商品名称", "商品条码", "数量"],
        ["O1", "阳光花园", "S1", "娃娃菜", "6923456789012", "1"],
        ["O2", "阳光花园", "S2", "娃娃菜（大）", "6923456789012", "1"],
    ]
    assert errors_of(write_csv(tmp_path / "orders.csv", rows)) == [(3, "商品条码")]


def test_product_ids_from_the_file_are_kept_and_must_be_on_every_row(tmp_path: Path) -> None:
    rows = [
        ["订单号", "自提点编号", "自提点", "商品编号", "商品名称", "商品条码", "数量"],
        ["O1", "C0017", "阳光花园", "S10023", "娃娃菜", "6923456789012/6950000000019", "1"],
        ["O2", "C0018", "古荡湾", "S10023", "娃娃菜", "6923456789012", "2"],
    ]
    wave = read(write_csv(tmp_path / "orders.csv", rows))
    assert [c.community_id for c in wave.communities] == ["C0017", "C0018"]
    assert [(s.sku_id, s.barcodes) for s in wave.skus] == [
        ("S10023", ("6923456789012", "6950000000019"))
    ]

    rows.append(["O3", "", "翠苑", "S10024", "鸡蛋", "", "1"])
    assert errors_of(write_csv(tmp_path / "orders.csv", rows)) == [(4, "自提点编号")]


def test_a_barcode_excel_turned_into_scientific_notation_is_explained(tmp_path: Path) -> None:
    rows = [HEADER, [*ROWS[0][:9], "6.92346E+12", *ROWS[0][10:]]]
    with pytest.raises(OrderFileError) as caught:
        read(write_csv(tmp_path / "orders.csv", rows))
    assert "科学计数法" in caught.value.row_errors[0].problem_zh


def test_unknown_temperature_is_an_error(tmp_path: Path) -> None:
    rows = [HEADER, [*ROWS[0][:12], "阴凉", *ROWS[0][13:]]]
    assert errors_of(write_csv(tmp_path / "orders.csv", rows)) == [(2, "温层")]


def test_missing_required_columns_are_named_with_the_headers_found(tmp_path: Path) -> None:
    rows = [["订单号", "自提点", "商品名称", "购买件数"], ["O1", "阳光花园", "娃娃菜", "1"]]

    with pytest.raises(OrderFileError) as caught:
        read(write_csv(tmp_path / "orders.csv", rows))

    error = caught.value
    assert error.code == "order_file_missing_columns"
    assert error.row_errors == []
    assert (
        "数量" in error.message_zh
        and "商品条码" in error.message_zh
        and "商品编号" in error.message_zh
    )
    assert "订单号、自提点、商品名称、购买件数" in error.message_zh
    assert "barcode" in error.message_en and " or product ID" in error.message_en


def test_blank_rows_and_a_summary_row_are_skipped(tmp_path: Path) -> None:
    total = ["合计", "", "", "", "", "", "", "", "", "", "", "14"]
    rows = [HEADER, ROWS[0], [], ROWS[1], ["", "", ""], *ROWS[2:], total, []]
    path = write_xlsx(tmp_path / "orders.xlsx", rows)

    wave = read(path)

    assert wave.summary.line_count == 6
    assert [line.line_id for line in wave.orders[0].lines] == [
        "O1-B6923456789012",
        "O1-B6901234567892",
    ]


def test_a_header_only_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OrderFileError) as caught:
        read(write_csv(tmp_path / "orders.csv", [HEADER, ["合计", "", "0"]]))
    assert caught.value.code == "order_file_empty"


def test_derived_ids_are_stable_across_reads_and_row_order(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [HEADER, *ROWS])
    first, again = read(path), read(path)
    shuffled = read(write_csv(tmp_path / "b.csv", [HEADER, *reversed(ROWS)]))

    assert again == first

    def ids(wave: WaveSnapshot) -> object:
        return (
            wave.summary.wave_id,
            {
                (c.name, c.community_id, c.leader.leader_id, c.route.route_id)
                for c in wave.communities
            },
            {(s.name, s.sku_id) for s in wave.skus},
            {
                (o.order_id, o.community_id, frozenset(ln.sku_id for ln in o.lines))
                for o in wave.orders
            },
        )

    assert ids(shuffled) == ids(first)


def test_derived_ids_follow_the_documented_rule() -> None:
    # Stored waves are keyed by these: changing the rule orphans them (docs/file-import.md).
    expected = "P" + hashlib.sha1("阳光花园三期".encode()).hexdigest()[:10].upper()
    assert community_id_for("阳光花园三期") == expected
    assert community_id_for(" 阳光花园 三期 ") == expected
    assert community_id_for("Sun Garden") == community_id_for("ＳＵＮ ＧＡＲＤＥＮ")
    assert leader_id_for("王秀英", "138-1234-5678") == leader_id_for("王秀英", "13812345678")
    assert leader_id_for("王秀英", "13812345678") != leader_id_for("王秀英", "13812345679")
    assert sku_id_for("娃娃菜", "500g", "6923456789012") == "B6923456789012"
    assert sku_id_for("娃娃菜", "500g") != sku_id_for("娃娃菜", "1kg")


@pytest.mark.parametrize(
    "code", ["c0017", "cm-0003", "d13c513a-42f8-4da1-97b1-165f0971b7c4", "丁桥-003", "C.17:a"]
)
def test_pickup_point_ids_are_kept_as_the_platform_wrote_them(tmp_path: Path, code: str) -> None:
    rows = [
        ["订单号", "自提点编号", "自提点", "商品名称", "商品条码", "数量"],
        ["O1", code, "阳光花园", "娃娃菜", "6923456789012", "1"],
    ]
    wave = read(write_csv(tmp_path / "a.csv", rows))
    assert wave.communities[0].community_id == code
    crate_id(wave.summary.wave_id, code, 1)  # raises if a crate could not carry it


@pytest.mark.parametrize("code", ["C|17", "C" * 65])
def test_pickup_point_ids_that_break_the_contract_are_refused(tmp_path: Path, code: str) -> None:
    rows = [
        ["订单号", "自提点编号", "自提点", "商品名称", "商品条码", "数量"],
        ["O1", code, "阳光花园", "娃娃菜", "6923456789012", "1"],
    ]
    assert errors_of(write_csv(tmp_path / "c.csv", rows)) == [(2, "自提点编号")]


def test_a_long_hub_id_still_gives_a_wave_id_of_at_most_64_characters() -> None:
    wave_id = wave_id_for("H" * 64, date(2026, 11, 27))
    assert len(wave_id) <= 64 and wave_id.endswith("-20261127")
    assert wave_id_for("HZ01", date(2026, 11, 27)) == "F-HZ01-20261127"


@pytest.mark.parametrize(
    ("barcode", "problem"),
    [
        ("694 1234", "无法扫描"),  # split in two, and each too short to scan
        ("条码", "无法扫描"),
        ("9000000017", "筐码"),
        ("HS-0042", "筐码"),
        ("CMD-UNDO", "操作卡"),  # what a crate label's scan code looks like
        ("012345678906", "校验位"),  # UPC-A, checked by the scanner like EAN
    ],
)
def test_barcodes_a_scan_could_never_match_are_refused(
    tmp_path: Path, barcode: str, problem: str
) -> None:
    rows = [HEADER, [*ROWS[0][:9], barcode, *ROWS[0][10:]]]
    with pytest.raises(OrderFileError) as caught:
        read(write_csv(tmp_path / "orders.csv", rows))
    assert [e.column for e in caught.value.row_errors] == ["商品条码"]
    assert problem in caught.value.row_errors[0].problem_zh


def test_barcode_placeholders_and_letter_codes(tmp_path: Path) -> None:
    rows = [
        HEADER,
        [*ROWS[2][:9], "无", *ROWS[2][10:]],
        [*ROWS[0][:8], "自有品牌酱油", "sku-0042.a", *ROWS[0][10:]],
    ]
    wave = read(write_csv(tmp_path / "orders.csv", rows))
    assert [s.barcodes for s in wave.skus] == [(), ("sku-0042.a",)]
    assert wave.skus[0].sku_id == sku_id_for("散装鸡蛋", "10枚/盒")


def test_weighed_goods_by_plu(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["订单号", "自提点", "商品名称", "商品编号", "PLU", "数量"],
        ["O1", "阳光花园", "五花肉", "S9", 418, "1"],
    ]
    wave = read(write_xlsx(tmp_path / "orders.xlsx", rows))
    assert (wave.skus[0].weighed, wave.skus[0].plu) == (True, "00418")

    rows = [
        ["订单号", "自提点", "商品名称", "商品编号", "称重", "数量"],
        ["O1", "阳光花园", "五花肉", "S9", "是", 1],
    ]
    assert errors_of(write_xlsx(tmp_path / "orders.xlsx", rows)) == [(2, "称重")]


@pytest.mark.parametrize(
    ("raw", "qty"), [("2", 2), (2, 2), (2.0, 2), ("2.0", 2), ("２", 2), (" 12 ", 12)]
)
def test_quantities_that_are_whole_numbers(raw: object, qty: int) -> None:
    assert parse_positive_whole(raw) == qty  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", [2.5, "2.5", "两", "", None, 0, "-1", "2件", True])
def test_quantities_that_are_not(raw: object) -> None:
    assert not isinstance(parse_positive_whole(raw), int)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-26 10:02:11", datetime(2026, 11, 26, 10, 2, 11, tzinfo=SHANGHAI)),
        ("2026/11/26 10:02", datetime(2026, 11, 26, 10, 2, tzinfo=SHANGHAI)),
        ("2026/1/5 9:02", datetime(2026, 1, 5, 9, 2, tzinfo=SHANGHAI)),
        ("2026年11月26日 10:02", datetime(2026, 11, 26, 10, 2, tzinfo=SHANGHAI)),
        (datetime(2026, 11, 26, 10, 2), datetime(2026, 11, 26, 10, 2, tzinfo=SHANGHAI)),
        ("2026-11-26T02:02:11+00:00", datetime(2026, 11, 26, 10, 2, 11, tzinfo=SHANGHAI)),
    ],
)
def test_order_times(raw: object, expected: datetime) -> None:
    assert parse_placed_at(raw, SHANGHAI) == expected  # type: ignore[arg-type]


def test_order_time_that_is_not_a_time(tmp_path: Path) -> None:
    rows = [HEADER, [ROWS[0][0], "昨天上午", *ROWS[0][2:]]]
    assert errors_of(write_csv(tmp_path / "orders.csv", rows)) == [(2, "下单时间")]


def test_load_mapping_refuses_typos(tmp_path: Path) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text('[columns]\norder_idd = "单号"\n', encoding="utf-8")
    with pytest.raises(OrderFileError) as caught:
        load_mapping(path)
    assert caught.value.code == "order_file_mapping_invalid"
    assert "order_idd" in caught.value.message_en

    path.write_text("[defaults]\nunits_per_crate = 0\n", encoding="utf-8")
    with pytest.raises(OrderFileError):
        load_mapping(path)

    path.write_text('[columns]\norder_id = "单号"\nsku_code = "单号"\n', encoding="utf-8")
    with pytest.raises(OrderFileError, match="both"):
        load_mapping(path)


def test_a_header_claimed_by_the_mapping_leaves_the_built_in_field() -> None:
    # This export's 商品 column is the category; the product name is 品名.
    mapping = ColumnMapping().with_columns(category=["商品"])
    located = mapping.locate(["订单号", "自提点", "品名", "商品", "商品条码", "数量"])
    assert (located["sku_name"], located["category"]) == (2, 3)


def test_defaults_are_checked() -> None:
    with pytest.raises(ValueError):
        FileDefaults(units_per_crate=0)
    assert FileDefaults().cutoff_time == time(20, 0)


@pytest.mark.slow
def test_a_hundred_thousand_csv_rows_read_in_seconds(tmp_path: Path) -> None:
    # Three lines an order, 300 pickup points on 15 routes, 1,000 products.
    lines = [HEADER]
    for n in range(100_000):
        order, sku = n // 3, n % 1000
        point = order % 300
        lines.append(
            [f"O{order}", "2026-11-26 10:02:11", f"团长{point}", f"138{point:08d}", f"小区{point}",
             f"文三路 {point} 号", f"线路{point % 15}", "", f"商品{sku}", "", "500g",
             str(n % 5 + 1), "冷藏", "24", f"{order % 10000:04d}", "客户"]
        )  # fmt: skip
    path = write_csv(tmp_path / "orders.csv", lines)

    started = clock.perf_counter()
    wave = read(path)
    elapsed = clock.perf_counter() - started

    assert wave.summary.line_count == 100_000
    assert len(wave.communities) == 300
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_the_same_sku_twice_in_one_order_gets_numbered_line_ids(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "orders.xlsx", [HEADER, ROWS[0], ROWS[1], ROWS[0]])
    wave = read(path)
    assert [line.line_id for line in wave.orders[0].lines] == [
        "O1-B6923456789012",
        "O1-B6901234567892",
        "O1-B6923456789012-2",
    ]


def test_a_resorted_reexport_keeps_every_line_id(tmp_path: Path) -> None:
    first = read(write_xlsx(tmp_path / "a.xlsx", [HEADER, *ROWS]))
    second = read(write_xlsx(tmp_path / "b.xlsx", [HEADER, *reversed(ROWS)]))
    ids = lambda wave: sorted(line.line_id for order in wave.orders for line in order.lines)  # noqa: E731
    assert ids(first) == ids(second)
