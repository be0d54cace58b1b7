"""The worker's station screen and the pages around it (command and badge cards)."""

from sorter_app.ui.station.screen import StationScreen

__all__ = ["StationScreen"]
