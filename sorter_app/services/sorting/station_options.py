"""Station options from the hub's settings."""

from __future__ import annotations

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.domain.barcodes import ScanConfig
from sorter_app.domain.receiving_cut import parse_cut_time
from sorter_app.services.sorting.scanning import StationOptions
from sorter_app.settings import Settings


def station_options(settings: Settings) -> StationOptions:
    config = (
        ScanConfig(weight_flags=frozenset(settings.weight_flags))
        if settings.weight_flags
        else ScanConfig()
    )
    return StationOptions(
        shortage_policy=ShortagePolicy(settings.shortage_policy),
        allow_sort_before_receiving=settings.allow_sort_before_receiving,
        scan_config=config,
        receiving_cut=parse_cut_time(settings.receiving_cut_time),
        zone=settings.zone,
        undo_grace_s=float(settings.undo_grace_s),
    )
