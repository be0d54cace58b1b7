"""Finding a local wave by its platform ID."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sorter_app.domain.errors import UserFacingError
from sorter_app.store import tables


class UnknownWave(UserFacingError):
    code = "unknown_wave"

    def __init__(self, wave_id: str) -> None:
        super().__init__(
            f"本地没有波次 {wave_id}，请先导入", f"No local wave {wave_id}; import it first"
        )


def wave_pk_of(session: Session, wave_id: str) -> int:
    pk = session.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == wave_id))
    if pk is None:
        raise UnknownWave(wave_id)
    return int(pk)


def wave_pk_and_source(session: Session, wave_id: str) -> tuple[int, str]:
    """The wave's key and where it came from: "api" (the platform) or "file"."""
    row = session.execute(
        select(tables.Wave.id, tables.Wave.source).where(tables.Wave.wave_id == wave_id)
    ).first()
    if row is None:
        raise UnknownWave(wave_id)
    return int(row[0]), str(row[1])


def wave_pk_and_cutoff(session: Session, wave_id: str) -> tuple[int, datetime]:
    """The wave's key and its cutoff (a station's receiving cut time counts from it)."""
    row = session.execute(
        select(tables.Wave.id, tables.Wave.cutoff_at).where(tables.Wave.wave_id == wave_id)
    ).first()
    if row is None:
        raise UnknownWave(wave_id)
    return int(row[0]), row[1]
