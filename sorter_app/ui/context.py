"""What every screen gets: the store, the settings, the app's events and its operations runner.

Screens are constructed as `Screen(ctx: UiContext, parent=None)` and call services only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sorter_app.settings import Settings
from sorter_app.store.database import Store
from sorter_app.ui.events import AppEvents
from sorter_app.ui.operations import Operations


@dataclass
class UiContext:
    store: Store
    settings: Settings
    events: AppEvents
    ops: Operations
    platform_url: str | None = None
    platform_token: str | None = None
    wave_id: str | None = None  # the wave the station works on
    # The logged-in worker and an unlocked supervisor (sorter_app.services.people.Person).
    worker: Any = None
    supervisor: Any = None
    extras: dict[str, Any] = field(default_factory=dict)
