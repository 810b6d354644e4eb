"""Property tests for what people type: what a form shows parses back; junk is a ValueError."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from itpm_tui.services.calendar import WorkCalendar, parse_duration
from itpm_tui.services.parsing import (
    format_estimate,
    format_money,
    parse_date,
    parse_estimate,
    parse_money,
    parse_percent,
)

PROPERTY = settings(max_examples=300, deadline=None)

# Estimates as people keep them: whole, half and quarter days up to decades of work.
estimates = st.integers(0, 4_000_000).map(lambda quarters: quarters / 4)


@PROPERTY
@given(estimates)
@example(1234567.5)  # '%g' would show 1.23457e+06, which does not parse back
@example(0.1 + 0.2)
def test_the_estimate_a_form_shows_parses_back_to_the_same_value(days: float) -> None:
    shown = format_estimate(days)
    assert "e" not in shown.lower().rstrip("d")
    assert parse_estimate(shown) == pytest.approx(days, rel=1e-9, abs=1e-9)


@PROPERTY
@given(st.floats(0, 1e9, allow_nan=False))
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
@given(st.dates(), st.dates())
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
