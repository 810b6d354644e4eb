"""Governance registers: RACI, risks, issues and decisions, changes, quality, compliance, comms."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


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


class ChangeRequest(SQLModel, table=True):
    """A request to change scope, schedule or cost, decided and then applied to the plan."""

    __tablename__ = "change_request"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str
    description: str = ""
    requester: str = ""
    reason: str = ""
    scope_impact: str = ""
    # Working days the affected tasks move when the change is applied.
    schedule_days: int = 0
    # Working days added to each affected task's length (a started one: its remaining work).
    extend_days: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    cost_cents: int = 0
    status: str = "proposed"
    raised: date | None = None
    decided_by: str = ""
    decided_on: date | None = None
    implemented_on: date | None = None
    # WBS codes of the tasks the change moves, as the manager typed them, normalised.
    affected_wbs: str = ""
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChangeTask(SQLModel, table=True):
    """A task a change request moved when applied, with its finish before and after."""

    __tablename__ = "change_task"

    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(foreign_key="change_request.id", ondelete="CASCADE", index=True)
    task_id: int | None = Field(
        default=None, foreign_key="task.id", ondelete="SET NULL", index=True
    )
    task_title: str = ""
    shifted_days: int = 0
    extended_days: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    finish_before: date | None = None
    finish_after: date | None = None
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class QualityCheck(SQLModel, table=True):
    """A check of the quality plan: a test, review or audit and its result."""

    __tablename__ = "quality_check"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    kind: str = "test"
    title: str
    due: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    result: str = ""
    notes: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Defect(SQLModel, table=True):
    """A defect found: severity, the task it belongs to, when opened and resolved."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str
    severity: str = "medium"
    task_id: int | None = Field(default=None, foreign_key="task.id", ondelete="SET NULL")
    opened: date
    resolved: date | None = None
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ComplianceFramework(SQLModel, table=True):
    """A set of requirements a project is audited against (a starter set or the manager's)."""

    __tablename__ = "compliance_framework"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    name: str
    description: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ComplianceRequirement(SQLModel, table=True):
    """One requirement and the audit of it: the environment's state, a verdict, evidence."""

    __tablename__ = "compliance_requirement"

    id: int | None = Field(default=None, primary_key=True)
    framework_id: int = Field(foreign_key="compliance_framework.id", ondelete="CASCADE", index=True)
    ref: str = ""
    title: str
    current_state: str = ""
    # unassessed, compliant, gap or n/a
    status: str = "unassessed"
    evidence: str = ""
    due: date | None = None
    remediation_task_id: int | None = Field(
        default=None, foreign_key="task.id", ondelete="SET NULL"
    )
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class CommunicationItem(SQLModel, table=True):
    """A line of the communication plan: who hears what, how, and how often (an RRULE)."""

    __tablename__ = "communication_item"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    audience: str
    information: str = ""
    channel: str = ""
    cadence: str = "FREQ=WEEKLY;BYDAY=MO"
    starts: date
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class CommunicationLog(SQLModel, table=True):
    """A communication that went out."""

    __tablename__ = "communication_log"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    sent_on: date
    audience: str
    summary: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class MaintenanceWindow(SQLModel, table=True):
    """A maintenance or downtime window stakeholders are told about."""

    __tablename__ = "maintenance_window"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    systems: str
    starts: datetime = Field(sa_type=UTCDateTime)
    ends: datetime = Field(sa_type=UTCDateTime)
    downtime_minutes: int = 0
    pre_tests: str = ""
    rollback_plan: str = ""
    notified: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
