"""Generate the station's sounds into resources/sounds/ (deterministic: same bytes every run).

One sound per decision level, told apart by ear in a noisy hall:
prompt = one short beep, confirm = two rising tones, warning = a low buzz,
intercept = a loud, harsh, repeated two-tone alarm.

    .venv/bin/python tools/make_sounds.py [--out resources/sounds]
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from collections.abc import Callable, Iterable
from pathlib import Path

RATE = 44_100
Wave = Callable[[float], float]  # phase in cycles -> sample in [-1, 1]


def sine(phase: float) -> float:
    return math.sin(2 * math.pi * phase)


def square(phase: float) -> float:
    # A few odd harmonics rather than a true square: harsh, but without aliasing hiss.
    return sum(math.sin(2 * math.pi * k * phase) / k for k in (1, 3, 5, 7)) * 0.9


def tone(freq: float, ms: float, volume: float, shape: Wave = sine) -> list[float]:
    count = int(RATE * ms / 1000)
    fade = min(count // 2, int(RATE * 0.006))  # 6 ms ramps: no clicks at the edges
    samples = []
    for i in range(count):
        envelope = min(1.0, i / fade, (count - 1 - i) / fade) if fade else 1.0
        samples.append(volume * envelope * shape(freq * i / RATE))
    return samples


def silence(ms: float) -> list[float]:
    return [0.0] * int(RATE * ms / 1000)


def buzz(freq: float, ms: float, volume: float) -> list[float]:
    # A low square tone with a 25 Hz tremolo: reads as "something is off", not as "done".
    samples = tone(freq, ms, volume, square)
    return [
        s * (0.75 + 0.25 * math.sin(2 * math.pi * 25 * i / RATE)) for i, s in enumerate(samples)
    ]


def sounds() -> dict[str, list[float]]:
    alarm: list[float] = []
    for _ in range(3):
        alarm += tone(1400, 160, 0.95, square) + tone(950, 160, 0.95, square)
    return {
        "prompt": tone(1000, 110, 0.55),
        "confirm": tone(880, 90, 0.6) + silence(25) + tone(1320, 150, 0.6),
        "warning": buzz(180, 420, 0.8),
        "intercept": alarm,
    }


def write_wav(path: Path, samples: Iterable[float]) -> None:
    frames = b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * 32_000)) for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    default = Path(__file__).resolve().parents[1] / "resources" / "sounds"
    parser.add_argument("--out", type=Path, default=default)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, samples in sounds().items():
        write_wav(args.out / f"{name}.wav", samples)
        print(args.out / f"{name}.wav")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
