"""The simulated platform's world: waves generated on demand, what hubs sent, what tests changed.

`Simulator` is what the HTTP server serves and what tests drive directly. Waves are generated the
first time anything asks for them (by delivery date or by wave id) from the seed, so a restart
regenerates identical data; everything else (received reports, dispatches, milestones, claims and
test mutations) is kept in the optional state file, rewritten atomically after each change.
All public methods are thread-safe (one lock; the server runs a thread per connection).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final

from sorter_app.platform.simulator import corruption, inbound
from sorter_app.platform.simulator.errors import BadRequest, Conflict, NotFound, Unprocessable
from sorter_app.platform.simulator.generator import (
    CHINA_TZ,
    MAX_WAVES_PER_DAY,
    copy_record,
    cutoff_for,
    generate_wave_data,
    iso,
)
from sorter_app.platform.simulator.id_styles import ID_STYLES
from sorter_app.platform.simulator.id_styles import id_style as make_id_style
from sorter_app.platform.simulator.persistence import load_state, save_state
from sorter_app.platform.simulator.volume import VolumePattern
from sorter_app.platform.simulator.wave_state import RECORD_KINDS, WaveState

DELETE: Final = corruption.DELETE
WAVE_STATUSES: Final = ("open", "closed", "cancelled")
INITIAL_STATUSES: Final = ("closed", "open", "auto")
CLAIM_KINDS: Final = ("missing", "wrong_item", "damaged", "extra")
LISTS: Final = ("communities", "skus", "orders", "claims")
_LISTS_CLOSED_ONLY: Final = ("communities", "skus", "orders")
_RECEIVED_KINDS: Final = ("reports", "dispatches")


def _real_now() -> datetime:
    return datetime.now(CHINA_TZ)


def canonical_json(body: object) -> str:
    """The same JSON value always gives the same text, whatever key order or spacing was sent."""
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class Simulator:
    """The platform's data and memory, behind one lock."""

    def __init__(
        self,
        *,
        seed: int = 1,
        hub_id: str = "HZ01",
        communities: int = 120,
        skus: int = 200,
        lines: int = 8000,
        waves_per_day: int = 1,
        state_file: str | Path | None = None,
        initial_status: str = "closed",
        clock: Callable[[], datetime] | None = None,
        id_style: str = "default",
        volume: VolumePattern | None = None,
    ) -> None:
        """`id_style` (one of id_styles.ID_STYLES) spells every ID but the hub's own. With a
        `volume` pattern each date's wave has its night's line count (weekdays and holidays
        differ; `lines` is then ignored) and its orders arrive along the night's curve."""
        if not hub_id or not hub_id.isascii() or "/" in hub_id:
            raise ValueError(f"hub_id must be plain ASCII without '/', got {hub_id!r}")
        if not 1 <= waves_per_day <= MAX_WAVES_PER_DAY:
            raise ValueError(f"waves_per_day must be 1..{MAX_WAVES_PER_DAY}, got {waves_per_day}")
        if initial_status not in INITIAL_STATUSES:
            raise ValueError(
                f"initial_status must be one of {INITIAL_STATUSES}, got {initial_status!r}"
            )
        if communities < 1 or skus < 1 or lines < 0:
            raise ValueError("communities and skus must be at least 1, lines at least 0")
        if id_style not in ID_STYLES:
            raise ValueError(f"id_style must be one of {', '.join(ID_STYLES)}, got {id_style!r}")
        self.id_style = id_style
        self.ids = make_id_style(id_style, seed=seed, hub_id=hub_id)
        self.ids.check(MAX_WAVES_PER_DAY)
        self.seed = seed
        self.hub_id = hub_id
        self.sizes = {"communities": communities, "skus": skus, "lines": lines}
        self.waves_per_day = waves_per_day
        self.volume = volume
        self.initial_status = initial_status
        self._clock = clock or _real_now
        self._fixed_now: datetime | None = None
        self._lock = threading.RLock()
        self._waves: dict[str, WaveState] = {}
        self._saved_waves: dict[str, dict[str, Any]] = {}  # loaded, for waves not generated yet
        self._received: dict[str, dict[str, dict[str, Any]]] = {k: {} for k in _RECEIVED_KINDS}
        self._next_claim = 1
        self._days_off: set[date] = set()
        self._state_file = Path(state_file) if state_file is not None else None
        if self._state_file is not None:
            self._load(self._state_file)

    # --- time ------------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._fixed_now or self._clock()

    def set_now(self, moment: datetime | None) -> None:
        """Freeze the platform's clock at `moment` (timezone-aware), or None to follow the clock."""
        if moment is not None and moment.tzinfo is None:
            raise ValueError("the simulator's time must be timezone-aware")
        with self._lock:
            self._fixed_now = moment

    # --- waves -----------------------------------------------------------------------------------

    def set_day_off(self, delivery_date: date) -> None:
        """No wave at all on this date (a holiday): the waves list answers empty."""
        with self._lock:
            self._days_off.add(delivery_date)

    def wave_ids_for(self, delivery_date: date) -> list[str]:
        if delivery_date in self._days_off:
            return []
        return [self.ids.wave_id(delivery_date, k) for k in range(1, self.waves_per_day + 1)]

    def wave_summaries(self, hub_id: str, delivery_date: date) -> list[dict[str, Any]]:
        """`GET /hubs/{hub}/waves?delivery_date=`: the day's waves, generated if need be."""
        if hub_id != self.hub_id:
            raise NotFound(f"no hub {hub_id} on this platform", code="hub_not_found")
        with self._lock:
            now = self.now()
            return [self._wave(w).summary(now) for w in self.wave_ids_for(delivery_date)]

    def wave_summary(self, wave_id: str) -> dict[str, Any]:
        with self._lock:
            return self._wave(wave_id).summary(self.now())

    def page(
        self, wave_id: str, kind: str, offset: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        """Items offset..offset+limit of one of a wave's lists, and the list's current length."""
        if kind not in LISTS:
            raise NotFound(f"no list {kind}")
        with self._lock:
            wave = self._wave(wave_id)
            if kind in _LISTS_CLOSED_ONLY and wave.status(self.now()) == "open":
                raise Conflict(
                    f"wave {wave_id} is still open: its {kind} are not final before cutoff",
                    code="wave_not_closed",
                )
            total = wave.list_length(kind)
            return wave.render(kind, offset, offset + limit), total

    def export_wave(self, wave_id: str) -> dict[str, Any]:
        """The whole wave as clients would now read it, in `generate_wave`'s shape."""
        with self._lock:
            wave = self._wave(wave_id)
            lists = {kind: wave.render(kind, 0, wave.list_length(kind)) for kind in LISTS}
            return {"wave": wave.summary(self.now()), **lists}

    def _wave(self, wave_id: str) -> WaveState:
        wave = self._waves.get(wave_id)
        if wave is not None:
            return wave
        delivery_date, wave_seq = self._parse_wave_id(wave_id)
        sizes = dict(self.sizes)
        if self.volume is not None:
            cutoff = cutoff_for(delivery_date, wave_seq)
            sizes["lines"] = self.volume.lines_for(cutoff, self.waves_per_day)
        data = generate_wave_data(
            seed=self.seed,
            hub_id=self.hub_id,
            delivery_date=delivery_date,
            wave_seq=wave_seq,
            id_style=self.ids,
            **sizes,
        )
        if self.volume is not None:
            data.order_placed = self.volume.placements(
                data.cutoff_at, data.window_start, data.line_start
            )
        wave = WaveState(data, self.initial_status)
        saved = self._saved_waves.pop(wave_id, None)
        if saved is not None:
            wave.restore(saved)
        self._waves[wave_id] = wave
        return wave

    def _parse_wave_id(self, wave_id: str) -> tuple[date, int]:
        """Wave ids name their date and sequence: any date's waves exist, as on a real platform."""
        parsed = self.ids.parse_wave_id(wave_id)
        if parsed is None or parsed[1] > self.waves_per_day:
            raise NotFound(f"no wave {wave_id}", code="wave_not_found")
        return parsed

    # --- what hubs send --------------------------------------------------------------------------

    def receive_report(
        self, wave_id: str, idempotency_key: str | None, body: object
    ) -> tuple[int, dict[str, Any]]:
        """`POST /waves/{id}/reports`: (201, answer) the first time, (200, same) on a repeat."""
        return self._receive(
            "reports", "report_id", inbound.check_report, wave_id, idempotency_key, body
        )

    def receive_dispatch(
        self, wave_id: str, idempotency_key: str | None, body: object
    ) -> tuple[int, dict[str, Any]]:
        """`POST /waves/{id}/dispatches`: idempotent like reports."""
        return self._receive(
            "dispatches", "dispatch_id", inbound.check_dispatch, wave_id, idempotency_key, body
        )

    def _receive(
        self,
        kind: str,
        id_field: str,
        check: Callable[[object, str, inbound.WaveFacts], None],
        wave_id: str,
        key: str | None,
        body: object,
    ) -> tuple[int, dict[str, Any]]:
        if not key:
            raise BadRequest(
                "the Idempotency-Key header is required", code="missing_idempotency_key"
            )
        with self._lock:
            wave = self._wave(wave_id)
            received = self._received[kind]
            entry = received.get(key)
            if entry is not None:
                if entry["wave_id"] == wave_id and canonical_json(entry["body"]) == canonical_json(
                    body
                ):
                    entry["attempts"] += 1
                    return 200, dict(entry["response"])
                raise Unprocessable(
                    f"Idempotency-Key {key} was already used with a different body",
                    code="idempotency_key_reused",
                )
            check(body, key, wave)
            response = {id_field: key, "status": "accepted"}
            received[key] = {
                "idempotency_key": key,
                "wave_id": wave_id,
                "body": body,
                "response": response,
                "received_at": iso(self.now()),
                "attempts": 1,
            }
            self._save()
            return 201, dict(response)

    def receive_hub_status(self, wave_id: str, body: object) -> None:
        """`PUT /waves/{id}/hub-status`: the first `at` of a stage counts; repeats are harmless."""
        with self._lock:
            wave = self._wave(wave_id)
            stage, at = inbound.check_hub_status(body)
            if stage not in wave.hub_status:
                wave.hub_status[stage] = at
                self._save()

    # --- changing the world (tests, control endpoints) -------------------------------------------

    def set_wave_status(self, wave_id: str, status: str) -> dict[str, Any]:
        """Open, close or cancel a wave; returns its new summary."""
        if status not in WAVE_STATUSES:
            raise BadRequest(
                f"status must be one of {WAVE_STATUSES}, got {status!r}", code="invalid_parameter"
            )
        with self._lock:
            wave = self._wave(wave_id)
            now = self.now()
            wave.status_override = status
            wave.touch(now)
            self._save()
            return wave.summary(now)

    def cancel_order(self, wave_id: str, order_id: str) -> dict[str, Any]:
        """Cancel one order after cutoff (its lines are then not to be delivered)."""
        with self._lock:
            wave = self._wave(wave_id)
            wave.order_position(order_id)
            wave.order_status[order_id] = "cancelled"
            return self._changed(wave, "order", order_id)

    def set_line_qty(self, wave_id: str, line_id: str, qty: int) -> dict[str, Any]:
        """Change one line's quantity (0 allowed, to make an invalid record); returns the order."""
        if type(qty) is not int or qty < 0:
            raise BadRequest(f"qty must be an integer >= 0, got {qty!r}", code="invalid_parameter")
        with self._lock:
            wave = self._wave(wave_id)
            order_id = wave.order_of_line(line_id)
            if order_id is None or wave.line(line_id) is None:
                raise NotFound(f"no line {line_id} in wave {wave_id}", code="line_not_found")
            wave.line_qty[line_id] = qty
            return self._changed(wave, "order", order_id)

    def add_order(
        self,
        wave_id: str,
        *,
        community_id: str,
        lines: Iterable[tuple[str, int] | Mapping[str, Any]],
        nickname: str = "新顾客",
        pickup_code: str | None = None,
        placed_at: datetime | None = None,
        status: str = "closed",
    ) -> dict[str, Any]:
        """Add an order at the end of the wave's order list; returns it as clients will see it."""
        if status not in ("closed", "cancelled"):
            raise BadRequest(
                f"order status must be closed or cancelled, got {status!r}",
                code="invalid_parameter",
            )
        with self._lock:
            wave = self._wave(wave_id)
            if not wave.has_community(community_id):
                raise Unprocessable(f"community {community_id} is not in wave {wave_id}")
            extra = len(wave.added_orders)
            order_id = wave.data.next_order_id(extra)
            order_lines = []
            for n, line in enumerate(lines, 1):
                sku_id, qty = (line["sku_id"], line["qty"]) if isinstance(line, Mapping) else line
                if not wave.has_sku(sku_id):
                    raise Unprocessable(f"SKU {sku_id} is not in wave {wave_id}")
                if type(qty) is not int or qty < 1:
                    raise BadRequest(
                        f"qty must be an integer >= 1, got {qty!r}", code="invalid_parameter"
                    )
                line_id = wave.data.line_id(order_id, n)
                order_lines.append({"line_id": line_id, "sku_id": sku_id, "qty": qty})
            if not order_lines:
                raise BadRequest("an order needs at least one line", code="invalid_parameter")
            cutoff = wave.data.cutoff_at
            moment = placed_at or min(
                max(self.now(), wave.data.window_start), cutoff - timedelta(seconds=1)
            )
            order = {
                "order_id": order_id,
                "community_id": community_id,
                "customer": {
                    "nickname": nickname,
                    "pickup_code": pickup_code or f"{(7919 * (extra + 1)) % 10000:04d}",
                },
                "placed_at": iso(moment),
                "status": status,
                "lines": order_lines,
            }
            wave.add_order(order)
            return self._changed(wave, "order", order_id)

    def corrupt_record(
        self, wave_id: str, kind: str, record_id: str, field: str, value_or_delete: object
    ) -> dict[str, Any]:
        """Set one field of one record to `value_or_delete`, or remove it with DELETE.

        `kind` is wave, community, sku, order or claim; `field` a path such as `leader.phone` or
        `lines[0].sku_id`. Returns the record as clients will now see it.
        """
        if kind not in RECORD_KINDS:
            raise BadRequest(
                f"kind must be one of {RECORD_KINDS}, got {kind!r}", code="invalid_parameter"
            )
        parts = corruption.split_path(field)
        corruption.check_value(value_or_delete)
        with self._lock:
            wave = self._wave(wave_id)
            trial = copy_record(wave.record(kind, record_id))
            corruption.apply(trial, parts, value_or_delete)  # refuses a path the record lacks
            wave.corruptions.setdefault((kind, record_id), []).append((field, value_or_delete))
            return self._changed(wave, kind, record_id)

    def add_claim(
        self,
        wave_id: str,
        *,
        community_id: str,
        sku_id: str,
        qty: int = 1,
        kind: str = "missing",
        crate_id: str | None = None,
        created_at: datetime | None = None,
    ) -> dict[str, Any]:
        """A leader's claim after delivery (少货/错货/破损), listed by `GET /waves/{id}/claims`."""
        if kind not in CLAIM_KINDS:
            raise BadRequest(
                f"kind must be one of {CLAIM_KINDS}, got {kind!r}", code="invalid_parameter"
            )
        if type(qty) is not int or qty < 1:
            raise BadRequest(f"qty must be an integer >= 1, got {qty!r}", code="invalid_parameter")
        with self._lock:
            wave = self._wave(wave_id)
            if not wave.has_community(community_id):
                raise Unprocessable(f"community {community_id} is not in wave {wave_id}")
            if not wave.has_sku(sku_id):
                raise Unprocessable(f"SKU {sku_id} is not in wave {wave_id}")
            if created_at is None:
                delivered = datetime.combine(wave.data.delivery_date, time(9, 0), CHINA_TZ)
                created_at = max(self.now(), delivered)
            claim: dict[str, Any] = {
                "claim_id": f"CL{self._next_claim:04d}",
                "community_id": community_id,
                "crate_id": crate_id,
                "sku_id": sku_id,
                "qty": qty,
                "kind": kind,
                "created_at": iso(created_at),
            }
            if crate_id is None:
                del claim["crate_id"]  # optional: the leader may not know the crate
            self._next_claim += 1
            wave.claims.append(claim)
            self._save()
            return dict(claim)

    def _changed(self, wave: WaveState, kind: str, record_id: str) -> dict[str, Any]:
        wave.touch(self.now())
        self._save()
        if kind == "order":
            return wave.order(wave.order_position(record_id))
        if kind == "wave":
            return wave.summary(self.now())
        return wave.render_record(kind, record_id)

    # --- what was received -----------------------------------------------------------------------

    def reports(self, wave_id: str) -> list[dict[str, Any]]:
        """Report bodies received for a wave, once each, in the order they first arrived."""
        return self._bodies("reports", wave_id)

    def dispatches(self, wave_id: str) -> list[dict[str, Any]]:
        return self._bodies("dispatches", wave_id)

    def _bodies(self, kind: str, wave_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [
                json.loads(canonical_json(e["body"]))
                for e in self._received[kind].values()
                if e["wave_id"] == wave_id
            ]

    def hub_status(self, wave_id: str) -> dict[str, str]:
        """Stage → the `at` first sent for it, in the order the stages arrived."""
        with self._lock:
            return dict(self._wave(wave_id).hub_status)

    def claims(self, wave_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(c) for c in self._wave(wave_id).claims]

    def received(self) -> dict[str, Any]:
        """Everything hubs sent, for `GET /_sim/received`: entries with attempts, and milestones."""
        with self._lock:
            out: dict[str, Any] = {
                kind: [json.loads(json.dumps(e)) for e in self._received[kind].values()]
                for kind in _RECEIVED_KINDS
            }
            hub_status = {
                w: dict(s["hub_status"])
                for w, s in self._saved_waves.items()
                if s.get("hub_status")
            }
            hub_status.update(
                {w: dict(s.hub_status) for w, s in self._waves.items() if s.hub_status}
            )
            out["hub_status"] = hub_status
            return out

    # --- persistence -----------------------------------------------------------------------------

    def _config(self) -> dict[str, Any]:
        config = {
            "seed": self.seed,
            "hub_id": self.hub_id,
            "waves_per_day": self.waves_per_day,
            **self.sizes,
        }
        if self.id_style != "default":  # state files of the default style stay as they were
            config["id_style"] = self.id_style
        if self.volume is not None:  # another pattern is another world: its state is not ours
            config["volume"] = {"base_lines": self.volume.base_lines, "seed": self.volume.seed}
        return config

    def _load(self, path: Path) -> None:
        state = load_state(path, self._config())
        if state is None:
            return
        self._saved_waves = dict(state.get("waves", {}))
        for kind in _RECEIVED_KINDS:
            self._received[kind] = dict(state.get("received", {}).get(kind, {}))
        self._next_claim = int(state.get("next_claim", 1))

    def _save(self) -> None:
        if self._state_file is None:
            return
        waves = dict(self._saved_waves)
        waves.update({w: wave.dump() for w, wave in self._waves.items() if wave.changed})
        state = {
            "config": self._config(),
            "waves": waves,
            "received": self._received,
            "next_claim": self._next_claim,
        }
        save_state(self._state_file, state)
