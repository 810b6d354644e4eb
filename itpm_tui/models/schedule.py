"""Scheduling data: dependencies between tasks, holidays of a project, saved baselines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class Dependency(SQLModel, table=True):
    """The successor waits on the predecessor, per kind, shifted by lag working days."""

    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    predecessor_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    successor_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    # FS, SS, FF or SF: the vocabulary is services.schedule.DependencyKind.
    kind: str = "FS"
    # Working days; negative is a lead.
    lag_days: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Holiday(SQLModel, table=True):
    """A non-working day of a project: one date, or a recurrence (an RRULE string)."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    name: str = ""
    on: date | None = None
    rrule: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Baseline(SQLModel, table=True):
    """A named snapshot of a project's plan, to measure slippage against."""

    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    name: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class BaselineTask(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("baseline_id", "task_id"),)

    id: int | None = Field(default=None, primary_key=True)
    baseline_id: int = Field(foreign_key="baseline.id", ondelete="CASCADE", index=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    start: date | None = None
    finish: date | None = None
    duration_days: int = 0
