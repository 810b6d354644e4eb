"""The issues and decisions log."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class LogEntry(SQLModel, table=True):
    """An issue or a decision of the project log."""

    __tablename__ = "log_entry"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    kind: str = "issue"
    description: str
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    raised: date
    due: date | None = None
    status: str = "open"
    # The resolution of an issue, the rationale of a decision.
    resolution: str = ""
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
