"""The reusable-crate ledger's rows (周转箱台账, crate_ledger): one row per crate out to a leader
with a dispatch (+1) and per crate back from them (-1). Services call these inside one unit of
work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from sorter_app.store import tables


@dataclass(frozen=True, slots=True)
class LeaderTotals:
    leader_id: str
    community_id: str
    leader_name: str
    out: int
    back: int


def record_crates_out(
    session: Session, wave_pk: int, crates_by_community: dict[str, list[str]], now: datetime
) -> None:
    """Inside the dispatch's transaction: each crate on the truck is now held by its leader."""
    leaders = dict(
        session.execute(
            select(tables.Community.community_id, tables.Community.leader_id).where(
                tables.Community.wave_pk == wave_pk,
                tables.Community.community_id.in_(list(crates_by_community)),
            )
        ).all()
    )
    for community_id, crate_ids in crates_by_community.items():
        for crate_id in crate_ids:
            session.add(
                tables.CrateLedgerEntry(
                    leader_id=leaders[community_id],
                    community_id=community_id,
                    wave_pk=wave_pk,
                    crate_id=crate_id,
                    qty=1,
                    created_at=now,
                )
            )


def sent_out_to(session: Session, crate_id: str) -> tuple[str, str] | None:
    """(leader ID, community ID) the crate went out to, None if it never went out."""
    row = session.execute(
        select(tables.CrateLedgerEntry.leader_id, tables.CrateLedgerEntry.community_id).where(
            tables.CrateLedgerEntry.crate_id == crate_id, tables.CrateLedgerEntry.qty > 0
        )
    ).first()
    return None if row is None else (row[0], row[1])


def came_back(session: Session, crate_id: str) -> bool:
    """Whether the crate's return is recorded already."""
    back = session.scalar(
        select(tables.CrateLedgerEntry.id).where(
            tables.CrateLedgerEntry.crate_id == crate_id, tables.CrateLedgerEntry.qty < 0
        )
    )
    return back is not None


def record_return(
    session: Session, leader_id: str, community_id: str, crate_id: str, now: datetime
) -> None:
    """The crate is back from the leader."""
    session.add(
        tables.CrateLedgerEntry(
            leader_id=leader_id,
            community_id=community_id,
            wave_pk=None,
            crate_id=crate_id,
            qty=-1,
            created_at=now,
        )
    )


def totals_by_leader(session: Session) -> list[LeaderTotals]:
    """Per leader, in leader ID order: crates out and crates back."""
    e = tables.CrateLedgerEntry
    rows = session.execute(
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
        session.execute(
            select(tables.Community.leader_id, func.max(tables.Community.leader_name)).group_by(
                tables.Community.leader_id
            )
        ).all()
    )
    return [
        LeaderTotals(leader, community, names.get(leader, ""), int(out or 0), int(back or 0))
        for leader, community, out, back in rows
    ]


def oldest_out_by_leader(session: Session) -> dict[str, datetime]:
    """Per leader still holding crates: when the oldest crate they hold went out."""
    e = tables.CrateLedgerEntry
    back = aliased(tables.CrateLedgerEntry)
    returned = select(back.id).where(back.crate_id == e.crate_id, back.qty < 0).exists()
    rows = session.execute(
        select(e.leader_id, func.min(e.created_at))
        .where(e.qty > 0, ~returned)
        .group_by(e.leader_id)
    ).all()
    return {leader: since for leader, since in rows if since is not None}
