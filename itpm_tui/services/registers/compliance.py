"""Regulatory compliance: frameworks of requirements, their audit, remediation tasks, summaries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from itpm_tui.models import ComplianceFramework, ComplianceRequirement, Task
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.registers.compliance_starters import STARTERS
from itpm_tui.services.registers.fields import choice, project_of, required
from itpm_tui.services.shared.errors import ItpmError, ValidationError
from itpm_tui.services.shared.records import fetch
from itpm_tui.services.shared.text import clean_text

STATUSES = ("unassessed", "compliant", "gap", "n/a")


@dataclass(frozen=True)
class FrameworkSummary:
    """How one framework stands: counts per verdict and remediation due."""

    framework_id: int
    name: str
    total: int
    compliant: int
    gaps_open: int
    not_applicable: int
    unassessed: int
    remediation_overdue: int
    next_remediation_due: date | None

    @property
    def percent_compliant(self) -> int:
        """Compliant among the applicable requirements, rounded down."""
        applicable = self.total - self.not_applicable
        return 100 * self.compliant // applicable if applicable else 100


@dataclass(frozen=True)
class RequirementRow:
    id: int
    framework_id: int
    framework: str
    ref: str
    title: str
    current_state: str
    status: str
    evidence: str
    due: date | None
    remediation_task_id: int | None
    remediation_task: str


@dataclass(frozen=True)
class ComplianceGap:
    """For the monitoring dashboard: a requirement found not met."""

    requirement_id: int
    framework: str
    ref: str
    title: str
    due: date | None
    remediation_task_id: int | None


@dataclass
class RequirementInput:
    framework_id: int | None
    title: str
    ref: str = ""
    current_state: str = ""
    status: str = "unassessed"
    evidence: str = ""
    due: date | None = None


def summarise(
    framework_id: int, name: str, rows: list[tuple[str, date | None]], today: date
) -> FrameworkSummary:
    """Pure: (status, remediation due) of each requirement -> the framework's summary."""
    gaps = [due for status, due in rows if status == "gap"]
    dues = [due for due in gaps if due is not None]
    return FrameworkSummary(
        framework_id=framework_id,
        name=name,
        total=len(rows),
        compliant=sum(status == "compliant" for status, _ in rows),
        gaps_open=len(gaps),
        not_applicable=sum(status == "n/a" for status, _ in rows),
        unassessed=sum(status == "unassessed" for status, _ in rows),
        remediation_overdue=sum(due < today for due in dues),
        next_remediation_due=min((d for d in dues if d >= today), default=None),
    )


def list_frameworks(session: Session, project_id: int) -> list[ComplianceFramework]:
    return list(
        session.exec(
            select(ComplianceFramework)
            .where(ComplianceFramework.project_id == project_id)
            .order_by(col(ComplianceFramework.name))
        )
    )


def add_framework(
    session: Session, project_id: int, name: str, description: str = "", starter: str | None = None
) -> ComplianceFramework:
    """A framework for the project, filled with a starter set when one is named."""
    project_of(session, project_id)
    errors: dict[str, str] = {}
    clean = required(errors, "name", name or (starter or ""), "a name")
    if starter and starter not in STARTERS:
        errors["starter"] = f"no starter set '{starter}'"
    taken = session.exec(
        select(ComplianceFramework.id).where(
            ComplianceFramework.project_id == project_id, ComplianceFramework.name == clean
        )
    ).first()
    if taken is not None:
        errors["name"] = f"this project already has '{clean}'"
    if errors:
        raise ValidationError(errors)
    framework = ComplianceFramework(
        project_id=project_id, name=clean, description=clean_text(description)
    )
    session.add(framework)
    session.flush()
    for ref, title in STARTERS.get(starter or "", []):
        session.add(ComplianceRequirement(framework_id=framework.id, ref=ref, title=title))  # type: ignore[arg-type]
    session.flush()
    return framework


def rename_framework(
    session: Session, framework_id: int, name: str, description: str = ""
) -> ComplianceFramework:
    framework = fetch(session, ComplianceFramework, framework_id, "framework")
    errors: dict[str, str] = {}
    clean = required(errors, "name", name, "a name")
    taken = session.exec(
        select(ComplianceFramework.id).where(
            ComplianceFramework.project_id == framework.project_id,
            ComplianceFramework.name == clean,
            ComplianceFramework.id != framework_id,
        )
    ).first()
    if taken is not None:
        errors["name"] = f"this project already has '{clean}'"
    if errors:
        raise ValidationError(errors)
    framework.name, framework.description = clean, clean_text(description)
    session.add(framework)
    session.flush()
    return framework


def delete_framework(session: Session, framework_id: int) -> None:
    session.delete(fetch(session, ComplianceFramework, framework_id, "framework"))
    session.flush()


def list_requirements(session: Session, project_id: int) -> list[RequirementRow]:
    query = (
        select(ComplianceRequirement, ComplianceFramework.name, Task.title)
        .join(
            ComplianceFramework,
            col(ComplianceFramework.id) == col(ComplianceRequirement.framework_id),
        )
        .join(Task, col(Task.id) == col(ComplianceRequirement.remediation_task_id), isouter=True)
        .where(ComplianceFramework.project_id == project_id)
        .order_by(col(ComplianceFramework.name), col(ComplianceRequirement.id))
    )
    return [
        RequirementRow(
            r.id,  # type: ignore[arg-type]
            r.framework_id,
            name,
            r.ref,
            r.title,
            r.current_state,
            r.status,
            r.evidence,
            r.due,
            r.remediation_task_id,
            task or "",
        )
        for r, name, task in session.exec(query)
    ]


def save_requirement(
    session: Session, project_id: int, requirement_id: int | None, data: RequirementInput
) -> ComplianceRequirement:
    """Add or audit a requirement: the environment's state, a verdict, evidence, a due date."""
    errors: dict[str, str] = {}
    title = required(errors, "title", data.title, "a requirement")
    choice(errors, "status", data.status, STATUSES)
    framework = session.get(ComplianceFramework, data.framework_id) if data.framework_id else None
    if framework is None or framework.project_id != project_id:
        errors["framework_id"] = "choose a framework of this project (add one with f)"
    if data.status == "gap" and not clean_text(data.current_state):
        errors["current_state"] = "describe the environment's state that makes it a gap"
    if errors:
        raise ValidationError(errors)
    requirement = (
        fetch(session, ComplianceRequirement, requirement_id, "requirement")
        if requirement_id
        else ComplianceRequirement(framework_id=data.framework_id, title="")  # type: ignore[arg-type]
    )
    requirement.framework_id = data.framework_id  # type: ignore[assignment]
    requirement.title, requirement.ref = title, clean_text(data.ref)
    requirement.current_state = clean_text(data.current_state, multiline=True)
    requirement.status = data.status
    requirement.evidence = clean_text(data.evidence, multiline=True)
    requirement.due = data.due
    session.add(requirement)
    session.flush()
    return requirement


def delete_requirement(session: Session, requirement_id: int) -> None:
    session.delete(fetch(session, ComplianceRequirement, requirement_id, "requirement"))
    session.flush()


def create_remediation_task(session: Session, requirement_id: int, today: date) -> Task:
    """A task in the project to close a gap, linked to the requirement (one per gap)."""
    requirement = fetch(session, ComplianceRequirement, requirement_id, "requirement")
    if requirement.status != "gap":
        raise ItpmError("Only a gap needs remediation: mark the requirement as a gap first.")
    if requirement.remediation_task_id is not None:
        raise ItpmError("This gap already has its remediation task.")
    framework = fetch(session, ComplianceFramework, requirement.framework_id, "framework")
    ref = f"{requirement.ref} " if requirement.ref else ""
    title = f"Remediate {framework.name} {ref}{requirement.title}"[:200]
    task = create_task(
        session,
        framework.project_id,
        TaskInput(
            title=title,
            description=requirement.current_state,
            finish=requirement.due if requirement.due and requirement.due >= today else None,
            tags="compliance",
        ),
    )
    requirement.remediation_task_id = task.id
    session.add(requirement)
    session.flush()
    return task


def framework_summaries(session: Session, project_id: int, today: date) -> list[FrameworkSummary]:
    rows = list_requirements(session, project_id)
    return [
        summarise(
            f.id,  # type: ignore[arg-type]
            f.name,
            [(r.status, r.due) for r in rows if r.framework_id == f.id],
            today,
        )
        for f in list_frameworks(session, project_id)
    ]


def open_compliance_gaps(session: Session, project_id: int) -> list[ComplianceGap]:
    """Requirements marked as gaps, the soonest due first."""
    gaps = [
        ComplianceGap(r.id, r.framework, r.ref, r.title, r.due, r.remediation_task_id)
        for r in list_requirements(session, project_id)
        if r.status == "gap"
    ]
    return sorted(gaps, key=lambda g: (g.due or date.max, g.requirement_id))


def get_framework(session: Session, framework_id: int) -> ComplianceFramework:
    return fetch(session, ComplianceFramework, framework_id, "framework")


def get_requirement(session: Session, requirement_id: int) -> ComplianceRequirement:
    return fetch(session, ComplianceRequirement, requirement_id, "requirement")
