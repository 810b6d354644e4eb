"""The task form's read (the task, who may do it, where it may go) and its one-action save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from itpm_tui.models import Person, Task
from itpm_tui.services.planning import tasks as task_service
from itpm_tui.services.planning.predecessors import (
    Predecessor,
    predecessor_texts,
    set_predecessors,
)


@dataclass(frozen=True)
class TaskFormView:
    # Why no new task may be added (the project is closed); the rest is then empty.
    closed: str | None
    task: Task | None = None
    people: tuple[Person, ...] = ()
    # (WBS and title, id) of each task it may go under; (name, id) of each sprint.
    parents: tuple[tuple[str, int], ...] = ()
    sprints: tuple[tuple[str, int], ...] = ()
    # Its predecessors as the form's text ("3FS+2d, 5SS").
    waits_on: str = ""


def task_form_view(session: Session, project_id: int, task_id: int | None) -> TaskFormView:
    from itpm_tui.services.kanban.board import list_sprints
    from itpm_tui.services.lifecycle.documents import closed_reason
    from itpm_tui.services.resources.people import list_people

    closed = closed_reason(session, project_id) if task_id is None else None
    if closed:
        return TaskFormView(closed)
    task = task_service.get_task(session, task_id) if task_id else None
    rows = task_service.list_task_rows(session, project_id)
    parents = tuple(
        (f"{r.wbs} {r.title}", r.id) for r in rows if task_id is None or r.id != task_id
    )
    sprints = tuple((s.name, s.id) for s in list_sprints(session, project_id) if s.id is not None)
    summary = next((r for r in rows if r.id == task_id and r.is_summary), None)
    if task is not None and summary is not None:
        # A summary's progress and dates are its sub-tasks': show those (detached,
        # so nothing is written).
        session.expunge(task)
        task.status, task.percent_complete = summary.status, summary.percent_complete
        task.start, task.finish = summary.start, summary.finish
    waits_on = predecessor_texts(session, project_id).get(task_id or -1, "")
    return TaskFormView(None, task, tuple(list_people(session)), parents, sprints, waits_on)


def save_task_and_links(
    session: Session,
    project_id: int,
    task_id: int | None,
    data: task_service.TaskInput,
    version: int | None,
    today: date,
    links: list[Predecessor] | None,
) -> Task:
    """Save the task; with `links` (its predecessors, changed in the form) set them and
    reschedule, all in the caller's one transaction."""
    from itpm_tui.services.planning.schedule_records import reschedule
    from itpm_tui.services.planning.task_edits import save_task

    saved = save_task(session, project_id, task_id, data, version, today)
    if links is not None:
        set_predecessors(session, saved, links)
        reschedule(session, project_id, today)
    return saved
