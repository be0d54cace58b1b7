"""The schema: SQLAlchemy 2.0 typed tables. Only the store package imports this.

Platform IDs (wave_id, community_id, ...) are kept as given; rows are joined on integer keys,
which keeps 600,000-line waves fast to write and to query.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sorter_app.store.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    # Every model here maps one Table; saying so lets Core statements take `Model.__table__`.
    __table__: ClassVar[Table]


class Hub(Base):
    __tablename__ = "hubs"
    hub_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Wave(Base):
    __tablename__ = "waves"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_id: Mapped[str] = mapped_column(String(64), unique=True)
    hub_id: Mapped[str] = mapped_column(ForeignKey("hubs.hub_id"))
    delivery_date: Mapped[date] = mapped_column(Date, index=True)
    cutoff_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))  # "api" | "file"
    platform_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    order_count: Mapped[int] = mapped_column(Integer, default=0)
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    first_imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    content_digest: Mapped[str] = mapped_column(String(64), default="")
    # When customer data (nicknames, pickup codes, leader phones) was purged; numbers stay.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Community(Base):
    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("wave_pk", "community_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    community_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    leader_id: Mapped[str] = mapped_column(String(64))
    leader_name: Mapped[str] = mapped_column(String(100))
    leader_phone: Mapped[str] = mapped_column(String(32))
    pickup_address: Mapped[str] = mapped_column(Text)
    route_id: Mapped[str] = mapped_column(String(64))
    route_name: Mapped[str] = mapped_column(String(100))
    stop_seq: Mapped[int] = mapped_column(Integer)


class Sku(Base):
    __tablename__ = "skus"
    __table_args__ = (UniqueConstraint("wave_pk", "sku_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    sku_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    spec: Mapped[str] = mapped_column(String(100), default="")
    unit: Mapped[str] = mapped_column(String(16), default="")
    category: Mapped[str] = mapped_column(String(50), default="")
    supplier_id: Mapped[str] = mapped_column(String(64), default="")
    supplier_name: Mapped[str] = mapped_column(String(200), default="")
    temperature: Mapped[str] = mapped_column(String(16))
    weighed: Mapped[bool] = mapped_column(Boolean, default=False)
    plu: Mapped[str | None] = mapped_column(String(16))
    units_per_crate: Mapped[int] = mapped_column(Integer)
    unit_weight_g: Mapped[int | None] = mapped_column(Integer)
    group_threshold: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))


class SkuBarcode(Base):
    __tablename__ = "sku_barcodes"
    __table_args__ = (
        UniqueConstraint("sku_pk", "barcode"),
        Index("ix_sku_barcodes_lookup", "wave_pk", "barcode"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    sku_pk: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"))
    barcode: Mapped[str] = mapped_column(String(64))


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("wave_pk", "order_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    order_id: Mapped[str] = mapped_column(String(64))
    community_pk: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    customer_nickname: Mapped[str] = mapped_column(String(100), default="")
    pickup_code: Mapped[str] = mapped_column(String(32), default="")
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        UniqueConstraint("wave_pk", "line_id"),
        Index("ix_order_lines_sku", "wave_pk", "sku_pk", "community_pk"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    order_pk: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    line_id: Mapped[str] = mapped_column(String(160))
    sku_pk: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    community_pk: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    qty: Mapped[int] = mapped_column(Integer)
    # False when the order is cancelled, the SKU cancelled below threshold, or the line vanished
    # from the platform on re-import: kept for the record, never sorted.
    to_sort: Mapped[bool] = mapped_column(Boolean, default=True)


class ImportLog(Base):
    __tablename__ = "import_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_id: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(16))  # imported | updated | unchanged | failed
    communities: Mapped[int] = mapped_column(Integer, default=0)
    skus: Mapped[int] = mapped_column(Integer, default=0)
    orders: Mapped[int] = mapped_column(Integer, default=0)
    lines: Mapped[int] = mapped_column(Integer, default=0)
    changes: Mapped[int] = mapped_column(Integer, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")


class ImportConflict(Base):
    """A re-import changed a line whose units are already in a crate: the supervisor must act."""

    __tablename__ = "import_conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), index=True)
    community_pk: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    sku_pk: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    kind: Mapped[str] = mapped_column(
        String(32)
    )  # line_reduced | line_cancelled | order_cancelled | sku_cancelled
    order_id: Mapped[str] = mapped_column(String(64))
    line_id: Mapped[str] = mapped_column(String(160))
    old_qty: Mapped[int] = mapped_column(Integer)
    new_qty: Mapped[int] = mapped_column(Integer)
    put_qty: Mapped[int] = mapped_column(Integer)
    excess_qty: Mapped[int] = mapped_column(Integer)  # units to pull back out of crates
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SortTask(Base):
    """What one community is due of one SKU, and how much of it is already in its crates.

    `ordered_qty` follows the platform (re-import), `due_qty` follows shortage allocation, and
    `put_qty` only ever grows by verified puts; the guard `put_qty + q <= due_qty` in the UPDATE
    is what keeps two stations from over-putting.
    """

    __tablename__ = "sort_tasks"
    __table_args__ = (
        UniqueConstraint("wave_pk", "sku_pk", "community_pk"),
        Index("ix_sort_tasks_sku", "sku_pk"),
        # The tasks still due (migration 0012): the scan path's questions stay fast all night.
        Index(
            "ix_sort_tasks_open",
            "sku_pk",
            sqlite_where=text("put_qty < due_qty"),
            postgresql_where=text("put_qty < due_qty"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    sku_pk: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"))
    community_pk: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    ordered_qty: Mapped[int] = mapped_column(Integer, default=0)
    due_qty: Mapped[int] = mapped_column(Integer, default=0)
    put_qty: Mapped[int] = mapped_column(Integer, default=0)


# --- sorting engine -------------------------------------------------------------------------


class Counter(Base):
    """Hub-wide counters, e.g. the serial behind crate scan codes (unique in this database)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Station(Base):
    """A scanning station: its scan sequence and the state between two scans, kept durable."""

    __tablename__ = "stations"
    station_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # The put target shown on screen and not yet confirmed by a crate scan, or an armed
    # command (CMD-DAMAGED); JSON, empty when nothing is pending.
    pending: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Scan(Base):
    """Every scan decision, acknowledged only after this row is committed."""

    __tablename__ = "scans"
    __table_args__ = (
        UniqueConstraint("station_id", "seq"),
        Index("ix_scans_wave_result", "wave_pk", "result"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[str] = mapped_column(String(48), unique=True)
    station_id: Mapped[str] = mapped_column(ForeignKey("stations.station_id"))
    seq: Mapped[int] = mapped_column(Integer)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    worker: Mapped[str] = mapped_column(String(32), default="")
    mode: Mapped[str] = mapped_column(String(16))
    raw: Mapped[str] = mapped_column(String(400))
    result: Mapped[str] = mapped_column(String(24))
    level: Mapped[str] = mapped_column(String(12))
    sku_pk: Mapped[int | None] = mapped_column(ForeignKey("skus.id"))
    community_pk: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    crate_pk: Mapped[int | None] = mapped_column(ForeignKey("crates.id", ondelete="SET NULL"))
    qty: Mapped[int | None] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(Text)  # the whole answer, for replays of this scan
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Receipt(Base):
    """Units of a SKU that arrived (kind received) or were found damaged (kind damaged)."""

    __tablename__ = "receipts"
    __table_args__ = (Index("ix_receipts_sku", "wave_pk", "sku_pk"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    sku_pk: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # received | damaged
    qty: Mapped[int] = mapped_column(Integer)
    grams: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(32), default="")
    scan_id: Mapped[str | None] = mapped_column(String(48))
    station_id: Mapped[str] = mapped_column(String(32), default="")
    worker: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReceivingClosure(Base):
    """Receiving closed for one SKU, or for the whole wave when sku_pk is null."""

    __tablename__ = "receiving_closures"
    __table_args__ = (UniqueConstraint("wave_pk", "sku_pk"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    sku_pk: Mapped[int | None] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"))
    closed_by: Mapped[str] = mapped_column(String(32), default="")
    cause: Mapped[str] = mapped_column(String(16))  # supervisor | cut_time
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Shortage(Base):
    """A final per-line shortage or damage, fixed when receiving of its SKU closed."""

    __tablename__ = "shortages"
    __table_args__ = (Index("ix_shortages_wave_sku", "wave_pk", "sku_pk"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    line_pk: Mapped[int] = mapped_column(ForeignKey("order_lines.id", ondelete="CASCADE"))
    sku_pk: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    community_pk: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    qty: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # shortage | damage
    reason: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Crate(Base):
    __tablename__ = "crates"
    __table_args__ = (
        UniqueConstraint("wave_pk", "community_pk", "seq"),
        Index("ix_crates_community", "community_pk", "temperature"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    community_pk: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    temperature: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(Integer)
    extra: Mapped[bool] = mapped_column(Boolean, default=False)
    crate_id: Mapped[str] = mapped_column(String(160), unique=True)
    scan_code: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | closed
    label_version: Mapped[int] = mapped_column(Integer, default=1)
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CratePlanItem(Base):
    """How many units of a SKU the plan puts in a crate (what makes `n of m` known early)."""

    __tablename__ = "crate_plan_items"
    __table_args__ = (UniqueConstraint("crate_pk", "sku_pk"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    crate_pk: Mapped[int] = mapped_column(ForeignKey("crates.id", ondelete="CASCADE"))
    sku_pk: Mapped[int] = mapped_column(ForeignKey("skus.id", ondelete="CASCADE"), index=True)
    planned_qty: Mapped[int] = mapped_column(Integer)


class VoidCrateCode(Base):
    """Scan codes of labels replaced by a reprint: scanning one answers void_label."""

    __tablename__ = "void_crate_codes"
    scan_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    crate_pk: Mapped[int] = mapped_column(ForeignKey("crates.id", ondelete="CASCADE"))
    voided_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Put(Base):
    """Units put into a crate, recorded only when the worker scanned the right crate."""

    __tablename__ = "puts"
    __table_args__ = (Index("ix_puts_crate", "crate_pk", "sku_pk"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    task_pk: Mapped[int] = mapped_column(ForeignKey("sort_tasks.id", ondelete="CASCADE"))
    crate_pk: Mapped[int] = mapped_column(ForeignKey("crates.id"))
    sku_pk: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    community_pk: Mapped[int] = mapped_column(ForeignKey("communities.id"))
    qty: Mapped[int] = mapped_column(Integer)
    grams: Mapped[int | None] = mapped_column(Integer)
    scan_id: Mapped[str] = mapped_column(String(48))
    station_id: Mapped[str] = mapped_column(String(32))
    worker: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# --- people ---------------------------------------------------------------------------------


class Worker(Base):
    """A person who scans (worker) or also unlocks supervisor actions (supervisor)."""

    __tablename__ = "workers"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)  # printed on the badge
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # worker | supervisor
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pin_hash: Mapped[str] = mapped_column(String(200), default="")  # supervisors only
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- reporting ------------------------------------------------------------------------------


class OutboxEntry(Base):
    """A message to the platform, written in the same transaction as the event it reports.

    `key` is the Idempotency-Key, fixed at creation: a resend after a lost answer counts once.
    Entries are delivered in `id` order.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status", "status", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # report | dispatch | hub_status
    topic: Mapped[str] = mapped_column(String(32))  # report type, "dispatch" or the stage
    key: Mapped[str] = mapped_column(String(160), unique=True)
    body: Mapped[str] = mapped_column(Text)
    # pending | sent | parked | dismissed (a supervisor gave up on a parked entry)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    # Where a sent entry went: "platform" or "file" (a file wave's export). NULL for entries
    # sent before migration 0009, when a platform wave could be diverted to a file unrecorded.
    delivered_to: Mapped[str | None] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# --- loading and dispatch -------------------------------------------------------------------


class CrateLoad(Base):
    """A crate scanned onto its route's truck."""

    __tablename__ = "crate_loads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), index=True)
    crate_pk: Mapped[int] = mapped_column(ForeignKey("crates.id", ondelete="CASCADE"), unique=True)
    route_id: Mapped[str] = mapped_column(String(64))
    scan_id: Mapped[str] = mapped_column(String(48))
    station_id: Mapped[str] = mapped_column(String(32))
    worker: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RouteDispatch(Base):
    """A route that left; `forced` when a supervisor let it go with crates missing, and why;
    the driver and plate when someone typed them."""

    __tablename__ = "route_dispatches"
    __table_args__ = (UniqueConstraint("wave_pk", "route_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    route_id: Mapped[str] = mapped_column(String(64))
    dispatch_id: Mapped[str] = mapped_column(String(64), unique=True)
    departed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    supervisor: Mapped[str] = mapped_column(String(32), default="")
    missing: Mapped[str] = mapped_column(Text, default="")  # JSON list of crate IDs left behind
    # Who drove it away and in which truck, as typed at dispatch (the hub's record only).
    driver: Mapped[str | None] = mapped_column(String(32))
    plate: Mapped[str | None] = mapped_column(String(16))


class Claim(Base):
    """What a leader reported after delivery, linked to the crate and put it came from."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(String(64), unique=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[str] = mapped_column(String(64))
    crate_id: Mapped[str | None] = mapped_column(String(160))
    sku_id: Mapped[str] = mapped_column(String(64))
    qty: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # missing | wrong_item | damaged | extra
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Where it came from, as far as the hub can tell.
    put_station_id: Mapped[str] = mapped_column(String(32), default="")
    put_worker: Mapped[str] = mapped_column(String(32), default="")
    linked_crate_id: Mapped[str] = mapped_column(String(160), default="")


class CrateLedgerEntry(Base):
    """Reusable crates out to a leader (on dispatch) and back from them (returns scanned in)."""

    __tablename__ = "crate_ledger"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    leader_id: Mapped[str] = mapped_column(String(64), index=True)
    community_id: Mapped[str] = mapped_column(String(64))
    wave_pk: Mapped[int | None] = mapped_column(ForeignKey("waves.id", ondelete="SET NULL"))
    crate_id: Mapped[str] = mapped_column(String(160), default="")
    qty: Mapped[int] = mapped_column(Integer)  # + out to the leader, - back from them
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- printing -------------------------------------------------------------------------------


class PrintJob(Base):
    """One job for one printer, kept until it is sent, so that no label is lost to a printer that
    is off or a crash. Each printer's jobs go out in `sequence` order.

    The payload is the printer-ready bytes, or `payload_ref`, a file read at send time. It is
    dropped once sent: printing a crate label again is a supervised reprint with a new code.
    """

    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_printer", "printer", "status", "sequence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    printer: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # label | document | test
    description: Mapped[str] = mapped_column(String(200), default="")
    crate_id: Mapped[str | None] = mapped_column(String(160), index=True)  # label jobs
    label_version: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    payload_ref: Mapped[str | None] = mapped_column(Text)
    # queued | sending | sent | failed | cancelled
    status: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when sending began
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LabelReprint(Base):
    """A crate label reprinted by a supervisor: the old scan code was voided, a new one issued."""

    __tablename__ = "label_reprints"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    crate_pk: Mapped[int] = mapped_column(ForeignKey("crates.id", ondelete="CASCADE"), index=True)
    crate_id: Mapped[str] = mapped_column(String(160))
    old_scan_code: Mapped[str] = mapped_column(String(12))
    new_scan_code: Mapped[str] = mapped_column(String(12))
    label_version: Mapped[int] = mapped_column(Integer)  # the version the new label carries
    supervisor: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    reprinted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditLogRecord(Base):
    """One supervised action, append-only and hash-chained (domain/audit.py defines the chain).

    `seq` is given by the appender, not the database: it is part of what is hashed. No foreign
    keys: a record outlives the wave, crate or entry it names. The unique `prev_hash` lets a
    record have one successor only, so two appends racing can never fork the chain."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(40), index=True)
    supervisor: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    wave_id: Mapped[str] = mapped_column(String(160), index=True)
    route_id: Mapped[str] = mapped_column(String(160))
    sku_id: Mapped[str] = mapped_column(String(160))
    crate_id: Mapped[str] = mapped_column(String(160))
    entry_id: Mapped[str] = mapped_column(String(160))
    person_id: Mapped[str] = mapped_column(String(160))
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# --- forecast -------------------------------------------------------------------------------


class WaveSnapshot(Base):
    """A wave's summary (order and line counts) seen while it was still open; not a wave.

    `taken_at` is the poll slot (rounded down to the poll interval), so PCs polling the same wave
    in the same slot collide on the unique key and the second write is dropped."""

    __tablename__ = "wave_snapshots"
    __table_args__ = (
        UniqueConstraint("wave_id", "taken_at"),
        Index("ix_wave_snapshots_hub_date", "hub_id", "delivery_date"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_id: Mapped[str] = mapped_column(String(64))
    wave_id: Mapped[str] = mapped_column(String(160))
    delivery_date: Mapped[date] = mapped_column(Date)
    cutoff_at: Mapped[datetime] = mapped_column(UTCDateTime())  # which night the wave is
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    order_count: Mapped[int] = mapped_column(Integer)
    line_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    polled_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ForecastEvent(Base):
    """A local event the supervisor adds to the calendar; `factor` None: learnt from history."""

    __tablename__ = "forecast_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    factor: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ForecastRecord(Base):
    """A forecast made (at forecast_at or on demand), with the explanation shown to people."""

    __tablename__ = "forecasts"
    __table_args__ = (Index("ix_forecasts_hub_date", "hub_id", "delivery_date", "made_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_id: Mapped[str] = mapped_column(String(64))
    delivery_date: Mapped[date] = mapped_column(Date)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lines: Mapped[float] = mapped_column(Float)
    low: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(16))
    explanation: Mapped[dict[str, object]] = mapped_column(JSON)


# --- aggregates that outlive the detail (migration 0015) -----------------------------------
# Keyed by the platform's wave ID, with no key into `waves`: a wave's detail (orders, lines,
# scans, puts ...) is deleted after the retention setting, these rows stay for good.


class WaveAggregate(Base):
    """One finished wave's totals and timeline, computed from its detail (recompute replaces)."""

    __tablename__ = "wave_aggregates"
    wave_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hub_id: Mapped[str] = mapped_column(String(64))
    delivery_date: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(16))
    # The timeline's stages; None where the night did not reach (or record) them.
    cutoff_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_receipt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sorting_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sorted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    orders: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer)  # lines to sort
    skus: Mapped[int] = mapped_column(Integer)
    communities: Mapped[int] = mapped_column(Integer)
    units_ordered: Mapped[int] = mapped_column(Integer)
    units_due: Mapped[int] = mapped_column(Integer)
    units_put: Mapped[int] = mapped_column(Integer)
    units_received: Mapped[int] = mapped_column(Integer)
    units_shorted: Mapped[int] = mapped_column(Integer)  # final shortages
    units_damaged: Mapped[int] = mapped_column(Integer)  # final damage
    crates: Mapped[int] = mapped_column(Integer)  # crates holding units
    puts: Mapped[int] = mapped_column(Integer)
    workers: Mapped[int] = mapped_column(Integer)
    first_put_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_put_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    wrong_crate: Mapped[int] = mapped_column(Integer)  # missorts caught at the crate
    claims: Mapped[int] = mapped_column(Integer)  # leaders' claims, any kind
    claimed_missorts: Mapped[int] = mapped_column(Integer)  # units that escaped (claims)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The detail purge began: from then on these rows are final, never computed again from
    # what is left of the detail; `detail_purged_at` once all of it is deleted.
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    detail_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WaveCommunityAggregate(Base):
    """Lines, units and crates of one community in one temperature zone."""

    __tablename__ = "wave_community_aggregates"
    __table_args__ = (UniqueConstraint("wave_id", "community_id", "temperature"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_id: Mapped[str] = mapped_column(ForeignKey("wave_aggregates.wave_id", ondelete="CASCADE"))
    community_id: Mapped[str] = mapped_column(String(64))
    community_name: Mapped[str] = mapped_column(String(200))
    route_id: Mapped[str] = mapped_column(String(64))
    temperature: Mapped[str] = mapped_column(String(16))
    lines: Mapped[int] = mapped_column(Integer)
    units_ordered: Mapped[int] = mapped_column(Integer)
    units_due: Mapped[int] = mapped_column(Integer)
    units_put: Mapped[int] = mapped_column(Integer)
    crates: Mapped[int] = mapped_column(Integer)


class WaveSkuAggregate(Base):
    """One SKU's night: ordered to put, shortage, damage and missorts (losses roll up by its
    category and supplier, kept here as they were that night)."""

    __tablename__ = "wave_sku_aggregates"
    __table_args__ = (UniqueConstraint("wave_id", "sku_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_id: Mapped[str] = mapped_column(ForeignKey("wave_aggregates.wave_id", ondelete="CASCADE"))
    sku_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(50))
    supplier_id: Mapped[str] = mapped_column(String(64))
    supplier_name: Mapped[str] = mapped_column(String(200))
    temperature: Mapped[str] = mapped_column(String(16))
    lines: Mapped[int] = mapped_column(Integer)
    units_ordered: Mapped[int] = mapped_column(Integer)
    units_due: Mapped[int] = mapped_column(Integer)
    units_put: Mapped[int] = mapped_column(Integer)
    units_received: Mapped[int] = mapped_column(Integer)
    units_shorted: Mapped[int] = mapped_column(Integer)
    units_damaged: Mapped[int] = mapped_column(Integer)
    wrong_crate: Mapped[int] = mapped_column(Integer)
    claims: Mapped[int] = mapped_column(Integer)
    claimed_missorts: Mapped[int] = mapped_column(Integer)


class WaveWorkerAggregate(Base):
    """One worker's puts in one wave (puts per hour = puts ÷ first to last put)."""

    __tablename__ = "wave_worker_aggregates"
    __table_args__ = (UniqueConstraint("wave_id", "worker"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_id: Mapped[str] = mapped_column(ForeignKey("wave_aggregates.wave_id", ondelete="CASCADE"))
    worker: Mapped[str] = mapped_column(String(32))
    puts: Mapped[int] = mapped_column(Integer)
    units: Mapped[int] = mapped_column(Integer)
    wrong_crate: Mapped[int] = mapped_column(Integer)
    first_put_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_put_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WaveRouteAggregate(Base):
    """One route's night: its departure setting then, when it left, and when the route board's
    at-risk warning first came for it."""

    __tablename__ = "wave_route_aggregates"
    __table_args__ = (UniqueConstraint("wave_id", "route_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_id: Mapped[str] = mapped_column(ForeignKey("wave_aggregates.wave_id", ondelete="CASCADE"))
    route_id: Mapped[str] = mapped_column(String(64))
    route_name: Mapped[str] = mapped_column(String(100))
    stops: Mapped[int] = mapped_column(Integer)
    units_due: Mapped[int] = mapped_column(Integer)
    units_put: Mapped[int] = mapped_column(Integer)
    crates: Mapped[int] = mapped_column(Integer)
    departure_setting: Mapped[str | None] = mapped_column(String(5))  # "HH:MM"
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    first_at_risk_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RouteRiskWarning(Base):
    """The first moment the route board showed a route at risk in a wave (one row per route;
    later warnings of the same route change nothing). Detail: goes with the wave's detail."""

    __tablename__ = "route_risk_warnings"
    __table_args__ = (UniqueConstraint("wave_pk", "route_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wave_pk: Mapped[int] = mapped_column(ForeignKey("waves.id", ondelete="CASCADE"))
    route_id: Mapped[str] = mapped_column(String(64))
    first_at: Mapped[datetime] = mapped_column(UTCDateTime())


# Deleting a wave's lines, tasks and crates makes both databases look up the rows that point at
# each one (foreign keys); without these indexes that is a scan of every wave's shortages, puts
# or scans per row deleted, hours for a 中心仓's wave.
Index("ix_shortages_line_pk", Shortage.line_pk)
Index("ix_puts_task_pk", Put.task_pk)
Index("ix_scans_crate_pk", Scan.crate_pk)
