"""The communication plan: who is told what and how often, what was sent, and downtime windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from itpm_tui.models import (
    CommunicationItem,
    CommunicationLog,
    MaintenanceWindow,
    Person,
)
from itpm_tui.services.kanban.cadence import describe, next_dates, parse_cadence
from itpm_tui.services.planning.schedule_records import project_calendar
from itpm_tui.services.registers.fields import person_exists, project_of, required
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import fetch
from itpm_tui.services.shared.text import clean_text


@dataclass
class PlanItemInput:
    audience: str
    information: str = ""
    channel: str = ""
    cadence: str = "weekly on monday"
    starts: date | None = None
    owner_id: int | None = None


@dataclass(frozen=True)
class PlanItemRow:
    id: int
    audience: str
    information: str
    channel: str
    cadence: str
    owner: str
    next_due: date | None


@dataclass
class CommunicationLogInput:
    audience: str
    summary: str = ""
    sent_on: date | None = None


@dataclass
class MaintenanceWindowInput:
    systems: str
    starts: datetime | None = None
    ends: datetime | None = None
    downtime_minutes: int | None = 0
    pre_tests: str = ""
    rollback_plan: str = ""
    notified: str = ""


@dataclass(frozen=True)
class Due:
    """A communication due on a day."""

    on: date
    audience: str
    information: str
    channel: str


def parse_window_time(text: str) -> datetime | None:
    """'2026-12-05 22:00' (UTC) -> an aware timestamp; blank is None."""
    value = " ".join(text.strip().replace("T", " ").split())
    if not value:
        return None
    try:
        moment = datetime.strptime(value, "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(f"'{value[:30]}' is not a time: use YYYY-MM-DD HH:MM (UTC)") from None
    return moment.replace(tzinfo=UTC)


# --- plan ------------------------------------------------------------------------------


def _plan_validated(session: Session, data: PlanItemInput, today: date) -> dict[str, object]:
    errors: dict[str, str] = {}
    audience = required(errors, "audience", data.audience, "an audience")
    try:
        rule = parse_cadence(data.cadence)
    except ValueError as exc:
        errors["cadence"] = str(exc)
        rule = ""
    person_exists(session, errors, "owner_id", data.owner_id)
    if errors:
        raise ValidationError(errors)
    return {
        "audience": audience,
        "information": clean_text(data.information),
        "channel": clean_text(data.channel),
        "cadence": rule,
        "starts": data.starts or today,
        "owner_id": data.owner_id,
    }


def list_plan(session: Session, project_id: int, today: date) -> list[PlanItemRow]:
    calendar = project_calendar(session, project_id)
    query = (
        select(CommunicationItem, Person.name)
        .join(Person, col(CommunicationItem.owner_id) == col(Person.id), isouter=True)
        .where(CommunicationItem.project_id == project_id)
        .order_by(col(CommunicationItem.id))
    )
    rows = []
    for item, owner in session.exec(query):
        upcoming = next_dates(
            item.cadence, item.starts, max(today, item.starts), 1, calendar.is_working_day
        )
        rows.append(
            PlanItemRow(
                item.id,  # type: ignore[arg-type]
                item.audience,
                item.information,
                item.channel,
                describe(item.cadence),
                owner or "",
                upcoming[0] if upcoming else None,
            )
        )
    return rows


def get_item(session: Session, item_id: int) -> CommunicationItem:
    return fetch(session, CommunicationItem, item_id, "communication plan line")


def save_item(
    session: Session, project_id: int, item_id: int | None, data: PlanItemInput, today: date
) -> CommunicationItem:
    project_of(session, project_id)
    values = _plan_validated(session, data, today)
    item = (
        get_item(session, item_id)
        if item_id
        else CommunicationItem(project_id=project_id, audience="", starts=today)
    )
    for name, value in values.items():
        setattr(item, name, value)
    session.add(item)
    session.flush()
    return item


def delete_item(session: Session, item_id: int) -> None:
    session.delete(get_item(session, item_id))
    session.flush()


def upcoming(session: Session, project_id: int, today: date, days: int = 14) -> list[Due]:
    """Every communication due from today for `days` days, by date."""
    calendar = project_calendar(session, project_id)
    end = date.fromordinal(today.toordinal() + days)
    items = session.exec(
        select(CommunicationItem).where(CommunicationItem.project_id == project_id)
    ).all()
    due: list[Due] = []
    for item in items:
        for on in next_dates(
            item.cadence, item.starts, max(today, item.starts), 60, calendar.is_working_day
        ):
            if on > end:
                break
            due.append(Due(on, item.audience, item.information, item.channel))
    return sorted(due, key=lambda d: (d.on, d.audience))


# --- log -------------------------------------------------------------------------------


def list_log(session: Session, project_id: int) -> list[CommunicationLog]:
    return list(
        session.exec(
            select(CommunicationLog)
            .where(CommunicationLog.project_id == project_id)
            .order_by(col(CommunicationLog.sent_on).desc(), col(CommunicationLog.id).desc())
        )
    )


def save_log(
    session: Session, project_id: int, log_id: int | None, data: CommunicationLogInput, today: date
) -> CommunicationLog:
    project_of(session, project_id)
    errors: dict[str, str] = {}
    audience = required(errors, "audience", data.audience, "an audience")
    summary = required(errors, "summary", data.summary, "a summary")
    if data.sent_on is not None and data.sent_on > today:
        errors["sent_on"] = "the log records what went out: not a future date"
    if errors:
        raise ValidationError(errors)
    entry = (
        fetch(session, CommunicationLog, log_id, "log entry")
        if log_id
        else CommunicationLog(project_id=project_id, sent_on=today, audience="")
    )
    entry.audience, entry.summary, entry.sent_on = audience, summary, data.sent_on or today
    session.add(entry)
    session.flush()
    return entry


def delete_log(session: Session, log_id: int) -> None:
    session.delete(fetch(session, CommunicationLog, log_id, "log entry"))
    session.flush()


# --- maintenance windows --------------------------------------------------------------


def list_windows(session: Session, project_id: int) -> list[MaintenanceWindow]:
    return list(
        session.exec(
            select(MaintenanceWindow)
            .where(MaintenanceWindow.project_id == project_id)
            .order_by(col(MaintenanceWindow.starts))
        )
    )


def save_window(
    session: Session, project_id: int, window_id: int | None, data: MaintenanceWindowInput
) -> MaintenanceWindow:
    project_of(session, project_id)
    errors: dict[str, str] = {}
    systems = required(errors, "systems", data.systems, "the systems affected")
    if data.starts is None:
        errors["starts"] = "a start is required"
    if data.ends is None:
        errors["ends"] = "an end is required"
    elif data.starts is not None and data.ends <= data.starts:
        errors["ends"] = "must be after the start"
    minutes = data.downtime_minutes or 0
    if minutes < 0:
        errors["downtime_minutes"] = "must not be negative"
    elif data.starts and data.ends and data.ends > data.starts:
        span = int((data.ends - data.starts).total_seconds() // 60)
        if minutes > span:
            errors["downtime_minutes"] = f"longer than the window ({span} minutes)"
    if errors:
        raise ValidationError(errors)
    assert data.starts is not None and data.ends is not None  # both required above
    window = (
        fetch(session, MaintenanceWindow, window_id, "maintenance window")
        if window_id
        else MaintenanceWindow(
            project_id=project_id, systems="", starts=data.starts, ends=data.ends
        )
    )
    window.systems = systems
    window.starts, window.ends = data.starts, data.ends
    window.downtime_minutes = minutes
    window.pre_tests = clean_text(data.pre_tests, multiline=True)
    window.rollback_plan = clean_text(data.rollback_plan, multiline=True)
    window.notified = clean_text(data.notified)
    session.add(window)
    session.flush()
    return window


def delete_window(session: Session, window_id: int) -> None:
    session.delete(fetch(session, MaintenanceWindow, window_id, "maintenance window"))
    session.flush()


def get_log_entry(session: Session, entry_id: int) -> CommunicationLog:
    return fetch(session, CommunicationLog, entry_id, "log entry")


def get_window(session: Session, window_id: int) -> MaintenanceWindow:
    return fetch(session, MaintenanceWindow, window_id, "window")
