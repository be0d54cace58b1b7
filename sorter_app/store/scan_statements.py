"""The statements on the scan path, built once at import.

A worker's scan runs a handful of these inside one transaction; building SQLAlchemy statements
anew for every scan cost more than the database itself, so they are module constants with
bind parameters, executed on the session's connection.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, func, insert, literal_column, select, update

from sorter_app.store import tables

_c = tables.Community
_cr = tables.Crate
_st = tables.SortTask

STATION = select(tables.Station.last_seq, tables.Station.pending).where(
    tables.Station.station_id == bindparam("station_id")
)
STATION_LOCKED = STATION.with_for_update()
NEW_STATION = insert(tables.Station.__table__)
SAVE_STATION = (
    update(tables.Station.__table__)
    .where(tables.Station.__table__.c.station_id == bindparam("b_station_id"))
    .values(
        last_seq=bindparam("b_last_seq"),
        pending=bindparam("b_pending"),
        updated_at=bindparam("b_updated_at"),
    )
)
SCAN_BY_SEQ = select(tables.Scan.decision).where(
    tables.Scan.station_id == bindparam("station_id"), tables.Scan.seq == bindparam("seq")
)
# Inserts name every column they write: the scan path runs them as prepared statements
# (store/prepared.py), which apply no column defaults.
_SCAN_WRITES = (
    "scan_id",
    "station_id",
    "seq",
    "wave_pk",
    "worker",
    "mode",
    "raw",
    "result",
    "level",
    "sku_pk",
    "community_pk",
    "crate_pk",
    "qty",
    "decision",
    "created_at",
)
ADD_SCAN = insert(tables.Scan.__table__).values({c: bindparam(c) for c in _SCAN_WRITES})
_PUT_WRITES = (
    "wave_pk",
    "task_pk",
    "crate_pk",
    "sku_pk",
    "community_pk",
    "qty",
    "grams",
    "scan_id",
    "station_id",
    "worker",
    "created_at",
)
ADD_PUT = insert(tables.Put.__table__).values({c: bindparam(c) for c in _PUT_WRITES})

SKU_COLUMNS = (
    tables.Sku.id,
    tables.Sku.sku_id,
    tables.Sku.name,
    tables.Sku.unit,
    tables.Sku.temperature,
    tables.Sku.units_per_crate,
    tables.Sku.status,
    tables.Sku.weighed,
)
SKU_BY_BARCODE = (
    select(*SKU_COLUMNS)
    .join(tables.SkuBarcode, tables.SkuBarcode.sku_pk == tables.Sku.id)
    .where(
        tables.SkuBarcode.wave_pk == bindparam("wave_pk"),
        tables.SkuBarcode.barcode == bindparam("code"),
    )
    .limit(1)
)
SKU_BY_ID = select(*SKU_COLUMNS).where(
    tables.Sku.wave_pk == bindparam("wave_pk"), tables.Sku.sku_id == bindparam("code")
)
SKU_BY_BARCODE_ANY_CASE = (
    select(*SKU_COLUMNS, tables.SkuBarcode.barcode)
    .join(tables.SkuBarcode, tables.SkuBarcode.sku_pk == tables.Sku.id)
    .where(
        tables.SkuBarcode.wave_pk == bindparam("wave_pk"),
        func.lower(tables.SkuBarcode.barcode) == func.lower(bindparam("code")),
    )
    .limit(2)
)
SKU_BY_ID_ANY_CASE = (
    select(*SKU_COLUMNS, tables.Sku.sku_id)
    .where(
        tables.Sku.wave_pk == bindparam("wave_pk"),
        func.lower(tables.Sku.sku_id) == func.lower(bindparam("code")),
    )
    .limit(2)
)
SKU_BY_PLU = (
    select(*SKU_COLUMNS)
    .where(tables.Sku.wave_pk == bindparam("wave_pk"), tables.Sku.plu == bindparam("plu"))
    .limit(1)
)

COMMUNITY_COLUMNS = (
    _c.id,
    _c.community_id,
    _c.name,
    _c.route_id,
    _c.route_name,
    _c.stop_seq,
    _c.leader_name,
)

# The first community, in route and stop order, still due units of the SKU, with what the
# screen shows about it.
NEXT_TASK = (
    select(_st.id, _st.due_qty - _st.put_qty, *COMMUNITY_COLUMNS)
    .join(_c, _c.id == _st.community_pk)
    # No wave condition: a SKU's key is of one wave, and this way the partial index of the
    # tasks still due (ix_sort_tasks_open) answers without walking the completed ones.
    .where(_st.sku_pk == bindparam("sku_pk"), _st.put_qty < _st.due_qty)
    .order_by(_c.route_id, _c.stop_seq, _c.community_id)
    .limit(1)
)

# A put: only while it keeps the community within its due (two stations, one guard).
PUT_GUARDED = (
    update(_st.__table__)
    .where(
        _st.__table__.c.id == bindparam("task_pk"),
        _st.__table__.c.put_qty + bindparam("qty") <= _st.__table__.c.due_qty,
    )
    .values(put_qty=_st.__table__.c.put_qty + bindparam("qty"))
    .returning(_st.__table__.c.due_qty - _st.__table__.c.put_qty)
)

# A receipt undone at receiving stays as a row of 0 units (sorting_repo.undo_receipt): not one.
HAS_RECEIPTS = (
    select(tables.Receipt.id)
    .where(
        tables.Receipt.wave_pk == bindparam("wave_pk"),
        tables.Receipt.sku_pk == bindparam("sku_pk"),
        tables.Receipt.qty > 0,
    )
    .limit(1)
)
RECEIVING_CLOSED = (
    select(tables.ReceivingClosure.id)
    .where(
        tables.ReceivingClosure.wave_pk == bindparam("wave_pk"),
        (tables.ReceivingClosure.sku_pk == bindparam("sku_pk"))
        | tables.ReceivingClosure.sku_pk.is_(None),
    )
    .limit(1)
)
SKU_STILL_DUE = (
    select(_st.id).where(_st.sku_pk == bindparam("sku_pk"), _st.put_qty < _st.due_qty).limit(1)
)

CRATE_COLUMNS = (
    _cr.id,
    _cr.wave_pk,
    _cr.community_pk,
    _cr.crate_id,
    _cr.scan_code,
    _cr.seq,
    _cr.temperature,
    _cr.status,
    _cr.extra,
)
CRATE_BY_SCAN_CODE = select(*CRATE_COLUMNS).where(_cr.scan_code == bindparam("code"))
CRATE_BY_CRATE_ID = select(*CRATE_COLUMNS).where(_cr.crate_id == bindparam("code"))
# The fall-backs for a read whose letters Caps Lock inverted: taken only when the exact look-up
# finds nothing, and only a single match counts (services check the case in Python).
CRATE_BY_CRATE_ID_ANY_CASE = (
    select(*CRATE_COLUMNS).where(func.lower(_cr.crate_id) == func.lower(bindparam("code"))).limit(2)
)

_put_in_crate = (
    select(func.coalesce(func.sum(tables.Put.qty), 0))
    .where(
        tables.Put.crate_pk == _cr.id,
        tables.Put.sku_pk == bindparam("sku_pk"),
        tables.Put.undone_at.is_(None),
    )
    .scalar_subquery()
)
# The community's crates of one temperature zone, each with what the plan still expects of the
# SKU in it; ordered by crate number.
CRATES_FOR_PUT = (
    select(*CRATE_COLUMNS, func.coalesce(tables.CratePlanItem.planned_qty, 0) - _put_in_crate)
    .outerjoin(
        tables.CratePlanItem,
        and_(
            tables.CratePlanItem.crate_pk == _cr.id,
            tables.CratePlanItem.sku_pk == bindparam("sku_pk"),
        ),
    )
    .where(
        _cr.community_pk == bindparam("community_pk"), _cr.temperature == bindparam("temperature")
    )
    .order_by(_cr.seq)
)
CRATE_COUNT = select(func.count(literal_column("*"))).where(
    _cr.community_pk == bindparam("community_pk")
)
