"""Printing as the print centre, the crates screen and the set-up wizard use it: printer
profiles in the settings file (`[printers.NAME]`, printers.profiles), test labels, reprints,
the print queue and the label preview.

The queue, test and reprint functions live in sorter_app.services.printing; a build without it
says printing is unavailable instead of failing to open the screens.
"""

from __future__ import annotations

import importlib
import os
import re
import tomllib
from collections.abc import Callable
from typing import Any

from printers.model import DPIS, LABEL_SIZES, CrateLabel, media
from printers.profiles import LANGUAGES as PROFILE_LANGUAGES
from printers.profiles import PrinterProfile, parse_profile, parse_profiles, profile_table
from printers.transports import TRANSPORT_KINDS
from sorter_app.domain.errors import UserFacingError
from sorter_app.settings import Settings, settings_path

LANGUAGES = tuple(lang for lang in PROFILE_LANGUAGES if lang != "pdf")  # label printers
SIZES = tuple(LABEL_SIZES)
TRANSPORTS = tuple(TRANSPORT_KINDS)
DPI_CHOICES = tuple(DPIS)


class PrintingUnavailable(UserFacingError):
    code = "printing_unavailable"

    def __init__(self, what: str) -> None:
        super().__init__(
            f"本版本尚不能使用打印功能：{what}",
            f"This build cannot do this yet (printing service missing): {what}",
        )


# --- printer profiles in the settings file ------------------------------------------------------


def printer_profiles(settings: Settings) -> tuple[PrinterProfile, ...]:
    """The printers of the settings file (PrinterProfileError when one is malformed)."""
    path = settings_path(settings.paths)
    if not path.exists():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return parse_profiles(data.get("printers", {}), str(path))


def profile_from(values: dict[str, Any]) -> PrinterProfile:
    """A profile from form values (`name` plus profile fields), checked like the file's."""
    values = dict(values)
    name = str(values.pop("name", ""))
    return parse_profile(name, values)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _without_table(text: str, name: str) -> str:
    header = re.compile(rf"^\s*\[\s*printers\s*\.\s*{re.escape(name)}\s*\]")
    kept, skipping = [], False
    for line in text.splitlines():
        if re.match(r"^\s*\[", line):
            skipping = bool(header.match(line))
        if not skipping:
            kept.append(line)
    return "\n".join(kept).rstrip()


def save_printer(settings: Settings, profile: PrinterProfile) -> None:
    """Add or replace `[printers.NAME]` in the settings file, leaving the rest as it was."""
    path = settings_path(settings.paths)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = [f"[printers.{profile.name}]"]
    table = {"language": profile.language, "address": profile.address, **profile_table(profile)}
    lines += [f"{key} = {_toml(value)}" for key, value in table.items()]
    new = (_without_table(text, profile.name) + "\n\n" + "\n".join(lines) + "\n").lstrip()
    parse_profiles(tomllib.loads(new).get("printers", {}), str(path))  # refuse a bad file
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(path.name + ".new")
    draft.write_text(new, encoding="utf-8")
    os.replace(draft, path)


# --- test label and preview ---------------------------------------------------------------------


def print_test_label(store: Any, profile: PrinterProfile) -> str:
    """Send one test label to the printer now (the printing service records it as a test job);
    returns where it went, or raises the printer's error (PrinterUnavailable, ...)."""
    result = require("print_test_label")(store, profile)
    if not result.ok:
        raise result.error
    return str(result.where)


def preview_png(label: CrateLabel, size: str, dpi: int) -> bytes:
    from printers.render.png import render_png

    return render_png(label, media(size, dpi))


# --- the print queue (sorter_app.services.printing) ----------------------------------------------


# Which module of the sorter_app.services.printing package holds each function the screens use.
_SERVICE_MODULES = {
    "jobs": "print_queue",
    "cancel": "print_queue",
    "retry": "print_queue",
    "print_test_label": "printer_test",
    "reprint_crate_label": "label_reprints",
}


def service(name: str) -> Callable[..., Any] | None:
    """A function of sorter_app.services.printing, if this build has it."""
    try:
        module = importlib.import_module(
            f"sorter_app.services.printing.{_SERVICE_MODULES.get(name, 'print_queue')}"
        )
    except ModuleNotFoundError:
        return None
    function = getattr(module, name, None)
    return function if callable(function) else None


def require(name: str) -> Callable[..., Any]:
    function = service(name)
    if function is None:
        raise PrintingUnavailable(name)
    return function
