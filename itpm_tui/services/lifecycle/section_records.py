"""Save and delete one kind of project record at a time, for Initiation and Closure."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from itpm_tui.models import (
    BusinessCaseLine,
    Deliverable,
    Feedback,
    Goal,
    HandoverItem,
    Lesson,
    Requirement,
    Stakeholder,
)
from itpm_tui.services.lifecycle.documents import Values, delete_record, save_record
from itpm_tui.services.shared.row_versions import ensure_unchanged

RecordT = TypeVar("RecordT", bound=SQLModel)


def _save(
    session: Session,
    model: type[RecordT],
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    """Create or update one record; an edit over a change made since `version` is refused."""
    if record_id is not None:
        ensure_unchanged(session, str(model.__tablename__), record_id, version, what)
    saved = save_record(session, model, project_id, record_id, values)
    return int(saved.id)  # type: ignore[attr-defined]


def save_goal(
    session: Session,
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    return _save(session, Goal, project_id, record_id, values, version, what)


def delete_goal(session: Session, project_id: int, record_id: int) -> None:
    delete_record(session, Goal, project_id, record_id)


def save_requirement(
    session: Session,
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    return _save(session, Requirement, project_id, record_id, values, version, what)


def delete_requirement(session: Session, project_id: int, record_id: int) -> None:
    delete_record(session, Requirement, project_id, record_id)


def save_deliverable(
    session: Session,
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    return _save(session, Deliverable, project_id, record_id, values, version, what)


def delete_deliverable(session: Session, project_id: int, record_id: int) -> None:
    delete_record(session, Deliverable, project_id, record_id)


def save_case_line(
    session: Session,
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    return _save(session, BusinessCaseLine, project_id, record_id, values, version, what)


def delete_case_line(session: Session, project_id: int, record_id: int) -> None:
    delete_record(session, BusinessCaseLine, project_id, record_id)


def save_stakeholder(
    session: Session,
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    return _save(session, Stakeholder, project_id, record_id, values, version, what)


def delete_stakeholder(session: Session, project_id: int, record_id: int) -> None:
    delete_record(session, Stakeholder, project_id, record_id)


def save_handover_item(
    session: Session,
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    return _save(session, HandoverItem, project_id, record_id, values, version, what)


def delete_handover_item(session: Session, project_id: int, record_id: int) -> None:
    delete_record(session, HandoverItem, project_id, record_id)


def save_feedback(
    session: Session,
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    return _save(session, Feedback, project_id, record_id, values, version, what)


def delete_feedback(session: Session, project_id: int, record_id: int) -> None:
    delete_record(session, Feedback, project_id, record_id)


def save_lesson(
    session: Session,
    project_id: int,
    record_id: int | None,
    values: Values,
    version: int | None,
    what: str,
) -> int:
    return _save(session, Lesson, project_id, record_id, values, version, what)


def delete_lesson(session: Session, project_id: int, record_id: int) -> None:
    delete_record(session, Lesson, project_id, record_id)
