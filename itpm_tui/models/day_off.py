"""People's days off."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


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
