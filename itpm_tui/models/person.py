"""People: the team members, managers and stakeholders projects are run with."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    role: str = ""
    email: str = ""
    team: str = ""
    # Money is exact: the hourly cost rate in minor units (cents).
    cost_rate_cents: int = 0
    capacity_hours_per_day: float = 8.0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1
