"""Each ID style over real HTTP: IDs with `/`, `:`, spaces, quotes or Chinese travel as one path
segment each way, and the client reads back exactly what the platform holds."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import requests

from sorter_app.platform.simulator.id_styles import ID_STYLES
from tests.platform_fixtures import DELIVERY, TOKEN, running_platform


@pytest.mark.parametrize("style", ID_STYLES)
def test_the_client_reads_every_id_as_the_platform_spells_it(style: str) -> None:
    with running_platform(communities=6, skus=8, lines=40, seed=4, id_style=style) as platform:
        [wave_id] = platform.sim.wave_ids_for(DELIVERY)
        held = platform.sim.export_wave(wave_id)
        with platform.client() as client:
            [summary] = client.waves("HZ01", DELIVERY)
            assert summary.wave_id == wave_id
            snapshot = client.fetch_wave(wave_id)
        assert [c.community_id for c in snapshot.communities] == [
            c["community_id"] for c in held["communities"]
        ]
        assert [c.route.route_id for c in snapshot.communities] == [
            c["route"]["route_id"] for c in held["communities"]
        ]
        assert [c.leader.leader_id for c in snapshot.communities] == [
            c["leader"]["leader_id"] for c in held["communities"]
        ]
        assert [(s.sku_id, s.supplier.supplier_id, s.name) for s in snapshot.skus] == [
            (s["sku_id"], s["supplier"]["supplier_id"], s["name"]) for s in held["skus"]
        ]
        assert [
            (o.order_id, o.community_id, [(x.line_id, x.sku_id) for x in o.lines])
            for o in snapshot.orders
        ] == [
            (o["order_id"], o["community_id"], [(x["line_id"], x["sku_id"]) for x in o["lines"]])
            for o in held["orders"]
        ]


@pytest.mark.parametrize("style", ID_STYLES)
def test_posts_and_control_routes_take_percent_encoded_ids(style: str) -> None:
    with running_platform(communities=4, skus=5, lines=20, seed=4, id_style=style) as platform:
        [wave_id] = platform.sim.wave_ids_for(DELIVERY)
        held = platform.sim.export_wave(wave_id)
        order = held["orders"][0]
        line = order["lines"][0]
        report = {
            "report_id": "rep-1",
            "type": "shortage",
            "station_id": "ST-01",
            "created_at": "2026-11-26T23:41:00+08:00",
            "items": [
                {
                    "order_id": order["order_id"],
                    "line_id": line["line_id"],
                    "sku_id": line["sku_id"],
                    "community_id": order["community_id"],
                    "qty": 1,
                    "reason": "supplier_short",
                }
            ],
        }
        with platform.client() as client:
            assert not client.post_report(wave_id, report, "rep-1").replayed
        assert platform.sim.reports(wave_id) == [report]

        headers = {"Authorization": f"Bearer {TOKEN}"}
        base = platform.server.control_url
        wave_segment = quote(wave_id, safe="")
        answer = requests.post(
            f"{base}/lines/{wave_segment}/{quote(line['line_id'], safe='')}",
            data=json.dumps({"qty": line["qty"] + 1}),
            headers=headers,
            timeout=5,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["order_id"] == order["order_id"]
        answer = requests.post(
            f"{base}/orders/{wave_segment}/{quote(order['order_id'], safe='')}/cancel",
            headers=headers,
            timeout=5,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "cancelled"
