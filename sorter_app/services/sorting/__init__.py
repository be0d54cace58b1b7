"""Sorting: one scan at a station, its replay, and the crate plan made at import."""
