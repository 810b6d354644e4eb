"""Saving the task form: the task itself, the dates typed as scheduling facts, the new schedule."""

from __future__ import annotations

from datetime import date
from math import ceil

from sqlmodel import Session, select

from itpm_tui.models import Task
from itpm_tui.services.planning import tasks as task_service
from itpm_tui.services.planning.completion import restart_new
from itpm_tui.services.planning.schedule_records import apply_manual_dates, reschedule


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
    scheduled as soon as possible, so it moves with the project's start. A new
    estimate sets the task's length, unless a finish was typed with it.
    """
    if task_id is None:
        saved = task_service.create_task(session, project_id, data)
        if today is not None:
            restart_new(session, saved, today)  # done, % and dates agree as of the day
        before: tuple[date | None, date | None] = (None, None)
        estimate_before: float | None = None
    else:
        current = task_service.get_task(session, task_id)
        before = (current.start, current.finish)
        estimate_before = current.estimate_days
        saved = task_service.update_task(session, task_id, data, expected_version, today)
    apply_manual_dates(session, saved, before)
    finish_typed = saved.finish is not None and saved.finish != before[1]
    if saved.estimate_days != estimate_before and not finish_typed:
        apply_estimate(session, saved)
    reschedule(session, project_id, today)
    return saved


def apply_estimate(session: Session, task: Task) -> None:
    """The task lasts as many working days as its estimate (rounded up, at least one).

    Without it a stored length from earlier wins, and a 2-day estimate would be
    loaded onto a 1-day span (16 h on one day on the Resources screen).
    """
    if task.is_milestone or task.estimate_days is None:
        return
    if session.exec(select(Task.id).where(Task.parent_id == task.id)).first() is not None:
        return  # a summary's length comes from its sub-tasks
    task.duration_days = max(1, ceil(task.estimate_days))
    session.add(task)
    session.flush()
