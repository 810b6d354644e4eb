"""The charter, goals, requirements and deliverables of a project."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class GoalResult(StrEnum):
    OPEN = ""
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not-met"


class DeliverableState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    WAIVED = "waived"


class Charter(SQLModel, table=True):
    """The charter of a project (one per project) and its business-case settings."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", unique=True)
    business_need: str = ""
    scope_in: str = ""
    scope_out: str = ""
    constraints: str = ""
    assumptions: str = ""
    known_problems: str = ""
    next_steps: str = ""
    # Discount rate in basis points (800 = 8 %): exact, no float in the database.
    discount_rate_bp: int = 800
    currency: str = "EUR"
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class Goal(SQLModel, table=True):
    """A measurable goal: its target, how it is measured, and the final check at closure."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str
    target: str = ""
    measure: str = ""
    result: str = GoalResult.OPEN.value
    evidence: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Requirement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    text: str
    # must / should / could / wont (MoSCoW).
    priority: str = "must"
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Deliverable(SQLModel, table=True):
    """Something handed over, with acceptance criteria; accepted (by whom, when) or waived."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    name: str
    acceptance_criteria: str = ""
    due: date | None = None
    state: str = DeliverableState.OPEN.value
    accepted_by: str = ""
    accepted_on: date | None = None
    notes: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
