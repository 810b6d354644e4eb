"""The `ics` export: a project's (or the portfolio's) dates as an iCalendar file (RFC 5545).

Milestones, deliverables due, gates passed, communications due (recurring, as an RRULE),
maintenance windows and downtime. Each event's UID is made of its row's identity and the
project code (`task-42@ERP-S4.itpm`), so a calendar that imports the file again updates
its events instead of adding them twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vRecur
from sqlmodel import Session, col, select

from itpm_tui import __version__
from itpm_tui.models import (
    CommunicationItem,
    Deliverable,
    Downtime,
    MaintenanceWindow,
    PhaseChange,
    Project,
    Task,
    phase_label,
)
from itpm_tui.services.exchange.formats import EXPORTS, ExportFormat, ExportOptions
from itpm_tui.services.kanban.cadence import describe
from itpm_tui.services.shared.errors import NotFound
from itpm_tui.services.shared.text import clean_text

__all__ = ["event_uid", "export_portfolio_ics", "export_project_ics"]

PRODID = f"-//itpm//itpm {__version__}//EN"
UID_DOMAIN = "itpm"
# What a UID may hold of a project code: the rest becomes "-" (codes are short and plain).
_UID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def event_uid(kind: str, row_id: int | None, code: str) -> str:
    """A UID that stays the same across exports: `task-42@ERP-S4.itpm`."""
    return f"{kind}-{row_id}@{_UID_UNSAFE.sub('-', code)}.{UID_DOMAIN}"


def export_project_ics(session: Session, project_id: int, options: ExportOptions) -> bytes:
    """One project's calendar, as the bytes of an .ics file."""
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound("That project no longer exists.")
    name = f"{clean_text(project.code)}: {clean_text(project.name)}"
    return bytes(_calendar(name, _events(session, [project])).to_ical())


def export_portfolio_ics(session: Session, options: ExportOptions) -> bytes:
    """Every project's events in one calendar (`itpm export --all --format ics`)."""
    projects = list(session.exec(select(Project).order_by(col(Project.code))))
    return bytes(_calendar("itpm portfolio", _events(session, projects)).to_ical())


def _calendar(name: str, events: Iterable[Event]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # NAME is RFC 7986's; X-WR-CALNAME is what most calendar applications read.
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    return calendar


def _events(session: Session, projects: list[Project]) -> Iterator[Event]:
    codes = {p.id: p.code for p in projects if p.id is not None}
    if not codes:
        return
    ids = list(codes)
    # One moment for the whole file: when this copy of the events was made.
    stamp = datetime.now(UTC).replace(microsecond=0)

    def event(kind: str, row_id: int | None, project_id: int, summary: str) -> Event:
        item = Event()
        item.add("uid", event_uid(kind, row_id, codes[project_id]))
        item.add("dtstamp", stamp)
        item.add("summary", f"[{clean_text(codes[project_id])}] {summary}")
        return item

    milestones = select(Task).where(col(Task.project_id).in_(ids), col(Task.is_milestone))
    for task in session.exec(milestones.order_by(col(Task.project_id), col(Task.id))):
        on = task.actual_finish or task.finish or task.start or task.constraint_date
        if on is None:
            continue
        item = event("task", task.id, task.project_id, f"Milestone: {clean_text(task.title)}")
        _all_day(item, on)
        _describe(item, [task.description, f"Status: {task.status}, {task.percent_complete}%"])
        item.add("categories", ["Milestone"])
        yield item

    deliverables = select(Deliverable).where(
        col(Deliverable.project_id).in_(ids), col(Deliverable.due).is_not(None)
    )
    for deliverable in session.exec(deliverables.order_by(col(Deliverable.id))):
        assert deliverable.due is not None  # selected so
        item = event(
            "deliverable",
            deliverable.id,
            deliverable.project_id,
            f"Deliverable due: {clean_text(deliverable.name)}",
        )
        _all_day(item, deliverable.due)
        _describe(
            item,
            [
                f"Acceptance criteria: {deliverable.acceptance_criteria}"
                if deliverable.acceptance_criteria
                else "",
                f"State: {deliverable.state}",
                deliverable.notes,
            ],
        )
        item.add("categories", ["Deliverable"])
        yield item

    gates = select(PhaseChange).where(col(PhaseChange.project_id).in_(ids))
    for gate in session.exec(gates.order_by(col(PhaseChange.id))):
        move = f"{phase_label(gate.from_phase)} -> {phase_label(gate.to_phase)}"
        item = event("gate", gate.id, gate.project_id, f"Gate: {clean_text(move)}")
        _all_day(item, gate.changed_on)
        _describe(item, [gate.reason, "Passed by override" if gate.overridden else ""])
        item.add("categories", ["Gate"])
        yield item

    plan = select(CommunicationItem).where(col(CommunicationItem.project_id).in_(ids))
    for line in session.exec(plan.order_by(col(CommunicationItem.id))):
        what = clean_text(line.information) or "update"
        item = event(
            "communication",
            line.id,
            line.project_id,
            f"Communication due: {what} to {clean_text(line.audience)}",
        )
        first, rule = _recurrence(line.cadence, line.starts)
        _all_day(item, first)
        if rule is not None:
            item.add("rrule", rule)
        _describe(
            item,
            [
                f"Audience: {line.audience}",
                f"Channel: {line.channel}" if line.channel else "",
                f"Cadence: {describe(line.cadence)}",
                # The app moves a due day off a holiday to the next working day; the rule
                # alone cannot say that.
                "A day that falls on a holiday moves to the next working day.",
            ],
        )
        item.add("categories", ["Communication"])
        yield item

    windows = select(MaintenanceWindow).where(col(MaintenanceWindow.project_id).in_(ids))
    for window in session.exec(windows.order_by(col(MaintenanceWindow.id))):
        item = event(
            "maintenance",
            window.id,
            window.project_id,
            f"Maintenance: {clean_text(window.systems)}",
        )
        item.add("dtstart", window.starts.astimezone(UTC))
        item.add("dtend", window.ends.astimezone(UTC))
        _describe(
            item,
            [
                f"Systems: {window.systems}",
                f"Downtime: {window.downtime_minutes} minutes",
                f"Tests before: {window.pre_tests}" if window.pre_tests else "",
                f"Rollback plan: {window.rollback_plan}" if window.rollback_plan else "",
                f"Notified: {window.notified}" if window.notified else "",
            ],
        )
        item.add("categories", ["Maintenance"])
        # Busy: people should not book the systems' owners into the window.
        item.add("transp", "OPAQUE")
        yield item

    downtimes = select(Downtime).where(col(Downtime.project_id).in_(ids))
    for down in session.exec(downtimes.order_by(col(Downtime.id))):
        kind = "planned" if down.planned else "unplanned"
        system = clean_text(down.system) or "a system"
        item = event("downtime", down.id, down.project_id, f"Downtime ({kind}): {system}")
        item.add("dtstart", down.start.astimezone(UTC))
        item.add("dtend", down.end.astimezone(UTC))
        _describe(item, [f"System: {down.system}" if down.system else "", down.note])
        item.add("categories", ["Downtime"])
        yield item


def _all_day(item: Event, on: date) -> None:
    # An all-day event: DTEND is the day after (exclusive), as RFC 5545 counts it.
    item.add("dtstart", on)
    item.add("dtend", on + timedelta(days=1))


def _describe(item: Event, lines: list[str]) -> None:
    # Control characters (ESC sequences) are stripped; the library escapes , ; \ and newlines.
    text = "\n".join(clean_text(line, multiline=True) for line in lines if line.strip())
    if text:
        item.add("description", text)


def _recurrence(cadence: str, starts: date) -> tuple[date, vRecur | None]:
    """The first day due and the rule from it on, as the app counts them (services/kanban/
    cadence.next_dates): the series starts at the rule's first day on or after `starts`."""
    begin = datetime.combine(starts, time())
    try:
        rule = rrulestr(cadence, dtstart=begin)
        first = rule.replace(interval=1).after(begin, inc=True)  # type: ignore[union-attr]
        recur = vRecur.from_ical(cadence.removeprefix("RRULE:"))
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, OverflowError):
        # Stored cadences are checked when typed; one that is not a rule is one date.
        return starts, None
    if not recur.get("FREQ"):
        return starts, None
    return (first.date() if first is not None else starts), recur


EXPORTS["ics"] = ExportFormat(
    name="ics",
    suffix=".ics",
    description="iCalendar: milestones, deliverables, gates, communications, maintenance",
    write=export_project_ics,
)
