"""Change requests and the tasks each changes."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from itpm_tui.models.base import UTCDateTime, utcnow


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
