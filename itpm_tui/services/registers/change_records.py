"""Change requests: recorded, moved through their status flow, and applied to the plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlmodel import Session, col, select

from itpm_tui.db import name_action
from itpm_tui.models import BudgetCategory, ChangeRequest, ChangeTask, Task
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.plan_edits import shift_task
from itpm_tui.services.planning.schedule_records import project_calendar, reschedule, task_duration
from itpm_tui.services.planning.tasks import TaskRow, list_task_rows
from itpm_tui.services.registers import changes as change_rules
from itpm_tui.services.registers.fields import project_of, required
from itpm_tui.services.shared.errors import ItpmError, ValidationError
from itpm_tui.services.shared.records import check_version, fetch, touch
from itpm_tui.services.shared.text import clean_text


@dataclass
class ChangeInput:
    title: str
    description: str = ""
    requester: str = ""
    reason: str = ""
    scope_impact: str = ""
    schedule_days: int | None = 0
    cost_cents: int | None = 0
    affected_wbs: str = ""
    # Working days added to each task's length (a started task: to its remaining work).
    extend_days: int | None = 0


@dataclass(frozen=True)
class ChangeRow:
    id: int
    title: str
    requester: str
    status: str
    schedule_days: int
    cost_cents: int
    affected_wbs: str
    raised: date | None
    decided_by: str
    decided_on: date | None
    implemented_on: date | None
    version: int
    extend_days: int = 0


@dataclass(frozen=True)
class ApprovedChange:
    """For the monitoring dashboard: a change approved or implemented, and what it moved."""

    id: int
    title: str
    status: str
    schedule_days: int
    cost_cents: int
    decided_on: date | None
    implemented_on: date | None
    # Working days it adds to its tasks' length (schedule_days only moves them).
    extend_days: int = 0


def parse_wbs_list(text: str) -> list[str]:
    """'1.2, 3 ,1.2' -> ['1.2', '3']: WBS codes, order kept, no repeats; ValueError if not codes."""
    codes: list[str] = []
    for part in clean_text(text).replace(";", ",").replace(" ", ",").split(","):
        code = part.strip().rstrip(".")
        if not code:
            continue
        if not all(piece.isdigit() for piece in code.split(".")):
            raise ValueError(f"'{code}' is not a WBS code (like 1.2)")
        if code not in codes:
            codes.append(code)
    return codes


def _validated(session: Session, project_id: int, data: ChangeInput) -> ChangeInput:
    errors: dict[str, str] = {}
    title = required(errors, "title", data.title, "a title")
    if data.schedule_days is None:
        data.schedule_days = 0
    if abs(data.schedule_days) > 2000:
        errors["schedule_days"] = "more than 2000 working days: check the number"
    if data.extend_days is None:
        data.extend_days = 0
    if abs(data.extend_days) > 2000:
        errors["extend_days"] = "more than 2000 working days: check the number"
    if data.cost_cents is None:
        data.cost_cents = 0
    try:
        codes = parse_wbs_list(data.affected_wbs)
    except ValueError as exc:
        errors["affected_wbs"] = str(exc)
        codes = []
    known = {row.wbs for row in list_task_rows(session, project_id)}
    missing = [code for code in codes if code not in known]
    if missing:
        errors["affected_wbs"] = f"no task has WBS {', '.join(missing)}"
    if errors:
        raise ValidationError(errors)
    return ChangeInput(
        title=title,
        description=clean_text(data.description, multiline=True),
        requester=clean_text(data.requester),
        reason=clean_text(data.reason, multiline=True),
        scope_impact=clean_text(data.scope_impact, multiline=True),
        schedule_days=data.schedule_days,
        cost_cents=data.cost_cents,
        affected_wbs=", ".join(codes),
        extend_days=data.extend_days,
    )


def get_change(session: Session, change_id: int) -> ChangeRequest:
    return fetch(session, ChangeRequest, change_id, "change request")


def list_changes(session: Session, project_id: int) -> list[ChangeRow]:
    query = (
        select(ChangeRequest)
        .where(ChangeRequest.project_id == project_id)
        .order_by(col(ChangeRequest.id))
    )
    return [
        ChangeRow(
            c.id,  # type: ignore[arg-type]
            c.title,
            c.requester,
            c.status,
            c.schedule_days,
            c.cost_cents,
            c.affected_wbs,
            c.raised,
            c.decided_by,
            c.decided_on,
            c.implemented_on,
            c.version,
            c.extend_days,
        )
        for c in session.exec(query)
    ]


def create_change(
    session: Session, project_id: int, data: ChangeInput, today: date
) -> ChangeRequest:
    project_of(session, project_id)
    clean = _validated(session, project_id, data)
    change = ChangeRequest(project_id=project_id, raised=today, **clean.__dict__)
    session.add(change)
    session.flush()
    return change


def update_change(
    session: Session, change_id: int, data: ChangeInput, expected_version: int | None = None
) -> ChangeRequest:
    change = get_change(session, change_id)
    check_version(change, expected_version, "change request")
    if change.status == "implemented":
        raise ItpmError("An implemented change is history: raise a new change request instead.")
    clean = _validated(session, change.project_id, data)
    edited = any(getattr(change, name) != value for name, value in clean.__dict__.items())
    for name, value in clean.__dict__.items():
        setattr(change, name, value)
    if edited and change.status == "approved":
        # What was approved is not what it says now: it is to be approved again.
        change.status, change.decided_by, change.decided_on = "assessed", "", None
    touch(change)
    session.add(change)
    session.flush()
    return change


def delete_change(session: Session, change_id: int) -> None:
    change = get_change(session, change_id)
    if change.status == "implemented":
        raise ItpmError("An implemented change moved the plan and stays on record.")
    session.delete(change)
    session.flush()


def advance(
    session: Session, change_id: int, wanted: str, today: date, decided_by: str = ""
) -> ChangeRequest:
    """Move a change to `wanted` (not 'implemented': apply_change does that)."""
    change = get_change(session, change_id)
    if wanted == "implemented":
        raise ItpmError("Apply the change to implement it: that moves its tasks.")
    change_rules.check_transition(change.status, wanted)
    if wanted in change_rules.DECISIONS:
        who = clean_text(decided_by)
        if not who:
            raise ValidationError({"decided_by": "say who decided"})
        change.decided_by, change.decided_on = who, today
    change.status = wanted
    touch(change)
    session.add(change)
    session.flush()
    return change


def apply_change(session: Session, change_id: int, today: date) -> list[ChangeTask]:
    """Implement an approved change: move its tasks by its working days, lengthen them by
    its added days, and record what each task did; its cost becomes a budget line.

    A task already started keeps its actual start (a fact): the change acts on its
    remaining work, which grows (or shrinks) by the days moved and added together.
    All or nothing: a task that cannot take the change (finished, a summary, a milestone
    given a length) stops the lot. It is one action: undo takes all of it back.
    """
    change = get_change(session, change_id)
    change_rules.check_transition(change.status, "implemented")
    codes = parse_wbs_list(change.affected_wbs)
    by_wbs = {row.wbs: row for row in list_task_rows(session, change.project_id)}
    calendar = project_calendar(session, change.project_id)
    acted: list[tuple[TaskRow, int, int]] = []  # (row, days shifted, days added)
    for code in codes:
        row = by_wbs.get(code)
        if row is None:
            raise ItpmError(f"No task has WBS {code} any more: edit the change's tasks first.")
        task = session.get(Task, row.id)
        assert task is not None
        if row.is_summary:
            raise ItpmError(
                f"WBS {code} '{row.title}' is a summary: its dates come from its sub-tasks. "
                "Name those in the change instead."
            )
        if task.actual_finish is not None:
            raise ItpmError(
                f"WBS {code} '{row.title}' finished on {task.actual_finish.isoformat()}: "
                "a change cannot move or lengthen finished work."
            )
        if task.actual_start is not None:
            added = change.schedule_days + change.extend_days
            if added:
                _change_remaining_work(task, added, calendar, code)
            _grow_estimate(task, change.extend_days)
            acted.append((row, 0, added))
            continue
        if change.extend_days:
            if task.is_milestone:
                raise ItpmError(
                    f"WBS {code} '{row.title}' is a milestone: it has no length to add to."
                )
            length = task_duration(task, calendar) + change.extend_days
            if length < 1:
                raise ItpmError(
                    f"WBS {code} '{row.title}' would last {length} working days: "
                    "a task lasts at least one."
                )
            task.duration_days = length
            _grow_estimate(task, change.extend_days)
            session.add(task)
        if change.schedule_days:
            shift_task(session, row.id, change.schedule_days)
        acted.append((row, change.schedule_days, change.extend_days))
    if codes and (change.schedule_days or change.extend_days):
        reschedule(session, change.project_id, today)
    moved: list[ChangeTask] = []
    for row, shifted, added in acted:
        task = session.get(Task, row.id)
        record = ChangeTask(
            change_id=change_id,
            task_id=row.id,
            task_title=row.title,
            shifted_days=shifted,
            extended_days=added,
            finish_before=row.finish,
            finish_after=task.finish if task else None,
        )
        session.add(record)
        moved.append(record)
    if change.cost_cents > 0:
        # The approved cost joins the budget as its own line, so that the budget and the
        # earned value show how much of the plan came from approved change.
        from itpm_tui.services.monitoring.budget_records import LineInput, add_line

        category = BudgetCategory.SERVICES.value
        name = f"Change #{change.id}: {change.title}"
        add_line(session, change.project_id, LineInput(category, name, change.cost_cents))
    change.status, change.implemented_on = "implemented", today
    touch(change)
    session.add(change)
    name_action(session, f"apply change #{change.id} '{change.title}'")
    session.flush()
    return moved


def _grow_estimate(task: Task, days: int) -> None:
    """Added working days are added work: the estimate (effort) follows the new length, so
    "d of work", earned value weights and resource load do not keep the old figure. A delay
    alone is not more work; a task without an estimate keeps none."""
    if not days or task.estimate_days is None:
        return
    # Never to nothing: a task lasts at least one day, so some work stays.
    task.estimate_days = max(0.5, task.estimate_days + days)


def _change_remaining_work(task: Task, days: int, calendar: WorkCalendar, code: str) -> None:
    """A started task's remaining work grows by `days` (shrinks when negative).

    Its actual start stays; the work already done stays the same number of days, so its %
    complete is what that work is of the new length.
    """
    length = task_duration(task, calendar)
    done = length * task.percent_complete / 100
    new_length = length + days
    if new_length < max(1, ceil(done)):
        raise ItpmError(
            f"WBS {code} '{task.title}' has {done:g} of its {length} working days done: "
            f"it cannot lose {-days}."
        )
    task.duration_days = new_length
    if task.percent_complete:
        task.percent_complete = min(99, round(done * 100 / new_length))


def approved_changes(session: Session, project_id: int) -> list[ApprovedChange]:
    """Approved and implemented changes: how much schedule and cost came from approved change."""
    query = (
        select(ChangeRequest)
        .where(
            ChangeRequest.project_id == project_id,
            col(ChangeRequest.status).in_(("approved", "implemented")),
        )
        .order_by(col(ChangeRequest.decided_on), col(ChangeRequest.id))
    )
    return [
        ApprovedChange(
            c.id,  # type: ignore[arg-type]
            c.title,
            c.status,
            c.schedule_days,
            c.cost_cents,
            c.decided_on,
            c.implemented_on,
            c.extend_days,
        )
        for c in session.exec(query)
    ]
