"""The working calendar edited on a real SQLite file: holidays and weekdays move the plan."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Holiday, Project, Task
from itpm_tui.services.planning import calendar_records as work_calendar
from itpm_tui.services.planning.calendar_records import HolidayInput, parse_holiday
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.services.shared.errors import ItpmError, ValidationError

MONDAY = date(2026, 3, 2)
TODAY = date(2026, 2, 25)


@pytest.fixture
def plan(engine: Engine) -> dict[str, int]:
    """Project P from Monday 2 March 2026: A (5 d, Mon-Fri) then B (2 d, next Mon-Tue)."""
    with write_session(engine) as session:
        project = create_project(session, ProjectInput(code="P", name="Plan", start=MONDAY))
        ids = {"project": int(project.id)}  # type: ignore[arg-type]
        for title, days in (("A", 5), ("B", 2)):
            task = create_task(session, ids["project"], TaskInput(title=title))
            task.duration_days = days
            session.add(task)
            session.flush()
            ids[title] = int(task.id)  # type: ignore[arg-type]
        add_dependency(session, ids["A"], ids["B"])
        reschedule(session, ids["project"], TODAY)
    return ids


def span(engine: Engine, task_id: int) -> tuple[date, date]:
    with read_session(engine) as session:
        task = session.get(Task, task_id)
        assert task is not None and task.start and task.finish
        return task.start, task.finish


# --- what 'When' accepts ------------------------------------------------------------------


def test_a_date_a_yearly_day_and_an_rrule_are_read() -> None:
    assert parse_holiday("2026-12-24", today=TODAY) == (date(2026, 12, 24), "")
    assert parse_holiday("yearly 12-25", today=TODAY) == (
        None,
        "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",
    )
    assert parse_holiday(" RRULE:freq=yearly;bymonth=1;bymonthday=1 ", today=TODAY) == (
        None,
        "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1",
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is required"),
        ("yearly 13-01", "not a day of the year"),
        ("yearly 02-30", "not a day of the year"),
        ("FREQ=HOURLY", "days, weeks, months or years"),
        ("next tuesday-ish", "not a date, 'yearly MM-DD' or an RRULE"),
    ],
)
def test_what_is_not_a_holiday_is_refused_with_the_reason(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_holiday(text, today=TODAY)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_yearly_day_reads_back_as_typed_and_falls_on_that_day(day: date) -> None:
    typed = f"yearly {day.month:02d}-{day.day:02d}"
    on, rule = parse_holiday(typed, today=TODAY)
    holiday = Holiday(project_id=1, name="x", on=on, rrule=rule)
    assert work_calendar.describe_when(holiday) == typed
    after = work_calendar.next_occurrence(holiday, TODAY)
    assert after is not None and (after.month, after.day) == (day.month, day.day)
    # The first such day from today: within a year, or four for 29 February.
    assert after >= TODAY
    assert (after - TODAY).days < (366 * 4 if (day.month, day.day) == (2, 29) else 366)


# --- holidays and weekdays move the plan ---------------------------------------------------


def test_a_holiday_in_a_task_pushes_it_and_its_successor_a_working_day(
    engine: Engine, plan: dict[str, int]
) -> None:
    assert span(engine, plan["A"]) == (date(2026, 3, 2), date(2026, 3, 6))
    assert span(engine, plan["B"]) == (date(2026, 3, 9), date(2026, 3, 10))
    with write_session(engine) as session:
        holiday = work_calendar.add_holiday(
            session, plan["project"], HolidayInput("Site closed", "2026-03-04"), TODAY
        )
        holiday_id = int(holiday.id)  # type: ignore[arg-type]
    assert span(engine, plan["A"]) == (date(2026, 3, 2), date(2026, 3, 9))
    assert span(engine, plan["B"]) == (date(2026, 3, 10), date(2026, 3, 11))

    # Moved to a weekend it costs nothing; deleted, the plan is as it was.
    with write_session(engine) as session:
        work_calendar.update_holiday(
            session, holiday_id, HolidayInput("Site closed", "2026-03-07"), TODAY
        )
    assert span(engine, plan["A"]) == (date(2026, 3, 2), date(2026, 3, 6))
    with write_session(engine) as session:
        work_calendar.add_holiday(
            session, plan["project"], HolidayInput("Founders day", "yearly 03-10"), TODAY
        )
    assert span(engine, plan["B"]) == (date(2026, 3, 9), date(2026, 3, 11))
    with read_session(engine) as session:
        rows = work_calendar.list_holidays(session, plan["project"], TODAY)
    assert [(r.name, r.when, r.next_on) for r in rows] == [
        ("Site closed", "2026-03-07", date(2026, 3, 7)),
        ("Founders day", "yearly 03-10", date(2026, 3, 10)),
    ]
    with write_session(engine) as session:
        work_calendar.delete_holiday(session, holiday_id, TODAY)
        work_calendar.delete_holiday(session, rows[1].id, TODAY)
    assert span(engine, plan["B"]) == (date(2026, 3, 9), date(2026, 3, 10))


def test_working_weekdays_reschedule_the_plan(engine: Engine, plan: dict[str, int]) -> None:
    with write_session(engine) as session:
        shown = work_calendar.set_working_weekdays(session, plan["project"], "mon-thu", TODAY)
    assert shown == "mon-thu"
    with read_session(engine) as session:
        assert work_calendar.working_weekdays(session, plan["project"]) == frozenset(range(4))
    # Five days from Monday 2 March over Monday to Thursday end on Monday 9 March.
    assert span(engine, plan["A"]) == (date(2026, 3, 2), date(2026, 3, 9))


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(
    engine: Engine, plan: dict[str, int]
) -> None:
    with write_session(engine) as session:
        with pytest.raises(ValidationError) as raised:
            work_calendar.add_holiday(session, plan["project"], HolidayInput(" ", "13-13"), TODAY)
        assert set(raised.value.errors) == {"name", "when"}
        with pytest.raises(ValidationError) as raised:
            work_calendar.set_working_weekdays(session, plan["project"], "funday", TODAY)
        assert "not a weekday" in raised.value.errors["weekdays"]
    with read_session(engine) as session:
        assert work_calendar.list_holidays(session, plan["project"], TODAY) == []
        project = session.get(Project, plan["project"])
        assert project is not None and project.working_weekdays == "0,1,2,3,4"


def test_a_closed_project_s_calendar_is_read_only(engine: Engine, plan: dict[str, int]) -> None:
    with write_session(engine) as session:
        project = session.get(Project, plan["project"])
        assert project is not None
        project.closed_on = TODAY
        session.add(project)
    with write_session(engine) as session, pytest.raises(ItpmError, match="read-only"):
        work_calendar.add_holiday(
            session, plan["project"], HolidayInput("Late", "2026-03-04"), TODAY
        )
    assert span(engine, plan["A"]) == (date(2026, 3, 2), date(2026, 3, 6))


def test_a_very_long_rule_is_refused_with_a_short_message() -> None:
    text = "FREQ=WEEKLY;BYDAY=" + "MO," * 3000
    with pytest.raises(ValueError, match="is not a recurrence rule") as raised:
        parse_holiday(text, today=TODAY)
    assert len(str(raised.value)) < 200  # shown beside a form field, one line
