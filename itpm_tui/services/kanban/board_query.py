"""Reading a board: cards per column and lane, filters, waiting flags and the flow footer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Integer, bindparam, cast, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from itpm_tui.models import (
    CardMove,
    Dependency,
    Person,
    Project,
    Sprint,
    Task,
    TaskStatus,
    WorkflowColumn,
)
from itpm_tui.models.base import utcnow
from itpm_tui.services.kanban.board import DEFAULT_WORKFLOW, current_sprint, ensure_columns
from itpm_tui.services.kanban.board_view import BoardColumn, BoardData, Card, Lane
from itpm_tui.services.kanban.flow import Move, flow_summary
from itpm_tui.services.shared.query import select_columns

LANE_MODES = ("none", "assignee", "priority")
PRIORITY_ORDER = ["critical", "high", "medium", "low"]
STARTED = {TaskStatus.IN_PROGRESS.value, TaskStatus.REVIEW.value, TaskStatus.DONE.value}


@dataclass(frozen=True)
class BoardFilter:
    text: str = ""
    assignee: str | None = None  # a person's name; "" = unassigned
    priority: str | None = None
    tag: str | None = None
    sprint: str = "all"  # "all", "current", or a sprint id as text

    def describe(self) -> str:
        parts = []
        if self.text:
            parts.append(f"'{self.text}'")
        if self.assignee is not None:
            parts.append(f"who: {self.assignee or 'unassigned'}")
        if self.priority:
            parts.append(f"priority: {self.priority}")
        if self.tag:
            parts.append(f"tag: {self.tag}")
        if self.sprint != "all":
            parts.append(f"sprint: {self.sprint}")
        return ", ".join(parts)


# Only what a card shows: whole Task objects cost five times as much on large boards.
CARD_COLUMNS = (
    Task.id,
    Task.project_id,
    Task.title,
    Task.priority,
    Task.finish,
    Task.tags,
    Task.status,
    Task.blocked,
    Task.sprint_id,
    Task.column_id,
    Task.board_position,
    Task.version,
)


def _days_since(now: datetime, column: Any) -> Any:
    """Whole days from a stored timestamp to `now`, counted by SQLite.

    Parsing two timestamps per card in Python was most of the cost of a large board.
    """
    moment = bindparam("now", now.astimezone(UTC).replace(tzinfo=None), type_=DateTime)
    return cast(func.julianday(moment) - func.julianday(column), Integer)


def _is_card() -> Any:
    """Cards are the tasks that are neither summaries nor milestones."""
    child = aliased(Task)
    # Milestones are points in time, not work to pull through the columns.
    return ~select(child.id).where(child.parent_id == Task.id).exists() & ~col(Task.is_milestone)


def _leaf_tasks(
    session: Session, project_ids: list[int] | None, now: datetime, first: int | None = None
) -> list[tuple[Any, str, str]]:
    """(task row, assignee name, project code) for every card; with `first`, only the
    first that many of each column."""
    entered = func.coalesce(Task.column_entered_at, Task.created_at)
    query = (
        select_columns(
            *CARD_COLUMNS,
            _days_since(now, entered).label("days_in_column"),
            _days_since(now, Task.created_at).label("age_days"),
            col(Person.name).label("assignee_name"),
            col(Project.code).label("project_code"),
        )
        .join(Person, col(Task.assignee_id) == col(Person.id), isouter=True)
        .join(Project, col(Project.id) == col(Task.project_id))
        .where(_is_card())
    )
    if project_ids is not None:
        query = query.where(col(Task.project_id).in_(project_ids))
    if first is not None:
        # The top of each column, read along ix_task_column_order: the cost follows what
        # is shown, not the size of the board.
        column_ids = session.exec(
            select(WorkflowColumn.id).where(col(WorkflowColumn.project_id).in_(project_ids or []))
        ).all()
        # Cards of no column (not placed yet) show in the first one, as in the full load.
        in_columns = [col(Task.column_id) == column_id for column_id in column_ids]
        top_rows: list[Any] = []
        for in_column in [*in_columns, col(Task.column_id).is_(None)]:
            top = query.where(in_column).order_by(col(Task.board_position), col(Task.id))
            top_rows.extend(session.execute(top.limit(first)))
        return [(row, row.assignee_name or "", row.project_code) for row in top_rows]
    # execute, not exec: SQLModel's exec hands back scalars for a select with labels.
    rows = session.execute(query)
    return [(row, row.assignee_name or "", row.project_code) for row in rows]


def _column_counts(session: Session, project_id: int) -> dict[int | None, int]:
    query = (
        select(Task.column_id, func.count())
        .where(Task.project_id == project_id, _is_card())
        .group_by(col(Task.column_id))
    )
    return dict(session.exec(query).all())


def _waiting_ids(session: Session, project_ids: list[int] | None) -> set[int]:
    """Tasks (of these projects, or all) with at least one unfinished predecessor."""
    pred = aliased(Task)
    succ = aliased(Task)
    query = (
        select(Dependency.successor_id)
        .join(pred, col(pred.id) == col(Dependency.predecessor_id))
        .join(succ, col(succ.id) == col(Dependency.successor_id))
        .where(pred.status != TaskStatus.DONE.value)
    )
    if project_ids is not None:
        query = query.where(col(succ.project_id).in_(project_ids))
    return set(session.exec(query))


def _matches(task: Any, assignee: str, flt: BoardFilter, sprint_id: int | None) -> bool:
    if flt.text:
        haystack = f"{task.title} {assignee} {task.tags} {task.priority}".lower()
        if not all(word in haystack for word in flt.text.lower().split()):
            return False
    if flt.assignee is not None and assignee != flt.assignee:
        return False
    if flt.priority and task.priority != flt.priority:
        return False
    if flt.tag and flt.tag.lower() not in task.tags.split(","):
        return False
    return not (flt.sprint != "all" and task.sprint_id != sprint_id)


def _card(task: Any, assignee: str, code: str, today: date, now: datetime, waiting: bool) -> Card:
    done = task.status == TaskStatus.DONE.value
    return Card(
        id=task.id,
        title=task.title,
        assignee=assignee,
        priority=task.priority,
        due=task.finish,
        tags=tuple(t for t in task.tags.split(",") if t),
        days_in_column=max(0, task.days_in_column or 0),
        age_days=max(0, task.age_days or 0),
        blocked=task.blocked,
        waiting=waiting and not done,
        overdue=not done and task.finish is not None and task.finish < today,
        project_code=code,
        version=task.version,
    )


def _lane_key(card: Card, mode: str, project_name: str) -> tuple[str, str]:
    """(sort key, title) of the lane a card belongs to."""
    if mode == "assignee":
        return (card.assignee or "~", card.assignee or "Unassigned")
    if mode == "priority":
        rank = PRIORITY_ORDER.index(card.priority) if card.priority in PRIORITY_ORDER else 9
        return (str(rank), card.priority)
    if mode == "project":
        return (project_name, project_name)  # "CODE Name", sorted by code
    return ("", "")


def _lanes(placed: list[tuple[int, Card, int, str]], n_columns: int, mode: str) -> tuple[Lane, ...]:
    """placed: (column index, card, order, project name) -> lanes of per-column card tuples."""
    buckets: dict[tuple[str, str], list[list[tuple[int, Card]]]] = defaultdict(
        lambda: [[] for _ in range(n_columns)]
    )
    for column_index, card, order, project_name in placed:
        buckets[_lane_key(card, mode, project_name)][column_index].append((order, card))
    if not buckets:
        buckets[("", "")] = [[] for _ in range(n_columns)]
    lanes = []
    for (key, title), columns in sorted(buckets.items()):
        cards = tuple(tuple(card for _, card in sorted(c, key=lambda x: x[0])) for c in columns)
        lanes.append(Lane(key=key, title=title, cards=cards))
    return tuple(lanes)


def _flow_footer(session: Session, project_id: int, now: datetime) -> str:
    since = now - timedelta(days=14)
    finished = list(
        session.exec(
            select(CardMove.task_id)
            .join(Task, col(Task.id) == col(CardMove.task_id))
            .where(
                Task.project_id == project_id,
                col(CardMove.to_done),
                CardMove.moved_at >= since,
            )
        )
    )
    if not finished:
        return "cycle time - (no card finished in 14 d) | throughput 0 in 14 d"
    rows = session.exec(
        select(CardMove, WorkflowColumn.status)
        .join(WorkflowColumn, col(WorkflowColumn.id) == col(CardMove.to_column_id), isouter=True)
        .where(col(CardMove.task_id).in_(set(finished)))
    ).all()
    moves = [
        Move(
            m.task_id,
            m.to_name,
            m.to_done,
            m.to_done or (m.to_status or status) in STARTED,
            m.moved_at,
        )
        for m, status in rows
    ]
    created = {
        task_id: at
        for task_id, at in session.exec(
            select(Task.id, Task.created_at).where(col(Task.id).in_(set(finished)))
        )
        if task_id is not None
    }
    summary = flow_summary(moves, created, now)
    cycle = f"{summary.cycle_time_days:.1f} d" if summary.cycle_time_days is not None else "-"
    return f"cycle time {cycle} avg | throughput {summary.throughput} in 14 d"


def project_board(
    session: Session,
    project_id: int,
    today: date,
    flt: BoardFilter = BoardFilter(),
    lanes: str = "none",
    now: datetime | None = None,
    first: int | None = None,
) -> BoardData:
    """The board; with `first`, only the first cards of each column (the top of the board,
    for the first frame), the column counts still being of every card."""
    now = now or utcnow()
    columns = ensure_columns(session, project_id)
    index_of = {c.id: i for i, c in enumerate(columns)}
    sprint_id: int | None = None
    if flt.sprint == "current":
        sprint = current_sprint(session, project_id, today)
        sprint_id = sprint.id if sprint else -1
    elif flt.sprint.isdigit():
        sprint_id = int(flt.sprint)
    tasks = _leaf_tasks(session, [project_id], now, first)
    waiting = _waiting_ids(session, [project_id])
    counts: dict[int, int] = defaultdict(int)
    if first is not None:
        for column_id, count in _column_counts(session, project_id).items():
            counts[index_of.get(column_id, 0)] += count
    placed = []
    for task, assignee, _code in tasks:
        column_index = index_of.get(task.column_id, 0)
        if first is None:
            counts[column_index] += 1
        if not _matches(task, assignee, flt, sprint_id):
            continue
        # On its own board a card needs no project code.
        card = _card(task, assignee, "", today, now, task.id in waiting)
        placed.append((column_index, card, task.board_position, ""))
    board_columns = tuple(
        BoardColumn(c.id, c.name, c.wip_limit, c.is_done, counts[i])  # type: ignore[arg-type]
        for i, c in enumerate(columns)
    )
    # The top of the board is for the first frame: the flow figures come with the rest.
    footer = _flow_footer(session, project_id, now) if first is None else ""
    return BoardData(board_columns, _lanes(placed, len(columns), lanes), footer)


def portfolio_board(
    session: Session,
    today: date,
    group: str = "project",
    flt: BoardFilter = BoardFilter(),
    now: datetime | None = None,
) -> BoardData:
    """Every project's cards, in the default workflow's columns by status."""
    now = now or utcnow()
    statuses = [status for _, status, _ in DEFAULT_WORKFLOW]
    names = {p.code: p.name for p in session.exec(select(Project))}
    tasks = _leaf_tasks(session, None, now)
    waiting = _waiting_ids(session, None)
    counts: dict[int, int] = defaultdict(int)
    placed = []
    for task, assignee, code in tasks:
        index = statuses.index(task.status) if task.status in statuses else 1
        counts[index] += 1
        if not _matches(task, assignee, flt, None):
            continue
        # Lanes by project already say which project; by person, each card says it.
        shown_code = code if group == "person" else ""
        card = _card(task, assignee, shown_code, today, now, task.id in waiting)
        placed.append((index, card, task.board_position, f"{code} {names.get(code, '')}"))
    columns = tuple(
        # Status columns get ids 1..5: they stand for a status, not a stored column.
        BoardColumn(i + 1, name, None, is_done, counts[i])
        for i, (name, _, is_done) in enumerate(DEFAULT_WORKFLOW)
    )
    mode = "assignee" if group == "person" else "project"
    return BoardData(columns, _lanes(placed, len(columns), mode), "")


def status_of_portfolio_column(column_id: int) -> str:
    return DEFAULT_WORKFLOW[column_id - 1][1]


def board_options(session: Session, project_id: int) -> dict[str, list[tuple[str, str]]]:
    """Choices for the filter form: people, tags and sprints seen on this board."""
    tasks = _leaf_tasks(session, [project_id], utcnow())
    people = sorted({name for _, name, _ in tasks if name})
    tags = sorted({tag for t, _, _ in tasks for tag in t.tags.split(",") if tag})
    sprints = session.exec(select(Sprint).where(Sprint.project_id == project_id)).all()
    return {
        "assignee": [(p, p) for p in people] + [("(unassigned)", "")],
        "tag": [(t, t) for t in tags],
        "sprint": [("current sprint", "current")] + [(s.name, str(s.id)) for s in sprints],
    }
