"""`sorter-app forecast --json` on a store with a seeded history and tonight's wave imported: the
shape of the output, and crates, workers and trucks that follow the documented formulas
(docs/forecast.md) from the inputs stored; `sorter-app forecast events add|list|remove`."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from sorter_app.cli import main
from sorter_app.domain.forecast.calendar import china_calendar
from sorter_app.domain.forecast.synthetic import SyntheticSpec, synthetic_history
from sorter_app.services.waves.wave_import import import_date
from sorter_app.store import crate_ledger_repo, tables
from sorter_app.store.database import Store
from tests.integration.test_forecast_service import seed_history
from tests.platform_fixtures import running_platform

ZONE = ZoneInfo("Asia/Shanghai")
DELIVERY = date(2026, 11, 27)  # tonight's wave, cut off on the 26th, imported after cutoff
TONIGHT = date(2026, 11, 26)
OWNED, HELD, PER_TRUCK, BUFFER_MIN = 500, 5, 40, 30


def _ceil(value: float) -> int:
    return math.ceil(round(value, 6))


@pytest.fixture
def hub(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """A store with eight weeks of polled history, tonight's snapshots, tonight's wave imported
    (its crates planned at import), crates held by a leader, and the routes' settings."""
    spec = SyntheticSpec(start=TONIGHT - timedelta(days=8 * 7 - 1), weeks=8, base_lines=6000)
    nights = synthetic_history(spec, china_calendar([2026]), seed=5)
    assert nights[-1].day == TONIGHT
    store = Store.open(sqlite_url)
    seed_history(store, nights, open_night=TONIGHT)
    with running_platform(communities=100, lines=800) as platform, platform.client() as client:
        import_date(store, client, "HZ01", DELIVERY)
    with store.write() as session:
        wave = session.scalars(select(tables.Wave)).one()
        communities = session.scalars(
            select(tables.Community).where(tables.Community.wave_pk == wave.id)
        ).all()
        routes = sorted({c.route_id for c in communities})
        now = datetime.now(UTC)
        held = [f"HS-T-held-{n}" for n in range(HELD)]
        crate_ledger_repo.record_crates_out(
            session, wave.id, {communities[0].community_id: held}, now
        )
    store.close()
    config = tmp_path / "settings.toml"
    config.write_text(
        f"[routes]\nloading_buffer_min = {BUFFER_MIN}\n\n[routes.departures]\n"
        f'"{routes[0]}" = "05:30"\n\n'
        f'[forecast]\ncrates_owned = {OWNED}\ncrates_per_truck = {PER_TRUCK}\nsorting_start = "22:00"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SORTER_CONFIG", str(config))
    return {"db": sqlite_url, "routes": routes, "final": nights[-1].final_lines}


def _stored_facts(db: str) -> tuple[int, int, dict[str, int], dict[str, int]]:
    """Lines and units to sort of tonight's wave, crates per zone, lines per route."""
    store = Store.open(db)
    line, community = tables.OrderLine, tables.Community
    with store.read() as s:
        lines, units = s.execute(
            select(func.count(), func.sum(line.qty)).where(line.to_sort.is_(True))
        ).one()
        crates = dict(
            s.execute(
                select(tables.Crate.temperature, func.count()).group_by(tables.Crate.temperature)
            ).all()
        )
        per_route = dict(
            s.execute(
                select(community.route_id, func.count())
                .select_from(line)
                .join(community, community.id == line.community_pk)
                .where(line.to_sort.is_(True))
                .group_by(community.route_id)
            ).all()
        )
    store.close()
    return lines, units, crates, per_route


def test_forecast_json_follows_the_documented_formulas_from_the_stored_inputs(
    hub: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(hub["db"])
    assert main(["forecast", "--db", db, "--date", str(DELIVERY), "--json", "--no-poll"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["delivery_date"], out["night"], out["hub_id"]) == (
        "2026-11-27",
        "2026-11-26",
        "HZ01",
    )
    f = out["forecast"]
    assert f["method"] == "blend" and f["low"] <= f["lines"] <= f["high"]
    assert f["count_at"] == "15:00" and f["count_so_far"] > 0
    assert {x["code"] for x in f["factors"]} >= {"weekday_median", "curve", "curve_weight"}
    assert out["yesterday"]["night"] == "2026-11-25" and out["yesterday"]["lines"] > 0
    assert isinstance(out["mape"], float) and out["mape"] <= 0.10 and out["backtest_nights"] > 0

    lines_to_sort, units, crates, per_route = _stored_facts(db)
    rates = out["rates"]
    assert rates["sources"] == {
        "units_per_line": "history",
        "crates_per_line": "history",
        "puts_per_hour": "default",
        "route_shares": "history",
    }
    assert rates["units_per_line"] == pytest.approx(units / lines_to_sort)
    per_line = {zone: n / lines_to_sort for zone, n in crates.items()}
    assert rates["crates_per_line"] == pytest.approx(per_line)

    # Crates per zone = ⌈lines × crates per line⌉; on hand = owned − held by leaders.
    lines = f["lines"]
    zones = {z["zone"]: z["needed"] for z in out["crates"]["zones"]}
    assert zones == {zone: _ceil(lines * rate) for zone, rate in per_line.items()}
    needed = sum(zones.values())
    assert out["crates"] == {
        "zones": out["crates"]["zones"],
        "needed": needed,
        "on_hand": OWNED - HELD,
        "short": max(0, needed - (OWNED - HELD)),
    }

    # Per route: its share of lines, hours from sorting start to departure less the buffer,
    # workers = ⌈units ÷ (puts per hour × hours)⌉, crates per zone rounded up, trucks.
    routes = {r["route_id"]: r for r in out["routes"]}
    assert set(routes) == set(per_route) == set(hub["routes"])  # type: ignore[arg-type]
    assert len(routes) >= 3  # a crew shared by routes leaving at different times
    first = hub["routes"][0]  # type: ignore[index]
    start = datetime.combine(TONIGHT, time(22), ZONE)
    pph = rates["puts_per_hour"]
    total_lines = sum(per_route.values())
    for route_id, r in routes.items():
        share = per_route[route_id] / total_lines
        assert r["line_share"] == pytest.approx(share)
        leaves = datetime.combine(DELIVERY, time(5, 30) if route_id == first else time(6), ZONE)
        assert r["departure_set"] is (route_id == first)
        assert datetime.fromisoformat(r["departure"]) == leaves
        hours = (leaves - timedelta(minutes=BUFFER_MIN) - start) / timedelta(hours=1)
        route_lines = lines * share
        route_units = route_lines * rates["units_per_line"]
        assert r["hours"] == pytest.approx(hours, abs=0.005)
        assert r["workers"] == _ceil(route_units / (pph * hours))
        route_crates = sum(_ceil(route_lines * rate) for rate in per_line.values())
        assert (r["crates"], r["trucks"]) == (route_crates, _ceil(route_crates / PER_TRUCK))
    # One crew sorting the routes in departure order: each done by its own departure.
    ordered = sorted(routes.values(), key=lambda r: r["hours"])
    crew, so_far = 0, 0.0
    for r in ordered:
        so_far += lines * r["line_share"] * rates["units_per_line"]
        crew = max(crew, _ceil(so_far / (pph * r["hours"])))
    assert out["workers"] == crew


def test_forecast_prints_the_same_in_words(
    hub: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(hub["db"])
    args = ["forecast", "--db", db, "--date", str(DELIVERY), "--no-poll", "--lang", "en"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    text = capsys.readouterr().out
    f = data["forecast"]
    assert f"forecast {f['lines']} lines (band {f['low']}-{f['high']}), method blend" in text
    assert f"crates needed {data['crates']['needed']}" in text and f"on hand {OWNED - HELD}" in text
    assert f"workers (one crew) {data['workers']}" in text and "MAPE" in text
    assert "(default departure)" in text


def test_forecast_events_add_list_remove(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", sqlite_url]
    assert (
        main(
            [
                "forecast",
                "events",
                "add",
                *db,
                "--date",
                "2026-11-11",
                "--name",
                "双十一",
                "--factor",
                "1.4",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "forecast",
                "events",
                "add",
                *db,
                "--date",
                "2026-11-05",
                "--name",
                "暴雨",
                "--note",
                "路滑",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["forecast", "events", "list", *db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"date": "2026-11-05", "name": "暴雨", "factor": None, "note": "路滑"},
        {"date": "2026-11-11", "name": "双十一", "factor": 1.4, "note": ""},
    ]
    assert main(["forecast", "events", "remove", *db, "--date", "2026-11-05"]) == 0
    assert main(["forecast", "events", "list", *db]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2026-11-11 双十一 ×1.4"
    # Removing what is not there is one line in both languages, not a traceback.
    assert main(["forecast", "events", "remove", *db, "--date", "2026-11-05"]) == 1
    err = capsys.readouterr().err
    assert "no_event" in err and "Traceback" not in err


def test_forecast_without_history_says_so(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forecast", "--db", sqlite_url, "--date", "2026-11-27", "--no-poll"]) == 1
    err = capsys.readouterr().err
    assert "no_forecast_history" in err and "Traceback" not in err


def test_forecast_polls_the_open_wave_once_and_imports_nothing(
    hub: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    from sorter_app.platform.simulator import VolumePattern
    from sorter_app.services.views.wave_queries import list_waves
    from sorter_app.store import forecast_repo
    from tests.platform_fixtures import TOKEN

    db = str(hub["db"])
    next_day = DELIVERY + timedelta(days=1)  # its wave is still open on the platform
    with running_platform(initial_status="auto", volume=VolumePattern(400, 5)) as platform:
        platform.sim.set_now(datetime.combine(DELIVERY, time(15), ZONE))
        args = ["forecast", "--db", db, "--date", str(next_day), "--json"]
        assert main([*args, "--api", platform.url, "--token", TOKEN]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["delivery_date"] == str(next_day) and out["forecast"]["lines"] > 0
    store = Store.open(db)
    try:
        with store.read() as session:
            polled = [
                s for s in forecast_repo.snapshots(session, "HZ01") if s.delivery_date == next_day
            ]
        assert [(s.status, s.wave_id) for s in polled] == [("open", f"W{next_day:%Y%m%d}-HZ01")]
        assert polled[0].line_count > 0
        # Still only tonight's wave, imported before: the open one is not a wave here.
        assert [w.wave_id for w in list_waves(store)] == ["W20261127-HZ01"]
    finally:
        store.close()


def test_a_platform_that_is_down_leaves_the_forecast_from_the_store(
    hub: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as unused:  # a loopback port nobody listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    args = ["forecast", "--db", str(hub["db"]), "--date", str(DELIVERY), "--json", "--lang", "en"]
    assert main([*args, "--api", f"http://127.0.0.1:{port}", "--token", "t"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["forecast"]["method"] == "blend"
    assert "the platform was not polled" in captured.err and "Traceback" not in captured.err
