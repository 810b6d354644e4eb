"""Property tests for what people type: what a form shows parses back; junk is a ValueError."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from itpm_tui.services.planning.calendar import WorkCalendar, parse_duration
from itpm_tui.services.shared.parsing import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_DURATION_DAYS,
    format_datetime,
    format_estimate,
    format_money,
    format_weekdays,
    parse_date,
    parse_datetime,
    parse_estimate,
    parse_money,
    parse_percent,
    parse_weekdays,
)

PROPERTY = settings(max_examples=300, deadline=None)

# Estimates as people keep them: whole, half and quarter days up to the longest allowed.
estimates = st.integers(0, 4 * MAX_DURATION_DAYS).map(lambda quarters: quarters / 4)


@PROPERTY
@given(estimates)
@example(1234.5678)  # '%g' would show 1234.57, which is not the same value
@example(0.1 + 0.2)
def test_the_estimate_a_form_shows_parses_back_to_the_same_value(days: float) -> None:
    shown = format_estimate(days)
    assert "e" not in shown.lower().rstrip("d")
    assert parse_estimate(shown) == pytest.approx(days, rel=1e-9, abs=1e-9)


@PROPERTY
@given(st.floats(0, MAX_DURATION_DAYS, allow_nan=False))
def test_any_stored_estimate_shows_as_something_that_parses(days: float) -> None:
    assert parse_estimate(format_estimate(days)) == pytest.approx(days, rel=1e-6, abs=1e-6)


def test_format_estimate_examples() -> None:
    assert [format_estimate(d) for d in (0, 3, 1.5, 0.25, 10.0)] == [
        "0d",
        "3d",
        "1.5d",
        "0.25d",
        "10d",
    ]


@PROPERTY
@given(st.integers(0, 10_000), st.sampled_from(["d", "w", "h"]))
def test_durations_with_units_mean_working_days(amount: int, unit: str) -> None:
    expected = {"d": amount, "w": amount * 5, "h": amount / 8}[unit]
    assert parse_duration(f"{amount}{unit}") == expected
    assert parse_duration(f" {amount} {unit.upper()} ") == expected


@PROPERTY
@given(st.text())
def test_parse_duration_of_anything_is_a_number_or_a_clear_error(text: str) -> None:
    try:
        days = parse_duration(text)
    except ValueError as error:
        assert "duration" in str(error)
    else:
        assert days >= 0


@PROPERTY
@given(st.dates(EARLIEST_DATE, LATEST_DATE), st.dates(EARLIEST_DATE, LATEST_DATE))
def test_dates_round_trip_and_relative_offsets_agree(day: date, today: date) -> None:
    assert parse_date(day.isoformat(), today=today) == day
    delta = (day - today).days
    if abs(delta) <= 9999:
        sign = "+" if delta >= 0 else "-"
        assert parse_date(f"{sign}{abs(delta)}d", today=today) == day


@PROPERTY
@given(st.integers(0, 100))
def test_percent_round_trips_with_or_without_the_sign(value: int) -> None:
    assert parse_percent(str(value)) == value
    assert parse_percent(f"{value}%") == value
    assert parse_percent(f" {value} % ") == value


@PROPERTY
@given(st.integers(0, 10**15), st.sampled_from([0, 2, 3]))
def test_money_shown_parses_back_with_its_thousands_separators(minor: int, decimals: int) -> None:
    assert parse_money(format_money(minor, decimals=decimals), decimals=decimals) == minor


RULE_PARTS = st.sampled_from(
    [
        "FREQ=YEARLY",
        "FREQ=MONTHLY",
        "FREQ=WEEKLY",
        "FREQ=DAILY",
        "BYMONTH=12",
        "BYMONTH=13",
        "BYMONTHDAY=25",
        "BYMONTHDAY=-1",
        "BYMONTHDAY=99",
        "BYDAY=MO",
        "BYDAY=+1MO",
        "BYDAY=XX",
        "BYSETPOS=-1",
        "INTERVAL=0",
        "INTERVAL=2",
        "COUNT=3",
        "COUNT=-1",
        "UNTIL=20301231",
        "UNTIL=junk",
        "BYEASTER=0",
        "DTSTART:20260101",
        "WKST=ZZ",
        "",
        "=",
        ";",
        "RRULE:",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(RULE_PARTS | st.text(max_size=8), max_size=5).map(";".join))
@example("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25")
@example("DTSTART:20260101")  # dateutil raised IndexError on it
def test_a_recurrence_rule_is_accepted_or_refused_with_a_clear_error(rule: str) -> None:
    try:
        calendar = WorkCalendar(recurring_holidays=(rule,))
        # An accepted rule works for the dates a project spans.
        calendar.is_working_day(date(2026, 12, 25))
        calendar.add_working_days(date(2026, 1, 5), 300)
    except ValueError as error:
        # Refused as written, or a rule that takes every day off ("FREQ=DAILY").
        assert "recurrence rule" in str(error) or "no working days" in str(error)


# --- moments and weekdays (downtime and the service window) ------------------------------

moments = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2199, 12, 31, 23, 59)
).map(lambda m: m.replace(second=0, microsecond=0, tzinfo=UTC))


@PROPERTY
@given(moments, st.dates())
def test_a_moment_shown_parses_back_to_itself_in_utc(moment: datetime, today: date) -> None:
    shown = format_datetime(moment)
    assert parse_datetime(shown, today=today) == moment
    assert parse_datetime(shown.replace(" ", "T") + "Z", today=today) == moment
    assert parse_datetime(f"  {shown}  UTC ", today=today) == moment


@PROPERTY
@given(
    st.dates(date(1971, 1, 1), date(2198, 1, 1)),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(-999, 999),
)
def test_relative_days_take_a_time_of_day(today: date, hour: int, minute: int, days: int) -> None:
    offset = f"{'+' if days >= 0 else '-'}{abs(days)}d"
    day = parse_date(offset, today=today)
    assert day is not None
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
    assert parse_datetime(f"{offset} {hour}:{minute:02d}", today=today) == moment


@PROPERTY
@given(st.text(max_size=30))
@example("2026-11-18 24:00")
@example("2026-11-18 9:60")
@example("today today 10:00")
@example("utc")
def test_parse_datetime_of_anything_is_utc_or_a_clear_error(text: str) -> None:
    try:
        moment = parse_datetime(text, today=date(2026, 11, 18))
    except ValueError as error:
        assert "date" in str(error) or "time" in str(error)
    else:
        assert moment is None or moment.tzinfo is UTC


@PROPERTY
@given(st.frozensets(st.integers(0, 6), min_size=1))
def test_weekdays_shown_parse_back(days: frozenset[int]) -> None:
    assert parse_weekdays(format_weekdays(days)) == days
    assert parse_weekdays(",".join(str(d) for d in sorted(days))) == days


@PROPERTY
@given(st.text(max_size=20))
@example("mon-")
@example("-")
@example("7")
@example("sun-mon")
def test_parse_weekdays_of_anything_is_days_or_a_clear_error(text: str) -> None:
    try:
        days = parse_weekdays(text)
    except ValueError as error:
        assert "weekday" in str(error)
    else:
        assert days and days <= frozenset(range(7))


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("Mon, Wed, Fri", {0, 2, 4}),
        ("0-4", {0, 1, 2, 3, 4}),
        ("sat sun", {5, 6}),
        ("weekend", {5, 6}),
        ("all", set(range(7))),
        ("thurs-saturday", {3, 4, 5}),
        ("fri-mon", {4, 5, 6, 0}),
    ],
)
def test_parse_weekdays_examples(text: str, days: set[int]) -> None:
    assert parse_weekdays(text) == days
