"""`sorter-app export`: a wave's numbers as CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sorter_app.services.numbers import losses, missorts, timeline
from sorter_app.services.progress import worker_stats
from sorter_app.store.database import Store

WHATS = ("timeline", "shortages", "missorts", "claims", "productivity")


def export_rows(store: Store, wave_id: str, what: str) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of one export."""
    if what == "timeline":
        return ["step", "at", "minutes_since_previous"], [
            [s.step, s.at.isoformat(), s.minutes_since_previous] for s in timeline(store, wave_id)
        ]
    if what == "shortages":
        rows = []
        for by in ("sku", "category", "supplier"):
            rows += [
                [
                    by,
                    r.key,
                    r.name,
                    r.ordered,
                    r.shorted,
                    r.damaged,
                    round(r.shortage_rate, 4),
                    round(r.damage_rate, 4),
                ]
                for r in losses(store, wave_id, by)
            ]
        return [
            "by",
            "key",
            "name",
            "ordered",
            "shorted",
            "damaged",
            "shortage_rate",
            "damage_rate",
        ], rows
    if what == "missorts":
        m = missorts(store, wave_id)
        return [
            "units_put",
            "near_missorts",
            "near_per_10k",
            "claimed_missorts",
            "claimed_per_10k",
        ], [
            [
                m.units_put,
                m.near_missorts,
                round(m.near_per_10k, 2),
                m.claimed_missorts,
                round(m.claimed_per_10k, 2),
            ]
        ]
    if what == "claims":
        return ["claim_id", "kind", "sku_id", "qty", "crate_id", "put_station", "put_worker"], [
            list(c) for c in missorts(store, wave_id).claims
        ]
    if what == "productivity":
        return ["worker", "puts", "units", "wrong_crate", "wrong_crate_per_10k", "puts_per_hour"], [
            [
                w.worker,
                w.puts,
                w.units,
                w.wrong_crate,
                round(w.wrong_crate_per_10k, 2),
                round(w.puts_per_hour, 1),
            ]
            for w in worker_stats(store, wave_id)
        ]
    raise ValueError(f"unknown export {what!r}; choose one of {', '.join(WHATS)}")


def write_export(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
        return
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        book.save(path)
        return
    raise ValueError(f"unknown format {fmt!r}; choose csv or xlsx")
