"""What the outbox tests set up and read back: platform reports queued, a wave's entries, what
the platform holds, and the files exported."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from sorter_app.domain.reports import ReportDraft
from sorter_app.services.reporting.outbox_queue import queue_report
from sorter_app.settings import load_settings
from sorter_app.store import tables
from sorter_app.store.database import Store
from tests.platform_fixtures import Platform


def queue_reports(store: Store, platform: Platform, wave_id: str, count: int) -> list[str]:
    """`count` valid shortage reports (one order line, qty 1, each) for a platform wave."""
    wave = platform.sim.export_wave(wave_id)
    lines = [
        (order, line)
        for order in wave["orders"]
        if order["status"] == "closed"
        for line in order["lines"]
    ][:count]
    keys = []
    with store.write() as s:
        wave_pk = s.scalar(select(tables.Wave.id).where(tables.Wave.wave_id == wave_id))
        assert wave_pk is not None, f"wave {wave_id} not imported"
        for order, line in lines:
            item = {
                "order_id": order["order_id"],
                "line_id": line["line_id"],
                "sku_id": line["sku_id"],
                "community_id": order["community_id"],
                "qty": 1,
                "reason": "supplier_short",
            }
            draft = ReportDraft("shortage", (item,), "到货少")
            keys.append(queue_report(s, wave_pk, draft, "ST-01", datetime.now(UTC)))
    return keys


def outbox_entries(store: Store, wave_id: str) -> list[tuple[str, str, str | None]]:
    """(key, status, delivered_to) of a wave's outbox entries, in queue order."""
    o = tables.OutboxEntry
    with store.read() as s:
        rows = s.execute(
            select(o.key, o.status, o.delivered_to)
            .join(tables.Wave, tables.Wave.id == o.wave_pk)
            .where(tables.Wave.wave_id == wave_id)
            .order_by(o.id)
        ).all()
    return [(key, status, to) for key, status, to in rows]


def received_reports(platform: Platform, wave_id: str) -> dict[str, int]:
    """Report ID -> how many times the platform was sent it, for the reports it holds."""
    return {
        entry["idempotency_key"]: entry["attempts"]
        for entry in platform.sim.received()["reports"]
        if entry["wave_id"] == wave_id
    }


def exports_folder() -> Path:
    return load_settings().paths.data_dir / "exports"


def exported_files() -> list[Path]:
    return sorted(exports_folder().rglob("*.csv")) if exports_folder().exists() else []
