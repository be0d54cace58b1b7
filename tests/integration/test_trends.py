"""Night over night on a small fixed history (tests/trends_support.py: three nights staged
through the real services): the aggregates each night keeps, the trends equal to the numbers
worked out by hand from the staged nights, the detail purge keeping every aggregate, and
`sorter-app trends` as printed and as a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from sorter_app.cli import EXIT_OK, main
from sorter_app.services.views import trends
from sorter_app.services.waves.aggregates import (
    aggregate_due,
    aggregate_wave,
    purge_detail,
    stored_aggregates,
)
from sorter_app.services.waves.retention import run_retention
from sorter_app.store import aggregates_repo, tables
from sorter_app.store.database import Store
from tests.factories import CST
from tests.trends_support import NIGHTS, SETTINGS, stage_history

N1, N2, N3 = (n.wave_id for n in NIGHTS)
FIRST, LAST = date(2026, 11, 23), date(2026, 11, 30)


def cst(day: int, hhmm: str) -> datetime:
    hours, minutes = hhmm.split(":")
    return datetime(2026, 11, day, int(hours), int(minutes), tzinfo=CST)


@dataclass
class History:
    store: Store
    url: str
    due_after_staging: list[str]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def history(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[History]:
    """The three nights staged once per database; tests here only read them."""
    tmp = tmp_path_factory.mktemp("trends")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'hub.sqlite'}"
    else:
        url = request.getfixturevalue("pg_cluster").create_database("trends_history")
    store = Store.open(url)
    stage_history(store, tmp / "exports")
    due = aggregate_due(store, SETTINGS)
    try:
        yield History(store, url, due)
    finally:
        store.close()


def test_each_night_is_aggregated_at_its_last_dispatch_and_again_when_a_claim_comes(
    history: History,
) -> None:
    # The dispatch stored all three; only night 1 got a claim pulled after its dispatch.
    assert history.due_after_staging == [N1]
    assert aggregate_due(history.store, SETTINGS) == []


def test_a_nights_aggregates_hold_what_happened(history: History) -> None:
    agg = stored_aggregates(history.store, N1)
    assert agg is not None
    t = agg.totals
    assert (t.orders, t.lines, t.skus, t.communities) == (3, 5, 2, 3)
    # 10 ordered, S00001 one short: 9 due and put; 6 + 3 received.
    assert (t.units_ordered, t.units_due, t.units_put, t.units_received) == (10, 9, 9, 9)
    assert (t.units_shorted, t.units_damaged) == (1, 0)
    # C0001 and C0003 have an ambient and a chilled crate, C0002 one ambient.
    assert t.crates == 5
    assert (t.puts, t.workers, t.wrong_crate, t.claims, t.claimed_missorts) == (5, 2, 1, 1, 1)
    assert t.cutoff_at == cst(22, "20:00")
    assert t.imported_at == cst(22, "20:30")
    assert t.first_receipt_at == cst(22, "22:00")
    # The first put is the second scan after 23:00 (one minute a scan); the fifth and last put
    # (W02's second) at 23:11.
    assert (t.sorting_at, t.sorted_at) == (cst(22, "23:02"), cst(22, "23:11"))
    assert t.dispatched_at == cst(23, "05:40")
    assert (t.first_put_at, t.last_put_at) == (cst(22, "23:02"), cst(22, "23:11"))
    assert t.sorting_hours == pytest.approx(9 / 60)

    zones = {(c.community_id, c.temperature): c for c in agg.communities}
    assert set(zones) == {
        ("C0001", "ambient"),
        ("C0001", "chilled"),
        ("C0002", "ambient"),
        ("C0003", "ambient"),
        ("C0003", "chilled"),
    }
    chilled = zones[("C0003", "chilled")]
    assert (chilled.lines, chilled.units_ordered, chilled.units_put, chilled.crates) == (1, 2, 2, 1)
    assert zones[("C0002", "ambient")].units_put == 3

    skus = {k.sku_id: k for k in agg.skus}
    veg = skus["S00001"]
    assert (veg.category, veg.supplier_id, veg.temperature) == ("蔬菜", "SUP07", "ambient")
    assert (veg.units_ordered, veg.units_due, veg.units_shorted, veg.wrong_crate) == (7, 6, 1, 1)
    assert (veg.claims, veg.claimed_missorts) == (1, 1)
    assert (skus["S00002"].category, skus["S00002"].supplier_id) == ("水果", "SUP08")

    workers = {w.worker: w for w in agg.workers}
    assert (workers["W01"].puts, workers["W01"].units, workers["W01"].wrong_crate) == (3, 6, 1)
    assert workers["W01"].hours == pytest.approx(4 / 60)  # 23:02 → 23:06

    routes = {r.route_id: r for r in agg.routes}
    r02 = routes["R02"]
    assert (r02.route_name, r02.stops, r02.departure_setting) == ("西湖 2 线", 1, "05:30")
    assert (r02.departure_at, r02.dispatched_at) == (cst(23, "05:30"), cst(23, "05:40"))
    # The board first showed it at risk at 05:15; its look at 05:16 changed nothing.
    assert r02.first_at_risk_at == cst(23, "05:15")
    assert (r02.late_minutes, r02.warning_lead_minutes) == (10, 15)
    assert routes["R01"].late_minutes == 0 and routes["R01"].first_at_risk_at is None


def test_timeline_minutes_from_the_cutoff(history: History) -> None:
    by_day = trends.timeline(history.store, FIRST, LAST, "day")
    assert [r.period for r in by_day] == ["2026-11-23", "2026-11-24", "2026-11-30"]
    # Each night after a 20:00 cutoff: imported 20:30, first receipt 22:00, sorting (first
    # put) 23:02, sorted 23:11; the first and the last route away at 05:00 and 05:40, 05:20
    # and 05:25, 05:05 and 05:50.
    assert by_day[0].minutes == (30, 120, 182, 191, 540, 580)
    assert by_day[1].minutes == (30, 120, 182, 191, 560, 565)
    assert by_day[2].minutes == (30, 120, 182, 191, 545, 590)
    by_week = trends.timeline(history.store, FIRST, LAST, "week")
    assert [(r.period, r.waves) for r in by_week] == [("2026-W48", (N1, N2)), ("2026-W49", (N3,))]
    assert by_week[0].stage("first_dispatch") == (540 + 560) / 2  # the mean of its nights
    assert by_week[0].stage("dispatched") == (580 + 565) / 2
    assert by_week[1].stage("dispatched") == 590


def test_losses_by_week_worst_first_with_the_change(history: History) -> None:
    rows = trends.losses(history.store, FIRST, LAST, "week")
    got = [(r.period, r.by, r.key, r.ordered, r.shorted, r.damaged) for r in rows]
    assert got == [
        # W48: S00001 (蔬菜, SUP07) 14 ordered over two nights, 1 short; S00002 6, none lost.
        ("2026-W48", "category", "蔬菜", 14, 1, 0),
        ("2026-W48", "category", "水果", 6, 0, 0),
        ("2026-W48", "supplier", "SUP07", 14, 1, 0),
        ("2026-W48", "supplier", "SUP08", 6, 0, 0),
        # W49: one unit lost each; 水果's 1 of 3 is the worse rate, so it comes first.
        ("2026-W49", "category", "水果", 3, 0, 1),
        ("2026-W49", "category", "蔬菜", 7, 1, 0),
        ("2026-W49", "supplier", "SUP08", 3, 0, 1),
        ("2026-W49", "supplier", "SUP07", 7, 1, 0),
    ]
    w48_veg, w49_fruit, w49_veg = rows[0], rows[4], rows[5]
    assert w48_veg.previous_rate is None and w48_veg.change is None  # nothing the week before
    assert w49_fruit.rate == pytest.approx(1 / 3)
    assert w49_fruit.change == pytest.approx(1 / 3 - 0)
    assert w49_veg.change == pytest.approx(1 / 7 - 1 / 14)
    assert rows[2].name == "临平绿源农场"


def test_losses_compare_with_the_period_before_the_range(history: History) -> None:
    # From the 24th by day: the 23rd is not shown, but the 24th is compared with it.
    rows = trends.losses(history.store, date(2026, 11, 24), date(2026, 11, 24), "day")
    veg = next(r for r in rows if r.by == "category" and r.key == "蔬菜")
    assert {r.period for r in rows} == {"2026-11-24"}
    assert veg.previous_rate == pytest.approx(1 / 7) and veg.change == pytest.approx(-1 / 7)
    # From a Tuesday by week: that week shows the 24th only; the next compares with all of it.
    weeks = trends.losses(history.store, date(2026, 11, 24), LAST, "week")
    veg_weeks = [(r.period, r.ordered, r.shorted) for r in weeks if r.key == "蔬菜"]
    assert veg_weeks == [("2026-W48", 7, 0), ("2026-W49", 7, 1)]
    assert weeks[-1].previous_rate == pytest.approx(1 / 14)  # SUP07: 1 of 14 in all of W48


def test_missorts_caught_and_escaped_per_10000_units(history: History) -> None:
    by_day = trends.missorts(history.store, FIRST, LAST, "day")
    # Units put: 9, 10, and 8 (S00001 one short, S00002 one damaged).
    assert [(r.period, r.units_put, r.caught, r.escaped) for r in by_day] == [
        ("2026-11-23", 9, 1, 1),
        ("2026-11-24", 10, 0, 0),
        ("2026-11-30", 8, 0, 0),
    ]
    assert by_day[0].caught_per_10k == pytest.approx(10_000 / 9)
    week = trends.missorts(history.store, FIRST, LAST, "week")[0]
    assert (week.units_put, week.caught, week.escaped) == (19, 1, 1)
    assert week.escaped_per_10k == pytest.approx(10_000 / 19)


def test_puts_per_hour_per_worker(history: History) -> None:
    rows = trends.productivity(history.store, FIRST, LAST, "week")
    got = {(r.period, r.worker): (r.nights, r.puts, r.units) for r in rows}
    assert got == {
        ("2026-W48", "W01"): (2, 6, 13),
        ("2026-W48", "W02"): (2, 4, 6),
        ("2026-W48", trends.ALL_WORKERS): (2, 10, 19),
        ("2026-W49", "W01"): (1, 3, 6),
        ("2026-W49", "W02"): (1, 2, 2),
        ("2026-W49", trends.ALL_WORKERS): (1, 5, 8),
    }
    pph = {(r.period, r.worker): r.puts_per_hour for r in rows}
    # W01: 3 puts from 23:02 to 23:06 each night; W02: 2 puts, 23:09 to 23:11.
    assert pph[("2026-W48", "W01")] == pytest.approx(6 / (8 / 60))
    assert pph[("2026-W48", "W02")] == pytest.approx(4 / (4 / 60))
    assert pph[("2026-W48", trends.ALL_WORKERS)] == pytest.approx(10 / (12 / 60))


def test_routes_on_time_late_and_the_warnings_lead(history: History) -> None:
    by_day = trends.routes(history.store, FIRST, LAST, "day")
    got = [(r.period, r.route_id, r.on_time, r.late, r.late_minutes) for r in by_day]
    assert got == [
        ("2026-11-23", "R01", 1, 0, ()),
        ("2026-11-23", "R02", 0, 1, (10,)),
        ("2026-11-24", "R01", 0, 1, (10,)),
        ("2026-11-24", "R02", 1, 0, ()),
        ("2026-11-30", "R01", 1, 0, ()),
        # R09 that night is R02 by its name (西湖 2 线): 05:50 against 05:30.
        ("2026-11-30", "R02", 0, 1, (20,)),
    ]
    assert by_day[1].warning_leads == (15,)  # warned 05:15 for 05:30
    assert (by_day[1].departure_at, by_day[1].dispatched_at) == (cst(23, "05:30"), cst(23, "05:40"))
    assert by_day[2].warned_before_late == 0  # R01 late on the 24th without a warning
    week = {r.route_id: r for r in trends.routes(history.store, FIRST, LAST, "week")[:2]}
    assert (week["R01"].nights, week["R01"].on_time, week["R01"].late) == (2, 1, 1)
    r02_w49 = trends.routes(history.store, FIRST, LAST, "week")[3]
    assert (r02_w49.route_id, r02_w49.name, r02_w49.warned_before_late) == ("R02", "西湖 2 线", 1)
    assert (r02_w49.mean_late_minutes, r02_w49.mean_warning_lead) == (20, 10)


def test_trends_cover_only_the_dates_asked(history: History) -> None:
    rows = trends.missorts(history.store, date(2026, 11, 24), date(2026, 11, 29), "day")
    assert [r.period for r in rows] == ["2026-11-24"]
    assert trends.routes(history.store, date(2026, 12, 1), date(2026, 12, 31)) == []


# --- the detail purge ------------------------------------------------------------------------

_DETAIL = (
    tables.Order,
    tables.OrderLine,
    tables.SortTask,
    tables.Scan,
    tables.Put,
    tables.Receipt,
    tables.Shortage,
    tables.Crate,
    tables.CrateLoad,
    tables.RouteDispatch,
    tables.Claim,
    tables.OutboxEntry,
    tables.RouteRiskWarning,
)


def _detail_rows(store: Store, wave_id: str) -> dict[str, int]:
    with store.read() as s:
        wave_pk = s.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == wave_id))
        return {
            model.__tablename__: int(
                s.scalar(select(func.count()).where(model.__table__.c.wave_pk == wave_pk)) or 0
            )
            for model in _DETAIL
        }


def _every_trend(store: Store) -> dict[tuple[str, str], list[object]]:
    functions = {
        "timeline": trends.timeline,
        "losses": trends.losses,
        "missorts": trends.missorts,
        "productivity": trends.productivity,
        "routes": trends.routes,
    }
    return {
        (what, by): list(fn(store, FIRST, LAST, by))  # type: ignore[operator]
        for what, fn in functions.items()
        for by in trends.BYS
    }


def _utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


def test_a_detail_purge_keeps_every_aggregate(store: Store, tmp_path: Path) -> None:
    stage_history(store, tmp_path / "exports", deliver=False)
    aggregate_due(store, SETTINGS)
    before = _every_trend(store)
    stored_before = {w: stored_aggregates(store, w) for w in (N1, N2, N3)}
    settings = replace(SETTINGS, detail_retention_days=90)

    # Reports not delivered yet: nothing is deleted, the waves wait.
    waiting = purge_detail(store, settings, clock=lambda: _utc(2027, 3, 30))
    assert (waiting.purged, waiting.waiting) == ([], [N1, N2, N3])
    assert _detail_rows(store, N1)["puts"] == 5

    from sorter_app.services.reporting.outbox_sender import OutboxSender
    from sorter_app.services.reporting.report_export import FolderExporter

    OutboxSender(store, None, export_file=FolderExporter(tmp_path / "exports")).send_due()
    # 90 days before 2027-02-23 is 2026-11-25: the W48 nights go, the 30th stays.
    first = purge_detail(store, settings, clock=lambda: _utc(2027, 2, 23), chunk=2)
    assert (first.purged, first.waiting) == ([N1, N2], [])
    assert all(n == 0 for n in _detail_rows(store, N1).values()), _detail_rows(store, N1)
    assert all(n == 0 for n in _detail_rows(store, N2).values())
    assert _detail_rows(store, N3)["order_lines"] == 5
    later = purge_detail(store, settings, clock=lambda: _utc(2027, 3, 30))
    assert later.purged == [N3]
    assert purge_detail(store, settings, clock=lambda: _utc(2027, 3, 30)).purged == []

    assert _every_trend(store) == before
    for wave_id, agg in stored_before.items():
        after = stored_aggregates(store, wave_id)
        assert after is not None and after.detail_purged_at is not None
        # Recomputed right before the delete (computed_at moves), equal in every number.
        assert agg is not None
        assert after.frozen_at is not None
        unfrozen = replace(
            after, frozen_at=None, detail_purged_at=None, computed_at=agg.computed_at
        )
        assert unfrozen == agg
        # Aggregating again cannot recompute from nothing: the stored ones stay.
        assert aggregate_wave(store, wave_id, SETTINGS) == after
    with store.read() as s:
        kept = dict(s.execute(select(tables.Wave.wave_id, tables.Wave.purged_at)).all())
    assert set(kept) == {N1, N2, N3} and all(at is not None for at in kept.values())


def test_an_interrupted_purge_is_finished_next_time_from_the_frozen_aggregates(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stage_history(store, tmp_path / "exports")
    aggregate_due(store, SETTINGS)
    before = _every_trend(store)
    settings = replace(SETTINGS, detail_retention_days=90)
    real = aggregates_repo.delete_detail_chunk
    calls = 0

    def dies_on_the_fourth_chunk(*args: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise RuntimeError("power cut")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(aggregates_repo, "delete_detail_chunk", dies_on_the_fourth_chunk)
    with pytest.raises(RuntimeError):
        purge_detail(store, settings, clock=lambda: _utc(2027, 3, 30), chunk=2)
    monkeypatch.setattr(aggregates_repo, "delete_detail_chunk", real)
    # Half the detail gone: the aggregates are frozen, so neither a recompute nor the trends
    # see the loss.
    half = _detail_rows(store, N1)
    assert half["puts"] == 5 and half["order_lines"] == 5
    with store.read() as s:
        plan_items = s.scalar(
            select(func.count())
            .select_from(tables.CratePlanItem)
            .join(tables.Crate, tables.Crate.id == tables.CratePlanItem.crate_pk)
            .join(tables.Wave, tables.Wave.id == tables.Crate.wave_pk)
            .where(tables.Wave.wave_id == N1)
        )
    assert plan_items == 0  # N1's 5 crate plan items went in chunks of 2, 2 and 1
    assert aggregate_wave(store, N1, SETTINGS).frozen_at is not None
    assert _every_trend(store) == before
    done = purge_detail(store, settings, clock=lambda: _utc(2027, 3, 30))
    assert done.purged == [N1, N2, N3]
    assert all(n == 0 for n in _detail_rows(store, N1).values())
    assert _every_trend(store) == before


def test_the_daily_retention_job_aggregates_before_it_deletes(store: Store, tmp_path: Path) -> None:
    stage_history(store, tmp_path / "exports")
    settings = replace(SETTINGS, retention_days=30, detail_retention_days=90)
    run = run_retention(store, settings, clock=lambda: _utc(2027, 2, 23))
    assert sorted(run.customer_purged) == [N1, N2, N3]
    assert run.aggregated == [N1]  # its claim came after its last dispatch
    assert (run.detail_purged, run.detail_waiting) == ([N1, N2], [])
    night1 = stored_aggregates(store, N1)
    assert night1 is not None and night1.totals.claimed_missorts == 1
    assert _detail_rows(store, N3)["puts"] == 5


# --- the command line ------------------------------------------------------------------------


def test_cli_prints_the_routes_trend(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["trends", "--from", "2026-11-23", "--to", "2026-11-30", "--db", history.url]
    assert main([*args, "--what", "routes", "--by", "week", "--lang", "en"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["period", "route", "name", "nights"]
    assert lines[1].split() == [
        "2026-W48",
        "R01",
        "西湖",
        "1",
        "线",
        "2",
        "1",
        "1",
        "10.0",
        "10.0",
        "0",
        "-",
        "-",
        "-",
    ]
    assert len(lines) == 5  # header and four rows: R01, R02 in each week
    assert main([*args, "--what", "missorts"]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["周期", "已分件数", "错筐拦截"]
    assert out[1].split()[:4] == ["2026-11-23", "9", "1", "1111.11"]


def test_cli_writes_xlsx_and_csv_with_the_same_numbers(history: History, tmp_path: Path) -> None:
    base = ["trends", "--from", "2026-11-23", "--to", "2026-11-30", "--db", history.url]
    xlsx = tmp_path / "losses.xlsx"
    assert (
        main([*base, "--what", "losses", "--by", "week", "--format", "xlsx", "--out", str(xlsx)])
        == EXIT_OK
    )
    sheet = load_workbook(xlsx).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sheet.title == "损耗趋势"
    assert rows[0][:4] == ["周期", "维度", "编号", "名称"]
    # W49, 水果: 1 of 3 damaged, 33.33 %, none lost the week before: +33.33 points.
    assert rows[5] == ["2026-W49", "品类", "水果", "水果", 3, 0, 1, 1, 33.33, 0.0, 33.33]
    out = tmp_path / "productivity.csv"
    assert (
        main(
            [*base, "--what", "productivity", "--format", "csv", "--out", str(out), "--lang", "en"]
        )
        == EXIT_OK
    )
    with out.open(encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    assert table[0] == ["period", "worker", "nights", "puts", "units", "hours", "puts per hour"]
    assert table[1] == ["2026-11-23", "W01", "1", "3", "6", "0.07", "45.0"]
    assert table[3][1:] == ["all", "1", "5", "9", "0.1", "50.0"]


def test_cli_aggregate_and_refusals(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["aggregate", "--wave", N2, "--db", history.url, "--lang", "en"]) == EXIT_OK
    assert "5 lines, 10/10 units, 5 crates, 2 routes" in capsys.readouterr().out
    assert main(["aggregate", "--wave", "W-NONE", "--db", history.url]) != EXIT_OK
    assert "W-NONE" in capsys.readouterr().err
    bad = ["trends", "--from", "2026-11-30", "--to", "2026-11-23", "--what", "routes"]
    assert main([*bad, "--db", history.url, "--lang", "en"]) != EXIT_OK
    assert "--from must not be after --to" in capsys.readouterr().err


def test_cli_purge_detail_then_trends_still_print(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(sqlite_url)
    stage_history(store, tmp_path / "exports")
    store.close()
    db = ["--db", sqlite_url, "--lang", "en"]
    assert main(["aggregate", "--finished", *db]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"aggregated: {N1}"
    # Delivered on 23–30 November, today is later than 5 days after: all three go.
    assert main(["purge-detail", "--older-than-days", "5", *db]) == EXIT_OK
    assert capsys.readouterr().out.strip() == f"detail deleted for: {N1}, {N2}, {N3}"
    trend = ["trends", "--from", "2026-11-23", "--to", "2026-11-30", "--what", "missorts"]
    assert main([*trend, *db]) == EXIT_OK
    assert capsys.readouterr().out.splitlines()[1].split() == [
        "2026-11-23",
        "9",
        "1",
        "1111.11",
        "1",
        "1111.11",
    ]
    assert main(["aggregate", "--wave", N1, *db]) == EXIT_OK
    assert "detail is deleted" in capsys.readouterr().out
