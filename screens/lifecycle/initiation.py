"""Initiation: charter, goals, requirements, deliverables, business case, stakeholders and
approvals, one section at a time ([ and ] switch)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from itpm_tui.app_access import itpm_app
from itpm_tui.models import (
    BusinessCaseLine,
    CaseKind,
    Decision,
    Deliverable,
    DeliverableState,
    Goal,
    Phase,
    Requirement,
    Stakeholder,
    phase_label,
)
from itpm_tui.screens.shared.forms import FormField, FormScreen, FormWrite
from itpm_tui.screens.shared.ids import id_of
from itpm_tui.screens.shared.sections import Row, Section, SectionScreen, cell, select_field
from itpm_tui.services.lifecycle import section_records as records
from itpm_tui.services.lifecycle.business_case import format_rate, format_whole
from itpm_tui.services.lifecycle.documents import NO_CHARTER, REQUIREMENT_PRIORITIES, save_charter
from itpm_tui.services.lifecycle.initiation import InitiationData, load_initiation
from itpm_tui.services.lifecycle.stakeholders import power_interest_grid, record_approval
from itpm_tui.services.portfolio.overview import ProjectOverview
from itpm_tui.services.shared.parsing import (
    decimal_comma,
    format_money,
    parse_date,
    parse_money,
    read_decimal,
)

if TYPE_CHECKING:
    from sqlmodel import Session

CHARTER_LABELS = [
    ("business_need", "Business need"),
    ("scope_in", "In scope"),
    ("scope_out", "Out of scope"),
    ("constraints", "Constraints"),
    ("assumptions", "Assumptions"),
    ("known_problems", "Known problems"),
]


def parse_whole(low: int, high: int, what: str):
    """A parser for a whole number within bounds (blank is the low bound)."""

    def parse(text: str) -> int:
        value = text.strip()
        if not value:
            return low
        if not value.lstrip("-").isdigit() or len(value) > 6:
            raise ValueError(f"{what} must be a whole number from {low} to {high}")
        number = int(value)
        if not low <= number <= high:
            raise ValueError(f"{what} must be from {low} to {high}")
        return number

    return parse


def parse_rate(text: str) -> int:
    """'8', '8 %', '8.25' -> basis points; 0-100 %."""
    rate = read_decimal(text.strip().rstrip("%"), comma=True, what="percentage")
    if rate is None:
        return 0
    if not 0 <= rate <= 100:
        raise ValueError("the discount rate must be between 0 % and 100 %")
    basis_points = rate * 100
    if basis_points != basis_points.to_integral_value():
        raise ValueError("at most two decimals")
    return int(basis_points)


# --- the charter page ---------------------------------------------------------------------------


def charter_page(data: InitiationData, ascii_only: bool) -> Text:
    text = Text("Charter\n", style="bold")
    if not data.has_charter:
        text.append("No charter yet: press e to write it.\n\n", style="bold")
    for name, label in CHARTER_LABELS:
        text.append(f"{label}\n", style="bold underline")
        value = getattr(data.charter, name)
        text.append(f"{value}\n\n" if value else "-\n\n")
    text.append("Business case\n", style="bold underline")
    text.append(data.verdict + "\n")
    return text


def gate_summary(data: InitiationData, ascii_only: bool) -> Text | None:
    if data.project.closed_on is not None:
        return Text(f"Closed on {data.project.closed_on.isoformat()} (read-only)", style="bold")
    if not data.gate_to:
        return None
    target = "close the project" if data.gate_to == "closed" else phase_label(data.gate_to)
    if data.gate_unmet:
        text = Text(f"Gate to {target} (>): ")
        count = len(data.gate_unmet)
        text.append(f"{count} {'criterion' if count == 1 else 'criteria'} not met", style="bold")
        return text
    return Text(f"Gate to {target} (>): all criteria met")


# --- goals, requirements, deliverables ------------------------------------------------------


def goal_rows(data: InitiationData) -> list[Row]:
    return [(id_of(g), [cell(g.title), cell(g.target), cell(g.measure)]) for g in data.goals]


def goal_fields(goal: Goal | None, data: Any) -> list[FormField]:
    g = goal or Goal(project_id=0, title="")
    return [
        FormField("title", "Goal", g.title, placeholder="e.g. faster order entry"),
        FormField("target", "Target", g.target, placeholder="e.g. under 2 s for 95 %"),
        FormField("measure", "How measured", g.measure, placeholder="e.g. APM p95 report"),
        FormField("result", "Final check", g.result, kind="select", options=RESULTS),
        FormField("evidence", "Evidence", g.evidence, "multiline"),
    ]


RESULTS = [("not checked", ""), ("met", "met"), ("partly", "partly"), ("not met", "not-met")]


def requirement_rows(data: InitiationData) -> list[Row]:
    return [(id_of(r), [cell(r.priority), cell(r.text)]) for r in data.requirements]


def requirement_fields(req: Requirement | None, data: Any) -> list[FormField]:
    r = req or Requirement(project_id=0, text="")
    return [
        FormField("text", "Requirement", r.text),
        select_field("priority", "Priority", r.priority, [(p, p) for p in REQUIREMENT_PRIORITIES]),
    ]


def deliverable_rows(data: InitiationData) -> list[Row]:
    return [
        (
            id_of(d),
            [
                cell(d.name),
                cell(d.due.isoformat() if d.due else "-"),
                cell(d.state),
                cell(d.acceptance_criteria.replace("\n", " ")),
            ],
        )
        for d in data.deliverables
    ]


def deliverable_fields(item: Deliverable | None, data: Any) -> list[FormField]:
    d = item or Deliverable(project_id=0, name="")
    iso = d.due.isoformat() if d.due else ""
    accepted = d.accepted_on.isoformat() if d.accepted_on else ""
    return [
        FormField("name", "Deliverable", d.name),
        FormField("acceptance_criteria", "Acceptance", d.acceptance_criteria, "multiline"),
        FormField("due", "Due", iso, parse=parse_date, placeholder="YYYY-MM-DD"),
        select_field("state", "State", d.state, [(s.value, s.value) for s in DeliverableState]),
        FormField("accepted_by", "Accepted by", d.accepted_by),
        FormField("accepted_on", "Accepted on", accepted, parse=parse_date),
        FormField("notes", "Notes", d.notes, "multiline"),
    ]


# --- business case ------------------------------------------------------------------------------


def case_rows(data: InitiationData) -> list[Row]:
    rows = []
    for line in data.case_lines:
        when = (
            f"y{line.first_year}-y{line.first_year + line.years - 1}"
            if line.recurring
            else f"y{line.first_year}"
        )
        rows.append(
            (
                id_of(line),
                [
                    cell(line.kind),
                    cell("recurring" if line.recurring else "one-off"),
                    cell(format_money(line.amount_cents), right=True),
                    cell(when),
                    cell(line.description),
                ],
            )
        )
    return rows


def case_summary(data: InitiationData, ascii_only: bool) -> Text:
    text = Text("Verdict: ", style="bold")
    text.append(data.verdict)
    case = data.case
    if case is not None and (case.total_cost or case.total_benefit):
        roi = "-" if case.roi_percent is None else f"{case.roi_percent} %"
        currency = data.charter.currency
        text.append(
            f"\nCosts {format_whole(case.total_cost)} {currency}, benefits "
            f"{format_whole(case.total_benefit)} {currency}, ROI {roi}; rate "
            f"{format_rate(data.charter.discount_rate_bp)} % (e on Charter)"
        )
    return text


def case_fields(line: BusinessCaseLine | None, data: Any) -> list[FormField]:
    c = line or BusinessCaseLine(project_id=0, description="")
    amount = format_money(c.amount_cents) if line else ""
    return [
        FormField("description", "Description", c.description),
        select_field("kind", "Kind", c.kind, [(k.value, k.value) for k in CaseKind]),
        FormField("recurring", "Recurring", c.recurring, "bool"),
        FormField(
            "amount_cents",
            "Amount",
            amount,
            parse=lambda text: parse_money(text, comma=decimal_comma(data.charter.currency)),
            placeholder="per year",
        ),
        FormField(
            "first_year",
            "First year",
            str(c.first_year),
            parse=parse_whole(0, 30, "the first year"),
            placeholder="0 = at the start",
        ),
        FormField(
            "years",
            "Years",
            str(c.years),
            parse=parse_whole(1, 30, "the number of years"),
            placeholder="for recurring lines",
        ),
    ]


# --- stakeholders and approvals ----------------------------------------------------------------


def stakeholder_rows(data: InitiationData) -> list[Row]:
    rows = []
    for s in data.stakeholders:
        sign = {"approve": "approved", "reject": "REJECTED"}.get(s.decision, "pending")
        rows.append(
            (
                s.id,
                [
                    cell(s.name),
                    cell(s.role),
                    cell(s.organisation),
                    cell(f"{s.influence}/{s.interest}"),
                    cell(sign if s.approval_required else "-"),
                    cell(s.communication),
                ],
            )
        )
    return rows


def stakeholder_grid(data: InitiationData, ascii_only: bool) -> Text | None:
    if not data.stakeholders:
        return None
    return Text("\n".join(power_interest_grid(data.stakeholders, 76, ascii_only)))


def stakeholder_fields(holder: Any, data: InitiationData) -> list[FormField]:
    h = holder or Stakeholder(project_id=0, person_id=0)
    levels = [(str(i), i) for i in range(1, 6)]
    people = [(p.name, p.id) for p in data.people]
    return [
        FormField("person_id", "Person", h.person_id or None, "select", people),
        FormField("role", "Role", h.role, placeholder="e.g. sponsor, key user"),
        FormField("organisation", "Organisation", h.organisation),
        select_field("influence", "Influence 1-5", h.influence, levels),
        select_field("interest", "Interest 1-5", h.interest, levels),
        FormField("communication", "Communication", h.communication, placeholder="e.g. weekly"),
        FormField("approval_required", "Must approve", h.approval_required, "bool"),
    ]


def approval_rows(data: InitiationData) -> list[Row]:
    return [
        (a.id, [cell(a.decided_on.isoformat()), cell(a.name), cell(a.decision), cell(a.comment)])
        for a in data.approvals
    ]


def approval_summary(data: InitiationData, ascii_only: bool) -> Text:
    required = [s for s in data.stakeholders if s.approval_required]
    if not required:
        return Text("No stakeholder's approval is required yet (Stakeholders: Must approve).")
    parts = []
    for s in required:
        parts.append(f"{s.name}: {s.decision or 'pending'}")
    return Text("Required: " + "; ".join(parts) + "   (a: sign off)")


def _find(items: list[Any], record_id: int) -> Any:
    return next((item for item in items if item.id == record_id), None)


class InitiationScreen(SectionScreen):
    PHASE = Phase.INITIATION
    SECTIONS = [
        Section("charter", "Charter", page=charter_page, summary=gate_summary),
        Section(
            "goals",
            "Goals",
            ["Goal", "Target", "How measured"],
            goal_rows,
            save=records.GOALS.save,
            delete=records.GOALS.delete,
            name_field="title",
            fields=goal_fields,
            record=lambda d, i: _find(d.goals, i),
            describe=lambda g: f"goal '{g.title}'",
            item="goal",
            wrap=True,
        ),
        Section(
            "requirements",
            "Reqs",
            ["Priority", "Requirement"],
            requirement_rows,
            save=records.REQUIREMENTS.save,
            delete=records.REQUIREMENTS.delete,
            name_field="text",
            fields=requirement_fields,
            record=lambda d, i: _find(d.requirements, i),
            describe=lambda r: "this requirement",
            item="requirement",
        ),
        Section(
            "deliverables",
            "Deliverables",
            ["Deliverable", "Due", "State", "Acceptance criteria"],
            deliverable_rows,
            save=records.DELIVERABLES.save,
            delete=records.DELIVERABLES.delete,
            name_field="name",
            fields=deliverable_fields,
            record=lambda d, i: _find(d.deliverables, i),
            describe=lambda d: f"deliverable '{d.name}'",
            item="deliverable",
        ),
        Section(
            "case",
            "Business case",
            ["Kind", "Type", "Amount", "Years", "Description"],
            case_rows,
            summary=case_summary,
            save=records.CASE_LINES.save,
            delete=records.CASE_LINES.delete,
            name_field="description",
            fields=case_fields,
            record=lambda d, i: _find(d.case_lines, i),
            describe=lambda c: f"'{c.description}'",
            item="business case line",
        ),
        Section(
            "stakeholders",
            "Stakeholders",
            ["Name", "Role", "Organisation", "I/N", "Approval", "Communication"],
            stakeholder_rows,
            below=stakeholder_grid,
            save=records.STAKEHOLDERS.save,
            delete=records.STAKEHOLDERS.delete,
            name_field="name",
            fields=stakeholder_fields,
            record=lambda d, i: _find(d.stakeholders, i),
            describe=lambda s: f"stakeholder {s.name}",
            item="stakeholder",
        ),
        Section(
            "approvals",
            "Approvals",
            ["Date", "Who", "Decision", "Comment"],
            approval_rows,
            summary=approval_summary,
            empty="No sign-off yet: press a to record one.",
        ),
    ]
    BINDINGS = [
        Binding("a", "approve", "Sign off", id="initiation.approve"),
    ]

    NEEDS_OVERVIEW = True

    def compose_page(self, name: str) -> ComposeResult:
        if name == "charter":
            yield Static("", classes="panel", id="details")
            yield Static(Text("Description", style="bold"), classes="section")
            yield Static("", classes="panel", id="description")

    def show_overview(self, overview: ProjectOverview) -> None:
        project = overview.project
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        today = overview.today
        since = project.phase_entered_on
        rows = [
            ("Code", project.code),
            ("Name", project.name),
            ("Type", project.project_type.replace("-", " ")),
            ("Methodology", project.methodology),
            ("Phase", phase_label(project.phase)),
            ("In phase since", f"{since.isoformat()} ({(today - since).days} d)" if since else "-"),
            ("Sponsor", project.sponsor or "-"),
            ("Manager", overview.manager or "-"),
            ("Start", project.start.isoformat() if project.start else "-"),
            ("Target finish", project.target_finish.isoformat() if project.target_finish else "-"),
            ("Tasks", f"{len(overview.work_tasks)} ({overview.percent_done}% done)"),
        ]
        for label, value in rows:
            table.add_row(Text(label), Text(value))
        self.query_one("#details", Static).update(table)
        description = project.description or "No description yet: press E to write one."
        self.query_one("#description", Static).update(Text(description))
        super().show_overview(overview)

    def load_data(self, then: Callable[[InitiationData], Any]) -> None:
        itpm_app(self).read(
            load_initiation, self.project_id, then=then, group=self.read_group(), exclusive=True
        )

    def section_allows(self, action: str) -> bool | None:
        # The charter page is edited with e; approvals are added with n (or a), never edited.
        name = self.section.name
        return (name == "charter" and action == "edit") or (name == "approvals" and action == "new")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "approve":
            return self.section.name in ("stakeholders", "approvals", "charter")
        return super().check_action(action, parameters)

    def open_form(self, record_id: int | None) -> None:
        name = self.section.name
        if name == "charter":
            self.edit_charter()
        elif name == "approvals":
            self.action_approve()
        else:
            super().open_form(record_id)

    def edit_charter(self) -> None:
        data: InitiationData | None = self.data
        if data is None:
            return
        charter = data.charter
        fields = [
            FormField(name, label, getattr(charter, name), "multiline")
            for name, label in CHARTER_LABELS
        ]
        fields.append(
            FormField(
                "discount_rate_bp",
                "Discount rate %",
                format_rate(charter.discount_rate_bp),
                parse=parse_rate,
                extra={"format": format_rate},
            )
        )
        fields.append(FormField("currency", "Currency", charter.currency))
        project_id = self.project_id
        # The charter as read for this form: a save over a later change elsewhere is refused.
        version = charter.version if data.has_charter else NO_CHARTER

        def save(session: Session, values: dict[str, Any]) -> int:
            return id_of(save_charter(session, project_id, values, version))

        def reload() -> None:
            # The form again, once the screen has read the charter afresh.
            self.pending_form = -1
            self.reload_data()

        self.app.push_screen(
            FormScreen("Charter", fields, FormWrite("edit the charter", save), reload=reload),
            lambda saved: self.reload_data() if saved is not None else None,
        )

    def action_approve(self) -> None:
        data: InitiationData | None = self.data
        if data is None:
            return
        # Only the stakeholders whose approval the project requires may sign off.
        approvers = [(s.name, s.person_id) for s in data.stakeholders if s.approval_required]
        if not approvers:
            self.notify(
                "No approvers yet: set 'Must approve' on a stakeholder in the register first.",
                severity="warning",
            )
            return
        preselect = None
        if self.section.name == "stakeholders":
            chosen = _find(data.stakeholders, self.selected_id() or -1)
            preselect = chosen.person_id if chosen and chosen.approval_required else None
        today = itpm_app(self).today
        fields = [
            FormField("person_id", "Who", preselect, "select", approvers),
            select_field("decision", "Decision", "approve", [(d.value, d.value) for d in Decision]),
            FormField("comment", "Comment", "", "multiline"),
            FormField(
                "decided_on", "Date", today.isoformat(), parse=lambda s: parse_date(s, today=today)
            ),
        ]
        project_id = self.project_id

        def save(session: Session, values: dict[str, Any]) -> int:
            approval = record_approval(
                session,
                project_id,
                values["person_id"],
                values["decision"],
                values["comment"],
                values["decided_on"],
            )
            return id_of(approval)

        names = {person_id: name for name, person_id in approvers}

        def label(values: dict[str, Any]) -> str:
            who = names.get(values["person_id"], "a stakeholder")
            return f"sign off the charter: {who} {values['decision']}s"

        self.app.push_screen(
            FormScreen("Sign off the charter", fields, FormWrite(label, save)),
            lambda saved: self.reload_data() if saved is not None else None,
        )
