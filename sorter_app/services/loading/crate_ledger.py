"""The reusable-crate ledger (周转箱台账): crates go out to each leader with a dispatch and come back
on a later delivery; the load sheet says how many to collect."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sorter_app.domain.barcodes import CrateCode, parse_scan
from sorter_app.domain.errors import UserFacingError
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.views import crate_ledger_view
from sorter_app.store import crate_ledger_repo, crates_repo
from sorter_app.store.database import Store


@dataclass(frozen=True)
class LeaderHolding:
    leader_id: str
    community_id: str
    leader_name: str
    out: int
    back: int
    already_back: bool = False  # return_crate: this crate's return was recorded before

    @property
    def held(self) -> int:
        return self.out - self.back


def return_crate(store: Store, scanned: str, clock: Clock = utc_now) -> LeaderHolding:
    """A crate back from a leader, identified by its old label (scan code, crate ID or QR)."""
    code = parse_scan(scanned)
    if not isinstance(code, CrateCode):
        raise UserFacingError("请扫描周转箱上的筐贴", "Scan the crate's label", code="not_a_crate")
    with store.write() as s:
        if code.kind == "scan_code":
            crate_id = crates_repo.crate_id_of_scan_code(s, code.value)
        else:
            crate_id = crates_repo.crate_id_as_read(s, code.crate_id or code.value)
        if crate_id is None:
            raise UserFacingError(
                f"不认识的筐：{code.value}", f"Unknown crate: {code.value}", code="unknown_crate"
            )
        out = crate_ledger_repo.sent_out_to(s, crate_id)
        if out is None:
            raise UserFacingError(
                "这个筐没有发出记录", "This crate was never sent out", code="crate_not_out"
            )
        already_back = crate_ledger_repo.came_back(s, crate_id)
        if not already_back:
            crate_ledger_repo.record_return(s, out[0], out[1], crate_id, clock())
    holding = next(h for h in holdings(store) if h.leader_id == out[0])
    return replace(holding, already_back=already_back)


def holdings(store: Store) -> list[LeaderHolding]:
    """What each leader holds: crates out minus crates back."""
    with store.read() as s:
        totals = crate_ledger_repo.totals_by_leader(s)
    return [
        LeaderHolding(row.leader_id, row.community_id, row.leader_name, row.out, row.back)
        for row in totals
    ]


def held_by_community(store: Store) -> dict[str, int]:
    """Crates each community's leader still holds: what the load sheet asks the driver to collect
    (one function for the sheet and the returns screen's ledger: the read view's)."""
    return crate_ledger_view.held_by_community(store)
