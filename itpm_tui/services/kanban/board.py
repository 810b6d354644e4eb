"""The Kanban board of a project: workflow columns, card moves with WIP limits, quick edits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from itpm_tui.db import name_action
from itpm_tui.models import CardMove, Priority, Project, Sprint, Task, TaskStatus, WorkflowColumn
from itpm_tui.models.base import utcnow
from itpm_tui.services.shared.errors import ItpmError, NotFound, ValidationError
from itpm_tui.services.shared.text import clean_text

if TYPE_CHECKING:
    from itpm_tui.services.planning.completion import Before

DEFAULT_WORKFLOW = [
    ("Backlog", TaskStatus.BACKLOG.value, False),
    ("To do", TaskStatus.TODO.value, False),
    ("In progress", TaskStatus.IN_PROGRESS.value, False),
    ("Review", TaskStatus.REVIEW.value, False),
    ("Done", TaskStatus.DONE.value, True),
]
PRIORITY_CYCLE = [p.value for p in Priority]


class WipLimitReached(ItpmError):
    """The target column is full; the move needs the user's confirmation."""

    def __init__(self, column: str, count: int, limit: int) -> None:
        self.column, self.count, self.limit = column, count, limit
        super().__init__(
            f"'{column}' holds {count} of its WIP limit {limit}; moving this card there "
            f"makes it {count + 1}/{limit}."
        )


# --- columns -------------------------------------------------------------------------------


def list_columns(session: Session, project_id: int) -> list[WorkflowColumn]:
    return list(
        session.exec(
            select(WorkflowColumn)
            .where(WorkflowColumn.project_id == project_id)
            .order_by(col(WorkflowColumn.position), col(WorkflowColumn.id))
        )
    )


def ensure_columns(session: Session, project_id: int) -> list[WorkflowColumn]:
    """The project's columns, creating the default workflow the first time."""
    columns = list_columns(session, project_id)
    if columns:
        return columns
    for position, (name, status, is_done) in enumerate(DEFAULT_WORKFLOW):
        session.add(
            WorkflowColumn(
                project_id=project_id, name=name, position=position, is_done=is_done, status=status
            )
        )
    session.flush()
    return list_columns(session, project_id)


def _column(session: Session, column_id: int) -> WorkflowColumn:
    column = session.get(WorkflowColumn, column_id)
    if column is None:
        raise NotFound("That column no longer exists.")
    return column


def _renumber(session: Session, columns: list[WorkflowColumn]) -> None:
    for position, column in enumerate(columns):
        column.position = position
        session.add(column)


def _check_name(session: Session, project_id: int, name: str, column_id: int | None) -> str:
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": "a column needs a name"})
    for other in list_columns(session, project_id):
        if other.name.lower() == name.lower() and other.id != column_id:
            raise ValidationError({"name": f"there is already a column '{name}'"})
    return name


def _check_limit(limit: int | None) -> int | None:
    if limit is not None and limit < 1:
        raise ValidationError({"wip_limit": "a WIP limit is 1 or more (blank for none)"})
    return limit


def add_column(
    session: Session,
    project_id: int,
    name: str,
    *,
    after_id: int | None = None,
    wip_limit: int | None = None,
    status: str = TaskStatus.IN_PROGRESS.value,
) -> WorkflowColumn:
    columns = ensure_columns(session, project_id)
    if status not in {s.value for s in TaskStatus}:
        raise ValidationError({"status": f"'{status}' is not a task status"})
    column = WorkflowColumn(
        project_id=project_id,
        name=_check_name(session, project_id, name, None),
        wip_limit=_check_limit(wip_limit),
        status=status,
    )
    session.add(column)
    index = next((i + 1 for i, c in enumerate(columns) if c.id == after_id), len(columns))
    columns.insert(index, column)
    _renumber(session, columns)
    session.flush()
    return column


def update_column(
    session: Session, column_id: int, name: str, wip_limit: int | None
) -> WorkflowColumn:
    column = _column(session, column_id)
    column.name = _check_name(session, column.project_id, name, column_id)
    column.wip_limit = _check_limit(wip_limit)
    session.add(column)
    session.flush()
    return column


def move_column(session: Session, column_id: int, step: int) -> None:
    """Move a column left (-1) or right (+1) in the workflow."""
    column = _column(session, column_id)
    columns = list_columns(session, column.project_id)
    index = next(i for i, c in enumerate(columns) if c.id == column_id)
    target = index + step
    if not 0 <= target < len(columns):
        raise ItpmError(f"'{column.name}' is already the {'first' if step < 0 else 'last'} column.")
    columns.insert(target, columns.pop(index))
    _renumber(session, columns)
    session.flush()


def set_done_column(session: Session, column_id: int, now: datetime | None = None) -> None:
    """Mark this column as the done one; the previous done column stops being it.

    The cards of both columns take their column's new meaning, as if moved there: those
    now in the done column are finished today, those left behind are not finished.
    """
    from itpm_tui.services.planning.schedule_records import reschedule

    column = _column(session, column_id)
    today = (now or utcnow()).astimezone(UTC).date()
    changed = []
    for other in list_columns(session, column.project_id):
        was_done = other.is_done
        other.is_done = other.id == column_id
        if other.is_done:
            other.status = TaskStatus.DONE.value
        elif other.status == TaskStatus.DONE.value:
            other.status = TaskStatus.REVIEW.value
        session.add(other)
        if was_done != other.is_done:
            changed.append(other)
    session.flush()
    from itpm_tui.services.planning.completion import Before, settle

    for other in changed:
        for task in _cards_in(session, other.id):  # type: ignore[arg-type]
            before = Before.of(task)
            task.status = other.status
            settle(session, task, before, today)
    if changed:
        reschedule(session, column.project_id, today)
    session.flush()


def delete_column(session: Session, column_id: int, move_cards_to: int) -> int:
    """Delete a column; its cards go to `move_cards_to`. Returns how many moved."""
    column = _column(session, column_id)
    target = _column(session, move_cards_to)
    if target.id == column.id or target.project_id != column.project_id:
        raise ValidationError({"target": "pick another column of this board for its cards"})
    if column.is_done:
        raise ItpmError("This is the done column: mark another column as done first.")
    cards = _cards_in(session, column_id)
    for card in cards:
        _relocate(session, card, target, _count(session, move_cards_to), utcnow())
    session.delete(column)
    remaining = [c for c in list_columns(session, column.project_id) if c.id != column_id]
    _renumber(session, remaining)
    session.flush()
    return len(cards)


# --- cards ---------------------------------------------------------------------------------


def _cards_in(session: Session, column_id: int) -> list[Task]:
    return list(
        session.exec(
            select(Task)
            .where(Task.column_id == column_id)
            .order_by(col(Task.board_position), col(Task.id))
        )
    )


def _count(session: Session, column_id: int) -> int:
    return int(
        session.exec(
            select(func.count()).select_from(Task).where(Task.column_id == column_id)
        ).one()
    )


def column_for_status(session: Session, project_id: int, status: str) -> WorkflowColumn:
    columns = ensure_columns(session, project_id)
    return next((c for c in columns if c.status == status), columns[0])


def place_new_task(session: Session, task: Task, today: date | None = None) -> None:
    """Put a new task on its project's board, at the bottom of the column for its status.

    Its status and % complete first agree (created at 100 % it is done, and so on).
    """
    from itpm_tui.services.planning.completion import NEW, settle

    settle(session, task, NEW, today or utcnow().date())
    column = column_for_status(session, task.project_id, task.status)
    # Read before the task joins the column (a query autoflushes it).
    task.board_position = _bottom_position(session, column.id)  # type: ignore[arg-type]
    task.column_id = column.id
    task.column_entered_at = utcnow()
    session.add(task)


def _task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound("That card no longer exists (it may have been deleted elsewhere).")
    return task


def _editable_task(session: Session, task_id: int) -> Task:
    """A card about to change: refused when its project is closed."""
    from itpm_tui.services.lifecycle.documents import ensure_open

    task = _task(session, task_id)
    ensure_open(session, task.project_id)
    return task


# Cards are ordered by (board_position, id). Positions are sort keys with room between them,
# so a move writes one row whatever the size of the board; a column is renumbered only when
# two neighbours leave no room for a card between them.
POSITION_GAP = 1024


def _ordered(column_id: int, except_id: int | None = None) -> SelectOfScalar[int]:
    query = select(Task.board_position).where(col(Task.column_id) == column_id)
    if except_id is not None:
        query = query.where(col(Task.id) != except_id)
    return query.order_by(col(Task.board_position), col(Task.id))


def _bottom_position(session: Session, column_id: int, except_id: int | None = None) -> int:
    query = select(func.max(Task.board_position)).where(col(Task.column_id) == column_id)
    if except_id is not None:
        query = query.where(col(Task.id) != except_id)
    highest = session.exec(query).one()
    return 0 if highest is None else int(highest) + POSITION_GAP


def _count_before(session: Session, card: Task, except_id: int | None = None) -> int:
    """How many cards of the card's column come before it (not counting `except_id`)."""
    position = col(Task.board_position)
    query = (
        select(func.count())
        .select_from(Task)
        .where(
            col(Task.column_id) == card.column_id,
            (position < card.board_position)
            | ((position == card.board_position) & (col(Task.id) < card.id)),
        )
    )
    if except_id is not None:
        query = query.where(col(Task.id) != except_id)
    return int(session.exec(query).one())


def _position_at(session: Session, column_id: int, except_id: int, index: int) -> int:
    """A position that puts a card at `index` among the column's other cards."""
    for _ in range(2):
        rows = list(session.exec(_ordered(column_id, except_id).offset(max(index - 1, 0)).limit(2)))
        before = rows[0] if index > 0 and rows else None
        after = (rows[1] if len(rows) > 1 else None) if index > 0 else (rows[0] if rows else None)
        if before is None and after is None:
            return 0
        if before is None:
            return int(after) - POSITION_GAP  # type: ignore[arg-type]
        if after is None:
            return int(before) + POSITION_GAP
        if after - before >= 2:
            return (before + after) // 2
        _spread(session, column_id, except_id)
    raise AssertionError("a spread column always has room")  # pragma: no cover


def _spread(session: Session, column_id: int, except_id: int) -> None:
    """Renumber a column's cards (but one) POSITION_GAP apart, keeping their order."""
    ids = session.exec(
        select(Task.id)
        .where(col(Task.column_id) == column_id, col(Task.id) != except_id)
        .order_by(col(Task.board_position), col(Task.id))
    ).all()
    session.execute(
        update(Task).execution_options(synchronize_session=False),
        [{"id": task_id, "board_position": i * POSITION_GAP} for i, task_id in enumerate(ids)],
    )
    # Cards of this column loaded in the session must not keep their old positions.
    for task in session.identity_map.values():
        if isinstance(task, Task) and task.column_id == column_id and task.id != except_id:
            session.expire(task, ["board_position"])


def _relocate(
    session: Session, task: Task, target: WorkflowColumn, index: int, now: datetime
) -> bool:
    """Put the task at `index` in `target`; record the move and apply the done rules.

    Returns True when the task's dates changed (the schedule needs recomputing).
    """
    source_id = task.column_id
    others = _count(session, target.id) - (1 if source_id == target.id else 0)  # type: ignore[arg-type]
    index = max(0, min(index, others))
    if source_id == target.id:
        if index != _count_before(session, task):  # else it is there already: no write
            task.board_position = _position_at(session, target.id, task.id, index)  # type: ignore[arg-type]
            session.add(task)
        return False
    before = _record_move(session, task, target, index, now)
    task.status = target.status
    from itpm_tui.services.planning.completion import settle

    return settle(session, task, before, now.astimezone(UTC).date())


def _record_move(
    session: Session, task: Task, target: WorkflowColumn, index: int, now: datetime
) -> Before:
    """Put the card at `index` of another column and record the move (status untouched)."""
    from itpm_tui.services.planning.completion import Before

    before = Before.of(task)
    source_id = task.column_id
    task.board_position = _position_at(session, target.id, task.id, index)  # type: ignore[arg-type]
    source = session.get(WorkflowColumn, source_id) if source_id is not None else None
    session.add(
        CardMove(
            task_id=task.id,  # type: ignore[arg-type]
            from_column_id=source_id,
            to_column_id=target.id,
            from_name=source.name if source else "",
            to_name=target.name,
            to_done=target.is_done,
            to_status=target.status,
            moved_at=now,
        )
    )
    task.column_id = target.id
    task.column_entered_at = now
    session.add(task)
    return before


def place_card(session: Session, task: Task, target: WorkflowColumn) -> None:
    """Move a card to the bottom of `target` after its task's progress changed elsewhere."""
    _record_move(session, task, target, _count(session, target.id), utcnow())  # type: ignore[arg-type]


@dataclass(frozen=True)
class MoveResult:
    task_title: str
    from_column: str
    to_column: str
    rescheduled: bool


def index_between(
    session: Session,
    task_id: int,
    column_id: int,
    after_id: int | None,
    before_id: int | None,
) -> int:
    """The position in the whole column for a card dropped between two (visible) cards."""
    for neighbour_id, offset in ((after_id, 1), (before_id, 0)):
        neighbour = session.get(Task, neighbour_id) if neighbour_id is not None else None
        if neighbour is not None and neighbour.column_id == column_id and neighbour.id != task_id:
            return _count_before(session, neighbour, except_id=task_id) + offset
    return _count(session, column_id) - int(_task(session, task_id).column_id == column_id)


def move_card(
    session: Session,
    task_id: int,
    to_column_id: int,
    to_index: int | None = None,
    *,
    after_id: int | None = None,
    before_id: int | None = None,
    allow_over_limit: bool = False,
    now: datetime | None = None,
) -> MoveResult:
    """Move a card to an index, or between two cards; a full column needs allow_over_limit.

    A full target column raises WipLimitReached, and nothing changes.
    """
    from itpm_tui.services.planning.schedule_records import reschedule

    task = _editable_task(session, task_id)
    target = _column(session, to_column_id)
    if to_index is None:
        to_index = index_between(session, task_id, to_column_id, after_id, before_id)
    if target.project_id != task.project_id:
        raise ItpmError("A card moves within its own project's board.")
    source = session.get(WorkflowColumn, task.column_id) if task.column_id else None
    if target.id != task.column_id and target.wip_limit is not None and not allow_over_limit:
        count = _count(session, target.id)  # type: ignore[arg-type]
        if count >= target.wip_limit:
            raise WipLimitReached(target.name, count, target.wip_limit)
    changed = _relocate(session, task, target, to_index, now or utcnow())
    # The name undo and history show for this action.
    verb = (
        f"move '{task.title}' to"
        if target.id != (source.id if source else None)
        else (f"reorder '{task.title}' in")
    )
    name_action(session, f"{verb} {target.name}")
    if changed:
        reschedule(session, task.project_id, (now or utcnow()).date())
    session.flush()
    return MoveResult(task.title, source.name if source else "", target.name, changed)


def card_position(session: Session, task_id: int) -> tuple[int, int]:
    """(column id, index in the column) of a card: where an undo puts it back."""
    task = _task(session, task_id)
    if task.column_id is None:
        raise ItpmError(f"'{task.title}' is not on the board.")
    return task.column_id, _count_before(session, task)


def move_to_status(
    session: Session, task_id: int, status: str, *, allow_over_limit: bool = False
) -> MoveResult:
    """Move a card to the first column of its own board that means `status`."""
    task = _editable_task(session, task_id)
    target = next((c for c in ensure_columns(session, task.project_id) if c.status == status), None)
    if target is None:
        # Not column_for_status's fallback: the first column would mean another status.
        raise ItpmError(f"The board of '{task.title}' has no column for '{status}' cards.")
    assert target.id is not None  # a column of the database
    return move_card(
        session,
        task_id,
        target.id,
        None,
        allow_over_limit=allow_over_limit,
    )


def quick_add(
    session: Session,
    project_id: int,
    column_id: int,
    title: str,
    now: datetime | None = None,
    *,
    allow_over_limit: bool = False,
) -> Task:
    """A card with a title only, at the bottom of the column; a full column needs
    allow_over_limit (WipLimitReached otherwise, and nothing is added)."""
    from itpm_tui.services.planning.tasks import TaskInput, create_task

    column = _column(session, column_id)
    if column.project_id != project_id:
        raise ItpmError("That column is not on this board.")
    if column.wip_limit is not None and not allow_over_limit:
        count = _count(session, column_id)
        if count >= column.wip_limit:
            raise WipLimitReached(column.name, count, column.wip_limit)
    today = (now or utcnow()).astimezone(UTC).date()
    task = create_task(session, project_id, TaskInput(title=title, status=column.status))
    from itpm_tui.services.planning.completion import restart_new
    from itpm_tui.services.planning.schedule_records import reschedule

    restart_new(session, task, today)
    if task.column_id != column.id:
        # Another column of the same meaning came first: a new card has not moved, so no
        # CardMove; it goes to the bottom of the column asked for.
        task.board_position = _bottom_position(session, column.id, task.id)  # type: ignore[arg-type]
        task.column_id = column.id
        session.add(task)
    reschedule(session, project_id, (now or utcnow()).date())
    session.flush()
    return task


def toggle_blocked(session: Session, task_id: int) -> bool:
    task = _editable_task(session, task_id)
    task.blocked = not task.blocked
    session.add(task)
    session.flush()
    return task.blocked


def cycle_priority(session: Session, task_id: int) -> str:
    task = _editable_task(session, task_id)
    index = PRIORITY_CYCLE.index(task.priority) if task.priority in PRIORITY_CYCLE else 0
    task.priority = PRIORITY_CYCLE[(index + 1) % len(PRIORITY_CYCLE)]
    session.add(task)
    session.flush()
    return task.priority


def assign(session: Session, task_id: int, person_id: int | None) -> None:
    from itpm_tui.models import Person

    task = _editable_task(session, task_id)
    if person_id is not None and session.get(Person, person_id) is None:
        raise NotFound("That person no longer exists.")
    task.assignee_id = person_id
    session.add(task)
    session.flush()


def sync_column_to_status(session: Session, task: Task) -> None:
    """After a form changed a task's status, put its card in a column that means it."""
    if task.column_id is not None:
        current = session.get(WorkflowColumn, task.column_id)
        if current is not None and current.status == task.status:
            return
    target = column_for_status(session, task.project_id, task.status)
    _relocate(session, task, target, _count(session, target.id), utcnow())  # type: ignore[arg-type]


# --- sprints -------------------------------------------------------------------------------


def list_sprints(session: Session, project_id: int) -> list[Sprint]:
    return list(
        session.exec(
            select(Sprint).where(Sprint.project_id == project_id).order_by(col(Sprint.start))
        )
    )


def current_sprint(session: Session, project_id: int, today: date) -> Sprint | None:
    return session.exec(
        select(Sprint).where(
            Sprint.project_id == project_id,
            col(Sprint.start) <= today,
            col(Sprint.finish) >= today,
        )
    ).first()


def save_sprint(
    session: Session,
    project_id: int,
    sprint_id: int | None,
    name: str,
    goal: str,
    start: date | None,
    finish: date | None,
) -> Sprint:
    errors: dict[str, str] = {}
    name = clean_text(name)
    if not name:
        errors["name"] = "a sprint needs a name"
    if start is None:
        errors["start"] = "a sprint has a start date"
    if finish is None:
        errors["finish"] = "a sprint has an end date"
    elif start is not None and finish < start:
        errors["finish"] = "the end is before the start"
    if errors:
        raise ValidationError(errors)
    if session.get(Project, project_id) is None:
        raise NotFound("That project no longer exists.")
    sprint = (
        session.get(Sprint, sprint_id) if sprint_id else Sprint(project_id=project_id, name=name)
    )
    if sprint is None:
        raise NotFound("That sprint no longer exists.")
    sprint.name, sprint.goal, sprint.start, sprint.finish = name, clean_text(goal), start, finish
    session.add(sprint)
    session.flush()
    return sprint


def set_sprint(session: Session, task_id: int, sprint_id: int | None) -> None:
    task = _editable_task(session, task_id)
    if sprint_id is not None:
        sprint = session.get(Sprint, sprint_id)
        if sprint is None or sprint.project_id != task.project_id:
            raise ItpmError("That sprint is not in this task's project.")
    session.exec(update(Task).where(col(Task.id) == task_id).values(sprint_id=sprint_id))
    session.flush()


def delete_sprint(session: Session, sprint_id: int) -> None:
    """Delete a sprint; its tasks stay, in no sprint."""
    sprint = session.get(Sprint, sprint_id)
    if sprint is None:
        raise NotFound("That sprint no longer exists.")
    session.delete(sprint)
    session.flush()
