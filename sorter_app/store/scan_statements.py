"""The statements on the scan path, built once at import.

A worker's scan runs a handful of these inside one transaction; building SQLAlchemy statements
anew for every scan cost more than the database itself, so they are module constants with
bind parameters, executed on the session's connection.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, func, insert, literal_column, select, update

from sorter_app.store import tables as t

_c = t.Community
_cr = t.Crate
_st = t.SortTask

STATION = select(t.Station.last_seq, t.Station.pending).where(
    t.Station.station_id == bindparam("station_id")
)
STATION_LOCKED = STATION.with_for_update()
NEW_STATION = insert(t.Station.__table__)
SAVE_STATION = (
    update(t.Station.__table__)
    .where(t.Station.__table__.c.station_id == bindparam("b_station_id"))
    .values(
        last_seq=bindparam("b_last_seq"),
        pending=bindparam("b_pending"),
        updated_at=bindparam("b_updated_at"),
    )
)
SCAN_BY_SEQ = select(t.Scan.decision).where(
    t.Scan.station_id == bindparam("station_id"), t.Scan.seq == bindparam("seq")
)
ADD_SCAN = insert(t.Scan.__table__)
ADD_PUT = insert(t.Put.__table__)

SKU_COLUMNS = (
    t.Sku.id,
    t.Sku.sku_id,
    t.Sku.name,
    t.Sku.unit,
    t.Sku.temperature,
    t.Sku.units_per_crate,
    t.Sku.status,
    t.Sku.weighed,
)
SKU_BY_BARCODE = (
    select(*SKU_COLUMNS)
    .join(t.SkuBarcode, t.SkuBarcode.sku_pk == t.Sku.id)
    .where(t.SkuBarcode.wave_pk == bindparam("wave_pk"), t.SkuBarcode.barcode == bindparam("code"))
    .limit(1)
)
SKU_BY_ID = select(*SKU_COLUMNS).where(
    t.Sku.wave_pk == bindparam("wave_pk"), t.Sku.sku_id == bindparam("code")
)
SKU_BY_BARCODE_ANY_CASE = (
    select(*SKU_COLUMNS, t.SkuBarcode.barcode)
    .join(t.SkuBarcode, t.SkuBarcode.sku_pk == t.Sku.id)
    .where(
        t.SkuBarcode.wave_pk == bindparam("wave_pk"),
        func.lower(t.SkuBarcode.barcode) == func.lower(bindparam("code")),
    )
    .limit(2)
)
SKU_BY_ID_ANY_CASE = (
    select(*SKU_COLUMNS, t.Sku.sku_id)
    .where(
        t.Sku.wave_pk == bindparam("wave_pk"),
        func.lower(t.Sku.sku_id) == func.lower(bindparam("code")),
    )
    .limit(2)
)
SKU_BY_PLU = (
    select(*SKU_COLUMNS)
    .where(t.Sku.wave_pk == bindparam("wave_pk"), t.Sku.plu == bindparam("plu"))
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
    .where(
        _st.wave_pk == bindparam("wave_pk"),
        _st.sku_pk == bindparam("sku_pk"),
        _st.put_qty < _st.due_qty,
    )
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

HAS_RECEIPTS = (
    select(t.Receipt.id)
    .where(t.Receipt.wave_pk == bindparam("wave_pk"), t.Receipt.sku_pk == bindparam("sku_pk"))
    .limit(1)
)
RECEIVING_CLOSED = (
    select(t.ReceivingClosure.id)
    .where(
        t.ReceivingClosure.wave_pk == bindparam("wave_pk"),
        (t.ReceivingClosure.sku_pk == bindparam("sku_pk")) | t.ReceivingClosure.sku_pk.is_(None),
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
    select(func.coalesce(func.sum(t.Put.qty), 0))
    .where(t.Put.crate_pk == _cr.id, t.Put.sku_pk == bindparam("sku_pk"), t.Put.undone_at.is_(None))
    .scalar_subquery()
)
# The community's crates of one temperature zone, each with what the plan still expects of the
# SKU in it; ordered by crate number.
CRATES_FOR_PUT = (
    select(*CRATE_COLUMNS, func.coalesce(t.CratePlanItem.planned_qty, 0) - _put_in_crate)
    .outerjoin(
        t.CratePlanItem,
        and_(t.CratePlanItem.crate_pk == _cr.id, t.CratePlanItem.sku_pk == bindparam("sku_pk")),
    )
    .where(
        _cr.community_pk == bindparam("community_pk"), _cr.temperature == bindparam("temperature")
    )
    .order_by(_cr.seq)
)
CRATE_COUNT = select(func.count(literal_column("*"))).where(
    _cr.community_pk == bindparam("community_pk")
)
