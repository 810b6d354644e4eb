"""Edits made on the Gantt chart: move, stretch, indent, link; and snapshots to undo them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import ceil
from typing import Any

from sqlalchemy import delete, insert, text, update
from sqlmodel import Session, col, select

from itpm_tui.models import BaselineTask, Dependency, Project, Task
from itpm_tui.services.planning.schedule_records import project_calendar, task_duration
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.shared.errors import ItpmError, NotFound, ValidationError
from itpm_tui.services.shared.text import clean_text


def _task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound("That task no longer exists (it may have been deleted elsewhere).")
    return task


def _has_children(session: Session, task_id: int) -> bool:
    return session.exec(select(Task.id).where(Task.parent_id == task_id)).first() is not None


def shift_task(session: Session, task_id: int, days: int) -> str:
    """Move a task `days` working days later (earlier when negative) by constraining its start."""
    task = _task(session, task_id)
    if task.actual_start is not None:
        raise ItpmError(
            f"'{task.title}' started on {task.actual_start.isoformat()}: "
            "change its actual start in the task form to move it."
        )
    if _has_children(session, task_id):
        raise ItpmError("A summary task moves with its sub-tasks: move those instead.")
    calendar = project_calendar(session, task.project_id)
    project = session.get(Project, task.project_id)
    base = task.start or (project.start if project else None) or date.today()
    if task.constraint_kind == "MFO" and task.constraint_date:
        task.constraint_date = calendar.add_working_days(task.constraint_date, days)
    else:
        kind = "MSO" if task.constraint_kind == "MSO" else "SNET"
        task.constraint_kind = kind
        task.constraint_date = calendar.add_working_days(base, days)
    session.add(task)
    session.flush()
    direction = "later" if days > 0 else "earlier"
    return f"move '{task.title}' {abs(days)} day(s) {direction}"


def resize_task(session: Session, task_id: int, days: int) -> str:
    task = _task(session, task_id)
    if task.is_milestone:
        raise ItpmError("A milestone has no length: press m to make it a task first.")
    if _has_children(session, task_id):
        raise ItpmError("A summary task's length comes from its sub-tasks.")
    calendar = project_calendar(session, task.project_id)
    current = task_duration(task, calendar)
    if current + days < 1:
        raise ItpmError("A task lasts at least one working day (make it a milestone with m).")
    task.duration_days = current + days
    session.add(task)
    session.flush()
    return f"{'lengthen' if days > 0 else 'shorten'} '{task.title}' to {task.duration_days} d"


def set_percent(session: Session, task_id: int, percent: int, today: date | None = None) -> str:
    """Set % complete; at 100 % the task is done (status, board column, actual dates)."""
    from itpm_tui.services.planning.completion import Before, settle

    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "must be between 0 and 100"})
    task = _task(session, task_id)
    before = Before.of(task)
    task.percent_complete = percent
    settle(session, task, before, today or date.today())
    session.flush()
    return f"set '{task.title}' to {percent}%"


# Date constraints as MS Project names them; the schedule engine's ConstraintKind values.
CONSTRAINTS = {
    "ASAP": "as soon as possible",
    "SNET": "start no earlier than",
    "FNLT": "finish no later than",
    "MSO": "must start on",
    "MFO": "must finish on",
}


def check_constraint(kind: str, day: date | None) -> None:
    """Every kind but 'as soon as possible' needs its date (errors by field: kind, day)."""
    if kind not in CONSTRAINTS:
        raise ValidationError({"kind": f"'{kind}' is not one of: {', '.join(CONSTRAINTS)}"})
    if kind != "ASAP" and day is None:
        raise ValidationError({"day": f"'{CONSTRAINTS[kind]}' needs a date"})


def set_constraint(session: Session, task_id: int, kind: str, day: date | None) -> str:
    """Pin a task's dates (must finish on a go-live date, say); a miss shows as negative float."""
    check_constraint(kind, day)
    task = _task(session, task_id)
    if _has_children(session, task_id):
        raise ItpmError("A summary's dates come from its sub-tasks: constrain those instead.")
    # Actual dates are facts the schedule keeps: a constraint on them would change nothing.
    if kind != "ASAP" and task.actual_finish is not None:
        raise ItpmError(
            f"'{task.title}' finished on {task.actual_finish.isoformat()}: "
            "its dates are its actual dates."
        )
    if kind in ("SNET", "MSO") and task.actual_start is not None:
        raise ItpmError(
            f"'{task.title}' started on {task.actual_start.isoformat()}: "
            "change its actual start in the task form to move it."
        )
    task.constraint_kind = kind
    task.constraint_date = None if kind == "ASAP" else day
    session.add(task)
    session.flush()
    if kind == "ASAP":
        return f"schedule '{task.title}' as soon as possible"
    return f"constrain '{task.title}': {CONSTRAINTS[kind]} {day.isoformat()}"  # type: ignore[union-attr]


def toggle_milestone(session: Session, task_id: int) -> str:
    task = _task(session, task_id)
    if _has_children(session, task_id):
        raise ItpmError("A summary task cannot be a milestone.")
    task.is_milestone = not task.is_milestone
    # Back from a milestone, a task takes the length its estimate asks for.
    estimate = ceil(task.estimate_days) if task.estimate_days else 1
    task.duration_days = 0 if task.is_milestone else max(1, estimate)
    session.add(task)
    session.flush()
    return f"make '{task.title}' a {'milestone' if task.is_milestone else 'task'}"


def _siblings(session: Session, project_id: int, parent_id: int | None) -> list[Task]:
    query = select(Task).where(Task.project_id == project_id)
    query = query.where(
        col(Task.parent_id).is_(None) if parent_id is None else Task.parent_id == parent_id
    )
    return list(session.exec(query.order_by(col(Task.position), col(Task.id))))


def _place_after(session: Session, task: Task, parent_id: int | None, after: Task | None) -> None:
    """Put `task` under `parent_id` right after `after` (first when None), renumbering."""
    others = [t for t in _siblings(session, task.project_id, parent_id) if t.id != task.id]
    index = next((i + 1 for i, t in enumerate(others) if after and t.id == after.id), 0)
    others.insert(index, task)
    task.parent_id = parent_id
    for position, sibling in enumerate(others):
        sibling.position = position
        session.add(sibling)


def indent_task(session: Session, task_id: int, outdent: bool = False) -> str:
    """Indent under the task above it in the WBS, or outdent to its parent's level."""
    task = _task(session, task_id)
    if outdent:
        if task.parent_id is None:
            raise ItpmError(f"'{task.title}' is already at the top level.")
        parent = _task(session, task.parent_id)
        _place_after(session, task, parent.parent_id, parent)
        session.flush()
        return f"outdent '{task.title}'"
    siblings = _siblings(session, task.project_id, task.parent_id)
    above = None
    for sibling in siblings:
        if sibling.id == task.id:
            break
        above = sibling
    if above is None:
        raise ItpmError(f"Nothing above '{task.title}' to indent it under.")
    if above.is_milestone:
        raise ItpmError(f"'{above.title}' is a milestone; a milestone cannot hold tasks.")
    children = _siblings(session, task.project_id, above.id)
    _place_after(session, task, above.id, children[-1] if children else None)
    # A link between a task and the summary it now sits in would tie it to itself.
    dropped = session.exec(
        delete(Dependency).where(
            ((col(Dependency.predecessor_id) == above.id) & (Dependency.successor_id == task.id))
            | ((col(Dependency.predecessor_id) == task.id) & (Dependency.successor_id == above.id))
        )
    ).rowcount
    session.flush()
    note = f" (dropped the link with '{above.title}')" if dropped else ""
    return f"indent '{task.title}' under '{above.title}'{note}"


def add_task_below(
    session: Session, project_id: int, after_id: int | None, title: str
) -> tuple[int, str]:
    """A new one-day task right below `after_id` (at the end when None)."""
    title = clean_text(title)
    after = _task(session, after_id) if after_id is not None else None
    task = create_task(
        session,
        project_id,
        TaskInput(title=title, parent_id=after.parent_id if after else None),
    )
    task.duration_days = 1
    if after is not None:
        assert after.id is not None and task.id is not None  # both in the database
        _place_after(session, task, after.parent_id, after)
        # The new task follows the one above it in time, as in a plan written top-down.
        session.add(Dependency(predecessor_id=after.id, successor_id=task.id))
    session.flush()
    return int(task.id), f"add '{task.title}'"  # type: ignore[arg-type]


# --- snapshots for undo ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSnapshot:
    """A project's tasks, links and baseline entries as plain rows: enough to put it back."""

    project_id: int
    tasks: list[dict[str, Any]]
    links: list[dict[str, Any]]
    baseline_entries: list[dict[str, Any]]


def take_snapshot(session: Session, project_id: int) -> PlanSnapshot:
    tasks = session.exec(select(Task).where(Task.project_id == project_id)).all()
    ids = [t.id for t in tasks]
    links = session.exec(
        select(Dependency).where(
            col(Dependency.successor_id).in_(ids) | col(Dependency.predecessor_id).in_(ids)
        )
    ).all()
    entries = session.exec(select(BaselineTask).where(col(BaselineTask.task_id).in_(ids))).all()
    return PlanSnapshot(
        project_id,
        [t.model_dump() for t in tasks],
        [link.model_dump() for link in links],
        [entry.model_dump() for entry in entries],
    )


def restore_snapshot(session: Session, snapshot: PlanSnapshot) -> None:
    """Put the project's tasks, links and baseline entries back as they were."""
    # Rows come back in any order (a child before its parent): check references at commit.
    session.exec(text("PRAGMA defer_foreign_keys=ON"))  # type: ignore[call-overload]
    current = set(session.exec(select(Task.id).where(Task.project_id == snapshot.project_id)))
    wanted = {row["id"] for row in snapshot.tasks}
    added = current - wanted
    if added:
        session.exec(delete(Task).where(col(Task.id).in_(added)))
    kept = [row for row in snapshot.tasks if row["id"] in current]
    missing = [row for row in snapshot.tasks if row["id"] not in current]
    if kept:
        session.execute(update(Task), kept)
    if missing:
        session.execute(insert(Task), missing)
    session.exec(
        delete(Dependency).where(
            col(Dependency.successor_id).in_(wanted) | col(Dependency.predecessor_id).in_(wanted)
        )
    )
    existing = set(session.exec(select(Task.id)))
    links = [
        row
        for row in snapshot.links
        if row["predecessor_id"] in existing and row["successor_id"] in existing
    ]
    if links:
        session.execute(insert(Dependency), links)
    present = set(
        session.exec(select(BaselineTask.id).where(col(BaselineTask.task_id).in_(wanted)))
    )
    lost = [row for row in snapshot.baseline_entries if row["id"] not in present]
    if lost:
        session.execute(insert(BaselineTask), lost)
    session.flush()
    session.expire_all()
