"""One meaning of done: status, % complete, board column and actual dates agree after any edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from itpm_tui.models import Project, Task, TaskStatus
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.tasks import TaskRow, _roll_up
from itpm_tui.services.planning.wbs import wbs_order
from itpm_tui.services.shared.errors import ItpmError

DONE = TaskStatus.DONE.value
NOT_STARTED = {TaskStatus.BACKLOG.value, TaskStatus.TODO.value}
STARTED = {TaskStatus.IN_PROGRESS.value, TaskStatus.REVIEW.value}


@dataclass(frozen=True)
class Before:
    """A task's status and % complete before an edit: what the edit changed decides."""

    status: str
    percent: int

    @classmethod
    def of(cls, task: Task) -> Before:
        return cls(task.status, task.percent_complete)


# A task that did not exist yet: whatever it was created with counts as typed.
NEW = Before("", -1)


def is_summary(session: Session, task_id: int | None) -> bool:
    if task_id is None:
        return False
    return session.exec(select(Task.id).where(Task.parent_id == task_id)).first() is not None


def done_dates(
    task: Task, done_on: date, calendar: WorkCalendar, project_start: date | None = None
) -> tuple[date, date]:
    """(actual start, actual finish) of a task marked done on `done_on`.

    The finish is the day it was marked done (or the actual finish it already has). A task
    already started keeps its actual start; one never started is taken to have started on
    its scheduled start when that is not after the finish, else its length in working days
    before the finish (a 4-day task done on a Friday started on the Tuesday), but never
    before `project_start` (nor after the finish).
    """
    from itpm_tui.services.planning.schedule_records import task_duration

    finish = task.actual_finish or done_on
    if task.actual_start is not None:
        return min(task.actual_start, finish), finish
    if task.start is not None and task.start <= finish:
        start = task.start
    else:
        length = task_duration(task, calendar)
        start = calendar.add_working_days(finish, -(length - 1)) if length > 1 else finish
    if project_start is not None:
        # Work on the project cannot have begun before the project did.
        start = min(max(start, project_start), finish)
    return start, finish


def settle(session: Session, task: Task, before: Before, today: date) -> bool:
    """Make a task's status, % complete, board column and actual dates agree after an edit.

    A task is done exactly when it is 100 % complete. What the edit changed decides: a new
    status of done (or away from done) sets % complete; a new % of 100 (or below it) sets
    the status; when both changed (or neither), either one saying done makes it done. Every
    path that changes progress (chart, form, board, quick add) calls this. Summary tasks take
    their progress from their sub-tasks and are refused. Returns True when actual dates
    changed.
    """
    status_changed = task.status != before.status
    percent_changed = task.percent_complete != before.percent
    if before is not NEW and is_summary(session, task.id):
        if status_changed or percent_changed:
            raise ItpmError(
                f"'{task.title}' is a summary task: its status and % complete come from its "
                "sub-tasks. Change those instead."
            )
        roll_up_summaries(session, task.project_id)
        return False
    if status_changed and not percent_changed:
        done = task.status == DONE
    elif percent_changed and not status_changed:
        done = task.percent_complete == 100
    else:
        # Both typed (a form, a new task) or neither (data written before this rule).
        done = task.status == DONE or task.percent_complete == 100
    dates = (task.actual_start, task.actual_finish)
    if done:
        from itpm_tui.services.planning.schedule_records import project_calendar

        task.status, task.percent_complete = DONE, 100
        calendar = project_calendar(session, task.project_id)
        project = session.get(Project, task.project_id)
        started = project.start if project is not None else None
        task.actual_start, task.actual_finish = done_dates(task, today, calendar, started)
    else:
        if task.percent_complete == 100:
            # Out of done by its status: it is not finished after all.
            task.percent_complete = 0
        if task.status == DONE:
            task.status = (
                TaskStatus.IN_PROGRESS.value if task.percent_complete else TaskStatus.TODO.value
            )
        elif percent_changed and task.percent_complete and task.status in NOT_STARTED:
            task.status = TaskStatus.IN_PROGRESS.value
        if task.actual_start is None and task.percent_complete:
            task.actual_start = min(task.start, today) if task.start else today
        elif task.actual_start is None and task.status in STARTED:
            # Work under way has started, at the latest today.
            task.actual_start = today
        task.actual_finish = None
    session.add(task)
    _sync_column(session, task, today)
    if before is not NEW:
        # Not for each task a template or an import creates: that would read the plan
        # once per task. A task created by hand rolls up through restart_new.
        roll_up_summaries(session, task.project_id)
    return dates != (task.actual_start, task.actual_finish)


def restart_new(session: Session, task: Task, today: date) -> None:
    """Settle a task created a moment ago again, as of `today` (the action's own day).

    It had no actual dates of its own: any it has came from being created done.
    """
    task.actual_start = task.actual_finish = None
    settle(session, task, NEW, today)
    roll_up_summaries(session, task.project_id)


def _sync_column(session: Session, task: Task, today: date) -> None:
    """Put the card in a column that means its status (the done column when done)."""
    from itpm_tui.models import WorkflowColumn
    from itpm_tui.services.kanban.board import column_for_status, ensure_columns, place_card

    if task.column_id is None:
        return  # not on the board yet: place_new_task puts it where its status says
    current = session.get(WorkflowColumn, task.column_id)
    done = task.status == DONE
    if current is not None and current.is_done == done and current.status == task.status:
        return
    if current is not None and done and current.is_done:
        return
    if done:
        columns = ensure_columns(session, task.project_id)
        target = next((c for c in columns if c.is_done), None) or column_for_status(
            session, task.project_id, DONE
        )
    else:
        target = column_for_status(session, task.project_id, task.status)
    if current is None or target.id != current.id:
        place_card(session, task, target)


def roll_up_summaries(session: Session, project_id: int) -> None:
    """Store each summary's status and % complete as its sub-tasks give them.

    Screens read summaries through the roll-up already; storing it keeps every count that
    reads the table (portfolio, dashboards) from seeing a summary's stale own values.
    """
    tasks = {t.id: t for t in session.exec(select(Task).where(Task.project_id == project_id))}
    order = wbs_order((t.id, t.parent_id, t.position) for t in tasks.values())  # type: ignore[misc]
    for task_id, (_, _, percent, status) in _roll_up(order, tasks).items():  # type: ignore[arg-type]
        summary = tasks[task_id]
        if (summary.status, summary.percent_complete) != (status, percent):
            # Derived values: no version bump, so they never count as someone's edit.
            summary.status, summary.percent_complete = status, percent
            session.add(summary)


def open_work(rows: list[TaskRow]) -> list[TaskRow]:
    """Tasks and milestones not done yet; summaries carry no work of their own.

    The one count of open work: the Closure gate and the Closure screen both use it.
    """
    return [r for r in rows if not r.is_summary and r.status != DONE]
