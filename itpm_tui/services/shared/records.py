"""Helpers shared by the services that edit records: lookups and the stale-edit check."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from itpm_tui.models.base import utcnow
from itpm_tui.services.shared.errors import NotFound, StaleEdit

RecordT = TypeVar("RecordT", bound=SQLModel)


def fetch(session: Session, model: type[RecordT], record_id: int, what: str) -> RecordT:
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"That {what} no longer exists (it may have been deleted elsewhere).")
    return record


def stale_message(what: str) -> str:
    return f"This {what} was changed elsewhere since you opened it; nothing was saved."


def check_version(record: SQLModel, expected_version: int | None, what: str) -> None:
    """Refuse an edit made on data read before someone else changed it."""
    if expected_version is not None and record.version != expected_version:  # type: ignore[attr-defined]
        raise StaleEdit(stale_message(what), record.model_dump())


def touch(record: SQLModel) -> None:
    """Mark a record changed: new timestamp, next version."""
    record.updated_at = utcnow()
    record.version += 1  # type: ignore[attr-defined]
