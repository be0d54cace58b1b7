"""The A4 documents from a real store: what the leader, the loader, the driver and the buyer read
on paper, at every stage of the night (just imported, mid-receiving, after receiving closed).

PDF text is read back with pypdf; rows are checked as runs of consecutive words, so a row's
numbers must stand next to its name, not just somewhere on the page.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pypdf
import pytest
from reportlab.pdfbase import pdfmetrics
from sqlalchemy import event

from printers.documents import (
    render_load_sheet,
    render_manifests,
    render_pickup_lists,
    render_supplier_shortages,
)
from printers.documents.models import Manifest, ManifestCrate, ManifestLine, ShortNote
from printers.documents.pdf_base import register_font
from printers.fonts import find_cjk_font
from printers.model import Zone
from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.wave import Customer, WaveSnapshot
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views import document_data
from sorter_app.services.waves.wave_import import store_snapshot
from sorter_app.store.database import Store
from tests.factories import EAN_S1, community, order, sku, small_wave, summary

WAVE = "W20261127-HZ01"


# --- helpers --------------------------------------------------------------------------------


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def words(text: str) -> list[str]:
    return text.split()


def has_run(text: str, run: str) -> bool:
    """True when the words of `run` appear consecutively in `text`."""
    want, have = words(run), words(text)
    return any(have[i : i + len(want)] == want for i in range(len(have) - len(want) + 1))


def font_names(pdf: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def embedded_font_files(pdf: bytes) -> int:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    files = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                files.add(id(descriptor.get_object()["/FontFile2"].get_object()))
    return len(files)


def work_the_night(store: Store) -> None:
    """Receiving and seeding of small_wave with a short and a damaged SKU, then close.

    S00001: 6 ordered (C0001 3, C0002 3), 5 arrive: order 3 (C0002, placed last) is short 1.
    C0001 gets 3 and C0002 gets 2 put. S00002: 5 ordered (C0001 1, C0003 4), 5 arrive, 2 are
    damaged: order 4 (C0003) goes 2 short as damage; C0001's 1 is put, C0003's 2 are not yet.
    """
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*5", mode="receive")
    for _ in range(2):
        target = station.scan(EAN_S1, mode="seed")
        station.scan(target.crate_code, mode="seed")
    station.scan("S00002*5", mode="receive")
    station.scan("CMD-DAMAGED", mode="receive")
    station.scan("S00002*2", mode="receive")
    target = station.scan("S00002", mode="seed")
    assert target.community_id == "C0001"
    station.scan(target.crate_code, mode="seed")
    close_receiving(store, WAVE)


@pytest.fixture
def wave_store(store: Store) -> Store:
    store_snapshot(store, small_wave(WAVE), source="api")
    return store


@pytest.fixture
def night_store(sqlite_url: str) -> Store:
    """The worked night on SQLite only: for the rendering tests, where the database is not what
    is being tested."""
    s = Store.open(sqlite_url)
    store_snapshot(s, small_wave(WAVE), source="api")
    work_the_night(s)
    yield s
    s.close()


# --- manifests: data ------------------------------------------------------------------------


def test_manifest_right_after_import_shows_what_was_ordered_and_the_planned_crates(
    wave_store: Store,
) -> None:
    manifests = document_data.manifests(wave_store, WAVE)
    assert [m.community_id for m in manifests] == ["C0001", "C0002", "C0003"]
    first = manifests[0]
    assert (first.community_name, first.leader_name, first.leader_phone_masked) == (
        "阳光花园1期",
        "王秀英1",
        "138****0001",
    )
    assert (first.route_name, first.stop_seq, first.delivery_date) == (
        "西湖 1 线",
        1,
        date(2026, 11, 27),
    )
    assert [(c.crate_id, c.zone) for c in first.crates] == [
        ("HS-W20261127-HZ01-C0001-01", Zone.AMBIENT),
        ("HS-W20261127-HZ01-C0001-02", Zone.CHILLED),
    ]
    assert [
        (ln.sku_id, ln.ordered, ln.due, ln.shipped, ln.shorts, ln.crate_seqs) for ln in first.lines
    ] == [
        ("S00001", 3, 3, 0, (), (1,)),
        ("S00002", 1, 1, 0, (), (2,)),
    ]
    # The cancelled order 5 and the SKU cancelled below threshold are not on any sheet.
    assert [(ln.sku_id, ln.ordered) for ln in manifests[1].lines] == [("S00001", 3)]
    assert [(ln.sku_id, ln.ordered) for ln in manifests[2].lines] == [("S00002", 4)]


def test_mid_receiving_a_short_arrival_shows_as_awaited_not_final(wave_store: Store) -> None:
    station = ScanStation(wave_store, wave_id=WAVE, station_id="ST-01")
    station.scan(f"{EAN_S1}*5", mode="receive")
    [c2] = document_data.manifests(wave_store, WAVE, community_id="C0002")
    [line] = c2.lines
    assert (line.ordered, line.due, line.shipped) == (3, 2, 0)
    assert line.shorts == (ShortNote("待到货", 1),)


def test_after_close_shortages_carry_their_reasons_and_crates_what_was_put(
    wave_store: Store,
) -> None:
    work_the_night(wave_store)
    c1, c2, c3 = document_data.manifests(wave_store, WAVE)
    assert [
        (ln.sku_id, ln.ordered, ln.due, ln.shipped, ln.shorts, ln.crate_seqs) for ln in c1.lines
    ] == [
        ("S00001", 3, 3, 3, (), (1,)),
        ("S00002", 1, 1, 1, (), (2,)),
    ]
    assert (c1.ordered, c1.due, c1.shipped, c1.short) == (4, 4, 4, 0)
    [line2] = c2.lines
    assert (line2.ordered, line2.due, line2.shipped, line2.shorts) == (
        3,
        2,
        2,
        (ShortNote("缺货", 1),),
    )
    [line3] = c3.lines
    assert (line3.ordered, line3.due, line3.shipped, line3.shorts) == (
        4,
        2,
        0,
        (ShortNote("破损", 2),),
    )
    # Nothing put for C0003 yet: its planned crate is still listed.
    assert [c.seq for c in c3.crates] == [1]


def test_a_sku_closed_at_the_cut_time_is_short_as_late(wave_store: Store) -> None:
    close_receiving(wave_store, WAVE, sku_id="S00002", cause="cut_time")
    [c1] = document_data.manifests(wave_store, WAVE, community_id="C0001")
    s2 = next(ln for ln in c1.lines if ln.sku_id == "S00002")
    assert (s2.ordered, s2.due, s2.shipped, s2.shorts) == (1, 0, 0, (ShortNote("迟到", 1),))
    # Nothing of S00002 will come: its chilled crate is no longer part of the delivery.
    assert s2.crate_seqs == ()
    assert [c.seq for c in c1.crates] == [1]


def test_communities_come_in_route_and_stop_order_not_id_order(store: Store) -> None:
    communities = [
        community(4, route="R01", stop=2),
        community(5, route="R02", stop=1),
        community(6, route="R01", stop=1),
    ]
    skus = [sku(1)]
    orders = [order(n, f"C{n:04d}", [("S00001", 1)]) for n in (4, 5, 6)]
    store_snapshot(
        store, WaveSnapshot(summary(WAVE, orders), communities, skus, orders), source="api"
    )
    assert [m.community_id for m in document_data.manifests(store, WAVE)] == [
        "C0006",
        "C0004",
        "C0005",
    ]
    assert [p.community_id for p in document_data.pickup_lists(store, WAVE)] == [
        "C0006",
        "C0004",
        "C0005",
    ]
    sheet = document_data.load_sheet(store, WAVE, "R01")
    assert [(s.stop_seq, s.community_id) for s in sheet.stops] == [(1, "C0006"), (2, "C0004")]
    assert document_data.route_ids(store, WAVE) == ["R01", "R02"]


def test_a_batch_takes_the_same_few_queries_for_many_communities(sqlite_url: str) -> None:
    def statements_for(communities: int) -> int:
        store = Store.open(sqlite_url.replace(".sqlite", f"-{communities}.sqlite"))
        try:
            orders = [
                order(n, f"C{n:04d}", [("S00001", 1 + n % 3), ("S00002", 1)])
                for n in range(1, communities + 1)
            ]
            snapshot = WaveSnapshot(
                summary(WAVE, orders),
                [community(n) for n in range(1, communities + 1)],
                [sku(1, barcode=EAN_S1), sku(2)],
                orders,
            )
            store_snapshot(store, snapshot, source="api")
            seen: list[str] = []
            event.listen(store.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
            assert len(document_data.manifests(store, WAVE)) == communities
            assert len(document_data.pickup_lists(store, WAVE)) == communities
            return len(seen)
        finally:
            store.close()

    few, many = statements_for(3), statements_for(40)
    assert few == many
    assert many <= 16


def test_unknown_wave_community_and_route_are_told_to_the_user(wave_store: Store) -> None:
    with pytest.raises(UserFacingError) as wave:
        document_data.manifests(wave_store, "W-NOPE")
    assert wave.value.code == "unknown_wave"
    with pytest.raises(UserFacingError) as community_error:
        document_data.manifests(wave_store, WAVE, community_id="C9999")
    assert community_error.value.code == "unknown_community"
    with pytest.raises(UserFacingError) as route:
        document_data.load_sheet(wave_store, WAVE, "R99")
    assert route.value.code == "unknown_route"


# --- pickup lists, load sheets, supplier shortages: data ------------------------------------


def test_pickup_list_groups_each_customer_by_pickup_code_with_their_own_shortages(
    store: Store,
) -> None:
    # A customer of C0001 placed a second order (7); C0002 gets customers with short codes.
    snapshot = small_wave(WAVE)
    extra = [
        replace(order(7, "C0001", [("S00001", 1)]), customer=snapshot.orders[0].customer),
        order(9, "C0001", [("S00002", 2)]),
        replace(order(10, "C0002", [("S00001", 1)]), customer=Customer("小王", "12")),
        replace(order(11, "C0002", [("S00001", 1)]), customer=Customer("小张", "9")),
    ]
    snapshot = WaveSnapshot(
        summary(WAVE, [*snapshot.orders, *extra]),
        snapshot.communities,
        snapshot.skus,
        [*snapshot.orders, *extra],
    )
    store_snapshot(store, snapshot, source="api")
    work = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    # 9 of S00001 ordered, 6 arrive: the latest orders 11, 10 and 7 are short 1 each.
    work.scan(f"{EAN_S1}*6", mode="receive")
    close_receiving(store, WAVE, sku_id="S00001")
    lists = {p.community_id: p for p in document_data.pickup_lists(store, WAVE)}
    c1 = lists["C0001"]
    assert [(c.pickup_code, c.nickname) for c in c1.customers] == [
        ("0001", "小李1"),
        ("0002", "小李2"),
        ("0009", "小李9"),
    ]
    first = c1.customers[0]
    # Orders 1 and 7 are the same customer: S00001 2 + 1 merged, the 1 from order 7 short.
    assert [(i.name, i.qty, i.short, i.short_reason_zh) for i in first.items] == [
        ("云南高山娃娃菜1", 2, 1, "缺货"),
        ("云南高山娃娃菜2", 1, 0, ""),
    ]
    assert (first.units, c1.customers[2].units) == (3, 2)
    # Numeric pickup codes in the order of their value, as the leader looks them up.
    c2 = lists["C0002"]
    assert [(c.pickup_code, c.units, c.items[0].short) for c in c2.customers] == [
        ("0003", 3, 0),
        ("9", 0, 1),
        ("12", 0, 1),
    ]
    assert [c.nickname for c in lists["C0003"].customers] == ["小李4"]  # order 5 was cancelled


def test_load_sheet_counts_crates_and_units_per_stop(wave_store: Store) -> None:
    work_the_night(wave_store)
    sheet = document_data.load_sheet(
        wave_store, WAVE, "R01", collect_back={"C0002": 3}, driver_name="张师傅", plate="浙A12345"
    )
    assert (sheet.route_name, sheet.delivery_date) == ("西湖 1 线", date(2026, 11, 27))
    assert [
        (s.stop_seq, s.community_name, s.crate_seqs, s.units, s.collect_back) for s in sheet.stops
    ] == [
        (1, "阳光花园1期", (1, 2), 4, 0),
        (2, "阳光花园2期", (1,), 2, 3),
        (3, "阳光花园3期", (1,), 2, 0),
    ]
    assert (sheet.crates, sheet.units, sheet.collect_back) == (4, 8, 3)


def test_supplier_shortages_list_short_and_damaged_skus(wave_store: Store) -> None:
    assert document_data.supplier_shortages(wave_store, WAVE)[0].lines[0].reasons == (
        ShortNote("待到货", 6),
    )
    work_the_night(wave_store)
    [supplier] = document_data.supplier_shortages(wave_store, WAVE)
    assert (supplier.supplier_id, supplier.supplier_name) == ("SUP07", "临平绿源农场")
    assert [
        (ln.sku_id, ln.ordered, ln.received, ln.damaged, ln.short, ln.reasons)
        for ln in supplier.lines
    ] == [
        ("S00001", 6, 5, 0, 1, (ShortNote("缺货", 1),)),
        ("S00002", 5, 5, 2, 0, (ShortNote("破损", 2),)),
    ]


# --- rendering ------------------------------------------------------------------------------


def test_manifest_pdf_shows_names_quantities_reasons_totals_and_signature(
    night_store: Store,
) -> None:
    pdf = render_manifests(document_data.manifests(night_store, WAVE))
    texts = pages(pdf)
    assert len(texts) == 3  # one page per community, each its own section
    c1, c2, c3 = texts
    assert "团长签收单 / 装箱单" in c1 and "第 1/1 页" in c1
    assert has_run(c1, "社区 阳光花园1期（C0001） 团长 王秀英1 138****0001")
    assert has_run(c1, "自提点 杭州市西湖区文三路 1 号")
    assert "HS-W20261127-HZ01-C0001-01" in c1 and "HS-W20261127-HZ01-C0001-02" in c1
    assert has_run(c1, "筐数 2 筐")
    assert has_run(c1, "1 云南高山娃娃菜1 500g/袋 3 3 3 1")
    assert has_run(c1, "2 云南高山娃娃菜2 500g/袋 1 1 1 2")
    assert has_run(c1, "合计 2 种 4 4 4 0")
    assert "团长签字：" in c1 and "售后/备注" in c1
    assert has_run(c2, "1 云南高山娃娃菜1 500g/袋 3 2 2 缺货 1 1")
    assert has_run(c2, "合计 1 种 3 2 2 缺 1")
    assert has_run(c3, "1 云南高山娃娃菜2 500g/袋 4 2 0 破损 2 1")
    assert has_run(c3, "西湖 1 线（R01） 第 3 站")


def test_documents_embed_the_truetype_cjk_font_not_a_cid_font(night_store: Store) -> None:
    face = pdfmetrics.getFont(register_font(find_cjk_font())).face.name.decode()
    for pdf in (
        render_manifests(document_data.manifests(night_store, WAVE)),
        render_pickup_lists(document_data.pickup_lists(night_store, WAVE)),
        render_load_sheet(document_data.load_sheet(night_store, WAVE, "R01")),
        render_supplier_shortages(document_data.supplier_shortages(night_store, WAVE)),
    ):
        names = font_names(pdf)
        assert names and all(face in name for name in names), names
        assert not any("STSong" in name for name in names)
        assert embedded_font_files(pdf) >= 1


def test_pickup_list_pdf_lists_customers_by_code_with_items(night_store: Store) -> None:
    c1, c2, c3 = pages(render_pickup_lists(document_data.pickup_lists(night_store, WAVE)))
    assert "团长分拣单" in c1 and has_run(c1, "顾客 2 位，共 4 件")
    assert has_run(c1, "0001 小李1 云南高山娃娃菜1 500g/袋 2 袋 3")
    assert has_run(c1, "云南高山娃娃菜2 500g/袋 1 袋")
    assert c1.index("0001 小李1") < c1.index("0002 小李2")
    assert has_run(c2, "0003 小李3 云南高山娃娃菜1 500g/袋 2 袋 缺货 1 2")
    assert has_run(c3, "0004 小李4 云南高山娃娃菜2 500g/袋 2 袋 破损 2 2")


def test_load_sheet_pdf_has_stops_in_order_totals_and_driver_blanks(night_store: Store) -> None:
    sheet = document_data.load_sheet(
        night_store, WAVE, "R01", collect_back={"C0002": 3}, driver_name="张师傅"
    )
    [text] = pages(render_load_sheet(sheet))
    assert "装车单" in text and "第 1/1 页" in text
    assert has_run(text, "1 阳光花园1期（C0001） 王秀英1 138****0001 2 1, 2 4 0")
    assert has_run(text, "2 阳光花园2期（C0002） 王秀英2 138****0002 1 1 2 3")
    assert has_run(text, "合计 3 站 4 8 3")
    assert text.index("阳光花园1期") < text.index("阳光花园2期") < text.index("阳光花园3期")
    assert "司机：" in text and "张师傅" in text and "车牌：" in text and "司机签字：" in text


def test_supplier_shortage_pdf(night_store: Store) -> None:
    [text] = pages(render_supplier_shortages(document_data.supplier_shortages(night_store, WAVE)))
    assert has_run(text, "供应商 临平绿源农场（SUP07）")
    assert has_run(text, "S00001 云南高山娃娃菜1 500g/袋 6 5 0 1 缺货 1")
    assert has_run(text, "S00002 云南高山娃娃菜2 500g/袋 5 5 2 0 破损 2")
    assert has_run(text, "合计 11 10 2 1")


def _long_manifest(lines: int) -> Manifest:
    return Manifest(
        wave_id=WAVE,
        delivery_date=date(2026, 11, 27),
        community_id="C0001",
        community_name="阳光花园1期",
        leader_name="王秀英1",
        leader_phone_masked="138****0001",
        pickup_address="杭州市西湖区文三路 1 号",
        route_id="R01",
        route_name="西湖 1 线",
        stop_seq=1,
        crates=(ManifestCrate("HS-W20261127-HZ01-C0001-01", 1, Zone.AMBIENT),),
        lines=tuple(
            ManifestLine(
                f"S{n:05d}",
                # Every tenth name is long enough to wrap onto a second line in its cell.
                f"商品{n:03d}"
                + ("（有机高山蔬菜礼盒装，产地直发，当日采摘）" if n % 10 == 0 else ""),
                "500g/袋",
                "袋",
                2,
                2 - n % 2,
                2 - n % 2,
                (ShortNote("缺货", 1),) if n % 2 else (),
                (1,),
            )
            for n in range(1, lines + 1)
        ),
    )


def test_a_500_line_manifest_spans_pages_with_the_header_repeated(night_store: Store) -> None:
    texts = pages(render_manifests([_long_manifest(500)]))
    count = len(texts)
    assert count >= 8
    for n, text in enumerate(texts, start=1):
        assert f"第 {n}/{count} 页" in text
        assert has_run(text, "序号 商品 规格 订购 应发 实发 缺货（原因） 筐号 售后/备注"), n
        assert "阳光花园1期（C0001）" in text  # the running header names whose sheet it is
    everything = "\n".join(texts)
    for n in (1, 137, 250, 499, 500):  # no row lost or doubled at a page break
        assert len(re.findall(rf"\b商品{n:03d}\b", everything)) == 1, n
    assert has_run(texts[-1], "合计 500 种 1000 750 750 缺 250")
    assert "团长签字：" in texts[-1]


def test_every_section_numbers_its_own_pages(night_store: Store) -> None:
    batch = [_long_manifest(120), *document_data.manifests(night_store, WAVE)]
    texts = pages(render_manifests(batch))
    numbers = [re.search(r"第 (\d+)/(\d+) 页", t).groups() for t in texts]  # type: ignore[union-attr]
    long_pages = int(numbers[0][1])
    assert numbers[:long_pages] == [(str(n), str(long_pages)) for n in range(1, long_pages + 1)]
    assert numbers[long_pages:] == [("1", "1")] * 3


def test_text_that_looks_like_pdf_syntax_prints_as_written(night_store: Store) -> None:
    [m] = document_data.manifests(night_store, WAVE, community_id="C0001")
    hostile = replace(
        m,
        community_name="阳光(花园) \\ 1期 <b>&amp;",
        lines=(replace(m.lines[0], name="娃娃菜 (特价) \\ ) Tj ET"),),
    )
    [text] = pages(render_manifests([hostile]))
    assert "阳光(花园) \\ 1期 <b>&amp;" in text
    assert "娃娃菜 (特价) \\ ) Tj ET" in text


def test_a_big_leaders_head_block_stays_short(night_store: Store) -> None:
    crates = tuple(
        ManifestCrate(
            f"HS-W20261127-HZ01-C0001-{n:02d}",
            n,
            Zone.AMBIENT if n <= 150 else Zone.CHILLED,
            extra=n == 200,
        )
        for n in range(1, 201)
    )
    big = replace(_long_manifest(3), crates=crates, pickup_address="文三路" * 300)
    [text] = pages(render_manifests([big]))
    assert has_run(text, "筐数 200 筐")
    assert has_run(
        text,
        "筐号 常温 1-150；冷藏 151-200；加筐 200"
        "（HS-W20261127-HZ01-C0001-01 至 HS-W20261127-HZ01-C0001-200）",
    )
    assert "…" in text  # the 900-character address is cut visibly to a few lines
    assert has_run(text, "合计 3 种 6 4 4 缺 2")
