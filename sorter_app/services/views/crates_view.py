"""Read-only views of a wave's crates, for the supervisor's crates screen, and the one rule of
whether a crate may be closed (the close itself is in supervisor_actions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, Subquery, case, func, select
from sqlalchemy.orm import Session

from sorter_app.domain.errors import UserFacingError
from sorter_app.store import tables
from sorter_app.store.database import Store


class CrateNotClosable(UserFacingError):
    code = "crate_not_closable"


@dataclass(frozen=True)
class CommunityCrates:
    community_id: str
    name: str
    route_id: str
    route_name: str
    stop_seq: int
    crates: int
    open: int
    closed: int
    extra: int
    planned: int  # units the plan puts in its crates
    put: int  # units in its crates now

    @property
    def status(self) -> str:
        """all_closed | open (some crates still take units)."""
        return "all_closed" if self.crates and self.open == 0 else "open"


@dataclass(frozen=True)
class CrateView:
    crate_id: str
    scan_code: str
    community_id: str
    seq: int
    count: int  # m of "n of m": the community's crates now
    temperature: str
    extra: bool
    status: str  # open | closed
    label_version: int
    printed_at: datetime | None
    closed_at: datetime | None
    planned: int
    put: int

    @property
    def left(self) -> int:
        """Units the plan still expects in this crate."""
        return max(self.planned - self.put, 0)


@dataclass(frozen=True)
class CloseCheck:
    crate_id: str
    allowed: bool
    reason: UserFacingError | None  # why not, when not allowed
    units_left: int  # planned but not put: they will go to another crate of the community


def _wave_pk(session: Session, wave_id: str) -> int:
    pk = session.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == wave_id))
    if pk is None:
        raise UserFacingError(
            f"本地没有波次 {wave_id}", f"No local wave {wave_id}", code="unknown_wave"
        )
    return int(pk)


def _planned_by_crate(wave_pk: int) -> Subquery:
    return (
        select(
            tables.CratePlanItem.crate_pk, func.sum(tables.CratePlanItem.planned_qty).label("units")
        )
        .join(tables.Crate, tables.Crate.id == tables.CratePlanItem.crate_pk)
        .where(tables.Crate.wave_pk == wave_pk)
        .group_by(tables.CratePlanItem.crate_pk)
        .subquery()
    )


def _put_by_crate(wave_pk: int) -> Subquery:
    return (
        select(tables.Put.crate_pk, func.sum(tables.Put.qty).label("units"))
        .where(tables.Put.wave_pk == wave_pk, tables.Put.undone_at.is_(None))
        .group_by(tables.Put.crate_pk)
        .subquery()
    )


def community_crates(store: Store, wave_id: str) -> list[CommunityCrates]:
    """Per community in route and stop order: its crates by status, planned and put units."""
    c, cr = tables.Community, tables.Crate
    with store.read() as s:
        wave_pk = _wave_pk(s, wave_id)
        planned, put = _planned_by_crate(wave_pk), _put_by_crate(wave_pk)
        per_crate = (
            select(
                cr.community_pk.label("community_pk"),
                cr.status.label("status"),
                cr.extra.label("extra"),
                func.coalesce(planned.c.units, 0).label("planned"),
                func.coalesce(put.c.units, 0).label("put"),
            )
            .outerjoin(planned, planned.c.crate_pk == cr.id)
            .outerjoin(put, put.c.crate_pk == cr.id)
            .where(cr.wave_pk == wave_pk)
            .subquery()
        )
        open_ = func.sum(case((per_crate.c.status == "open", 1), else_=0))
        rows = s.execute(
            select(
                c.community_id,
                c.name,
                c.route_id,
                c.route_name,
                c.stop_seq,
                func.count(per_crate.c.community_pk),
                open_,
                func.sum(case((per_crate.c.extra.is_(True), 1), else_=0)),
                func.sum(per_crate.c.planned),
                func.sum(per_crate.c.put),
            )
            .outerjoin(per_crate, per_crate.c.community_pk == c.id)
            .where(c.wave_pk == wave_pk)
            .group_by(c.id, c.community_id, c.name, c.route_id, c.route_name, c.stop_seq)
            .order_by(c.route_id, c.stop_seq, c.community_id)
        ).all()
    return [
        CommunityCrates(
            cid,
            name,
            route_id,
            route_name,
            stop,
            int(n),
            int(n_open or 0),
            int(n) - int(n_open or 0),
            int(n_extra or 0),
            int(p or 0),
            int(q or 0),
        )
        for cid, name, route_id, route_name, stop, n, n_open, n_extra, p, q in rows
    ]


def crates_of(store: Store, wave_id: str, community_id: str) -> list[CrateView]:
    """One community's crates in crate order."""
    c, cr = tables.Community, tables.Crate
    with store.read() as s:
        wave_pk = _wave_pk(s, wave_id)
        rows = s.execute(
            _crate_query(wave_pk).where(c.community_id == community_id).order_by(cr.seq)
        ).all()
    return _views(rows)


def wave_crates(store: Store, wave_id: str) -> list[CrateView]:
    """Every crate of the wave, by community then crate order."""
    c, cr = tables.Community, tables.Crate
    with store.read() as s:
        wave_pk = _wave_pk(s, wave_id)
        rows = s.execute(_crate_query(wave_pk).order_by(c.community_id, cr.seq)).all()
    return _views(rows)


def crate_view(store: Store, crate_id: str) -> CrateView | None:
    with store.read() as s:
        wave_pk = s.scalar(select(tables.Crate.wave_pk).where(tables.Crate.crate_id == crate_id))
        if wave_pk is None:
            return None
        rows = s.execute(_crate_query(wave_pk).where(tables.Crate.crate_id == crate_id)).all()
    return _views(rows)[0]


def close_check(store: Store, crate_id: str) -> CloseCheck:
    """Whether a supervisor may close the crate now, and what that leaves to other crates."""
    crate = crate_view(store, crate_id)
    if crate is None:
        return closable(crate_id, None)
    return closable(crate_id, crate.status, crate.left)


def closable(crate_id: str, status: str | None, units_left: int = 0) -> CloseCheck:
    """The rule: an open crate of a local wave may be closed at any time. Units the plan still
    expects in it are not lost: the engine sends them to another open crate of the community,
    or opens an extra one."""
    if status is None:
        reason = CrateNotClosable(
            f"没有筐 {crate_id}", f"No crate {crate_id}", code="unknown_crate"
        )
        return CloseCheck(crate_id, False, reason, 0)
    if status != "open":
        reason = CrateNotClosable(f"筐 {crate_id} 已封", f"Crate {crate_id} is already closed")
        return CloseCheck(crate_id, False, reason, 0)
    return CloseCheck(crate_id, True, None, units_left)


def _crate_query(wave_pk: int) -> Select[Any]:
    c, cr = tables.Community, tables.Crate
    planned, put = _planned_by_crate(wave_pk), _put_by_crate(wave_pk)
    counts = (
        select(cr.community_pk, func.count().label("m"))
        .where(cr.wave_pk == wave_pk)
        .group_by(cr.community_pk)
        .subquery()
    )
    return (
        select(
            cr.crate_id,
            cr.scan_code,
            c.community_id,
            cr.seq,
            counts.c.m,
            cr.temperature,
            cr.extra,
            cr.status,
            cr.label_version,
            cr.printed_at,
            cr.closed_at,
            func.coalesce(planned.c.units, 0),
            func.coalesce(put.c.units, 0),
        )
        .join(c, c.id == cr.community_pk)
        .join(counts, counts.c.community_pk == cr.community_pk)
        .outerjoin(planned, planned.c.crate_pk == cr.id)
        .outerjoin(put, put.c.crate_pk == cr.id)
        .where(cr.wave_pk == wave_pk)
    )


def _views(rows: Sequence[Row[Any]]) -> list[CrateView]:
    return [
        CrateView(
            crate_id,
            scan_code,
            community_id,
            seq,
            int(m),
            temperature,
            bool(extra),
            status,
            version,
            printed_at,
            closed_at,
            int(planned),
            int(put),
        )
        for (
            crate_id,
            scan_code,
            community_id,
            seq,
            m,
            temperature,
            extra,
            status,
            version,
            printed_at,
            closed_at,
            planned,
            put,
        ) in (tuple(row) for row in rows)
    ]
