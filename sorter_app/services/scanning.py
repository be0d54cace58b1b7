"""One scan = one service call = one transaction. The answer exists only after the commit.

`ScanStation` is what a station's screen, a serial scanner thread and `sorter-app replay` all
call. Every scan gets the station's next sequence number from the database; a scan sent again
with its sequence answers the original decision instead of acting twice.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, fields
from datetime import datetime, time
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.domain.barcodes import (
    BadgeCode,
    Command,
    CommandCode,
    CrateCode,
    PriceCode,
    ProductCode,
    Rejected,
    ScanConfig,
    WeightCode,
    parse_scan,
)
from sorter_app.domain.decisions import Decision, Result, level_for
from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.messages import message_for
from sorter_app.domain.receiving_cut import cut_moment
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.dues import finalise_shortages, refresh_dues
from sorter_app.services.reporting import maybe_sorted, queue_milestone, queue_scan_overage
from sorter_app.store import tables as t
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import (
    CommunityRow,
    CrateRow,
    SkuRow,
    SortingRepository,
    StationState,
    TaskRow,
)

log = logging.getLogger(__name__)

MODES = ("receive", "seed", "load")


class UnknownWave(UserFacingError):
    code = "unknown_wave"


@dataclass(frozen=True)
class StationOptions:
    shortage_policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST
    allow_sort_before_receiving: bool = False
    scan_config: ScanConfig = field(default_factory=ScanConfig)
    receiving_cut: time | None = None  # hub time; see domain.receiving_cut
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))


class ScanStation:
    def __init__(
        self,
        store: Store,
        *,
        wave_id: str,
        station_id: str,
        options: StationOptions | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.store = store
        self.station_id = station_id
        self.options = options or StationOptions()
        self.clock = clock
        with store.read() as session:
            row = session.execute(
                select(t.Wave.id, t.Wave.cutoff_at).where(t.Wave.wave_id == wave_id)
            ).first()
        if row is None:
            raise UnknownWave(
                f"本地没有波次 {wave_id}，请先导入", f"No local wave {wave_id}; import it first"
            )
        self.wave_id = wave_id
        self.wave_pk, cutoff_at = row
        self._milestones: set[str] = set()
        cut = self.options.receiving_cut
        self._receiving_cut_at = cut_moment(cutoff_at, cut, self.options.zone) if cut else None

    def scan(
        self,
        raw: str,
        *,
        mode: str,
        worker: str = "",
        seq: int | None = None,
        route: str | None = None,
    ) -> Decision:
        """Decide, record and commit one scan; returns the decision the screen shows.

        `route` is the truck being loaded, in mode `load`."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        if mode == "load" and not route:
            raise ValueError("mode 'load' needs the route being loaded")
        now = self.clock()
        if self._receiving_cut_at is not None and now >= self._receiving_cut_at:
            self._close_receiving_at_cut()
        with self.store.write() as session:
            repo = SortingRepository(session, self.wave_pk)
            station = repo.station(self.station_id, now)
            if seq is not None:
                earlier = repo.scan_decision(self.station_id, seq)
                if earlier is not None:
                    return Decision.from_stored(json.loads(earlier))
            seq = seq if seq is not None else station.last_seq + 1
            station.last_seq = max(station.last_seq, seq)
            scan_id = f"{self.station_id}-{seq:08d}"
            turn = _Turn(self, repo, station, mode, worker, scan_id, raw, now)
            turn.route = route
            try:
                decision = turn.decide()
            except BaseException:
                self._milestones.clear()  # what was queued in this transaction rolls back
                raise
            station.pending = json.dumps(turn.pending, ensure_ascii=False) if turn.pending else ""
            repo.save_station(station, now)
            repo.add_scan(
                scan_id=scan_id,
                station_id=self.station_id,
                seq=seq,
                worker=worker,
                mode=mode,
                raw=_printable(raw)[:400],
                result=decision.result.value,
                level=decision.level.value,
                sku_pk=turn.sku_pk,
                community_pk=turn.community_pk,
                crate_pk=turn.crate_pk,
                qty=decision.qty,
                decision=json.dumps(decision.stored(), ensure_ascii=False),
                created_at=now,
            )
        log.info(
            "scan %s %s %r -> %s %s", scan_id, mode, raw, decision.result.value, decision.qty or ""
        )
        return decision

    def milestone(self, session: Any, stage: str, now: datetime) -> None:
        """Queue a hub-status stage once; remembered per station to skip the look-up after."""
        if stage not in self._milestones:
            queue_milestone(session, self.wave_pk, self.wave_id, stage, now)
            self._milestones.add(stage)

    def _close_receiving_at_cut(self) -> None:
        """Past the cut time, what has not arrived is short (late delivery): close once."""
        from sorter_app.services.receiving import close_receiving

        closed = close_receiving(
            self.store,
            self.wave_id,
            cause="cut_time",
            policy=self.options.shortage_policy,
            clock=self.clock,
        )
        log.info("receiving of %s closed at the cut time: %s", self.wave_id, closed)
        self._receiving_cut_at = None

    def pending(self) -> dict[str, Any]:
        with self.store.read() as session:
            station = session.get(t.Station, self.station_id)
            return json.loads(station.pending) if station and station.pending else {}


class _Turn:
    """The work of one scan inside its transaction."""

    def __init__(
        self,
        station: ScanStation,
        repo: SortingRepository,
        row: StationState,
        mode: str,
        worker: str,
        scan_id: str,
        raw: str,
        now: datetime,
    ) -> None:
        self.station = station
        self.repo = repo
        self.mode = mode
        self.worker = worker
        self.scan_id = scan_id
        self.raw = raw
        self.now = now
        self.pending: dict[str, Any] = json.loads(row.pending) if row.pending else {}
        self.route: str | None = None
        self.sku_pk: int | None = None
        self.community_pk: int | None = None
        self.crate_pk: int | None = None

    # --- answers ---------------------------------------------------------------------------

    def answer(
        self,
        result: Result,
        *,
        qty: int | None = None,
        sku: SkuRow | None = None,
        crate: CrateRow | None = None,
        community_id: str | None = None,
        **details: Any,
    ) -> Decision:
        if sku is not None:
            self.sku_pk = sku.pk
            details.setdefault("sku_name", sku.name)
            details.setdefault("unit", sku.unit)
        if crate is not None:
            self.crate_pk = crate.pk
            self.community_pk = crate.community_pk
        zh, en = message_for(result, qty=qty, **details)
        return Decision(
            scan_id=self.scan_id,
            scan=self.raw,
            result=result,
            level=level_for(result, self.mode),
            message_zh=zh,
            message_en=en,
            community_id=community_id,
            crate_id=crate.crate_id if crate else None,
            crate_code=crate.scan_code if crate else None,
            sku_id=sku.sku_id if sku else None,
            qty=qty,
            details=details,
        )

    def decide(self) -> Decision:
        parsed = parse_scan(self.raw, self.station.options.scan_config)
        if isinstance(parsed, Rejected):
            return self.answer(
                Result.REJECTED,
                reason=parsed.reason_code,
                reason_zh=parsed.message_zh,
                reason_en=parsed.message_en,
            )
        if isinstance(parsed, CommandCode):
            return self.command(parsed.command)
        if isinstance(parsed, BadgeCode):
            return self.answer(Result.NOT_APPLICABLE, what="badge")
        if isinstance(parsed, PriceCode):
            return self.answer(Result.PRICE_LABEL)
        if isinstance(parsed, CrateCode):
            if self.mode == "receive":
                return self.answer(Result.NOT_APPLICABLE, what="crate")
            if self.mode == "load":
                return self.load(parsed)
            return self.crate_scan(parsed)
        if self.mode == "load":
            return self.answer(Result.NOT_APPLICABLE, what="product")
        sku, count, grams = self.resolve_product(parsed)
        if sku is None:
            self.pending.pop("damaged", None)
            return self.answer(Result.UNKNOWN_BARCODE, code=_code_of(parsed))
        if self.pending.get("damaged"):
            return self.record_damage(sku, count, grams)
        if self.mode == "receive":
            return self.receive(sku, count, grams)
        return self.seed(sku, grams)

    def resolve_product(
        self, parsed: ProductCode | WeightCode
    ) -> tuple[SkuRow | None, int, int | None]:
        if isinstance(parsed, WeightCode):
            return self.repo.sku_by_plu(parsed.plu), 1, parsed.grams
        return self.repo.sku_by_barcode(parsed.code), parsed.count, None

    # --- commands ----------------------------------------------------------------------------

    def command(self, command: Command) -> Decision:
        if command is Command.CANCEL:
            self.pending = {}
            return self.answer(Result.CANCELLED)
        if command is Command.LOGOUT:
            self.pending = {}
            return self.answer(Result.LOGGED_OUT)
        if command is Command.DAMAGED:
            self.pending = {"damaged": True}
            return self.answer(Result.DAMAGED_ARMED)
        if command is Command.UNDO:
            return self.undo()
        return self.crate_full()

    def undo(self) -> Decision:
        self.pending = {}
        put = self.repo.last_put(self.station.station_id)
        if put is None:
            return self.answer(Result.NOTHING_TO_UNDO)
        self.repo.undo_put(put, self.now)
        crate = self.repo.crate(put.crate_pk)
        community = self.repo.community(put.community_pk)
        return self.answer(
            Result.UNDONE,
            qty=put.qty,
            sku=self.repo.sku(put.sku_pk),
            crate=crate,
            community_id=community.community_id,
            community_name=community.name,
            crate_seq=crate.seq,
        )

    def crate_full(self) -> Decision:
        target = self.pending.get("put")
        if self.mode != "seed" or not target:
            return self.answer(Result.NOT_APPLICABLE, what="crate_full")
        full = CrateRow(*target["crate"])
        community = CommunityRow(*target["community"])
        self.repo.close_crate(full.pk, self.now)
        extra = self.repo.open_crate(
            full.community_pk,
            community.community_id,
            self.station.wave_id,
            full.temperature,
            extra=True,
            now=self.now,
        )
        self.repo.move_plan_left(full.pk, extra.pk)
        task = TaskRow(target["task_pk"], self.repo.task_remaining(target["task_pk"]), community)
        return self.offer(
            SkuRow(*target["sku"]), task, target.get("grams"), result=Result.CRATE_OPENED
        )

    # --- receiving ----------------------------------------------------------------------------

    def receive(self, sku: SkuRow, count: int, grams: int | None) -> Decision:
        if self.repo.receiving_closed(sku.pk):
            return self.answer(Result.RECEIVING_CLOSED, sku=sku)
        self.repo.add_receipt(
            sku_pk=sku.pk,
            kind="received",
            qty=count,
            grams=grams,
            scan_id=self.scan_id,
            station_id=self.station.station_id,
            worker=self.worker,
            created_at=self.now,
        )
        refresh_dues(self.repo, sku.pk, self.station.options.shortage_policy)
        self.station.milestone(self.repo.s, "receiving", self.now)
        ordered, _, _ = self.repo.sku_totals(sku.pk)
        received, damaged = self.repo.received_and_damaged(sku.pk)
        if sku.status == "cancelled_below_threshold":
            # Nothing of it is ordered, so every unit is overage the moment it is counted (an
            # active SKU's overage is known only at close): report it in this scan's transaction.
            station, wave_pk = self.station.station_id, self.station.wave_pk
            queue_scan_overage(self.repo.s, wave_pk, sku.pk, count, station, self.now)
            return self.answer(
                Result.NOT_TO_SORT,
                qty=count,
                sku=sku,
                received=received,
                grams=grams,
                below_threshold_received=True,
            )
        return self.answer(
            Result.RECEIVED,
            qty=count,
            sku=sku,
            received=received,
            ordered=ordered,
            damaged=damaged,
            grams=grams,
        )

    def record_damage(self, sku: SkuRow, count: int, grams: int | None) -> Decision:
        self.pending = {}
        reason = "damaged_on_arrival" if self.mode == "receive" else "damaged_in_hub"
        received, damaged = self.repo.received_and_damaged(sku.pk)
        on_hand = received - damaged - self.repo.sku_totals(sku.pk)[2]
        if count > on_hand:
            # Units already in crates or never received cannot be damaged here: the count is wrong.
            return self.answer(
                Result.DAMAGE_EXCEEDS_STOCK, qty=count, sku=sku, on_hand=max(on_hand, 0)
            )
        self.repo.add_receipt(
            sku_pk=sku.pk,
            kind="damaged",
            qty=count,
            grams=grams,
            reason=reason,
            scan_id=self.scan_id,
            station_id=self.station.station_id,
            worker=self.worker,
            created_at=self.now,
        )
        if self.repo.receiving_closed(sku.pk):
            # Shortages are already final: the damaged units become further damage records.
            finalise_shortages(
                self.repo, sku.pk, self.station.options.shortage_policy, "damage", self.now
            )
        else:
            refresh_dues(self.repo, sku.pk, self.station.options.shortage_policy)
        _, damaged = self.repo.received_and_damaged(sku.pk)
        return self.answer(Result.DAMAGED, qty=count, sku=sku, damaged=damaged, reason=reason)

    # --- seeding --------------------------------------------------------------------------------

    def seed(self, sku: SkuRow, grams: int | None) -> Decision:
        self.pending = {}  # a new SKU scan replaces a pending target: nothing was recorded
        if sku.status != "active":
            return self.answer(Result.NOT_TO_SORT, sku=sku)
        options = self.station.options
        if (
            not options.allow_sort_before_receiving
            and not self.repo.has_receipts(sku.pk)
            and not self.repo.receiving_closed(sku.pk)
        ):
            ordered = self.repo.sku_totals(sku.pk)[0]
            return self.answer(Result.NOT_TO_SORT if ordered == 0 else Result.NOT_RECEIVED, sku=sku)
        task = self.repo.next_task(sku.pk)
        if task is None:
            ordered, due, put = self.repo.sku_totals(sku.pk)
            if ordered == 0:  # only cancelled orders asked for it
                return self.answer(Result.NOT_TO_SORT, sku=sku)
            return self.answer(Result.OVER_SCAN, sku=sku, due=due, put=put)
        return self.offer(sku, task, grams)

    def offer(
        self, sku: SkuRow, task: TaskRow, grams: int | None, result: Result = Result.PUT_TARGET
    ) -> Decision:
        """Choose the crate and quantity for the task; remember it until the crate is scanned.

        The pending target carries everything the crate scan's answer shows, so the put itself
        needs no further look-ups."""
        community = task.community
        crate, room = self._crate_for(sku, community)
        qty = 1 if grams is not None else max(1, min(task.remaining, room))
        details = self._target_details(
            community, crate, self.repo.crate_count(community.pk), task.remaining
        )
        self.pending = {
            "put": {
                "task_pk": task.pk,
                "qty": qty,
                "grams": grams,
                "sku": _values(sku),
                "crate": _values(crate),
                "community": _values(community),
                "details": details,
            }
        }
        return self.answer(
            result, qty=qty, sku=sku, crate=crate, community_id=community.community_id, **details
        )

    def _crate_for(self, sku: SkuRow, community: CommunityRow) -> tuple[CrateRow, int]:
        """The crate the plan meant for this SKU, else any open crate of its zone with room, else a
        new extra crate; with how many units of the SKU fit."""
        crates = [
            (c, left)
            for c, left in self.repo.crates_for_put(community.pk, sku.temperature, sku.pk)
            if c.status == "open"
        ]
        for crate, planned_left in crates:
            if planned_left > 0:
                return crate, planned_left
        for crate, _ in crates:
            room = self._room_for(crate, sku)
            if room > 0:
                return crate, room
        crate = self.repo.open_crate(
            community.pk,
            community.community_id,
            self.station.wave_id,
            sku.temperature,
            extra=True,
            now=self.now,
        )
        return crate, sku.units_per_crate

    def _room_for(self, crate: CrateRow, sku: SkuRow) -> int:
        used = sum(
            (Fraction(qty, upc) for _, _, upc, qty in self.repo.crate_contents(crate.pk)),
            Fraction(0),
        )
        return int((1 - used) * sku.units_per_crate)

    @staticmethod
    def _target_details(
        community: CommunityRow, crate: CrateRow, crate_count: int, remaining: int
    ) -> dict[str, Any]:
        return {
            "community_name": community.name,
            "leader_name": community.leader_name,
            "route_id": community.route_id,
            "route_name": community.route_name,
            "stop_seq": community.stop_seq,
            "crate_seq": crate.seq,
            "crate_count": crate_count,
            "crate_extra": crate.extra,
            "temperature": crate.temperature,
            "remaining_for_community": remaining,
        }

    def crate_scan(self, code: CrateCode) -> Decision:
        crate = self._lookup_crate(code)
        if isinstance(crate, Decision):
            return crate
        target = self.pending.get("put")
        if not target:
            return self.crate_info(crate)
        sku = SkuRow(*target["sku"])
        expected = CrateRow(*target["crate"])
        community = CommunityRow(*target["community"])
        details = dict(target["details"])
        if crate.pk != expected.pk:
            scanned_community = self.repo.community(crate.community_pk)
            decision = self.answer(
                Result.WRONG_CRATE,
                qty=target["qty"],
                sku=sku,
                crate=expected,
                community_id=community.community_id,
                scanned_crate_id=crate.crate_id,
                scanned_community_id=scanned_community.community_id,
                **details,
            )
            self.crate_pk = crate.pk  # the event is recorded against the crate actually scanned
            return decision
        if crate.status != "open":
            return self.answer(
                Result.CRATE_CLOSED, crate=crate, community_id=community.community_id
            )
        remaining = self.repo.add_put(
            target["task_pk"],
            target["qty"],
            crate_pk=crate.pk,
            sku_pk=sku.pk,
            community_pk=crate.community_pk,
            grams=target.get("grams"),
            scan_id=self.scan_id,
            station_id=self.station.station_id,
            worker=self.worker,
            created_at=self.now,
        )
        self.pending = {}
        if remaining is None:
            # Another station filled this community's due meanwhile: nothing was put here.
            return self.answer(
                Result.OVER_SCAN, sku=sku, crate=crate, community_id=community.community_id
            )
        details["remaining_for_community"] = remaining
        self.station.milestone(self.repo.s, "sorting", self.now)
        if remaining == 0:
            maybe_sorted(self.repo.s, self.repo.wave_pk, self.station.wave_id, self.now, sku.pk)
        return self.answer(
            Result.PUT_DONE,
            qty=target["qty"],
            sku=sku,
            crate=crate,
            community_id=community.community_id,
            **details,
        )

    def crate_info(self, crate: CrateRow) -> Decision:
        community = self.repo.community(crate.community_pk)
        contents = self.repo.crate_contents(crate.pk)
        return self.answer(
            Result.CRATE_INFO,
            crate=crate,
            community_id=community.community_id,
            qty=sum(q for *_, q in contents),
            community_name=community.name,
            stop_seq=community.stop_seq,
            crate_seq=crate.seq,
            crate_count=self.repo.crate_count(community.pk),
            status=crate.status,
            contents=[{"sku_id": s, "name": n, "qty": q} for s, n, _, q in contents],
        )

    # --- loading -----------------------------------------------------------------------------

    def load(self, code: CrateCode) -> Decision:
        crate = self._lookup_crate(code)
        if isinstance(crate, Decision):
            return crate
        route = self.route or ""
        community = self.repo.community(crate.community_pk)
        details: dict[str, Any] = {
            "community_name": community.name,
            "stop_seq": community.stop_seq,
            "crate_seq": crate.seq,
            "route_id": route,
            "crate_route_id": community.route_id,
            "crate_route_name": community.route_name,
        }
        if self.repo.route_dispatched(route):
            return self.answer(
                Result.ROUTE_DISPATCHED, crate=crate, community_id=community.community_id, **details
            )
        if community.route_id != route:
            return self.answer(
                Result.WRONG_ROUTE, crate=crate, community_id=community.community_id, **details
            )
        if not self.repo.load_crate(
            crate.pk, route, self.scan_id, self.station.station_id, self.worker, self.now
        ):
            return self.answer(
                Result.ALREADY_LOADED, crate=crate, community_id=community.community_id, **details
            )
        details["missing"] = self.repo.crates_to_load(route)
        return self.answer(
            Result.LOADED, crate=crate, community_id=community.community_id, **details
        )

    def _lookup_crate(self, code: CrateCode) -> CrateRow | Decision:
        if code.kind == "scan_code":
            crate = self.repo.crate_by_scan_code(code.value)
            if crate is None and self.repo.is_void_code(code.value):
                return self.answer(Result.VOID_LABEL, code=code.value)
        else:
            crate = self.repo.crate_by_crate_id(code.crate_id or code.value)
        if crate is None or crate.wave_pk != self.repo.wave_pk:
            return self.answer(Result.UNKNOWN_CRATE, code=code.value)
        return crate


def _values(row: Any) -> list[Any]:
    """A row dataclass as a JSON-able list (dataclasses.astuple deep-copies: slow on every scan)."""
    return [getattr(row, f.name) for f in fields(row)]


def _printable(raw: str) -> str:
    """Control characters (a NUL from a noisy serial line) as visible escapes: PostgreSQL text
    cannot hold NUL, and a supervisor reading the log should see what arrived."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in raw)


def _code_of(parsed: ProductCode | WeightCode) -> str:
    return parsed.code if isinstance(parsed, ProductCode) else parsed.raw
