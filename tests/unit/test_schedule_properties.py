"""Property tests: random plans, checked against the rules and a date-by-date reference."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.schedule import (
    ConstraintKind,
    DependencyInput,
    DependencyKind,
    ScheduleResult,
    TaskSchedule,
    TaskToSchedule,
    schedule,
)

# Shared calendars, so their tables are built once.
CALENDARS = [
    WorkCalendar(),
    WorkCalendar(holidays=frozenset({date(2024, 1, 3), date(2024, 5, 1), date(2025, 1, 6)})),
    WorkCalendar(weekdays=frozenset({6, 0, 1, 2, 3})),
    WorkCalendar(
        weekdays=frozenset({0, 2, 4}), recurring_holidays=("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",)
    ),
]
KINDS = list(DependencyKind)
# Start bound (0) or finish bound (1) on each side of a link: (predecessor, successor).
SIDES = {
    DependencyKind.FS: (1, 0),
    DependencyKind.SS: (0, 0),
    DependencyKind.FF: (1, 1),
    DependencyKind.SF: (0, 1),
}
SETTINGS = settings(deadline=None, max_examples=150)


@dataclass
class Plan:
    tasks: list[TaskToSchedule]
    links: list[DependencyInput]
    calendar: WorkCalendar
    start: date
    ranked: list[int]  # task ids in an order every link goes forward in


@st.composite
def plans(draw: st.DrawFn, *, milestones: bool = True, constraints: bool = False) -> Plan:
    """A random DAG: links only go from lower to higher rank; ids and order are shuffled."""
    count = draw(st.integers(1, 18))
    low_duration = 0 if milestones else 1
    durations = draw(st.lists(st.integers(low_duration, 7), min_size=count, max_size=count))
    ids = draw(st.permutations(range(100, 100 + count)))
    start = draw(st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=3 * count
        )
    )
    edges = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    links = [
        DependencyInput(ids[a], ids[b], draw(st.sampled_from(KINDS)), draw(st.integers(-3, 3)))
        for a, b in edges
    ]
    tasks = []
    for rank in range(count):
        kind, day = ConstraintKind.ASAP, None
        if constraints and draw(st.booleans()):
            kind = draw(st.sampled_from(list(ConstraintKind)[1:]))
            day = draw(st.dates(min_value=start, max_value=date(start.year + 1, 3, 1)))
        name = f"Task {ids[rank]}"
        tasks.append(
            TaskToSchedule(ids[rank], durations[rank], name, constraint=kind, constraint_date=day)
        )
    shuffled = draw(st.permutations(tasks))
    return Plan(list(shuffled), links, draw(st.sampled_from(CALENDARS)), start, list(ids))


def run(plan: Plan) -> ScheduleResult:
    return schedule(plan.tasks, plan.links, plan.start, plan.calendar)


def instants(cal: WorkCalendar, row: TaskSchedule, *, late: bool = False) -> list[tuple[int, int]]:
    """(lowest, highest) working time of the start and of the finish, in working days.

    Working time counts whole working days from the calendar's origin: a day's start is
    its index, its end the next index (the next working day's start, the same working
    time). A milestone may sit at either end of its day, which the dates do not tell.
    """
    start, finish = (row.late_start, row.late_finish) if late else (row.start, row.finish)
    if row.duration == 0:
        point = cal.working_day_index(start)
        return [(point, point + 1), (point, point + 1)]
    first, last = cal.working_day_index(start), cal.working_day_index(finish) + 1
    return [(first, first), (last, last)]


def link_gap(plan: Plan, result: ScheduleResult, dep: DependencyInput) -> tuple[int, int]:
    """Smallest and largest possible (successor's time - required time), in working days."""
    pred_side, succ_side = SIDES[dep.kind]
    pred = instants(plan.calendar, result.tasks[dep.predecessor_id])[pred_side]
    succ = instants(plan.calendar, result.tasks[dep.successor_id])[succ_side]
    return succ[0] - (pred[1] + dep.lag), succ[1] - (pred[0] + dep.lag)


def drives(plan: Plan, result: ScheduleResult, dep: DependencyInput) -> bool:
    """The link is tight: its successor may sit exactly on the required time."""
    lowest, highest = link_gap(plan, result, dep)
    return lowest <= 0 <= highest


@SETTINGS
@given(plans())
def test_every_link_holds_and_dates_are_working_days(plan: Plan) -> None:
    result = run(plan)
    cal = plan.calendar
    for dep in plan.links:
        assert link_gap(plan, result, dep)[1] >= 0, dep
        pred_side, succ_side = SIDES[dep.kind]
        late_pred = instants(cal, result.tasks[dep.predecessor_id], late=True)[pred_side]
        late_succ = instants(cal, result.tasks[dep.successor_id], late=True)[succ_side]
        assert late_succ[1] >= late_pred[0] + dep.lag, dep
    first_day = cal.next_working_day(plan.start)
    assert result.project_finish is not None
    for given_task in plan.tasks:
        row = result.tasks[given_task.id]
        assert row.start >= first_day
        for day in (row.start, row.finish, row.late_start, row.late_finish):
            assert cal.is_working_day(day)
        assert cal.working_days_between(row.start, row.finish) + 1 == max(given_task.duration, 1)
        assert row.duration == given_task.duration
        assert row.late_finish <= result.project_finish


@SETTINGS
@given(plans())
def test_early_dates_are_as_early_as_the_links_allow(plan: Plan) -> None:
    result = run(plan)
    first_day = plan.calendar.next_working_day(plan.start)
    into: dict[int, list[DependencyInput]] = {}
    for dep in plan.links:
        into.setdefault(dep.successor_id, []).append(dep)
    for given_task in plan.tasks:
        row = result.tasks[given_task.id]
        if row.start > first_day:
            assert any(drives(plan, result, dep) for dep in into.get(given_task.id, [])), row


@SETTINGS
@given(plans())
def test_floats_without_constraints(plan: Plan) -> None:
    result = run(plan)
    cal = plan.calendar
    assert result.conflicts == []
    for dep in plan.links:
        pred, succ = result.tasks[dep.predecessor_id], result.tasks[dep.successor_id]
        # Slipping by the free float keeps every link to the successors' early dates
        # (allowing for the day a milestone's time may really be later).
        lowest, _ = link_gap(plan, result, dep)
        unknown = (pred.duration == 0) + (succ.duration == 0)
        assert lowest - pred.free_float >= -unknown, dep
    for row in result.tasks.values():
        assert row.total_float >= 0
        assert 0 <= row.free_float <= row.total_float
        assert row.critical == (row.total_float == 0)
        # Float is working time; a milestone at a day's start may slip to that day's end,
        # a day of float on the same date (MS Project shows it so too).
        shown = cal.working_days_between(row.early_start, row.late_start)
        assert shown <= row.total_float <= shown + (row.duration == 0)
        shown = cal.working_days_between(row.early_finish, row.late_finish)
        assert shown <= row.total_float <= shown + (row.duration == 0)
    assert min(row.total_float for row in result.tasks.values()) == 0


@SETTINGS
@given(plans())
def test_critical_path_is_a_driving_chain_of_zero_float_tasks(plan: Plan) -> None:
    result = run(plan)
    path = result.critical_path
    assert path
    assert result.tasks[path[0]].start == plan.calendar.next_working_day(plan.start)
    assert result.tasks[path[-1]].finish == result.project_finish
    assert all(result.tasks[task_id].total_float == 0 for task_id in path)
    assert len(set(path)) == len(path)
    links = {(dep.predecessor_id, dep.successor_id): dep for dep in plan.links}
    for pred, succ in zip(path, path[1:], strict=False):
        assert (pred, succ) in links
        assert drives(plan, result, links[pred, succ])


# -- a date-by-date reference for plans without milestones ----------------------------------


def reference(plan: Plan) -> dict[int, tuple[date, date, date, date, int, int]]:
    """Early and late dates, total and free float, straight from the documented rules."""
    cal = plan.calendar
    add, between = cal.add_working_days, cal.working_days_between
    duration = {task.id: task.duration for task in plan.tasks}
    preds: dict[int, list[DependencyInput]] = {}
    succs: dict[int, list[DependencyInput]] = {}
    for dep in plan.links:
        preds.setdefault(dep.successor_id, []).append(dep)
        succs.setdefault(dep.predecessor_id, []).append(dep)
    order = plan.ranked
    early: dict[int, tuple[date, date]] = {}
    for task_id in order:
        length = duration[task_id] - 1
        start = cal.next_working_day(plan.start)
        for dep in preds.get(task_id, []):
            p_start, p_finish = early[dep.predecessor_id]
            bound = {
                DependencyKind.FS: add(p_finish, 1 + dep.lag),
                DependencyKind.SS: add(p_start, dep.lag),
                DependencyKind.FF: add(p_finish, dep.lag - length),
                # The end of the day before the predecessor starts, as in MS Project.
                DependencyKind.SF: add(p_start, dep.lag - 1 - length),
            }[dep.kind]
            start = max(start, bound)
        early[task_id] = (start, add(start, length))
    finish = max(f for _, f in early.values())
    late: dict[int, tuple[date, date]] = {}
    result = {}
    for task_id in reversed(order):
        length = duration[task_id] - 1
        latest = finish
        e_start, e_finish = early[task_id]
        free = between(e_finish, finish)
        for dep in succs.get(task_id, []):
            s_start, s_finish = late[dep.successor_id]
            es_start, es_finish = early[dep.successor_id]
            bound, room = {
                DependencyKind.FS: (add(s_start, -1 - dep.lag), between(e_finish, es_start) - 1),
                DependencyKind.SS: (add(s_start, length - dep.lag), between(e_start, es_start)),
                DependencyKind.FF: (add(s_finish, -dep.lag), between(e_finish, es_finish)),
                DependencyKind.SF: (
                    add(s_finish, length + 1 - dep.lag),
                    between(e_start, es_finish) + 1,
                ),
            }[dep.kind]
            latest = min(latest, bound)
            free = min(free, room - dep.lag)
        late[task_id] = (add(latest, -length), latest)
        total = between(e_start, late[task_id][0])
        result[task_id] = (e_start, e_finish, *late[task_id], total, min(free, total))
    return result


@SETTINGS
@given(plans(milestones=False))
def test_matches_the_reference(plan: Plan) -> None:
    result = run(plan)
    expected = reference(plan)
    for task_id, (es, ef, ls, lf, total, free) in expected.items():
        row = result.tasks[task_id]
        got = (row.early_start, row.early_finish, row.late_start, row.late_finish)
        assert got == (es, ef, ls, lf), task_id
        assert (row.total_float, row.free_float) == (total, free), task_id


# -- constraints ----------------------------------------------------------------------------


@SETTINGS
@given(plans(constraints=True))
# Seen: a milestone due by a Sunday, in a project starting that Sunday, shown on the Monday
# with its conflict reported but a float of 0.
@example(
    Plan(
        [
            TaskToSchedule(
                100,
                0,
                name="Task 100",
                constraint=ConstraintKind.FNLT,
                constraint_date=date(2023, 1, 1),
            )
        ],
        [],
        WorkCalendar(frozenset({0, 1, 2, 3, 4})),
        date(2023, 1, 1),
        [100],
    )
)
def test_constraints_are_kept_or_reported(plan: Plan) -> None:
    result = run(plan)
    cal = plan.calendar
    given_tasks = {task.id: task for task in plan.tasks}
    for dep in plan.links:
        if link_gap(plan, result, dep)[1] < 0:
            succ = given_tasks[dep.successor_id]
            assert succ.constraint in (ConstraintKind.MSO, ConstraintKind.MFO)
            assert any(f"'{succ.name}' must" in message for message in result.conflicts)
    for task in plan.tasks:
        row = result.tasks[task.id]
        day = task.constraint_date
        assert row.free_float <= row.total_float
        if day is None:  # ASAP, the one constraint without a date
            continue
        if task.constraint is ConstraintKind.SNET:
            assert row.start >= cal.next_working_day(day)
        elif task.constraint is ConstraintKind.MSO:
            assert row.start == cal.next_working_day(day)
        elif task.constraint is ConstraintKind.MFO:
            assert row.finish == cal.prev_working_day(day)
        elif task.constraint is ConstraintKind.FNLT:
            if row.finish > day:
                assert row.total_float < 0
                assert any(f"'{task.name}' must finish no later" in m for m in result.conflicts)
            else:
                assert row.late_finish <= day
    if not result.conflicts:
        assert min(row.total_float for row in result.tasks.values()) >= 0


# -- summaries ------------------------------------------------------------------------------


@st.composite
def plans_with_summaries(draw: st.DrawFn) -> tuple[Plan, dict[int, list[int]]]:
    """A plan whose tasks are grouped under summaries over runs of consecutive ranks.

    Links into a summary come from lower ranks, links out of it go to higher ranks, so
    the plan stays acyclic. Returns the plan and each summary's detail tasks.
    """
    plan = draw(plans())
    ranked, count = plan.ranked, len(plan.ranked)
    cuts = sorted(set(draw(st.lists(st.integers(1, count), max_size=4))) | {0, count})
    parents: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    links = list(plan.links)
    tasks = []
    top = 2000 if draw(st.booleans()) else None
    for k, (first, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
        summary = 1000 + k
        group = ranked[first:end]
        members[summary] = group
        parents.update({task_id: summary for task_id in group})
        tasks.append(TaskToSchedule(summary, draw(st.integers(0, 9)), f"S{k}", parent_id=top))
        for pred in ranked[:first][-3:]:
            if draw(st.booleans()):
                kind = draw(st.sampled_from([DependencyKind.FS, DependencyKind.SS]))
                links.append(DependencyInput(pred, summary, kind, draw(st.integers(-2, 2))))
        for succ in ranked[end:][:3]:
            if draw(st.booleans()):
                kind = draw(st.sampled_from([DependencyKind.FS, DependencyKind.FF]))
                links.append(DependencyInput(summary, succ, kind, draw(st.integers(-2, 2))))
    if top is not None:
        tasks.append(TaskToSchedule(top, 0, "Everything"))
        members[top] = list(ranked)
    for task in plan.tasks:
        tasks.append(
            TaskToSchedule(
                task.id, task.duration, task.name, parent_id=parents[task.id], order=-task.id
            )
        )
    return Plan(tasks, links, plan.calendar, plan.start, ranked), members


@SETTINGS
@given(plans_with_summaries())
def test_summaries_hold_their_links_and_roll_up(case: tuple[Plan, dict[int, list[int]]]) -> None:
    plan, members = case
    result = run(plan)
    cal = plan.calendar
    assert result.conflicts == []
    for summary, group in members.items():
        row, rows = result.tasks[summary], [result.tasks[task_id] for task_id in group]
        assert row.is_summary
        assert row.start == min(r.start for r in rows)
        assert row.finish == max(r.finish for r in rows)
        assert row.total_float == min(r.total_float for r in rows)
        assert all(r.wbs.startswith(row.wbs + ".") for r in rows)
    for dep in plan.links:
        pred_side, succ_side = SIDES[dep.kind]
        preds = members.get(dep.predecessor_id, [dep.predecessor_id])
        succs = members.get(dep.successor_id, [dep.successor_id])
        for pred in preds:
            for succ in succs:
                low = instants(cal, result.tasks[pred])[pred_side][0]
                high = instants(cal, result.tasks[succ])[succ_side][1]
                assert high >= low + dep.lag, (dep, pred, succ)
    for row in result.tasks.values():
        assert 0 <= row.free_float <= row.total_float
    assert len({row.wbs for row in result.tasks.values()}) == len(result.tasks)


# -- two calendars ----------------------------------------------------------------------------


@SETTINGS
@given(plans(milestones=False), st.lists(st.booleans(), min_size=18, max_size=18))
def test_links_across_calendars_hold_in_calendar_time(plan: Plan, in_second: list[bool]) -> None:
    tasks = [
        TaskToSchedule(task.id, task.duration, task.name, project_id=int(in_second[k]))
        for k, task in enumerate(plan.tasks)
    ]
    links = [DependencyInput(d.predecessor_id, d.successor_id, d.kind) for d in plan.links]
    calendars = {0: CALENDARS[0], 1: CALENDARS[2]}
    result = schedule(tasks, links, {0: plan.start, 1: plan.start}, calendars)
    project_of = {task.id: task.project_id for task in tasks}
    for dep in links:
        pred, succ = result.tasks[dep.predecessor_id], result.tasks[dep.successor_id]
        if dep.kind is DependencyKind.FS:
            assert succ.start > pred.finish
        elif dep.kind is DependencyKind.SS:
            assert succ.start >= pred.start
        elif dep.kind is DependencyKind.FF:
            assert succ.finish >= pred.finish
        else:
            # The successor's next working day is no earlier than the predecessor's start.
            succ_cal = calendars[project_of[dep.successor_id]]
            assert succ_cal.next_working_day(succ.finish + timedelta(days=1)) >= pred.start
    for task in tasks:
        row = result.tasks[task.id]
        cal = calendars[task.project_id]
        assert cal.is_working_day(row.start) and cal.is_working_day(row.finish)
        assert 0 <= row.free_float <= row.total_float
    # A driving task may have float here: it can slip into the other calendar's days off.
    path = result.critical_path
    assert result.tasks[path[-1]].finish == result.project_finish
    linked = {(dep.predecessor_id, dep.successor_id) for dep in links}
    assert all(pair in linked for pair in zip(path, path[1:], strict=False))


# -- working time, as MS Project counts it --------------------------------------------------


def working_time_reference(plan: Plan) -> dict[int, tuple[date, date, int, int]]:
    """Early dates, total and free float by the critical path method in working time.

    Time is a count of working days: a task of d days starting at s finishes at s + d,
    the start of the day after its last one (the same working time as that day's end).
    A milestone is a point; its day is the day it falls on, or the day before when its
    time comes from a task's end (or from a milestone that did).
    """
    cal = plan.calendar
    duration = {task.id: task.duration for task in plan.tasks}
    preds: dict[int, list[DependencyInput]] = {}
    succs: dict[int, list[DependencyInput]] = {}
    for dep in plan.links:
        preds.setdefault(dep.successor_id, []).append(dep)
        succs.setdefault(dep.predecessor_id, []).append(dep)
    origin = cal.working_day_index(cal.next_working_day(plan.start))
    es: dict[int, int] = {}
    at_end: dict[int, bool] = {}  # a milestone's time came from an end of a task
    for task_id in plan.ranked:
        d = duration[task_id]
        start, from_end = origin, False
        for dep in preds.get(task_id, []):
            p, (p_side, s_side) = dep.predecessor_id, SIDES[dep.kind]
            time = es[p] + (duration[p] if p_side else 0) + dep.lag - (d if s_side else 0)
            # Which end of its day the predecessor's time is: a task's finish is an end,
            # its start a start; a milestone's is where it sits.
            ends = at_end[p] if duration[p] == 0 else bool(p_side)
            if time > start or (time == start and from_end and not ends):
                start, from_end = time, ends
        es[task_id], at_end[task_id] = start, from_end
    finish = max(es[t] + duration[t] for t in es)
    ls: dict[int, int] = {}
    result = {}
    for task_id in reversed(plan.ranked):
        d = duration[task_id]
        latest_finish = finish
        free = finish - (es[task_id] + d)
        for dep in succs.get(task_id, []):
            s, (p_side, s_side) = dep.successor_id, SIDES[dep.kind]
            late_end = ls[s] + (duration[s] if s_side else 0) - dep.lag
            early_end = es[s] + (duration[s] if s_side else 0) - dep.lag
            latest_finish = min(latest_finish, late_end + (0 if p_side else d))
            free = min(free, early_end - (es[task_id] + (d if p_side else 0)))
        ls[task_id] = latest_finish - d
        total = ls[task_id] - es[task_id]
        if d:
            first, last = es[task_id], es[task_id] + d - 1
        else:
            first = last = es[task_id] - at_end[task_id]
        result[task_id] = (
            cal.date_of_index(first),
            cal.date_of_index(last),
            total,
            min(free, total),
        )
    return result


@SETTINGS
@given(plans())
def test_floats_are_working_time_as_in_ms_project(plan: Plan) -> None:
    result = run(plan)
    expected = working_time_reference(plan)
    for task_id, (start, finish, total, free) in expected.items():
        row = result.tasks[task_id]
        got = (row.start, row.finish, row.total_float, row.free_float, row.critical)
        assert got == (start, finish, total, free, total <= 0), task_id


def expand_summary_links(plan: Plan, members: dict[int, list[int]]) -> Plan:
    """The same plan with each link to or from a summary drawn to its detail tasks."""
    links = []
    for dep in plan.links:
        for pred in members.get(dep.predecessor_id, [dep.predecessor_id]):
            for succ in members.get(dep.successor_id, [dep.successor_id]):
                links.append(DependencyInput(pred, succ, dep.kind, dep.lag))
    return Plan(plan.tasks, links, plan.calendar, plan.start, plan.ranked)


@SETTINGS
@given(plans_with_summaries())
def test_a_link_to_a_summary_is_a_link_to_each_of_its_tasks(
    case: tuple[Plan, dict[int, list[int]]],
) -> None:
    plan, members = case
    result, expanded = run(plan), run(expand_summary_links(plan, members))
    assert result.tasks == expanded.tasks
    assert result.project_finish == expanded.project_finish
