"""One scan = one service call = one transaction. The answer exists only after the commit.

`ScanStation` is what a station's screen, a serial scanner thread and `sorter-app replay` all
call. It loads the station's state, asks the pure rules (domain/scan_rules.py) what the scan
means, carries out what they ask for and the effects they return, and commits. Every scan gets
the station's next sequence number from the database; a scan sent again with its sequence
answers the original decision instead of acting twice.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.domain.barcodes import ScanConfig, parse_scan
from sorter_app.domain.decisions import Decision
from sorter_app.domain.receiving_cut import cut_moment
from sorter_app.domain.scan_outcome import (
    MODES,
    AddReceipt,
    AuditSupervised,
    CheckSorted,
    Effect,
    FinaliseDamage,
    Milestone,
    OpenExtraCrate,
    Outcome,
    RecordPut,
    RefreshDues,
    ReportOverage,
    ScanContext,
    SetReceiptCount,
    Step,
    UndoPut,
    UndoReceipt,
)
from sorter_app.domain.scan_rules import decide
from sorter_app.domain.station_state import pending_from_json, pending_to_json
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.receiving.shortages import finalise_shortages, refresh_dues
from sorter_app.services.reporting.outbox_queue import (
    maybe_sorted,
    queue_milestone,
    queue_scan_overage,
)
from sorter_app.store.audit_repo import record_audit
from sorter_app.store.database import Store
from sorter_app.store.sorting_repo import SortingRepository
from sorter_app.store.wave_lookup import wave_pk_and_cutoff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StationOptions:
    shortage_policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST
    allow_sort_before_receiving: bool = False
    scan_config: ScanConfig = field(default_factory=ScanConfig)
    receiving_cut: time | None = None  # hub time; see domain.receiving_cut
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    undo_grace_s: float = 10.0  # an undo at receiving is free this long after the receipt


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
            self.wave_pk, cutoff_at = wave_pk_and_cutoff(session, wave_id)  # UnknownWave if none
        self.wave_id = wave_id
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
        supervised_by: str | None = None,
    ) -> Decision:
        """Decide, record and commit one scan; returns the decision the screen shows.

        `route` is the truck being loaded, in mode `load`. `supervised_by` is the code of a
        supervisor who unlocked the scan (a late undo at receiving): only
        services/receiving/late_undo.py passes it, after checking the supervisor."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        if mode == "load" and not route:
            raise ValueError("mode 'load' needs the route being loaded")
        now = self.clock()
        if self._receiving_cut_at is not None and now >= self._receiving_cut_at:
            self._close_receiving_at_cut()
        parsed = parse_scan(raw, self.options.scan_config)
        with self.store.write_connection() as connection:
            repo = SortingRepository(connection, self.wave_pk, now=now)
            station = repo.station(self.station_id, now)
            if seq is not None:
                earlier = repo.scan_decision(self.station_id, seq)
                if earlier is not None:
                    return Decision.from_stored(json.loads(earlier))
            seq = seq if seq is not None else station.last_seq + 1
            station.last_seq = max(station.last_seq, seq)
            ctx = ScanContext(
                scan_id=f"{self.station_id}-{seq:08d}",
                raw=raw,
                mode=mode,
                station_id=self.station_id,
                wave_id=self.wave_id,
                route_id=route,
                allow_sort_before_receiving=self.options.allow_sort_before_receiving,
                undo_grace_s=self.options.undo_grace_s,
                supervised_by=supervised_by,
            )
            try:
                step = decide(ctx, repo, pending_from_json(station.pending), parsed)
                outcome = self._carry_out(repo, step, ctx, worker, now)
                self._apply(repo, outcome.effects, ctx, worker, now)
            except BaseException:
                self._milestones.clear()  # what was queued in this transaction rolls back
                raise
            decision = outcome.decision
            station.pending = pending_to_json(outcome.pending)
            repo.save_station(station, now)
            repo.add_scan(
                scan_id=ctx.scan_id,
                station_id=self.station_id,
                seq=seq,
                worker=worker,
                mode=mode,
                raw=_printable(raw)[:400],
                result=decision.result.value,
                level=decision.level.value,
                sku_pk=outcome.refs.sku_pk,
                community_pk=outcome.refs.community_pk,
                crate_pk=outcome.refs.crate_pk,
                qty=decision.qty,
                decision=json.dumps(decision.stored(), ensure_ascii=False),
                created_at=now,
            )
            repo.finish()
        log.info(
            "scan %s %s %r -> %s %s",
            ctx.scan_id,
            mode,
            raw,
            decision.result.value,
            decision.qty or "",
        )
        return decision

    def _carry_out(
        self, repo: SortingRepository, step: Step, ctx: ScanContext, worker: str, now: datetime
    ) -> Outcome:
        """Do what the rules asked for and hand them the result, until they answer."""
        while not isinstance(step, Outcome):
            if isinstance(step, OpenExtraCrate):
                community = step.community
                if step.full_crate is not None:
                    repo.close_crate(step.full_crate.pk, now)
                crate = repo.open_crate(
                    community.pk,
                    community.community_id,
                    self.wave_id,
                    step.temperature,
                    extra=True,
                    now=now,
                )
                if step.full_crate is not None:
                    repo.move_plan_left(step.full_crate.pk, crate.pk)
                step = step.then(crate)
            elif isinstance(step, RecordPut):
                remaining = repo.add_put(
                    step.task_pk,
                    step.qty,
                    crate_pk=step.crate_pk,
                    sku_pk=step.sku_pk,
                    community_pk=step.community_pk,
                    grams=step.grams,
                    scan_id=ctx.scan_id,
                    station_id=self.station_id,
                    worker=worker,
                    created_at=now,
                )
                step = step.then(remaining)
            else:
                loaded = repo.load_crate(
                    step.crate_pk, step.route_id, ctx.scan_id, self.station_id, worker, now
                )
                step = step.then(loaded)
        return step

    def _apply(
        self,
        repo: SortingRepository,
        effects: tuple[Effect, ...],
        ctx: ScanContext,
        worker: str,
        now: datetime,
    ) -> None:
        """Record what the rules decided, in their order, in the scan's transaction."""
        policy = self.options.shortage_policy
        for effect in effects:
            if isinstance(effect, AddReceipt):
                repo.add_receipt(
                    sku_pk=effect.sku_pk,
                    kind=effect.kind,
                    qty=effect.qty,
                    grams=effect.grams,
                    reason=effect.reason,
                    scan_id=ctx.scan_id,
                    station_id=self.station_id,
                    worker=worker,
                    created_at=now,
                )
            elif isinstance(effect, RefreshDues):
                refresh_dues(repo, effect.sku_pk, policy)
            elif isinstance(effect, FinaliseDamage):
                finalise_shortages(repo, effect.sku_pk, policy, "damage", now)
            elif isinstance(effect, ReportOverage):
                queue_scan_overage(
                    repo.s, self.wave_pk, effect.sku_pk, effect.qty, self.station_id, now
                )
            elif isinstance(effect, Milestone):
                self.milestone(repo.s, effect.stage, now)
            elif isinstance(effect, CheckSorted):
                # Most puts leave the SKU due somewhere: one indexed look-up, no session.
                if not repo.sku_still_due(effect.sku_pk):
                    maybe_sorted(repo.s, self.wave_pk, self.wave_id, now)
            elif isinstance(effect, UndoPut):
                repo.undo_put(effect.put_pk, effect.task_pk, effect.qty, now)
            elif isinstance(effect, SetReceiptCount):
                repo.set_receipt_count(self.station_id, effect.scan_id, effect.qty)
            elif isinstance(effect, UndoReceipt):
                repo.undo_receipt(effect.receipt_pk)
            else:
                assert isinstance(effect, AuditSupervised)
                record_audit(
                    repo.c,
                    action=effect.action,
                    supervisor=effect.supervisor,
                    at=now,
                    wave_id=self.wave_id,
                    sku_id=repo.sku(effect.sku_pk).sku_id,
                    entry_id=effect.entry_id,
                    reason=f"{ctx.scan_id} {self.station_id}",
                )

    def milestone(self, session: Any, stage: str, now: datetime) -> None:
        """Queue a hub-status stage once; remembered per station to skip the look-up after."""
        if stage not in self._milestones:
            queue_milestone(session, self.wave_pk, self.wave_id, stage, now)
            self._milestones.add(stage)

    def _close_receiving_at_cut(self) -> None:
        """Past the cut time, what has not arrived is short (late delivery): close once."""
        from sorter_app.services.receiving.shortages import close_receiving

        closed = close_receiving(
            self.store,
            self.wave_id,
            cause="cut_time",
            policy=self.options.shortage_policy,
            clock=self.clock,
        )
        log.info("receiving of %s closed at the cut time: %s", self.wave_id, closed)
        self._receiving_cut_at = None


def _printable(raw: str) -> str:
    """Control characters (a NUL from a noisy serial line) as visible escapes: PostgreSQL text
    cannot hold NUL, and a supervisor reading the log should see what arrived."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in raw)
