"""The issues and decisions log: who owns what, what is due, how it was resolved or why."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from itpm_tui.models import Phase
from itpm_tui.screens.registers.base import RegisterColumn, RegisterScreen, RegisterView, iso
from itpm_tui.screens.shared.forms import FormField
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.registers import issue_log
from itpm_tui.services.registers.issue_log import LogRow
from itpm_tui.services.resources.people import list_people
from itpm_tui.services.shared.parsing import parse_date

if TYPE_CHECKING:
    from sqlmodel import Session


class IssueLogView(RegisterView):
    name = "Log"
    table = "log_entry"
    noun = "log entry"
    empty = "Nothing logged yet: press n to log an issue or a decision."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Kind", lambda r: r.kind),
        RegisterColumn(
            "Description", lambda r: r.description, lambda r: r.description.lower(), width=26
        ),
        RegisterColumn(
            "Due", lambda r: iso(r.due) + (" LATE" if r.overdue else ""), lambda r: r.due
        ),
        RegisterColumn("Status", lambda r: r.status),
        RegisterColumn("Owner", lambda r: r.owner, width=14),
        RegisterColumn("Raised", lambda r: iso(r.raised), lambda r: r.raised),
        RegisterColumn("Resolution / rationale", lambda r: r.resolution, width=30),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[LogRow]:
        return issue_log.list_entries(session, project_id, today)

    def describe(self, row: LogRow) -> str:
        return row.description[:60]

    def attention(self, row: LogRow) -> bool:
        return row.overdue

    def summary(self, rows: list[LogRow], today: date) -> str:
        issues = [r for r in rows if r.kind == "issue" and r.status not in issue_log.DONE]
        late = sum(r.overdue for r in rows)
        decisions = sum(r.kind == "decision" for r in rows)
        text = f"{len(issues)} open issues, {decisions} decisions"
        return text + (f", {late} overdue" if late else "")

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        entry = issue_log.get_entry(session, row_id) if row_id else None
        people = [(p.name, p.id) for p in list_people(session)]

        def day(text: str) -> date | None:
            return parse_date(text, today=today)

        fields = [
            FormField(
                "kind",
                "Kind",
                entry.kind if entry else "issue",
                "select",
                [(k, k) for k in issue_log.KINDS],
                allow_blank=False,
            ),
            FormField("description", "Description", entry.description if entry else ""),
            FormField("owner_id", "Owner", entry.owner_id if entry else None, "select", people),
            FormField(
                "raised", "Raised", iso(entry.raised) if entry else today.isoformat(), parse=day
            ),
            FormField(
                "due",
                "Due",
                iso(entry.due) if entry else "",
                parse=day,
                placeholder="YYYY-MM-DD or +5d",
            ),
            FormField(
                "status",
                "Status",
                entry.status if entry else "open",
                "select",
                [(s, s) for s in issue_log.STATUSES],
                allow_blank=False,
            ),
            FormField(
                "resolution",
                "Resolution / rationale",
                entry.resolution if entry else "",
                "multiline",
            ),
        ]
        return ("Edit log entry" if entry else "New log entry"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        data = issue_log.LogEntryInput(**values)
        if row_id is None:
            return id_of(issue_log.create_entry(session, project_id, data, today))
        return id_of(issue_log.update_entry(session, row_id, data, today))

    def delete(self, session: Session, row_id: int) -> None:
        issue_log.delete_entry(session, row_id)


class IssueLogScreen(RegisterScreen):
    PHASE = Phase.EXECUTION
    REGISTER = "Issues and decisions"
    VIEWS = (IssueLogView,)
