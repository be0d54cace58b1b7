"""What each community is due of a SKU when it arrives short, never less than what is already in
its crates (a unit put is a unit delivered unless a supervisor pulls it back out)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sorter_app.domain.allocation import DemandLine, ShortagePolicy, allocate_shortage


@dataclass(frozen=True, slots=True)
class DueAllocation:
    dues: dict[str, int]  # community_id → units due
    shorted: dict[str, int]  # line_id → units that line goes without


def allocate_dues(
    lines: Sequence[DemandLine],
    available: int,
    policy: ShortagePolicy,
    put_by_community: Mapping[str, int] | None = None,
) -> DueAllocation:
    """Dues per community and shortage per line for `available` units.

    Units already put are protected: each community's earliest lines keep them, and the policy
    chooses who goes without among the rest.
    """
    put = dict(put_by_community or {})
    protected, open_lines = _protect_put_units(lines, put)
    free = available - sum(protected.values())
    if free <= 0:
        shorted = {line.line_id: line.qty for line in open_lines if line.qty}
    else:
        shorted = allocate_shortage([line for line in open_lines if line.qty], free, policy)
    dues: dict[str, int] = defaultdict(int)
    for line in lines:
        dues[line.community_id] += 0
    for line in open_lines:
        dues[line.community_id] += line.qty - shorted.get(line.line_id, 0)
    for community_id, units in protected.items():
        dues[community_id] += units
    return DueAllocation(dict(dues), shorted)


def _protect_put_units(
    lines: Sequence[DemandLine], put: Mapping[str, int]
) -> tuple[dict[str, int], list[DemandLine]]:
    """Take units already put off each community's earliest lines; return what is left open."""
    remaining = dict(put)
    protected: dict[str, int] = defaultdict(int)
    open_lines: list[DemandLine] = []
    for line in sorted(lines, key=lambda ln: (ln.placed_at, ln.order_id, ln.line_id)):
        keep = min(line.qty, remaining.get(line.community_id, 0))
        if keep:
            remaining[line.community_id] -= keep
            protected[line.community_id] += keep
        open_lines.append(replace(line, qty=line.qty - keep))
    return dict(protected), open_lines
