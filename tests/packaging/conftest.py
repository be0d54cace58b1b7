"""The packaging tests use the UI tests' fixtures (a window over a small wave) for the about box."""

from tests.ui.conftest import clock, ui, ui_factory, vault, wave_store

__all__ = ["clock", "ui", "ui_factory", "vault", "wave_store"]
