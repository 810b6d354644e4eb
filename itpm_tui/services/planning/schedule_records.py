"""The schedule of stored projects: load tasks and links, run the CPM engine, write dates back."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date
from math import ceil
from typing import Any

from sqlmodel import Session, col, select

from itpm_tui.models import (
    Baseline,
    BaselineTask,
    Dependency,
    Holiday,
    Project,
    PublicHolidayCalendar,
    Task,
)
from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.public_holidays import Region
from itpm_tui.services.planning.schedule import (
    ConstraintKind,
    DependencyError,
    DependencyInput,
    DependencyKind,
    ScheduleResult,
    TaskToSchedule,
    schedule,
    validate_dependency,
)
from itpm_tui.services.shared.errors import ItpmError, ValidationError

# Stored as text; anything unknown schedules as soon as possible.
CONSTRAINTS = {kind.value: kind for kind in ConstraintKind}
LINK_KINDS = {kind.value for kind in DependencyKind}


def weekdays_of(project: Project) -> frozenset[int]:
    """The project's working weekdays (0 = Monday); Monday to Friday when none are stored."""
    days = {int(d) for d in project.working_weekdays.split(",") if d.strip().isdigit()}
    return frozenset(days or {0, 1, 2, 3, 4})


def calendar_of(
    project: Project, holidays: list[Holiday], public: Region | None = None
) -> WorkCalendar:
    return WorkCalendar(
        weekdays=weekdays_of(project),
        holidays=frozenset(h.on for h in holidays if h.on is not None),
        recurring_holidays=tuple(h.rrule for h in holidays if h.rrule),
        public=public,
    )


def public_regions(session: Session, project_ids: set[int]) -> dict[int, Region | None]:
    """Whose public holidays each project takes: its own setting, else the company's."""
    rows = session.exec(
        select(PublicHolidayCalendar).where(
            col(PublicHolidayCalendar.project_id).is_(None)
            | col(PublicHolidayCalendar.project_id).in_(project_ids)
        )
    ).all()
    settings: dict[int | None, Region | None] = {
        row.project_id: Region(row.country, row.subdivision) if row.country else None
        for row in rows
    }
    company = settings.get(None)
    return {pid: settings.get(pid, company) for pid in project_ids}


def project_calendar(session: Session, project_id: int) -> WorkCalendar:
    project = session.get(Project, project_id)
    if project is None:
        raise ItpmError("That project no longer exists.")
    holidays = list(session.exec(select(Holiday).where(Holiday.project_id == project_id)))
    return calendar_of(project, holidays, public_regions(session, {project_id})[project_id])


def task_duration(task: Task, calendar: WorkCalendar) -> int:
    """Working days: stored, else from its dates, else from the estimate; milestones 0."""
    if task.is_milestone:
        return 0
    if task.duration_days is not None:
        return max(1, task.duration_days)
    if task.start and task.finish and task.finish >= task.start:
        return max(1, calendar.working_days_between(task.start, task.finish) + 1)
    if task.estimate_days:
        return max(1, ceil(task.estimate_days))
    return 1


def linked_projects(session: Session, project_id: int) -> set[int]:
    """The project and every project tied to it by dependencies, directly or not."""
    pairs = session.exec(
        select(Task.project_id, Dependency.successor_id, Dependency.predecessor_id).join(
            Dependency, col(Dependency.predecessor_id) == col(Task.id)
        )
    ).all()
    if not pairs:
        return {project_id}
    project_of = dict(
        session.exec(
            select(Task.id, Task.project_id).where(col(Task.id).in_({succ for _, succ, _ in pairs}))
        ).all()
    )
    neighbours: dict[int, set[int]] = defaultdict(set)
    for pred_project, succ, _ in pairs:
        succ_project = project_of.get(succ)
        if succ_project is not None and succ_project != pred_project:
            neighbours[pred_project].add(succ_project)
            neighbours[succ_project].add(pred_project)
    seen = {project_id}
    queue = deque([project_id])
    while queue:
        for other in neighbours[queue.popleft()]:
            if other not in seen:
                seen.add(other)
                queue.append(other)
    return seen


@dataclass
class PlanData:
    """What the engine needs, loaded once: tasks, links, calendars, project starts."""

    projects: dict[int, Project]
    tasks: dict[int, Task]
    dependencies: list[Dependency]
    calendars: dict[int, WorkCalendar]


def load_plan(session: Session, project_ids: set[int], *, to_show: bool = False) -> PlanData:
    """The plan's rows; `to_show` when nothing is written back (the chart, `itpm gantt`).

    Then tasks and links come as plain rows, read by attribute like the models: building
    ORM objects is most of the cost of reading a 10,000-task plan, and only a write needs them.
    """
    projects = {
        p.id: p for p in session.exec(select(Project).where(col(Project.id).in_(project_ids)))
    }
    # Plain rows when shown, models when written back: read alike, by attribute.
    tasks: dict[int, Any]
    dependencies: list[Any]
    if to_show:
        task_table, link_table = Task.__table__, Dependency.__table__  # type: ignore[attr-defined]
        tasks = {
            row.id: row
            for row in session.execute(
                select(task_table).where(task_table.c.project_id.in_(project_ids))
            )
        }
        dependencies = (
            list(
                session.execute(
                    select(link_table).where(link_table.c.successor_id.in_(tasks))
                ).all()
            )
            if tasks
            else []
        )
    else:
        tasks = {
            t.id: t
            for t in session.exec(select(Task).where(col(Task.project_id).in_(project_ids)))
            if t.id is not None
        }
        dependencies = (
            list(session.exec(select(Dependency).where(col(Dependency.successor_id).in_(tasks))))
            if tasks
            else []
        )
    holidays: dict[int, list[Holiday]] = defaultdict(list)
    for holiday in session.exec(select(Holiday).where(col(Holiday.project_id).in_(project_ids))):
        holidays[holiday.project_id].append(holiday)
    regions = public_regions(session, set(projects))  # type: ignore[arg-type]
    calendars = {
        pid: calendar_of(p, holidays[pid], regions[pid])  # type: ignore[index]
        for pid, p in projects.items()
    }
    return PlanData(projects, tasks, dependencies, calendars)  # type: ignore[arg-type]


def _engine_inputs(plan: PlanData) -> tuple[list[TaskToSchedule], list[DependencyInput]]:
    inputs = []
    for task in plan.tasks.values():
        calendar = plan.calendars[task.project_id]
        kind = CONSTRAINTS.get(task.constraint_kind, ConstraintKind.ASAP)
        inputs.append(
            TaskToSchedule(
                id=task.id,  # type: ignore[arg-type]
                duration=task_duration(task, calendar),
                name=task.title,
                parent_id=task.parent_id,
                order=task.position,
                project_id=task.project_id,
                constraint=kind
                if task.constraint_date or kind is ConstraintKind.ASAP
                else ConstraintKind.ASAP,
                constraint_date=task.constraint_date,
                actual_start=task.actual_start,
                actual_finish=task.actual_finish,
                percent_complete=float(task.percent_complete),
                work=task.estimate_days,
            )
        )
    links = [
        DependencyInput(d.predecessor_id, d.successor_id, DependencyKind(d.kind), d.lag_days)
        for d in plan.dependencies
        if d.predecessor_id in plan.tasks
    ]
    return inputs, links


def _intended_start(task: Task) -> date | None:
    if task.actual_start:
        return task.actual_start
    if task.constraint_kind in ("SNET", "MSO") and task.constraint_date:
        return task.constraint_date
    return task.start


def _project_starts(plan: PlanData, today: date) -> dict[int, date]:
    """Each project's start date; one without it starts with its first tasks.

    Those are the tasks no link holds back (nor a summary above them), at their intended
    start. A stored start that only followed a link or an earlier constraint must not
    anchor the project, or a task moved later could never be moved back.
    """
    held = {d.successor_id for d in plan.dependencies if d.predecessor_id in plan.tasks}
    summaries = {t.parent_id for t in plan.tasks.values() if t.parent_id is not None}
    waits: dict[int | None, bool] = {None: False}

    def is_held(task_id: int | None) -> bool:
        chain: list[int] = []
        while task_id not in waits and task_id not in chain:
            chain.append(task_id)  # type: ignore[arg-type]
            if task_id in held:
                break
            task = plan.tasks.get(task_id)  # type: ignore[arg-type]
            task_id = task.parent_id if task else None
        answer = task_id in held or bool(waits.get(task_id, False))
        for item in chain:
            waits[item] = answer
        return answer

    starts: dict[int, date] = {}
    for pid, project in plan.projects.items():
        if project.start:
            starts[pid] = project.start
            continue
        mine = [t for t in plan.tasks.values() if t.project_id == pid]
        firsts = [_intended_start(t) for t in mine if t.id not in summaries and not is_held(t.id)]
        dates = [d for d in firsts if d] or [t.start for t in mine if t.start]
        starts[pid] = min(dates) if dates else today
    return starts


def compute(
    session: Session, project_id: int, today: date | None = None, *, to_show: bool = False
) -> tuple[PlanData, ScheduleResult]:
    """Schedule the project (and the projects linked to it) without writing anything."""
    today = today or date.today()
    plan = load_plan(session, linked_projects(session, project_id), to_show=to_show)
    inputs, links = _engine_inputs(plan)
    try:
        result = schedule(inputs, links, _project_starts(plan, today), plan.calendars)
    except DependencyError as exc:
        raise ItpmError(str(exc)) from None
    return plan, result


def reschedule(session: Session, project_id: int, today: date | None = None) -> ScheduleResult:
    """Recompute dates and store them on the tasks, inside the caller's transaction."""
    plan, result = compute(session, project_id, today)
    for task_id, computed in result.tasks.items():
        task = plan.tasks[task_id]
        if plan.projects[task.project_id].closed_on is not None:
            # A closed project's dates are its record (and read-only), whatever a calendar
            # shared with open projects (the company's public holidays) says now.
            continue
        if task.start != computed.start or task.finish != computed.finish:
            # Derived dates: no version bump, so they never count as someone's edit.
            task.start, task.finish = computed.start, computed.finish
            session.add(task)
        if not computed.is_summary and task.duration_days is None and not task.is_milestone:
            task.duration_days = computed.duration
            session.add(task)
    session.flush()
    return result


# --- dependencies ------------------------------------------------------------------------


def add_dependency(
    session: Session, predecessor_id: int, successor_id: int, kind: str = "FS", lag_days: int = 0
) -> Dependency:
    """Link two tasks; refuses self-links, duplicates, missing tasks and cycles by name."""
    if kind not in LINK_KINDS:
        raise ValidationError({"kind": f"'{kind}' is not a link type: use FS, SS, FF or SF"})
    ends = [session.get(Task, predecessor_id), session.get(Task, successor_id)]
    project_ids = {t.project_id for t in ends if t is not None}
    for pid in list(project_ids):
        project_ids |= linked_projects(session, pid)
    plan = load_plan(session, project_ids or {0})
    names = {tid: t.title for tid, t in plan.tasks.items()}
    existing = [
        DependencyInput(d.predecessor_id, d.successor_id, DependencyKind(d.kind), d.lag_days)
        for d in plan.dependencies
    ]
    new = DependencyInput(predecessor_id, successor_id, DependencyKind(kind), lag_days)
    parent_of = {tid: t.parent_id for tid, t in plan.tasks.items()}
    try:
        validate_dependency(existing, plan.tasks.keys(), new, names, parent_of=parent_of)
    except DependencyError as exc:
        raise ItpmError(str(exc)) from None
    link = Dependency(
        predecessor_id=predecessor_id, successor_id=successor_id, kind=kind, lag_days=lag_days
    )
    session.add(link)
    session.flush()
    return link


def remove_dependency(session: Session, predecessor_id: int, successor_id: int) -> None:
    link = session.exec(
        select(Dependency).where(
            Dependency.predecessor_id == predecessor_id, Dependency.successor_id == successor_id
        )
    ).first()
    if link is None:
        raise ItpmError("That link no longer exists.")
    session.delete(link)
    session.flush()


def predecessors_of(session: Session, task_id: int) -> list[tuple[Dependency, Task]]:
    return list(
        session.exec(
            select(Dependency, Task)
            .join(Task, col(Task.id) == col(Dependency.predecessor_id))
            .where(Dependency.successor_id == task_id)
            .order_by(col(Task.start))
        ).all()
    )


# --- baselines ---------------------------------------------------------------------------


def save_baseline(
    session: Session, project_id: int, name: str, today: date | None = None
) -> Baseline:
    """Keep the current plan under `name` (several can be kept)."""
    from itpm_tui.services.lifecycle.documents import ensure_open
    from itpm_tui.services.shared.text import clean_text

    ensure_open(session, project_id)

    name = clean_text(name)
    if not name:
        raise ValidationError({"name": "a baseline needs a name"})
    clash = session.exec(
        select(Baseline).where(Baseline.project_id == project_id, Baseline.name == name)
    ).first()
    if clash is not None:
        raise ValidationError({"name": f"there is already a baseline called '{name}'"})
    result = reschedule(session, project_id, today)
    baseline = Baseline(project_id=project_id, name=name)
    session.add(baseline)
    session.flush()
    tasks = session.exec(select(Task).where(Task.project_id == project_id)).all()
    for task in tasks:
        computed = result.tasks.get(task.id)  # type: ignore[arg-type]
        session.add(
            BaselineTask(
                baseline_id=baseline.id,  # type: ignore[arg-type]
                task_id=task.id,  # type: ignore[arg-type]
                start=task.start,
                finish=task.finish,
                duration_days=computed.duration if computed else 0,
            )
        )
    session.flush()
    return baseline


def list_baselines(session: Session, project_id: int) -> list[Baseline]:
    return list(
        session.exec(
            select(Baseline)
            .where(Baseline.project_id == project_id)
            .order_by(col(Baseline.created_at))
        )
    )


def baseline_dates(session: Session, baseline_id: int) -> dict[int, tuple[date, date]]:
    rows = session.exec(select(BaselineTask).where(BaselineTask.baseline_id == baseline_id)).all()
    return {r.task_id: (r.start, r.finish) for r in rows if r.start and r.finish}


def apply_manual_dates(
    session: Session, task: Task, before: tuple[date | None, date | None]
) -> None:
    """Dates typed into a form become scheduling facts, as in MS Project.

    A new start becomes a start-no-earlier-than constraint (a must-start-on or
    must-finish-on one keeps its kind); a start and finish fix the duration.
    """
    start_changed = task.start is not None and task.start != before[0]
    finish_changed = task.finish is not None and task.finish != before[1]
    if start_changed and task.constraint_kind not in ("MSO", "MFO"):
        task.constraint_kind = "SNET"
        task.constraint_date = task.start
    elif start_changed and task.constraint_kind == "MSO":
        task.constraint_date = task.start
    if (start_changed or finish_changed) and task.start and task.finish and not task.is_milestone:
        from itpm_tui.services.shared.parsing import MAX_DURATION_DAYS

        calendar = project_calendar(session, task.project_id)
        days = max(1, calendar.working_days_between(task.start, task.finish) + 1)
        if days > MAX_DURATION_DAYS:
            raise ValidationError(
                {
                    "start" if start_changed else "finish": f"{days:,} working days from start "
                    f"to finish: a task lasts at most {MAX_DURATION_DAYS:,}"
                }
            )
        task.duration_days = days
    session.add(task)
    session.flush()
