"""Time entries: hours a person spent on a task on a day; parsed, checked, stored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from itpm_tui.models import Person, Task, TimeEntry
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.parsing import read_decimal
from itpm_tui.services.shared.records import fetch
from itpm_tui.services.shared.text import clean_text

MINUTES_PER_DAY = 24 * 60
_HM = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_UNIT = re.compile(r"^([0-9.,\-+]+)\s*(h|m|min)?$")


def parse_hours(text: str) -> int:
    """Hours as typed ('1.5', '1:30', '90m', '2h') to whole minutes; blank is an error."""
    value = text.strip().lower().replace(" ", "")
    if not value:
        raise ValueError("hours are required, e.g. 1.5, 1:30 or 90m")
    if value.startswith("-"):
        raise ValueError("must not be negative")
    match = _HM.match(value)
    if match:
        return int(match.group(1)) * 60 + int(match.group(2))
    match = _UNIT.match(value)
    if match is None:
        raise ValueError(
            f"'{clean_text(text)[:20]}' is not a number of hours: use 1.5, 1:30 or 90m"
        )
    # The one grammar for numbers: '1,5' is 1.5 h, '1,500' reads two ways and is refused.
    number = read_decimal(match.group(1), comma=True, what="number of hours")
    if number is None:
        raise ValueError("hours are required, e.g. 1.5, 1:30 or 90m")
    if number < 0:
        raise ValueError("must not be negative")
    if match.group(2) in ("m", "min"):
        if number != number.to_integral_value():
            raise ValueError("minutes must be whole")
        minutes = number
    else:
        if number.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ValueError("at most 2 decimals")
        minutes = number * 60
        if minutes != minutes.to_integral_value():
            raise ValueError("must come to whole minutes (e.g. 0.25 or 0.5 h)")
    if minutes > MINUTES_PER_DAY:
        raise ValueError("a day has at most 24 hours")
    return int(minutes)


def format_minutes(minutes: int) -> str:
    """90 -> '1.5', 100 -> '1.67' (hours, trailing zeros dropped)."""
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    text = f"{hours:f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass
class TimeInput:
    task_id: int | None
    person_id: int | None
    worked_on: date | None
    minutes: int | None
    note: str = ""


@dataclass(frozen=True)
class TimeRow:
    id: int
    worked_on: date
    task_id: int
    task: str
    person_id: int | None
    person: str
    minutes: int
    note: str


def minutes_on(session: Session, person_id: int, day: date, except_id: int | None = None) -> int:
    query = select(func.coalesce(func.sum(TimeEntry.minutes), 0)).where(
        TimeEntry.person_id == person_id, TimeEntry.worked_on == day
    )
    if except_id is not None:
        query = query.where(TimeEntry.id != except_id)
    return int(session.exec(query).one())


def _validated(session: Session, data: TimeInput, entry_id: int | None) -> tuple[Task, TimeInput]:
    errors: dict[str, str] = {}
    task = session.get(Task, data.task_id) if data.task_id is not None else None
    if task is None:
        errors["task_id"] = "choose the task the time was spent on"
    if data.person_id is None or session.get(Person, data.person_id) is None:
        errors["person_id"] = "choose who spent the time"
    if data.worked_on is None:
        errors["worked_on"] = "a date is required"
    if data.minutes is None:
        errors["minutes"] = "hours are required"
    elif data.minutes < 0:
        errors["minutes"] = "must not be negative"
    elif data.minutes == 0:
        errors["minutes"] = "must be more than 0"
    if not errors and data.person_id is not None and data.worked_on is not None:
        already = minutes_on(session, data.person_id, data.worked_on, entry_id)
        if already + (data.minutes or 0) > MINUTES_PER_DAY:
            errors["minutes"] = (
                f"{format_minutes(already)} h already booked on {data.worked_on.isoformat()}:"
                " a day has at most 24 hours"
            )
    if errors:
        raise ValidationError(errors)
    assert task is not None
    return task, TimeInput(
        data.task_id, data.person_id, data.worked_on, data.minutes, clean_text(data.note)
    )


def add_time(session: Session, data: TimeInput) -> TimeEntry:
    task, clean = _validated(session, data, None)
    entry = TimeEntry(
        project_id=task.project_id,
        task_id=task.id,  # type: ignore[arg-type]
        person_id=clean.person_id,
        worked_on=clean.worked_on,  # type: ignore[arg-type]
        minutes=clean.minutes,  # type: ignore[arg-type]
        note=clean.note,
    )
    session.add(entry)
    session.flush()
    return entry


def update_time(session: Session, entry_id: int, data: TimeInput) -> TimeEntry:
    entry = fetch(session, TimeEntry, entry_id, "time entry")
    task, clean = _validated(session, data, entry_id)
    entry.project_id = task.project_id
    entry.task_id = task.id  # type: ignore[assignment]
    entry.person_id = clean.person_id
    entry.worked_on = clean.worked_on  # type: ignore[assignment]
    entry.minutes = clean.minutes  # type: ignore[assignment]
    entry.note = clean.note
    session.add(entry)
    session.flush()
    return entry


def delete_time(session: Session, entry_id: int) -> None:
    session.delete(fetch(session, TimeEntry, entry_id, "time entry"))
    session.flush()


def get_time(session: Session, entry_id: int) -> TimeEntry:
    return fetch(session, TimeEntry, entry_id, "time entry")


def list_time(session: Session, project_id: int, limit: int = 500) -> list[TimeRow]:
    """The project's latest time entries, newest first."""
    rows = session.exec(
        select(TimeEntry, Task.title, Person.name)
        .join(Task, col(Task.id) == col(TimeEntry.task_id))
        .join(Person, col(Person.id) == col(TimeEntry.person_id), isouter=True)
        .where(TimeEntry.project_id == project_id)
        .order_by(col(TimeEntry.worked_on).desc(), col(TimeEntry.id).desc())
        .limit(limit)
    ).all()
    return [
        TimeRow(e.id, e.worked_on, e.task_id, title, e.person_id, name or "-", e.minutes, e.note)  # type: ignore[arg-type]
        for e, title, name in rows
    ]


@dataclass(frozen=True)
class TimeFormView:
    """What the time entry form of a task shows, or why it opens no form (a closed project)."""

    task: Task
    people: list[Person]
    entry: TimeEntry | None
    # (label, id) of the project's tasks time can be logged on: summaries have none.
    tasks: list[tuple[str, int]]
    closed: str | None


def time_form_view(session: Session, task_id: int, entry_id: int | None) -> TimeFormView:
    """The task, the people, the entry edited (if any) and the tasks to choose from."""
    from itpm_tui.services.lifecycle.documents import closed_reason
    from itpm_tui.services.planning.tasks import get_task, list_task_rows
    from itpm_tui.services.resources.people import list_people

    task = get_task(session, task_id)
    closed = closed_reason(session, task.project_id)
    if closed:
        return TimeFormView(task, [], None, [], closed)
    entry = get_time(session, entry_id) if entry_id else None
    tasks = [
        (f"{r.wbs} {r.title}", r.id)
        for r in list_task_rows(session, task.project_id)
        if not r.is_summary
    ]
    return TimeFormView(task, list_people(session), entry, tasks, None)


def save_time(
    session: Session, entry_id: int | None, version: int | None, data: TimeInput
) -> TimeEntry:
    """Add a time entry, or change one unless it changed since it was read at `version`."""
    from itpm_tui.services.shared.row_versions import ensure_unchanged

    if entry_id is None:
        return add_time(session, data)
    ensure_unchanged(session, "time_entry", entry_id, version, "time entry")
    return update_time(session, entry_id, data)


@dataclass(frozen=True)
class TimeSheetView:
    """The project's latest time entries, and a task to log new time on (None: no tasks)."""

    rows: list[TimeRow]
    first_task: int | None


def time_sheet_view(session: Session, project_id: int) -> TimeSheetView:
    first = session.exec(select(Task.id).where(Task.project_id == project_id).limit(1)).first()
    return TimeSheetView(list_time(session, project_id), first)
