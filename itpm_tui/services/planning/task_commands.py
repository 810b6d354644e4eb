"""What `itpm task` and `itpm link` do to a plan, by WBS code: add, set, finish and link tasks.

Each goes through the same services as the task form and the Gantt chart, inside the
caller's write session, and names the action it records for undo ("add task 'Design'").
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import Session, select

from itpm_tui.db import name_action
from itpm_tui.models import Person, Sprint, Task, TaskStatus
from itpm_tui.services.planning import tasks as task_service
from itpm_tui.services.planning.predecessors import (
    parse_predecessors,
    set_predecessors,
    wbs_codes,
)
from itpm_tui.services.shared.errors import NotFound, ValidationError
from itpm_tui.services.shared.parsing import (
    parse_date,
    parse_estimate,
    parse_percent,
    quoted,
)
from itpm_tui.services.shared.text import clean_text

# `itpm task set` fields -> what they are called in the task form's data.
SETTABLE = {
    "title": "title",
    "notes": "description",
    "description": "description",
    "status": "status",
    "priority": "priority",
    "assignee": "assignee_id",
    "estimate": "estimate_days",
    "start": "start",
    "finish": "finish",
    "percent": "percent_complete",
    "milestone": "is_milestone",
    "tags": "tags",
    "sprint": "sprint_id",
    "predecessors": "predecessors",
}
MAX_LAG = 999


def task_at(session: Session, project_id: int, wbs: str) -> Task:
    """The task with this WBS code in the project."""
    wanted = wbs.strip().rstrip(".")
    found = next(
        (tid for tid, code in wbs_codes(session, project_id).items() if code == wanted), None
    )
    if found is None:
        raise NotFound(f"no task {quoted(wbs, 20)} in this project (see: itpm task list)")
    return task_service.get_task(session, found)


def find_person(session: Session, text: str) -> int | None:
    """A person by name or e-mail (any case); blank is nobody; never one made up."""
    wanted = clean_text(text).lower()
    if not wanted:
        return None
    people = session.exec(select(Person)).all()
    found = [p for p in people if wanted in (p.name.strip().lower(), p.email.strip().lower())]
    if not found:
        raise ValidationError({"assignee": f"no person is called '{quoted(text)}'"})
    if len(found) > 1:
        raise ValidationError({"assignee": f"{len(found)} people are called '{quoted(text)}'"})
    return int(found[0].id)  # type: ignore[arg-type]


def _place_after(session: Session, task: Task, after: Task) -> None:
    from itpm_tui.services.planning.plan_edits import _place_after as place

    place(session, task, after.parent_id, after)
    session.flush()


@dataclass
class NewTask:
    """`itpm task add`'s options, as typed."""

    title: str
    after: str | None = None
    under: str | None = None
    estimate: str | None = None
    start: str | None = None
    assign: str | None = None
    milestone: bool = False


def add_task(session: Session, project_id: int, new: NewTask, today: date) -> Task:
    """A task at the end of the plan, under a summary, or right after a task; scheduled."""
    from itpm_tui.services.planning.schedule_records import reschedule
    from itpm_tui.services.planning.task_edits import save_task

    parent = task_at(session, project_id, new.under) if new.under else None
    after = task_at(session, project_id, new.after) if new.after else None
    if parent is not None and parent.is_milestone:
        raise ValidationError({"under": f"'{parent.title}' is a milestone: it holds no tasks"})
    if after is not None and parent is not None and after.parent_id != parent.id:
        raise ValidationError({"after": f"{new.after} is not directly under {new.under}"})
    try:
        estimate = parse_estimate(new.estimate) if new.estimate else None
        start = parse_date(new.start, today=today) if new.start else None
    except ValueError as exc:
        field = "estimate" if new.estimate and "duration" in str(exc) else "start"
        raise ValidationError({field: str(exc)}) from None
    data = task_service.TaskInput(
        title=new.title,
        parent_id=parent.id if parent is not None else after.parent_id if after else None,
        estimate_days=estimate,
        start=start,
        is_milestone=new.milestone,
        assignee_id=find_person(session, new.assign) if new.assign else None,
    )
    task = save_task(session, project_id, None, data, today=today)
    if after is not None:
        _place_after(session, task, after)
        reschedule(session, project_id, today)
    name_action(session, f"add task '{task.title}'")
    return task


def _value(session: Session, project_id: int, name: str, text: str) -> object:
    """A `field=value` value read as the task form reads its field."""
    from itpm_tui.services.exchange.csv_columns import read_flag, read_priority, read_status

    text = text.strip()
    if name in ("title", "notes", "description", "tags"):
        return text
    if name == "status":
        status = read_status(text)
        if status is None:
            known = ", ".join(s.value for s in TaskStatus)
            raise ValueError(f"'{quoted(text)}' is not a status: use {known}")
        return status
    if name == "priority":
        return read_priority(text)
    if name == "assignee":
        return find_person(session, text)
    if name == "estimate":
        return parse_estimate(text)
    if name in ("start", "finish"):
        return parse_date(text)
    if name == "percent":
        return parse_percent(text)
    if name == "milestone":
        return read_flag(text)
    if name == "sprint":
        if not text:
            return None
        sprint = session.exec(
            select(Sprint).where(Sprint.project_id == project_id, Sprint.name == clean_text(text))
        ).first()
        if sprint is None:
            raise ValueError(f"no sprint '{quoted(text)}' in this project")
        return sprint.id
    return parse_predecessors(text)  # predecessors


def set_fields(
    session: Session, project_id: int, wbs: str, changes: list[str], today: date
) -> Task:
    """Change a task's fields from `field=value` texts, as the task form saves them."""
    from itpm_tui.services.planning.schedule_records import reschedule
    from itpm_tui.services.planning.task_edits import save_task

    if not changes:
        raise ValidationError({"fields": f"give field=value, the fields are {', '.join(SETTABLE)}"})
    task = task_at(session, project_id, wbs)
    data = task_service.TaskInput(
        **{f.name: getattr(task, f.name) for f in fields(task_service.TaskInput)}
    )
    links = None
    for change in changes:
        name, equals, text = change.partition("=")
        name = name.strip().lower().replace("%", "percent")
        if not equals or name not in SETTABLE:
            raise ValidationError(
                {
                    "fields": f"'{quoted(change, 30)}': use field=value, with one of "
                    f"{', '.join(SETTABLE)}"
                }
            )
        try:
            value = _value(session, project_id, name, text)
        except ValueError as exc:
            raise ValidationError({name: str(exc)}) from None
        if name == "predecessors":
            links = value
        else:
            setattr(data, SETTABLE[name], value)
    saved = save_task(session, project_id, task.id, data, task.version, today)
    if links is not None:
        set_predecessors(session, saved, links)  # type: ignore[arg-type]
        reschedule(session, project_id, today)
    name_action(session, f"edit task '{saved.title}'")
    return saved


def mark_done(session: Session, project_id: int, wbs: str, today: date) -> Task:
    """100 % complete: done on the board, actual dates set (a summary is refused)."""
    from itpm_tui.services.planning.plan_edits import set_percent
    from itpm_tui.services.planning.schedule_records import reschedule

    task = task_at(session, project_id, wbs)
    set_percent(session, int(task.id), 100, today)  # type: ignore[arg-type]
    reschedule(session, project_id, today)
    name_action(session, f"mark '{task.title}' done")
    return task


def read_lag(text: str) -> int:
    """A lag or lead in working days: '2', '2d', '-1d', '+1w' (5 days)."""
    import re

    match = re.fullmatch(r"\s*([+-]?)\s*(\d{1,4})\s*(d|days?|w|wks?|weeks?)?\s*", text.lower())
    if match is None:
        raise ValidationError({"lag": f"'{quoted(text)}' is not a lag: use e.g. 2d, -1d or 1w"})
    days = int(match[2]) * (5 if (match[3] or "d").startswith("w") else 1)
    if days > MAX_LAG:
        raise ValidationError({"lag": f"a lag is at most {MAX_LAG} working days"})
    return -days if match[1] == "-" else days


def link_tasks(
    session: Session,
    project_id: int,
    predecessor: str,
    successor: str,
    kind: str,
    lag: int,
    today: date,
) -> tuple[Task, Task]:
    """The successor waits on the predecessor (a cycle or a duplicate is refused by name)."""
    from itpm_tui.services.planning.schedule_records import add_dependency, reschedule

    first = task_at(session, project_id, predecessor)
    second = task_at(session, project_id, successor)
    kind = kind.strip().upper()
    add_dependency(session, int(first.id), int(second.id), kind, lag)  # type: ignore[arg-type]
    reschedule(session, project_id, today)
    shift = f"{lag:+d}" if lag else ""
    name_action(session, f"link '{first.title}' -> '{second.title}' ({kind}{shift})")
    return first, second
