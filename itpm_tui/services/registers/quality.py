"""Quality assurance: the quality plan's checks and the defect log with resolution times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from itpm_tui.models import Defect, Person, QualityCheck, Task
from itpm_tui.services.registers.fields import (
    choice,
    not_before,
    person_exists,
    project_of,
    required,
)
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import fetch
from itpm_tui.services.shared.text import clean_text

CHECK_KINDS = ("test", "review", "audit")
RESULTS = ("", "pass", "fail", "partial")
SEVERITIES = ("low", "medium", "high", "critical")


@dataclass
class CheckInput:
    title: str
    kind: str = "test"
    due: date | None = None
    owner_id: int | None = None
    result: str = ""
    notes: str = ""


@dataclass(frozen=True)
class CheckRow:
    id: int
    kind: str
    title: str
    due: date | None
    owner: str
    result: str
    notes: str
    late: bool


@dataclass
class DefectInput:
    title: str
    severity: str = "medium"
    task_id: int | None = None
    opened: date | None = None
    resolved: date | None = None


@dataclass(frozen=True)
class DefectRow:
    id: int
    title: str
    severity: str
    task: str
    opened: date
    resolved: date | None
    resolution_days: int | None
    age_days: int


def resolution_days(opened: date, resolved: date | None) -> int | None:
    """Calendar days from opening to resolution; None while open. Same day is 0."""
    return None if resolved is None else (resolved - opened).days


def mean_resolution_days(rows: list[tuple[date, date | None]]) -> float | None:
    """The mean resolution time of the resolved defects; None when none is resolved."""
    days = [d for d in (resolution_days(o, r) for o, r in rows) if d is not None]
    return sum(days) / len(days) if days else None


# --- checks -----------------------------------------------------------------------------


def list_checks(session: Session, project_id: int, today: date) -> list[CheckRow]:
    query = (
        select(QualityCheck, Person.name)
        .join(Person, col(QualityCheck.owner_id) == col(Person.id), isouter=True)
        .where(QualityCheck.project_id == project_id)
        .order_by(col(QualityCheck.due), col(QualityCheck.id))
    )
    return [
        CheckRow(
            c.id,  # type: ignore[arg-type]
            c.kind,
            c.title,
            c.due,
            owner or "",
            c.result,
            c.notes,
            not c.result and c.due is not None and c.due < today,
        )
        for c, owner in session.exec(query)
    ]


def save_check(
    session: Session, project_id: int, check_id: int | None, data: CheckInput
) -> QualityCheck:
    project_of(session, project_id)
    errors: dict[str, str] = {}
    title = required(errors, "title", data.title, "a title")
    choice(errors, "kind", data.kind, CHECK_KINDS)
    choice(errors, "result", data.result or "", RESULTS)
    person_exists(session, errors, "owner_id", data.owner_id)
    if errors:
        raise ValidationError(errors)
    check = (
        fetch(session, QualityCheck, check_id, "check")
        if check_id
        else QualityCheck(project_id=project_id, title="")
    )
    check.title, check.kind, check.due = title, data.kind, data.due
    check.owner_id, check.result = data.owner_id, data.result or ""
    check.notes = clean_text(data.notes, multiline=True)
    session.add(check)
    session.flush()
    return check


def delete_check(session: Session, check_id: int) -> None:
    session.delete(fetch(session, QualityCheck, check_id, "check"))
    session.flush()


# --- defects ----------------------------------------------------------------------------


def list_defects(session: Session, project_id: int, today: date) -> list[DefectRow]:
    query = (
        select(Defect, Task.title)
        .join(Task, col(Defect.task_id) == col(Task.id), isouter=True)
        .where(Defect.project_id == project_id)
        .order_by(col(Defect.opened).desc(), col(Defect.id).desc())
    )
    return [
        DefectRow(
            d.id,  # type: ignore[arg-type]
            d.title,
            d.severity,
            task or "",
            d.opened,
            d.resolved,
            resolution_days(d.opened, d.resolved),
            ((d.resolved or today) - d.opened).days,
        )
        for d, task in session.exec(query)
    ]


def save_defect(
    session: Session, project_id: int, defect_id: int | None, data: DefectInput, today: date
) -> Defect:
    project_of(session, project_id)
    errors: dict[str, str] = {}
    title = required(errors, "title", data.title, "a title")
    choice(errors, "severity", data.severity, SEVERITIES)
    opened = data.opened or today
    if opened > today:
        errors["opened"] = "a defect cannot be opened in the future"
    not_before(errors, "resolved", data.resolved, opened, "the day it was opened")
    if data.resolved is not None and data.resolved > today:
        errors["resolved"] = "cannot be resolved in the future"
    if data.task_id is not None:
        task = session.get(Task, data.task_id)
        if task is None or task.project_id != project_id:
            errors["task_id"] = "that task is not in this project"
    if errors:
        raise ValidationError(errors)
    defect = (
        fetch(session, Defect, defect_id, "defect")
        if defect_id
        else Defect(project_id=project_id, title="", opened=opened)
    )
    defect.title, defect.severity, defect.task_id = title, data.severity, data.task_id
    defect.opened, defect.resolved = opened, data.resolved
    session.add(defect)
    session.flush()
    return defect


def delete_defect(session: Session, defect_id: int) -> None:
    session.delete(fetch(session, Defect, defect_id, "defect"))
    session.flush()


def get_check(session: Session, check_id: int) -> QualityCheck:
    return fetch(session, QualityCheck, check_id, "check")


def get_defect(session: Session, defect_id: int) -> Defect:
    return fetch(session, Defect, defect_id, "defect")
