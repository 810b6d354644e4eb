"""Lifecycle records: charter, goals, deliverables, business case, stakeholders, gates, closure."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
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


class CaseKind(StrEnum):
    COST = "cost"
    BENEFIT = "benefit"


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


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


class BusinessCaseLine(SQLModel, table=True):
    """A cost or benefit: one-off in a year, or recurring each year for a number of years."""

    __tablename__ = "business_case_line"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    description: str
    kind: str = CaseKind.COST.value
    recurring: bool = False
    # Minor units (cents) per occurrence: per year when recurring.
    amount_cents: int = 0
    # Year 0 is the start of the project; recurring lines run for `years` years from it.
    first_year: int = 0
    years: int = 1
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Stakeholder(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    role: str = ""
    organisation: str = ""
    influence: int = 3
    interest: int = 3
    communication: str = ""
    approval_required: bool = False
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


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
