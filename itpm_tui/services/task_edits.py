"""Saving the task form: the task itself, the dates typed as scheduling facts, the new schedule."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from itpm_tui.models import Task
from itpm_tui.services import tasks as task_service
from itpm_tui.services.scheduling import apply_manual_dates, reschedule


def save_task(
    session: Session,
    project_id: int,
    task_id: int | None,
    data: task_service.TaskInput,
    expected_version: int | None = None,
    today: date | None = None,
) -> Task:
    """Create (task_id None) or update a task, then reschedule the project.

    Only a date the person typed becomes a constraint: a new task without one is
    scheduled as soon as possible, so it moves with the project's start.
    """
    if task_id is None:
        saved = task_service.create_task(session, project_id, data)
        before: tuple[date | None, date | None] = (None, None)
    else:
        current = task_service.get_task(session, task_id)
        before = (current.start, current.finish)
        saved = task_service.update_task(session, task_id, data, expected_version)
    apply_manual_dates(session, saved, before)
    reschedule(session, project_id, today)
    return saved
