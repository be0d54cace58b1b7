"""The platform simulator over real loopback HTTP, as a client of the contract would see it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from sorter_app.domain.errors import InvalidRecord
from sorter_app.platform.records import parse_order, parse_sku
from sorter_app.platform.simulator import (
    DELETE,
    FaultSpec,
    Simulator,
    SimulatorServer,
    generate_wave,
)
from sorter_app.platform.simulator.generator import CHINA_TZ

DAY = date(2026, 11, 27)
WAVE = "W20261127-HZ01"
AFTER_CUTOFF = datetime(2026, 11, 27, 1, 0, tzinfo=CHINA_TZ)
SIZES: dict[str, Any] = {"seed": 3, "hub_id": "HZ01", "communities": 45, "skus": 40, "lines": 700}


class Clock:
    """A platform clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(AFTER_CUTOFF)


@pytest.fixture
def sim(clock: Clock) -> Simulator:
    return Simulator(clock=clock, **SIZES)


@pytest.fixture
def server(sim: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(sim) as srv:
        yield srv


@pytest.fixture
def http() -> Iterator[requests.Session]:
    session = requests.Session()
    session.headers["Authorization"] = "Bearer dev-token"
    yield session
    session.close()


def _collect(
    http: requests.Session, url: str, limit: int, retries: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Every item of a paged list (deduplicated by position of first sight) and the page count."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        for attempt in range(retries + 1):
            try:
                response = http.get(url, params=params, timeout=5)
                if response.status_code < 500 and response.status_code != 429:
                    break
            except requests.RequestException:
                if attempt == retries:
                    raise
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= limit
        items.extend(page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages


def _by_id(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


def _error(response: requests.Response) -> str:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"]
    return str(body["error"]["code"])


def _open_line(sim: Simulator, wave_id: str = WAVE) -> tuple[dict[str, Any], dict[str, Any]]:
    order = next(o for o in sim.export_wave(wave_id)["orders"] if o["status"] == "closed")
    return order, order["lines"][0]


def _shortage(sim: Simulator, report_id: str, qty: int = 1) -> dict[str, Any]:
    order, line = _open_line(sim)
    return {
        "report_id": report_id,
        "type": "shortage",
        "station_id": "ST-03",
        "created_at": "2026-11-26T23:41:00+08:00",
        "items": [
            {
                "order_id": order["order_id"],
                "line_id": line["line_id"],
                "sku_id": line["sku_id"],
                "community_id": order["community_id"],
                "qty": qty,
                "reason": "supplier_short",
            }
        ],
        "note": "到货少 12 袋",
    }


def _dispatch(sim: Simulator, dispatch_id: str) -> dict[str, Any]:
    communities = sim.export_wave(WAVE)["communities"]
    route_id = communities[0]["route"]["route_id"]
    on_route = [c["community_id"] for c in communities if c["route"]["route_id"] == route_id]
    return {
        "dispatch_id": dispatch_id,
        "route_id": route_id,
        "departed_at": "2026-11-27T05:10:00+08:00",
        "communities": [
            {
                "community_id": cid,
                "crates": 2,
                "units": 17,
                "crate_ids": [f"HS-{WAVE}-{cid}-01", f"HS-{WAVE}-{cid}-02"],
            }
            for cid in on_route[:3]
        ],
    }


# --- auth and errors -----------------------------------------------------------------------------


def test_a_missing_or_wrong_token_is_refused_with_401_and_an_error_body(
    server: SimulatorServer, http: requests.Session
) -> None:
    url = f"{server.url}/waves/{WAVE}"
    missing = requests.get(url, timeout=5)
    assert missing.status_code == 401
    assert _error(missing) == "unauthorized"
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    wrong = requests.post(
        f"{url}/reports", json={}, headers={"Authorization": "Bearer nope"}, timeout=5
    )
    assert wrong.status_code == 401
    assert requests.get(f"{server.control_url}/received", timeout=5).status_code == 401
    assert http.get(url, timeout=5).status_code == 200


def test_a_rotated_token_makes_the_old_one_fail(
    server: SimulatorServer, http: requests.Session
) -> None:
    response = http.put(f"{server.control_url}/token", json={"token": "new-token"}, timeout=5)
    assert response.status_code == 204
    assert http.get(f"{server.url}/waves/{WAVE}", timeout=5).status_code == 401
    fresh = {"Authorization": "Bearer new-token"}
    assert requests.get(f"{server.url}/waves/{WAVE}", headers=fresh, timeout=5).status_code == 200


def test_unknown_routes_waves_and_hubs_are_404_with_an_error_body(
    server: SimulatorServer, http: requests.Session
) -> None:
    for path, code in [
        ("/nothing/here", "not_found"),
        (f"/waves/{WAVE}/pallets", "not_found"),
        ("/waves/W20261127-SH09", "wave_not_found"),
        (f"/waves/{WAVE}-2", "wave_not_found"),  # one wave a day unless configured
        ("/hubs/SH09/waves?delivery_date=2026-11-27", "hub_not_found"),
    ]:
        response = http.get(server.url + path, timeout=5)
        assert response.status_code == 404, path
        assert _error(response) == code
    outside = http.get(server.url.replace("/api/v1", "/other"), timeout=5)
    assert outside.status_code == 404
    wrong_method = http.delete(f"{server.url}/waves/{WAVE}", timeout=5)
    assert wrong_method.status_code == 405
    assert wrong_method.headers["Allow"] == "GET"


def test_waves_of_a_date_need_a_valid_date(server: SimulatorServer, http: requests.Session) -> None:
    url = f"{server.url}/hubs/HZ01/waves"
    assert _error(http.get(url, timeout=5)) == "missing_parameter"
    bad = http.get(url, params={"delivery_date": "20261127"}, timeout=5)
    assert bad.status_code == 400
    assert _error(bad) == "invalid_parameter"


def test_the_simulator_refuses_to_listen_beyond_loopback(sim: Simulator) -> None:
    with pytest.raises(ValueError, match="loopback"):
        SimulatorServer(sim, host="0.0.0.0")
    with pytest.raises(ValueError, match="loopback"):
        SimulatorServer(sim, host="192.168.1.20")


# --- waves and paging ----------------------------------------------------------------------------


def test_a_dates_waves_list_and_the_single_wave_agree(clock: Clock, http: requests.Session) -> None:
    sim = Simulator(clock=clock, waves_per_day=2, **SIZES)
    with SimulatorServer(sim) as server:
        response = http.get(
            f"{server.url}/hubs/HZ01/waves", params={"delivery_date": "2026-11-27"}, timeout=5
        )
        assert response.status_code == 200
        page = response.json()
        assert page["next_cursor"] is None
        assert [w["wave_id"] for w in page["items"]] == [WAVE, f"{WAVE}-2"]
        first = page["items"][0]
        assert first["cutoff_at"] == "2026-11-26T20:00:00+08:00"
        assert first["status"] == "closed"
        assert first["line_count"] == 700
        assert http.get(f"{server.url}/waves/{WAVE}", timeout=5).json() == first


def test_paging_with_cursors_returns_exactly_the_generated_wave(
    server: SimulatorServer, http: requests.Session
) -> None:
    expected = generate_wave(delivery_date=DAY, **SIZES)
    for kind, limit in [("communities", 7), ("skus", 1000), ("orders", 50)]:
        items, pages = _collect(http, f"{server.url}/waves/{WAVE}/{kind}", limit)
        assert items == expected[kind]  # all of them, once each, in order
        assert pages == -(-len(expected[kind]) // limit)
    assert sum(len(o["lines"]) for o in items) == 700


def test_cursors_are_opaque_and_checked(server: SimulatorServer, http: requests.Session) -> None:
    url = f"{server.url}/waves/{WAVE}/orders"
    first = http.get(url, params={"limit": 3}, timeout=5).json()
    cursor = first["next_cursor"]
    assert isinstance(cursor, str) and cursor
    bad = http.get(url, params={"cursor": "not-a-cursor"}, timeout=5)
    assert bad.status_code == 400
    assert _error(bad) == "invalid_cursor"
    elsewhere = http.get(f"{server.url}/waves/{WAVE}/skus", params={"cursor": cursor}, timeout=5)
    assert _error(elsewhere) == "invalid_cursor"
    for limit in ("0", "-5", "many"):
        response = http.get(url, params={"limit": limit}, timeout=5)
        assert response.status_code == 400
        assert _error(response) == "invalid_parameter"


def test_a_limit_above_1000_is_served_as_1000(clock: Clock, http: requests.Session) -> None:
    sim = Simulator(clock=clock, **{**SIZES, "lines": 3000})
    with SimulatorServer(sim) as server:
        page = http.get(
            f"{server.url}/waves/{WAVE}/orders", params={"limit": 5000}, timeout=5
        ).json()
        assert len(page["items"]) == 1000
        assert page["next_cursor"] is not None
        default = http.get(f"{server.url}/waves/{WAVE}/orders", timeout=5).json()
        assert len(default["items"]) == 100


# --- open waves ----------------------------------------------------------------------------------


def test_an_open_wave_answers_409_and_its_counts_grow_until_cutoff(
    sim: Simulator, server: SimulatorServer, http: requests.Session, clock: Clock
) -> None:
    clock.now = datetime(2026, 11, 26, 12, 0, tzinfo=CHINA_TZ)
    sim.set_wave_status(WAVE, "open")
    for kind in ("communities", "skus", "orders"):
        response = http.get(f"{server.url}/waves/{WAVE}/{kind}", timeout=5)
        assert response.status_code == 409
        assert _error(response) == "wave_not_closed"
    assert http.get(f"{server.url}/waves/{WAVE}/claims", timeout=5).status_code == 200

    noon = http.get(f"{server.url}/waves/{WAVE}", timeout=5).json()
    clock.now = datetime(2026, 11, 26, 18, 0, tzinfo=CHINA_TZ)
    evening = http.get(f"{server.url}/waves/{WAVE}", timeout=5).json()
    assert noon["status"] == evening["status"] == "open"
    assert 0 < noon["order_count"] < evening["order_count"]
    assert noon["line_count"] < evening["line_count"] < 700
    assert evening["updated_at"] > noon["updated_at"]

    response = http.post(
        f"{server.control_url}/waves/{WAVE}/status", json={"status": "closed"}, timeout=5
    )
    assert response.status_code == 200
    assert response.json()["line_count"] == 700
    assert http.get(f"{server.url}/waves/{WAVE}/orders", timeout=5).status_code == 200


def test_in_auto_mode_a_wave_is_open_until_its_cutoff(clock: Clock, http: requests.Session) -> None:
    sim = Simulator(clock=clock, initial_status="auto", **SIZES)
    with SimulatorServer(sim) as server:
        clock.now = datetime(2026, 11, 26, 19, 59, tzinfo=CHINA_TZ)
        assert http.get(f"{server.url}/waves/{WAVE}", timeout=5).json()["status"] == "open"
        response = http.put(
            f"{server.control_url}/clock", json={"now": "2026-11-26T20:00:00+08:00"}, timeout=5
        )
        assert response.status_code == 204
        assert http.get(f"{server.url}/waves/{WAVE}", timeout=5).json()["status"] == "closed"


# --- changes after cutoff ------------------------------------------------------------------------


def test_changes_after_cutoff_show_in_the_next_import(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    before = http.get(f"{server.url}/waves/{WAVE}", timeout=5).json()
    order, _line = _open_line(sim)
    sim.cancel_order(WAVE, order["order_id"])
    other = sim.export_wave(WAVE)["orders"][5]
    other_line = other["lines"][0]["line_id"]
    response = http.post(
        f"{server.control_url}/lines/{WAVE}/{other_line}", json={"qty": 9}, timeout=5
    )
    assert response.status_code == 200
    added = http.post(
        f"{server.control_url}/orders/{WAVE}",
        json={"community_id": "C0003", "lines": [{"sku_id": "S10001", "qty": 2}]},
        timeout=5,
    )
    assert added.status_code == 201
    added_id = added.json()["order_id"]

    orders = _by_id(_collect(http, f"{server.url}/waves/{WAVE}/orders", 100)[0], "order_id")
    assert orders[order["order_id"]]["status"] == "cancelled"
    assert orders[other["order_id"]]["lines"][0]["qty"] == 9
    assert orders[added_id]["community_id"] == "C0003"
    assert added_id.startswith("O20261126")
    after = http.get(f"{server.url}/waves/{WAVE}", timeout=5).json()
    assert after["order_count"] == before["order_count"] + 1
    assert after["line_count"] == before["line_count"] + 1
    assert after["updated_at"] > before["updated_at"]

    cancel = http.post(f"{server.control_url}/orders/{WAVE}/{other['order_id']}/cancel", timeout=5)
    assert cancel.json()["status"] == "cancelled"
    missing = http.post(f"{server.control_url}/orders/{WAVE}/O2026112699999999/cancel", timeout=5)
    assert missing.status_code == 404


def test_a_corrupted_record_is_what_a_strict_client_rejects(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    order, _line = _open_line(sim)
    sim.corrupt_record(WAVE, "order", order["order_id"], "customer.pickup_code", DELETE)
    response = http.post(
        f"{server.control_url}/corrupt",
        json={
            "wave_id": WAVE,
            "kind": "sku",
            "record_id": "S10002",
            "field": "weighed",
            "value": "yes",
        },
        timeout=5,
    )
    assert response.status_code == 200
    orders = _by_id(_collect(http, f"{server.url}/waves/{WAVE}/orders", 1000)[0], "order_id")
    assert "pickup_code" not in orders[order["order_id"]]["customer"]
    with pytest.raises(InvalidRecord) as caught:
        parse_order(orders[order["order_id"]])
    assert caught.value.field == "customer.pickup_code"
    skus = _by_id(_collect(http, f"{server.url}/waves/{WAVE}/skus", 1000)[0], "sku_id")
    with pytest.raises(InvalidRecord, match="weighed"):
        parse_sku(skus["S10002"])
    with pytest.raises(ValueError, match="no field"):
        sim.corrupt_record(WAVE, "order", order["order_id"], "lines[40].qty", 1)


# --- reports, dispatches, milestones -------------------------------------------------------------


def test_a_report_is_accepted_once_and_a_repeat_gets_200_with_the_same_answer(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    url = f"{server.url}/waves/{WAVE}/reports"
    body = _shortage(sim, "5f0c7a1e-1")
    headers = {"Idempotency-Key": "5f0c7a1e-1"}
    first = http.post(url, json=body, headers=headers, timeout=5)
    assert first.status_code == 201
    assert first.json() == {"report_id": "5f0c7a1e-1", "status": "accepted"}
    # The same JSON value, serialised differently (key order, spacing), is the same body.
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2, ensure_ascii=False)
    again = http.post(
        url,
        data=reordered.encode(),
        headers={**headers, "Content-Type": "application/json"},
        timeout=5,
    )
    assert again.status_code == 200
    assert again.json() == first.json()
    changed = http.post(url, json={**body, "note": "到货少 11 袋"}, headers=headers, timeout=5)
    assert changed.status_code == 422
    assert _error(changed) == "idempotency_key_reused"
    assert sim.reports(WAVE) == [body]


def test_report_bodies_are_checked_field_by_field(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    url = f"{server.url}/waves/{WAVE}/reports"
    good = _shortage(sim, "r-2")
    no_key = http.post(url, json=good, timeout=5)
    assert no_key.status_code == 400
    assert _error(no_key) == "missing_idempotency_key"
    mismatch = http.post(url, json=good, headers={"Idempotency-Key": "other"}, timeout=5)
    assert _error(mismatch) == "idempotency_key_mismatch"
    not_json = http.post(url, data=b"{oops", headers={"Idempotency-Key": "r-2"}, timeout=5)
    assert not_json.status_code == 400
    assert _error(not_json) == "invalid_json"

    bad_items: list[tuple[dict[str, Any], str]] = [
        ({"reason": "lost"}, "items[0].reason"),
        ({"qty": 0}, "items[0].qty"),
        ({"qty": 99}, "items[0].qty"),
        ({"line_id": good["items"][0]["order_id"] + "-99"}, "items[0].line_id"),
        ({"community_id": "C9999"}, "items[0].community_id"),
    ]
    for change, field in bad_items:
        body = {**good, "items": [{**good["items"][0], **change}]}
        response = http.post(url, json=body, headers={"Idempotency-Key": "r-2"}, timeout=5)
        assert response.status_code == 422, change
        assert response.json()["error"]["message"].startswith(field), response.text
    assert sim.reports(WAVE) == []

    unknown: dict[str, Any] = {
        "report_id": "r-3",
        "type": "unknown_barcode",
        "station_id": "ST-01",
        "created_at": "2026-11-26T23:00:00+08:00",
        "items": [{"barcode": "6900000000000", "qty": 3, "reason": "not_in_wave"}],
    }
    response = http.post(url, json=unknown, headers={"Idempotency-Key": "r-3"}, timeout=5)
    assert response.status_code == 201, response.text


def test_the_same_report_sent_concurrently_is_stored_once(
    sim: Simulator, server: SimulatorServer
) -> None:
    body = _shortage(sim, "race-1")
    statuses: list[int] = []

    def post() -> None:
        with requests.Session() as session:
            response = session.post(
                f"{server.url}/waves/{WAVE}/reports",
                json=body,
                headers={"Authorization": "Bearer dev-token", "Idempotency-Key": "race-1"},
                timeout=5,
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 200, 200, 200, 200, 201]
    assert len(sim.reports(WAVE)) == 1


def test_a_dispatch_is_idempotent_and_must_match_the_routes(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    url = f"{server.url}/waves/{WAVE}/dispatches"
    body = _dispatch(sim, "b8e2-1")
    headers = {"Idempotency-Key": "b8e2-1"}
    first = http.post(url, json=body, headers=headers, timeout=5)
    assert first.status_code == 201
    assert first.json() == {"dispatch_id": "b8e2-1", "status": "accepted"}
    assert http.post(url, json=body, headers=headers, timeout=5).status_code == 200
    body_changed = {**body, "departed_at": "2026-11-27T05:20:00+08:00"}
    assert _error(http.post(url, json=body_changed, headers=headers, timeout=5)) == (
        "idempotency_key_reused"
    )
    assert sim.dispatches(WAVE) == [body]

    communities = sim.export_wave(WAVE)["communities"]
    elsewhere = next(c for c in communities if c["route"]["route_id"] != body["route_id"])
    wrong_route = _dispatch(sim, "b8e2-2")
    wrong_route["communities"][0]["community_id"] = elsewhere["community_id"]
    response = http.post(url, json=wrong_route, headers={"Idempotency-Key": "b8e2-2"}, timeout=5)
    assert response.status_code == 422
    assert "not on route" in response.json()["error"]["message"]
    miscounted = _dispatch(sim, "b8e2-3")
    miscounted["communities"][0]["crates"] = 3
    response = http.post(url, json=miscounted, headers={"Idempotency-Key": "b8e2-3"}, timeout=5)
    assert response.json()["error"]["message"].startswith("communities[0].crate_ids")


def test_dispatch_weights_are_only_for_weighed_lines_of_that_community(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    wave = sim.export_wave(WAVE)
    weighed = {s["sku_id"] for s in wave["skus"] if s["weighed"]}
    route_of = {c["community_id"]: c["route"]["route_id"] for c in wave["communities"]}
    order = next(o for o in wave["orders"] if any(li["sku_id"] in weighed for li in o["lines"]))
    plain = next(
        o
        for o in wave["orders"]
        if o["community_id"] == order["community_id"]
        and any(li["sku_id"] not in weighed for li in o["lines"])
    )
    line = next(li for li in order["lines"] if li["sku_id"] in weighed)
    plain_line = next(li for li in plain["lines"] if li["sku_id"] not in weighed)
    cid = order["community_id"]

    def body(dispatch_id: str, weight_line: dict[str, Any]) -> dict[str, Any]:
        return {
            "dispatch_id": dispatch_id,
            "route_id": route_of[cid],
            "departed_at": "2026-11-27T05:10:00+08:00",
            "communities": [
                {
                    "community_id": cid,
                    "crates": 1,
                    "units": 4,
                    "crate_ids": [f"HS-{WAVE}-{cid}-01"],
                    "weights": [
                        {
                            "line_id": weight_line["line_id"],
                            "sku_id": weight_line["sku_id"],
                            "grams": 1046,
                        },
                    ],
                }
            ],
        }

    url = f"{server.url}/waves/{WAVE}/dispatches"
    ok = http.post(url, json=body("w-1", line), headers={"Idempotency-Key": "w-1"}, timeout=5)
    assert ok.status_code == 201, ok.text
    refused = http.post(
        url, json=body("w-2", plain_line), headers={"Idempotency-Key": "w-2"}, timeout=5
    )
    assert refused.status_code == 422
    assert "sold by the unit" in refused.json()["error"]["message"]


def test_hub_milestones_answer_204_and_the_first_time_counts(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    url = f"{server.url}/waves/{WAVE}/hub-status"
    first = http.put(url, json={"stage": "imported", "at": "2026-11-26T21:00:00+08:00"}, timeout=5)
    assert first.status_code == 204
    assert first.content == b""
    repeat = http.put(url, json={"stage": "imported", "at": "2026-11-26T22:00:00+08:00"}, timeout=5)
    assert repeat.status_code == 204
    http.put(url, json={"stage": "sorting", "at": "2026-11-27T00:10:00+08:00"}, timeout=5)
    assert sim.hub_status(WAVE) == {
        "imported": "2026-11-26T21:00:00+08:00",
        "sorting": "2026-11-27T00:10:00+08:00",
    }
    bad = http.put(url, json={"stage": "packed", "at": "2026-11-27T00:10:00+08:00"}, timeout=5)
    assert bad.status_code == 422
    naive = http.put(url, json={"stage": "sorted", "at": "2026-11-27T02:00:00"}, timeout=5)
    assert naive.status_code == 422
    received = http.get(f"{server.control_url}/received", timeout=5).json()
    assert received["hub_status"] == {WAVE: sim.hub_status(WAVE)}


def test_leaders_claims_are_listed_page_by_page(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    first = sim.add_claim(
        WAVE,
        community_id="C0017",
        sku_id="S10023",
        qty=1,
        kind="missing",
        crate_id=f"HS-{WAVE}-C0017-02",
    )
    response = http.post(
        f"{server.control_url}/claims",
        json={
            "wave_id": WAVE,
            "community_id": "C0004",
            "sku_id": "S10002",
            "qty": 2,
            "kind": "damaged",
        },
        timeout=5,
    )
    assert response.status_code == 201
    claims, pages = _collect(http, f"{server.url}/waves/{WAVE}/claims", 1)
    assert pages == 2
    assert claims[0] == first
    assert claims[0]["claim_id"] == "CL0001"
    assert claims[1]["kind"] == "damaged"
    assert "crate_id" not in claims[1]  # optional: the leader did not know the crate
    assert datetime.fromisoformat(claims[1]["created_at"]).tzinfo is not None
    with pytest.raises(ValueError):
        sim.add_claim(WAVE, community_id="C9999", sku_id="S10002")


# --- faults --------------------------------------------------------------------------------------


def test_fault_specs_parse_and_bad_ones_say_what_is_wrong() -> None:
    spec = FaultSpec.parse("500:0.1, 429:0.05,timeout:0.02,drop:0.02,truncate:0.02,dup:0.05,503:0")
    assert spec.rates == {
        "500": 0.1,
        "429": 0.05,
        "timeout": 0.02,
        "drop": 0.02,
        "truncate": 0.02,
        "dup": 0.05,
        "503": 0.0,
    }
    assert FaultSpec.parse("").rates == {}
    for text, problem in [
        ("418:0.1", "unknown fault kind"),
        ("500", "KIND:PROBABILITY"),
        ("500:lots", "not a probability"),
        ("500:1.5", "between 0 and 1"),
        ("500:0.6,drop:0.6", "add up to"),
        ("500:0.1,500:0.2", "twice"),
    ]:
        with pytest.raises(ValueError, match=problem):
            FaultSpec.parse(text)


@pytest.mark.parametrize("kind", ["500", "503", "429"])
def test_error_faults_carry_the_error_body_and_retry_after(
    server: SimulatorServer, http: requests.Session, kind: str
) -> None:
    server.faults.set_spec(FaultSpec.parse(f"{kind}:1", retry_after_s=2))
    response = http.get(f"{server.url}/waves/{WAVE}", timeout=5)
    assert response.status_code == int(kind)
    assert _error(response)
    if kind == "500":
        assert "Retry-After" not in response.headers
    else:
        assert response.headers["Retry-After"] == "2"
    control = http.get(f"{server.control_url}/received", timeout=5)
    assert control.status_code == 200  # faults never touch /_sim/


def test_a_timeout_fault_answers_later_than_the_clients_read_timeout(
    server: SimulatorServer, http: requests.Session
) -> None:
    server.faults.set_spec(FaultSpec.parse("timeout:1", timeout_s=1.0))
    with pytest.raises(requests.exceptions.ReadTimeout):
        http.get(f"{server.url}/waves/{WAVE}", timeout=(2, 0.3))
    # A patient client does get the answer.
    assert http.get(f"{server.url}/waves/{WAVE}", timeout=5).status_code == 200


def test_a_drop_fault_closes_the_connection_without_an_answer(
    server: SimulatorServer, http: requests.Session
) -> None:
    server.faults.set_spec(FaultSpec.parse("drop:1"))
    with pytest.raises(requests.exceptions.ConnectionError):
        http.get(f"{server.url}/waves/{WAVE}", timeout=5)
    server.faults.set_spec(FaultSpec())
    assert http.get(f"{server.url}/waves/{WAVE}", timeout=5).status_code == 200


def test_a_truncate_fault_sends_part_of_the_promised_body(
    server: SimulatorServer, http: requests.Session
) -> None:
    server.faults.set_spec(FaultSpec.parse("truncate:1"))
    with pytest.raises(
        (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError)
    ):
        http.get(f"{server.url}/waves/{WAVE}/orders", params={"limit": 50}, timeout=5)


def test_a_dup_fault_repeats_items_of_the_previous_page(
    server: SimulatorServer, http: requests.Session
) -> None:
    server.faults.set_spec(FaultSpec.parse("dup:1"))
    url = f"{server.url}/waves/{WAVE}/orders"
    first = http.get(url, params={"limit": 20}, timeout=5).json()
    second = http.get(url, params={"limit": 20, "cursor": first["next_cursor"]}, timeout=5).json()
    assert second["items"][0]["order_id"] in {o["order_id"] for o in first["items"]}
    items, _pages = _collect(http, url, 20)
    expected = generate_wave(delivery_date=DAY, **SIZES)["orders"]
    assert len(items) > len(expected)
    assert _by_id(items, "order_id") == _by_id(expected, "order_id")


def test_a_short_fault_serves_fewer_items_though_more_follow(
    server: SimulatorServer, http: requests.Session
) -> None:
    server.faults.queue("short", method="GET", path="/orders")
    page = http.get(f"{server.url}/waves/{WAVE}/orders", params={"limit": 50}, timeout=5).json()
    assert 1 <= len(page["items"]) < 50
    assert page["next_cursor"] is not None


def test_a_report_dropped_after_it_was_stored_is_answered_200_on_retry(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    url = f"{server.url}/waves/{WAVE}/reports"
    body = _shortage(sim, "lost-answer")
    headers = {"Idempotency-Key": "lost-answer"}
    server.faults.queue("drop", after=True, method="POST", path="/reports")
    with pytest.raises(requests.exceptions.ConnectionError):
        http.post(url, json=body, headers=headers, timeout=5)
    assert sim.reports(WAVE) == [body]  # stored although the hub never heard back
    retry = http.post(url, json=body, headers=headers, timeout=5)
    assert retry.status_code == 200
    assert retry.json() == {"report_id": "lost-answer", "status": "accepted"}
    assert sim.reports(WAVE) == [body]
    (entry,) = http.get(f"{server.control_url}/received", timeout=5).json()["reports"]
    assert entry["attempts"] == 2


def test_a_500_before_storing_leaves_nothing_and_the_retry_creates_it(
    sim: Simulator, server: SimulatorServer, http: requests.Session
) -> None:
    url = f"{server.url}/waves/{WAVE}/reports"
    body = _shortage(sim, "crash-before")
    headers = {"Idempotency-Key": "crash-before"}
    response = http.post(
        f"{server.control_url}/faults/queue",
        json={"kind": "500", "after": False, "method": "POST"},
        timeout=5,
    )
    assert response.status_code == 201
    assert http.post(url, json=body, headers=headers, timeout=5).status_code == 500
    assert sim.reports(WAVE) == []
    assert http.post(url, json=body, headers=headers, timeout=5).status_code == 201
    server.faults.queue("500", after=True, method="POST")
    body2 = _shortage(sim, "crash-after")
    headers2 = {"Idempotency-Key": "crash-after"}
    assert http.post(url, json=body2, headers=headers2, timeout=5).status_code == 500
    assert http.post(url, json=body2, headers=headers2, timeout=5).status_code == 200
    assert len(sim.reports(WAVE)) == 2


def test_a_patient_client_gets_every_order_through_random_faults(
    sim: Simulator, http: requests.Session
) -> None:
    spec = FaultSpec.parse(
        "500:0.15,503:0.1,429:0.05,drop:0.1,truncate:0.1,dup:0.3,short:0.3",
        seed=11,
        retry_after_s=0,
    )
    with SimulatorServer(sim, faults=spec) as server:
        items, _pages = _collect(http, f"{server.url}/waves/{WAVE}/orders", 40, retries=30)
        assert sum(server.faults.counts.values()) > 10
        assert {"dup", "short", "drop", "truncate"} <= set(server.faults.counts)
    expected = generate_wave(delivery_date=DAY, **SIZES)["orders"]
    assert _by_id(items, "order_id") == _by_id(expected, "order_id")


# --- persistence ---------------------------------------------------------------------------------


def test_what_was_received_survives_a_restart_with_a_state_file(
    tmp_path: Path, clock: Clock, http: requests.Session
) -> None:
    state = tmp_path / "sim-state.json"
    sim = Simulator(clock=clock, state_file=state, **SIZES)
    body = _shortage(sim, "persist-1")
    dispatch = _dispatch(sim, "persist-d")
    order, _line = _open_line(sim)
    with SimulatorServer(sim) as server:
        url = f"{server.url}/waves/{WAVE}"
        assert (
            http.post(
                f"{url}/reports", json=body, headers={"Idempotency-Key": "persist-1"}, timeout=5
            ).status_code
            == 201
        )
        assert (
            http.post(
                f"{url}/dispatches",
                json=dispatch,
                headers={"Idempotency-Key": "persist-d"},
                timeout=5,
            ).status_code
            == 201
        )
        http.put(
            f"{url}/hub-status",
            json={"stage": "sorted", "at": "2026-11-27T03:00:00+08:00"},
            timeout=5,
        )
        sim.cancel_order(WAVE, order["order_id"])
        sim.add_claim(WAVE, community_id="C0001", sku_id="S10001")
        sim.set_wave_status("W20261128-HZ01", "cancelled")
        summary = http.get(url, timeout=5).json()
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, no leftovers

    again = Simulator(clock=clock, state_file=state, **SIZES)
    with SimulatorServer(again) as server:
        url = f"{server.url}/waves/{WAVE}"
        repeat = http.post(
            f"{url}/reports", json=body, headers={"Idempotency-Key": "persist-1"}, timeout=5
        )
        assert repeat.status_code == 200
        reused = http.post(
            f"{url}/reports",
            json={**body, "note": "x"},
            headers={"Idempotency-Key": "persist-1"},
            timeout=5,
        )
        assert reused.status_code == 422
        assert http.get(url, timeout=5).json() == summary
        orders = _by_id(_collect(http, f"{url}/orders", 1000)[0], "order_id")
        assert orders[order["order_id"]]["status"] == "cancelled"
        assert http.get(f"{server.url}/waves/W20261128-HZ01", timeout=5).json()["status"] == (
            "cancelled"
        )
    assert again.reports(WAVE) == [body]
    assert again.dispatches(WAVE) == [dispatch]
    assert again.hub_status(WAVE) == {"sorted": "2026-11-27T03:00:00+08:00"}
    assert [c["claim_id"] for c in again.claims(WAVE)] == ["CL0001"]
    assert again.add_claim(WAVE, community_id="C0002", sku_id="S10001")["claim_id"] == "CL0002"

    with pytest.raises(ValueError, match="written for"):
        Simulator(clock=clock, state_file=state, **{**SIZES, "seed": 4})


def _start_cli(state: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sorter_app.platform.simulator.cli",
            "--port",
            "0",
            "--state",
            str(state),
            "--communities",
            "12",
            "--skus",
            "20",
            "--lines",
            "300",
            "--token",
            "cli-token",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line.startswith("simulator listening on http://127.0.0.1:"), (line, process.poll())
    assert line.endswith("/api/v1")
    return process, line.removeprefix("simulator listening on ")


def test_the_cli_keeps_received_reports_across_a_kill_and_restart(tmp_path: Path) -> None:
    state = tmp_path / "cli-state.json"
    headers = {"Authorization": "Bearer cli-token"}
    wave_id = "W20261201-HZ01"
    process, url = _start_cli(state)
    try:
        orders = requests.get(f"{url}/waves/{wave_id}/orders", headers=headers, timeout=10).json()
        order = orders["items"][0]
        line = order["lines"][0]
        body: dict[str, Any] = {
            "report_id": "cli-1",
            "type": "damage",
            "station_id": "ST-01",
            "created_at": "2026-11-30T23:00:00+08:00",
            "items": [
                {
                    "order_id": order["order_id"],
                    "line_id": line["line_id"],
                    "sku_id": line["sku_id"],
                    "community_id": order["community_id"],
                    "qty": 1,
                    "reason": "damaged_in_hub",
                }
            ],
        }
        post_headers = {**headers, "Idempotency-Key": "cli-1"}
        first = requests.post(
            f"{url}/waves/{wave_id}/reports", json=body, headers=post_headers, timeout=10
        )
        assert first.status_code == 201
    finally:
        process.kill()  # no clean shutdown: the state must already be on disk
        process.wait(timeout=10)

    process, url = _start_cli(state)
    try:
        again = requests.post(
            f"{url}/waves/{wave_id}/reports", json=body, headers=post_headers, timeout=10
        )
        assert again.status_code == 200
        control = url.replace("/api/v1", "/_sim")
        received = requests.get(f"{control}/received", headers=headers, timeout=10).json()
        assert [r["body"] for r in received["reports"]] == [body]
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
