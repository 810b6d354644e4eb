"""Resource load: each person's assigned work spread over working days, summed per week.

Hours are floats: they are effort, not money, and the portfolio-wide load is summed
over thousands of tasks on every dashboard, where exact fractions cost seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from itpm_tui.services.planning.calendar import WorkCalendar

HOURS_PER_EFFORT_DAY = 8  # an estimate of "1d" is 8 hours of work, as parse_duration says


@dataclass(frozen=True)
class Assignment:
    """Remaining work of one task for its assignee, between its dates."""

    task_id: int
    title: str
    project_code: str
    person_id: int
    start: date
    finish: date
    hours: float
    calendar: WorkCalendar = field(default_factory=WorkCalendar, compare=False)


@dataclass(frozen=True)
class Capacity:
    person_id: int
    name: str
    hours_per_day: float
    days_off: frozenset[date] = frozenset()
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    # Days none of the person's projects works (their holidays): no capacity either.
    holidays: frozenset[date] = frozenset()


@dataclass
class WeekLoad:
    week: date  # the Monday
    load: float = 0.0
    capacity: float = 0.0
    tasks: dict[int, float] = field(default_factory=dict)

    @property
    def over(self) -> bool:
        return self.load > self.capacity

    @property
    def percent(self) -> int:
        if not self.capacity:
            return 0 if not self.load else 999
        return round(100 * self.load / self.capacity)


@dataclass(frozen=True)
class OverAllocation:
    person_id: int
    name: str
    week: date
    load: float
    capacity: float
    tasks: list[tuple[int, str, str, float]]  # id, project code, title, hours that week


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def daily_hours(assignment: Assignment, days_off: frozenset[date]) -> dict[date, float]:
    """The task's hours spread evenly over its working days the person is not off.

    When every working day of the task is a day off the work still has to be done:
    it falls on the task's working days, and shows up as an over-allocation.
    """
    days: list[date] = []
    day = assignment.start
    while day <= assignment.finish:
        if assignment.calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    available = [d for d in days if d not in days_off] or days or [assignment.start]
    share = assignment.hours / len(available)
    return dict.fromkeys(available, share)


def weekly_hours(assignment: Assignment, days_off: frozenset[date]) -> dict[date, float]:
    """The same spread as daily_hours, summed per week (Monday), counted week by week."""
    calendar = assignment.calendar
    counts: dict[date, int] = {}
    fallback: dict[date, int] = {}
    week = monday(assignment.start)
    while week <= assignment.finish:
        first = max(week, assignment.start)
        last = min(week + timedelta(days=6), assignment.finish)
        worked = calendar.working_days_between(first, last + timedelta(days=1))
        if worked > 0:
            fallback[week] = worked
            off = sum(1 for d in days_off if first <= d <= last and calendar.is_working_day(d))
            if worked - off > 0:
                counts[week] = worked - off
        week += timedelta(weeks=1)
    chosen = counts or fallback or {monday(assignment.start): 1}
    total = sum(chosen.values())
    return {week: assignment.hours * n / total for week, n in chosen.items()}


def capacity_in_week(capacity: Capacity, week: date) -> float:
    days = [week + timedelta(days=i) for i in range(7)]
    working = [
        d
        for d in days
        if d.weekday() in capacity.weekdays
        and d not in capacity.days_off
        and d not in capacity.holidays
    ]
    return capacity.hours_per_day * len(working)


def weekly_load(
    assignments: Iterable[Assignment],
    capacities: Sequence[Capacity],
    first: date,
    weeks: int,
) -> dict[int, list[WeekLoad]]:
    """Load and capacity per person per week for `weeks` weeks from the week of `first`."""
    start = monday(first)
    by_person: dict[int, dict[date, WeekLoad]] = {}
    days_off = {c.person_id: c.days_off for c in capacities}
    for capacity in capacities:
        by_person[capacity.person_id] = {
            start + timedelta(weeks=i): WeekLoad(
                start + timedelta(weeks=i),
                capacity=capacity_in_week(capacity, start + timedelta(weeks=i)),
            )
            for i in range(weeks)
        }
    for assignment in assignments:
        table = by_person.get(assignment.person_id)
        if table is None:
            continue
        for first_day, hours in weekly_hours(
            assignment, days_off.get(assignment.person_id, frozenset())
        ).items():
            week = table.get(first_day)
            if week is None:
                continue
            week.load += hours
            week.tasks[assignment.task_id] = week.tasks.get(assignment.task_id, 0.0) + hours
    return {pid: list(weeks_.values()) for pid, weeks_ in by_person.items()}


def over_allocations(
    loads: dict[int, list[WeekLoad]],
    capacities: Sequence[Capacity],
    assignments: Iterable[Assignment],
) -> list[OverAllocation]:
    """Every person-week loaded past capacity, with the tasks that make up its load."""
    names = {c.person_id: c.name for c in capacities}
    tasks = {a.task_id: a for a in assignments}
    result: list[OverAllocation] = []
    for person_id, weeks in loads.items():
        for week in weeks:
            if not week.over:
                continue
            causes = sorted(
                (
                    (tid, tasks[tid].project_code, tasks[tid].title, hours)
                    for tid, hours in week.tasks.items()
                ),
                key=lambda item: -item[3],
            )
            result.append(
                OverAllocation(
                    person_id,
                    names.get(person_id, "?"),
                    week.week,
                    week.load,
                    week.capacity,
                    causes,
                )
            )
    return sorted(result, key=lambda o: (o.week, o.name))
