"""Loading and dispatch: a missing crate blocks the route, another route's crate is refused, and
the platform receives the right crates, units and weights per community."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import select

from sorter_app.cli import EXIT_CRATES_MISSING, main
from sorter_app.domain.crate_codes import gs1_check_digit
from sorter_app.domain.decisions import Result
from sorter_app.services.loading.dispatch import DispatchBlocked, dispatch_route, missing_crates
from sorter_app.services.people.roster import add_person
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.services.reporting.outbox_sender import OutboxSender
from sorter_app.services.sorting.scanning import ScanStation
from sorter_app.services.views.night_summary import night_summary
from sorter_app.services.waves.wave_import import import_date
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.platform_fixtures import DELIVERY, WAVE, running_platform


def weight_code(plu: str, grams: int) -> str:
    body = f"28{plu}{grams:05d}"
    return body + gs1_check_digit(body)


def sort_everything(store: Store, wave: dict) -> dict[str, int]:
    """Receive every SKU in full (weighed units at 400 + i grams), close receiving, seed it all.
    Returns the grams put per (community_id, sku_id)."""
    station = ScanStation(store, wave_id=WAVE, station_id="ST-01")
    active = {s["sku_id"]: s for s in wave["skus"] if s["status"] == "active"}
    ordered: dict[str, int] = defaultdict(int)
    for o in wave["orders"]:
        if o["status"] == "closed":
            for line in o["lines"]:
                if line["sku_id"] in active:
                    ordered[line["sku_id"]] += line["qty"]
    grams_put: dict[tuple[str, str], int] = defaultdict(int)
    for sku_id, qty in ordered.items():
        sku = active[sku_id]
        if sku["weighed"]:
            for i in range(qty):
                station.scan(weight_code(sku["plu"], 400 + i), mode="receive")
        else:
            station.scan(f"{sku['barcodes'][0]}*{qty}", mode="receive")
    close_receiving(store, WAVE)
    for sku_id in ordered:
        sku = active[sku_id]
        i = 0
        while True:
            code = weight_code(sku["plu"], 400 + i) if sku["weighed"] else sku["barcodes"][0]
            target = station.scan(code, mode="seed")
            if target.result is not Result.PUT_TARGET:
                break
            assert station.scan(target.crate_code or "", mode="seed").result is Result.PUT_DONE
            if sku["weighed"]:
                grams_put[(target.community_id or "", sku_id)] += 400 + i
            i += 1
    return grams_put


def route_crates(store: Store, route_id: str) -> list[tuple[str, str]]:
    """(scan code, crate ID) of the route's crates that hold units."""
    with store.read() as s:
        rows = s.execute(
            select(tables.Crate.scan_code, tables.Crate.crate_id)
            .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
            .where(
                tables.Community.route_id == route_id,
                tables.Crate.id.in_(select(tables.Put.crate_pk)),
            )
            .order_by(tables.Crate.id)
        ).all()
    return [(a, b) for a, b in rows]


def test_loading_and_dispatch_tell_the_platform_what_each_leader_gets(sqlite_url: str) -> None:
    with running_platform(communities=45, skus=10, lines=220, seed=21) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        wave = platform.sim.export_wave(WAVE)
        grams_put = sort_everything(store, wave)
        routes = sorted({c["route"]["route_id"] for c in wave["communities"]})
        assert len(routes) >= 2, "the test needs two routes"
        route, other = routes[0], routes[1]
        loader = ScanStation(store, wave_id=WAVE, station_id="ST-09")
        crates = route_crates(store, route)
        for code, _ in crates[:-1]:
            assert loader.scan(code, mode="load", route=route).result is Result.LOADED
        again = loader.scan(crates[0][0], mode="load", route=route)
        assert again.result is Result.ALREADY_LOADED
        stranger = loader.scan(route_crates(store, other)[0][0], mode="load", route=route)
        assert (stranger.result, stranger.level.value) == (Result.WRONG_ROUTE, "intercept")

        assert [m.crate_id for m in missing_crates(store, WAVE, route)] == [crates[-1][1]]
        with pytest.raises(DispatchBlocked) as blocked:
            dispatch_route(store, WAVE, route)
        assert blocked.value.missing[0].crate_id == crates[-1][1]

        assert loader.scan(crates[-1][0], mode="load", route=route).result is Result.LOADED
        result = dispatch_route(store, WAVE, route)
        assert result.crates == len(crates) and not result.forced
        assert loader.scan(crates[0][0], mode="load", route=route).result is Result.ROUTE_DISPATCHED
        OutboxSender(store, platform.client()).run(until_empty=True, timeout=30)
        [sent] = platform.sim.dispatches(WAVE)

    with store.read() as s:
        units = dict(
            s.execute(
                select(tables.Community.community_id, tables.SortTask.put_qty)
                .join(tables.Community, tables.Community.id == tables.SortTask.community_pk)
                .where(tables.Community.route_id == route)
            ).all()
        )
        per_community: dict[str, int] = defaultdict(int)
        for cid, q in s.execute(
            select(tables.Community.community_id, tables.SortTask.put_qty)
            .join(tables.Community, tables.Community.id == tables.SortTask.community_pk)
            .where(tables.Community.route_id == route)
        ):
            per_community[cid] += q
    assert units  # the route has communities with units
    assert sent["route_id"] == route
    assert {c["community_id"]: c["units"] for c in sent["communities"]} == {
        cid: n for cid, n in per_community.items() if n
    }
    assert sorted(cid for c in sent["communities"] for cid in c["crate_ids"]) == sorted(
        b for _, b in crates
    )
    sent_grams: dict[tuple[str, str], int] = defaultdict(int)
    for c in sent["communities"]:
        for w in c.get("weights", []):
            sent_grams[(c["community_id"], w["sku_id"])] += w["grams"]
    expected = {k: v for k, v in grams_put.items() if k[0] in per_community}
    assert expected, "the route should carry weighed goods"
    assert dict(sent_grams) == expected


def test_forced_dispatch_needs_a_supervisor_pin_and_a_reason(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_platform(communities=6, skus=6, lines=50, seed=22) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        sort_everything(store, platform.sim.export_wave(WAVE))
    with store.read() as s:
        route = min(
            s.scalars(
                select(tables.Community.route_id).where(
                    tables.Community.id.in_(select(tables.Put.community_pk))
                )
            )
        )
    args = ["dispatch", "--wave", WAVE, "--route", route, "--db", sqlite_url]
    assert main(args) == EXIT_CRATES_MISSING
    out = capsys.readouterr().out
    assert out.count("HS-") == len(route_crates(store, route))  # one line per missing crate
    add_person(store, "S01", "王班长", role="supervisor", pin="2468")
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "1111")
    assert main([*args, "--force", "--reason", "车已满", "--supervisor", "S01"]) != 0
    monkeypatch.setenv("SORTER_SUPERVISOR_PIN", "2468")
    assert main([*args, "--force", "--reason", "车已满", "--supervisor", "S01"]) == 0
    with store.read() as s:
        row = s.scalars(select(tables.RouteDispatch)).one()
    assert row.forced and row.reason == "车已满" and row.supervisor == "S01"


def test_the_platform_gets_no_driver_or_plate_and_the_summary_shows_it_delivered(
    sqlite_url: str,
) -> None:
    with running_platform(communities=6, skus=6, lines=50, seed=22) as platform:
        store = Store.open(sqlite_url)
        import_date(store, platform.client(), "HZ01", DELIVERY)
        sort_everything(store, platform.sim.export_wave(WAVE))
        route = min(r.route_id for r in night_summary(store, WAVE).routes if r.crates)
        loader = ScanStation(store, wave_id=WAVE, station_id="ST-09")
        for code, _ in route_crates(store, route):
            assert loader.scan(code, mode="load", route=route).result is Result.LOADED
        dispatch_route(store, WAVE, route, driver="王师傅", plate="浙A12345")
        [queued] = [r for r in night_summary(store, WAVE).routes if r.route_id == route]
        assert queued.platform_state == "pending"
        OutboxSender(store, platform.client()).run(until_empty=True, timeout=30)
        [sent] = platform.sim.dispatches(WAVE)
    assert sent["route_id"] == route
    assert "王师傅" not in str(sent) and "浙A12345" not in str(sent)
    assert not {"driver", "plate"} & {k for c in [sent, *sent["communities"]] for k in c}
    after = night_summary(store, WAVE)
    [delivered] = [r for r in after.routes if r.route_id == route]
    assert delivered.platform_state == "sent" and after.undelivered == 0
    assert delivered.dispatch is not None and delivered.dispatch.plate == "浙A12345"
