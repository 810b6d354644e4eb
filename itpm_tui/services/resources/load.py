"""Resource load from the database: open assigned tasks of every project, per person and week.

A week's figures do not depend on the window it is viewed through: a task's remaining
work is spread over its working days from `as_of` (today) on, whatever the window, less
the person's days off anywhere in that span; a day every project the person has open
work in does not work (a project holiday) is not part of their capacity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from itpm_tui.models import DayOff, Holiday, Person, Project, Task, TaskStatus
from itpm_tui.services.planning.schedule_records import calendar_of, public_regions
from itpm_tui.services.resources.allocation import (
    HOURS_PER_EFFORT_DAY,
    Assignment,
    Capacity,
    OverAllocation,
    WeekLoad,
    monday,
    over_allocations,
    weekly_load,
)
from itpm_tui.services.shared.query import select_columns


@dataclass(frozen=True)
class ResourceLoad:
    first_week: date
    weeks: int
    people: list[Capacity]
    loads: dict[int, list[WeekLoad]]
    over: list[OverAllocation]


def _remaining_hours(estimate: float | None, duration: int | None, percent: int) -> float:
    effort = estimate if estimate is not None else float(duration or 1)
    return effort * HOURS_PER_EFFORT_DAY * (100 - percent) / 100


def resource_load(
    session: Session,
    first: date,
    weeks: int = 8,
    person_ids: set[int] | None = None,
    *,
    as_of: date | None = None,
) -> ResourceLoad:
    """Every person's load in `weeks` weeks from the week of `first`, across all projects.

    `as_of` (default `first`) is the day from which remaining work is spread: pass
    today to see every window with the same figures.
    """
    start = monday(first)
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    as_of = as_of or first
    child = aliased(Task)
    query = (
        select_columns(
            Task.id,
            Task.title,
            Task.project_id,
            Task.assignee_id,
            Task.start,
            Task.finish,
            Task.estimate_days,
            Task.duration_days,
            Task.percent_complete,
            Project.code,
        )
        .join(Project, col(Project.id) == col(Task.project_id))
        .where(
            col(Task.assignee_id).is_not(None),
            Task.status != TaskStatus.DONE.value,
            ~col(Task.is_milestone),
            col(Task.start).is_not(None),
            col(Task.finish).is_not(None),
            col(Task.start) <= end,
            col(Task.finish) >= start,
            ~exists().where(col(child.parent_id) == col(Task.id)),
        )
    )
    if person_ids is not None:
        query = query.where(col(Task.assignee_id).in_(person_ids))
    rows = session.exec(query).all()
    # Every project a person has open work in, in or out of the window: their capacity
    # follows those projects' calendars whichever weeks are shown.
    work_in = select(Task.assignee_id, Task.project_id).where(
        col(Task.assignee_id).is_not(None),
        Task.status != TaskStatus.DONE.value,
        ~col(Task.is_milestone),
        ~exists().where(col(child.parent_id) == col(Task.id)),
    )
    if person_ids is not None:
        work_in = work_in.where(col(Task.assignee_id).in_(person_ids))
    projects_of: dict[int, set[int]] = {}
    for person_id, project_id in session.exec(work_in.distinct()).all():
        projects_of.setdefault(person_id, set()).add(project_id)  # type: ignore[arg-type]
    project_ids = {t.project_id for t in rows} | {p for ps in projects_of.values() for p in ps}
    calendars = {}
    if project_ids:
        holidays: dict[int, list[Holiday]] = {}
        for h in session.exec(select(Holiday).where(col(Holiday.project_id).in_(project_ids))):
            holidays.setdefault(h.project_id, []).append(h)
        regions = public_regions(session, project_ids)
        for project in session.exec(select(Project).where(col(Project.id).in_(project_ids))):
            assert project.id is not None  # read from the database
            calendars[project.id] = calendar_of(
                project, holidays.get(project.id, []), regions[project.id]
            )
    assignments = [
        Assignment(
            t.id,
            t.title,
            t.code,
            t.assignee_id,
            # Work left (by % complete), spread over the task's days from today on (all
            # of them when it is overdue), the same in every window.
            max(t.start, as_of) if as_of <= t.finish else t.start,
            t.finish,
            _remaining_hours(t.estimate_days, t.duration_days, t.percent_complete),
            calendars[t.project_id],
        )
        for t in rows
    ]
    people_query = select(Person).order_by(col(Person.name))
    if person_ids is not None:
        people_query = people_query.where(col(Person.id).in_(person_ids))
    people = list(session.exec(people_query))
    # Days off anywhere in the tasks' spans change how their work is spread.
    earliest = min([start, *(a.start for a in assignments)])
    latest = max([end, *(a.finish for a in assignments)])
    off: dict[int, set[date]] = {}
    for d in session.exec(select(DayOff).where(DayOff.on >= earliest, DayOff.on <= latest)):
        off.setdefault(d.person_id, set()).add(d.on)
    closed: dict[int, frozenset[date]] = {}
    window = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    for person_id, projects in projects_of.items():
        cals = [calendars[p] for p in projects]
        closed[person_id] = frozenset(
            day for day in window if not any(cal.is_working_day(day) for cal in cals)
        )
    capacities = [
        Capacity(
            p.id,  # type: ignore[arg-type]
            p.name,
            float(p.capacity_hours_per_day),
            frozenset(off.get(p.id, set())),  # type: ignore[arg-type]
            holidays=closed.get(p.id, frozenset()),  # type: ignore[arg-type]
        )
        for p in people
    ]
    loads = weekly_load(assignments, capacities, start, weeks)
    return ResourceLoad(
        start, weeks, capacities, loads, over_allocations(loads, capacities, assignments)
    )


def load_window(session: Session, first: date, weeks: int, as_of: date) -> ResourceLoad:
    """The resources screen's window: `weeks` weeks from `first`, remaining work from `as_of`."""
    return resource_load(session, first, weeks, as_of=as_of)
