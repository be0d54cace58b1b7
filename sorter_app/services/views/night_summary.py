"""日结 (end-of-night summary) of one wave: units due, sorted, short (by reason) and damaged,
missorts, crates labelled, loaded, out and back, each route with its departure, driver, plate
and whether the platform has its dispatch, the reports not delivered yet, and the night's
timeline. Read-only; the summary screen, `sorter-app summary` and the printed 日结 show it.

The figures come from the views and reads that already answer them (progress, numbers,
receiving, routes, dispatches, printed labels); the few questions no view asked yet (shortages by reason, crates
back from the wave's leaders, the wave's undelivered entries, when receiving closed) are one
query each here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from printers.documents.night_summary import (
    NightSummarySheet,
    SummaryFigure,
    SummaryRouteRow,
)
from sorter_app.services.views.dispatch_view import RouteDispatchState, route_dispatches
from sorter_app.services.views.lookup_views import route_listing
from sorter_app.services.views.numbers import missorts, timeline
from sorter_app.services.views.progress import wave_progress
from sorter_app.services.views.receiving_view import receiving_overview
from sorter_app.store import tables
from sorter_app.store.crate_labels_repo import printed_crates
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of

# Why units went short, as the summary names them: (zh, en). "pending" is what is short while
# receiving is still open (not final: the goods may still come).
REASONS: dict[str, tuple[str, str]] = {
    "supplier_short": ("供应商缺货", "supplier short"),
    "late_delivery": ("迟到", "late delivery"),
    "damaged_on_arrival": ("到货破损", "damaged on arrival"),
    "damaged_in_hub": ("场内破损", "damaged in the hub"),
    "pending": ("待到货", "awaiting delivery"),
}
# Where a dispatch stands with the platform (the outbox entry's status): (zh, en).
PLATFORM_STATES: dict[str, tuple[str, str]] = {
    "pending": ("排队待发送", "queued"),
    "sent": ("平台已收到", "received"),
    "parked": ("平台拒收（已搁置）", "refused (parked)"),
    "dismissed": ("已放弃发送", "dismissed"),
    "no_entry": ("无发送记录", "no entry"),
}
# The timeline's steps: (zh, en).
STEPS: dict[str, tuple[str, str]] = {
    "cutoff": ("截单", "cutoff"),
    "imported": ("导入", "imported"),
    "receiving_started": ("开始收货", "receiving started"),
    "receiving_closed": ("结束收货", "receiving closed"),
    "first_put": ("第一件分拣", "first put"),
    "last_put": ("最后一件分拣", "last put"),
    "dispatched": ("发车", "dispatched"),
    "all_dispatched": ("全部发车", "all routes dispatched"),
}


@dataclass(frozen=True)
class SummaryRoute:
    route_id: str
    route_name: str
    stops: int
    crates: int  # crates holding units: what goes on the truck
    loaded: int
    dispatch: RouteDispatchState | None  # None: the route has not left

    @property
    def platform_state(self) -> str | None:
        """pending | sent | parked | dismissed | no_entry (left, no entry); None before dispatch."""
        return None if self.dispatch is None else self.dispatch.platform_state


@dataclass(frozen=True)
class SummaryEvent:
    step: str  # a key of STEPS
    at: datetime
    route_id: str = ""  # for "dispatched"


@dataclass(frozen=True)
class NightSummary:
    wave_id: str
    hub_id: str
    hub_name: str
    delivery_date: date
    ordered: int
    due: int  # after shortages
    put: int  # sorted into crates
    received: int
    damaged: int  # units counted damaged at receiving or in the hub
    short_by_reason: tuple[tuple[str, int], ...]  # (a key of REASONS, units), largest first
    wrong_crate_blocked: int  # wrong-crate scans the station stopped
    missorts_claimed: int  # missorts found later: leaders' claims of wrong, extra, missing
    crates: int  # every crate of the wave
    crates_labelled: int
    crates_with_units: int
    crates_loaded: int
    crates_out: int  # went out to leaders with a dispatch (the crate ledger)
    crates_returned: int  # of those, back at the dock
    routes: tuple[SummaryRoute, ...]
    undelivered: int  # the wave's reports, dispatches and milestones not delivered yet
    events: tuple[SummaryEvent, ...]  # in time order

    @property
    def short(self) -> int:
        return self.ordered - self.due

    @property
    def left_to_sort(self) -> int:
        return max(self.due - self.put, 0)

    @property
    def routes_dispatched(self) -> int:
        return sum(1 for r in self.routes if r.dispatch is not None)

    @property
    def routes_forced(self) -> int:
        return sum(1 for r in self.routes if r.dispatch is not None and r.dispatch.forced)

    def as_json(self) -> dict[str, Any]:
        return {
            "wave_id": self.wave_id,
            "hub_id": self.hub_id,
            "hub_name": self.hub_name,
            "delivery_date": self.delivery_date.isoformat(),
            "units": {
                "ordered": self.ordered,
                "due": self.due,
                "put": self.put,
                "left_to_sort": self.left_to_sort,
                "received": self.received,
                "short": self.short,
                "short_by_reason": dict(self.short_by_reason),
                "damaged": self.damaged,
            },
            "missorts": {
                "wrong_crate_blocked": self.wrong_crate_blocked,
                "claimed": self.missorts_claimed,
            },
            "crates": {
                "total": self.crates,
                "labelled": self.crates_labelled,
                "with_units": self.crates_with_units,
                "loaded": self.crates_loaded,
                "out": self.crates_out,
                "returned": self.crates_returned,
            },
            "routes": [_route_json(r) for r in self.routes],
            "undelivered": self.undelivered,
            "timeline": [
                {"step": e.step, "at": e.at.isoformat(), "route_id": e.route_id or None}
                for e in self.events
            ],
        }


def _route_json(route: SummaryRoute) -> dict[str, Any]:
    d = route.dispatch
    return {
        "route_id": route.route_id,
        "route_name": route.route_name,
        "stops": route.stops,
        "crates": route.crates,
        "loaded": route.loaded,
        "dispatched": d is not None,
        "departed_at": d.departed_at.isoformat() if d and d.departed_at else None,
        "forced": bool(d and d.forced),
        "driver": d.driver if d else None,
        "plate": d.plate if d else None,
        "platform": route.platform_state,
    }


def night_summary(store: Store, wave_id: str) -> NightSummary:
    """The wave's summary as it stands now (it can be printed before every route has left)."""
    progress = wave_progress(store, wave_id)
    caught = missorts(store, wave_id)
    receiving = receiving_overview(store, wave_id)
    listing = route_listing(store, wave_id)
    dispatches = route_dispatches(store, wave_id)
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        hub_id, hub_name, delivery = s.execute(
            select(tables.Wave.hub_id, tables.Hub.name, tables.Wave.delivery_date)
            .join(tables.Hub, tables.Hub.hub_id == tables.Wave.hub_id)
            .where(tables.Wave.id == wave_pk)
        ).one()
        recorded = _shorted_by_reason(s, wave_pk)
        out, back = _crates_out_and_back(s, wave_pk)
        undelivered = _undelivered(s, wave_pk)
        closed_at = _receiving_closed_at(s, wave_pk)
        labelled = len(printed_crates(s, wave_id))
    short = progress.ordered - progress.due
    pending = short - sum(recorded.values())
    if pending > 0:
        recorded["pending"] = pending
    routes = tuple(
        SummaryRoute(
            r.route_id,
            r.route_name,
            r.stops,
            r.crates_with_units,
            r.loaded,
            dispatches.get(r.route_id),
        )
        for r in listing
    )
    return NightSummary(
        wave_id=wave_id,
        hub_id=hub_id,
        hub_name=hub_name or "",
        delivery_date=delivery,
        ordered=progress.ordered,
        due=progress.due,
        put=progress.put,
        received=sum(sku.received for sku in receiving.skus),
        damaged=sum(sku.damaged for sku in receiving.skus),
        short_by_reason=tuple(sorted(recorded.items(), key=lambda kv: (-kv[1], kv[0]))),
        wrong_crate_blocked=caught.near_missorts,
        missorts_claimed=caught.claimed_missorts,
        crates=sum(r.crates for r in listing),
        crates_labelled=labelled,
        crates_with_units=sum(r.crates_with_units for r in listing),
        crates_loaded=sum(r.loaded for r in listing),
        crates_out=out,
        crates_returned=back,
        routes=routes,
        undelivered=undelivered,
        events=_events(store, wave_id, progress.first_put_at, progress.last_put_at, closed_at),
    )


def _events(
    store: Store,
    wave_id: str,
    first_put: datetime | None,
    last_put: datetime | None,
    receiving_closed: datetime | None,
) -> tuple[SummaryEvent, ...]:
    """The hub's milestones (numbers.timeline: cutoff, import, first receipt, each route, all
    routes) with receiving's close and the first and last put, in time order."""
    names = {"cutoff": "cutoff", "imported": "imported", "receiving": "receiving_started"}
    events: list[SummaryEvent] = []
    for step in timeline(store, wave_id):
        if step.step in names:
            events.append(SummaryEvent(names[step.step], step.at))
        elif step.step.startswith("dispatched:"):
            events.append(SummaryEvent("dispatched", step.at, step.step.split(":", 1)[1]))
        elif step.step == "dispatched":
            events.append(SummaryEvent("all_dispatched", step.at))
    for name, at in (
        ("receiving_closed", receiving_closed),
        ("first_put", first_put),
        ("last_put", last_put),
    ):
        if at is not None:
            events.append(SummaryEvent(name, at))
    order = list(STEPS)
    return tuple(sorted(events, key=lambda e: (e.at, order.index(e.step), e.route_id)))


def _shorted_by_reason(session: Session, wave_pk: int) -> dict[str, int]:
    """Units in the final shortage and damage records, per reason."""
    sh = tables.Shortage
    rows = session.execute(
        select(sh.reason, func.sum(sh.qty)).where(sh.wave_pk == wave_pk).group_by(sh.reason)
    ).all()
    return {reason: int(units or 0) for reason, units in rows if units}


def _crates_out_and_back(session: Session, wave_pk: int) -> tuple[int, int]:
    """Crates that went out to leaders with this wave's dispatches, and how many came back (a
    return row carries no wave: it is matched by crate ID)."""
    e = tables.CrateLedgerEntry
    back = aliased(tables.CrateLedgerEntry)
    returned = select(back.id).where(back.crate_id == e.crate_id, back.qty < 0).exists()
    out, came_back = session.execute(
        select(
            func.count(e.id),
            func.count(e.id).filter(returned),
        ).where(e.wave_pk == wave_pk, e.qty > 0)
    ).one()
    return int(out or 0), int(came_back or 0)


def _undelivered(session: Session, wave_pk: int) -> int:
    """The wave's outbox entries pending or parked (outbox_view counts them for every wave)."""
    o = tables.OutboxEntry
    n = session.scalar(
        select(func.count()).where(o.wave_pk == wave_pk, o.status.in_(("pending", "parked")))
    )
    return int(n or 0)


def _receiving_closed_at(session: Session, wave_pk: int) -> datetime | None:
    """When receiving closed for the whole wave (by hand or at the cut time), else None."""
    rc = tables.ReceivingClosure
    return session.scalar(
        select(func.min(rc.closed_at)).where(rc.wave_pk == wave_pk, rc.sku_pk.is_(None))
    )


# --- the printed 日结 -------------------------------------------------------------------------


def summary_sheet(summary: NightSummary, zone: ZoneInfo, printed_at: datetime) -> NightSummarySheet:
    """The summary as the A4 document prints it: Chinese words, times in the hub's zone."""

    def when(at: datetime | None) -> str:
        return at.astimezone(zone).strftime("%m-%d %H:%M") if at else "—"

    s = summary
    shorts = [
        SummaryFigure(f"短缺：{REASONS.get(reason, (reason, reason))[0]}", str(units))
        for reason, units in s.short_by_reason
    ]
    sections = (
        (
            "件数",
            (
                SummaryFigure("订购", str(s.ordered)),
                SummaryFigure("应分拣", str(s.due)),
                SummaryFigure("已分拣", str(s.put)),
                SummaryFigure("未分拣", str(s.left_to_sort)),
                SummaryFigure("实收", str(s.received)),
                SummaryFigure("破损", str(s.damaged)),
                SummaryFigure("短缺合计", str(s.short)),
                *shorts,
            ),
        ),
        (
            "错分",
            (
                SummaryFigure("错筐拦截", str(s.wrong_crate_blocked)),
                SummaryFigure("事后发现（团长理赔）", str(s.missorts_claimed)),
            ),
        ),
        (
            "筐",
            (
                SummaryFigure("筐总数", str(s.crates)),
                SummaryFigure("已打标签", str(s.crates_labelled)),
                SummaryFigure("有货的筐", str(s.crates_with_units)),
                SummaryFigure("已装车", str(s.crates_loaded)),
                SummaryFigure("发给团长", str(s.crates_out)),
                SummaryFigure("已收回", str(s.crates_returned)),
            ),
        ),
        (
            "线路与上报",
            (
                SummaryFigure("线路", str(len(s.routes))),
                SummaryFigure("已发车", str(s.routes_dispatched)),
                SummaryFigure("强制发车", str(s.routes_forced)),
                SummaryFigure("未送达平台的记录", str(s.undelivered)),
            ),
        ),
    )
    routes = tuple(
        SummaryRouteRow(
            route_id=r.route_id,
            route_name=r.route_name,
            stops=r.stops,
            crates=r.crates,
            loaded=r.loaded,
            departed=when(r.dispatch.departed_at) if r.dispatch else "未发车",
            forced=bool(r.dispatch and r.dispatch.forced),
            driver=(r.dispatch.driver or "") if r.dispatch else "",
            plate=(r.dispatch.plate or "") if r.dispatch else "",
            platform=PLATFORM_STATES[r.platform_state][0] if r.platform_state else "—",
        )
        for r in s.routes
    )
    events = tuple(
        SummaryFigure(
            STEPS[e.step][0] + (f" {e.route_id}" if e.route_id else ""),
            when(e.at),
        )
        for e in s.events
    )
    return NightSummarySheet(
        hub=f"{s.hub_name}（{s.hub_id}）" if s.hub_name not in ("", s.hub_id) else s.hub_id,
        wave_id=s.wave_id,
        delivery_date=s.delivery_date,
        printed_at=printed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        sections=sections,
        routes=routes,
        timeline=events,
    )
