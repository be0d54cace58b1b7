"""集单分拣台 Hub Sorter: sorting-hub software for community group-buying platforms."""

__version__ = "0.1.0"
