"""The change journal: named user actions and, per action, every row they changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow

# The journal's own tables: never journalled themselves.
JOURNAL_TABLES = ("action", "change_log", "clock")


class Action(SQLModel, table=True):
    """One thing the user did ("move 'Install core switches' to Done"): the unit of undo."""

    id: int | None = Field(default=None, primary_key=True)
    # Plain number, no foreign key: the history of a deleted project outlives it.
    project_id: int | None = Field(default=None, index=True)
    label: str = "edit"
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    undone: bool = False
    # True only while its write transaction runs: the triggers journal into it then.
    recording: bool = False
    # Which window (process) did it: `u` undoes the window's own actions first.
    origin: str = Field(default="", sa_column_kwargs={"server_default": ""})


class ChangeLog(SQLModel, table=True):
    """One row inserted, updated or deleted by an action, written by the journal triggers."""

    __tablename__ = "change_log"
    # An item's history: its table and row.
    __table_args__ = (Index(None, "table_name", "row_id"),)

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", ondelete="CASCADE", index=True)
    table_name: str
    row_id: int
    op: str  # insert, update or delete
    project_id: int | None = Field(default=None, index=True)
    # JSON objects of the whole row before and after (None for insert / delete).
    old_values: str | None = None
    new_values: str | None = None


class Clock(SQLModel, table=True):
    """Counters that only move forward: 'version' numbers every row change, 'commits'
    counts write transactions (a window tells its own commits from another's by it)."""

    name: str = Field(primary_key=True)
    value: int = 0
