"""Which crate a crate scan names: by its scan code or its long ID, in this wave."""

from __future__ import annotations

from sorter_app.domain.barcodes import CrateCode
from sorter_app.domain.decisions import Result, Shown
from sorter_app.domain.scan_facts import CrateFacts, ScanFacts
from sorter_app.domain.scan_outcome import Outcome, ScanContext, answer
from sorter_app.domain.station_state import Pending


def scanned_crate(
    ctx: ScanContext, facts: ScanFacts, pending: Pending, code: CrateCode
) -> CrateFacts | Outcome:
    """The crate, or the answer that there is none: a voided label, or an unknown crate."""
    if code.kind == "scan_code":
        crate = facts.crate_by_scan_code(code.value)
        if crate is None and facts.is_void_code(code.value):
            return answer(ctx, Result.VOID_LABEL, pending=pending, shown=Shown(code=code.value))
    else:
        crate = facts.crate_by_crate_id(code.crate_id or code.value)
    if crate is None or crate.wave_pk != facts.wave_pk:
        return answer(ctx, Result.UNKNOWN_CRATE, pending=pending, shown=Shown(code=code.value))
    return crate
