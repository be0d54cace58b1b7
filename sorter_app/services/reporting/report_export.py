"""Waves imported from a file have no platform: their reports become CSV files (UTF-8 with BOM,
so Excel opens the Chinese text) in an export folder, one file per report, written atomically.
People open them in Excel, so text that starts like a formula gets a leading ' (safe_cells)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from sorter_app.services.reporting.safe_cells import csv_cell
from sorter_app.store.outbox_repo import OutboxItem


class FolderExporter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, item: OutboxItem) -> None:
        target = (
            self.folder
            / _safe(item.wave_id)
            / f"{item.id:06d}-{item.topic}-{_safe(item.key)[:36]}.csv"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            return  # written before a crash; the key makes it the same report
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        items = item.body.get("items")
        if items:
            columns = list(dict.fromkeys(key for row in items for key in row))
            writer.writerow(["wave_id", "type", "report_id", *columns])
            for row in items:
                writer.writerow(
                    csv_cell(v)
                    for v in [
                        item.wave_id,
                        item.topic,
                        item.key,
                        *(row.get(c, "") for c in columns),
                    ]
                )
        else:
            writer.writerow(["wave_id", "type", "key", *item.body])
            writer.writerow(
                csv_cell(v)
                for v in [item.wave_id, item.topic, item.key, *(str(v) for v in item.body.values())]
            )
        temp = target.with_suffix(".tmp")
        temp.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        os.replace(temp, target)


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)
