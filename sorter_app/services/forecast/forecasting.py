"""Tonight's forecast from the store: the inputs of the pure forecast (sorter_app.domain.forecast)
built from what the hub has kept, the forecast, what it means in crates, workers and trucks, its
measured error on past waves, and the forecast kept for the screen and for later comparison.

The inputs:

- **Past nights.** A night is the cutoff's local date. Its final line count is the imported
  waves' `line_count` (the platform's summary at import), else the final count polling saw when
  the wave closed; its curve is the snapshots polled while it was open (on that date, before
  cutoff). Several waves on one night are added.
- **Tonight.** The snapshots of the delivery date's waves so far.
- **The calendar.** China's holidays and 调休 (`china_calendar`) with the supervisor's events.
- **Rates**, measured on the last `RATE_WAVES` imported waves; where there is no such history the
  defaults below stand in, and the report says which is which:
  crates per line per zone = crates of that zone ÷ lines of the waves that had crates;
  units per line = units ÷ lines; puts per hour = units put ÷ worker-hours (each worker's first
  to last put of a wave); a route's share = its lines ÷ all lines.
- **Routes**: departures from `[routes.departures]` on the delivery date (a route without one
  leaves at `DEFAULT_DEPARTURE`); loading buffer `[routes] loading_buffer_min`; sorting starts at
  `[forecast] sorting_start` on the night's date (the next day when that is before the cutoff).
- **Crates on hand** = `[forecast] crates_owned` − crates leaders still hold (the crate ledger).

The needs are computed for the forecast's point as shown, rounded to whole lines
(docs/forecast.md has the formulas); the band's top is shown beside it for a busy night.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sorter_app.domain.errors import UserFacingError
from sorter_app.domain.forecast.calendar import HubCalendar, LocalEvent, china_calendar
from sorter_app.domain.forecast.evaluation import Backtest, backtest
from sorter_app.domain.forecast.model import (
    Forecast,
    ForecastSettings,
    ForecastUnavailable,
    PastWave,
    Snapshot,
    forecast,
)
from sorter_app.domain.forecast.needs import HubRates, Needs, RouteInput, needs
from sorter_app.domain.route_risk import departure_at, parse_departure
from sorter_app.services.forecast.snapshots import CLOSED, WaveLister, poll_open_waves
from sorter_app.services.views.crate_ledger_view import ledger_rows
from sorter_app.settings import Settings
from sorter_app.store import forecast_repo
from sorter_app.store.database import Store
from sorter_app.store.forecast_repo import EventRow, MeasuredRates, SnapshotRow

# Rates used until the hub has history of its own (a small 社区团购 hub's typical night).
DEFAULT_UNITS_PER_LINE = 1.5
DEFAULT_CRATES_PER_LINE = {"ambient": 0.06, "chilled": 0.04, "frozen": 0.015}
DEFAULT_PUTS_PER_HOUR = 300.0  # units one worker puts in an hour at a put wall
DEFAULT_DEPARTURE = "06:00"
RATE_WAVES = 14  # rates are measured on this many recent waves
_MIN_PUT_HOURS = 1.0  # fewer measured worker-hours than this say little of a pace
_BACKTEST_POINTS = 28  # past nights listed with the report (the screen's chart)


class NoForecastHistory(UserFacingError):
    code = "no_forecast_history"

    def __init__(self, day: date) -> None:
        super().__init__(
            f"没有 {day} 之前的波次可供预测：请先导入或轮询几天的波次",
            f"No wave before {day} to forecast from: import or poll a few nights first",
        )


@dataclass(frozen=True)
class Rates:
    """The hub's rates and where each came from ("history" or "default")."""

    crates_per_line: dict[str, float]
    units_per_line: float
    puts_per_hour: float
    sources: dict[str, str]


@dataclass(frozen=True)
class RoutePlan:
    route_id: str
    name: str
    line_share: float
    departure: datetime
    departure_set: bool  # False: DEFAULT_DEPARTURE, no [routes.departures] entry


@dataclass(frozen=True)
class ForecastInputs:
    hub_id: str
    delivery_date: date
    day: date  # the night: the cutoff's local date
    history: tuple[PastWave, ...]
    today: tuple[Snapshot, ...]
    calendar: HubCalendar
    rates: Rates
    routes: tuple[RoutePlan, ...]
    hub_rates: HubRates
    crates_on_hand: int | None
    settings: ForecastSettings


@dataclass(frozen=True)
class NightActual:
    """A past night as it ended, with what was forecast for it (None if nothing was)."""

    day: date
    lines: int
    forecast: float | None


@dataclass(frozen=True)
class ForecastReport:
    inputs: ForecastInputs
    made_at: datetime
    forecast: Forecast
    needs: Needs
    backtest: Backtest
    yesterday: NightActual | None
    weather_note: str = ""
    polled: tuple[str, ...] = field(default=())  # open waves polled just before

    @property
    def crates_needed(self) -> int:
        return sum(c.needed for c in self.needs.crates)

    @property
    def crates_short(self) -> int | None:
        on_hand = self.inputs.crates_on_hand
        return None if on_hand is None else max(0, self.crates_needed - on_hand)

    def to_json(self) -> dict[str, Any]:
        """The report as `sorter-app forecast --json` prints it (times UTC, ISO 8601)."""
        f, n, i = self.forecast, self.needs, self.inputs
        zone_rates = i.rates.crates_per_line
        return {
            "hub_id": i.hub_id,
            "delivery_date": i.delivery_date.isoformat(),
            "night": i.day.isoformat(),
            "day_kind": f.info.kind.value,
            "holiday": f.info.holiday_name,
            "event": None if f.info.event is None else f.info.event.name,
            "made_at": self.made_at.astimezone(UTC).isoformat(),
            "forecast": {
                "lines": round(f.lines),
                "low": round(f.low),
                "high": round(f.high),
                "method": f.method.value,
                "count_so_far": None if f.snapshot is None else f.snapshot.lines,
                "count_at": None if f.snapshot is None else f.snapshot.at.strftime("%H:%M"),
                "factors": [
                    {"code": x.code, "value": x.value, "detail": x.detail} for x in f.factors
                ],
            },
            "yesterday": None
            if self.yesterday is None
            else {
                "night": self.yesterday.day.isoformat(),
                "lines": self.yesterday.lines,
                "forecast": None
                if self.yesterday.forecast is None
                else round(self.yesterday.forecast),
            },
            "crates": {
                "zones": [
                    {"zone": c.zone, "per_line": zone_rates[c.zone], "needed": c.needed}
                    for c in n.crates
                ],
                "needed": self.crates_needed,
                "on_hand": i.crates_on_hand,
                "short": self.crates_short,
            },
            "workers": n.workers,
            "routes": [
                {
                    "route_id": r.route_id,
                    "name": r.name,
                    "departure": plan.departure.astimezone(UTC).isoformat(),
                    "departure_set": plan.departure_set,
                    "line_share": plan.line_share,
                    "lines": round(r.lines, 1),
                    "units": round(r.units, 1),
                    "hours": round(r.hours, 2),
                    "workers": r.workers,
                    "crates": r.crates,
                    "trucks": r.trucks,
                }
                for r in n.routes
                for plan in [_plan(i.routes, r.route_id)]
            ],
            "rates": {
                "crates_per_line": zone_rates,
                "units_per_line": i.rates.units_per_line,
                "puts_per_hour": i.rates.puts_per_hour,
                "crates_per_truck": i.hub_rates.crates_per_truck,
                "sorting_start": i.hub_rates.sorting_start.astimezone(UTC).isoformat(),
                "loading_buffer_min": i.hub_rates.loading_buffer / timedelta(minutes=1),
                "sources": i.rates.sources,
            },
            "mape": self.backtest.mape,
            "band_coverage": self.backtest.band_coverage,
            "backtest_nights": len(self.backtest.points),
            "backtest": [
                {
                    "night": p.day.isoformat(),
                    "actual": p.actual,
                    "forecast": round(p.forecast),
                    "low": round(p.low),
                    "high": round(p.high),
                }
                for p in self.backtest.points[-_BACKTEST_POINTS:]
            ],
            "history_nights": len(i.history),
            "weather_note": self.weather_note,
        }


def make_forecast(
    store: Store,
    settings: Settings,
    delivery_date: date,
    *,
    now: datetime,
    hub_id: str | None = None,
    platform: WaveLister | None = None,
    save: bool = True,
) -> ForecastReport:
    """Forecast the night of the waves delivering on `delivery_date`: polls their summaries
    first when a platform is given (an open wave's count so far), then forecasts from the store,
    keeps the forecast (unless `save` is False) and returns the report."""
    hub = hub_id or settings.hub_id
    polled: tuple[str, ...] = ()
    if platform is not None:
        result = poll_open_waves(
            store,
            platform,
            hub,
            now=now,
            zone=settings.zone,
            poll_minutes=settings.forecast.poll_minutes,
            dates=[delivery_date],
        )
        polled = result.open_waves
    inputs = load_inputs(store, settings, hub, delivery_date)
    try:
        result_forecast = forecast(
            inputs.day, inputs.history, inputs.calendar, inputs.today, inputs.settings
        )
    except ForecastUnavailable:
        raise NoForecastHistory(inputs.day) from None
    route_inputs = [
        RouteInput(r.route_id, r.name, r.line_share, r.departure) for r in inputs.routes
    ]
    # Crates are one pool for all zones: the per-zone numbers are needs, the pool is on hand.
    # From the number people see (the rounded forecast), so the printed needs can be checked.
    night_needs = needs(result_forecast.rounded, route_inputs, inputs.hub_rates, {})
    report = ForecastReport(
        inputs=inputs,
        made_at=now,
        forecast=result_forecast,
        needs=night_needs,
        backtest=backtest(inputs.history, inputs.calendar, inputs.settings),
        yesterday=_yesterday(store, inputs),
        weather_note=settings.forecast.weather_note,
        polled=polled,
    )
    if save:
        _save(store, report)
    return report


def load_inputs(
    store: Store, settings: Settings, hub_id: str, delivery_date: date
) -> ForecastInputs:
    """Everything the pure forecast needs for that delivery date, read from the store."""
    zone = settings.zone
    with store.read() as session:
        finals = forecast_repo.wave_finals(session, hub_id)
        snaps = forecast_repo.snapshots(session, hub_id)
        events = forecast_repo.events(session)
        measured = forecast_repo.measured_rates(session, hub_id, delivery_date, RATE_WAVES)
    day = _night_of(delivery_date, finals, snaps, zone)
    history, today = _nights(day, delivery_date, finals, snaps, zone)
    years = {day.year, day.year + 1} | {w.day.year for w in history}
    calendar = china_calendar(years, events=[_event(e) for e in events])
    rates = _rates(measured)
    sorting_start = _sorting_start(settings, day, finals, snaps, delivery_date)
    routes = _routes(settings, measured, delivery_date)
    hub_rates = HubRates(
        crates_per_line=rates.crates_per_line,
        units_per_line=rates.units_per_line,
        puts_per_hour=rates.puts_per_hour,
        crates_per_truck=settings.forecast.crates_per_truck,
        sorting_start=sorting_start,
        loading_buffer=timedelta(minutes=settings.routes.loading_buffer_min),
    )
    return ForecastInputs(
        hub_id=hub_id,
        delivery_date=delivery_date,
        day=day,
        history=tuple(history),
        today=tuple(today),
        calendar=calendar,
        rates=rates,
        routes=tuple(routes),
        hub_rates=hub_rates,
        crates_on_hand=crates_on_hand(store, settings),
        settings=ForecastSettings(forecast_at=parse_departure(settings.forecast.forecast_at)),
    )


def crates_on_hand(store: Store, settings: Settings) -> int | None:
    """Crates the hub owns less those leaders still hold; None when ownership is not set."""
    owned = settings.forecast.crates_owned
    if owned <= 0:
        return None
    held = sum(max(0, row.held) for row in ledger_rows(store))
    return max(0, owned - held)


def forecast_is_due(store: Store, settings: Settings, now: datetime) -> date | None:
    """The delivery date whose forecast is due now (tonight's wave, once `forecast_at` has
    passed today and no forecast was made since), or None."""
    zone = settings.zone
    local = now.astimezone(zone)
    at = datetime.combine(local.date(), parse_departure(settings.forecast.forecast_at), zone)
    if local < at:
        return None
    delivery = local.date() + timedelta(days=1)
    with store.read() as session:
        last = forecast_repo.last_forecast_made(session, settings.hub_id, delivery)
    return None if last is not None and last >= at else delivery


# --- local events --------------------------------------------------------------------------


def add_event(
    store: Store, day: date, name: str, *, factor: float | None, note: str, now: datetime
) -> EventRow:
    """Add the supervisor's event on `day` (replacing one already there)."""
    name = name.strip()
    if not name:
        raise UserFacingError("事件名称不能为空", "The event needs a name", code="bad_event")
    if factor is not None and not 0 < factor <= 10:
        raise UserFacingError(
            f"事件系数应在 0 到 10 之间：{factor}",
            f"The event's factor must be above 0 and at most 10: {factor}",
            code="bad_event",
        )
    row = EventRow(day, name[:200], factor, note.strip())
    with store.write() as session:
        forecast_repo.put_event(session, row, now)
    return row


def list_events(store: Store) -> list[EventRow]:
    with store.read() as session:
        return forecast_repo.events(session)


def remove_event(store: Store, day: date) -> None:
    with store.write() as session:
        if not forecast_repo.remove_event(session, day):
            raise UserFacingError(
                f"{day} 没有本地事件", f"No local event on {day}", code="no_event"
            )


# --- building the inputs -------------------------------------------------------------------


def _night_of(
    delivery_date: date,
    finals: Sequence[forecast_repo.WaveFinal],
    snaps: Sequence[SnapshotRow],
    zone: ZoneInfo,
) -> date:
    """The night (cutoff's local date) of the delivery date's first wave; the day before when
    no wave of that date is known yet (the night wave is cut off the evening before)."""
    cutoffs = [w.cutoff_at for w in finals if w.delivery_date == delivery_date]
    cutoffs += [s.cutoff_at for s in snaps if s.delivery_date == delivery_date]
    if not cutoffs:
        return delivery_date - timedelta(days=1)
    return min(cutoffs).astimezone(zone).date()


def _nights(
    day: date,
    delivery_date: date,
    finals: Sequence[forecast_repo.WaveFinal],
    snaps: Sequence[SnapshotRow],
    zone: ZoneInfo,
) -> tuple[list[PastWave], list[Snapshot]]:
    """Past nights before `day` (finals and curves), and tonight's snapshots."""
    final_by_night: dict[date, int] = defaultdict(int)
    imported = set()
    for wave in finals:
        if wave.delivery_date != delivery_date:
            final_by_night[wave.cutoff_at.astimezone(zone).date()] += wave.line_count
            imported.add(wave.wave_id)
    curves: dict[date, dict[time, int]] = defaultdict(lambda: defaultdict(int))
    for snap in snaps:
        night = snap.cutoff_at.astimezone(zone).date()
        if snap.status == CLOSED:
            if snap.wave_id not in imported and snap.delivery_date != delivery_date:
                final_by_night[night] += snap.line_count
            continue
        local = snap.taken_at.astimezone(zone)
        if local.date() == night and snap.taken_at <= snap.cutoff_at:
            curves[night][local.time().replace(microsecond=0)] += snap.line_count
    history = [
        PastWave(night, final, _points(curves.get(night, {})))
        for night, final in sorted(final_by_night.items())
        if night < day and final > 0
    ]
    return history, list(_points(curves.get(day, {})))


def _points(curve: dict[time, int]) -> tuple[Snapshot, ...]:
    return tuple(Snapshot(at, lines) for at, lines in sorted(curve.items()))


def _event(row: EventRow) -> LocalEvent:
    return LocalEvent(row.day, row.name, row.factor)


def _rates(measured: MeasuredRates) -> Rates:
    sources: dict[str, str] = {}
    if measured.lines > 0:
        units_per_line = measured.units / measured.lines
        sources["units_per_line"] = "history"
    else:
        units_per_line = DEFAULT_UNITS_PER_LINE
        sources["units_per_line"] = "default"
    if measured.crated_lines > 0 and measured.crates_by_zone:
        crates_per_line = {
            zone: n / measured.crated_lines for zone, n in sorted(measured.crates_by_zone.items())
        }
        sources["crates_per_line"] = "history"
    else:
        crates_per_line = dict(DEFAULT_CRATES_PER_LINE)
        sources["crates_per_line"] = "default"
    if measured.put_hours >= _MIN_PUT_HOURS and measured.put_units > 0:
        puts_per_hour = measured.put_units / measured.put_hours
        sources["puts_per_hour"] = "history"
    else:
        puts_per_hour = DEFAULT_PUTS_PER_HOUR
        sources["puts_per_hour"] = "default"
    sources["route_shares"] = "history" if measured.routes else "default"
    return Rates(crates_per_line, units_per_line, puts_per_hour, sources)


def _routes(settings: Settings, measured: MeasuredRates, delivery_date: date) -> list[RoutePlan]:
    """Routes with their share of lines (history; equal shares of the set departures without
    history) and their departure on the delivery date."""
    zone = settings.zone
    total = sum(r.lines for r in measured.routes)
    if total > 0:
        shares = [(r.route_id, r.name, r.lines / total) for r in measured.routes]
    else:
        ids = [route_id for route_id, _ in settings.routes.departures]
        shares = [(route_id, route_id, 1 / len(ids)) for route_id in ids]
    plans = []
    for route_id, name, share in shares:
        set_at = settings.routes.departure(route_id)
        departure = departure_at(delivery_date, set_at or DEFAULT_DEPARTURE, zone)
        plans.append(RoutePlan(route_id, name, share, departure, set_at is not None))
    return plans


def _sorting_start(
    settings: Settings,
    day: date,
    finals: Sequence[forecast_repo.WaveFinal],
    snaps: Sequence[SnapshotRow],
    delivery_date: date,
) -> datetime:
    """`sorting_start` on the night's date; the next day when that falls before the cutoff."""
    zone = settings.zone
    start = datetime.combine(day, parse_departure(settings.forecast.sorting_start), zone)
    cutoffs = [w.cutoff_at for w in finals if w.delivery_date == delivery_date]
    cutoffs += [s.cutoff_at for s in snaps if s.delivery_date == delivery_date]
    if cutoffs and start < min(cutoffs):
        start += timedelta(days=1)
    return start


def _yesterday(store: Store, inputs: ForecastInputs) -> NightActual | None:
    before = [wave for wave in inputs.history if wave.day < inputs.day]
    if not before:
        return None
    last = before[-1]
    with store.read() as session:
        made = forecast_repo.forecasts_made(
            session, inputs.hub_id, [inputs.delivery_date - (inputs.day - last.day)]
        )
    return NightActual(last.day, last.final_lines, next(iter(made.values()), None))


def _save(store: Store, report: ForecastReport) -> None:
    f = report.forecast
    explanation = report.to_json()
    with store.write() as session:
        forecast_repo.add_forecast(
            session,
            hub_id=report.inputs.hub_id,
            delivery_date=report.inputs.delivery_date,
            made_at=report.made_at.astimezone(UTC),
            lines=f.lines,
            low=f.low,
            high=f.high,
            method=f.method.value,
            explanation=explanation,
        )


def _plan(plans: Sequence[RoutePlan], route_id: str) -> RoutePlan:
    return next(plan for plan in plans if plan.route_id == route_id)
