"""The crate labels of a wave, as the printers package draws them: from the current crate plan,
available right after import."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from printers.model import CrateLabel, Zone, mask_phone
from sorter_app.domain.crate_codes import qr_payload
from sorter_app.domain.errors import UserFacingError
from sorter_app.store import tables
from sorter_app.store.database import Store


@dataclass(frozen=True, slots=True)
class LabelBatch:
    labels: list[CrateLabel]  # in route, stop and crate order
    printed: set[str]  # crate IDs among them whose current label is printed


def crate_labels(store: Store, wave_id: str, community_id: str | None = None) -> list[CrateLabel]:
    """Every crate's label, in route, stop and crate order (one community's if given)."""
    return label_batch(store, wave_id, community_id).labels


def label_batch(store: Store, wave_id: str, community_id: str | None = None) -> LabelBatch:
    """The labels of the wave's crates (one community's if given) and which are printed, read
    for those crates only: queuing a wave community by community then costs per label, not a
    pass over the whole wave's crates and plan per community (~0.15 s each)."""
    with store.read() as session:
        wave = session.execute(
            select(tables.Wave.id, tables.Wave.delivery_date).where(tables.Wave.wave_id == wave_id)
        ).first()
        if wave is None:
            raise UserFacingError(
                f"本地没有波次 {wave_id}", f"No local wave {wave_id}", code="unknown_wave"
            )
        wave_pk, delivery = wave
        c, cr, pi = tables.Community, tables.Crate, tables.CratePlanItem
        scope = cr.wave_pk == wave_pk
        if community_id is not None:
            # The community's key first: filtering on its ID in a join made SQLite walk every
            # crate of the wave.
            community_pk = session.scalar(
                select(c.id).where(c.wave_pk == wave_pk, c.community_id == community_id)
            )
            if community_pk is None:
                return LabelBatch([], set())
            scope = and_(scope, cr.community_pk == community_pk)
        query = (
            select(
                cr.id,
                cr.crate_id,
                cr.scan_code,
                cr.seq,
                cr.extra,
                cr.temperature,
                cr.label_version,
                cr.printed_at.is_not(None),
                c.community_id,
                c.name,
                c.leader_name,
                c.leader_phone,
                c.pickup_address,
                c.route_id,
                c.route_name,
                c.stop_seq,
            )
            .join(c, c.id == cr.community_pk)
            .where(scope)
            .order_by(c.route_id, c.stop_seq, c.community_id, cr.seq)
        )
        contents = (
            select(pi.crate_pk, func.sum(pi.planned_qty), func.count(pi.sku_pk))
            .join(cr, cr.id == pi.crate_pk)
            .where(scope, pi.planned_qty > 0)
            .group_by(pi.crate_pk)
        )
        rows = session.execute(query).all()
        planned = {crate_pk: (units, lines) for crate_pk, units, lines in session.execute(contents)}
    # Every crate of a community is in `rows` (one community or the whole wave): count here.
    crates_of = Counter(row.community_id for row in rows)
    labels = [
        CrateLabel(
            crate_id=crate_id,
            scan_code=scan_code,
            qr_payload=qr_payload(crate_id, wave_id, cid, seq, crates_of[cid], units),
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
            crate_count=crates_of[cid],
            extra=extra,
            zone=Zone(temperature),
            units=units,
            lines=lines,
            label_version=version,
        )
        for (
            crate_pk,
            crate_id,
            scan_code,
            seq,
            extra,
            temperature,
            version,
            _printed,
            cid,
            name,
            leader,
            phone,
            address,
            route_id,
            route_name,
            stop,
        ) in rows
        for units, lines in [planned.get(crate_pk, _EMPTY)]
    ]
    printed = {row.crate_id for row in rows if row[7]}
    return LabelBatch(labels, printed)


_EMPTY = (0, 0)  # a crate with nothing planned (emptied by shortages)
