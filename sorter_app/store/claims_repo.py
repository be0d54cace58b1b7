"""Leaders' claims (claims) and where the claimed goods were put. Services call these inside one
unit of work."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sorter_app.domain.claims import Claim
from sorter_app.store import tables


@dataclass(frozen=True, slots=True)
class PutOrigin:
    """The station, worker and crate of a put ("" for each when no put was found)."""

    station_id: str
    worker: str
    crate_id: str


_NO_ORIGIN = PutOrigin("", "", "")


def known_claim_ids(session: Session, wave_pk: int) -> set[str]:
    return set(
        session.scalars(select(tables.Claim.claim_id).where(tables.Claim.wave_pk == wave_pk))
    )


def add_claim(session: Session, wave_pk: int, claim: Claim, origin: PutOrigin) -> None:
    session.add(
        tables.Claim(
            claim_id=claim.claim_id,
            wave_pk=wave_pk,
            community_id=claim.community_id,
            crate_id=claim.crate_id,
            sku_id=claim.sku_id,
            qty=claim.qty,
            kind=claim.kind.value,
            created_at=claim.created_at,
            put_station_id=origin.station_id,
            put_worker=origin.worker,
            linked_crate_id=origin.crate_id,
        )
    )


def origin_of(session: Session, wave_pk: int, claim: Claim) -> PutOrigin:
    """Where the claimed goods were put: the last put of the SKU into the named crate, else into
    any of the community's crates."""
    if claim.crate_id:
        found = _last_put(session, wave_pk, claim.sku_id, crate_id=claim.crate_id)
        if found is not None:
            return found
    found = _last_put(session, wave_pk, claim.sku_id, community_id=claim.community_id)
    return found or _NO_ORIGIN


def _last_put(
    session: Session,
    wave_pk: int,
    sku_id: str,
    *,
    crate_id: str | None = None,
    community_id: str | None = None,
) -> PutOrigin | None:
    """The last put (not undone) of the SKU into the named crate, or into any crate of the
    named community."""
    query = (
        select(tables.Put.station_id, tables.Put.worker, tables.Crate.crate_id)
        .join(tables.Crate, tables.Crate.id == tables.Put.crate_pk)
        .join(tables.Sku, tables.Sku.id == tables.Put.sku_pk)
        .join(tables.Community, tables.Community.id == tables.Put.community_pk)
        .where(
            tables.Put.wave_pk == wave_pk,
            tables.Put.undone_at.is_(None),
            tables.Sku.sku_id == sku_id,
        )
        .order_by(tables.Put.id.desc())
        .limit(1)
    )
    if crate_id is not None:
        query = query.where(tables.Crate.crate_id == crate_id)
    if community_id is not None:
        query = query.where(tables.Community.community_id == community_id)
    row = session.execute(query).first()
    return None if row is None else PutOrigin(row[0], row[1], row[2])
