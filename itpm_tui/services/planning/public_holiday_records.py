"""The company's public-holiday calendar and each project's choice to follow it; plans follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from itpm_tui.models import Project, PublicHolidayCalendar
from itpm_tui.services.lifecycle.documents import ensure_open
from itpm_tui.services.planning.public_holidays import (
    Region,
    RegionError,
    check_region,
)
from itpm_tui.services.planning.schedule_records import public_regions, reschedule
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import fetch


@dataclass(frozen=True)
class ProjectPublicHolidays:
    """What a project's calendar takes from the company's."""

    company: Region | None  # the company calendar; None: no public holidays set
    follows_company: bool  # False: the project keeps its own calendar only
    region: Region | None  # whose public holidays the project's plan skips


def _company_row(session: Session) -> PublicHolidayCalendar | None:
    return session.exec(
        select(PublicHolidayCalendar)
        .where(col(PublicHolidayCalendar.project_id).is_(None))
        .order_by(col(PublicHolidayCalendar.id))
    ).first()


def _project_row(session: Session, project_id: int) -> PublicHolidayCalendar | None:
    return session.exec(
        select(PublicHolidayCalendar).where(PublicHolidayCalendar.project_id == project_id)
    ).first()


def company_region(session: Session) -> Region | None:
    """The company's public-holiday region, or None when none is set."""
    row = _company_row(session)
    return Region(row.country, row.subdivision) if row is not None and row.country else None


def project_public_holidays(session: Session, project_id: int) -> ProjectPublicHolidays:
    fetch(session, Project, project_id, "project")
    return ProjectPublicHolidays(
        company=company_region(session),
        follows_company=_project_row(session, project_id) is None,
        region=public_regions(session, {project_id})[project_id],
    )


def checked_region(country: str, subdivision: str) -> Region | None:
    """The region typed, as the package spells it; None for no country; ValidationError."""
    if not country.strip():
        if subdivision.strip():
            raise ValidationError({"country": "a subdivision needs its country, e.g. DE"})
        return None
    try:
        return check_region(country, subdivision)
    except RegionError as error:
        raise ValidationError({error.field: str(error)}) from None


def set_company_region(
    session: Session, country: str, subdivision: str, today: date
) -> Region | None:
    """Set (or with no country, clear) the company calendar; every open project that
    follows it is rescheduled in the same transaction."""
    region = checked_region(country, subdivision)
    row = _company_row(session) or PublicHolidayCalendar(project_id=None)
    if region == (Region(row.country, row.subdivision) if row.country else None) and row.id:
        return region  # nothing changes: no write, no replanning
    row.country, row.subdivision = (region.country, region.subdivision) if region else ("", "")
    session.add(row)
    session.flush()
    for project_id in _followers(session):
        reschedule(session, project_id, today)
    return region


def _followers(session: Session) -> list[int]:
    """Open projects without a setting of their own: they take the company calendar."""
    own = select(PublicHolidayCalendar.project_id).where(
        col(PublicHolidayCalendar.project_id).is_not(None)
    )
    ids = session.exec(
        select(Project.id)
        .where(col(Project.closed_on).is_(None), col(Project.id).not_in(own))
        .order_by(col(Project.id))
    ).all()
    return [pid for pid in ids if pid is not None]


def set_follows_company(session: Session, project_id: int, follows: bool, today: date) -> bool:
    """Opt a project in to the company calendar or out of it (its own calendar only);
    its plan is rescheduled. Returns whether anything changed."""
    ensure_open(session, project_id)
    row = _project_row(session, project_id)
    if follows == (row is None):
        return False
    if follows:
        assert row is not None
        session.delete(row)
    else:
        session.add(PublicHolidayCalendar(project_id=project_id, country="", subdivision=""))
    session.flush()
    reschedule(session, project_id, today)
    return True


def opted_out(session: Session) -> list[str]:
    """Codes of the projects that keep their own calendar only."""
    return list(
        session.exec(
            select(Project.code)
            .join(PublicHolidayCalendar, col(PublicHolidayCalendar.project_id) == col(Project.id))
            .where(PublicHolidayCalendar.country == "")
            .order_by(col(Project.code))
        ).all()
    )
