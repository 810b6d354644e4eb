"""Time entries: who worked on what, when, how long."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class TimeEntry(SQLModel, table=True):
    """Time a person spent on a task on one day, in whole minutes."""

    __tablename__ = "time_entry"
    # Covers the labour cost per project (the portfolio sums it over every entry).
    __table_args__ = (
        Index("ix_time_entry_project_cost", "project_id", "worked_on", "person_id", "minutes"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Kept beside the task so that a project's hours are read without a join.
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    # A person who leaves keeps their hours on the project, unattributed.
    person_id: int | None = Field(
        default=None, foreign_key="person.id", ondelete="SET NULL", index=True
    )
    worked_on: date = Field(index=True)
    minutes: int = 0
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
