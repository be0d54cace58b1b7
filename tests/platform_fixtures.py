"""A real simulator on loopback for tests that talk HTTP to 'the platform'."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sorter_app.platform.client import PlatformClient
from sorter_app.platform.simulator import Simulator, SimulatorServer
from sorter_app.platform.simulator.faults import FaultSpec

DELIVERY = date(2026, 11, 27)
WAVE = "W20261127-HZ01"
TOKEN = "test-token"


@dataclass
class Platform:
    sim: Simulator
    server: SimulatorServer

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, **options: object) -> PlatformClient:
        """A client that does not really sleep between retries and gives up on slow reads fast."""
        options.setdefault("read_timeout", 1.0)
        options.setdefault("sleep", lambda _s: None)
        return PlatformClient(self.url, TOKEN, **options)  # type: ignore[arg-type]


@contextmanager
def running_platform(
    *,
    communities: int = 12,
    skus: int = 20,
    lines: int = 400,
    seed: int = 3,
    faults: str | None = None,
    **sim_options: object,
) -> Iterator[Platform]:
    sim = Simulator(seed=seed, communities=communities, skus=skus, lines=lines, **sim_options)  # type: ignore[arg-type]
    spec = FaultSpec.parse(faults, seed=seed, retry_after_s=1, timeout_s=2.0) if faults else None
    server = SimulatorServer(sim, token=TOKEN, faults=spec)
    server.start()
    try:
        yield Platform(sim, server)
    finally:
        server.stop()
