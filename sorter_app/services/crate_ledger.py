"""The reusable-crate ledger (周转箱台账): crates go out to each leader with a dispatch and come back
on a later delivery; the load sheet says how many to collect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from sorter_app.domain.barcodes import CrateCode, parse_scan
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.store import tables as t
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import crate_by_crate_id


@dataclass(frozen=True)
class LeaderHolding:
    leader_id: str
    community_id: str
    leader_name: str
    out: int
    back: int

    @property
    def held(self) -> int:
        return self.out - self.back


def record_crates_out(
    session: Session, wave_pk: int, crates_by_community: dict[str, list[str]], now: datetime
) -> None:
    """Inside the dispatch's transaction: each crate on the truck is now held by its leader."""
    leaders = dict(
        session.execute(
            select(t.Community.community_id, t.Community.leader_id).where(
                t.Community.wave_pk == wave_pk,
                t.Community.community_id.in_(list(crates_by_community)),
            )
        ).all()
    )
    for community_id, crate_ids in crates_by_community.items():
        for crate_id in crate_ids:
            session.add(
                t.CrateLedgerEntry(
                    leader_id=leaders[community_id],
                    community_id=community_id,
                    wave_pk=wave_pk,
                    crate_id=crate_id,
                    qty=1,
                    created_at=now,
                )
            )


def return_crate(store: Store, scanned: str, clock: Clock = utc_now) -> LeaderHolding:
    """A crate back from a leader, identified by its old label (scan code, crate ID or QR)."""
    code = parse_scan(scanned)
    if not isinstance(code, CrateCode):
        raise UserFacingError("请扫描周转箱上的筐贴", "Scan the crate's label", code="not_a_crate")
    with store.write() as s:
        if code.kind == "scan_code":
            crate_id = s.scalar(select(t.Crate.crate_id).where(t.Crate.scan_code == code.value))
        else:
            crate = crate_by_crate_id(s.connection(), code.crate_id or code.value)
            crate_id = crate.crate_id if crate else None
        if crate_id is None:
            raise UserFacingError(
                f"不认识的筐：{code.value}", f"Unknown crate: {code.value}", code="unknown_crate"
            )
        out = s.execute(
            select(t.CrateLedgerEntry.leader_id, t.CrateLedgerEntry.community_id).where(
                t.CrateLedgerEntry.crate_id == crate_id, t.CrateLedgerEntry.qty > 0
            )
        ).first()
        if out is None:
            raise UserFacingError(
                "这个筐没有发出记录", "This crate was never sent out", code="crate_not_out"
            )
        back = s.scalar(
            select(t.CrateLedgerEntry.id).where(
                t.CrateLedgerEntry.crate_id == crate_id, t.CrateLedgerEntry.qty < 0
            )
        )
        if back is None:
            s.add(
                t.CrateLedgerEntry(
                    leader_id=out[0],
                    community_id=out[1],
                    wave_pk=None,
                    crate_id=crate_id,
                    qty=-1,
                    created_at=clock(),
                )
            )
    return next(h for h in holdings(store) if h.leader_id == out[0])


def holdings(store: Store) -> list[LeaderHolding]:
    """What each leader holds: crates out minus crates back."""
    e = t.CrateLedgerEntry
    with store.read() as s:
        rows = s.execute(
            select(
                e.leader_id,
                func.max(e.community_id),
                func.sum(case((e.qty > 0, e.qty), else_=0)),
                func.sum(case((e.qty < 0, -e.qty), else_=0)),
            )
            .group_by(e.leader_id)
            .order_by(e.leader_id)
        ).all()
        names = dict(
            s.execute(
                select(t.Community.leader_id, func.max(t.Community.leader_name)).group_by(
                    t.Community.leader_id
                )
            ).all()
        )
    return [
        LeaderHolding(leader, community, names.get(leader, ""), int(out or 0), int(back or 0))
        for leader, community, out, back in rows
    ]


def held_by_community(store: Store) -> dict[str, int]:
    """Crates each community's leader still holds: what the load sheet asks the driver to collect."""
    return {h.community_id: h.held for h in holdings(store) if h.held > 0}
