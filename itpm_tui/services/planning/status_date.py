"""The status date of a project's earned value: kept per project, today by default, in its span."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from itpm_tui.models import Project
from itpm_tui.services.portfolio.projects import get_project
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import touch


@dataclass(frozen=True)
class StatusDate:
    """The day to measure on; `note` says why it is not the one kept (or today), else ''."""

    day: date
    kept: date | None
    note: str = ""


def effective_status_date(project: Project, today: date) -> StatusDate:
    """The kept status date, else today; moved into the project's span when outside it.

    The span runs from the project's start to the day it closed (an open project's
    span reaches today: work and costs go on after a planned finish).
    """
    wanted = project.status_date or today
    what = "the status date kept" if project.status_date else "today"
    if project.start is not None and wanted < project.start:
        return StatusDate(
            project.start,
            project.status_date,
            f"As of {project.start.isoformat()}, the project's start: "
            f"{what} ({wanted.isoformat()}) is before it.",
        )
    if project.closed_on is not None and wanted > project.closed_on:
        return StatusDate(
            project.closed_on,
            project.status_date,
            f"As of {project.closed_on.isoformat()}, the day the project closed: "
            f"{what} ({wanted.isoformat()}) is after it.",
        )
    return StatusDate(wanted, project.status_date)


def status_date_of(session: Session, project_id: int, today: date) -> StatusDate:
    return effective_status_date(get_project(session, project_id), today)


def check_status_date(project: Project, status_date: date) -> None:
    """A status date is inside the project: not before its start, not after it closed."""
    if project.start is not None and status_date < project.start:
        raise ValidationError(
            {
                "status_date": f"{status_date.isoformat()} is before the project starts "
                f"({project.start.isoformat()})"
            }
        )
    if project.closed_on is not None and status_date > project.closed_on:
        raise ValidationError(
            {
                "status_date": f"{status_date.isoformat()} is after the project closed "
                f"({project.closed_on.isoformat()})"
            }
        )


def set_status_date(session: Session, project_id: int, day: date | None) -> Project:
    """Keep `day` as the project's status date; None measures as of today again."""
    from itpm_tui.services.lifecycle.documents import ensure_open

    project = ensure_open(session, project_id)
    if day is not None:
        check_status_date(project, day)
    if project.status_date != day:
        project.status_date = day
        touch(project)
        session.add(project)
        session.flush()
    return project
