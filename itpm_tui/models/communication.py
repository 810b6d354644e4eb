"""The communication plan, its log and the maintenance windows announced."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime


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
