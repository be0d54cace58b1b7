"""Leaders' claims after delivery (少货/错货/破损), pulled from the platform and linked to the crate,
station and worker that put the goods: the missorts that escaped the hub."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sorter_app.domain.claims import Claim
from sorter_app.store import claims_repo, dispatch_repo
from sorter_app.store.database import Store
from sorter_app.store.wave_lookup import wave_pk_of


class ClaimSource(Protocol):
    def claims(self, wave_id: str) -> Iterable[Claim]: ...


def pull_claims(store: Store, client: ClaimSource, wave_id: str) -> int:
    """Fetch the wave's claims (only once something was dispatched); returns how many are new."""
    with store.read() as s:
        wave_pk = wave_pk_of(s, wave_id)
        dispatched = dispatch_repo.any_dispatched(s, wave_pk)
    if not dispatched:
        return 0
    claims = list(client.claims(wave_id))
    new = 0
    with store.write() as s:
        known = claims_repo.known_claim_ids(s, wave_pk)
        for claim in claims:
            if claim.claim_id in known:
                continue
            claims_repo.add_claim(s, wave_pk, claim, claims_repo.origin_of(s, wave_pk, claim))
            known.add(claim.claim_id)
            new += 1
    return new


def recently_dispatched_waves(store: Store, days: int = 3) -> list[str]:
    """Waves with a route dispatched within the last `days` days (leaders claim the next day)."""
    since = datetime.now(UTC) - timedelta(days=days)
    with store.read() as s:
        return dispatch_repo.waves_dispatched_since(s, since)
