"""Leaders' claims after delivery (少货/错货/破损), pulled from the platform and linked to the crate,
station and worker that put the goods: the missorts that escaped the hub."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import select

from sorter_app.domain.claims import Claim
from sorter_app.store import tables as t
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of


class ClaimSource(Protocol):
    def claims(self, wave_id: str) -> Iterable[Claim]: ...


def pull_claims(store: Store, client: ClaimSource, wave_id: str) -> int:
    """Fetch the wave's claims (only once something was dispatched); returns how many are new."""
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        dispatched = s.scalar(
            select(t.RouteDispatch.id).where(t.RouteDispatch.wave_pk == wave_pk).limit(1)
        )
    if dispatched is None:
        return 0
    claims = list(client.claims(wave_id))
    new = 0
    with store.write() as s:
        known = set(s.scalars(select(t.Claim.claim_id).where(t.Claim.wave_pk == wave_pk)))
        for claim in claims:
            if claim.claim_id in known:
                continue
            station, worker, crate_id = _origin(s, wave_pk, claim)
            s.add(
                t.Claim(
                    claim_id=claim.claim_id,
                    wave_pk=wave_pk,
                    community_id=claim.community_id,
                    crate_id=claim.crate_id,
                    sku_id=claim.sku_id,
                    qty=claim.qty,
                    kind=claim.kind.value,
                    created_at=claim.created_at,
                    put_station_id=station,
                    put_worker=worker,
                    linked_crate_id=crate_id,
                )
            )
            known.add(claim.claim_id)
            new += 1
    return new


def _origin(s: object, wave_pk: int, claim: Claim) -> tuple[str, str, str]:
    """The last put of the claimed SKU into the named crate, else into any of the community's crates."""
    query = (
        select(t.Put.station_id, t.Put.worker, t.Crate.crate_id)
        .join(t.Crate, t.Crate.id == t.Put.crate_pk)
        .join(t.Sku, t.Sku.id == t.Put.sku_pk)
        .join(t.Community, t.Community.id == t.Put.community_pk)
        .where(t.Put.wave_pk == wave_pk, t.Put.undone_at.is_(None), t.Sku.sku_id == claim.sku_id)
        .order_by(t.Put.id.desc())
        .limit(1)
    )
    if claim.crate_id:
        row = s.execute(query.where(t.Crate.crate_id == claim.crate_id)).first()  # type: ignore[attr-defined]
        if row is not None:
            return row[0], row[1], row[2]
    row = s.execute(query.where(t.Community.community_id == claim.community_id)).first()  # type: ignore[attr-defined]
    return (row[0], row[1], row[2]) if row is not None else ("", "", "")


def recently_dispatched_waves(store: Store, days: int = 3) -> list[str]:
    """Waves with a route dispatched within the last `days` days (leaders claim the next day)."""
    since = datetime.now(UTC) - timedelta(days=days)
    with store.read() as s:
        return list(
            s.scalars(
                select(t.Wave.wave_id)
                .join(t.RouteDispatch, t.RouteDispatch.wave_pk == t.Wave.id)
                .where(t.RouteDispatch.departed_at >= since)
                .distinct()
            )
        )
