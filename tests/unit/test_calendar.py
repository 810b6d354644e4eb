"""Tests for the working calendar and the duration parser."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itpm_tui.services.planning.calendar import WorkCalendar, parse_duration

# January 2024 starts on a Monday.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2024, 1, day) for day in range(1, 8))
NEXT_MON = date(2024, 1, 8)
CHRISTMAS = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"


def test_default_week_is_monday_to_friday() -> None:
    cal = WorkCalendar()
    assert [cal.is_working_day(day) for day in (MON, TUE, WED, THU, FRI, SAT, SUN)] == [
        True, True, True, True, True, False, False,
    ]  # fmt: skip


def test_custom_weekdays_sunday_to_thursday() -> None:
    cal = WorkCalendar(weekdays=frozenset({6, 0, 1, 2, 3}))
    assert cal.is_working_day(SUN)
    assert not cal.is_working_day(FRI)
    assert not cal.is_working_day(SAT)
    assert cal.next_working_day(FRI) == SUN


def test_next_and_prev_working_day() -> None:
    cal = WorkCalendar()
    assert cal.next_working_day(MON) == MON
    assert cal.next_working_day(SAT) == NEXT_MON
    assert cal.prev_working_day(FRI) == FRI
    assert cal.prev_working_day(SUN) == FRI


def test_single_holiday_is_skipped() -> None:
    cal = WorkCalendar(holidays=frozenset({WED}))
    assert not cal.is_working_day(WED)
    assert cal.add_working_days(TUE, 1) == THU
    assert cal.working_days_between(MON, FRI) == 3
    assert cal.next_working_day(WED) == THU
    assert cal.prev_working_day(WED) == TUE


def test_recurring_christmas_in_many_years() -> None:
    cal = WorkCalendar(recurring_holidays=(CHRISTMAS,))
    # 2024-12-25 is a Wednesday, 2030-12-25 a Wednesday, 1995-12-25 a Monday.
    for year in (2024, 2030, 1995, 2150):
        assert not cal.is_working_day(date(year, 12, 25))
    assert cal.is_working_day(date(2024, 12, 24))
    assert cal.add_working_days(date(2024, 12, 24), 1) == date(2024, 12, 26)
    assert cal.next_working_day(date(1995, 12, 25)) == date(1995, 12, 26)
    assert cal.working_days_between(date(2024, 12, 23), date(2024, 12, 30)) == 4


def test_recurring_rule_with_its_own_start() -> None:
    # Only from 2026 on: 2025-07-04 (a Friday) stays a working day.
    rule = "DTSTART:20260101T000000\nRRULE:FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4"
    cal = WorkCalendar(recurring_holidays=(rule,))
    assert cal.is_working_day(date(2025, 7, 4))
    assert not cal.is_working_day(date(2028, 7, 4))  # a Tuesday


def test_add_working_days_snaps_then_moves() -> None:
    cal = WorkCalendar()
    assert cal.add_working_days(MON, 0) == MON
    assert cal.add_working_days(SAT, 0) == NEXT_MON
    assert cal.add_working_days(FRI, 1) == NEXT_MON
    assert cal.add_working_days(SAT, 1) == date(2024, 1, 9)
    assert cal.add_working_days(SAT, -1) == FRI
    assert cal.add_working_days(NEXT_MON, -1) == FRI
    assert cal.add_working_days(WED, 5) == date(2024, 1, 10)
    assert cal.add_working_days(WED, -10) == date(2023, 12, 20)


def test_working_days_between_is_signed_and_half_open() -> None:
    cal = WorkCalendar()
    assert cal.working_days_between(MON, FRI) == 4
    assert cal.working_days_between(FRI, MON) == -4
    assert cal.working_days_between(MON, NEXT_MON) == 5
    assert cal.working_days_between(SAT, SUN) == 0
    assert cal.working_days_between(FRI, SAT) == 1
    assert cal.working_days_between(MON, MON) == 0


def test_far_dates_in_both_directions() -> None:
    cal = WorkCalendar()
    # With no holidays, 5k working days from a Monday is k weeks later.
    assert cal.add_working_days(MON, 5 * 10_400) == MON + timedelta(weeks=10_400)
    assert cal.add_working_days(date(1850, 1, 7), 1) == date(1850, 1, 8)
    assert cal.working_days_between(date(1990, 1, 1), date(1990, 1, 8)) == 5


def test_index_is_the_same_whatever_was_built_first() -> None:
    # Not equal (equal calendars share their tables), but alike before 2150.
    late_first, early_first = WorkCalendar(holidays=frozenset({date(2150, 1, 6)})), WorkCalendar()
    late_first.working_day_index(date(2090, 6, 1))
    early_first.working_day_index(date(1960, 6, 1))
    for day in (date(1960, 6, 1), date(2024, 5, 5), date(2090, 6, 1)):
        assert late_first.working_day_index(day) == early_first.working_day_index(day)
    assert WorkCalendar().working_day_index(date(2000, 1, 1)) == 0  # a Saturday
    assert WorkCalendar().working_day_index(date(2000, 1, 4)) == 1


def test_date_table_covers_requested_indexes() -> None:
    cal = WorkCalendar()
    first, last = cal.working_day_index(MON), cal.working_day_index(date(2060, 1, 5))
    table, offset = cal.date_table(first, last)
    assert table[first - offset] == MON
    assert table[last - offset] == date(2060, 1, 5)
    assert cal.date_of_index(first + 5) == NEXT_MON


def test_equal_calendars_share_tables_built_by_either() -> None:
    first = WorkCalendar(holidays=frozenset({date(2031, 1, 6)}))
    assert first.working_day_index(date(2031, 1, 7)) == first.working_day_index(date(2031, 1, 6))
    again = WorkCalendar(holidays=frozenset({date(2031, 1, 6)}))
    assert not again.is_working_day(date(2031, 1, 6))
    assert again.add_working_days(date(2031, 1, 3), 1) == date(2031, 1, 7)


def test_equal_calendars_are_equal_and_hashable() -> None:
    # Lists are accepted at run time and frozen; the fields are typed as what they become.
    one = WorkCalendar(
        weekdays=[0, 1, 2, 3, 4],  # type: ignore[arg-type]
        holidays=[WED],  # type: ignore[arg-type]
        recurring_holidays=[CHRISTMAS],  # type: ignore[arg-type]
    )
    two = WorkCalendar(holidays=frozenset({WED}), recurring_holidays=(CHRISTMAS,))
    one.is_working_day(MON)  # building tables must not change equality
    assert one == two
    assert len({one, two}) == 1
    assert one != WorkCalendar()


@pytest.mark.parametrize("weekdays", [set(), {7}, {-1, 2}])
def test_bad_weekdays_are_refused(weekdays: set[int]) -> None:
    with pytest.raises(ValueError, match="working weekdays"):
        WorkCalendar(weekdays=frozenset(weekdays))


def test_bad_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="'nonsense' is not a recurrence rule"):
        WorkCalendar(recurring_holidays=("nonsense",))


def test_calendar_without_working_days_is_refused() -> None:
    cal = WorkCalendar(weekdays=frozenset({0}), recurring_holidays=("FREQ=WEEKLY;BYDAY=MO",))
    with pytest.raises(ValueError, match="no working days"):
        cal.next_working_day(MON)


# -- a day-by-day reference to check the table-driven arithmetic against ------------------


def _reference_add(cal_days: set[int], off: set[date], day: date, n: int) -> date:
    def working(d: date) -> bool:
        return d.weekday() in cal_days and d not in off

    while not working(day):
        day += timedelta(days=1)
    step = timedelta(days=1 if n >= 0 else -1)
    for _ in range(abs(n)):
        day += step
        while not working(day):
            day += step
    return day


days_2020s = st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31))
weekday_sets = st.sets(st.integers(0, 6), min_size=1)


@given(
    weekdays=weekday_sets,
    holidays=st.sets(days_2020s, max_size=30),
    day=days_2020s,
    n=st.integers(-300, 300),
)
def test_add_working_days_matches_day_by_day_walk(
    weekdays: set[int], holidays: set[date], day: date, n: int
) -> None:
    cal = WorkCalendar(weekdays=frozenset(weekdays), holidays=frozenset(holidays))
    assert cal.add_working_days(day, n) == _reference_add(weekdays, holidays, day, n)


@given(weekdays=weekday_sets, holidays=st.sets(days_2020s, max_size=30), a=days_2020s, b=days_2020s)
def test_between_counts_working_days_in_half_open_range(
    weekdays: set[int], holidays: set[date], a: date, b: date
) -> None:
    cal = WorkCalendar(weekdays=frozenset(weekdays), holidays=frozenset(holidays))
    low, high = min(a, b), max(a, b)
    count = sum(
        1
        for k in range((high - low).days)
        if (low + timedelta(days=k)).weekday() in weekdays
        and low + timedelta(days=k) not in holidays
    )
    assert cal.working_days_between(a, b) == (count if a <= b else -count)


# Shared so that its tables are built once for all examples.
WITH_HOLIDAYS = WorkCalendar(
    holidays=frozenset({date(2024, 1, 2)}), recurring_holidays=(CHRISTMAS,)
)


@given(day=days_2020s, a=st.integers(-400, 400), b=st.integers(-400, 400))
def test_add_composes_and_between_inverts(day: date, a: int, b: int) -> None:
    cal = WITH_HOLIDAYS
    assert cal.add_working_days(cal.add_working_days(day, a), b) == cal.add_working_days(day, a + b)
    start = cal.next_working_day(day)
    assert cal.working_days_between(start, cal.add_working_days(start, a)) == a


@given(day=days_2020s)
def test_snapping_lands_on_the_nearest_working_days(day: date) -> None:
    cal = WITH_HOLIDAYS
    after, before = cal.next_working_day(day), cal.prev_working_day(day)
    assert cal.is_working_day(after) and cal.is_working_day(before)
    assert before <= day <= after
    between_days = [day + timedelta(days=k) for k in range(1, (after - day).days)]
    assert not any(cal.is_working_day(d) for d in between_days)
    between_days = [before + timedelta(days=k) for k in range(1, (day - before).days)]
    assert not any(cal.is_working_day(d) for d in between_days)


# -- durations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("3", 3.0),
        ("3d", 3.0),
        ("2w", 10.0),
        ("1.5d", 1.5),
        ("4h", 0.5),
        (" 2 W ", 10.0),
        ("0", 0.0),
        ("0.5w", 2.5),
        ("1,5d", 1.5),
        (".5d", 0.5),
    ],
)
def test_parse_duration(text: str, days: float) -> None:
    assert parse_duration(text) == days


@pytest.mark.parametrize("text", ["abc", "", "3x", "d", "1.2.3", "3 days", "nan", "1e3"])
def test_parse_duration_refuses_bad_text(text: str) -> None:
    message = f"'{text.strip()}' is not a duration: use e.g. 3d, 2w, 1.5d, 4h"
    with pytest.raises(ValueError) as error:
        parse_duration(text)
    assert str(error.value) == message


@pytest.mark.parametrize("text", ["-3d", "-1", "-2w"])
def test_parse_duration_refuses_negative(text: str) -> None:
    with pytest.raises(ValueError, match="is negative"):
        parse_duration(text)


@given(
    amount=st.decimals(min_value=0, max_value=10_000, places=2),
    unit=st.sampled_from(["", "d", "w", "h", "D", "W", "H"]),
)
def test_parse_duration_scales_each_unit(amount: Decimal, unit: str) -> None:
    factor = {"": 1, "d": 1, "w": 5, "h": 1 / 8}[unit.lower()]
    assert parse_duration(f"{amount}{unit}") == pytest.approx(float(amount) * factor)


@given(st.text(max_size=12))
def test_parse_duration_returns_a_non_negative_number_or_value_error(text: str) -> None:
    try:
        days = parse_duration(text)
    except ValueError as error:
        assert "duration" in str(error)
    else:
        assert days >= 0


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be 1 or more"),
        ("FREQ=HOURLY", "days, weeks, months or years"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY runs from 1 to 31"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "falls on any day in 30 years"),
    ],
)
def test_holiday_rules_that_would_never_end_are_refused(rule: str, says: str) -> None:
    # dateutil accepts each of these, then loops for ever (or to the year 9999) on use.
    with pytest.raises(ValueError, match=says):
        WorkCalendar(recurring_holidays=(rule,))
