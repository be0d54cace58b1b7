"""Reusable pieces of the supervisor screens: the table toolkit (rows model with state, progress
and number columns, sorting and search; chips and progress delegates; a list panel with a search
box and an empty state), one palette of tones, and the pinyin search keys.

The package imports nothing itself, so `search_keys` stays usable (and testable) without Qt.
"""
