"""The RACI chart: who is responsible, accountable, consulted, informed for each task."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class RaciMember(SQLModel, table=True):
    """A person shown as a column of a project's RACI chart, with or without roles yet."""

    __tablename__ = "raci_member"
    __table_args__ = (UniqueConstraint("project_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    position: int = 0
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class RaciAssignment(SQLModel, table=True):
    """One cell of the RACI chart: a person's roles on a task ('R', 'A', 'AR', 'C' or 'I')."""

    __tablename__ = "raci_assignment"
    __table_args__ = (UniqueConstraint("task_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    roles: str
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
