"""Save and delete one kind of project record at a time, for Initiation and Closure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

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
from itpm_tui.models.ids import id_of
from itpm_tui.services.lifecycle.documents import Values, delete_record, save_record
from itpm_tui.services.shared.row_versions import ensure_unchanged

RecordT = TypeVar("RecordT", bound=SQLModel)


@dataclass(frozen=True)
class ProjectRecords(Generic[RecordT]):
    """One kind of a project's records (goals, lessons, ...): its save and its delete."""

    model: type[RecordT]

    def save(
        self,
        session: Session,
        project_id: int,
        record_id: int | None,
        values: Values,
        version: int | None,
        what: str,
    ) -> int:
        """Create or update one record; an edit over a change made since `version` is refused."""
        if record_id is not None:
            ensure_unchanged(session, str(self.model.__tablename__), record_id, version, what)
        return id_of(save_record(session, self.model, project_id, record_id, values))  # type: ignore[arg-type]

    def delete(self, session: Session, project_id: int, record_id: int) -> None:
        delete_record(session, self.model, project_id, record_id)


GOALS = ProjectRecords(Goal)
REQUIREMENTS = ProjectRecords(Requirement)
DELIVERABLES = ProjectRecords(Deliverable)
CASE_LINES = ProjectRecords(BusinessCaseLine)
STAKEHOLDERS = ProjectRecords(Stakeholder)
HANDOVER_ITEMS = ProjectRecords(HandoverItem)
FEEDBACK = ProjectRecords(Feedback)
LESSONS = ProjectRecords(Lesson)
