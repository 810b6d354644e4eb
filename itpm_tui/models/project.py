"""Projects and the lifecycle vocabulary they move through."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


class Phase(StrEnum):
    INITIATION = "initiation"
    PLANNING = "planning"
    EXECUTION = "execution"
    MONITORING = "monitoring"
    CLOSURE = "closure"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


# Keyed by phase; a phase is its value, so the stored text finds its label too.
PHASE_LABELS: dict[str, str] = {
    Phase.INITIATION: "Initiation",
    Phase.PLANNING: "Planning",
    Phase.EXECUTION: "Execution",
    Phase.MONITORING: "Monitoring & Control",
    Phase.CLOSURE: "Closure",
}


def phase_label(value: str) -> str:
    """'monitoring' -> 'Monitoring & Control'; unknown values are shown as they are."""
    return PHASE_LABELS.get(value, value)


class Methodology(StrEnum):
    WATERFALL = "waterfall"
    AGILE = "agile"
    HYBRID = "hybrid"


class Health(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class ProjectType(StrEnum):
    SOFTWARE_ROLLOUT = "software-rollout"
    NETWORK_UPGRADE = "network-upgrade"
    CLOUD_MIGRATION = "cloud-migration"
    DATA_MIGRATION = "data-migration"
    CYBERSECURITY = "cybersecurity"
    CUSTOM_APPLICATION = "custom-application"
    HARDWARE_INSTALL = "hardware-install"
    OTHER = "other"


class Project(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name: str
    project_type: str = ProjectType.OTHER.value
    methodology: str = Methodology.WATERFALL.value
    phase: str = Phase.INITIATION.value
    phase_entered_on: date | None = None
    # Set when the project passes its Closure gate; a closed project is read-only.
    closed_on: date | None = None
    health: str = Health.GREEN.value
    start: date | None = None
    target_finish: date | None = None
    # The day earned value is measured on; None follows today (kept inside the project).
    status_date: date | None = None
    sponsor: str = ""
    manager_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    description: str = ""
    # Working weekdays of the project's calendar, 0 = Monday.
    working_weekdays: str = Field(
        default="0,1,2,3,4", sa_column_kwargs={"server_default": "0,1,2,3,4"}
    )
    # One currency per project (ISO 4217); budget amounts are minor units of it.
    currency: str = Field(default="EUR", sa_column_kwargs={"server_default": "EUR"})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1
