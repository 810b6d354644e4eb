"""Health thresholds: when an indicator turns a project amber or red."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


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
