"""When a routine item is due, whether a tick was in its window, and which term a day is."""
import datetime as dt

import pytest

from server.rules.routines import check_value, due_on, overdue, term_of, timing

D = dt.date
# Monday 30 Nov to Sunday 6 Dec 2026; Wednesday 2 Dec a holiday, Saturday 5 Dec a make-up day
OPEN = {D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 4), D(2026, 12, 5),
        D(2026, 12, 7), D(2026, 12, 8)}
LUNCH = {"key": "tables", "label": "午餐前桌面消毒", "start": "11:10", "end": "11:30"}


def days(item):
    return [d.day for d in sorted(OPEN | {D(2026, 12, 2), D(2026, 12, 6)}) if due_on(item, d, OPEN)]


def test_a_daily_item_is_due_every_school_day_and_never_on_a_holiday():
    assert days({**LUNCH, "freq": "daily"}) == [30, 1, 3, 4, 5, 7, 8]


def test_a_weekly_item_is_due_on_its_weekday_or_the_next_school_day_that_week():
    def first_week(weekday):  # OPEN holds only that week whole
        return [d for d in days({**LUNCH, "freq": "weekly", "weekday": weekday}) if d == 30 or d < 7]
    assert first_week(4) == [4]
    assert first_week(2) == [3]  # Wednesday the holiday
    assert first_week(0) == [30]
    assert first_week(6) == [5]  # Sunday: the make-up Saturday before it


def test_a_weekly_item_whose_day_and_the_rest_of_its_week_are_closed_comes_before():
    """A Friday item in a week whose Friday is a holiday: on the Thursday before it; a
    week closed all through owes nothing; one open only on a make-up Sunday owes it then."""
    friday = {**LUNCH, "freq": "weekly", "weekday": 4}
    week = [D(2026, 12, 7) + dt.timedelta(days=i) for i in range(7)]  # Monday 7 December
    opened = set(week[:4])  # Friday 11 December a holiday
    assert [d.day for d in week if due_on(friday, d, opened)] == [10]
    assert [d.day for d in week if due_on(friday, d, set())] == []
    assert [d.day for d in week if due_on(friday, d, {week[6]})] == [13]
    monday = {**LUNCH, "freq": "weekly", "weekday": 0}
    assert [d.day for d in week if due_on(monday, d, set(week[1:5]))] == [8]


def test_the_school_days_a_month_needs_reach_into_the_weeks_it_starts_and_ends_in():
    from server.rules.routines import due_bounds
    assert due_bounds(D(2026, 12, 15)) == (D(2026, 11, 30), D(2027, 1, 3))
    assert due_bounds(D(2026, 6, 10)) == (D(2026, 6, 1), D(2026, 7, 5))


def test_a_monthly_item_is_due_on_the_first_school_day_on_or_after_its_day():
    def december(monthday):
        return [d for d in days({**LUNCH, "freq": "monthly", "monthday": monthday}) if d < 30]
    assert december(1) == [1]
    assert december(2) == [3]  # the 2nd a holiday
    assert december(31) == []  # no school day left in the month
    assert days({**LUNCH, "freq": "monthly", "monthday": 28}) == [30]  # the 28th a Saturday


def at(day, hhmm, tz=dt.timezone(dt.timedelta(hours=8))):
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tz)


@pytest.mark.parametrize("when, expected", [
    ((D(2026, 12, 1), "11:20"), "on_time"), ((D(2026, 12, 1), "11:10"), "on_time"),
    ((D(2026, 12, 1), "11:31"), "late"), ((D(2026, 12, 2), "08:00"), "late"),
    ((D(2026, 12, 1), "10:59"), "early"), ((D(2026, 11, 30), "11:20"), "early"),
])
def test_a_tick_outside_its_window_is_late_or_early(when, expected):
    assert timing(LUNCH, D(2026, 12, 1), at(*when)) == expected


def test_an_item_is_overdue_once_its_window_is_over():
    assert not overdue(LUNCH, D(2026, 12, 1), at(D(2026, 12, 1), "11:30"))
    assert overdue(LUNCH, D(2026, 12, 1), at(D(2026, 12, 1), "11:31"))
    assert overdue({"key": "x", "label": "x"}, D(2026, 12, 1), at(D(2026, 12, 2), "00:01"))


@pytest.mark.parametrize("day, term", [(D(2026, 3, 1), "2026-spring"), (D(2026, 8, 31), "2026-spring"),
                                       (D(2026, 9, 1), "2026-autumn"), (D(2027, 2, 15), "2026-autumn")])
def test_terms_run_march_to_august_and_september_to_february(day, term):
    assert term_of(day) == term


@pytest.mark.parametrize("item, value, fits", [
    ({"needs": "tick"}, True, True), ({"needs": "tick"}, 3, False),
    ({"needs": "number", "min": 30, "max": 45}, 38.5, True),
    ({"needs": "number", "min": 30, "max": 45}, 60, False),
    ({"needs": "number", "min": 30, "max": 45}, "38", False),
    ({"needs": "number"}, True, False),
    ({"needs": "choice", "choices": ["紫外线灯", "蒸汽"]}, "蒸汽", True),
    ({"needs": "choice", "choices": ["紫外线灯", "蒸汽"]}, "火烤", False),
    ({"needs": "note"}, "睡得好", True), ({"needs": "note"}, None, False),
    ({"needs": "photo"}, "a" * 64, True), ({"needs": "photo"}, "x.jpg", False),
])
def test_a_value_must_fit_what_the_item_needs(item, value, fits):
    assert (check_value(item, value) is None) == fits
