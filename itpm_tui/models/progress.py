"""Progress history: each % complete and actual date of a task, with the day it was recorded."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel


class ProgressRecord(SQLModel, table=True):
    """What a task's progress was from `recorded_on` on (earned value as of a past date)."""

    __tablename__ = "progress_record"
    __table_args__ = (
        Index("ix_progress_record_task_day", "task_id", "recorded_on", "id"),
        # The rows a write has yet to stamp with its day: found without a scan.
        Index("ix_progress_record_unstamped", "id", sqlite_where=text("recorded_on IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE")
    percent: int = 0
    actual_start: date | None = None
    actual_finish: date | None = None
    # Written by the database's triggers with no day; the write that caused it stamps it
    # with the working day (itpm_tui.clock) before it commits.
    recorded_on: date | None = None
