"""Injected failures: what a real platform, proxy or network does to a client now and then.

A spec such as `500:0.1,429:0.05,timeout:0.02,drop:0.02,truncate:0.02,dup:0.05` gives each kind
a probability per request:

- `500`, `503`, `429`: an error answer with the error body (503 and 429 with Retry-After);
- `timeout`: the answer comes only after `timeout_s`, longer than a client's read timeout;
- `drop`: the connection is closed without any answer;
- `truncate`: a 200 whose Content-Length promises the full body, then half of it and a close;
- `dup` (list pages only): a page starts with items already sent at the end of the previous page;
- `short` (list pages only): a page has fewer items than `limit` though more follow.

The failure kinds are exclusive (one draw per request, so their sum must not exceed 1); `dup` and
`short` are drawn independently. On POST and PUT a `500`, `drop` or `timeout` strikes either before
the request takes effect or after it was stored, as both happen in real life; a client must retry
with the same Idempotency-Key and be answered 200. Tests that need one exact failure queue it with
`FaultInjector.queue` instead of relying on chance.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

FAILURE_KINDS: Final = ("500", "503", "429", "timeout", "drop", "truncate")
PAGE_KINDS: Final = ("dup", "short")
KINDS: Final = FAILURE_KINDS + PAGE_KINDS
WRITE_METHODS: Final = ("POST", "PUT")
# Kinds that may strike after a write was stored; 429 and 503 refuse before doing anything.
_EITHER_SIDE: Final = ("500", "drop", "timeout")


@dataclass(frozen=True)
class FaultSpec:
    """Probabilities per fault kind, plus the knobs that make the faults quick in tests."""

    rates: Mapping[str, float] = field(default_factory=dict)
    seed: int = 0
    retry_after_s: int = 1
    timeout_s: float = 3.0

    def __post_init__(self) -> None:
        for kind, rate in self.rates.items():
            if kind not in KINDS:
                raise ValueError(f"unknown fault kind {kind!r}: expected one of {', '.join(KINDS)}")
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"fault {kind}: probability must be between 0 and 1, got {rate}")
        total = sum(rate for kind, rate in self.rates.items() if kind in FAILURE_KINDS)
        if total > 1.0 + 1e-9:
            raise ValueError(
                f"the probabilities of {', '.join(FAILURE_KINDS)} add up to {total:g}, more than 1"
            )
        if self.retry_after_s < 0:
            raise ValueError(f"retry_after_s must not be negative, got {self.retry_after_s}")
        if self.timeout_s <= 0:
            raise ValueError(f"timeout_s must be positive, got {self.timeout_s}")

    @classmethod
    def parse(
        cls, text: str, *, seed: int = 0, retry_after_s: int = 1, timeout_s: float = 3.0
    ) -> FaultSpec:
        """`"500:0.1,dup:0.05"` → FaultSpec; ValueError saying what is wrong with the text."""
        rates: dict[str, float] = {}
        for raw_item in text.split(","):
            item = raw_item.strip()
            if not item:
                continue
            kind, sep, raw_rate = item.partition(":")
            kind, raw_rate = kind.strip(), raw_rate.strip()
            if not sep or not raw_rate:
                raise ValueError(
                    f"fault {item!r} in {text!r}: expected KIND:PROBABILITY, e.g. 500:0.1"
                )
            if kind in rates:
                raise ValueError(f"fault kind {kind!r} given twice in {text!r}")
            try:
                rate = float(raw_rate)
            except ValueError:
                raise ValueError(
                    f"fault {item!r} in {text!r}: {raw_rate!r} is not a probability"
                ) from None
            rates[kind] = rate
        return cls(rates=rates, seed=seed, retry_after_s=retry_after_s, timeout_s=timeout_s)

    def __str__(self) -> str:
        return ",".join(f"{kind}:{rate:g}" for kind, rate in self.rates.items())


@dataclass(frozen=True)
class Fault:
    """One failure to inflict; `after` means once the request has taken effect."""

    kind: str
    after: bool = False


@dataclass
class _Queued:
    kind: str
    after: bool | None
    method: str | None
    path: str | None
    count: int

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or self.path in path
        )


class FaultInjector:
    """Decides, per request, which fault (if any) strikes. Thread-safe."""

    def __init__(self, spec: FaultSpec | None = None) -> None:
        self._lock = threading.Lock()
        self._spec = spec or FaultSpec()
        self._rng = random.Random(self._spec.seed)
        self._queue: list[_Queued] = []
        self.counts: dict[str, int] = {}

    @property
    def spec(self) -> FaultSpec:
        return self._spec

    def set_spec(self, spec: FaultSpec) -> None:
        with self._lock:
            self._spec = spec
            self._rng = random.Random(spec.seed)

    def queue(
        self,
        kind: str,
        *,
        after: bool | None = None,
        method: str | None = None,
        path: str | None = None,
        count: int = 1,
    ) -> None:
        """Inflict `kind` on the next `count` requests matching `method` and containing `path`.

        `after` (writes only) strikes once the request took effect; None decides as chance would.
        Queued faults come before random ones.
        """
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}: expected one of {', '.join(KINDS)}")
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        with self._lock:
            self._queue.append(
                _Queued(kind, after, method.upper() if method else None, path, count)
            )

    def queued(self) -> list[dict[str, object]]:
        with self._lock:
            return [dict(vars(q)) for q in self._queue]

    def draw(self, method: str, path: str) -> Fault | None:
        """The failure (not page-shaping) fault for this request, if any."""
        with self._lock:
            kind, after = self._take_queued(method, path, FAILURE_KINDS)
            if kind is None:
                kind = self._random_failure()
            if kind is None:
                return None
            self.counts[kind] = self.counts.get(kind, 0) + 1
            if kind == "truncate":
                return Fault(kind, after=True)  # it needs the answer's body
            if method not in WRITE_METHODS or kind not in _EITHER_SIDE:
                return Fault(kind, after=False)
            if after is None:
                after = self._rng.random() < 0.5
            return Fault(kind, after=after)

    def shape_page(self, method: str, path: str, offset: int, limit: int) -> tuple[int, int]:
        """(start, count) for a list page asked for at `offset` with `limit`, after dup/short."""
        with self._lock:
            start, count = offset, limit
            # Only a later page can repeat; and it must still make progress, or paging never ends.
            if offset > 0 and limit > 1 and self._page_fault("dup", method, path):
                start -= min(self._rng.randint(1, 3), offset, limit - 1)
                self.counts["dup"] = self.counts.get("dup", 0) + 1
            if self._page_fault("short", method, path) and limit > 1:
                count = self._rng.randint(1, limit - 1)
                self.counts["short"] = self.counts.get("short", 0) + 1
            return start, count

    def _page_fault(self, kind: str, method: str, path: str) -> bool:
        queued, _after = self._take_queued(method, path, (kind,))
        if queued is not None:
            return True
        rate = self._spec.rates.get(kind, 0.0)
        return rate > 0 and self._rng.random() < rate

    def _take_queued(
        self, method: str, path: str, kinds: tuple[str, ...]
    ) -> tuple[str | None, bool | None]:
        for entry in self._queue:
            if entry.kind in kinds and entry.matches(method, path):
                entry.count -= 1
                if entry.count == 0:
                    self._queue.remove(entry)
                return entry.kind, entry.after
        return None, None

    def _random_failure(self) -> str | None:
        rates = self._spec.rates
        if not any(rates.get(kind) for kind in FAILURE_KINDS):
            return None
        roll = self._rng.random()
        for kind in FAILURE_KINDS:
            roll -= rates.get(kind, 0.0)
            if roll < 0:
                return kind
        return None
