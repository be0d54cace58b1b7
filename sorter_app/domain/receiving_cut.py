"""The receiving cut time: after it, SKUs not yet received become shortages (late delivery)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def parse_cut_time(text: str) -> time | None:
    """'HH:MM' → time; empty → None (no cut time: a supervisor closes receiving)."""
    text = text.strip()
    if not text:
        return None
    hours, _, minutes = text.partition(":")
    try:
        return time(int(hours), int(minutes or 0))
    except ValueError as exc:
        raise ValueError(f"receiving cut time must be HH:MM, got {text!r}") from exc


def cut_moment(cutoff_at: datetime, cut: time, zone: ZoneInfo) -> datetime:
    """The first `cut` o'clock (hub time) after the wave's order cutoff.

    A night crosses midnight: with a 20:00 cutoff, a cut time of 23:30 is that evening and
    02:00 is the next morning.
    """
    local_cutoff = cutoff_at.astimezone(zone)
    moment = datetime.combine(local_cutoff.date(), cut, tzinfo=zone)
    if moment <= local_cutoff:
        moment += timedelta(days=1)
    return moment
