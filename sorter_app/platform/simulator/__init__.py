"""The platform simulator: a real HTTP server that implements the platform API contract
(/work/shared/platform-api.md), with generated waves, idempotent reports and dispatches, injected
faults, and control endpoints for tests.

    sim = Simulator(seed=1, communities=120, skus=200, lines=8000)
    with SimulatorServer(sim, faults=FaultSpec.parse("500:0.1,dup:0.05")) as server:
        ...  # a client talks to server.url; the test inspects sim.reports(wave_id)
"""

from __future__ import annotations

from sorter_app.platform.simulator.errors import (
    BadRequest,
    Conflict,
    NotFound,
    SimulatorError,
    Unprocessable,
)
from sorter_app.platform.simulator.faults import FaultInjector, FaultSpec
from sorter_app.platform.simulator.generator import (
    ean13_check_digit,
    generate_wave,
    generate_wave_data,
    wave_id_for,
)
from sorter_app.platform.simulator.server import SimulatorServer
from sorter_app.platform.simulator.state import DELETE, Simulator
from sorter_app.platform.simulator.volume import VolumePattern

__all__ = [
    "DELETE",
    "BadRequest",
    "Conflict",
    "FaultInjector",
    "FaultSpec",
    "NotFound",
    "Simulator",
    "SimulatorError",
    "SimulatorServer",
    "Unprocessable",
    "VolumePattern",
    "ean13_check_digit",
    "generate_wave",
    "generate_wave_data",
    "wave_id_for",
]
