"""The sorting engine's queries and writes. Services call these inside one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from sorter_app.domain.allocation import DemandLine
from sorter_app.domain.crate_codes import crate_id as make_crate_id
from sorter_app.domain.crate_codes import make_crate_scan_code
from sorter_app.domain.ids import same_id_ignoring_case
from sorter_app.domain.scan_facts import (
    CommunityFacts,
    CrateFacts,
    CrateLine,
    PutFacts,
    ReceiptFacts,
    SkuFacts,
    SkuTotals,
    TaskFacts,
)
from sorter_app.store import scan_statements, tables
from sorter_app.store.prepared import PreparedStatements

CRATE_SERIAL = "crate_scan_serial"


@dataclass(slots=True)
class StationState:
    station_id: str
    last_seq: int
    pending: str


class SortingRepository:
    """The sorting engine's reads and writes within one unit of work; the store's side of the
    scan rules' facts (domain/scan_facts.py).

    Built on a session, or on a bare connection (the scan path): the hot statements run on the
    connection, and an ORM session joins the same transaction only when a rarer one needs it;
    `finish()` flushes it before the commit. `now` is the unit of work's moment (the scan's clock
    reading): the ages the rules see (a receipt's, for an undo) are measured against it."""

    def __init__(
        self, unit: Session | Connection, wave_pk: int, *, now: datetime | None = None
    ) -> None:
        self.now = now
        if isinstance(unit, Session):
            self._session: Session | None = unit
            self._owns_session = False
            self.c = unit.connection()
        else:
            self._session = None
            self._owns_session = True
            self.c = unit
        self.wave_pk = wave_pk
        self.hot = PreparedStatements(self.c)

    @property
    def s(self) -> Session:
        if self._session is None:
            # Joins the connection's transaction; it never commits or rolls it back itself.
            self._session = Session(bind=self.c, join_transaction_mode="rollback_only")
        return self._session

    def finish(self) -> None:
        """Flush what a joined session holds, before the unit of work commits."""
        if self._session is not None and self._owns_session:
            self._session.flush()
            self._session.close()
            self._session = None

    # --- stations and scans ---------------------------------------------------------------

    def station(self, station_id: str, now: datetime) -> StationState:
        """The station's sequence and pending state, locked for this transaction where the
        database can lock a row (SQLite's BEGIN IMMEDIATE already serialises writers)."""
        query = (
            scan_statements.STATION
            if self.c.dialect.name == "sqlite"
            else scan_statements.STATION_LOCKED
        )
        row = self.hot.first(query, {"station_id": station_id})
        if row is None:
            self.c.execute(
                scan_statements.NEW_STATION,
                {"station_id": station_id, "last_seq": 0, "pending": "", "updated_at": now},
            )
            return StationState(station_id, 0, "")
        return StationState(station_id, row[0], row[1] or "")

    def save_station(self, state: StationState, now: datetime) -> None:
        self.hot.run(
            scan_statements.SAVE_STATION,
            {
                "b_station_id": state.station_id,
                "b_last_seq": state.last_seq,
                "b_pending": state.pending,
                "b_updated_at": now,
            },
        )

    def scan_decision(self, station_id: str, seq: int) -> str | None:
        """The stored decision of an earlier scan with this sequence, if there was one."""
        return self.c.execute(
            scan_statements.SCAN_BY_SEQ, {"station_id": station_id, "seq": seq}
        ).scalar()

    def add_scan(self, **values: Any) -> None:
        self.hot.run(scan_statements.ADD_SCAN, {"wave_pk": self.wave_pk, **values})

    # --- SKUs --------------------------------------------------------------------------------

    _SKU_COLUMNS = scan_statements.SKU_COLUMNS

    def sku_by_barcode(self, barcode: str) -> SkuFacts | None:
        """The SKU of a barcode or SKU ID: exact first, then any case (Caps Lock), if only one."""
        params = {"wave_pk": self.wave_pk, "code": barcode}
        row = self.hot.first(scan_statements.SKU_BY_BARCODE, params)
        if row is None:
            # Internal codes and platform SKU IDs are scannable too.
            row = self.hot.first(scan_statements.SKU_BY_ID, params)
        if row is None:
            row = self._one_any_case(scan_statements.SKU_BY_BARCODE_ANY_CASE, params, barcode)
        if row is None:
            row = self._one_any_case(scan_statements.SKU_BY_ID_ANY_CASE, params, barcode)
        return SkuFacts(*row[: len(scan_statements.SKU_COLUMNS)]) if row else None

    def _one_any_case(self, statement: Any, params: dict[str, Any], read: str) -> Any:
        """The single row whose key (last column) differs from `read` by ASCII case only."""
        rows = [r for r in self.c.execute(statement, params) if same_id_ignoring_case(r[-1], read)]
        return rows[0] if len({r[0] for r in rows}) == 1 else None

    def sku_by_plu(self, plu: str) -> SkuFacts | None:
        row = self.c.execute(
            scan_statements.SKU_BY_PLU, {"wave_pk": self.wave_pk, "plu": plu}
        ).first()
        return SkuFacts(*row) if row else None

    def sku(self, sku_pk: int) -> SkuFacts:
        return SkuFacts(
            *self.s.execute(select(*self._SKU_COLUMNS).where(tables.Sku.id == sku_pk)).one()
        )

    def sku_by_id(self, sku_id: str) -> SkuFacts | None:
        row = self.s.execute(
            select(*self._SKU_COLUMNS).where(
                tables.Sku.wave_pk == self.wave_pk, tables.Sku.sku_id == sku_id
            )
        ).first()
        return SkuFacts(*row) if row else None

    def skus_to_sort(self) -> list[int]:
        return list(self.s.scalars(select(tables.Sku.id).where(tables.Sku.wave_pk == self.wave_pk)))

    # --- receiving ---------------------------------------------------------------------------

    def received_and_damaged(self, sku_pk: int) -> tuple[int, int]:
        rows = self.s.execute(
            select(tables.Receipt.kind, func.sum(tables.Receipt.qty))
            .where(tables.Receipt.wave_pk == self.wave_pk, tables.Receipt.sku_pk == sku_pk)
            .group_by(tables.Receipt.kind)
        ).all()
        totals = {kind: int(qty or 0) for kind, qty in rows}
        return totals.get("received", 0), totals.get("damaged", 0)

    def skus_with_receipts(self) -> set[int]:
        return set(
            self.s.scalars(
                select(tables.Receipt.sku_pk)
                .where(tables.Receipt.wave_pk == self.wave_pk)
                .distinct()
            )
        )

    def has_receipts(self, sku_pk: int) -> bool:
        params = {"wave_pk": self.wave_pk, "sku_pk": sku_pk}
        return self.hot.first(scan_statements.HAS_RECEIPTS, params) is not None

    def add_receipt(self, **values: Any) -> None:
        self.s.execute(insert(tables.Receipt.__table__), [{"wave_pk": self.wave_pk, **values}])

    def last_receipt(self, station_id: str) -> ReceiptFacts | None:
        """The station's last count received and not undone (an undone receipt is kept, at 0
        units with the reason "undone": the scans table holds what it was)."""
        r = tables.Receipt
        row = self.s.execute(
            select(r.id, r.sku_pk, r.qty, r.scan_id, r.created_at)
            .where(
                r.wave_pk == self.wave_pk,
                r.station_id == station_id,
                r.kind == "received",
                r.qty > 0,
            )
            .order_by(r.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        if self.now is None:
            raise RuntimeError("SortingRepository needs `now` to tell a receipt's age")
        age = (self.now - row.created_at).total_seconds()
        return ReceiptFacts(row.id, row.sku_pk, row.qty, row.scan_id or "", max(age, 0.0))

    def set_receipt_count(self, station_id: str, scan_id: str, qty: int) -> None:
        """The receipt the station's scan `scan_id` recorded really was `qty` units."""
        r = tables.Receipt
        self.s.execute(
            update(r)
            .where(
                r.wave_pk == self.wave_pk,
                r.station_id == station_id,
                r.scan_id == scan_id,
                r.kind == "received",
            )
            .values(qty=qty)
        )

    def undo_receipt(self, receipt_pk: int) -> None:
        """Take a receipt back: kept as a row of 0 units marked "undone", so sums leave it out
        and the station's next undo finds the receipt before it.

        (A column `undone_at`, as puts have, would keep the original quantity on the row too.)"""
        r = tables.Receipt
        self.s.execute(update(r).where(r.id == receipt_pk).values(qty=0, reason="undone"))

    def receiving_closed(self, sku_pk: int) -> bool:
        params = {"wave_pk": self.wave_pk, "sku_pk": sku_pk}
        return self.hot.first(scan_statements.RECEIVING_CLOSED, params) is not None

    def sku_still_due(self, sku_pk: int) -> bool:
        """Whether any community is still due units of the SKU (one indexed look-up)."""
        return self.hot.first(scan_statements.SKU_STILL_DUE, {"sku_pk": sku_pk}) is not None

    def close_receiving(
        self, sku_pk: int | None, closed_by: str, cause: str, now: datetime
    ) -> bool:
        """Record the closure; False when it was already closed."""
        if sku_pk is None:
            exists = self.s.scalar(
                select(tables.ReceivingClosure.id).where(
                    tables.ReceivingClosure.wave_pk == self.wave_pk,
                    tables.ReceivingClosure.sku_pk.is_(None),
                )
            )
        else:
            exists = self.receiving_closed(sku_pk)
        if exists:
            return False
        self.s.add(
            tables.ReceivingClosure(
                wave_pk=self.wave_pk, sku_pk=sku_pk, closed_by=closed_by, cause=cause, closed_at=now
            )
        )
        self.s.flush()
        return True

    def damaged_by_reason(self, sku_pk: int) -> dict[str, int]:
        rows = self.s.execute(
            select(tables.Receipt.reason, func.sum(tables.Receipt.qty))
            .where(
                tables.Receipt.wave_pk == self.wave_pk,
                tables.Receipt.sku_pk == sku_pk,
                tables.Receipt.kind == "damaged",
            )
            .group_by(tables.Receipt.reason)
            .order_by(tables.Receipt.reason)
        )
        return {reason or "damaged_on_arrival": int(q) for reason, q in rows}

    def recorded_shortages(self, sku_pk: int) -> dict[str, int]:
        """Final shortage units per line_id already written for this SKU."""
        rows = self.s.execute(
            select(tables.OrderLine.line_id, func.sum(tables.Shortage.qty))
            .join(tables.OrderLine, tables.OrderLine.id == tables.Shortage.line_pk)
            .where(tables.Shortage.wave_pk == self.wave_pk, tables.Shortage.sku_pk == sku_pk)
            .group_by(tables.OrderLine.line_id)
        )
        return {line_id: int(q) for line_id, q in rows}

    def recorded_damage_by_reason(self, sku_pk: int) -> dict[str, int]:
        rows = self.s.execute(
            select(tables.Shortage.reason, func.sum(tables.Shortage.qty))
            .where(
                tables.Shortage.wave_pk == self.wave_pk,
                tables.Shortage.sku_pk == sku_pk,
                tables.Shortage.kind == "damage",
            )
            .group_by(tables.Shortage.reason)
        )
        return {reason: int(q) for reason, q in rows}

    def closed_skus(self) -> set[int]:
        return set(
            self.s.scalars(
                select(tables.ReceivingClosure.sku_pk).where(
                    tables.ReceivingClosure.wave_pk == self.wave_pk,
                    tables.ReceivingClosure.sku_pk.is_not(None),
                )
            )
        )

    def add_shortages(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.s.execute(
                insert(tables.Shortage.__table__), [{"wave_pk": self.wave_pk, **r} for r in rows]
            )

    # --- dues ----------------------------------------------------------------------------------

    def demand_lines(self, sku_pk: int) -> tuple[list[DemandLine], dict[str, int], dict[str, int]]:
        """The SKU's lines to sort, and community_id → community pk, line_id → line pk."""
        rows = self.s.execute(
            select(
                tables.OrderLine.id,
                tables.OrderLine.line_id,
                tables.Order.order_id,
                tables.Community.community_id,
                tables.Community.id,
                tables.Order.placed_at,
                tables.OrderLine.qty,
                tables.Community.route_id,
                tables.Community.stop_seq,
            )
            .join(tables.Order, tables.Order.id == tables.OrderLine.order_pk)
            .join(tables.Community, tables.Community.id == tables.OrderLine.community_pk)
            .where(
                tables.OrderLine.wave_pk == self.wave_pk,
                tables.OrderLine.sku_pk == sku_pk,
                tables.OrderLine.to_sort.is_(True),
            )
        ).all()
        lines = [DemandLine(r[1], r[2], r[3], r[5], r[6], (r[7], r[8])) for r in rows]
        return lines, {r[3]: r[4] for r in rows}, {r[1]: r[0] for r in rows}

    def put_by_community(self, sku_pk: int) -> dict[int, int]:
        rows = self.s.execute(
            select(tables.SortTask.community_pk, tables.SortTask.put_qty).where(
                tables.SortTask.wave_pk == self.wave_pk,
                tables.SortTask.sku_pk == sku_pk,
                tables.SortTask.put_qty > 0,
            )
        )
        return {c: q for c, q in rows}

    def set_dues(self, sku_pk: int, dues_by_pk: dict[int, int]) -> None:
        tasks = self.s.execute(
            select(tables.SortTask.id, tables.SortTask.community_pk, tables.SortTask.due_qty).where(
                tables.SortTask.wave_pk == self.wave_pk, tables.SortTask.sku_pk == sku_pk
            )
        ).all()
        changed = [
            {"pk": pk, "due": dues_by_pk.get(c, 0)}
            for pk, c, due in tasks
            if due != dues_by_pk.get(c, 0)
        ]
        if changed:
            stmt = (
                update(tables.SortTask)
                .where(tables.SortTask.id == bindparam("pk"))
                .values(due_qty=bindparam("due"))
            )
            self.s.connection().execute(stmt, changed)

    def sku_totals(self, sku_pk: int) -> SkuTotals:
        """Ordered, due and put units of a SKU across communities."""
        row = self.s.execute(
            select(
                func.coalesce(func.sum(tables.SortTask.ordered_qty), 0),
                func.coalesce(func.sum(tables.SortTask.due_qty), 0),
                func.coalesce(func.sum(tables.SortTask.put_qty), 0),
            ).where(tables.SortTask.wave_pk == self.wave_pk, tables.SortTask.sku_pk == sku_pk)
        ).one()
        return SkuTotals(int(row[0]), int(row[1]), int(row[2]))

    # --- seeding -----------------------------------------------------------------------------

    def next_task(self, sku_pk: int) -> TaskFacts | None:
        """The first community, in route and stop order, still due units of this SKU."""
        row = self.hot.first(scan_statements.NEXT_TASK, {"wave_pk": self.wave_pk, "sku_pk": sku_pk})
        return TaskFacts(row[0], row[1], CommunityFacts(*row[2:])) if row else None

    def task_remaining(self, task_pk: int) -> int:
        return int(
            self.s.scalar(
                select(tables.SortTask.due_qty - tables.SortTask.put_qty).where(
                    tables.SortTask.id == task_pk
                )
            )
            or 0
        )

    def add_put(self, task_pk: int, qty: int, **values: Any) -> int | None:
        """Record a put and return what the community is still due of the SKU; None if the put
        would exceed its due (another station got there first) and nothing was recorded."""
        row = self.hot.first(scan_statements.PUT_GUARDED, {"task_pk": task_pk, "qty": qty})
        remaining = row[0] if row else None
        if remaining is None:
            return None
        self.hot.run(
            scan_statements.ADD_PUT,
            {"wave_pk": self.wave_pk, "task_pk": task_pk, "qty": qty, **values},
        )
        return int(remaining)

    def last_put(self, station_id: str) -> PutFacts | None:
        p = tables.Put
        row = self.s.execute(
            select(p.id, p.task_pk, p.crate_pk, p.community_pk, p.sku_pk, p.qty)
            .where(p.wave_pk == self.wave_pk, p.station_id == station_id, p.undone_at.is_(None))
            .order_by(p.id.desc())
            .limit(1)
        ).first()
        return PutFacts(*row) if row else None

    def undo_put(self, put_pk: int, task_pk: int, qty: int, now: datetime) -> None:
        self.s.execute(update(tables.Put).where(tables.Put.id == put_pk).values(undone_at=now))
        self.s.execute(
            update(tables.SortTask)
            .where(tables.SortTask.id == task_pk)
            .values(put_qty=tables.SortTask.put_qty - qty)
        )

    def community(self, community_pk: int) -> CommunityFacts:
        c = tables.Community
        return CommunityFacts(
            *self.s.execute(
                select(
                    c.id,
                    c.community_id,
                    c.name,
                    c.route_id,
                    c.route_name,
                    c.stop_seq,
                    c.leader_name,
                ).where(c.id == community_pk)
            ).one()
        )

    # --- crates ------------------------------------------------------------------------------

    _CRATE_COLUMNS = (
        tables.Crate.id,
        tables.Crate.wave_pk,
        tables.Crate.community_pk,
        tables.Crate.crate_id,
        tables.Crate.scan_code,
        tables.Crate.seq,
        tables.Crate.temperature,
        tables.Crate.status,
        tables.Crate.extra,
    )

    def crate_by_scan_code(self, code: str) -> CrateFacts | None:
        row = self.hot.first(scan_statements.CRATE_BY_SCAN_CODE, {"code": code})
        return CrateFacts(*row) if row else None

    def crate_by_crate_id(self, crate_id: str) -> CrateFacts | None:
        return crate_by_crate_id(self.c, crate_id)

    def crates_for_put(
        self, community_pk: int, temperature: str, sku_pk: int
    ) -> list[tuple[CrateFacts, int]]:
        """The community's crates of a zone, each with what the plan still expects of the SKU."""
        params = {"community_pk": community_pk, "temperature": temperature, "sku_pk": sku_pk}
        return [
            (CrateFacts(*row[:9]), int(row[9]))
            for row in self.hot.rows(scan_statements.CRATES_FOR_PUT, params)
        ]

    def crate(self, crate_pk: int) -> CrateFacts:
        return CrateFacts(
            *self.s.execute(select(*self._CRATE_COLUMNS).where(tables.Crate.id == crate_pk)).one()
        )

    def is_void_code(self, code: str) -> bool:
        return self.s.get(tables.VoidCrateCode, code) is not None

    def crate_count(self, community_pk: int) -> int:
        row = self.hot.first(scan_statements.CRATE_COUNT, {"community_pk": community_pk})
        return int(row[0] or 0) if row else 0

    def crate_contents(self, crate_pk: int) -> list[CrateLine]:
        """What is in a crate now, one line per SKU."""
        rows = self.s.execute(
            select(
                tables.Sku.sku_id,
                tables.Sku.name,
                tables.Sku.units_per_crate,
                func.sum(tables.Put.qty),
            )
            .join(tables.Sku, tables.Sku.id == tables.Put.sku_pk)
            .where(tables.Put.crate_pk == crate_pk, tables.Put.undone_at.is_(None))
            .group_by(tables.Sku.sku_id, tables.Sku.name, tables.Sku.units_per_crate)
            .order_by(tables.Sku.sku_id)
        )
        return [CrateLine(a, b, c, int(d)) for a, b, c, d in rows]

    def next_serial(self, count: int = 1) -> int:
        """Reserve `count` crate serials; returns the first."""
        counter = self.s.get(
            tables.Counter, CRATE_SERIAL, with_for_update=self.s.get_bind().dialect.name != "sqlite"
        )
        if counter is None:
            counter = tables.Counter(name=CRATE_SERIAL, value=0)
            self.s.add(counter)
        first = counter.value + 1
        counter.value += count
        self.s.flush()
        return first

    def open_crate(
        self,
        community_pk: int,
        community_id: str,
        wave_id: str,
        temperature: str,
        *,
        extra: bool,
        now: datetime,
    ) -> CrateFacts:
        seq = (
            int(
                self.s.scalar(
                    select(func.coalesce(func.max(tables.Crate.seq), 0)).where(
                        tables.Crate.community_pk == community_pk
                    )
                )
                or 0
            )
            + 1
        )
        crate = tables.Crate(
            wave_pk=self.wave_pk,
            community_pk=community_pk,
            temperature=temperature,
            seq=seq,
            extra=extra,
            crate_id=make_crate_id(wave_id, community_id, seq),
            scan_code=make_crate_scan_code(self.next_serial()),
            status="open",
            label_version=1,
            created_at=now,
        )
        self.s.add(crate)
        self.s.flush()
        return self.crate(crate.id)

    def close_crate(self, crate_pk: int, now: datetime) -> None:
        self.s.execute(
            update(tables.Crate)
            .where(tables.Crate.id == crate_pk, tables.Crate.status == "open")
            .values(status="closed", closed_at=now)
        )

    def move_plan_left(self, from_crate: int, to_crate: int) -> None:
        """What the plan still expected in a crate closed as full goes to the crate after it."""
        planned = self.s.execute(
            select(tables.CratePlanItem.sku_pk, tables.CratePlanItem.planned_qty).where(
                tables.CratePlanItem.crate_pk == from_crate
            )
        ).all()
        put = {
            sku: q
            for sku, q in self.s.execute(
                select(tables.Put.sku_pk, func.sum(tables.Put.qty))
                .where(tables.Put.crate_pk == from_crate, tables.Put.undone_at.is_(None))
                .group_by(tables.Put.sku_pk)
            )
        }
        moved = [(sku, qty - put.get(sku, 0)) for sku, qty in planned if qty > put.get(sku, 0)]
        for sku, qty in moved:
            self.s.execute(
                update(tables.CratePlanItem)
                .where(
                    tables.CratePlanItem.crate_pk == from_crate, tables.CratePlanItem.sku_pk == sku
                )
                .values(planned_qty=put.get(sku, 0))
            )
            self.s.execute(
                insert(tables.CratePlanItem.__table__),
                [{"crate_pk": to_crate, "sku_pk": sku, "planned_qty": qty}],
            )

    # --- planning ------------------------------------------------------------------------------

    def communities_with_puts(self) -> set[int]:
        return set(
            self.s.scalars(
                select(tables.SortTask.community_pk)
                .where(tables.SortTask.wave_pk == self.wave_pk, tables.SortTask.put_qty > 0)
                .distinct()
            )
        )

    def drop_crates(self, community_pks: set[int]) -> None:
        if community_pks:
            self.s.execute(
                delete(tables.Crate).where(
                    tables.Crate.wave_pk == self.wave_pk,
                    tables.Crate.community_pk.in_(community_pks),
                )
            )

    # --- loading -------------------------------------------------------------------------------

    def route_dispatched(self, route_id: str) -> bool:
        return (
            self.c.execute(
                select(tables.RouteDispatch.id).where(
                    tables.RouteDispatch.wave_pk == self.wave_pk,
                    tables.RouteDispatch.route_id == route_id,
                )
            ).first()
            is not None
        )

    def load_crate(
        self,
        crate_pk: int,
        route_id: str,
        scan_id: str,
        station_id: str,
        worker: str,
        now: datetime,
    ) -> bool:
        """Record the crate on the truck; False if it already was."""
        if (
            self.s.scalar(select(tables.CrateLoad.id).where(tables.CrateLoad.crate_pk == crate_pk))
            is not None
        ):
            return False
        self.s.execute(
            insert(tables.CrateLoad.__table__),
            [
                {
                    "wave_pk": self.wave_pk,
                    "crate_pk": crate_pk,
                    "route_id": route_id,
                    "scan_id": scan_id,
                    "station_id": station_id,
                    "worker": worker,
                    "created_at": now,
                }
            ],
        )
        return True

    def crates_to_load(self, route_id: str) -> int:
        """Crates of the route with units in them and not yet on the truck."""
        return len(crates_missing_from_truck(self.s, self.wave_pk, route_id))


def crate_by_crate_id(connection: Connection, crate_id: str) -> CrateFacts | None:
    """The crate of a long ID as read: exact first, then any case if only one crate fits.

    Crate IDs are never split into their parts (the platform's IDs are opaque), only looked up;
    two crates that differ only by case make a Caps Lock read ambiguous: no crate.
    """
    params = {"code": crate_id}
    row = connection.execute(scan_statements.CRATE_BY_CRATE_ID, params).first()
    if row is None:
        rows = [
            r
            for r in connection.execute(scan_statements.CRATE_BY_CRATE_ID_ANY_CASE, params)
            if same_id_ignoring_case(r.crate_id, crate_id)
        ]
        row = rows[0] if len(rows) == 1 else None
    return CrateFacts(*row) if row else None


def crates_with_units(session: Session, wave_pk: int, route_id: str | None = None) -> Any:
    """A query of the wave's crates that hold units (non-empty crates are what gets loaded)."""
    units = (
        select(tables.Put.crate_pk, func.sum(tables.Put.qty).label("units"))
        .where(tables.Put.wave_pk == wave_pk, tables.Put.undone_at.is_(None))
        .group_by(tables.Put.crate_pk)
        .having(func.sum(tables.Put.qty) > 0)
        .subquery()
    )
    query = (
        select(
            tables.Crate.id,
            tables.Crate.crate_id,
            tables.Crate.seq,
            tables.Community.community_id,
            tables.Community.name,
            tables.Community.stop_seq,
            tables.Community.route_id,
            units.c.units,
        )
        .join(units, units.c.crate_pk == tables.Crate.id)
        .join(tables.Community, tables.Community.id == tables.Crate.community_pk)
        .where(tables.Crate.wave_pk == wave_pk)
        .order_by(tables.Community.stop_seq, tables.Community.community_id, tables.Crate.seq)
    )
    if route_id is not None:
        query = query.where(tables.Community.route_id == route_id)
    return query


def crates_missing_from_truck(session: Session, wave_pk: int, route_id: str) -> list[Any]:
    loaded = select(tables.CrateLoad.crate_pk).where(tables.CrateLoad.wave_pk == wave_pk)
    query = crates_with_units(session, wave_pk, route_id).where(tables.Crate.id.not_in(loaded))
    return list(session.execute(query).all())
