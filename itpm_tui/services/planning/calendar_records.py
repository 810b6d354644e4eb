"""Editing a project's working calendar (weekdays, holidays); each change reschedules the plan."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, col, select

from itpm_tui.models import Holiday, Project
from itpm_tui.services.lifecycle.documents import ensure_open
from itpm_tui.services.planning.calendar import parse_holiday_rule
from itpm_tui.services.planning.schedule_records import reschedule

# Re-exported: the calendar screen reads a project's working weekdays from here.
from itpm_tui.services.planning.schedule_records import weekdays_of as weekdays_of
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.parsing import format_weekdays, parse_date, parse_weekdays
from itpm_tui.services.shared.records import fetch
from itpm_tui.services.shared.text import clean_text

# "yearly 12-25" or "every year 12-25": the same day of every year.
_YEARLY = re.compile(r"^(?:yearly|every year|annually)\s+(?:on\s+)?(\d{1,2})-(\d{1,2})$")


@dataclass
class HolidayInput:
    name: str
    when: str  # a date, 'yearly MM-DD' or an RRULE


@dataclass(frozen=True)
class HolidayRow:
    id: int
    name: str
    when: str  # as typed back into the form: the date, or the rule in its short form
    next_on: date | None  # the next day it falls on, from today


def parse_holiday(text: str, *, today: date) -> tuple[date | None, str]:
    """What a holiday's 'When' means: (a date, '') or (None, an RRULE); ValueError if neither."""
    value = " ".join(text.strip().split())
    if not value:
        raise ValueError("a date (2026-12-24), 'yearly 12-25' or an RRULE is required")
    yearly = _YEARLY.match(value.lower())
    if yearly:
        month, day = int(yearly.group(1)), int(yearly.group(2))
        try:
            date(2000, month, day)  # a leap year: 02-29 is a day that exists
        except ValueError:
            raise ValueError(
                f"'{value[:40]}' is not a day of the year: use MM-DD, e.g. 12-25"
            ) from None
        return None, f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"
    upper = value.upper().removeprefix("RRULE:")
    if upper.startswith("FREQ="):
        parse_holiday_rule(upper)  # ValueError with the reason
        return None, upper
    try:
        on = parse_date(value, today=today)
    except ValueError:
        raise ValueError(
            f"'{value[:40]}' is not a date, 'yearly MM-DD' or an RRULE (FREQ=...)"
        ) from None
    assert on is not None  # the text was not empty
    return on, ""


def describe_when(holiday: Holiday) -> str:
    """A holiday's 'When' as the form shows it: the date, 'yearly MM-DD' or the rule."""
    if holiday.on is not None:
        return holiday.on.isoformat()
    yearly = re.fullmatch(r"FREQ=YEARLY;BYMONTH=(\d+);BYMONTHDAY=(\d+)", holiday.rrule)
    if yearly:
        return f"yearly {int(yearly.group(1)):02d}-{int(yearly.group(2)):02d}"
    return holiday.rrule


def next_occurrence(holiday: Holiday, today: date) -> date | None:
    """The first day on or after today that the holiday falls on."""
    if holiday.on is not None:
        return holiday.on if holiday.on >= today else None
    found = parse_holiday_rule(holiday.rrule).after(datetime.combine(today, time()), inc=True)
    return found.date() if found is not None else None


def list_holidays(session: Session, project_id: int, today: date) -> list[HolidayRow]:
    """The project's holidays, the next to come first and those past last."""
    fetch_project(session, project_id)
    holidays = session.exec(
        select(Holiday).where(Holiday.project_id == project_id).order_by(col(Holiday.id))
    ).all()
    rows = [
        HolidayRow(
            id=holiday.id,  # type: ignore[arg-type]
            name=holiday.name,
            when=describe_when(holiday),
            next_on=next_occurrence(holiday, today),
        )
        for holiday in holidays
    ]
    return sorted(rows, key=lambda row: (row.next_on is None, row.next_on or date.max, row.id))


def get_holiday(session: Session, holiday_id: int) -> Holiday:
    return fetch(session, Holiday, holiday_id, "holiday")


def _checked(data: HolidayInput, today: date) -> tuple[str, date | None, str]:
    errors: dict[str, str] = {}
    name = clean_text(data.name)
    if not name:
        errors["name"] = "a name is required, e.g. Christmas Day"
    on, rule = None, ""
    try:
        on, rule = parse_holiday(data.when, today=today)
    except ValueError as error:
        errors["when"] = str(error)
    if errors:
        raise ValidationError(errors)
    return name, on, rule


def add_holiday(session: Session, project_id: int, data: HolidayInput, today: date) -> Holiday:
    """A new non-working day (or rule); the plan is rescheduled around it."""
    ensure_open(session, project_id)
    name, on, rule = _checked(data, today)
    holiday = Holiday(project_id=project_id, name=name, on=on, rrule=rule)
    session.add(holiday)
    session.flush()
    reschedule(session, project_id, today)
    return holiday


def update_holiday(session: Session, holiday_id: int, data: HolidayInput, today: date) -> Holiday:
    holiday = get_holiday(session, holiday_id)
    ensure_open(session, holiday.project_id)
    holiday.name, holiday.on, holiday.rrule = _checked(data, today)
    session.add(holiday)
    session.flush()
    reschedule(session, holiday.project_id, today)
    return holiday


def delete_holiday(session: Session, holiday_id: int, today: date) -> None:
    holiday = get_holiday(session, holiday_id)
    project_id = holiday.project_id
    ensure_open(session, project_id)
    session.delete(holiday)
    session.flush()
    reschedule(session, project_id, today)


def working_weekdays(session: Session, project_id: int) -> frozenset[int]:
    return weekdays_of(fetch_project(session, project_id))


def set_working_weekdays(session: Session, project_id: int, text: str, today: date) -> str:
    """Set the days of the week work is done ('mon-fri', 'sun-thu'); returns them as shown."""
    project = ensure_open(session, project_id)
    try:
        days = parse_weekdays(text)
    except ValueError as error:
        raise ValidationError({"weekdays": str(error)}) from None
    project.working_weekdays = ",".join(str(day) for day in sorted(days))
    session.add(project)
    session.flush()
    reschedule(session, project_id, today)
    return format_weekdays(days)


def fetch_project(session: Session, project_id: int) -> Project:
    return fetch(session, Project, project_id, "project")
