"""Printing as the print centre, the crates screen and the set-up wizard use it: the printer
profiles of the settings file (`[printers.NAME]`, printers.profiles), the choices a printer form
offers, a test label and the label preview.

The queue, test labels and reprints are sorter_app.services.printing's; the settings file is
written by the one save of sorter_app.settings (a printer is added with `Settings.with_printer`).
"""

from __future__ import annotations

from typing import Any

from printers.model import DPIS, LABEL_SIZES, CrateLabel, media
from printers.profiles import LANGUAGES as PROFILE_LANGUAGES
from printers.profiles import PrinterProfile, parse_profile
from printers.render.png import render_png
from printers.transports import TRANSPORT_KINDS
from sorter_app.services.printing import printer_test
from sorter_app.settings import Settings, load_settings, settings_path
from sorter_app.store.database import Store

LANGUAGES = tuple(lang for lang in PROFILE_LANGUAGES if lang != "pdf")  # label printers
SIZES = tuple(LABEL_SIZES)
TRANSPORTS = tuple(TRANSPORT_KINDS)
DPI_CHOICES = tuple(DPIS)


def printer_profiles(settings: Settings) -> tuple[PrinterProfile, ...]:
    """The printers of the settings file as it is now, a printer added by hand since the app
    started included (SettingsError or PrinterProfileError when the file is malformed)."""
    return load_settings(settings_path(settings.paths), env={}).printers


def profile_from(values: dict[str, Any]) -> PrinterProfile:
    """A profile from form values (`name` plus profile fields), checked like the file's."""
    values = dict(values)
    name = str(values.pop("name", ""))
    return parse_profile(name, values)


def print_test_label(store: Store, profile: PrinterProfile) -> str:
    """Send one test label to the printer now (the printing service records it as a test job);
    returns where it went, or raises the printer's error (PrinterUnavailable, ...)."""
    result = printer_test.print_test_label(store, profile)
    if result.error is not None:
        raise result.error
    return result.where


def preview_png(label: CrateLabel, size: str, dpi: int) -> bytes:
    return render_png(label, media(size, dpi))
