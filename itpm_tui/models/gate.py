"""Phase gates: approvals and the phase changes they allowed."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class Approval(SQLModel, table=True):
    """A sign-off of the charter by a stakeholder: approve or reject, with a comment."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    stakeholder_id: int = Field(foreign_key="stakeholder.id", ondelete="CASCADE", index=True)
    decision: str = Decision.APPROVE.value
    comment: str = ""
    decided_on: date
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class PhaseChange(SQLModel, table=True):
    """One move of a project between phases ('closed' and 'reopened' included)."""

    __tablename__ = "phase_change"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    from_phase: str
    to_phase: str
    changed_on: date
    reason: str = ""
    overridden: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
