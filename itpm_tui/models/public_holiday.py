"""The company's public-holiday calendar (a country and region); projects that keep out of it."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class PublicHolidayCalendar(SQLModel, table=True):
    """Whose public holidays are days off: the company's (no project) or one project's own.

    The row without a project is the company calendar every project follows; a project's
    row overrides it for that project, and an empty country there means "its own calendar
    only" (its weekdays and exceptions, no public holidays).
    """

    __tablename__ = "public_holiday_calendar"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int | None = Field(
        default=None, foreign_key="project.id", ondelete="CASCADE", index=True, unique=True
    )
    # ISO 3166-1 alpha-2 as the `holidays` package knows it ("DE"); empty: none.
    country: str = ""
    # The country's subdivision ("BY"); empty: the holidays of the whole country.
    subdivision: str = ""
    # Moved to a number never used before by every change (database triggers).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
