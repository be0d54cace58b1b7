"""The forecast's calendar: China's holidays and 调休 make-up workdays, eves, local events."""

from __future__ import annotations

from datetime import date

import pytest

from sorter_app.domain.forecast.calendar import DayKind, HubCalendar, LocalEvent, china_calendar


@pytest.fixture(scope="module")
def cn2026() -> HubCalendar:
    return china_calendar([2026])


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (date(2026, 10, 1), DayKind.HOLIDAY),  # 国庆节
        (date(2026, 10, 7), DayKind.HOLIDAY),  # a substituted day off
        (date(2026, 9, 30), DayKind.HOLIDAY_EVE),
        (date(2026, 10, 10), DayKind.MAKEUP_WORKDAY),  # Saturday worked for the break
        (date(2026, 9, 20), DayKind.MAKEUP_WORKDAY),  # Sunday worked for the break
        (date(2026, 10, 11), DayKind.NORMAL),  # an ordinary Sunday
        (date(2026, 10, 14), DayKind.NORMAL),
        (date(2026, 2, 17), DayKind.HOLIDAY),  # 春节
        # The Sunday before 除夕 and the weekend inside the break belong to the break.
        (date(2026, 2, 15), DayKind.HOLIDAY),
        (date(2026, 2, 21), DayKind.HOLIDAY),
        (date(2026, 2, 28), DayKind.MAKEUP_WORKDAY),
    ],
)
def test_china_days_get_their_kind(cn2026: HubCalendar, day: date, kind: DayKind) -> None:
    assert cn2026.info(day).kind is kind


def test_holidays_carry_their_chinese_name(cn2026: HubCalendar) -> None:
    assert cn2026.info(date(2026, 10, 1)).holiday_name == "国庆节"
    assert cn2026.info(date(2026, 9, 30)).holiday_name == "国庆节"  # the eve names what follows
    assert cn2026.info(date(2026, 10, 14)).holiday_name is None


def test_makeup_workdays_the_package_does_not_know_can_be_added() -> None:
    # Without the published arrangement of a year, a Saturday is an ordinary Saturday ...
    saturday = date(2027, 3, 6)
    assert china_calendar([2027]).info(saturday).kind is DayKind.NORMAL
    # ... until the supervisor (or EXTRA_MAKEUP_WORKDAYS) says it is worked.
    added = china_calendar([2027], makeup_workdays=[saturday])
    assert added.info(saturday).kind is DayKind.MAKEUP_WORKDAY


def test_only_the_asked_years_make_up_workdays_are_kept(cn2026: HubCalendar) -> None:
    assert cn2026.makeup_workdays
    assert {day.year for day in cn2026.makeup_workdays} == {2026}


def test_an_injected_calendar_needs_no_package() -> None:
    calendar = HubCalendar({date(2026, 5, 13): "庙会"}, frozenset({date(2026, 5, 16)}))
    assert calendar.info(date(2026, 5, 13)).kind is DayKind.HOLIDAY
    assert calendar.info(date(2026, 5, 12)).kind is DayKind.HOLIDAY_EVE
    assert calendar.info(date(2026, 5, 16)).kind is DayKind.MAKEUP_WORKDAY
    assert calendar.info(date(2026, 5, 14)).is_plain


def test_local_events_mark_a_day_and_keep_its_kind(cn2026: HubCalendar) -> None:
    fair = LocalEvent(date(2026, 10, 14), "社区团购节", 1.4)
    national = LocalEvent(date(2026, 10, 2), "烟花晚会")
    calendar = cn2026.with_events([fair, national])
    info = calendar.info(date(2026, 10, 14))
    assert info.kind is DayKind.NORMAL and info.event == fair and not info.is_plain
    assert calendar.info(date(2026, 10, 2)).kind is DayKind.HOLIDAY
    assert calendar.info(date(2026, 10, 2)).event == national
    assert cn2026.info(date(2026, 10, 14)).event is None  # the original is unchanged


def test_an_event_factor_must_be_positive() -> None:
    with pytest.raises(ValueError, match="factor"):
        LocalEvent(date(2026, 10, 14), "x", 0)
