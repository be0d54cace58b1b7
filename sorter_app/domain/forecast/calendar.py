"""What kind of day a date is for the forecast: a plain day (its weekday decides), a public
holiday, the day before one, a 调休 make-up workday (a weekend day worked in exchange for a
holiday), and the supervisor's local events.

The calendar is plain data (`HubCalendar`) so the model and its tests take any calendar;
`china_calendar` builds it from the `holidays` package, the one place that imports it.

`holidays` (0.109) lists China's public holidays, its substituted days off, and the make-up
workdays (`weekend_workdays`) for every year whose State Council arrangement it knows: up to 2026.
For a later year it estimates the holidays and knows no make-up workdays; those are added here
(`EXTRA_MAKEUP_WORKDAYS`, empty until the arrangement is published) or by the supervisor
(`china_calendar(..., makeup_workdays=...)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

# 调休 make-up workdays the installed `holidays` package does not know yet, by year. Add a
# year's days when the State Council publishes its arrangement (usually in November).
EXTRA_MAKEUP_WORKDAYS: Mapping[int, frozenset[date]] = {}

_LONGEST_BREAK = 12


class DayKind(StrEnum):
    # A day like any other of its weekday.
    NORMAL = "normal"
    # A public holiday or a substituted day off: people are at home, many travel.
    HOLIDAY = "holiday"
    # The last day before a holiday: people stock up.
    HOLIDAY_EVE = "holiday_eve"
    # A Saturday or Sunday worked in exchange for a holiday: a weekend that behaves like a workday.
    MAKEUP_WORKDAY = "makeup_workday"


@dataclass(frozen=True, slots=True)
class LocalEvent:
    """A day the supervisor marks: a local festival, a platform promotion, a storm.

    `factor` multiplies the forecast when given (1.2: a fifth more lines); without it the factor
    is learned from past event days (or 1.0 when there are none), and the day is left out of the
    weekday profile either way.
    """

    day: date
    name: str
    factor: float | None = None

    def __post_init__(self) -> None:
        if self.factor is not None and self.factor <= 0:
            raise ValueError(f"event {self.name!r} on {self.day}: factor must be > 0")


@dataclass(frozen=True, slots=True)
class DayInfo:
    """A date as the forecast sees it."""

    day: date
    kind: DayKind
    holiday_name: str | None = None
    event: LocalEvent | None = None

    @property
    def weekday(self) -> int:
        """Monday 0 … Sunday 6."""
        return self.day.weekday()

    @property
    def is_plain(self) -> bool:
        """A normal day without an event: the only days the weekday profile is built from."""
        return self.kind is DayKind.NORMAL and self.event is None


@dataclass(frozen=True, slots=True)
class HubCalendar:
    """Public holidays (date → name), make-up workdays and local events, as plain data."""

    public_holidays: Mapping[date, str] = field(default_factory=dict)
    makeup_workdays: frozenset[date] = frozenset()
    events: Mapping[date, LocalEvent] = field(default_factory=dict)

    def info(self, day: date) -> DayInfo:
        """The kind of `day`: a holiday first, then the eve of one, then a make-up workday.

        A weekend joined to a holiday (春节 2026: Sunday 15 February to Monday 23 February) is
        part of the break: it counts as a holiday, and the eve is the day before the whole break.
        """
        event = self.events.get(day)
        name = self._break_name(day)
        if name is not None:
            return DayInfo(day, DayKind.HOLIDAY, name, event)
        following = self._break_name(day + timedelta(days=1))
        if following is not None:
            return DayInfo(day, DayKind.HOLIDAY_EVE, following, event)
        if day in self.makeup_workdays:
            return DayInfo(day, DayKind.MAKEUP_WORKDAY, None, event)
        return DayInfo(day, DayKind.NORMAL, None, event)

    def _off(self, day: date) -> bool:
        if day in self.public_holidays:
            return True
        return day.weekday() >= 5 and day not in self.makeup_workdays

    def _break_name(self, day: date) -> str | None:
        """The name of the holiday whose break `day` belongs to, or None."""
        if day in self.public_holidays:
            return self.public_holidays[day]
        if not self._off(day):
            return None
        # A weekend day: look through the run of days off it is in (a break is at most ~10 days).
        for step in (1, -1):
            other = day
            for _ in range(_LONGEST_BREAK):
                other += timedelta(days=step)
                if not self._off(other):
                    break
                if other in self.public_holidays:
                    return self.public_holidays[other]
        return None

    def with_events(self, events: Iterable[LocalEvent]) -> HubCalendar:
        """This calendar with the supervisor's events added (a later event on a date wins)."""
        merged = dict(self.events)
        merged.update({event.day: event for event in events})
        return HubCalendar(self.public_holidays, self.makeup_workdays, merged)


def china_calendar(
    years: Iterable[int],
    *,
    events: Iterable[LocalEvent] = (),
    makeup_workdays: Iterable[date] = (),
    language: str = "zh_CN",
) -> HubCalendar:
    """China's public holidays and 调休 make-up workdays for `years` from the `holidays` package,
    with the supervisor's events and any make-up workdays the package does not know yet."""
    import holidays  # the one third-party import of the domain; kept here so the rest is pure

    wanted = sorted(set(years))
    cn = holidays.country_holidays("CN", years=wanted, language=language)
    public = {day: str(name) for day, name in cn.items()}
    # The package keeps make-up workdays of years it was never asked for (old decrees): keep ours.
    known = {day for day in cn.weekend_workdays if day.year in wanted}
    for year in wanted:
        known |= EXTRA_MAKEUP_WORKDAYS.get(year, frozenset())
    known |= set(makeup_workdays)
    return HubCalendar(public, frozenset(known)).with_events(events)
