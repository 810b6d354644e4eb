"""Closure: handover to operations, stakeholder feedback and lessons learned."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel


class HandoverItem(SQLModel, table=True):
    __tablename__ = "handover_item"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str
    owner: str = ""
    done: bool = False
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Feedback(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    stakeholder_id: int | None = Field(
        default=None, foreign_key="stakeholder.id", ondelete="SET NULL", index=True
    )
    score: int = 3
    comment: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Lesson(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    category: str = ""
    went_well: str = ""
    went_badly: str = ""
    recommendation: str = ""
    recorded_on: date | None = None
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
