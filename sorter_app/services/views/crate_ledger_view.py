"""The reusable-crate ledger as the returns screen and the load sheet read it (周转箱台账): per
leader, crates out, back, still held, and since when the oldest one held went out. The load
sheet's "crates to collect" is `held_by_community` here: the same rows the screen shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sorter_app.store import crate_ledger_repo
from sorter_app.store.database import Store


@dataclass(frozen=True)
class LedgerRow:
    leader_id: str
    community_id: str
    leader_name: str
    out: int
    back: int
    oldest_out_at: datetime | None  # the oldest crate still held went out then; None if none held

    @property
    def held(self) -> int:
        return self.out - self.back

    def held_for_s(self, now: datetime) -> float | None:
        """How long the leader has held their oldest crate, None when they hold none."""
        if self.oldest_out_at is None or self.held <= 0:
            return None
        return max((now - self.oldest_out_at).total_seconds(), 0.0)


def ledger_rows(store: Store) -> list[LedgerRow]:
    """Every leader the ledger knows, in leader ID order."""
    with store.read() as s:
        totals = crate_ledger_repo.totals_by_leader(s)
        oldest = crate_ledger_repo.oldest_out_by_leader(s)
    return [
        LedgerRow(
            t.leader_id,
            t.community_id,
            t.leader_name,
            t.out,
            t.back,
            oldest.get(t.leader_id) if t.out > t.back else None,
        )
        for t in totals
    ]


def held_by_community(store: Store) -> dict[str, int]:
    """Crates each community's leader still holds: what the load sheet asks the driver to collect."""
    return {row.community_id: row.held for row in ledger_rows(store) if row.held > 0}
