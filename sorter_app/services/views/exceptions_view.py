"""Read-only views of what went wrong in a wave, for the supervisor's exceptions screen:
wrong-crate events (near-missorts caught at the crate), scans nothing knew, import conflicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from sorter_app.domain.errors import UserFacingError
from sorter_app.store import tables
from sorter_app.store.database import Store

# Scan results that mean "the scanned code is not something this wave knows".
UNKNOWN_RESULTS = ("unknown_barcode", "unknown_crate", "void_label", "rejected")


@dataclass(frozen=True)
class WrongCrateEvent:
    at: datetime
    station_id: str
    worker: str
    sku_id: str
    sku_name: str
    expected_community_id: str
    expected_crate_id: str
    scanned_community_id: str
    scanned_crate_id: str
    qty: int


@dataclass(frozen=True)
class UnknownScan:
    raw: str
    result: str  # one of UNKNOWN_RESULTS
    count: int
    first_at: datetime | None
    last_at: datetime | None
    stations: tuple[str, ...]


@dataclass(frozen=True)
class ConflictView:
    detected_at: datetime
    kind: str  # line_reduced | line_cancelled | order_cancelled | sku_cancelled
    order_id: str
    line_id: str
    community_id: str
    community_name: str
    sku_id: str
    sku_name: str
    old_qty: int
    new_qty: int
    put_qty: int
    excess_qty: int  # units to pull back out of crates
    resolved_at: datetime | None


def _wave_pk(session: Session, wave_id: str) -> int:
    pk = session.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == wave_id))
    if pk is None:
        raise UserFacingError(
            f"本地没有波次 {wave_id}", f"No local wave {wave_id}", code="unknown_wave"
        )
    return int(pk)


def wrong_crate_events(store: Store, wave_id: str, limit: int = 500) -> list[WrongCrateEvent]:
    """The latest wrong-crate scans, newest first."""
    with store.read() as s:
        wave_pk = _wave_pk(s, wave_id)
        rows = s.execute(
            select(
                tables.Scan.created_at,
                tables.Scan.station_id,
                tables.Scan.worker,
                tables.Sku.sku_id,
                tables.Sku.name,
                tables.Scan.qty,
                tables.Scan.decision,
            )
            .outerjoin(tables.Sku, tables.Sku.id == tables.Scan.sku_pk)
            .where(tables.Scan.wave_pk == wave_pk, tables.Scan.result == "wrong_crate")
            .order_by(tables.Scan.id.desc())
            .limit(limit)
        ).all()
    events = []
    for at, station, worker, sku_id, sku_name, qty, decision in rows:
        # The decision keeps both sides: the crate the put was meant for, and the one scanned.
        stored = json.loads(decision) if decision else {}
        details = stored.get("details", {})
        events.append(
            WrongCrateEvent(
                at,
                station,
                worker,
                sku_id or "",
                sku_name or "",
                stored.get("community_id") or "",
                stored.get("crate_id") or "",
                details.get("scanned_community_id", ""),
                details.get("scanned_crate_id", ""),
                int(qty or 0),
            )
        )
    return events


def unknown_scans(store: Store, wave_id: str) -> list[UnknownScan]:
    """Each code that was scanned and not known, with how often and where; most frequent first."""
    sc = tables.Scan
    with store.read() as s:
        wave_pk = _wave_pk(s, wave_id)
        rows = s.execute(
            select(
                sc.raw, sc.result, func.count(), func.min(sc.created_at), func.max(sc.created_at)
            )
            .where(sc.wave_pk == wave_pk, sc.result.in_(UNKNOWN_RESULTS))
            .group_by(sc.raw, sc.result)
            .order_by(func.count().desc(), sc.raw)
        ).all()
        stations: dict[tuple[str, str], set[str]] = {}
        for raw, result, station in s.execute(
            select(sc.raw, sc.result, sc.station_id)
            .where(sc.wave_pk == wave_pk, sc.result.in_(UNKNOWN_RESULTS))
            .distinct()
        ):
            stations.setdefault((raw, result), set()).add(station)
    return [
        UnknownScan(
            raw,
            result,
            int(n),
            _aware(first),
            _aware(last),
            tuple(sorted(stations.get((raw, result), ()))),
        )
        for raw, result, n, first, last in rows
    ]


def import_conflicts(store: Store, wave_id: str, *, open_only: bool = True) -> list[ConflictView]:
    """Lines a re-import changed after their units were put: what to pull back out of crates."""
    ic = tables.ImportConflict
    c, k = aliased(tables.Community), aliased(tables.Sku)
    with store.read() as s:
        wave_pk = _wave_pk(s, wave_id)
        query = (
            select(
                ic.detected_at,
                ic.kind,
                ic.order_id,
                ic.line_id,
                c.community_id,
                c.name,
                k.sku_id,
                k.name,
                ic.old_qty,
                ic.new_qty,
                ic.put_qty,
                ic.excess_qty,
                ic.resolved_at,
            )
            .join(c, c.id == ic.community_pk)
            .join(k, k.id == ic.sku_pk)
            .where(ic.wave_pk == wave_pk)
            .order_by(c.route_id, c.stop_seq, c.community_id, ic.order_id, ic.line_id)
        )
        if open_only:
            query = query.where(ic.resolved_at.is_(None))
        rows = s.execute(query).all()
    return [ConflictView(*tuple(row)) for row in rows]


def _aware(value: object) -> datetime | None:
    # Aggregates (min/max) bypass the UTC column type on SQLite and come back as text.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
