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
    public_holidays,
)
from itpm_tui.services.planning.schedule_records import public_regions, reschedule
from itpm_tui.services.shared.errors import StaleEdit, ValidationError
from itpm_tui.services.shared.records import fetch, stale_message


@dataclass(frozen=True)
class ProjectPublicHolidays:
    """What a project's calendar takes from the company's."""

    company: Region | None  # the company calendar; None: no public holidays set
    follows_company: bool  # False: the project keeps its own calendar only
    region: Region | None  # whose public holidays the project's plan skips
    company_version: int | None  # the company row's version as read (None: no row yet)
    next_holiday: tuple[date, str] | None  # the region's next public holiday from today


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


def project_public_holidays(
    session: Session, project_id: int, today: date | None = None
) -> ProjectPublicHolidays:
    fetch(session, Project, project_id, "project")
    row = _company_row(session)
    region = public_regions(session, {project_id})[project_id]
    coming = None
    if region is not None and today is not None:
        days = public_holidays(region, today.year) + public_holidays(region, today.year + 1)
        coming = next(((day, name) for day, name in days if day >= today), None)
    return ProjectPublicHolidays(
        company=company_region(session),
        follows_company=_project_row(session, project_id) is None,
        region=region,
        company_version=row.version if row is not None else None,
        next_holiday=coming,
    )


def check_company_version(session: Session, expected: int | None) -> None:
    """Refuse a change of the company calendar made on a stale read of it."""
    row = _company_row(session)
    if (row.version if row is not None else None) != expected:
        shown = Region(row.country, row.subdivision) if row is not None and row.country else None
        raise StaleEdit(
            stale_message("company calendar"),
            {
                "country": shown.country if shown else "",
                "subdivision": shown.subdivision if shown else "",
            },
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
    if region == company_region(session):
        return region  # nothing changes: no write, no replanning
    row = _company_row(session) or PublicHolidayCalendar(project_id=None)
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
    fetch(session, Project, project_id, "project")
    row = _project_row(session, project_id)
    if follows == (row is None):
        return False
    ensure_open(session, project_id)
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
