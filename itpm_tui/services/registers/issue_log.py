"""The issues and decisions log of a project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from itpm_tui.models import LogEntry, Person
from itpm_tui.services.registers.fields import (
    choice,
    not_before,
    person_exists,
    project_of,
    required,
)
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import check_version, fetch, touch
from itpm_tui.services.shared.text import clean_text

KINDS = ("issue", "decision")
STATUSES = ("open", "in-progress", "resolved", "closed")
DONE = frozenset({"resolved", "closed"})


@dataclass
class LogEntryInput:
    kind: str
    description: str
    owner_id: int | None = None
    raised: date | None = None
    due: date | None = None
    status: str = "open"
    resolution: str = ""


@dataclass(frozen=True)
class LogRow:
    id: int
    kind: str
    description: str
    owner: str
    raised: date
    due: date | None
    status: str
    resolution: str
    overdue: bool
    version: int


@dataclass(frozen=True)
class OpenIssue:
    """For the monitoring dashboard: an issue not yet resolved."""

    id: int
    description: str
    owner: str
    raised: date
    due: date | None
    overdue: bool


def _validated(session: Session, data: LogEntryInput, today: date) -> LogEntryInput:
    errors: dict[str, str] = {}
    clean = LogEntryInput(
        kind=choice(errors, "kind", data.kind, KINDS),
        description=required(errors, "description", data.description, "a description"),
        owner_id=data.owner_id,
        raised=data.raised or today,
        due=data.due,
        status=choice(errors, "status", data.status, STATUSES),
        resolution=clean_text(data.resolution, multiline=True),
    )
    person_exists(session, errors, "owner_id", data.owner_id)
    not_before(errors, "due", clean.due, clean.raised, "the day it was raised")
    if clean.status in DONE and not clean.resolution:
        what = "rationale" if clean.kind == "decision" else "resolution"
        errors["resolution"] = f"a {clean.status} entry needs its {what}"
    if errors:
        raise ValidationError(errors)
    return clean


def _overdue(entry: LogEntry, today: date) -> bool:
    return entry.status not in DONE and entry.due is not None and entry.due < today


def list_entries(session: Session, project_id: int, today: date) -> list[LogRow]:
    query = (
        select(LogEntry, Person.name)
        .join(Person, col(LogEntry.owner_id) == col(Person.id), isouter=True)
        .where(LogEntry.project_id == project_id)
        .order_by(col(LogEntry.raised).desc(), col(LogEntry.id).desc())
    )
    return [
        LogRow(
            e.id,  # type: ignore[arg-type]
            e.kind,
            e.description,
            owner or "",
            e.raised,
            e.due,
            e.status,
            e.resolution,
            _overdue(e, today),
            e.version,
        )
        for e, owner in session.exec(query)
    ]


def get_entry(session: Session, entry_id: int) -> LogEntry:
    return fetch(session, LogEntry, entry_id, "log entry")


def create_entry(session: Session, project_id: int, data: LogEntryInput, today: date) -> LogEntry:
    project_of(session, project_id)
    entry = LogEntry(project_id=project_id, **_validated(session, data, today).__dict__)
    session.add(entry)
    session.flush()
    return entry


def update_entry(
    session: Session,
    entry_id: int,
    data: LogEntryInput,
    today: date,
    expected_version: int | None = None,
) -> LogEntry:
    entry = get_entry(session, entry_id)
    check_version(entry, expected_version, "log entry")
    for name, value in _validated(session, data, today).__dict__.items():
        setattr(entry, name, value)
    touch(entry)
    session.add(entry)
    session.flush()
    return entry


def delete_entry(session: Session, entry_id: int) -> None:
    session.delete(get_entry(session, entry_id))
    session.flush()


def open_issues(session: Session, project_id: int, today: date) -> list[OpenIssue]:
    """Issues not resolved or closed, overdue first, then by due date."""
    rows = [
        OpenIssue(r.id, r.description, r.owner, r.raised, r.due, r.overdue)
        for r in list_entries(session, project_id, today)
        if r.kind == "issue" and r.status not in DONE
    ]
    return sorted(rows, key=lambda r: (not r.overdue, r.due or date.max, r.id))
