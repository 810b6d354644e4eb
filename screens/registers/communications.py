"""The communication plan: plan lines and their next date, what is due, the log, windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from itpm_tui.models import Phase
from itpm_tui.screens.registers.base import RegisterColumn, RegisterScreen, RegisterView, iso
from itpm_tui.screens.shared.forms import FormField
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.kanban.cadence import describe
from itpm_tui.services.registers import communications as comms
from itpm_tui.services.resources.people import list_people
from itpm_tui.services.shared.parsing import parse_date, parse_number

if TYPE_CHECKING:
    from sqlmodel import Session


def _stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class CommunicationPlanView(RegisterView):
    name = "Plan"
    table = "communication_item"
    noun = "plan line"
    empty = "No communication planned yet: press n to add who hears what, and how often."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Audience", lambda r: r.audience, lambda r: r.audience.lower(), width=18),
        RegisterColumn("Information", lambda r: r.information, width=22),
        RegisterColumn("Channel", lambda r: r.channel),
        RegisterColumn("Cadence", lambda r: r.cadence, width=20),
        RegisterColumn("Owner", lambda r: r.owner),
        RegisterColumn("Next", lambda r: iso(r.next_due), lambda r: r.next_due),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        return comms.list_plan(session, project_id, today)

    def describe(self, row: Any) -> str:
        return f"{row.audience}: {row.information}"[:60]

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        item = comms.get_item(session, row_id) if row_id else None
        people = [(p.name, p.id) for p in list_people(session)]
        fields = [
            FormField("audience", "Audience", item.audience if item else ""),
            FormField("information", "Information", item.information if item else ""),
            FormField(
                "channel", "Channel", item.channel if item else "", placeholder="e-mail, meeting"
            ),
            FormField(
                "cadence",
                "Cadence",
                describe(item.cadence) if item else "weekly on monday",
                placeholder="every 2 weeks on tue, monthly on the 15th, quarterly ...",
            ),
            FormField(
                "starts",
                "From",
                iso(item.starts) if item else today.isoformat(),
                parse=lambda t: parse_date(t, today=today),
            ),
            FormField("owner_id", "Owner", item.owner_id if item else None, "select", people),
        ]
        return ("Edit plan line" if item else "New plan line"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        item = comms.save_item(session, project_id, row_id, comms.PlanItemInput(**values), today)
        return id_of(item)

    def delete(self, session: Session, row_id: int) -> None:
        comms.delete_item(session, row_id)


@dataclass(frozen=True)
class DueRow:
    id: int
    on: date
    audience: str
    information: str
    channel: str


class DueView(RegisterView):
    name = "Due"
    noun = "communication due"
    empty = "Nothing due in the next 14 days."
    read_only = True
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Date", lambda r: f"{r.on:%a} {r.on.isoformat()}", lambda r: r.on),
        RegisterColumn("Audience", lambda r: r.audience),
        RegisterColumn("Information", lambda r: r.information),
        RegisterColumn("Channel", lambda r: r.channel),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        due = comms.upcoming(session, project_id, today, 14)
        return [DueRow(n, d.on, d.audience, d.information, d.channel) for n, d in enumerate(due, 1)]

    def summary(self, rows: list[Any], today: date) -> str:
        return f"{len(rows)} communications due in the next 14 days"


class CommunicationLogView(RegisterView):
    name = "Log"
    table = "communication_log"
    noun = "sent communication"
    empty = "Nothing logged yet: press n to log a communication that went out."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Date", lambda r: iso(r.sent_on), lambda r: r.sent_on),
        RegisterColumn("Audience", lambda r: r.audience),
        RegisterColumn("Summary", lambda r: r.summary, width=40),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        return comms.list_log(session, project_id)

    def describe(self, row: Any) -> str:
        return f"{row.sent_on} {row.audience}"

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:

        entry = comms.get_log_entry(session, row_id) if row_id else None
        fields = [
            FormField(
                "sent_on",
                "Date",
                iso(entry.sent_on) if entry else today.isoformat(),
                parse=lambda t: parse_date(t, today=today),
            ),
            FormField("audience", "Audience", entry.audience if entry else ""),
            FormField("summary", "Summary", entry.summary if entry else ""),
        ]
        return ("Edit log entry" if entry else "Log a communication"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        return id_of(
            comms.save_log(
                session, project_id, row_id, comms.CommunicationLogInput(**values), today
            )
        )

    def delete(self, session: Session, row_id: int) -> None:
        comms.delete_log(session, row_id)


class WindowView(RegisterView):
    name = "Windows"
    table = "maintenance_window"
    noun = "maintenance window"
    empty = "No maintenance or downtime windows: press n to plan one."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Systems", lambda r: r.systems, width=20),
        RegisterColumn("Start UTC", lambda r: _stamp(r.starts), lambda r: r.starts),
        RegisterColumn("End UTC", lambda r: _stamp(r.ends), lambda r: r.ends),
        RegisterColumn(
            "Down min", lambda r: str(r.downtime_minutes), lambda r: r.downtime_minutes, "right"
        ),
        RegisterColumn("Told", lambda r: r.notified, width=20),
        RegisterColumn("Rollback", lambda r: r.rollback_plan, width=24),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        return comms.list_windows(session, project_id)

    def describe(self, row: Any) -> str:
        return f"{row.systems} {_stamp(row.starts)}"

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:

        window = comms.get_window(session, row_id) if row_id else None
        hint = "YYYY-MM-DD HH:MM"
        fields = [
            FormField("systems", "Systems", window.systems if window else ""),
            FormField(
                "starts",
                "Start (UTC)",
                _stamp(window.starts) if window else "",
                parse=comms.parse_window_time,
                placeholder=hint,
            ),
            FormField(
                "ends",
                "End (UTC)",
                _stamp(window.ends) if window else "",
                parse=comms.parse_window_time,
                placeholder=hint,
            ),
            FormField(
                "downtime_minutes",
                "Downtime (min)",
                str(window.downtime_minutes) if window else "0",
                parse=lambda t: int(parse_number(t, what="number of minutes") or 0),
            ),
            FormField("pre_tests", "Pre-tests", window.pre_tests if window else "", "multiline"),
            FormField(
                "rollback_plan",
                "Rollback plan",
                window.rollback_plan if window else "",
                "multiline",
            ),
            FormField("notified", "Who is told", window.notified if window else ""),
        ]
        return ("Edit window" if window else "New maintenance window"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        return id_of(
            comms.save_window(session, project_id, row_id, comms.MaintenanceWindowInput(**values))
        )

    def delete(self, session: Session, row_id: int) -> None:
        comms.delete_window(session, row_id)


class CommunicationsScreen(RegisterScreen):
    PHASE = Phase.PLANNING
    REGISTER = "Communication plan"
    VIEWS = (CommunicationPlanView, DueView, CommunicationLogView, WindowView)
