"""A late undo at receiving: past `undo_grace_s` the station answers `undo_needs_supervisor`, and
the station screen, after its PIN dialog (ui/unlock.py, which checks the PIN with
services/people/roster.py:verify_supervisor_pin), calls `undo_receipt_as` with the supervisor.

It is the same CMD-UNDO scan, decided by the same rules (domain/receiving.py:undo_receipt) in the
scan's one transaction, with the supervisor's code in its context: the receipt is taken back, the
dues are allocated again, and one audit record is written (action `receiving.late_undo`).
"""

from __future__ import annotations

from typing import Any

from sorter_app.domain.barcodes import Command
from sorter_app.domain.decisions import Decision
from sorter_app.services.people.supervisor_actions import require_supervisor
from sorter_app.services.sorting.scanning import ScanStation


def undo_receipt_as(station: ScanStation, supervisor: Any, *, worker: str = "") -> Decision:
    """Undo the station's last receipt whatever its age, in the supervisor's name (a verified
    `Person`; SupervisorRequired otherwise). Still refused once receiving of the SKU is closed."""
    code = require_supervisor(supervisor)
    return station.scan(Command.UNDO.value, mode="receive", worker=worker, supervised_by=code)
