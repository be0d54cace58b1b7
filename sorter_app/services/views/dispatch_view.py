"""What the dispatch screen shows for one route: per stop the crates expected (with units),
loaded and missing, whether the route left (when, forced or not, driver and plate), and whether
the platform has its dispatch yet (the outbox entry's status: pending, sent, parked or
dismissed). `route_dispatches` gives the same for every route of a wave that left, for the load
sheet and the end-of-night summary.

The crates come from the same repository reads `dispatch_route` refuses on
(store/dispatch_repo.py: crates_on_route, crates_not_loaded), so the screen and the service agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sorter_app.store import dispatch_repo, tables
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of


@dataclass(frozen=True)
class StopLoad:
    stop_seq: int
    community_id: str
    community_name: str
    expected: int  # crates with units
    loaded: int
    missing: int


@dataclass(frozen=True)
class RouteDispatchState:
    dispatch_id: str
    departed_at: datetime | None
    forced: bool
    outbox_status: str | None  # pending | sent | parked | dismissed; None: no entry (yet)
    outbox_error: str  # the platform's message of a parked entry
    driver: str | None = None  # as typed at dispatch; None when nobody did
    plate: str | None = None

    @property
    def platform_state(self) -> str:
        """Where the platform stands with this dispatch: the outbox entry's status, or
        "no_entry" when the route left without one."""
        return self.outbox_status or "no_entry"


@dataclass(frozen=True)
class RouteLoad:
    wave_id: str
    route_id: str
    stops: list[StopLoad]  # in stop order
    dispatch: RouteDispatchState | None  # None while the route has not left

    @property
    def expected(self) -> int:
        return sum(s.expected for s in self.stops)

    @property
    def loaded(self) -> int:
        return sum(s.loaded for s in self.stops)

    @property
    def missing(self) -> int:
        return sum(s.missing for s in self.stops)

    @property
    def stops_missing(self) -> list[StopLoad]:
        return [s for s in self.stops if s.missing]


def route_dispatches(store: Store, wave_id: str) -> dict[str, RouteDispatchState]:
    """Every route of the wave that left, by route ID, with its outbox entry's status."""
    with store.read() as s:
        return _dispatch_states(s, wave_pk_of(s, wave_id))


def _dispatch_states(
    session: Session, wave_pk: int, route_id: str | None = None
) -> dict[str, RouteDispatchState]:
    d, o = tables.RouteDispatch, tables.OutboxEntry
    query = (
        select(
            d.route_id,
            d.dispatch_id,
            d.departed_at,
            d.forced,
            d.driver,
            d.plate,
            o.status,
            o.last_error,
        )
        .outerjoin(o, o.key == d.dispatch_id)
        .where(d.wave_pk == wave_pk)
    )
    if route_id is not None:
        query = query.where(d.route_id == route_id)
    return {
        route: RouteDispatchState(
            dispatch_id=dispatch_id,
            departed_at=departed,
            forced=bool(forced),
            outbox_status=status,
            outbox_error=error or "",
            driver=driver,
            plate=plate,
        )
        for route, dispatch_id, departed, forced, driver, plate, status, error in session.execute(
            query
        )
    }


def route_load(store: Store, wave_id: str, route_id: str) -> RouteLoad:
    """The route's crates by stop and its dispatch, read in one transaction."""
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        on_route = dispatch_repo.crates_on_route(s, wave_pk, route_id)
        not_loaded = {c.crate_id for c in dispatch_repo.crates_not_loaded(s, wave_pk, route_id)}
        state = _dispatch_states(s, wave_pk, route_id).get(route_id)
    stops: dict[str, StopLoad] = {}
    for crate in on_route:
        old = stops.get(crate.community_id) or StopLoad(
            crate.stop_seq, crate.community_id, crate.community_name, 0, 0, 0
        )
        gone = crate.crate_id in not_loaded
        stops[crate.community_id] = StopLoad(
            old.stop_seq,
            old.community_id,
            old.community_name,
            old.expected + 1,
            old.loaded + (0 if gone else 1),
            old.missing + (1 if gone else 0),
        )
    ordered = sorted(stops.values(), key=lambda s: (s.stop_seq, s.community_id))
    return RouteLoad(wave_id, route_id, ordered, state)
