"""Waves: importing them from the platform or a file, the platform link, retention."""
