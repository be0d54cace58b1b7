"""Use cases: import a delivery date's waves from the platform, or a wave from an order file.

A wave is fetched and validated whole first, then written in one short transaction: an import
is all stored and correct, or nothing changed and the error says why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from sorter_app.domain.allocation import ShortagePolicy
from sorter_app.domain.errors import InvalidRecord, UserFacingError
from sorter_app.domain.wave import WaveSnapshot, WaveStatus, WaveSummary
from sorter_app.gc_pause import gc_paused, release_gradually
from sorter_app.platform.errors import PlatformRejected, PlatformUnavailable, WaveNotClosed
from sorter_app.services.clock import Clock, utc_now
from sorter_app.services.receiving.shortages import finalise_shortages, refresh_dues
from sorter_app.services.reporting.outbox_queue import queue_milestone
from sorter_app.services.sorting.crate_planning import plan_wave_crates
from sorter_app.store import import_log_repo
from sorter_app.store.database import Store
from sorter_app.store.import_log_repo import ImportAttempt
from sorter_app.store.sorting_repo import SortingRepository
from sorter_app.store.wave_writer import ensure_sort_tasks, write_wave


@dataclass(frozen=True)
class ImportProgress:
    wave_id: str
    stage: str  # communities | skus | orders | writing | done
    done: int
    total: int | None


ProgressCallback = Callable[[ImportProgress], None]


class ImportCancelled(UserFacingError):
    code = "import_cancelled"

    def __init__(self) -> None:
        super().__init__("导入已取消，数据库未改动", "Import cancelled; the database is unchanged")


class NoWaveForDate(UserFacingError):
    code = "no_wave"


@dataclass(frozen=True)
class WaveImportResult:
    wave_id: str
    outcome: str  # imported | updated | unchanged | refused_open | skipped_cancelled | failed
    communities: int = 0
    skus: int = 0
    orders: int = 0
    lines: int = 0
    changes: int = 0
    conflicts: int = 0
    error: UserFacingError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in ("imported", "updated", "unchanged", "skipped_cancelled")


@dataclass
class DateImportReport:
    hub_id: str
    delivery_date: date
    results: list[WaveImportResult] = field(default_factory=list)


class WaveSource(Protocol):
    """What the import needs of a platform client."""

    def waves(self, hub_id: str, delivery_date: date) -> list[WaveSummary]: ...

    def fetch_wave(
        self, wave_id: str, progress: Callable[[str, int, int | None], None] | None = None
    ) -> WaveSnapshot: ...


def import_date(
    store: Store,
    client: WaveSource,
    hub_id: str,
    delivery_date: date,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    clock: Clock = utc_now,
) -> DateImportReport:
    """Import every closed wave of the date; open waves are refused, cancelled ones skipped.

    PlatformAuthError and an unreachable platform while listing waves propagate; a wave that
    fails on its own is reported in its result and the others still import.
    """
    summaries = client.waves(hub_id, delivery_date)
    if not summaries:
        raise NoWaveForDate(
            f"平台上没有 {hub_id} 在 {delivery_date} 的波次",
            f"The platform has no wave for hub {hub_id} on {delivery_date}",
        )
    report = DateImportReport(hub_id, delivery_date)
    for summary in summaries:
        report.results.append(_import_one(store, client, summary, progress, cancel, clock))
    return report


def _import_one(
    store: Store,
    client: WaveSource,
    summary: WaveSummary,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
    clock: Clock,
) -> WaveImportResult:
    if summary.status is WaveStatus.CANCELLED:
        return WaveImportResult(summary.wave_id, "skipped_cancelled")
    if summary.status is WaveStatus.OPEN:
        return WaveImportResult(summary.wave_id, "refused_open", error=_still_open(summary.wave_id))

    def report(stage: str, done: int, total: int | None) -> None:
        if progress is not None:
            progress(ImportProgress(summary.wave_id, stage, done, total))

    def on_page(stage: str, done: int, total: int | None) -> None:
        # Cancelling is possible until the write starts; after it, the wave is stored and its
        # crates must be planned, so later stages only report.
        if cancel is not None and cancel.is_set():
            raise ImportCancelled()
        report(stage, done, total)

    started = clock()
    try:
        snapshot = client.fetch_wave(summary.wave_id, on_page)
    except WaveNotClosed:
        return WaveImportResult(summary.wave_id, "refused_open", error=_still_open(summary.wave_id))
    except (InvalidRecord, PlatformUnavailable, PlatformRejected, ImportCancelled) as exc:
        _log_failure(store, summary.wave_id, "api", started, clock, exc)
        return WaveImportResult(summary.wave_id, "failed", error=exc)
    on_page("writing", snapshot.line_count, snapshot.line_count)
    result, wave_pk = write_snapshot(store, snapshot, source="api", clock=clock, started=started)
    lines = snapshot.line_count
    # The wave's objects are not needed for planning: free them first, a slice at a time.
    release_gradually(snapshot.orders)
    release_gradually(snapshot.communities)
    del snapshot
    report("planning", lines, lines)
    prepare_sorting(store, wave_pk, clock=clock)
    report("done", lines, lines)
    return result


def store_snapshot(
    store: Store,
    snapshot: WaveSnapshot,
    *,
    source: str,
    clock: Clock = utc_now,
    started: datetime | None = None,
) -> WaveImportResult:
    """Write a validated snapshot in one transaction and log it; then plan its crates."""
    result, wave_pk = write_snapshot(store, snapshot, source=source, clock=clock, started=started)
    prepare_sorting(store, wave_pk, clock=clock)
    return result


def write_snapshot(
    store: Store,
    snapshot: WaveSnapshot,
    *,
    source: str,
    clock: Clock = utc_now,
    started: datetime | None = None,
) -> tuple[WaveImportResult, int]:
    """The import itself: the whole wave and its log row in one transaction."""
    started = started or clock()
    now = clock()
    with gc_paused(), store.write() as session:
        outcome = write_wave(session, snapshot, "file" if source != "api" else "api", now)
        kind = "imported" if outcome.created else "updated" if outcome.changes else "unchanged"
        result = WaveImportResult(
            snapshot.summary.wave_id,
            kind,
            communities=len(snapshot.communities),
            skus=len(snapshot.skus),
            orders=len(snapshot.orders),
            lines=snapshot.line_count,
            changes=outcome.changes,
            conflicts=outcome.conflicts,
        )
        import_log_repo.add_attempt(session, _attempt(result, source, started, clock()))
        if outcome.created:
            queue_milestone(session, outcome.wave_pk, snapshot.summary.wave_id, "imported", now)
    return result, outcome.wave_pk


def prepare_sorting(
    store: Store,
    wave_pk: int,
    *,
    policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST,
    clock: Clock = utc_now,
) -> None:
    """Crates and dues, derived from what was just stored, in their own transaction: the import's
    write stays short, and a crash between the two is mended by the next import."""
    with gc_paused(), store.write() as session:
        after_wave_written(session, wave_pk, clock(), policy)


def import_order_file(
    store: Store,
    path: Path,
    *,
    hub_id: str,
    delivery_date: date,
    mapping_path: Path | None = None,
    units_per_crate: int = 20,
    tz_name: str = "Asia/Shanghai",
    clock: Clock = utc_now,
) -> WaveImportResult:
    """Import a platform's Excel/CSV export as the wave F-{hub}-{date}."""
    from zoneinfo import ZoneInfo

    from sorter_app.importing.columns import FileDefaults, load_mapping
    from sorter_app.importing.order_file import read_order_file

    started = clock()
    try:
        if mapping_path:
            mapping, defaults = load_mapping(mapping_path)
        else:
            mapping, defaults = None, FileDefaults(units_per_crate=units_per_crate)
        snapshot = read_order_file(
            path,
            hub_id=hub_id,
            delivery_date=delivery_date,
            mapping=mapping,
            defaults=defaults,
            tz=ZoneInfo(tz_name),
        )
    except UserFacingError as exc:
        _log_failure(store, f"F-{hub_id}-{delivery_date:%Y%m%d}", str(path), started, clock, exc)
        raise
    return store_snapshot(store, snapshot, source=str(path), clock=clock, started=started)


def _still_open(wave_id: str) -> UserFacingError:
    return UserFacingError(
        f"波次 {wave_id} 仍在接单（未截单），暂不能导入",
        f"Wave {wave_id} is still open for orders (not yet closed); it cannot be imported yet",
        code="wave_not_closed",
    )


def _attempt(
    result: WaveImportResult, source: str, started: datetime, finished: datetime
) -> ImportAttempt:
    return ImportAttempt(
        wave_id=result.wave_id,
        source=source,
        started_at=started,
        finished_at=finished,
        outcome=result.outcome,
        communities=result.communities,
        skus=result.skus,
        orders=result.orders,
        lines=result.lines,
        changes=result.changes,
        conflicts=result.conflicts,
        message="" if result.error is None else result.error.message_en,
    )


def _log_failure(
    store: Store, wave_id: str, source: str, started: datetime, clock: Clock, exc: UserFacingError
) -> None:
    result = WaveImportResult(wave_id, "failed", error=exc)
    with store.write() as session:
        import_log_repo.add_attempt(session, _attempt(result, source, started, clock()))


def after_wave_written(
    session: Session,
    wave_pk: int,
    now: datetime,
    policy: ShortagePolicy = ShortagePolicy.LATEST_FIRST,
) -> None:
    """What follows every import in the same transaction: sort tasks and crates planned, dues
    brought in line with what has already arrived (a re-import after receiving began)."""
    ensure_sort_tasks(session, wave_pk)
    plan_wave_crates(session, wave_pk, now)
    repo = SortingRepository(session, wave_pk)
    for sku_pk in repo.skus_with_receipts() | repo.closed_skus():
        if repo.receiving_closed(sku_pk):
            finalise_shortages(repo, sku_pk, policy, "reimport", now)
        else:
            refresh_dues(repo, sku_pk, policy)
