"""Every project's health rated on every indicator, as its own dashboard rates it.

The grouped portfolio rules (plan, money, registers) plus what only a project's dashboard
measures (SPI, CPI, red KPIs), each project as of its own status date: the portfolio,
its dashboard, `itpm projects` and the portfolio report read the same colour and reasons
as the project's Monitoring screen and status report.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from itpm_tui.models import Project
from itpm_tui.services.monitoring.dashboard import measured_indicators
from itpm_tui.services.planning.status_date import effective_status_date
from itpm_tui.services.portfolio.health import ProjectHealth, portfolio_health


def _day(project: Project, today: date, as_of: date | None) -> date:
    """The project's status date (kept, or today), or `as_of` when given: inside its span."""
    if as_of is None:
        return effective_status_date(project, today).day
    if project.start is not None and as_of < project.start:
        return project.start
    if project.closed_on is not None and as_of > project.closed_on:
        return project.closed_on
    return as_of


def rated_portfolio(
    session: Session, today: date, *, as_of: date | None = None
) -> list[ProjectHealth]:
    """One row per project, by code, each rated as of its status date (or `as_of`)."""
    days = {
        int(p.id): _day(p, today, as_of)  # type: ignore[arg-type]
        for p in session.exec(select(Project))
    }
    common = as_of or today
    extra: dict[int, dict[str, Any]] = {
        pid: measured_indicators(session, pid, day) for pid, day in days.items()
    }
    rows = portfolio_health(session, common, extra_by_project=extra)
    # A project measured on another day (a status date kept, a span it lies outside) is
    # rated on that day for every indicator, as its own dashboard rates it.
    return [
        row
        if days[row.id] == common
        else portfolio_health(session, days[row.id], row.id, extra=extra[row.id])[0]
        for row in rows
    ]
