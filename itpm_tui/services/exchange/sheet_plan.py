"""A task table read into a plan: each row checked, the outline built, links resolved, cycles cut.

Pure: the people and board columns a row may name come in as plain lookups, so every
refusal ("line 12: unknown assignee 'Bob'") is decided before anything is written.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date

from itpm_tui.models import TaskStatus
from itpm_tui.services.exchange import csv_columns as cells
from itpm_tui.services.exchange.csv_columns import ColumnMap
from itpm_tui.services.exchange.csv_text import Table
from itpm_tui.services.exchange.formats import Refusal
from itpm_tui.services.exchange.predecessor_text import SheetLink, format_link, parse_links
from itpm_tui.services.shared.parsing import MAX_DURATION_DAYS, quoted
from itpm_tui.services.shared.text import clean_text, normalise_tags

# Longer is a paste gone wrong, not a task's name (the app's lists show a line of it).
MAX_TITLE = 500
MAX_NOTES = 20_000
_WBS = re.compile(r"\d{1,6}(?:\.\d{1,6}){0,19}")


@dataclass(frozen=True)
class Lookups:
    """What a row may name in the database: people by lower-case name or e-mail, board columns."""

    people: dict[str, list[int]] = field(default_factory=dict)
    # lower-case column name -> (column id, the status the column means)
    columns: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass
class SheetTask:
    """One accepted row, its cells read; `parent` is the index of its summary in the plan."""

    line: int
    ref: str
    title: str
    notes: str = ""
    wbs: str = ""
    parent: int | None = None
    is_summary: bool = False
    duration: int | None = None
    milestone: bool = False
    estimate: float | None = None
    start: date | None = None
    finish: date | None = None
    due: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    created: date | None = None
    percent: int | None = None
    status: str | None = None
    column_id: int | None = None
    priority: str | None = None
    tags: str = ""
    sprint: str = ""
    assignee_id: int | None = None
    links: list[SheetLink] = field(default_factory=list)
    external: str = ""  # predecessors in other projects, as the export writes them


@dataclass(frozen=True)
class PlanLink:
    predecessor: int  # indexes into SheetPlan.tasks
    successor: int
    kind: str
    lag: int


@dataclass
class SheetPlan:
    """Accepted rows in outline order (a summary before its sub-tasks), their links, refusals."""

    tasks: list[SheetTask]
    links: list[PlanLink]
    refused: list[Refusal]
    warnings: list[str]
    ref_kind: str  # what a predecessor number names: "ID", "WBS" or "row"


class _RowProblem(ValueError):
    pass


def _date(cmap: ColumnMap, row: list[str], name: str, order: str) -> date | None:
    text = cmap.value(row, name)
    try:
        return cells.read_date(text, order)
    except ValueError as exc:
        raise _RowProblem(f"{name.replace('_', ' ')}: {exc}") from None


def _person(lookups: Lookups, text: str) -> int | None:
    name = clean_text(text)
    if not name:
        return None
    found = lookups.people.get(name.lower(), [])
    if not found:
        raise _RowProblem(f"unknown assignee '{quoted(name)}': add the person first")
    if len(found) > 1:
        raise _RowProblem(f"{len(found)} people are called '{quoted(name)}': give the e-mail")
    return found[0]


def _status(lookups: Lookups, text: str) -> tuple[str | None, int | None]:
    """A board column named like the status wins (Jira's workflow), else itpm's meaning."""
    value = clean_text(text)
    if not value:
        return None, None
    column = lookups.columns.get(value.lower())
    if column is not None:
        return column[1], column[0]
    status = cells.read_status(value)
    if status is None:
        known = ", ".join(s.value for s in TaskStatus)
        raise _RowProblem(f"unknown status '{quoted(value)}': use {known} or a board column")
    return status, None


def _read_row(
    cmap: ColumnMap, row: list[str], line: int, order: str, lookups: Lookups
) -> SheetTask:
    def text(name: str) -> str:
        return cmap.value(row, name)

    title = clean_text(text("title"))
    if not title:
        raise _RowProblem("no title")
    if len(title) > MAX_TITLE:
        raise _RowProblem(f"the title is {len(title):,} characters: at most {MAX_TITLE}")
    notes = clean_text(text("notes"), multiline=True)
    if len(notes) > MAX_NOTES:
        raise _RowProblem(f"the notes are {len(notes):,} characters: at most {MAX_NOTES:,}")
    key = clean_text(text("key"))
    if key:
        notes = f"{notes}\n\nJira issue {key}".strip()
    task = SheetTask(line=line, ref="", title=title, notes=notes)
    try:
        if value := text("duration"):
            task.duration = cells.read_whole_days(value)
            task.milestone = task.duration == 0 and cells.read_days(value) == 0
        if value := text("milestone"):
            task.milestone = cells.read_flag(value)
        if value := text("estimate"):
            task.estimate = cells.read_days(value)
        elif value := text("estimate_seconds"):
            task.estimate = cells.read_seconds(value)
        if value := text("percent"):
            task.percent = cells.read_percent(value)
        if value := text("priority"):
            task.priority = cells.read_priority(value)
        if value := text("predecessors"):
            task.links = parse_links(value)
    except ValueError as exc:
        raise _RowProblem(str(exc)) from None
    if task.duration is not None and task.duration > MAX_DURATION_DAYS:
        raise _RowProblem(f"a task lasts at most {MAX_DURATION_DAYS:,} working days")
    task.start = _date(cmap, row, "start", order)
    task.finish = _date(cmap, row, "finish", order)
    task.due = _date(cmap, row, "due", order)
    task.actual_start = _date(cmap, row, "actual_start", order)
    task.actual_finish = _date(cmap, row, "actual_finish", order)
    task.created = _date(cmap, row, "created", order)
    if task.start and task.finish and task.finish < task.start:
        raise _RowProblem(f"the finish {task.finish} is before the start {task.start}")
    if task.actual_start and task.actual_finish and task.actual_finish < task.actual_start:
        raise _RowProblem("the actual finish is before the actual start")
    if external := clean_text(text("external")):
        task.external = external
    task.status, task.column_id = _status(lookups, text("status"))
    task.assignee_id = _person(lookups, text("assignee"))
    task.tags = normalise_tags(text("tags").replace(";", ","))
    task.sprint = clean_text(text("sprint"))[:100]
    return task


def _date_order(table: Table, cmap: ColumnMap) -> tuple[str, bool]:
    names = ("start", "finish", "due", "actual_start", "actual_finish", "created")
    values = [cmap.value(row, name) for _, row in table.rows for name in names if cmap.has(name)]
    return cells.slash_order(values)


def build_plan(table: Table, cmap: ColumnMap, lookups: Lookups) -> SheetPlan:
    """Read every row; refuse the ones that cannot be imported, and the links that cannot be."""
    order, guessed = _date_order(table, cmap)
    refused: list[Refusal] = []
    warnings: list[str] = []
    slashed = (cmap.value(row, n) for _, row in table.rows for n in ("start", "finish"))
    if guessed and any(re.search(r"\d/\d", value) for value in slashed):
        warnings.append("dates such as 03/04/2026 were read month first (write YYYY-MM-DD)")
    ref_kind = "ID" if cmap.has("id") else "WBS" if cmap.has("wbs") else "row"
    read: list[SheetTask] = []
    refused_refs: dict[str, int] = {}  # ref -> its line, for links to a refused row
    seen_refs: dict[str, int] = {}
    levels: list[int] = []
    for number, (line, row) in enumerate(table.rows, 1):
        ref = (
            clean_text(cmap.value(row, "id"))
            if ref_kind == "ID"
            else clean_text(cmap.value(row, "wbs"))
            if ref_kind == "WBS"
            else str(number)
        )
        try:
            if ref_kind in ("ID", "WBS") and not _WBS.fullmatch(ref):
                what = "an ID (a number)" if ref_kind == "ID" else "a WBS code such as 1.2"
                raise _RowProblem(f"'{quoted(ref)}' is not {what}" if ref else f"no {ref_kind}")
            if ref_kind == "ID" and "." in ref:
                raise _RowProblem(f"'{ref}' is not an ID (a number)")
            if ref in seen_refs:
                raise _RowProblem(f"{ref_kind} {ref} is also on line {seen_refs[ref]}")
            task = _read_row(cmap, row, line, order, lookups)
            task.ref = ref
            if cmap.has("wbs"):
                task.wbs = clean_text(cmap.value(row, "wbs"))
                if not _WBS.fullmatch(task.wbs):
                    raise _RowProblem(f"'{quoted(task.wbs)}' is not a WBS code such as 1.2")
            level = 1
            if cmap.has("outline") and not cmap.has("wbs"):
                text = cmap.value(row, "outline")
                if not text.isdigit() or not 1 <= int(text) <= 99:
                    raise _RowProblem(f"'{quoted(text)}' is not an outline level (1, 2, ...)")
                level = int(text)
        except _RowProblem as exc:
            refused.append(Refusal(f"line {line}", str(exc)))
            if ref:
                refused_refs.setdefault(ref, line)
            continue
        seen_refs[ref] = line
        read.append(task)
        levels.append(level)
    tasks = _outline(read, levels, cmap.has("wbs"), refused, refused_refs)
    for task in tasks:
        if task.external:
            reason = f"predecessors in other projects left out: {quoted(task.external, 60)}"
            refused.append(Refusal(f"line {task.line}", reason))
    links = _links(tasks, ref_kind, refused, refused_refs)
    links = _cut_cycles(tasks, links, refused)
    refused.sort(key=lambda r: int(r.place.split()[1]))  # in the file's order; stable
    return SheetPlan(tasks, links, refused, warnings, ref_kind)


def _wbs_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


def _outline(
    read: list[SheetTask],
    levels: list[int],
    by_wbs: bool,
    refused: list[Refusal],
    refused_refs: dict[str, int],
) -> list[SheetTask]:
    """Parents from the WBS codes (or outline levels); rows in outline order, parents first."""
    parent_of: dict[int, int | None] = {}
    dropped: set[int] = set()

    def refuse(i: int, reason: str) -> None:
        refused.append(Refusal(f"line {read[i].line}", reason))
        refused_refs.setdefault(read[i].ref, read[i].line)
        dropped.add(i)

    if by_wbs:
        at = {t.wbs: i for i, t in enumerate(read)}
        refused_wbs = {ref: line for ref, line in refused_refs.items()}
        for i, task in enumerate(read):
            head, _, _ = task.wbs.rpartition(".")
            if not head:
                parent_of[i] = None
            elif head in at:
                parent_of[i] = at[head]
            elif head in refused_wbs:
                refuse(i, f"its summary {head} (line {refused_wbs[head]}) was refused")
            else:
                refuse(i, f"no row has the WBS code {head}, the summary of {task.wbs}")
    else:
        stack: list[int] = []
        for i, level in enumerate(levels):
            if level > len(stack) + 1:
                refuse(i, f"outline level {level} is more than one below the row above")
                continue
            del stack[level - 1 :]
            parent_of[i] = stack[-1] if stack else None
            stack.append(i)
    # A refused summary takes its sub-tasks with it; a milestone holds none.
    for i in range(len(read)):
        if i in dropped:
            continue
        parent = parent_of.get(i)
        while parent is not None and parent not in dropped:
            parent = parent_of.get(parent)
        if parent is not None:
            refuse(i, f"its summary on line {read[parent].line} was refused")
        elif parent_of.get(i) is not None and read[parent_of[i]].milestone:  # type: ignore[index]
            refuse(i, f"the row on line {read[parent_of[i]].line} above it is a milestone")  # type: ignore[index]
    children: dict[int | None, list[int]] = defaultdict(list)
    for i in range(len(read)):
        if i not in dropped:
            children[parent_of.get(i)].append(i)
    if by_wbs:
        for kids in children.values():
            kids.sort(key=lambda i: _wbs_key(read[i].wbs))
    ordered: list[SheetTask] = []
    index: dict[int, int] = {}
    stack2 = list(reversed(children[None]))
    while stack2:
        i = stack2.pop()
        task = read[i]
        parent = parent_of.get(i)
        task.parent = index[parent] if parent is not None else None
        task.is_summary = bool(children.get(i))
        index[i] = len(ordered)
        ordered.append(task)
        stack2.extend(reversed(children.get(i, [])))
    return ordered


def _links(
    tasks: list[SheetTask], ref_kind: str, refused: list[Refusal], refused_refs: dict[str, int]
) -> list[PlanLink]:
    at = {t.ref: i for i, t in enumerate(tasks)}
    what = {"ID": "ID", "WBS": "WBS code", "row": "row number"}[ref_kind]
    links: list[PlanLink] = []
    for succ, task in enumerate(tasks):
        for link in task.links:
            pred = at.get(link.ref)
            problem = None
            if pred is None and link.ref in refused_refs:
                problem = f"line {refused_refs[link.ref]} was refused"
            elif pred is None:
                problem = f"no row has the {what} {link.ref}"
            elif pred == succ:
                problem = "a task cannot wait on itself"
            elif _is_ancestor(tasks, pred, succ) or _is_ancestor(tasks, succ, pred):
                problem = "a task cannot be linked to its own summary"
            elif tasks[pred].is_summary and link.kind in ("SS", "SF"):
                problem = "a summary is a predecessor only finish-to-start or finish-to-finish"
            elif task.is_summary and link.kind in ("FF", "SF"):
                problem = "a summary is a successor only finish-to-start or start-to-start"
            if problem is not None:
                reason = f"predecessor {format_link(link)} left out: {problem}"
                refused.append(Refusal(f"line {task.line}", reason))
                continue
            assert pred is not None
            links.append(PlanLink(pred, succ, link.kind, link.lag))
    return links


def _is_ancestor(tasks: list[SheetTask], ancestor: int, task: int) -> bool:
    parent = tasks[task].parent
    while parent is not None:
        if parent == ancestor:
            return True
        parent = tasks[parent].parent
    return False


def _cut_cycles(
    tasks: list[SheetTask], links: list[PlanLink], refused: list[Refusal]
) -> list[PlanLink]:
    """Leave out, one by one, the link that closes a loop (the lowest row of it in the file)."""
    live = list(links)
    while True:
        cycle = _find_cycle(tasks, live)
        if cycle is None:
            return live
        closing = max(cycle, key=lambda n: tasks[live[n].successor].line)
        link = live[closing]
        steps = [tasks[live[cycle[0]].predecessor].ref]
        steps += [tasks[live[n].successor].ref for n in cycle]
        if steps[-1] != steps[0]:
            steps.append(steps[0])  # the loop closes through a summary and its sub-task
        loop = " -> ".join(steps)
        entry = format_link(SheetLink(tasks[link.predecessor].ref, link.kind, link.lag))
        reason = f"predecessor {entry} left out: it closes a loop ({loop})"
        refused.append(Refusal(f"line {tasks[link.successor].line}", reason))
        del live[closing]


def _find_cycle(tasks: list[SheetTask], links: list[PlanLink]) -> list[int] | None:
    """The links (indexes) of one cycle, in order, or None. As the scheduler sees the plan,
    a summary is an entry node (links in, to its sub-tasks) and an exit node (links out)."""
    count = len(tasks)

    def entry(i: int) -> int:
        return i

    def exit_(i: int) -> int:
        return i + count if tasks[i].is_summary else i

    edges: dict[int, list[tuple[int, int]]] = defaultdict(list)  # node -> (next, link or -1)
    indeg: dict[int, int] = defaultdict(int)
    for n, link in enumerate(links):
        edges[exit_(link.predecessor)].append((entry(link.successor), n))
    for i, task in enumerate(tasks):
        if task.parent is not None:
            edges[entry(task.parent)].append((entry(i), -1))
            edges[exit_(i)].append((exit_(task.parent), -1))
        if task.is_summary:
            edges[entry(i)]  # noqa: B018 - both nodes exist
    nodes = set(range(count)) | {i + count for i, t in enumerate(tasks) if t.is_summary}
    for node in nodes:
        for nxt, _ in edges.get(node, ()):
            indeg[nxt] += 1
    queue = deque(n for n in nodes if indeg[n] == 0)
    left = set(nodes)
    while queue:
        node = queue.popleft()
        left.discard(node)
        for nxt, _ in edges.get(node, ()):
            indeg[nxt] -= 1
            if indeg[nxt] == 0:
                queue.append(nxt)
    if not left:
        return None
    # Every node left waits on another node left: walking back from one must repeat a node.
    back: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for node in left:
        for nxt, via in edges.get(node, ()):
            if nxt in left:
                back[nxt].append((node, via))
    seen: dict[int, int] = {}
    walk: list[int] = []
    node = min(left)
    while node not in seen:
        seen[node] = len(walk)
        node, via = back[node][0]
        walk.append(via)
    # The walk went backwards: the loop in link order is its tail reversed.
    found = [via for via in reversed(walk[seen[node] :]) if via >= 0]
    return found or None
