"""Risks and their assessments over time."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class Risk(SQLModel, table=True):
    """A risk of a project, scored probability x impact, reviewed on a date."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str
    category: str = "technical"
    probability: int = 3
    impact: int = 3
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    trigger: str = ""
    response: str = "mitigate"
    mitigation: str = ""
    contingency: str = ""
    status: str = "open"
    next_review: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class RiskAssessment(SQLModel, table=True):
    """A risk's score as assessed on a day: the history of how it moved."""

    __tablename__ = "risk_assessment"

    id: int | None = Field(default=None, primary_key=True)
    risk_id: int = Field(foreign_key="risk.id", ondelete="CASCADE", index=True)
    assessed_on: date
    probability: int
    impact: int
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
