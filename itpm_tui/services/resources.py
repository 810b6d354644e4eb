"""Resource load from the database: open assigned tasks of every project, per person and week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from itpm_tui.models import DayOff, Holiday, Person, Project, Task, TaskStatus
from itpm_tui.services.allocation import (
    HOURS_PER_EFFORT_DAY,
    Assignment,
    Capacity,
    OverAllocation,
    WeekLoad,
    monday,
    over_allocations,
    weekly_load,
)
from itpm_tui.services.scheduling import calendar_of


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
    session: Session, first: date, weeks: int = 8, person_ids: set[int] | None = None
) -> ResourceLoad:
    """Every person's load in `weeks` weeks from the week of `first`, across all projects."""
    start = monday(first)
    end = start + timedelta(weeks=weeks) - timedelta(days=1)
    child = aliased(Task)
    query = (
        select(
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
            Task.start <= end,
            Task.finish >= start,
            ~exists().where(child.parent_id == Task.id),
        )
    )
    if person_ids is not None:
        query = query.where(col(Task.assignee_id).in_(person_ids))
    rows = session.exec(query).all()
    project_ids = {t.project_id for t in rows}
    calendars = {}
    if project_ids:
        holidays: dict[int, list[Holiday]] = {}
        for h in session.exec(select(Holiday).where(col(Holiday.project_id).in_(project_ids))):
            holidays.setdefault(h.project_id, []).append(h)
        for project in session.exec(select(Project).where(col(Project.id).in_(project_ids))):
            calendars[project.id] = calendar_of(project, holidays.get(project.id, []))  # type: ignore[index]
    assignments = [
        Assignment(
            t.id,
            t.title,
            t.code,
            t.assignee_id,
            max(t.start, start),
            t.finish,
            # Work left (by % complete), spread over the task's days from the window on.
            _remaining_hours(t.estimate_days, t.duration_days, t.percent_complete),
            calendars[t.project_id],
        )
        for t in rows
    ]
    people_query = select(Person).order_by(col(Person.name))
    if person_ids is not None:
        people_query = people_query.where(col(Person.id).in_(person_ids))
    people = list(session.exec(people_query))
    off: dict[int, set[date]] = {}
    for d in session.exec(select(DayOff).where(DayOff.on >= start, DayOff.on <= end)):
        off.setdefault(d.person_id, set()).add(d.on)
    capacities = [
        Capacity(
            p.id,  # type: ignore[arg-type]
            p.name,
            float(p.capacity_hours_per_day),
            frozenset(off.get(p.id, set())),  # type: ignore[arg-type]
        )
        for p in people
    ]
    loads = weekly_load(assignments, capacities, start, weeks)
    return ResourceLoad(
        start, weeks, capacities, loads, over_allocations(loads, capacities, assignments)
    )
