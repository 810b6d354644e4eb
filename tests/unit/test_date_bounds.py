"""Dates and durations no project has are refused by the one parser, with the allowed range."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.services.planning.task_edits import save_task
from itpm_tui.services.planning.tasks import TaskInput, list_task_rows
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.parsing import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_DURATION_DAYS,
    parse_date,
    parse_datetime,
    parse_estimate,
)

PROPERTY = settings(max_examples=200, deadline=None)
TODAY = date(2026, 11, 18)
RANGE = f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"

outside = st.one_of(
    st.dates(max_value=EARLIEST_DATE - timedelta(days=1)),
    st.dates(min_value=LATEST_DATE + timedelta(days=1)),
)


@PROPERTY
@given(st.dates(EARLIEST_DATE, LATEST_DATE))
def test_every_date_in_range_is_accepted(day: date) -> None:
    assert parse_date(day.isoformat(), today=TODAY) == day


@PROPERTY
@given(outside)
def test_a_date_out_of_range_is_refused_naming_the_range(day: date) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(day.isoformat(), today=TODAY)
    assert RANGE in str(info.value) and len(str(info.value)) < 80
    # The date and time fields read their date the same way.
    with pytest.raises(ValueError):
        parse_datetime(f"{day.isoformat()} 10:00", today=TODAY)


@PROPERTY
@given(st.dates(EARLIEST_DATE, LATEST_DATE), st.integers(0, 9999), st.sampled_from("dw"))
def test_an_offset_lands_in_range_or_is_refused(today: date, amount: int, unit: str) -> None:
    days = amount * (7 if unit == "w" else 1)
    for sign, step in (("+", 1), ("-", -1)):
        wanted = today + timedelta(days=step * days)
        if EARLIEST_DATE <= wanted <= LATEST_DATE:
            assert parse_date(f"{sign}{amount}{unit}", today=today) == wanted
        else:
            with pytest.raises(ValueError, match=RANGE):
                parse_date(f"{sign}{amount}{unit}", today=today)


def test_the_year_one_start_of_the_report_is_refused() -> None:
    with pytest.raises(ValueError, match=f"'0001-01-01' is out of range: use {RANGE}"):
        parse_date("0001-01-01")


@PROPERTY
@given(st.integers(0, 4 * MAX_DURATION_DAYS))
def test_durations_up_to_the_longest_are_accepted(quarters: int) -> None:
    assert parse_estimate(f"{quarters / 4}d") == quarters / 4


@PROPERTY
@given(
    st.one_of(
        st.integers(MAX_DURATION_DAYS + 1, 10**30).map(str),
        st.integers(MAX_DURATION_DAYS // 5 + 1, 10**6).map(lambda w: f"{w}w"),
        st.integers(MAX_DURATION_DAYS * 8 + 1, 10**9).map(lambda h: f"{h}h"),
        st.floats(MAX_DURATION_DAYS + 0.01, 1e300).map(lambda f: f"{f:f}d"),
    )
)
def test_a_duration_past_the_longest_is_refused_naming_it(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_estimate(text)
    message = str(info.value)
    assert f"at most {MAX_DURATION_DAYS} working days" in message and len(message) < 80


def test_the_1e20_day_estimate_of_the_report_is_refused() -> None:
    with pytest.raises(ValueError, match="too long: at most 5000 working days"):
        parse_estimate("99999999999999999999")


def test_a_start_and_finish_too_far_apart_are_refused_beside_the_start(engine: Engine) -> None:
    with write_session(engine) as s:
        pid = int(create_project(s, ProjectInput(code="P", name="P"), TODAY).id)  # type: ignore[arg-type]
    data = TaskInput(title="Forever", start=date(1970, 1, 1), finish=date(2026, 11, 20))
    with pytest.raises(ValidationError) as info, write_session(engine) as s:
        save_task(s, pid, None, data, today=TODAY)
    assert "a task lasts at most 5,000" in info.value.errors["start"]
    with read_session(engine) as s:
        assert list_task_rows(s, pid) == []  # nothing saved half-way
