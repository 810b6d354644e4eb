"""A project's budget lines and the expenses booked against them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

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
