"""Tasks: the WBS of a project, listed in tree order, created, edited and deleted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date

from sqlmodel import Session, col, delete, func, select

from itpm_tui.models import Person, Phase, Priority, Sprint, Task, TaskStatus
from itpm_tui.services.planning.task_rows import (
    TaskRow as TaskRow,  # re-exported: callers import it here
)
from itpm_tui.services.planning.wbs import WbsEntry, wbs_order
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import check_version, fetch, touch
from itpm_tui.services.shared.text import clean_text, normalise_tags


@dataclass
class TaskInput:
    title: str
    description: str = ""
    status: str = TaskStatus.TODO.value
    priority: str = Priority.MEDIUM.value
    assignee_id: int | None = None
    parent_id: int | None = None
    estimate_days: float | None = None
    start: date | None = None
    finish: date | None = None
    percent_complete: int = 0
    is_milestone: bool = False
    phase: str | None = None
    tags: str = ""
    sprint_id: int | None = None


def _validated(
    session: Session, project_id: int, data: TaskInput, task_id: int | None
) -> TaskInput:
    clean = TaskInput(**{f.name: getattr(data, f.name) for f in fields(TaskInput)})
    clean.title = clean_text(data.title)
    clean.description = clean_text(data.description, multiline=True)
    clean.tags = normalise_tags(data.tags)
    errors: dict[str, str] = {}
    if not clean.title:
        errors["title"] = "a title is required"
    if clean.status not in {s.value for s in TaskStatus}:
        errors["status"] = f"'{clean.status}' is not a task status"
    if clean.priority not in {p.value for p in Priority}:
        errors["priority"] = f"'{clean.priority}' is not a priority"
    if clean.phase is not None and clean.phase not in {p.value for p in Phase}:
        errors["phase"] = f"'{clean.phase}' is not a phase"
    if not 0 <= clean.percent_complete <= 100:
        errors["percent_complete"] = "must be between 0 and 100"
    if clean.estimate_days is not None and clean.estimate_days < 0:
        errors["estimate_days"] = "must not be negative"
    if clean.is_milestone:
        # A milestone is a point in time: it has one date.
        clean.start = clean.start or clean.finish
        clean.finish = clean.start
        clean.estimate_days = 0.0 if clean.estimate_days is None else clean.estimate_days
    if clean.start and clean.finish and clean.finish < clean.start:
        errors["finish"] = "the finish is before the start"
    if clean.sprint_id is not None:
        sprint = session.get(Sprint, clean.sprint_id)
        if sprint is None or sprint.project_id != project_id:
            errors["sprint_id"] = "that sprint is not in this project"
    if clean.assignee_id is not None and session.get(Person, clean.assignee_id) is None:
        errors["assignee_id"] = "that person no longer exists"
    if clean.parent_id is not None:
        parent = session.get(Task, clean.parent_id)
        if parent is None or parent.project_id != project_id:
            errors["parent_id"] = "the parent task is not in this project"
        elif task_id is not None and _is_descendant(session, clean.parent_id, task_id):
            errors["parent_id"] = "a task cannot sit under itself or one of its sub-tasks"
    if errors:
        raise ValidationError(errors)
    return clean


def _is_descendant(session: Session, candidate_id: int, ancestor_id: int) -> bool:
    """True if candidate is ancestor itself or below it in the tree."""
    current: int | None = candidate_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = session.exec(select(Task.parent_id).where(Task.id == current)).first()
    return False


def get_task(session: Session, task_id: int) -> Task:
    return fetch(session, Task, task_id, "task")


def task_project_id(session: Session, task_id: int) -> int:
    """The project a task belongs to (a card opened from the portfolio board)."""
    return get_task(session, task_id).project_id


def list_task_rows(session: Session, project_id: int) -> list[TaskRow]:
    """Every task of a project in WBS order, with its code and assignee's name."""
    query = (
        select(Task, Person.name)
        .join(Person, col(Task.assignee_id) == col(Person.id), isouter=True)
        .where(Task.project_id == project_id)
    )
    records = {task.id: (task, name) for task, name in session.exec(query) if task.id is not None}
    order = wbs_order((tid, t.parent_id, t.position) for tid, (t, _) in records.items())
    rollup = _roll_up(order, {task_id: task for task_id, (task, _) in records.items()})
    rows: list[TaskRow] = []
    for entry in order:
        task, assignee = records[entry.id]
        start, finish, percent, status = rollup.get(
            entry.id, (task.start, task.finish, task.percent_complete, task.status)
        )
        rows.append(
            TaskRow(
                id=entry.id,
                parent_id=task.parent_id,
                wbs=entry.code,
                depth=entry.depth,
                is_summary=entry.has_children,
                title=task.title,
                status=status,
                priority=task.priority,
                assignee=assignee or "",
                estimate_days=task.estimate_days,
                start=start,
                finish=finish,
                percent_complete=percent,
                is_milestone=task.is_milestone,
                tags=task.tags,
                version=task.version,
            )
        )
    return rows


def _roll_up(
    order: list[WbsEntry], tasks: dict[int, Task]
) -> dict[int, tuple[date | None, date | None, int, str]]:
    """Summary tasks take their span, % complete (work-weighted) and status from below."""
    # Children come after their parent in WBS order, so walking it backwards
    # finishes every child before its parent.
    totals: dict[int, tuple[date | None, date | None, float, float, set[str]]] = {}
    result: dict[int, tuple[date | None, date | None, int, str]] = {}
    for entry in reversed(order):
        task = tasks[entry.id]
        if entry.has_children:
            start, finish, weight, done, statuses = totals.pop(entry.id)
            percent = round(done / weight) if weight else 0
            if statuses == {TaskStatus.DONE.value}:
                status = TaskStatus.DONE.value
            elif statuses <= {TaskStatus.BACKLOG.value, TaskStatus.TODO.value}:
                status = TaskStatus.TODO.value
            else:
                status = TaskStatus.IN_PROGRESS.value
            result[entry.id] = (start, finish, percent, status)
            mine = (start, finish, weight, done, statuses)
        else:
            weight = 0.0 if task.is_milestone else (task.estimate_days or 1.0)
            mine = (task.start, task.finish, weight, weight * task.percent_complete, {task.status})
        if task.parent_id in tasks:
            parent = totals.get(task.parent_id)
            totals[task.parent_id] = mine if parent is None else _merge(parent, mine)
    return result


def _merge(
    a: tuple[date | None, date | None, float, float, set[str]],
    b: tuple[date | None, date | None, float, float, set[str]],
) -> tuple[date | None, date | None, float, float, set[str]]:
    starts = [d for d in (a[0], b[0]) if d]
    finishes = [d for d in (a[1], b[1]) if d]
    return (
        min(starts) if starts else None,
        max(finishes) if finishes else None,
        a[2] + b[2],
        a[3] + b[3],
        a[4] | b[4],
    )


def _next_position(session: Session, project_id: int, parent_id: int | None) -> int:
    query = select(func.max(Task.position)).where(Task.project_id == project_id)
    if parent_id is None:
        query = query.where(col(Task.parent_id).is_(None))
    else:
        query = query.where(Task.parent_id == parent_id)
    current = session.exec(query).one()
    return 0 if current is None else int(current) + 1


def create_task(session: Session, project_id: int, data: TaskInput) -> Task:
    from itpm_tui.services.lifecycle.documents import ensure_open

    ensure_open(session, project_id)  # a closed project is read-only
    clean = _validated(session, project_id, data, None)
    task = Task(
        project_id=project_id,
        position=_next_position(session, project_id, clean.parent_id),
        **clean.__dict__,
    )
    session.add(task)
    session.flush()
    from itpm_tui.services.kanban.board import place_new_task

    place_new_task(session, task)
    session.flush()
    return task


def update_task(
    session: Session,
    task_id: int,
    data: TaskInput,
    expected_version: int | None = None,
    today: date | None = None,
) -> Task:
    """Save a task's form; its progress then settles (100 % is done, and the reverse)."""
    from itpm_tui.services.lifecycle.documents import ensure_open
    from itpm_tui.services.planning.completion import Before, settle

    task = get_task(session, task_id)
    ensure_open(session, task.project_id)
    check_version(task, expected_version, "task")
    clean = _validated(session, task.project_id, data, task_id)
    _keep_summary_rollup(session, task, clean)
    if clean.parent_id != task.parent_id:
        task.position = _next_position(session, task.project_id, clean.parent_id)
    before = Before.of(task)
    for field, value in clean.__dict__.items():
        setattr(task, field, value)
    touch(task)
    session.add(task)
    settle(session, task, before, today or date.today())
    session.flush()
    return task


# What a summary takes from its sub-tasks, by form field.
ROLLED_UP = {
    "status": "status",
    "percent_complete": "% complete",
    "start": "start",
    "finish": "finish",
}

_EMPTY_DATE: dict[str, tuple[None, ...]] = {
    "status": (),
    "percent_complete": (),
    "start": (None,),
    "finish": (None,),
}


def _keep_summary_rollup(session: Session, task: Task, clean: TaskInput) -> None:
    """A summary's status, % complete and dates come from below: refuse a new value typed."""
    rows = {r.id: r for r in list_task_rows(session, task.project_id)}
    row = rows.get(task.id)  # type: ignore[arg-type]
    if row is None or not row.is_summary:
        return
    rolled = {
        "status": row.status,
        "percent_complete": row.percent_complete,
        "start": row.start,
        "finish": row.finish,
    }
    errors = {
        name: f"a summary's {label} comes from its sub-tasks"
        for name, label in ROLLED_UP.items()
        # An emptied date is no new date: it stays what the sub-tasks give.
        if getattr(clean, name) not in (getattr(task, name), rolled[name], *_EMPTY_DATE[name])
    }
    if errors:
        raise ValidationError(errors)
    for name in ROLLED_UP:
        setattr(clean, name, getattr(task, name))


def count_subtasks(session: Session, task_id: int) -> int:
    """How many tasks sit below this one (they are deleted with it)."""
    total = 0
    frontier = [task_id]
    while frontier:
        kids = list(session.exec(select(Task.id).where(col(Task.parent_id).in_(frontier))))
        total += len(kids)
        frontier = [k for k in kids if k is not None]
    return total


def delete_task(session: Session, task_id: int) -> int:
    """Delete a task and its sub-tasks; returns how many sub-tasks went with it."""
    from itpm_tui.services.lifecycle.documents import ensure_open

    task = get_task(session, task_id)
    ensure_open(session, task.project_id)
    deleted = delete_task_trees(session, task.project_id, [task_id])
    return deleted - 1


def delete_task_trees(session: Session, project_id: int, root_ids: list[int] | None = None) -> int:
    """Delete tasks with everything below them (all of the project's if no roots), deepest first.

    ON DELETE CASCADE alone would do it, but SQLite stops a cascade 1,000 levels down
    ("too many levels of trigger recursion"): removing the leaves first keeps each
    cascade one level deep. Returns how many tasks were deleted.
    """
    children: dict[int | None, list[int]] = defaultdict(list)
    ids: set[int] = set()
    for item_id, parent_id in session.exec(
        select(Task.id, Task.parent_id).where(Task.project_id == project_id)
    ):
        children[parent_id].append(item_id)  # type: ignore[arg-type]
        ids.add(item_id)  # type: ignore[arg-type]
    if root_ids is None:
        root_ids = [i for parent, kids in children.items() if parent not in ids for i in kids]
    levels: list[list[int]] = []
    frontier = [i for i in root_ids if i in ids]
    while frontier:
        levels.append(frontier)
        frontier = [kid for item_id in frontier for kid in children.get(item_id, [])]
    for level in reversed(levels):
        for start in range(0, len(level), 500):
            chunk = level[start : start + 500]
            session.exec(delete(Task).where(col(Task.id).in_(chunk)))
    session.flush()
    return sum(len(level) for level in levels)
