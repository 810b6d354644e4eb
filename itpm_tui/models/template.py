"""Project templates and their lines."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class ProjectTemplate(SQLModel, table=True):
    """A starting point for new projects: a WBS, starter risks and handover items."""

    __tablename__ = "project_template"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    project_type: str = "other"
    methodology: str = "waterfall"
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class TemplateLine(SQLModel, table=True):
    """One line of a template: a task or milestone (with its WBS parent and FS predecessor),
    a starter risk, or a handover item. Positions refer to other lines of the template."""

    __tablename__ = "template_line"

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="project_template.id", ondelete="CASCADE", index=True)
    position: int = 0
    # summary / task / milestone (the WBS), risk, handover
    kind: str = "task"
    title: str
    duration_days: int = 0
    parent_position: int | None = None
    after_position: int | None = None
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
