"""Platform clients for imports in a child process: picklable factories, imported by the child
(keep this module light: no Qt, no pytest)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sorter_app.domain.wave import WaveSnapshot, WaveSummary
from sorter_app.platform.client import PlatformClient
from sorter_app.services.waves.platform_link import PlatformLink, open_client


@dataclass(frozen=True)
class SlowPages:
    """The real client, each page `delay_s` late: the import stays in its fetch long enough for a
    test to cancel it or kill the process."""

    delay_s: float = 0.5

    def __call__(self, link: PlatformLink) -> _SlowClient:
        return _SlowClient(open_client(link, max_attempts=2), self.delay_s)


class _SlowClient:
    def __init__(self, client: PlatformClient, delay_s: float) -> None:
        self.client = client
        self.delay_s = delay_s

    def waves(self, hub_id: str, delivery_date: date) -> list[WaveSummary]:
        return self.client.waves(hub_id, delivery_date)

    def fetch_wave(
        self, wave_id: str, progress: Callable[[str, int, int | None], None] | None = None
    ) -> WaveSnapshot:
        def slowly(*page: Any) -> None:
            if progress is not None:
                progress(*page)
            time.sleep(self.delay_s)

        return self.client.fetch_wave(wave_id, slowly)

    def close(self) -> None:
        self.client.close()
