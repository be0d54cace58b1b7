"""Feeding raw scans to a station: training mode, scripted tests, benchmarks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sorter_app.domain.decisions import Decision
from sorter_app.services.scanning import ScanStation

# `@SEQ code`: a scan sent again with its sequence number answers its original decision.
_WITH_SEQ = re.compile(r"@(\d{1,9}) (.*)", re.DOTALL)


def replay_lines(
    station: ScanStation,
    lines: Iterable[str],
    *,
    mode: str,
    worker: str = "",
    route: str | None = None,
) -> Iterator[Decision]:
    """One decision per input line, each yielded as soon as it is committed."""
    for line in lines:
        raw = line.rstrip("\r\n")
        match = _WITH_SEQ.fullmatch(raw)
        if match:
            yield station.scan(
                match.group(2), mode=mode, worker=worker, seq=int(match.group(1)), route=route
            )
        else:
            yield station.scan(raw, mode=mode, worker=worker, route=route)
