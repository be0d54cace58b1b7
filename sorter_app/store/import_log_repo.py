"""The import log (import_log): one row per import attempt of a wave, whatever its outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from sorter_app.store import tables


@dataclass(frozen=True, slots=True)
class ImportAttempt:
    wave_id: str
    source: str  # "api", or the file's path
    started_at: datetime
    finished_at: datetime
    outcome: str  # imported | updated | unchanged | refused_open | skipped_cancelled | failed
    communities: int = 0
    skus: int = 0
    orders: int = 0
    lines: int = 0
    changes: int = 0
    conflicts: int = 0
    message: str = ""


def add_attempt(session: Session, attempt: ImportAttempt) -> None:
    session.add(
        tables.ImportLog(
            wave_id=attempt.wave_id,
            source=attempt.source,
            started_at=attempt.started_at,
            finished_at=attempt.finished_at,
            outcome=attempt.outcome,
            communities=attempt.communities,
            skus=attempt.skus,
            orders=attempt.orders,
            lines=attempt.lines,
            changes=attempt.changes,
            conflicts=attempt.conflicts,
            message=attempt.message,
        )
    )
