"""A route leaves: check every crate with units is on the truck, tell the platform per community
what is coming (crates, units, crate IDs, actual weights of weighed lines), exactly once.

The driver and the plate, when typed, are kept with the departure for the load sheet and the
end-of-night summary; the platform's dispatch body has no place for them and does not get them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sorter_app.domain.audit import Action
from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.weights import attribute_weights
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.people.roster import Person
from sorter_app.services.reporting.outbox_queue import queue_milestone
from sorter_app.services.waves.aggregates import aggregate_if_finished
from sorter_app.settings import Settings
from sorter_app.store import crate_ledger_repo, dispatch_repo, outbox_repo
from sorter_app.store.audit_repo import record_audit
from sorter_app.store.database import Store
from sorter_app.store.dispatch_repo import CrateOnRoute, SortedLines, WeighedPut
from sorter_app.store.wave_lookup import wave_pk_of


@dataclass(frozen=True)
class MissingCrate:
    stop_seq: int
    community_id: str
    community_name: str
    crate_id: str


class DispatchBlocked(UserFacingError):
    code = "crates_missing"

    def __init__(self, route_id: str, missing: list[MissingCrate]) -> None:
        self.missing = missing
        super().__init__(
            f"线路 {route_id} 还有 {len(missing)} 筐没装车，需班组长确认并说明原因才能发车",
            f"Route {route_id} has {len(missing)} crates not loaded; dispatching needs a supervisor and a reason",
        )


# As long as the route_dispatches columns (migration 0013).
DRIVER_MAX = 32
PLATE_MAX = 16


class VehicleTooLong(UserFacingError):
    code = "vehicle_too_long"


@dataclass(frozen=True)
class DispatchResult:
    dispatch_id: str
    route_id: str
    communities: int
    crates: int
    units: int
    forced: bool
    already: bool = False
    driver: str | None = None
    plate: str | None = None


def vehicle(driver: str | None, plate: str | None) -> tuple[str | None, str | None]:
    """Driver and plate as they are kept: trimmed, None when blank; too long is refused (the
    column would cut it, and a cut plate names another truck)."""
    driver = (driver or "").strip() or None
    plate = (plate or "").strip() or None
    if driver is not None and len(driver) > DRIVER_MAX:
        raise VehicleTooLong(
            f"司机姓名最多 {DRIVER_MAX} 个字（现在 {len(driver)} 个）",
            f"The driver's name takes at most {DRIVER_MAX} characters (this one has {len(driver)})",
        )
    if plate is not None and len(plate) > PLATE_MAX:
        raise VehicleTooLong(
            f"车牌最多 {PLATE_MAX} 个字符（现在 {len(plate)} 个）",
            f"The plate takes at most {PLATE_MAX} characters (this one has {len(plate)})",
        )
    return driver, plate


def missing_crates(store: Store, wave_id: str, route_id: str) -> list[MissingCrate]:
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        return _missing(dispatch_repo.crates_not_loaded(s, wave_pk, route_id))


def _missing(crates: list[CrateOnRoute]) -> list[MissingCrate]:
    return [
        MissingCrate(crate.stop_seq, crate.community_id, crate.community_name, crate.crate_id)
        for crate in crates
    ]


def dispatch_route(
    store: Store,
    wave_id: str,
    route_id: str,
    *,
    force: bool = False,
    reason: str = "",
    supervisor: Person | None = None,
    driver: str | None = None,
    plate: str | None = None,
    settings: Settings | None = None,
    clock: Clock = utc_now,
) -> DispatchResult:
    """Record the departure (with the driver and plate, both optional) and queue the dispatch;
    refuses with crates missing unless a supervisor forces it with a reason (audited).
    Dispatching a route twice returns the first dispatch. With the `settings` (the routes'
    departures), the wave's aggregates are stored once its last route has left."""
    driver, plate = vehicle(driver, plate)
    now = clock()
    with store.write() as s:
        wave_pk = wave_pk_of(s, wave_id)
        earlier = dispatch_repo.dispatch_of(s, wave_pk, route_id)
        if earlier is not None:
            return DispatchResult(
                earlier.dispatch_id, route_id, 0, 0, 0, earlier.forced, already=True
            )
        missing = _missing(dispatch_repo.crates_not_loaded(s, wave_pk, route_id))
        if missing and not force:
            raise DispatchBlocked(route_id, missing)
        if missing and (supervisor is None or not supervisor.is_supervisor or not reason.strip()):
            raise UserFacingError(
                "缺筐发车需要班组长和原因",
                "Dispatching with crates missing needs a supervisor and a reason",
                code="supervisor_required",
            )
        left_behind = {m.crate_id for m in missing}
        crates = dispatch_repo.crates_on_route(s, wave_pk, route_id)
        puts = [
            put
            for put in dispatch_repo.weighed_puts(s, wave_pk, route_id)
            if put.crate_id not in left_behind
        ]
        lines = dispatch_repo.lines_of(s, {(put.community_pk, put.sku_pk) for put in puts})
        communities = _community_entries(crates, left_behind, _weights_by_community(puts, lines))
        dispatch_id = str(uuid.uuid4())
        body = {
            "dispatch_id": dispatch_id,
            "route_id": route_id,
            "departed_at": now.isoformat(),
            "communities": communities,
        }
        dispatch_repo.add_dispatch(
            s,
            wave_pk=wave_pk,
            route_id=route_id,
            dispatch_id=dispatch_id,
            departed_at=now,
            reason=reason.strip(),
            supervisor=supervisor.code if supervisor else "",
            left_behind=[m.crate_id for m in missing],
            driver=driver,
            plate=plate,
        )
        outbox_repo.enqueue(
            s,
            wave_pk=wave_pk,
            kind="dispatch",
            topic="dispatch",
            key=dispatch_id,
            body=body,
            now=now,
        )
        crate_ledger_repo.record_crates_out(
            s, wave_pk, {c["community_id"]: c["crate_ids"] for c in communities}, now
        )
        finished = dispatch_repo.all_routes_dispatched(s, wave_pk)
        if finished:
            queue_milestone(s, wave_pk, wave_id, "dispatched", now)
        if missing:
            assert supervisor is not None  # refused above otherwise
            # Last in the unit of work: the audit lock is held until commit.
            record_audit(
                s,
                action=Action.FORCED_DISPATCH,
                supervisor=supervisor.code,
                reason=reason,
                at=now,
                wave_id=wave_id,
                route_id=route_id,
            )
    if finished and settings is not None:
        aggregate_if_finished(store, wave_id, settings, clock)  # after commit; never raises
    return DispatchResult(
        dispatch_id,
        route_id,
        len(communities),
        sum(c["crates"] for c in communities),
        sum(c["units"] for c in communities),
        bool(missing),
        driver=driver,
        plate=plate,
    )


def _community_entries(
    crates: list[CrateOnRoute], left_behind: set[str], weights: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Per community of the route: its crates with units that are on the truck."""
    by_community: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for crate in crates:
        if crate.crate_id not in left_behind:
            by_community[crate.community_id].append((crate.crate_id, crate.units))
    entries = []
    for cid, items in by_community.items():
        entry: dict[str, Any] = {
            "community_id": cid,
            "crates": len(items),
            "units": sum(u for _, u in items),
            "crate_ids": [crate_id for crate_id, _ in items],
        }
        if weights.get(cid):
            entry["weights"] = weights[cid]
        entries.append(entry)
    return entries


def _weights_by_community(
    puts: list[WeighedPut], lines: dict[tuple[int, int], SortedLines]
) -> dict[str, list[dict[str, Any]]]:
    """Actual grams per line of weighed SKUs, from the weights scanned at each put (of the crates
    on the truck)."""
    grams: dict[tuple[int, int], list[int]] = defaultdict(list)
    names: dict[tuple[int, int], tuple[str, str]] = {}
    for put in puts:
        grams[(put.community_pk, put.sku_pk)].append(int(put.grams or 0))
        names[(put.community_pk, put.sku_pk)] = (put.community_id, put.sku_id)
    result: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, unit_grams in grams.items():
        cid, sku_id = names[key]
        shorted = lines[key].shorted
        delivered = [
            (line_id, qty - int(shorted.get(line_id, 0))) for line_id, qty in lines[key].lines
        ]
        for line_id, g in attribute_weights(delivered, unit_grams).items():
            result[cid].append({"line_id": line_id, "sku_id": sku_id, "grams": g})
    return result
