"""`/_sim/...`: how a test drives a simulator running in another process. Never faulted.

GET  /_sim/received                         reports, dispatches (with attempts), hub milestones
GET  /_sim/waves/{wave}                     the whole wave as clients would read it now
POST /_sim/waves/{wave}/status              {"status": "open" | "closed" | "cancelled"}
POST /_sim/orders/{wave}                    {"community_id", "lines": [{"sku_id", "qty"}], ...}
POST /_sim/orders/{wave}/{order}/cancel
POST /_sim/lines/{wave}/{line}              {"qty": n}
POST /_sim/corrupt                          {"wave_id", "kind", "record_id", "field",
                                             "value": v | "delete": true}
POST /_sim/claims                           {"wave_id", "community_id", "sku_id", "qty", "kind",
                                             "crate_id"?, "created_at"?}
GET  /_sim/faults                           spec, counts so far, queued faults
PUT  /_sim/faults                           {"spec": "500:0.1,...", "seed"?, "retry_after_s"?,
                                             "timeout_s"?}
POST /_sim/faults/queue                     {"kind", "after"?, "method"?, "path"?, "count"?}
PUT  /_sim/token                            {"token": "..."}: the old token now gets 401
PUT  /_sim/clock                            {"now": "<ISO time>" | null}
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sorter_app.platform.simulator.api import (
    Reply,
    Request,
    allow,
    error_reply,
    parse_json_body,
    path_segments,
)
from sorter_app.platform.simulator.errors import BadRequest, NotFound, SimulatorError
from sorter_app.platform.simulator.faults import FaultInjector, FaultSpec
from sorter_app.platform.simulator.state import DELETE, Simulator

CONTROL_PREFIX = "/_sim"


class ControlTarget(Protocol):
    """What the control routes change besides the Simulator: the server's faults and token."""

    simulator: Simulator
    faults: FaultInjector
    token: str


def handle_control(target: ControlTarget, request: Request) -> Reply:
    try:
        return _route(target, request)
    except SimulatorError as exc:
        return error_reply(exc.status, exc.code, exc.message)
    except (KeyError, TypeError, ValueError) as exc:  # a body without the fields a route needs
        return error_reply(400, "bad_request", f"{type(exc).__name__}: {exc}")


def _body(request: Request) -> dict[str, Any]:
    body = parse_json_body(request.body) if request.body else {}
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object", code="invalid_json")
    return body


def _route(target: ControlTarget, request: Request) -> Reply:
    sim = target.simulator
    parts = path_segments(request.path)
    method = request.method
    match parts:
        case ["received"]:
            allow(method, "GET")
            return Reply(200, sim.received())
        case ["waves", wave_id]:
            allow(method, "GET")
            return Reply(200, sim.export_wave(wave_id))
        case ["waves", wave_id, "status"]:
            allow(method, "POST")
            return Reply(200, sim.set_wave_status(wave_id, _body(request)["status"]))
        case ["orders", wave_id]:
            allow(method, "POST")
            body = _body(request)
            community_id, lines = body.pop("community_id"), body.pop("lines")
            placed_at = body.pop("placed_at", None)
            order = sim.add_order(
                wave_id,
                community_id=community_id,
                lines=lines,
                placed_at=datetime.fromisoformat(placed_at) if placed_at else None,
                **body,
            )
            return Reply(201, order)
        case ["orders", wave_id, order_id, "cancel"]:
            allow(method, "POST")
            return Reply(200, sim.cancel_order(wave_id, order_id))
        case ["lines", wave_id, line_id]:
            allow(method, "POST")
            return Reply(200, sim.set_line_qty(wave_id, line_id, _body(request)["qty"]))
        case ["corrupt"]:
            allow(method, "POST")
            body = _body(request)
            value = DELETE if body.get("delete") else body["value"]
            record = sim.corrupt_record(
                body["wave_id"], body["kind"], body["record_id"], body["field"], value
            )
            return Reply(200, record)
        case ["claims"]:
            allow(method, "POST")
            body = _body(request)
            created_at = body.pop("created_at", None)
            claim = sim.add_claim(
                body.pop("wave_id"),
                created_at=datetime.fromisoformat(created_at) if created_at else None,
                **body,
            )
            return Reply(201, claim)
        case ["faults"]:
            return _faults(target, request)
        case ["faults", "queue"]:
            allow(method, "POST")
            body = _body(request)
            target.faults.queue(body.pop("kind"), **body)
            return Reply(201, {"queued": target.faults.queued()})
        case ["token"]:
            allow(method, "PUT")
            token = _body(request)["token"]
            if not isinstance(token, str) or not token:
                raise BadRequest("token must be a non-empty string", code="invalid_parameter")
            target.token = token
            return Reply(204)
        case ["clock"]:
            allow(method, "PUT")
            now = _body(request).get("now")
            sim.set_now(datetime.fromisoformat(now) if now else None)
            return Reply(204)
    raise NotFound(f"no such control route: {method} {CONTROL_PREFIX}{request.path}")


def _faults(target: ControlTarget, request: Request) -> Reply:
    if request.method == "PUT":
        body = _body(request)
        current = target.faults.spec
        spec = FaultSpec.parse(
            body.get("spec", ""),
            seed=int(body.get("seed", current.seed)),
            retry_after_s=int(body.get("retry_after_s", current.retry_after_s)),
            timeout_s=float(body.get("timeout_s", current.timeout_s)),
        )
        target.faults.set_spec(spec)
    else:
        allow(request.method, "GET")
    spec = target.faults.spec
    return Reply(
        200,
        {
            "spec": str(spec),
            "seed": spec.seed,
            "retry_after_s": spec.retry_after_s,
            "timeout_s": spec.timeout_s,
            "counts": dict(target.faults.counts),
            "queued": target.faults.queued(),
        },
    )
