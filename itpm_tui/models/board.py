"""The Kanban board: a project's workflow columns, its sprints, and every card move."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class WorkflowColumn(SQLModel, table=True):
    """A workflow state of one project's board; one column per project is the done one."""

    __tablename__ = "workflow_column"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    name: str
    position: int = 0
    wip_limit: int | None = None
    is_done: bool = False
    # What a card in this column means for its task's status (todo, in-progress, ...).
    status: str = "in-progress"
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Sprint(SQLModel, table=True):
    """An iteration of an agile or hybrid project."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    name: str
    goal: str = ""
    start: date | None = None
    finish: date | None = None
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class CardMove(SQLModel, table=True):
    """A card went from one column to another: the history flow metrics come from."""

    __tablename__ = "card_move"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    # Columns may be deleted later; the move stays, with the name it had.
    from_column_id: int | None = Field(
        default=None, foreign_key="workflow_column.id", ondelete="SET NULL"
    )
    to_column_id: int | None = Field(
        default=None, foreign_key="workflow_column.id", ondelete="SET NULL"
    )
    from_name: str = ""
    to_name: str = ""
    to_done: bool = False
    # What the target column meant then (a status): later edits of the workflow do not
    # change when a card started. Empty on moves recorded before it was kept.
    to_status: str = Field(default="", sa_column_kwargs={"server_default": ""})
    moved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
