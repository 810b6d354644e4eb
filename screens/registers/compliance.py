"""Regulatory compliance: a summary per framework, and the audit of each requirement."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding

from itpm_tui.app_access import itpm_app
from itpm_tui.models import Phase
from itpm_tui.screens.registers.base import RegisterColumn, RegisterScreen, RegisterView, iso
from itpm_tui.screens.shared.forms import FormField
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.services.registers import compliance
from itpm_tui.services.registers.compliance_starters import STARTERS
from itpm_tui.services.shared.parsing import parse_date

if TYPE_CHECKING:
    from sqlmodel import Session


class SummaryView(RegisterView):
    name = "Frameworks"
    table = "compliance_framework"
    noun = "framework"
    empty = "No frameworks yet: press n to add one (starter sets for ISO 27001, GDPR, SOX, PCI)."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Framework", lambda r: r.name, lambda r: r.name.lower(), width=24),
        RegisterColumn("Reqs", lambda r: str(r.total), lambda r: r.total, "right"),
        RegisterColumn("OK", lambda r: str(r.compliant), lambda r: r.compliant, "right"),
        RegisterColumn("Gaps", lambda r: str(r.gaps_open), lambda r: r.gaps_open, "right"),
        RegisterColumn("N/A", lambda r: str(r.not_applicable), lambda r: r.not_applicable, "right"),
        RegisterColumn("To audit", lambda r: str(r.unassessed), lambda r: r.unassessed, "right"),
        RegisterColumn(
            "%", lambda r: f"{r.percent_compliant}%", lambda r: r.percent_compliant, "right"
        ),
        RegisterColumn(
            "Remediation",
            lambda r: (
                (f"{r.remediation_overdue} LATE " if r.remediation_overdue else "")
                + (f"next {iso(r.next_remediation_due)}" if r.next_remediation_due else "")
            ),
        ),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        return [_Framework(s) for s in compliance.framework_summaries(session, project_id, today)]

    def attention(self, row: Any) -> bool:
        return row.remediation_overdue > 0

    def describe(self, row: Any) -> str:
        return f"{row.name} ({row.total} requirements)"

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        if row_id:
            framework = compliance.get_framework(session, row_id)
            return "Rename framework", [
                FormField("name", "Name", framework.name),
                FormField("description", "Description", framework.description),
            ]
        return "New framework", [
            FormField(
                "starter",
                "Starter set",
                None,
                "select",
                [(name, name) for name in STARTERS],
            ),
            FormField("name", "Name", "", placeholder="blank: the starter set's name"),
            FormField("description", "Description", ""),
        ]

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        if row_id:
            framework = compliance.rename_framework(
                session, row_id, values["name"], values["description"]
            )
        else:
            framework = compliance.add_framework(
                session, project_id, values["name"], values["description"], values["starter"]
            )
        return id_of(framework)

    def delete(self, session: Session, row_id: int) -> None:
        compliance.delete_framework(session, row_id)

    def summary(self, rows: list[Any], today: date) -> str:
        gaps = sum(r.gaps_open for r in rows)
        return f"{len(rows)} framework(s), {gaps} gaps open"


class _Framework:
    """A summary row keyed by its framework id, as the table wants."""

    def __init__(self, summary: compliance.FrameworkSummary) -> None:
        self.__dict__.update(summary.__dict__)
        self.id = summary.framework_id
        self.percent_compliant = summary.percent_compliant


class RequirementView(RegisterView):
    name = "Requirements"
    table = "compliance_requirement"
    noun = "requirement"
    empty = "No requirements: add a framework first (v, then n), or press n here."
    columns: ClassVar[list[RegisterColumn]] = [
        RegisterColumn("Framework", lambda r: r.framework, width=12),
        RegisterColumn("Ref", lambda r: r.ref),
        RegisterColumn("Status", lambda r: r.status.upper() if r.status == "gap" else r.status),
        RegisterColumn("Requirement", lambda r: r.title, width=30),
        RegisterColumn("Due", lambda r: iso(r.due), lambda r: r.due),
        RegisterColumn("Remediation", lambda r: "task" if r.remediation_task_id else ""),
        RegisterColumn("Evidence", lambda r: r.evidence, width=24),
    ]

    def load(self, session: Session, project_id: int, today: date) -> list[Any]:
        return compliance.list_requirements(session, project_id)

    def attention(self, row: Any) -> bool:
        return row.status == "gap"

    def summary(self, rows: list[Any], today: date) -> str:
        gaps = sum(r.status == "gap" for r in rows)
        todo = sum(r.status == "unassessed" for r in rows)
        return f"{len(rows)} requirements, {gaps} gaps, {todo} to audit"

    def form(
        self, session: Session, project_id: int, row_id: int | None, today: date
    ) -> tuple[str, list[FormField]]:
        req = compliance.get_requirement(session, row_id) if row_id else None
        frameworks = [(f.name, f.id) for f in compliance.list_frameworks(session, project_id)]
        fields = [
            FormField(
                "framework_id",
                "Framework",
                req.framework_id if req else (frameworks[0][1] if frameworks else None),
                "select",
                frameworks,
            ),
            FormField("ref", "Ref", req.ref if req else ""),
            FormField("title", "Requirement", req.title if req else ""),
            FormField(
                "status",
                "Status",
                req.status if req else "unassessed",
                "select",
                [(s, s) for s in compliance.STATUSES],
                allow_blank=False,
            ),
            FormField(
                "current_state", "Current state", req.current_state if req else "", "multiline"
            ),
            FormField("evidence", "Evidence", req.evidence if req else "", "multiline"),
            FormField(
                "due",
                "Remediate by",
                iso(req.due) if req else "",
                parse=lambda t: parse_date(t, today=today),
            ),
        ]
        return ("Audit requirement" if req else "New requirement"), fields

    def save(
        self,
        session: Session,
        project_id: int,
        row_id: int | None,
        values: dict[str, Any],
        today: date,
    ) -> int:
        data = compliance.RequirementInput(**values)
        return id_of(compliance.save_requirement(session, project_id, row_id, data))

    def delete(self, session: Session, row_id: int) -> None:
        compliance.delete_requirement(session, row_id)


class ComplianceScreen(RegisterScreen):
    """Frameworks and their requirements; g turns a gap into a remediation task."""

    PHASE = Phase.MONITORING
    REGISTER = "Compliance"
    VIEWS = (SummaryView, RequirementView)
    BINDINGS = [Binding("g", "remediate", "Remediate", id="compliance.remediate")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remediate" and not isinstance(self.view, RequirementView):
            return None
        return super().check_action(action, parameters)

    def action_remediate(self) -> None:
        row = self.selected_row()
        if row is None or not isinstance(self.view, RequirementView):
            self.notify("Select a requirement marked as a gap.", severity="warning")
            return
        today = itpm_app(self).today
        what = row.ref or row.title
        self.run_write(
            f"create a remediation task for {what}",
            compliance.create_remediation_task,
            row.id,
            today,
            message=f"Created a remediation task for {what}: see Planning (2).",
        )
