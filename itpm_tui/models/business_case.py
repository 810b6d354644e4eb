"""The business case: costs and benefits by year."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field, SQLModel


class CaseKind(StrEnum):
    COST = "cost"
    BENEFIT = "benefit"


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
