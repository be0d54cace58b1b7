"""Receiving closes at the cut time even when nobody scans: the app's timer calls
`close_at_cut` (a station's next scan would close it too; whichever comes first closes it once).

With the cut time in the settings (`receiving_cut_time`, hub time), every wave still open for
receiving whose cut moment (domain.receiving_cut.cut_moment) has passed is closed with the cause
`cut_time`: what has not arrived becomes a late-delivery shortage. Closing is idempotent, so
several PCs running this timer close each wave once.
"""

from __future__ import annotations

import logging

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.domain.receiving_cut import cut_moment, parse_cut_time
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.jobs import cut_is_due
from sorter_app.services.receiving.shortages import close_receiving
from sorter_app.settings import Settings
from sorter_app.store.database import Store
from sorter_app.store.receiving_cut_repo import waves_open_for_receiving

log = logging.getLogger(__name__)


def close_at_cut(store: Store, settings: Settings, clock: Clock = utc_now) -> list[str]:
    """Close receiving of the waves whose cut moment has passed; returns the waves closed now
    (none without a cut time in the settings)."""
    cut = parse_cut_time(settings.receiving_cut_time)
    if cut is None:
        return []
    now = clock()
    with store.read() as session:
        open_waves = waves_open_for_receiving(session)
    closed: list[str] = []
    for wave_id, cutoff_at in open_waves:
        if not cut_is_due(cut_moment(cutoff_at, cut, settings.zone), now):
            continue
        result = close_receiving(
            store,
            wave_id,
            cause="cut_time",
            policy=ShortagePolicy(settings.shortage_policy),
            clock=clock,
        )
        if not result.already_closed:
            log.info("receiving of %s closed at the cut time: %s", wave_id, result)
            closed.append(wave_id)
    return closed
