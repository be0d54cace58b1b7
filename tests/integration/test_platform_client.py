"""The platform client against a scripted server over real loopback HTTP, one fault at a time."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from sorter_app.domain.errors import InvalidRecord
from sorter_app.platform.client import PlatformClient
from sorter_app.platform.errors import (
    CaBundleMissing,
    InsecureUrl,
    PlatformAuthError,
    PlatformRejected,
    PlatformTlsError,
    PlatformUnavailable,
    WaveNotClosed,
)
from sorter_app.platform.http import Transport, parse_retry_after
from tests.integration.scripted_server import (
    Drop,
    Error,
    Json,
    Paged,
    Raw,
    Recorded,
    Script,
    ScriptedServer,
    Stall,
    Truncated,
)

CST = timezone(timedelta(hours=8))
WAVE = "W20261127-HZ01"


def summary(status: str = "closed", order_count: int = 3) -> dict[str, Any]:
    return {
        "wave_id": WAVE,
        "hub_id": "HZ01",
        "delivery_date": "2026-11-27",
        "cutoff_at": "2026-11-26T20:00:00+08:00",
        "status": status,
        "order_count": order_count,
        "line_count": order_count,
        "updated_at": "2026-11-26T20:00:03+08:00",
    }


def community(community_id: str) -> dict[str, Any]:
    return {
        "community_id": community_id,
        "name": f"小区 {community_id}",
        "leader": {"leader_id": f"L{community_id}", "name": "王秀英", "phone": "13812345678"},
        "pickup_point": {"address": "文三路 88 号"},
        "route": {"route_id": "R03", "name": "西湖 3 线", "stop_seq": 1},
    }


def sku(sku_id: str) -> dict[str, Any]:
    return {
        "sku_id": sku_id,
        "name": "娃娃菜",
        "spec": "500g/袋",
        "unit": "袋",
        "barcodes": [f"692{sku_id}"],
        "category": "蔬菜",
        "supplier": {"supplier_id": "SUP07", "name": "绿源农场"},
        "temperature": "chilled",
        "weighed": False,
        "units_per_crate": 24,
        "status": "active",
    }


def order(order_id: str, community_id: str = "C1", sku_id: str = "S1") -> dict[str, Any]:
    return {
        "order_id": order_id,
        "community_id": community_id,
        "customer": {"nickname": "小李", "pickup_code": "4821"},
        "placed_at": "2026-11-26T10:02:11+08:00",
        "status": "closed",
        "lines": [{"line_id": f"{order_id}-1", "sku_id": sku_id, "qty": 2}],
    }


@pytest.fixture
def server() -> Any:
    with ScriptedServer() as scripted:
        yield scripted


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(server: ScriptedServer, sleeps: list[float]) -> Any:
    with PlatformClient(server.base_url, "tok-123", sleep=sleeps.append, read_timeout=2) as made:
        yield made


def serve_wave(server: ScriptedServer, orders: list[list[dict[str, Any]]]) -> None:
    server.route("GET", f"/waves/{WAVE}", Json(200, summary(order_count=sum(map(len, orders)))))
    server.route("GET", f"/waves/{WAVE}/communities", Paged([[community("C1"), community("C2")]]))
    server.route("GET", f"/waves/{WAVE}/skus", Paged([[sku("S1")], [sku("S2")]]))
    server.route("GET", f"/waves/{WAVE}/orders", Paged(orders))


# Paging


def test_pages_of_unequal_sizes_with_repeats_yield_each_item_once(
    client: PlatformClient, server: ScriptedServer
) -> None:
    pages = [
        [community("C1"), community("C2"), community("C3")],
        [community("C3"), community("C4")],  # C3 again: the server's page boundary moved
        [],
        [community("C5")],
    ]
    server.route("GET", f"/waves/{WAVE}/communities", Paged(pages))
    ids = [c.community_id for c in client.communities(WAVE)]
    assert ids == ["C1", "C2", "C3", "C4", "C5"]
    sent = server.requests_to("GET", f"/waves/{WAVE}/communities")
    assert [r.query.get("cursor") for r in sent] == [None, "p1", "p2", "p3"]
    assert all(r.query["limit"] == "1000" for r in sent)


def test_page_limit_is_sent(server: ScriptedServer, sleeps: list[float]) -> None:
    server.route("GET", f"/waves/{WAVE}/skus", Paged([[sku("S1")]]))
    with PlatformClient(server.base_url, "t", page_limit=50, sleep=sleeps.append) as small:
        assert len(list(small.skus(WAVE))) == 1
    assert server.requests[0].query["limit"] == "50"


def test_waves_of_a_day_come_from_all_pages(client: PlatformClient, server: ScriptedServer) -> None:
    morning, afternoon = summary(), {**summary(), "wave_id": "W20261127-HZ01-PM"}
    server.route("GET", "/hubs/HZ01/waves", Paged([[morning], [afternoon]]))
    waves = client.waves("HZ01", date(2026, 11, 27))
    assert [w.wave_id for w in waves] == [WAVE, "W20261127-HZ01-PM"]
    assert server.requests[0].query["delivery_date"] == "2026-11-27"


def test_claims_are_listed(client: PlatformClient, server: ScriptedServer) -> None:
    claim = {
        "claim_id": "CL1",
        "community_id": "C1",
        "sku_id": "S1",
        "qty": 1,
        "kind": "wrong_item",
        "created_at": "2026-11-27T09:12:00+08:00",
    }
    server.route("GET", f"/waves/{WAVE}/claims", Paged([[claim]]))
    [parsed] = client.claims(WAVE)
    assert (parsed.claim_id, parsed.kind, parsed.crate_id) == ("CL1", "wrong_item", None)


def test_a_cursor_handed_out_twice_stops_instead_of_looping(
    client: PlatformClient, server: ScriptedServer
) -> None:
    page = Json(200, {"items": [sku("S1")], "next_cursor": "again"})
    server.route("GET", f"/waves/{WAVE}/skus", page)
    with pytest.raises(InvalidRecord) as caught:
        list(client.skus(WAVE))
    assert caught.value.field == "next_cursor"
    assert len(server.requests) == 2


def test_a_page_without_next_cursor_is_refused_rather_than_cut_short(
    client: PlatformClient, server: ScriptedServer
) -> None:
    server.route("GET", f"/waves/{WAVE}/skus", Json(200, {"items": [sku("S1")]}))
    with pytest.raises(InvalidRecord) as caught:
        list(client.skus(WAVE))
    assert (caught.value.kind, caught.value.field) == ("page", "next_cursor")


# Transient faults are retried


def test_500_and_503_are_retried_with_backoff(
    client: PlatformClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.route(
        "GET",
        f"/waves/{WAVE}",
        Script(Error(500, "internal"), Raw(503, b""), Json(200, summary())),
    )
    assert client.wave(WAVE).wave_id == WAVE
    assert len(server.requests) == 3
    assert len(sleeps) == 2 and all(0 < s <= 5 for s in sleeps)


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(
    client: PlatformClient, server: ScriptedServer, sleeps: list[float], status: int
) -> None:
    server.route(
        "GET",
        f"/waves/{WAVE}",
        Script(Error(status, "slow_down", headers={"Retry-After": "7"}), Json(200, summary())),
    )
    client.wave(WAVE)
    assert sleeps == [7]


def test_a_huge_retry_after_is_capped_at_a_minute(
    client: PlatformClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.route(
        "GET",
        f"/waves/{WAVE}",
        Script(Error(429, "slow_down", headers={"Retry-After": "3600"}), Json(200, summary())),
    )
    client.wave(WAVE)
    assert sleeps == [60]


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 11, 27, 1, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Fri, 27 Nov 2026 01:00:12 GMT", now) == 12
    assert parse_retry_after("soon", now) is None


def test_read_timeout_is_retried(server: ScriptedServer, sleeps: list[float]) -> None:
    server.route(
        "GET", f"/waves/{WAVE}", Script(Stall(1.0, Json(200, summary())), Json(200, summary()))
    )
    with PlatformClient(server.base_url, "t", read_timeout=0.2, sleep=sleeps.append) as impatient:
        assert impatient.wave(WAVE).wave_id == WAVE
    assert len(server.requests) == 2 and len(sleeps) == 1


@pytest.mark.parametrize(
    "fault",
    [
        Drop(),
        Truncated(200, b'{"items": [], "next_cursor": null}', sent=10),
        Raw(200, b'{"items": [{"sku_id": "S1"', length=False),  # cut short, no length to tell
        Raw(200, b"<html>502 Bad Gateway</html>", content_type="text/html"),
        Raw(200, b""),
        Json(200, ["not", "an", "object"]),
    ],
    ids=["dropped", "truncated", "truncated-unframed", "html-2xx", "empty-2xx", "array-2xx"],
)
def test_broken_answers_are_retried(
    client: PlatformClient, server: ScriptedServer, sleeps: list[float], fault: Any
) -> None:
    server.route("GET", f"/waves/{WAVE}/skus", Paged([[sku("S1")], [sku("S2")]], {1: [fault]}))
    assert [s.sku_id for s in client.skus(WAVE)] == ["S1", "S2"]
    assert [r.query.get("cursor") for r in server.requests] == [None, "p1", "p1"]
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    "fault", [Raw(502, b"<html>Bad Gateway</html>", content_type="text/html"), Raw(500, b"")]
)
def test_5xx_without_a_json_error_body_is_still_retried(
    client: PlatformClient, server: ScriptedServer, fault: Raw
) -> None:
    server.route("GET", f"/waves/{WAVE}", Script(fault, Json(200, summary())))
    assert client.wave(WAVE).wave_id == WAVE


def test_retries_exhausted_raise_unavailable_with_the_last_cause(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.route("GET", f"/waves/{WAVE}", Error(503, "maintenance", "平台维护中"))
    with (
        PlatformClient(server.base_url, "t", sleep=sleeps.append) as default_attempts,
        pytest.raises(PlatformUnavailable) as caught,
    ):
        default_attempts.wave(WAVE)
    error = caught.value
    assert len(server.requests) == 10 and error.attempts == 10
    assert "503" in error.last_cause and "maintenance" in error.last_cause
    assert error.code == "platform_unavailable" and "10" in error.message_zh
    # Exponential backoff with jitter: each wait within its doubling ceiling, never above 5 s.
    assert len(sleeps) == 9
    for attempt, delay in enumerate(sleeps, start=1):
        ceiling = min(5.0, 0.5 * 2 ** (attempt - 1))
        assert ceiling / 2 <= delay <= ceiling


def test_platform_down_raises_unavailable(sleeps: list[float]) -> None:
    with ScriptedServer() as gone:
        url = gone.base_url
    with (
        PlatformClient(url, "t", max_attempts=3, sleep=sleeps.append) as client,
        pytest.raises(PlatformUnavailable) as caught,
    ):
        client.wave(WAVE)
    assert caught.value.attempts == 3 and len(sleeps) == 2


# Permanent answers are not retried


def test_401_raises_auth_error_after_exactly_one_request(
    client: PlatformClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.route("GET", f"/waves/{WAVE}/orders", Error(401, "token_expired"))
    with pytest.raises(PlatformAuthError) as caught:
        list(client.orders(WAVE))
    assert len(server.requests) == 1 and sleeps == []
    assert caught.value.code == "platform_auth_failed" and "令牌" in caught.value.message_zh


def test_409_wave_not_closed(client: PlatformClient, server: ScriptedServer) -> None:
    server.route("GET", f"/waves/{WAVE}/orders", Error(409, "wave_not_closed", "still open"))
    with pytest.raises(WaveNotClosed) as caught:
        list(client.orders(WAVE))
    assert len(server.requests) == 1
    assert caught.value.code == "wave_not_closed" and WAVE in caught.value.message_zh


@pytest.mark.parametrize(
    ("answer", "status", "code", "message"),
    [
        (Error(404, "wave_not_found", "no such wave"), 404, "wave_not_found", "no such wave"),
        (Error(409, "conflict", "other"), 409, "conflict", "other"),
        (Raw(400, b"<html>Bad Request</html>", content_type="text/html"), 400, None, "Bad Request"),
        (Raw(403, b""), 403, None, ""),
        (Raw(400, b'{"error": "flat string"}'), 400, None, "flat string"),
    ],
    ids=["json-404", "other-409", "html-400", "empty-403", "odd-json-400"],
)
def test_other_4xx_are_rejected_once_with_what_the_body_said(
    client: PlatformClient,
    server: ScriptedServer,
    sleeps: list[float],
    answer: Raw,
    status: int,
    code: str | None,
    message: str,
) -> None:
    server.route("GET", f"/waves/{WAVE}", answer)
    with pytest.raises(PlatformRejected) as caught:
        client.wave(WAVE)
    error = caught.value
    assert len(server.requests) == 1 and sleeps == []
    assert (error.status, error.error_code) == (status, code)
    assert message in error.server_message
    assert error.code == (code or "platform_rejected")


def test_a_redirect_is_not_followed(client: PlatformClient, server: ScriptedServer) -> None:
    server.route(
        "GET", f"/waves/{WAVE}", Raw(301, b"", headers={"Location": "http://evil.example/"})
    )
    with pytest.raises(PlatformRejected) as caught:
        client.wave(WAVE)
    assert caught.value.status == 301 and "evil.example" in caught.value.server_message
    assert len(server.requests) == 1


# Records and whole waves


def test_invalid_record_names_record_and_field(
    client: PlatformClient, server: ScriptedServer
) -> None:
    bad = order("O2")
    bad["lines"][0]["qty"] = 0
    server.route("GET", f"/waves/{WAVE}/orders", Paged([[order("O1")], [order("O0"), bad]]))
    with pytest.raises(InvalidRecord) as caught:
        list(client.orders(WAVE))
    assert (caught.value.record_id, caught.value.field) == ("O2", "lines[0].qty")


def test_fetch_wave_returns_the_whole_wave_and_reports_progress(
    client: PlatformClient, server: ScriptedServer
) -> None:
    serve_wave(server, [[order("O1"), order("O2", "C2", "S2")], [order("O3")]])
    seen: list[tuple[str, int, int | None]] = []
    snapshot = client.fetch_wave(WAVE, progress=lambda *args: seen.append(args))
    assert [c.community_id for c in snapshot.communities] == ["C1", "C2"]
    assert [s.sku_id for s in snapshot.skus] == ["S1", "S2"]
    assert [o.order_id for o in snapshot.orders] == ["O1", "O2", "O3"]
    assert snapshot.line_count == 3
    assert seen == [
        ("communities", 2, None),
        ("skus", 1, None),
        ("skus", 2, None),
        ("orders", 2, 3),
        ("orders", 3, 3),
    ]


def test_fetch_wave_refuses_an_order_of_an_unknown_community(
    client: PlatformClient, server: ScriptedServer
) -> None:
    serve_wave(server, [[order("O1"), order("O2", community_id="C9")]])
    with pytest.raises(InvalidRecord) as caught:
        client.fetch_wave(WAVE)
    assert (caught.value.record_id, caught.value.field) == ("O2", "community_id")
    assert "C9" in caught.value.problem


def test_fetch_wave_refuses_an_order_line_of_an_unknown_sku(
    client: PlatformClient, server: ScriptedServer
) -> None:
    serve_wave(server, [[order("O1", sku_id="S7")]])
    with pytest.raises(InvalidRecord) as caught:
        client.fetch_wave(WAVE)
    assert caught.value.field == "lines.sku_id"


def test_fetch_wave_of_an_open_wave_fetches_no_lists(
    client: PlatformClient, server: ScriptedServer
) -> None:
    server.route("GET", f"/waves/{WAVE}", Json(200, summary(status="open")))
    with pytest.raises(WaveNotClosed):
        client.fetch_wave(WAVE)
    assert [r.path for r in server.requests] == [f"/waves/{WAVE}"]


def test_a_summary_for_another_wave_is_refused(
    client: PlatformClient, server: ScriptedServer
) -> None:
    server.route("GET", f"/waves/{WAVE}", Json(200, {**summary(), "wave_id": "W-OTHER"}))
    with pytest.raises(InvalidRecord):
        client.wave(WAVE)


# Requests carry auth and identity; URLs are checked


def test_every_request_carries_token_user_agent_and_one_segment_per_id(
    client: PlatformClient, server: ScriptedServer
) -> None:
    # An id with a slash or # must stay one path segment, not reach another endpoint.
    server.route("GET", "/waves/W%201%2F%232", Json(200, {**summary(), "wave_id": "W 1/#2"}))
    client.wave("W 1/#2")
    [request] = server.requests
    assert request.headers["authorization"] == "Bearer tok-123"
    assert request.headers["user-agent"].startswith("HubSorter/")


@pytest.mark.parametrize(
    "url",
    [
        "http://platform.example/api/v1",
        "http://10.0.0.5:8080/api/v1",
        "http://127.0.0.1.evil.example/api",
        "ftp://127.0.0.1/api",
    ],
)
def test_plain_http_to_another_host_is_refused(url: str) -> None:
    with pytest.raises(InsecureUrl) as caught:
        PlatformClient(url, "t")
    assert caught.value.code == "insecure_url" and "https" in caught.value.message_zh


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/api/v1",
        "http://127.8.9.10/api/v1",
        "http://localhost/api/v1",
        "http://[::1]:8080/api/v1",
        "https://platform.example/api/v1",
    ],
)
def test_loopback_http_and_any_https_are_accepted(url: str) -> None:
    PlatformClient(url, "t").close()


def test_a_missing_ca_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaBundleMissing):
        PlatformClient("https://platform.example/api", "t", ca_bundle=tmp_path / "none.pem")


# Posts from the hub


class IdempotentEndpoint:
    """Creates once per key; the first answer is lost in a dropped connection."""

    def __init__(self, drop_first: int = 1) -> None:
        self.created: dict[str, bytes] = {}
        self.drops_left = drop_first
        self.lock = threading.Lock()

    def __call__(self, request: Recorded) -> Any:
        key = request.headers["idempotency-key"]
        with self.lock:
            if key in self.created:
                if self.created[key] != request.body:
                    return Error(422, "idempotency_key_reused")
                return Json(200, {"report_id": key, "status": "accepted"})
            self.created[key] = request.body
            if self.drops_left:
                self.drops_left -= 1
                return Drop()
        return Json(201, {"report_id": key, "status": "accepted"})


REPORT = {
    "report_id": "5f0c7a1e",
    "type": "shortage",
    "station_id": "ST-03",
    "created_at": "2026-11-26T23:41:00+08:00",
    "items": [
        {
            "order_id": "O1",
            "line_id": "O1-1",
            "sku_id": "S1",
            "community_id": "C1",
            "qty": 1,
            "reason": "supplier_short",
        }
    ],
    "note": "到货少 12 袋",
}


def test_report_post_answered_201_is_new(client: PlatformClient, server: ScriptedServer) -> None:
    endpoint = IdempotentEndpoint(drop_first=0)
    server.route("POST", f"/waves/{WAVE}/reports", endpoint)
    result = client.post_report(WAVE, REPORT, "5f0c7a1e")
    assert result == {"report_id": "5f0c7a1e", "status": "accepted"} and not result.replayed
    [request] = server.requests
    assert request.headers["idempotency-key"] == "5f0c7a1e"
    assert request.json() == REPORT
    assert "application/json" in request.headers["content-type"]


def test_idempotent_post_is_retried_after_a_drop_and_counted_once(
    client: PlatformClient, server: ScriptedServer
) -> None:
    endpoint = IdempotentEndpoint(drop_first=1)
    server.route("POST", f"/waves/{WAVE}/reports", endpoint)
    result = client.post_report(WAVE, REPORT, "5f0c7a1e")
    assert result["status"] == "accepted" and result.replayed
    assert list(endpoint.created) == ["5f0c7a1e"]
    first, second = server.requests
    assert first.body == second.body  # byte-identical, so the key's replay check matches


def test_dispatch_post_retried_after_503(client: PlatformClient, server: ScriptedServer) -> None:
    dispatch = {"dispatch_id": "b8e2", "route_id": "R03", "communities": []}
    server.route(
        "POST",
        f"/waves/{WAVE}/dispatches",
        Script(Error(503, "busy"), Json(201, {"dispatch_id": "b8e2", "status": "accepted"})),
    )
    result = client.post_dispatch(WAVE, dispatch, "b8e2")
    assert result["dispatch_id"] == "b8e2" and not result.replayed
    assert len(server.requests) == 2


def test_idempotency_key_reused_is_rejected(client: PlatformClient, server: ScriptedServer) -> None:
    server.route("POST", f"/waves/{WAVE}/reports", Error(422, "idempotency_key_reused"))
    with pytest.raises(PlatformRejected) as caught:
        client.post_report(WAVE, REPORT, "5f0c7a1e")
    assert caught.value.code == "idempotency_key_reused" and caught.value.status == 422
    assert len(server.requests) == 1


def test_post_without_a_key_is_not_resent_once_it_may_have_arrived(
    server: ScriptedServer, sleeps: list[float]
) -> None:
    server.route("POST", "/anything", Drop())
    transport = Transport(server.base_url, "t", sleep=sleeps.append)
    with pytest.raises(PlatformUnavailable):
        transport.request("POST", "/anything", json_body={"a": 1})
    assert len(server.requests) == 1 and sleeps == []


def test_post_without_a_key_is_resent_when_it_never_arrived(sleeps: list[float]) -> None:
    with ScriptedServer() as gone:
        url = gone.base_url
    transport = Transport(url, "t", max_attempts=3, sleep=sleeps.append)
    with pytest.raises(PlatformUnavailable) as caught:
        transport.request("POST", "/anything", json_body={"a": 1})
    assert caught.value.attempts == 3


def test_hub_status_is_put_and_retried(
    client: PlatformClient, server: ScriptedServer, sleeps: list[float]
) -> None:
    server.route("PUT", f"/waves/{WAVE}/hub-status", Script(Drop(), Raw(204)))
    client.put_hub_status(WAVE, "sorting", datetime(2026, 11, 27, 1, 30, tzinfo=CST))
    first, second = server.requests
    assert first.body == second.body
    assert second.json() == {"stage": "sorting", "at": "2026-11-27T01:30:00+08:00"}
    assert len(sleeps) == 1


def test_hub_status_stage_and_time_are_checked_before_sending(client: PlatformClient) -> None:
    with pytest.raises(ValueError):
        client.put_hub_status(WAVE, "loading", datetime(2026, 11, 27, tzinfo=CST))
    with pytest.raises(ValueError):
        client.put_hub_status(WAVE, "sorted", datetime(2026, 11, 27))


# TLS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Any:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    with ScriptedServer(tls=context) as scripted:
        scripted.route("GET", f"/waves/{WAVE}", Json(200, summary()))
        yield scripted


def test_https_with_the_hubs_ca_bundle_works(
    tls_server: ScriptedServer, certificate: tuple[Path, Path]
) -> None:
    with PlatformClient(tls_server.base_url, "t", ca_bundle=certificate[0]) as client:
        assert client.wave(WAVE).wave_id == WAVE


def test_an_untrusted_certificate_is_refused_at_once(
    tls_server: ScriptedServer, sleeps: list[float]
) -> None:
    with (
        PlatformClient(tls_server.base_url, "t", sleep=sleeps.append) as client,
        pytest.raises(PlatformTlsError) as caught,
    ):
        client.wave(WAVE)
    assert sleeps == [] and caught.value.code == "platform_tls_failed"
    assert tls_server.requests == []
