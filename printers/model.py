"""What is printed on a crate label, independent of printer language and size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Zone(StrEnum):
    AMBIENT = "ambient"
    CHILLED = "chilled"
    FROZEN = "frozen"


ZONE_TEXT_ZH = {Zone.AMBIENT: "常温", Zone.CHILLED: "冷藏", Zone.FROZEN: "冷冻"}


@dataclass(frozen=True, slots=True)
class CrateLabel:
    """One crate's label. `label_version` > 1 means a reprint (补打), which the label shows."""

    crate_id: str  # the long ID, in the QR and in dispatches
    scan_code: str  # the short code, in the Code128
    qr_payload: str  # HSQR1|crate_id|wave_id|community_id|n/m|units
    wave_id: str
    delivery_date: date
    community_id: str
    community_name: str
    leader_name: str
    leader_phone_masked: str  # 138****5678
    pickup_address: str
    route_id: str
    route_name: str
    stop_seq: int
    crate_seq: int
    crate_count: int
    extra: bool  # opened beyond the plan (加筐)
    zone: Zone
    units: int
    lines: int  # distinct SKUs in the crate
    label_version: int = 1

    @property
    def reprint(self) -> bool:
        return self.label_version > 1


@dataclass(frozen=True, slots=True)
class LabelMedia:
    """A label size at a printer resolution; dots are whole printer dots."""

    width_mm: int
    height_mm: int
    dpi: int

    @property
    def dots_per_mm(self) -> float:
        return self.dpi / 25.4

    def dots(self, mm: float) -> int:
        return round(mm * self.dots_per_mm)

    @property
    def width_dots(self) -> int:
        return self.dots(self.width_mm)

    @property
    def height_dots(self) -> int:
        return self.dots(self.height_mm)


LABEL_SIZES = {"100x100": (100, 100), "60x40": (60, 40)}
DPIS = (203, 300)


def media(size: str, dpi: int) -> LabelMedia:
    """The media for a size name ('100x100', '60x40') at 203 or 300 dpi."""
    if size not in LABEL_SIZES:
        raise ValueError(f"unknown label size {size!r}; choose one of {', '.join(LABEL_SIZES)}")
    if dpi not in DPIS:
        raise ValueError(f"unsupported resolution {dpi} dpi; choose 203 or 300")
    width, height = LABEL_SIZES[size]
    return LabelMedia(width, height, dpi)


def mask_phone(phone: str) -> str:
    """138****5678: enough for the driver to match, not enough to misuse."""
    digits = phone.strip()
    if len(digits) >= 8:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(len(digits) - 2, 0) + digits[-2:]
