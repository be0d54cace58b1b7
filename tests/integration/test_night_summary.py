"""日结 (end-of-night summary) from a real store: a staged night with units short for two
reasons, a damaged unit, a wrong crate blocked, one route dispatched with its driver and plate
and one still at the dock. The figures, the printed PDF (read back with pypdf), the driver and
plate on the load sheet but not in the platform's dispatch, and `sorter-app summary`."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdf
import pytest
from sqlalchemy import select, update

from sorter_app.cli import main
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.loading.dispatch import PLATE_MAX, dispatch_route
from sorter_app.services.printing import documents
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.night_summary import NightSummary, night_summary
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.night_support import WAVE, staged_night
from tests.store_reads import crate_code

ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def night(sqlite_url: str) -> Iterator[Store]:
    store = Store.open(sqlite_url)
    staged_night(store)
    yield store
    store.close()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_figures_of_a_staged_night(night: Store) -> None:
    s = night_summary(night, WAVE)
    assert (s.ordered, s.due, s.put, s.left_to_sort) == (8, 6, 6, 0)
    assert (s.received, s.damaged) == (7, 1)
    assert s.short == 2
    assert dict(s.short_by_reason) == {"supplier_short": 1, "damaged_on_arrival": 1}
    assert (s.wrong_crate_blocked, s.missorts_claimed) == (1, 0)
    # C0001 has an ambient and a chilled crate; the chilled one stays empty (S00002 never came).
    assert (s.crates, s.crates_labelled, s.crates_with_units) == (4, 3, 3)
    assert (s.crates_loaded, s.crates_out, s.crates_returned) == (2, 2, 1)

    r01, r02 = s.routes
    assert (r01.route_id, r01.stops, r01.crates, r01.loaded) == ("R01", 2, 2, 2)
    assert r01.dispatch is not None
    assert (r01.dispatch.driver, r01.dispatch.plate) == ("王师傅", "浙A12345")  # trimmed
    assert not r01.dispatch.forced and r01.platform_state == "pending"
    assert (r02.route_id, r02.crates, r02.loaded, r02.dispatch) == ("R02", 1, 0, None)
    assert r02.platform_state is None
    assert (s.routes_dispatched, s.routes_forced) == (1, 0)

    steps = [e.step for e in s.events]
    for step in ("cutoff", "imported", "receiving_started", "receiving_closed"):
        assert step in steps
    assert steps.index("receiving_closed") < steps.index("first_put") < steps.index("last_put")
    assert steps[-1] == "dispatched" and s.events[-1].route_id == "R01"
    assert "all_dispatched" not in steps  # R02 is still at the dock
    assert [e.at for e in s.events] == sorted(e.at for e in s.events)


def test_undelivered_entries_and_the_platform_state_of_each_dispatch(night: Store) -> None:
    assert night_summary(night, WAVE).undelivered > 0
    with night.write() as s:
        s.execute(update(tables.OutboxEntry).values(status="sent"))
        s.execute(
            update(tables.OutboxEntry)
            .where(tables.OutboxEntry.kind == "dispatch")
            .values(status="parked", last_error="route unknown")
        )
    after = night_summary(night, WAVE)
    assert after.undelivered == 1
    assert after.routes[0].platform_state == "parked"


def test_driver_and_plate_stay_out_of_the_platforms_dispatch_and_go_on_the_load_sheet(
    night: Store,
) -> None:
    with night.read() as s:
        body = json.loads(
            s.scalars(
                select(tables.OutboxEntry.body).where(tables.OutboxEntry.kind == "dispatch")
            ).one()
        )
    assert set(body) == {"dispatch_id", "route_id", "departed_at", "communities"}
    assert "王师傅" not in json.dumps(body, ensure_ascii=False)

    sheet = pdf_text(documents.load_sheet(night, WAVE, "R01").pdf)
    assert "王师傅" in sheet and "浙A12345" in sheet


def test_driver_and_plate_are_optional_and_a_long_plate_is_refused(night: Store) -> None:
    with pytest.raises(UserFacingError) as refused:
        dispatch_route(night, WAVE, "R02", plate="浙A" + "1" * PLATE_MAX)
    assert "车牌" in refused.value.message_zh and "plate" in refused.value.message_en
    assert night_summary(night, WAVE).routes[1].dispatch is None  # nothing recorded
    loader = ScanStation(night, wave_id=WAVE, station_id="ST-09")
    loader.scan(crate_code(night, "C0003"), mode="load", route="R02")
    dispatch_route(night, WAVE, "R02", driver="   ", plate="")
    r02 = night_summary(night, WAVE).routes[1]
    assert r02.dispatch is not None and (r02.dispatch.driver, r02.dispatch.plate) == (None, None)
    assert "all_dispatched" in [e.step for e in night_summary(night, WAVE).events]


def test_the_printed_summary_has_the_figures_routes_driver_and_plate(night: Store) -> None:
    doc = documents.night_summary(
        night, WAVE, ZONE, clock=lambda: datetime(2026, 11, 27, 4, 30, tzinfo=UTC)
    )
    assert doc.pages == 1
    text = pdf_text(doc.pdf)
    assert "日结" in text and "End-of-night summary" in text
    assert "HZ01" in text and WAVE in text and "2026-11-27 12:30" in text  # printed at, local
    for line in ("应分拣 6", "已分拣 6", "破损 1", "短缺合计 2", "错筐拦截 1", "已装车 2"):
        assert line in text, line
    assert "供应商缺货 1" in text and "到货破损 1" in text
    assert "R01 西湖 1 线 2 2 2" in text and "王师傅 浙A12345 排队待发送" in text
    assert "R02 西湖 2 线 1 1 0 未发车" in text
    assert "班组长签字" in text


def summary_json(capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(capsys.readouterr().out)


def test_sorter_app_summary_prints_text_json_and_a_pdf(
    night: Store, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["summary", "--wave", WAVE, "--db", sqlite_url]
    assert main(base) == 0
    zh = capsys.readouterr().out
    assert "应分拣 6，已分拣 6" in zh and "短缺 2 件" in zh and "错筐拦截 1 次" in zh
    assert "司机 王师傅" in zh and "车牌 浙A12345" in zh and "R02 西湖 2 线  0/1  未发车" in zh

    assert main(["--lang", "en", *base]) == 0
    en = capsys.readouterr().out
    assert "due 6, sorted 6" in en and "1 wrong-crate scans blocked" in en
    assert "driver 王师傅" in en and "not dispatched" in en
    assert "应分拣" not in en

    assert main([*base, "--json"]) == 0
    figures = summary_json(capsys)
    assert figures["units"]["short_by_reason"] == {"supplier_short": 1, "damaged_on_arrival": 1}
    assert [r["plate"] for r in figures["routes"]] == ["浙A12345", None]

    out = tmp_path / "night.pdf"
    assert main([*base, "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert "王师傅" in pdf_text(out.read_bytes())


def test_sorter_app_dispatch_takes_driver_and_plate(
    night: Store, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ScanStation(night, wave_id=WAVE, station_id="ST-09").scan(
        crate_code(night, "C0003"), mode="load", route="R02"
    )
    args = ["dispatch", "--wave", WAVE, "--route", "R02", "--db", sqlite_url]
    assert main([*args, "--plate", "X" * (PLATE_MAX + 1)]) != 0
    assert "车牌最多" in capsys.readouterr().err
    assert main([*args, "--driver", "李师傅", "--plate", "浙B54321"]) == 0
    assert "司机 李师傅，车牌 浙B54321" in capsys.readouterr().out
    r02: NightSummary = night_summary(night, WAVE)
    assert r02.routes[1].dispatch is not None
    assert (r02.routes[1].dispatch.driver, r02.routes[1].dispatch.plate) == ("李师傅", "浙B54321")
