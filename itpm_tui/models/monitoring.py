"""Monitoring data: budget lines, expenses, time entries, days off, KPI targets, health
thresholds, downtime."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class BudgetCategory(StrEnum):
    LABOUR = "labour"
    HARDWARE = "hardware"
    SOFTWARE = "software-licences"
    CLOUD = "cloud"
    SERVICES = "services-contractors"
    TRAINING = "training"
    CONTINGENCY = "contingency"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    BudgetCategory.LABOUR: "Labour",
    BudgetCategory.HARDWARE: "Hardware",
    BudgetCategory.SOFTWARE: "Software licences",
    BudgetCategory.CLOUD: "Cloud",
    BudgetCategory.SERVICES: "Services & contractors",
    BudgetCategory.TRAINING: "Training",
    BudgetCategory.CONTINGENCY: "Contingency",
}


class BudgetLine(SQLModel, table=True):
    """A line of a project's budget; amounts in minor units of the project's currency."""

    __tablename__ = "budget_line"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    category: str = BudgetCategory.LABOUR.value
    name: str = ""
    planned_cents: int = 0
    committed_cents: int = 0
    # Spent before expenses were recorded here (an opening balance); expenses add to it.
    actual_cents: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class Expense(SQLModel, table=True):
    """Money spent against a budget line."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    line_id: int = Field(foreign_key="budget_line.id", ondelete="CASCADE", index=True)
    spent_on: date
    amount_cents: int = 0
    vendor: str = ""
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class TimeEntry(SQLModel, table=True):
    """Time a person spent on a task on one day, in whole minutes."""

    __tablename__ = "time_entry"
    # Covers the labour cost per project (the portfolio sums it over every entry).
    __table_args__ = (
        Index("ix_time_entry_project_cost", "project_id", "worked_on", "person_id", "minutes"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Kept beside the task so that a project's hours are read without a join.
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE")
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    # A person who leaves keeps their hours on the project, unattributed.
    person_id: int | None = Field(
        default=None, foreign_key="person.id", ondelete="SET NULL", index=True
    )
    worked_on: date = Field(index=True)
    minutes: int = 0
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class DayOff(SQLModel, table=True):
    """A day a person does not work (leave, training): no capacity that day."""

    __tablename__ = "day_off"
    __table_args__ = (UniqueConstraint("person_id", "on"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    on: date
    note: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class KpiTarget(SQLModel, table=True):
    """A project's own target for a KPI, in basis points (9950 = 99.50 %) or hours."""

    __tablename__ = "kpi_target"
    __table_args__ = (UniqueConstraint("project_id", "kpi"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    kpi: str
    target: int = 0
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class HealthThreshold(SQLModel, table=True):
    """A manager's own limits for one health indicator: a project's, or the portfolio's
    (no project). Limits are exact decimals as text; none means that colour is never given."""

    __tablename__ = "health_threshold"

    id: int | None = Field(default=None, primary_key=True)
    # None: portfolio-wide, for every project that has no limits of its own.
    project_id: int | None = Field(
        default=None, foreign_key="project.id", ondelete="CASCADE", index=True
    )
    indicator: str
    amber: str | None = None
    red: str | None = None
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class SatisfactionScore(SQLModel, table=True):
    """A stakeholder satisfaction survey result, 1 (poor) to 5 (excellent)."""

    __tablename__ = "satisfaction_score"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    taken_on: date
    score: int = 3
    stakeholder: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Downtime(SQLModel, table=True):
    """A system was down: planned (maintenance) or not; for uptime of infrastructure work."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    system: str = ""
    planned: bool = False
    start: datetime = Field(sa_type=UTCDateTime)
    end: datetime = Field(sa_type=UTCDateTime)
    note: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class ServiceWindow(SQLModel, table=True):
    """When a project's system must be up: hours of the day (UTC) on given weekdays."""

    __tablename__ = "service_window"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", unique=True)
    system: str = ""
    start_hour: int = 0
    end_hour: int = 24
    weekdays: str = "0,1,2,3,4,5,6"
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
