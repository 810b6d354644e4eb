"""Critical-path scheduler: forward and backward passes over plain task and link data.

Conventions
-----------
* Durations, lags and floats are whole working days of the task's project calendar
  (a lag is counted in the successor's calendar; a negative lag is a lead).
* `start` is the first working day of a task and `finish` its last one, inclusive:
  a 1-day task starts and finishes on the same day.
* Internally every day has two instants, its start and its end: the working day with
  working-day index i (see WorkCalendar) has instants 2*i and 2*i + 1. A task starts
  at a start instant and finishes at an end instant. Both passes run on these
  integers only; dates are looked up in a table once, at the end.
* Within a calendar the end of a working day and the start of the next working day are
  the same working time (nothing is worked in between), as in MS Project: a bound at
  one serves a task as the other, and floats count working time, so float is the
  same whichever of the two a milestone sits on. Across calendars they differ (the
  other calendar may work in between), and a bound keeps to the later one.
* A milestone (duration 0) occurs at one instant, shown as that day's date. As in
  MS Project (and TaskJuggler), a milestone after a finish happens at the end of that
  day: a milestone FS-linked to a task finishing Friday is on Friday, and a task
  FS-linked to that milestone starts on Monday. A milestone driven by a start (the
  project start, an SS link, SNET or MSO) happens at the start of its day, so a task
  FS-linked to a milestone on the project start day also starts that day. Float is
  working time, so a kick-off milestone beside a one-day task has a day of float (it
  may move from the morning to the evening of its day, which is still its late date).
* Links, with lag L: an FS successor starts L working days after the predecessor's
  finish (the next working day when L = 0); SS start >= start + L; FF finish >=
  finish + L; SF finish >= start + L, as in MS Project: with L = 0 the successor
  finishes by the end of the working day before the predecessor starts.
* Constraints: SNET raises the early start; MSO / MFO pin the task (kept even against
  its predecessors, which is reported in `conflicts`); FNLT, MSO and MFO cap the late
  dates, so an unmeetable one shows as negative float plus a `conflicts` entry.
  Nothing is moved silently. A milestone's MSO / MFO accepts either instant of its
  day. Dates on days off snap: MSO and SNET forward, MFO and FNLT back.
* Actual dates win over constraints and links: an actual start pins the start, an
  actual finish pins the finish. With `status_date`, work not started yet begins after
  that day, and an in-progress task finishes no earlier than its remaining work
  (duration x (100 - percent) %, rounded up) counted from the day after it.
* A task with children is a summary: its own duration, actual dates and percent are
  ignored and rolled up (start min, finish max, work sum, percent weighted by work,
  else by duration). Links into a summary must be FS or SS and hold back every task
  under it; links out of a summary must be FS or FF and wait for every task under it.
  (Both are then exact: a summary starts when its first task does and finishes when
  its last one does.) Other links touching a summary are refused with
  DependencyError. SNET and FNLT on a summary apply to every task under it; MSO / MFO
  on a summary are ignored and reported in `conflicts`. A summary's floats are the
  least of its tasks'. A link to or from a summary gives every task exactly what the
  same link drawn to or from each task under it would.
* Each project's late dates are computed against its own finish: the latest early
  finish of its tasks, or its deadline when one is given. Free float is how far a task
  can slip without moving any successor's early dates (nor its project's finish), and
  never more than its total float. A task is critical when its total float is 0 or
  less and it is not finished (100 %), as in MS Project; a summary is critical when a
  task under it is.
* The critical path is the chain of driving links traced back from the task that
  finishes last; it lists unfinished detail tasks only, so two consecutive entries
  may be linked through a summary or a finished task. With one calendar all its
  tasks have zero float (unconstrained plans); across calendars a driving task may
  have float, as it can slip into days the other calendar does not work anyway.
* The cost is linear in tasks plus links, apart from sorting siblings for WBS codes.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from math import ceil
from typing import Any

from itpm_tui.services.planning.calendar import WorkCalendar

__all__ = [
    "ConstraintKind",
    "DependencyError",
    "DependencyInput",
    "DependencyKind",
    "ScheduleResult",
    "TaskToSchedule",
    "TaskSchedule",
    "schedule",
    "validate_dependency",
    "variance",
]

_NEG = -(1 << 62)
_POS = 1 << 62


class ConstraintKind(StrEnum):
    """Date constraints, as in MS Project."""

    ASAP = "ASAP"
    SNET = "SNET"  # start no earlier than
    FNLT = "FNLT"  # finish no later than
    MSO = "MSO"  # must start on
    MFO = "MFO"  # must finish on


class DependencyKind(StrEnum):
    """Link types: which end of the predecessor drives which end of the successor."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class DependencyError(ValueError):
    """A link that cannot be accepted; the message names the tasks involved."""


# Which end of the predecessor (1 = finish) drives which end of the successor.
_ENDS = {
    DependencyKind.FS: (1, 0),
    DependencyKind.SS: (0, 0),
    DependencyKind.FF: (1, 1),
    DependencyKind.SF: (0, 1),
}


@dataclass(frozen=True, slots=True)
class TaskToSchedule:
    """One task as the scheduler sees it."""

    id: int
    duration: int
    name: str = ""
    parent_id: int | None = None
    order: int = 0
    project_id: int = 0
    constraint: ConstraintKind = ConstraintKind.ASAP
    constraint_date: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    percent_complete: float = 0.0
    work: float | None = None

    def __post_init__(self) -> None:
        problem = self._problem()
        if problem:
            label = _label(self.id, {self.id: self.name})
            raise ValueError(f"{label}: {problem}")

    def _problem(self) -> str | None:
        if self.duration < 0:
            return "the duration must be 0 or more"
        if not 0 <= self.percent_complete <= 100:
            return "percent complete must be between 0 and 100"
        if self.constraint is not ConstraintKind.ASAP and self.constraint_date is None:
            return f"a {self.constraint} constraint needs a date"
        if self.actual_start and self.actual_finish and self.actual_finish < self.actual_start:
            return "the actual finish is before the actual start"
        return None


@dataclass(frozen=True, slots=True)
class DependencyInput:
    """A link from predecessor to successor; lag in working days (negative = lead)."""

    predecessor_id: int
    successor_id: int
    kind: DependencyKind = DependencyKind.FS
    lag: int = 0


@dataclass(slots=True)
class TaskSchedule:
    """Computed dates of one task; floats are in working days.

    `start` and `finish` are the scheduled dates. They equal the early dates, which
    already include what actual dates and MSO / MFO constraints pin.
    """

    id: int
    wbs: str
    early_start: date
    early_finish: date
    late_start: date
    late_finish: date
    start: date
    finish: date
    total_float: int
    free_float: int
    critical: bool
    duration: int
    is_summary: bool
    work: float | None
    percent_complete: float


@dataclass(slots=True)
class ScheduleResult:
    """The whole schedule; project dates are None only when there are no tasks."""

    tasks: dict[int, TaskSchedule]
    project_start: date | None
    project_finish: date | None
    critical_path: list[int]
    conflicts: list[str]
    project_finishes: dict[int, date] = field(default_factory=dict)


# -- validation ---------------------------------------------------------------------------


def _label(task_id: int, names: Mapping[int, str]) -> str:
    name = names.get(task_id)
    return f"'{name}'" if name else f"'#{task_id}'"


def _cycle_message(prefix: str, ids: list[int], names: Mapping[int, str]) -> str:
    return f"{prefix}: " + " -> ".join(_label(task_id, names) for task_id in ids)


def _compress(ids: list[int]) -> list[int]:
    """Drop repeats that come from walking through both gates of one summary."""
    result: list[int] = []
    for task_id in ids:
        if not result or result[-1] != task_id:
            result.append(task_id)
    return result


def validate_dependency(
    existing_deps: Iterable[DependencyInput],
    task_ids: Collection[int],
    new_dep: DependencyInput,
    names: Mapping[int, str],
    *,
    parent_of: Mapping[int, int | None] | None = None,
) -> None:
    """Raise DependencyError unless `new_dep` can be added to `existing_deps`.

    Refuses links to missing (deleted) tasks, self-links, a second link between the
    same two tasks and links that close a cycle. With `parent_of` (task id -> parent
    id) it also applies the summary-task rules and sees cycles through summaries.
    """
    pred, succ = new_dep.predecessor_id, new_dep.successor_id
    for task_id in (pred, succ):
        if task_id not in task_ids:
            raise DependencyError(
                f"Task {_label(task_id, names)} does not exist (it may have been deleted)"
            )
    if pred == succ:
        raise DependencyError(f"A task cannot depend on itself: {_label(pred, names)}")
    deps = list(existing_deps)
    for dep in deps:
        if dep.predecessor_id == pred and dep.successor_id == succ:
            raise DependencyError(
                f"This link already exists: {_label(pred, names)} -> {_label(succ, names)}"
            )
    parents = parent_of or {}
    summaries = {parent for parent in parents.values() if parent is not None}
    if parent_of is not None:
        _check_hierarchy_link(new_dep, parents, summaries, names)
    path = _path_between(deps, parents, summaries, succ, pred)
    if path is not None:
        message = "This link would create a cycle"
        raise DependencyError(_cycle_message(message, _compress([pred, *path]), names))


def _check_hierarchy_link(
    dep: DependencyInput,
    parents: Mapping[int, int | None],
    summaries: set[int],
    names: Mapping[int, str],
) -> None:
    pred, succ = dep.predecessor_id, dep.successor_id
    for child, other in ((pred, succ), (succ, pred)):
        parent = parents.get(child)
        seen: set[int] = set()
        while parent is not None and parent not in seen:
            if parent == other:
                raise DependencyError(
                    f"{_label(child, names)} is part of summary task {_label(other, names)}:"
                    " a task cannot be linked to its own summary"
                )
            seen.add(parent)
            parent = parents.get(parent)
    _check_summary_kind(dep, pred in summaries, succ in summaries, names)


def _check_summary_kind(
    dep: DependencyInput, pred_is_summary: bool, succ_is_summary: bool, names: Mapping[int, str]
) -> None:
    if pred_is_summary and dep.kind in (DependencyKind.SS, DependencyKind.SF):
        raise DependencyError(
            f"Summary task {_label(dep.predecessor_id, names)} can only be a predecessor"
            " through a finish-to-start or finish-to-finish link"
        )
    if succ_is_summary and dep.kind in (DependencyKind.FF, DependencyKind.SF):
        raise DependencyError(
            f"Summary task {_label(dep.successor_id, names)} can only be a successor"
            " through a finish-to-start or start-to-start link"
        )


def _path_between(
    deps: list[DependencyInput],
    parents: Mapping[int, int | None],
    summaries: set[int],
    source: int,
    target: int,
) -> list[int] | None:
    """Task ids on a shortest path of links from `source` to `target`, or None.

    A summary is two nodes, (id, 0) where links into it arrive and fan out to its
    children, and (id, 1) where its children's finishes meet and links leave.
    """

    def entry(task_id: int) -> int | tuple[int, int]:
        return (task_id, 0) if task_id in summaries else task_id

    def exit_(task_id: int) -> int | tuple[int, int]:
        return (task_id, 1) if task_id in summaries else task_id

    adjacency: dict[int | tuple[int, int], list[int | tuple[int, int]]] = {}
    for dep in deps:
        adjacency.setdefault(exit_(dep.predecessor_id), []).append(entry(dep.successor_id))
    for child, parent in parents.items():
        if parent is not None:
            adjacency.setdefault(entry(parent), []).append(entry(child))
            adjacency.setdefault(exit_(child), []).append(exit_(parent))
    start, goal = entry(source), exit_(target)
    came_from: dict[int | tuple[int, int], int | tuple[int, int]] = {start: start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while node != start:
                node = came_from[node]
                path.append(node)
            return [key[0] if isinstance(key, tuple) else key for key in reversed(path)]
        for nxt in adjacency.get(node, ()):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None


# -- instants -----------------------------------------------------------------------------
# An instant is 2 * working-day index, plus 1 for the end of the day.


def _ceil_instant(cal: WorkCalendar, day: date, end: int) -> int:
    """The first instant of `cal` at or after the start (end=0) or end (end=1) of `day`."""
    index = cal.working_day_index(day)
    return 2 * index + 1 if end and cal.is_working_day(day) else 2 * index


def _floor_instant(cal: WorkCalendar, day: date, end: int) -> int:
    """The last instant of `cal` at or before the start or end of `day`."""
    index = cal.working_day_index(day)
    return 2 * index + end if cal.is_working_day(day) else 2 * index - 1


def _convert(value: int, source: WorkCalendar, target: WorkCalendar, up: bool) -> int:
    """Move an instant of `source` to the nearest instant of `target` (up or down)."""
    day = source.date_of_index(value >> 1)
    if up:
        return _ceil_instant(target, day, value & 1)
    return _floor_instant(target, day, value & 1)


# -- the network --------------------------------------------------------------------------

# Kinds of pinned task in _Net.pins.
_PIN_START, _PIN_FINISH, _PIN_WINDOW = 0, 1, 2


@dataclass(slots=True)
class _Net:
    """Integer form of the plan.

    Nodes 0..n-1 are the tasks in input order (a summary's node is its start gate,
    where links into it arrive); nodes n.. are the summaries' finish gates. Per-node
    pairs live at 2v (start) and 2v + 1 (finish). An edge is stored once, with its
    source, as (target node, target slot, 1 if it leaves the source's finish, offset).
    """

    tasks: list[TaskToSchedule]
    names: dict[int, str]
    cals: list[WorkCalendar]
    cal_of: list[int]
    proj_of: list[int]
    projects: list[int]
    proj_cal: list[int]
    owner: list[int]
    children: dict[int, list[int]]
    gate_of: dict[int, int]
    marked: list[int]
    span: list[int]
    par: list[int]
    low: list[int]
    high: list[int]
    gate: bytearray
    out: list[list[tuple[int, int, int, int]]]
    xout: dict[int, list[tuple[int, int, int, int]]]
    indeg: list[int]
    pins: dict[int, tuple[int, int, int, bool]] = field(default_factory=dict)
    fnlt: dict[int, tuple[int, date]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    early: list[int] = field(default_factory=list)
    late: list[int] = field(default_factory=list)
    free: list[int] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    driver: list[int] = field(default_factory=list)


def _per_project(value: object, projects: list[int], what: str) -> list[Any]:
    if not isinstance(value, Mapping):
        return [value] * len(projects)
    missing = [project for project in projects if project not in value]
    if missing:
        raise ValueError(f"no {what} given for project {missing[0]}")
    return [value[project] for project in projects]


@dataclass(slots=True)
class _Index:
    pos: dict[int, int]
    names: dict[int, str]
    proj_of: list[int]
    projects: list[int]
    children: dict[int, list[int]]
    marked: list[int]


def _index_tasks(tasks: list[TaskToSchedule]) -> _Index:
    """One pass over the tasks: positions, names, projects, children, tasks to look at."""
    pos: dict[int, int] = {}
    names: dict[int, str] = {}
    project_index: dict[int, int] = {}
    proj_of: list[int] = []
    with_parent: list[int] = []
    # Constraints and actual dates are rare: note who has them instead of asking later.
    marked: list[int] = []
    asap = ConstraintKind.ASAP
    for i, task in enumerate(tasks):
        if pos.setdefault(task.id, i) != i:
            raise ValueError(f"task id {task.id} appears twice")
        if task.name:
            names[task.id] = task.name
        number = project_index.get(task.project_id)
        if number is None:
            number = project_index[task.project_id] = len(project_index)
        proj_of.append(number)
        if task.parent_id is not None:
            with_parent.append(i)
        if task.constraint is not asap or task.actual_start or task.actual_finish:
            marked.append(i)
    children: dict[int, list[int]] = {}
    for i in with_parent:
        parent = pos.get(tasks[i].parent_id)  # type: ignore[arg-type]
        if parent is None:
            raise ValueError(
                f"{_label(tasks[i].id, names)} has parent #{tasks[i].parent_id},"
                " which does not exist"
            )
        children.setdefault(parent, []).append(i)
    return _Index(pos, names, proj_of, list(project_index), children, marked)


def _build(
    tasks: list[TaskToSchedule],
    deps: Iterable[DependencyInput],
    project_start: date | Mapping[int, date],
    calendars: WorkCalendar | Mapping[int, WorkCalendar],
) -> _Net:
    index = _index_tasks(tasks)
    children, proj_of, projects = index.children, index.proj_of, index.projects
    n = len(tasks)
    gate_of = {i: n + k for k, i in enumerate(sorted(children))}
    size = n + len(gate_of)

    cal_objects = _per_project(calendars, projects, "calendar")
    cal_number: dict[WorkCalendar, int] = {}
    cal_of_project = [cal_number.setdefault(cal, len(cal_number)) for cal in cal_objects]
    proj_of += [proj_of[i] for i in gate_of]
    cals = list(cal_number)
    starts = [
        _ceil_instant(cals[cal_of_project[p]], day, 0)
        for p, day in enumerate(_per_project(project_start, projects, "project start"))
    ]

    # A detail task runs from a start instant to an end instant, 2d - 1 further on.
    span = [2 * task.duration - 1 if task.duration else 0 for task in tasks] + [0] * len(gate_of)
    par = [1 if task.duration else 0 for task in tasks] + [0] * len(gate_of)
    gate = bytearray(size)
    for i, finish_gate in gate_of.items():
        span[i] = par[i] = 0
        gate[i] = gate[finish_gate] = 1
    low = [_NEG] * (2 * size)
    low[0 : 2 * n : 2] = [starts[p] for p in proj_of[:n]] if len(starts) > 1 else [starts[0]] * n

    net = _Net(
        tasks=tasks,
        names=index.names,
        cals=cals,
        cal_of=[cal_of_project[p] for p in proj_of],
        proj_of=proj_of,
        projects=projects,
        proj_cal=cal_of_project,
        owner=list(range(n)) + list(gate_of),
        children=children,
        gate_of=gate_of,
        marked=index.marked,
        span=span,
        par=par,
        low=low,
        high=[_POS] * (2 * size),
        gate=gate,
        out=[[] for _ in range(size)],
        xout={},
        indeg=[0] * size,
    )
    _add_tree_edges(net)
    _add_dependency_edges(net, deps, index.pos)
    return net


def _add_edge(net: _Net, u: int, v: int, ff: int, tf: int, lag: int) -> None:
    """Link node u (its finish if ff else start) to node v (finish if tf else start)."""
    edge = (v, 2 * v + tf, ff, 2 * lag)
    if net.cal_of[u] == net.cal_of[v]:
        net.out[u].append(edge)
    else:
        net.xout.setdefault(u, []).append(edge)
    net.indeg[v] += 1


def _add_tree_edges(net: _Net) -> None:
    # A summary's start gate holds back each child's start; its finish gate waits for
    # each child's finish (a child summary's finish is its own finish gate). Inlined
    # like the links below: there are two of these edges per task under a summary.
    gate_of, out, indeg = net.gate_of, net.out, net.indeg
    cal_of = net.cal_of if len(net.cals) > 1 else None
    for parent, finish_gate in gate_of.items():
        into_finish = (finish_gate, finish_gate + finish_gate, 1, 0)
        hold_back = out[parent]
        for child in net.children[parent]:
            source = gate_of.get(child, child)
            if cal_of is not None and cal_of[child] != cal_of[parent]:
                _add_edge(net, parent, child, 0, 0, 0)
                _add_edge(net, source, finish_gate, 1, 0, 0)
                continue
            hold_back.append((child, child + child, 0, 0))
            indeg[child] += 1
            out[source].append(into_finish)
            indeg[finish_gate] += 1


def _add_dependency_edges(net: _Net, deps: Iterable[DependencyInput], pos: dict[int, int]) -> None:
    # Inlined for the common case (two detail tasks on one calendar): this loop runs
    # once per link and is the largest part of building the network.
    names, gate_of, gate, out, indeg = net.names, net.gate_of, net.gate, net.out, net.indeg
    cal_of = net.cal_of if len(net.cals) > 1 else None
    find, ends = pos.get, _ENDS
    for dep in deps:
        pred, succ = find(dep.predecessor_id), find(dep.successor_id)
        ff, tf = ends[dep.kind]
        if pred is None or succ is None or pred == succ or gate[pred] or gate[succ]:
            _check_link(dep, pred, succ, gate_of, names)
            pred = gate_of.get(pred, pred)  # type: ignore[arg-type]
        assert pred is not None and succ is not None
        if cal_of is not None and cal_of[pred] != cal_of[succ]:
            _add_edge(net, pred, succ, ff, tf, dep.lag)
            continue
        out[pred].append((succ, succ + succ + tf, ff, dep.lag * 2))
        indeg[succ] += 1


def _check_link(
    dep: DependencyInput,
    pred: int | None,
    succ: int | None,
    gate_of: dict[int, int],
    names: dict[int, str],
) -> None:
    for task_id, found in ((dep.predecessor_id, pred), (dep.successor_id, succ)):
        if found is None:
            raise DependencyError(
                f"Task {_label(task_id, names)} does not exist (it may have been deleted)"
            )
    if pred == succ:
        raise DependencyError(
            f"A task cannot depend on itself: {_label(dep.predecessor_id, names)}"
        )
    _check_summary_kind(dep, pred in gate_of, succ in gate_of, names)


def _apply_constraints(net: _Net, status_date: date | None) -> None:
    """Fold constraints, actual dates and the status date into bounds and pins."""
    tasks, cals, cal_of, children = net.tasks, net.cals, net.cal_of, net.children
    for i in net.marked:
        task, cal = tasks[i], cals[cal_of[i]]
        if i in children:
            _constrain_summary(net, i, task, cal)
        elif task.actual_start is not None or task.actual_finish is not None:
            _pin_actuals(net, i, task, cal, status_date)
        else:
            _constrain_task(net, i, task, cal)
    if status_date is not None:
        # Work not started yet cannot start before the day after the status date.
        after = [_ceil_instant(cal, status_date, 1) for cal in cals]
        low = net.low
        for i, task in enumerate(tasks):
            if task.actual_start is None and task.actual_finish is None and i not in children:
                low[2 * i] = max(low[2 * i], after[cal_of[i]])


def _constrain_summary(net: _Net, i: int, task: TaskToSchedule, cal: WorkCalendar) -> None:
    kind, day = task.constraint, task.constraint_date
    if day is None or kind is ConstraintKind.ASAP:
        return
    if kind is ConstraintKind.SNET:
        net.low[2 * i] = max(net.low[2 * i], _ceil_instant(cal, day, 0))
    elif kind is ConstraintKind.FNLT:
        finish_gate = net.gate_of[i]
        bound = _floor_instant(cal, day, 1)
        net.high[2 * finish_gate] = min(net.high[2 * finish_gate], bound)
        net.fnlt[finish_gate] = (bound, day)
    else:
        net.conflicts.append(
            f"{_label(task.id, net.names)} is a summary task: its {kind} constraint is"
            " ignored (constrain the tasks under it instead)"
        )


def _constrain_task(net: _Net, i: int, task: TaskToSchedule, cal: WorkCalendar) -> None:
    kind, day = task.constraint, task.constraint_date
    if day is None or kind is ConstraintKind.ASAP:
        return
    two = 2 * i
    if kind is ConstraintKind.SNET:
        net.low[two] = max(net.low[two], _ceil_instant(cal, day, 0))
    elif kind is ConstraintKind.FNLT:
        bound = _floor_instant(cal, day, 1)
        net.high[two + 1] = min(net.high[two + 1], bound)
        net.fnlt[i] = (bound, day)
    elif not net.par[i]:
        # A milestone pinned to a day may sit at either instant of it.
        if kind is ConstraintKind.MSO:
            first = _ceil_instant(cal, day, 0)
            last = first + 1
        else:
            last = _floor_instant(cal, day, 1)
            first = last - 1
        net.pins[i] = (_PIN_WINDOW, first, last, True)
        net.high[two] = min(net.high[two], last)
    elif kind is ConstraintKind.MSO:
        pinned = _ceil_instant(cal, day, 0)
        net.pins[i] = (_PIN_START, pinned, 0, True)
        net.high[two] = min(net.high[two], pinned)
    else:
        pinned = _floor_instant(cal, day, 1)
        net.pins[i] = (_PIN_FINISH, pinned, 0, True)
        net.high[two + 1] = min(net.high[two + 1], pinned)


def _pin_actuals(
    net: _Net, i: int, task: TaskToSchedule, cal: WorkCalendar, status_date: date | None
) -> None:
    if task.actual_finish is not None and (task.actual_start is None or not task.duration):
        net.pins[i] = (_PIN_FINISH, _floor_instant(cal, task.actual_finish, 1), 0, False)
        return
    assert task.actual_start is not None
    start = _ceil_instant(cal, task.actual_start, 0)
    if task.actual_finish is not None:
        finish = _floor_instant(cal, task.actual_finish, 1)
        # Snapping both ends of a task done on a day off must still leave one day.
        net.span[i] = max(finish - start, 1)
    elif status_date is not None and task.duration:
        remaining = ceil(task.duration * (100 - task.percent_complete) / 100)
        if remaining:
            resume = _ceil_instant(cal, status_date, 1)
            resume += resume & 1
            net.span[i] = max(net.span[i], resume + 2 * remaining - 1 - start)
    net.pins[i] = (_PIN_START, start, 0, False)


# -- the passes ---------------------------------------------------------------------------


def _forward(net: _Net) -> None:
    """Early dates in topological order (Kahn's algorithm, so it also finds cycles).

    Ready nodes are taken in input order where possible: a sweep over the nodes
    processes each one whose links are all in, and only a node that becomes ready
    behind the sweep (or a finish gate, numbered after every task) is processed at
    once from a stack. Plans listed in WBS order with forward links are then walked
    almost sequentially, which keeps large plans in the CPU caches.
    """
    low, span, par, out, indeg = net.low, net.span, net.par, net.out, net.indeg
    pins, xout = net.pins, net.xout
    size, tasks_end = len(span), len(net.tasks)
    early = [0] * (2 * size)
    # driver[slot]: the node whose link last raised that bound, for the critical path.
    driver = [-1] * (2 * size)
    order: list[int] = []
    stack: list[int] = []
    push, pop, record = stack.append, stack.pop, order.append
    for sweep in range(size):
        if indeg[sweep]:
            continue  # waiting for a link, or done already (-1)
        push(sweep)
        while stack:
            v = pop()
            record(v)
            indeg[v] = -1
            two = v + v
            es = low[two]
            # A task finishes at a day's end: a bound at a day's start is the end of
            # the working day before (the same working time), for SF and FF alike.
            bound = low[two + 1]
            bound -= span[v] + (par[v] & ~bound)
            if bound > es:
                es = bound
            es += es & par[v]
            if v in pins:
                es = _pinned_start(net, v, es)
            ef = es + span[v]
            early[two] = es
            early[two + 1] = ef
            for w, slot, ff, off in out[v]:
                bound = (ef if ff else es) + off
                if bound > low[slot]:
                    low[slot] = bound
                    driver[slot] = v
                left = indeg[w] - 1
                indeg[w] = left
                if not left and (w < sweep or w >= tasks_end):
                    push(w)
            if v in xout:
                for w in _push_cross(net, v, es, ef, driver):
                    if w < sweep or w >= tasks_end:
                        push(w)
    net.early, net.order, net.driver = early, order, driver
    if len(order) < size:
        _raise_cycle(net)


def _pinned_start(net: _Net, v: int, es: int) -> int:
    """The start of a pinned node, noting when its links wanted it later."""
    mode, first, last, report = net.pins[v]
    if mode == _PIN_START:
        pinned = latest = first
    elif mode == _PIN_FINISH:
        pinned = latest = first - net.span[v]
    else:
        pinned, latest = min(max(es, first), last), last
    if report and es > latest:
        _report_pin(net, v, es)
    return pinned


def _report_pin(net: _Net, v: int, es: int) -> None:
    task = net.tasks[v]
    cal = net.cals[net.cal_of[v]]
    if task.constraint is ConstraintKind.MSO:
        wanted, verb = cal.date_of_index(es >> 1), "start"
    else:
        wanted, verb = cal.date_of_index((es + net.span[v]) >> 1), "finish"
    net.conflicts.append(
        f"{_label(task.id, net.names)} must {verb} on {task.constraint_date} but its"
        f" predecessors allow {wanted} at the earliest"
    )


def _push_cross(net: _Net, v: int, es: int, ef: int, driver: list[int]) -> list[int]:
    """Push v's links into other calendars; return the nodes that became ready."""
    source, ready, par = net.cals[net.cal_of[v]], [], net.par
    for w, slot, ff, off in net.xout[v]:
        bound = _convert(ef if ff else es, source, net.cals[net.cal_of[w]], True) + off
        # Across calendars a day's start is not the end of the day before (the other
        # calendar may work in between): a finish bound there is that day's end.
        bound += slot & par[w] & ~bound
        if bound > net.low[slot]:
            net.low[slot] = bound
            driver[slot] = v
        net.indeg[w] -= 1
        if not net.indeg[w]:
            ready.append(w)
    return ready


def _raise_cycle(net: _Net) -> None:
    """Name one cycle among the nodes Kahn's algorithm could not order."""
    indeg = net.indeg
    # Only the blocked nodes matter; for them, any blocked predecessor will do.
    blocked_pred: dict[int, int] = {}
    for u, edges in enumerate(net.out):
        if indeg[u] > 0:
            for w, *_ in [*edges, *net.xout.get(u, [])]:
                if indeg[w] > 0:
                    blocked_pred.setdefault(w, u)
    v = min(blocked_pred)
    seen: dict[int, int] = {}
    walk: list[int] = []
    while v not in seen:
        seen[v] = len(walk)
        walk.append(v)
        v = blocked_pred[v]
    cycle = _compress([net.owner[node] for node in reversed(walk[seen[v] :])])
    if len(cycle) > 1 and cycle[0] == cycle[-1]:
        cycle.pop()
    # Start from the task listed first, so the message does not depend on the walk.
    first = cycle.index(min(cycle))
    cycle = cycle[first:] + cycle[:first]
    ids = [net.tasks[node].id for node in [*cycle, cycle[0]]]
    raise DependencyError(_cycle_message("These links form a cycle", ids, net.names))


def _project_finishes(net: _Net, deadline: date | Mapping[int, date] | None) -> list[int]:
    """Each project's finish instant: its latest early finish, or its deadline."""
    finish = [_NEG] * len(net.projects)
    early, proj_of, children, n = net.early, net.proj_of, net.children, len(net.tasks)
    if len(finish) == 1:
        finish[0] = max(early[1::2])
    else:
        # Detail tasks and finish gates: a start gate never finishes anything.
        for v, p in enumerate(proj_of):
            if (v >= n or v not in children) and early[2 * v + 1] > finish[p]:
                finish[p] = early[2 * v + 1]
    if deadline is None:
        return finish
    for p, project in enumerate(net.projects):
        day = deadline.get(project) if isinstance(deadline, Mapping) else deadline
        if day is None or finish[p] == _NEG:
            continue
        cal = net.cals[net.proj_cal[p]]
        bound = _floor_instant(cal, day, 1)
        if finish[p] > bound:
            late = cal.date_of_index(finish[p] >> 1)
            which = f"Project {project}" if len(net.projects) > 1 else "The project"
            net.conflicts.append(f"{which} finishes on {late}, after its deadline {day}")
        finish[p] = bound
    return finish


def _backward(net: _Net, finishes: list[int]) -> None:
    """Late dates (instants) and free float (working days), pulled from successors.

    Within a calendar the end of a working day and the start of the next are the same
    working time, so floats count working time ((instant + 1) >> 1 days from the start)
    and a task's latest start or finish is rounded to whichever of the two it can use.
    """
    span, high, out, early, gate, xout = net.span, net.high, net.out, net.early, net.gate, net.xout
    par = net.par
    size = len(span)
    late = [0] * (2 * size)
    free = [0] * size
    one_project = len(finishes) == 1
    project_finish = finishes[0]
    proj_of = net.proj_of
    for v in reversed(net.order):
        two = v + v
        es = early[two]
        ef = early[two + 1]
        if not one_project:
            project_finish = finishes[proj_of[v]]
        start_cap = high[two]
        finish_cap = high[two + 1]
        if project_finish < finish_cap:
            finish_cap = project_finish
        slack = ((project_finish + 1) >> 1) - ((ef + 1) >> 1)
        for w, slot, ff, off in out[v]:
            bound = late[slot] - off
            # Free float: how far this end may move before w's early date moves; a
            # gate is not a task, so the float behind it counts too.
            room = ((early[slot] + 1) >> 1) - (off >> 1) - (((ef if ff else es) + 1) >> 1)
            if gate[w]:
                room += free[w]
            if room < slack:
                slack = room
            if ff:
                if bound < finish_cap:
                    finish_cap = bound
            elif bound < start_cap:
                start_cap = bound
        if v in xout:
            start_cap, finish_cap, slack = _pull_cross(
                net, v, (es, ef), (start_cap, finish_cap, slack), late, free
            )
        # A task starts at a day's start and finishes at a day's end; a milestone or a
        # gate keeps the instant it is given.
        p = par[v]
        start_cap += start_cap & p
        finish_cap -= p & ~finish_cap
        ls = finish_cap - span[v]
        if start_cap < ls:
            ls = start_cap
        late[two] = ls
        late[two + 1] = ls + span[v]
        free[v] = slack
    net.late, net.free = late, free


def _pull_cross(
    net: _Net,
    v: int,
    ends: tuple[int, int],
    caps: tuple[int, int, int],
    late: list[int],
    free: list[int],
) -> tuple[int, int, int]:
    start_cap, finish_cap, slack = caps
    target = net.cals[net.cal_of[v]]
    detail = net.par[v]
    for w, slot, ff, off in net.xout[v]:
        source = net.cals[net.cal_of[w]]
        bound = _convert(late[slot] - off, source, target, False)
        if not ff:
            # As in _push_cross: a start due by a day's end must start that day.
            bound -= detail & bound
        room = _convert(net.early[slot] - off, source, target, False)
        room = ((room + 1) >> 1) - ((ends[ff] + 1) >> 1)
        if net.gate[w]:
            room += free[w]
        slack = min(slack, room)
        if ff:
            finish_cap = min(finish_cap, bound)
        else:
            start_cap = min(start_cap, bound)
    return start_cap, finish_cap, slack


def _check_fnlt(net: _Net) -> None:
    for v, (bound, day) in net.fnlt.items():
        ef = net.early[2 * v + 1]
        if ef > bound:
            task = net.tasks[net.owner[v]]
            finish = net.cals[net.cal_of[v]].date_of_index(ef >> 1)
            net.conflicts.append(
                f"{_label(task.id, net.names)} must finish no later than {day} but cannot"
                f" finish before {finish}"
            )


# -- critical path ------------------------------------------------------------------------


def _driving_pred(net: _Net, v: int) -> int | None:
    """The predecessor whose link set v's early start, if a link did."""
    early, low, span, par, driver = net.early, net.low, net.span, net.par, net.driver
    es = early[2 * v]
    best = None
    finish = low[2 * v + 1]
    for slot, start in ((2 * v, low[2 * v]), (2 * v + 1, finish - span[v] - (par[v] & ~finish))):
        start += start & par[v]
        u = driver[slot]
        if u >= 0 and start == es:
            key = (net.late[2 * u] - early[2 * u], u)
            if best is None or key < best:
                best = key
    return None if best is None else best[1]


def _critical_path(net: _Net, last: int | None) -> list[int]:
    """Walk driving links back from the task that finishes last."""
    n = len(net.tasks)
    path: list[int] = []
    v = last
    while v is not None:
        if v < n and v not in net.children and net.tasks[v].percent_complete < 100:
            path.append(net.tasks[v].id)
        v = _driving_pred(net, v)
    path.reverse()
    return path


# -- results ------------------------------------------------------------------------------


def _wbs_order(net: _Net) -> tuple[list[int], list[str]]:
    """Tasks in tree order (parents first, siblings by order) and their WBS codes."""
    tasks, children = net.tasks, net.children
    codes = [""] * len(tasks)
    key = [(task.order, task.id) for task in tasks].__getitem__

    roots: dict[int, list[int]] = {}
    for i, task in enumerate(tasks):
        if task.parent_id is None:
            roots.setdefault(task.project_id, []).append(i)
    preorder: list[int] = []
    stack: list[int] = []
    for members in roots.values():
        members.sort(key=key)
        for number, i in enumerate(members, 1):
            codes[i] = str(number)
        stack.extend(reversed(members))
        while stack:
            i = stack.pop()
            preorder.append(i)
            if i in children:
                kids = sorted(children[i], key=key)
                for number, child in enumerate(kids, 1):
                    codes[child] = f"{codes[i]}.{number}"
                stack.extend(reversed(kids))
    if len(preorder) < len(tasks):
        reached = set(preorder)
        stuck = next(task.id for i, task in enumerate(tasks) if i not in reached)
        raise ValueError(f"The task hierarchy has a cycle through {_label(stuck, net.names)}")
    return preorder, codes


def _leaf_results(net: _Net, codes: list[str], results: list[TaskSchedule | None]) -> None:
    """Turn detail tasks' instants into dates."""
    early, late, free, cal_of, children = net.early, net.late, net.free, net.cal_of, net.children
    tables = _date_tables(net)
    for i, task in enumerate(net.tasks):
        if i in children:
            continue
        table, base = tables[cal_of[i]]
        two = i + i
        es, ef, ls, lf = early[two], early[two + 1], late[two], late[two + 1]
        # Float is working time: the end of a day and the next day's start are one.
        total = ((ls + 1) >> 1) - ((es + 1) >> 1)
        if total >= 0 and i in net.fnlt and ef > net.fnlt[i][0]:
            # Past its finish-no-later-than by half a step only (a milestone at a day's
            # start, due by the end of the working day before): late by its dates, as the
            # conflict reported says, so its float is negative too.
            total = -1
        if es & ~ls & 1:
            # A milestone at a day's end, due by the next working day's start: the
            # same working time, shown as the same day.
            ls -= 1
            lf -= 1
        slack = free[i]
        if slack > total:
            slack = total
        start, finish = table[(es >> 1) - base], table[(ef >> 1) - base]
        # A finished task is never critical (as in MS Project), whatever its float.
        critical = total <= 0 and task.percent_complete < 100
        results[i] = TaskSchedule(
            task.id, codes[i], start, finish, table[(ls >> 1) - base],
            table[(lf >> 1) - base], start, finish, total, slack, critical,
            (ef - es + 1) >> 1, False, task.work, task.percent_complete,
        )  # fmt: skip


def _last_task(net: _Net, results: list[TaskSchedule | None]) -> int | None:
    """The detail task that finishes last; on a tie the least float, then the first."""
    early, late, n, children = net.early, net.late, len(net.tasks), net.children
    if len(net.cals) == 1:
        # One calendar: instants compare directly, so let max() run in C.
        finishes = early[1 : 2 * n : 2]
        if children:
            for i in children:
                finishes[i] = _NEG
        latest = max(finishes, default=_NEG)
        if latest == _NEG:
            return None
        tied = [i for i, finish in enumerate(finishes) if finish == latest]
        return min(tied, key=lambda i: (late[2 * i] - early[2 * i], i))

    def key(i: int) -> tuple[date, int, int, int]:
        row = results[i]
        assert row is not None
        return row.finish, early[2 * i + 1] & 1, -row.total_float, -i

    return max((i for i in range(n) if i not in children), key=key, default=None)


def _date_tables(net: _Net) -> list[tuple[Sequence[date], int]]:
    """Per calendar, a table covering every index the passes produced."""
    early, late = net.early, net.late
    if len(net.cals) == 1:
        lows, highs = [min(min(early), min(late))], [max(max(early), max(late))]
    else:
        lows, highs = [_POS] * len(net.cals), [_NEG] * len(net.cals)
        for v, c in enumerate(net.cal_of):
            values = (early[2 * v], early[2 * v + 1], late[2 * v], late[2 * v + 1])
            lows[c], highs[c] = min(lows[c], *values), max(highs[c], *values)
    return [
        # One day below: a milestone's late date may be shown a day earlier.
        cal.date_table((low - 1) >> 1, high >> 1)
        for cal, low, high in zip(net.cals, lows, highs, strict=True)
    ]


def _roll_up(
    net: _Net, preorder: list[int], codes: list[str], results: list[TaskSchedule | None]
) -> None:
    """Summaries from their children, deepest first."""
    # Percent is weighted by work, else by duration; a summary weighs what its tasks do.
    weights: dict[int, float] = {}
    children = net.children
    for i in reversed(preorder):
        kids = children.get(i)
        if kids is not None:
            results[i] = _summary_row(net, i, codes[i], [results[k] for k in kids], kids, weights)


def _summary_row(
    net: _Net,
    i: int,
    code: str,
    rows: list[TaskSchedule | None],
    kids: list[int],
    weights: dict[int, float],
) -> TaskSchedule:
    # One pass over the children: this runs once per summary of a large plan.
    first = rows[0]
    assert first is not None
    early_start, early_finish = first.early_start, first.early_finish
    late_start, late_finish = first.late_start, first.late_finish
    start, finish = first.start, first.finish
    total, free = first.total_float, first.free_float
    critical = False
    weight = weighted = plain = 0.0
    work: float | None = None
    for kid, row in zip(kids, rows, strict=True):
        assert row is not None
        if row.early_start < early_start:
            early_start = row.early_start
        if row.early_finish > early_finish:
            early_finish = row.early_finish
        if row.late_start < late_start:
            late_start = row.late_start
        if row.late_finish > late_finish:
            late_finish = row.late_finish
        if row.start < start:
            start = row.start
        if row.finish > finish:
            finish = row.finish
        if row.total_float < total:
            total = row.total_float
        if row.free_float < free:
            free = row.free_float
        if row.critical:
            critical = True
        if row.work is not None:
            work = row.work + (work or 0.0)
        share = weights.get(kid)
        if share is None:
            share = row.work if row.work is not None else float(row.duration)
        weight += share
        weighted += share * row.percent_complete
        plain += row.percent_complete
    weights[i] = weight
    return TaskSchedule(
        id=net.tasks[i].id,
        wbs=code,
        early_start=early_start,
        early_finish=early_finish,
        late_start=late_start,
        late_finish=late_finish,
        start=start,
        finish=finish,
        total_float=total,
        free_float=free,
        critical=critical,
        duration=net.cals[net.cal_of[i]].working_days_between(start, finish) + 1,
        is_summary=True,
        work=work,
        percent_complete=weighted / weight if weight > 0 else plain / len(rows),
    )


def schedule(
    tasks: Iterable[TaskToSchedule],
    dependencies: Iterable[DependencyInput],
    project_start: date | Mapping[int, date],
    calendars: WorkCalendar | Mapping[int, WorkCalendar],
    status_date: date | None = None,
    *,
    deadline: date | Mapping[int, date] | None = None,
) -> ScheduleResult:
    """Schedule `tasks` (see the module docstring for every convention).

    `project_start`, `calendars` and `deadline` are either one value for all tasks or
    a mapping from TaskToSchedule.project_id. Raises DependencyError for a cycle (naming
    it), a self-link, a link to a missing task or a link a summary cannot take, and
    ValueError for a broken hierarchy.
    """
    # Building the network allocates a few objects per task and link; the cyclic
    # collector would rescan them over and over (about a third of the run time at
    # 100,000 tasks) although none of them can form a reference cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _schedule(list(tasks), dependencies, project_start, calendars, status_date, deadline)
    finally:
        if collecting:
            gc.enable()


def _schedule(
    task_list: list[TaskToSchedule],
    dependencies: Iterable[DependencyInput],
    project_start: date | Mapping[int, date],
    calendars: WorkCalendar | Mapping[int, WorkCalendar],
    status_date: date | None,
    deadline: date | Mapping[int, date] | None,
) -> ScheduleResult:
    if not task_list:
        empty = project_start if isinstance(project_start, date) else None
        return ScheduleResult({}, empty, empty, [], [])
    net = _build(task_list, dependencies, project_start, calendars)
    # The hierarchy is checked first: a loop of parents would otherwise be reported
    # as a cycle of links.
    preorder, codes = _wbs_order(net)
    _apply_constraints(net, status_date)
    _forward(net)
    _check_fnlt(net)
    finishes = _project_finishes(net, deadline)
    _backward(net, finishes)
    results: list[TaskSchedule | None] = [None] * len(task_list)
    _leaf_results(net, codes, results)
    last = _last_task(net, results)
    _roll_up(net, preorder, codes, results)
    rows = [row for row in results if row is not None]
    leaves = [row for row in rows if not row.is_summary]
    return ScheduleResult(
        tasks={row.id: row for row in rows},
        project_start=min(row.start for row in leaves),
        project_finish=max(row.finish for row in leaves),
        critical_path=_critical_path(net, last),
        conflicts=net.conflicts,
        project_finishes={
            project: net.cals[net.proj_cal[p]].date_of_index(finishes[p] >> 1)
            for p, project in enumerate(net.projects)
            if finishes[p] != _NEG
        },
    )


def variance(
    current: Mapping[int, tuple[date, date]],
    baseline: Mapping[int, tuple[date, date]],
    calendar: WorkCalendar,
) -> dict[int, tuple[int, int]]:
    """Start and finish slip against the baseline in working days (positive = late).

    Only tasks present in both mappings are compared.
    """
    between = calendar.working_days_between
    return {
        task_id: (between(base[0], now[0]), between(base[1], now[1]))
        for task_id, now in current.items()
        if (base := baseline.get(task_id)) is not None
    }
