"""The crate labels of a wave, as the printers package draws them: from the current crate plan,
available right after import."""

from __future__ import annotations

from sqlalchemy import func, select

from printers.model import CrateLabel, Zone, mask_phone
from sorter_app.domain.crate_codes import qr_payload
from sorter_app.domain.errors import UserFacingError
from sorter_app.store import tables
from sorter_app.store.database import Store


def crate_labels(store: Store, wave_id: str, community_id: str | None = None) -> list[CrateLabel]:
    """Every crate's label, in route, stop and crate order (one community's if given)."""
    with store.read() as session:
        wave = session.execute(
            select(tables.Wave.id, tables.Wave.delivery_date).where(tables.Wave.wave_id == wave_id)
        ).first()
        if wave is None:
            raise UserFacingError(
                f"本地没有波次 {wave_id}", f"No local wave {wave_id}", code="unknown_wave"
            )
        wave_pk, delivery = wave
        c, cr = tables.Community, tables.Crate
        contents = (
            select(
                tables.CratePlanItem.crate_pk,
                func.sum(tables.CratePlanItem.planned_qty).label("units"),
                func.count(tables.CratePlanItem.sku_pk).label("lines"),
            )
            .where(tables.CratePlanItem.planned_qty > 0)
            .group_by(tables.CratePlanItem.crate_pk)
            .subquery()
        )
        counts = (
            select(cr.community_pk, func.count().label("m"))
            .where(cr.wave_pk == wave_pk)
            .group_by(cr.community_pk)
            .subquery()
        )
        query = (
            select(
                cr.crate_id,
                cr.scan_code,
                cr.seq,
                cr.extra,
                cr.temperature,
                cr.label_version,
                c.community_id,
                c.name,
                c.leader_name,
                c.leader_phone,
                c.pickup_address,
                c.route_id,
                c.route_name,
                c.stop_seq,
                counts.c.m,
                func.coalesce(contents.c.units, 0),
                func.coalesce(contents.c.lines, 0),
            )
            .join(c, c.id == cr.community_pk)
            .join(counts, counts.c.community_pk == cr.community_pk)
            .outerjoin(contents, contents.c.crate_pk == cr.id)
            .where(cr.wave_pk == wave_pk)
            .order_by(c.route_id, c.stop_seq, c.community_id, cr.seq)
        )
        if community_id is not None:
            query = query.where(c.community_id == community_id)
        rows = session.execute(query).all()
    return [
        CrateLabel(
            crate_id=crate_id,
            scan_code=scan_code,
            qr_payload=qr_payload(crate_id, wave_id, cid, seq, m, int(units)),
            wave_id=wave_id,
            delivery_date=delivery,
            community_id=cid,
            community_name=name,
            leader_name=leader,
            leader_phone_masked=mask_phone(phone),
            pickup_address=address,
            route_id=route_id,
            route_name=route_name,
            stop_seq=stop,
            crate_seq=seq,
            crate_count=m,
            extra=extra,
            zone=Zone(temperature),
            units=int(units),
            lines=int(lines),
            label_version=version,
        )
        for (
            crate_id,
            scan_code,
            seq,
            extra,
            temperature,
            version,
            cid,
            name,
            leader,
            phone,
            address,
            route_id,
            route_name,
            stop,
            m,
            units,
            lines,
        ) in rows
    ]
