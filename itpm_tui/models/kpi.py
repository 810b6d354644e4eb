"""KPI targets, the service window, downtime and satisfaction scores."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime


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
