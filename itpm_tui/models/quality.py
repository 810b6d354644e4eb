"""Quality: the checks of the quality plan and the defect log."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel


class QualityCheck(SQLModel, table=True):
    """A check of the quality plan: a test, review or audit and its result."""

    __tablename__ = "quality_check"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    kind: str = "test"
    title: str
    due: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    result: str = ""
    notes: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Defect(SQLModel, table=True):
    """A defect found: severity, the task it belongs to, when opened and resolved."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str
    severity: str = "medium"
    task_id: int | None = Field(default=None, foreign_key="task.id", ondelete="SET NULL")
    opened: date
    resolved: date | None = None
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
