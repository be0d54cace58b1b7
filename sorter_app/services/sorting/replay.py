"""Feeding raw scans to a station: training mode, scripted tests, benchmarks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sorter_app.domain.decisions import Decision
from sorter_app.services.people.roster import known_worker
from sorter_app.services.sorting.scanning import ScanStation

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
    """One decision per input line, each yielded as soon as it is committed.

    Scans are recorded in `worker`'s name: a worker that does not exist is refused before any
    line is read (PeopleError `unknown_worker`)."""
    if worker:
        worker = known_worker(station.store, worker).code
    return _replay(station, lines, mode=mode, worker=worker, route=route)


def _replay(
    station: ScanStation,
    lines: Iterable[str],
    *,
    mode: str,
    worker: str,
    route: str | None,
) -> Iterator[Decision]:
    for line in lines:
        raw = line.rstrip("\r\n")
        match = _WITH_SEQ.fullmatch(raw)
        if match:
            yield station.scan(
                match.group(2), mode=mode, worker=worker, seq=int(match.group(1)), route=route
            )
        else:
            yield station.scan(raw, mode=mode, worker=worker, route=route)
