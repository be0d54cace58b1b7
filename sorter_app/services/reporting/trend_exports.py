"""`sorter-app trends`: the night-over-night trends (services/views/trends.py) as a table in the
reader's language — printed, or written as CSV/XLSX by the export's own writer (text-safe cells:
services/reporting/exports.py `write_export`). Minutes and rates rounded for reading; rates in
percent, their change in percentage points; times in the hub's zone."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sorter_app.services.reporting.exports import ExportTable, Words
from sorter_app.services.views import trends
from sorter_app.store.database import Store

Pair = tuple[str, str]

_SHEETS: dict[str, Pair] = {
    "timeline": ("时间线趋势", "Timeline"),
    "losses": ("损耗趋势", "Losses"),
    "missorts": ("错分趋势", "Missorts"),
    "productivity": ("人效趋势", "Productivity"),
    "routes": ("线路准点", "Routes on time"),
}
_STAGES: dict[str, Pair] = {
    "imported": ("导入完成", "imported"),
    "first_receipt": ("首次收货", "first receipt"),
    "sorting": ("开始分拣", "sorting started"),
    "sorted": ("分拣完成", "sorted"),
    "first_dispatch": ("首条线路发车", "first route dispatched"),
    "dispatched": ("全部发车", "all routes dispatched"),
}
_COLUMNS: dict[str, tuple[Pair, ...]] = {
    "timeline": (
        ("周期", "period"),
        ("波次", "waves"),
        *(
            (f"截单→{zh}（分钟）", f"cutoff → {en} (min)")
            for zh, en in (_STAGES[s] for s in trends.STAGES)
        ),
    ),
    "losses": (
        ("周期", "period"),
        ("维度", "by"),
        ("编号", "key"),
        ("名称", "name"),
        ("订购", "ordered"),
        ("缺货", "shorted"),
        ("破损", "damaged"),
        ("损耗", "lost"),
        ("损耗率 %", "loss rate %"),
        ("上期损耗率 %", "previous rate %"),
        ("变化（百分点）", "change (points)"),
    ),
    "missorts": (
        ("周期", "period"),
        ("已分件数", "units put"),
        ("错筐拦截", "caught"),
        ("拦截（每万件）", "caught per 10,000"),
        ("售后错分", "escaped"),
        ("售后错分（每万件）", "escaped per 10,000"),
    ),
    "productivity": (
        ("周期", "period"),
        ("作业员", "worker"),
        ("夜数", "nights"),
        ("放入次数", "puts"),
        ("件数", "units"),
        ("小时", "hours"),
        ("每小时放入", "puts per hour"),
    ),
    "routes": (
        ("周期", "period"),
        ("线路", "route"),
        ("名称", "name"),
        ("夜数", "nights"),
        ("准点", "on time"),
        ("晚点", "late"),
        ("平均晚点（分钟）", "mean late (min)"),
        ("最长晚点（分钟）", "max late (min)"),
        ("晚点前已预警", "warned before late"),
        ("平均提前预警（分钟）", "mean warning lead (min)"),
        ("计划发车", "departure"),
        ("实际发车", "dispatched"),
    ),
}
_BY: dict[str, Pair] = {"category": ("品类", "category"), "supplier": ("供应商", "supplier")}
_ALL: Pair = ("全部", "all")


def trend_table(
    store: Store,
    what: str,
    first: date,
    last: date,
    by: str = "day",
    *,
    lang: str = "zh",
    zone: ZoneInfo | None = None,
) -> ExportTable:
    """The trend `what` over the waves delivered from `first` to `last`, per day or week."""
    if what not in trends.WHATS:
        raise ValueError(f"unknown trend {what!r}; choose one of {', '.join(trends.WHATS)}")
    if by not in trends.BYS:
        raise ValueError(f"unknown period {by!r}; choose day or week")

    w = Words.of(lang, zone)
    rows: list[list[Any]]
    if what == "timeline":
        rows = [
            [r.period, " ".join(r.waves), *(_round(m, 1) for m in r.minutes)]
            for r in trends.timeline(store, first, last, by)
        ]
    elif what == "losses":
        rows = [
            [
                r.period,
                w(_BY[r.by]),
                r.key,
                r.name,
                r.ordered,
                r.shorted,
                r.damaged,
                r.lost,
                round(100 * r.rate, 2),
                _round(None if r.previous_rate is None else 100 * r.previous_rate, 2),
                _round(None if r.change is None else 100 * r.change, 2),
            ]
            for r in trends.losses(store, first, last, by)
        ]
    elif what == "missorts":
        rows = [
            [
                r.period,
                r.units_put,
                r.caught,
                round(r.caught_per_10k, 2),
                r.escaped,
                round(r.escaped_per_10k, 2),
            ]
            for r in trends.missorts(store, first, last, by)
        ]
    elif what == "productivity":
        rows = [
            [
                r.period,
                w(_ALL) if r.worker == trends.ALL_WORKERS else r.worker,
                r.nights,
                r.puts,
                r.units,
                round(r.hours, 2),
                round(r.puts_per_hour, 1),
            ]
            for r in trends.productivity(store, first, last, by)
        ]
    else:
        rows = [
            [
                r.period,
                r.route_id,
                r.name,
                r.nights,
                r.on_time,
                r.late,
                _round(r.mean_late_minutes, 1),
                _round(r.max_late_minutes, 1),
                r.warned_before_late,
                _round(r.mean_warning_lead, 1),
                w.local(r.departure_at),
                w.local(r.dispatched_at),
            ]
            for r in trends.routes(store, first, last, by)
        ]
    return ExportTable(w(_SHEETS[what]), [w(c) for c in _COLUMNS[what]], rows)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
