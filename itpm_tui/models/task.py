"""Tasks: the work breakdown of a project, milestones included."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class TaskStatus(StrEnum):
    BACKLOG = "backlog"
    TODO = "todo"
    IN_PROGRESS = "in-progress"
    REVIEW = "review"
    DONE = "done"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Task(SQLModel, table=True):
    # A column's cards in board order: the top of a column is read without a sort.
    __table_args__ = (Index("ix_task_column_order", "column_id", "board_position", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    parent_id: int | None = Field(
        default=None, foreign_key="task.id", ondelete="CASCADE", index=True
    )
    # Order among siblings; WBS codes follow it.
    position: int = 0
    title: str
    description: str = ""
    status: str = TaskStatus.TODO.value
    priority: str = Priority.MEDIUM.value
    assignee_id: int | None = Field(
        default=None, foreign_key="person.id", ondelete="SET NULL", index=True
    )
    # Effort in working days of one person.
    estimate_days: float | None = None
    start: date | None = None
    finish: date | None = None
    percent_complete: int = 0
    is_milestone: bool = False
    phase: str | None = None
    # Comma-separated, normalised by the task service.
    tags: str = ""
    # Scheduling: length in working days (None: from start/finish), a date
    # constraint, and the actual dates once work has started or finished.
    duration_days: int | None = None
    # ASAP, SNET, FNLT, MSO or MFO: services.schedule.ConstraintKind.
    constraint_kind: str = Field(default="ASAP", sa_column_kwargs={"server_default": "ASAP"})
    constraint_date: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    # The board: which column, where in it, since when, blocked, which sprint.
    column_id: int | None = Field(
        default=None, foreign_key="workflow_column.id", ondelete="SET NULL", index=True
    )
    board_position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    column_entered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    blocked: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    sprint_id: int | None = Field(
        default=None, foreign_key="sprint.id", ondelete="SET NULL", index=True
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1
