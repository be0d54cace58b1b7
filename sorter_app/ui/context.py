"""What every screen gets: the store, the settings, the app's events and its operations runner,
the platform and who is logged in, and the station's devices the main window owns.

Screens are constructed as `Screen(ctx: UiContext, parent=None)` and call services only. The
desktop app builds the context from the one wiring (`UiContext.from_core(bootstrap(...), ...)`);
tests build it from its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sorter_app.bootstrap import Core
from sorter_app.services.jobs import JobBoard
from sorter_app.services.people.roster import Person
from sorter_app.services.waves.platform_link import PlatformLink
from sorter_app.settings import Settings
from sorter_app.store.database import Store
from sorter_app.ui.events import AppEvents
from sorter_app.ui.operations import Operations
from sorter_app.ui.sound import NullSound, Sound
from sorter_app.ui.speech import NullSpeech, Speech

if TYPE_CHECKING:
    from sorter_app.ui.scanner.router import ScanRouter
    from sorter_app.ui.scanner.serial_reader import SerialReader
    from sorter_app.ui.scanner.wedge import WedgeFilter


@dataclass
class UiContext:
    store: Store
    settings: Settings  # as running: replaced when a supervisor saves new ones
    events: AppEvents
    ops: Operations
    platform_url: str | None = None  # overrides the settings' (the demo's simulator)
    platform_token: str | None = None  # None: looked up when the platform is used
    wave_id: str | None = None  # the wave the station works on
    worker: Person | None = None  # logged in by badge
    supervisor: Person | None = None  # unlocked by PIN
    # The station's devices, set up by the main window (silent and absent without one).
    sound: Sound = field(default_factory=NullSound)
    speech: Speech = field(default_factory=NullSpeech)
    scan_router: ScanRouter | None = None
    wedge: WedgeFilter | None = None
    serial_reader: SerialReader | None = None
    # What the background jobs last did (sorter_app.ui.background writes, the screens read).
    jobs: JobBoard = field(default_factory=JobBoard)

    @classmethod
    def from_core(cls, core: Core, events: AppEvents, ops: Operations) -> UiContext:
        return cls(
            store=core.store,
            settings=core.settings,
            events=events,
            ops=ops,
            platform_url=core.platform.url or None,
            platform_token=core.platform.token,
        )

    @property
    def platform(self) -> PlatformLink:
        """The platform as things stand now (URL and token change when settings are saved)."""
        return PlatformLink.from_settings(
            self.settings, url=self.platform_url, token=self.platform_token
        )

    @property
    def core(self) -> Core:
        """The services' parts over this context's store, settings and platform as they are now."""
        return Core(self.settings, self.store, self.platform)
