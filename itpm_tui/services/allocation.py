"""Resource load: each person's assigned work spread over working days, summed per week."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from itpm_tui.services.calendar import WorkCalendar

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
    hours: Fraction
    calendar: WorkCalendar = field(default_factory=WorkCalendar, compare=False)


@dataclass(frozen=True)
class Capacity:
    person_id: int
    name: str
    hours_per_day: Fraction
    days_off: frozenset[date] = frozenset()
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})


@dataclass
class WeekLoad:
    week: date  # the Monday
    load: Fraction = Fraction(0)
    capacity: Fraction = Fraction(0)
    tasks: dict[int, Fraction] = field(default_factory=dict)

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
    load: Fraction
    capacity: Fraction
    tasks: list[tuple[int, str, str, Fraction]]  # id, project code, title, hours that week


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def daily_hours(assignment: Assignment, days_off: frozenset[date]) -> dict[date, Fraction]:
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


def capacity_in_week(capacity: Capacity, week: date) -> Fraction:
    days = [week + timedelta(days=i) for i in range(7)]
    working = [d for d in days if d.weekday() in capacity.weekdays and d not in capacity.days_off]
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
        for day, hours in daily_hours(
            assignment, days_off.get(assignment.person_id, frozenset())
        ).items():
            week = table.get(monday(day))
            if week is None:
                continue
            week.load += hours
            week.tasks[assignment.task_id] = week.tasks.get(assignment.task_id, Fraction(0)) + hours
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


def total_by_person(loads: dict[int, list[WeekLoad]]) -> dict[int, Fraction]:
    totals: dict[int, Fraction] = defaultdict(Fraction)
    for person_id, weeks in loads.items():
        for week in weeks:
            totals[person_id] += week.load
    return dict(totals)
