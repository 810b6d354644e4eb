"""Everything the Initiation screen shows, read in one go: charter, register, business case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from itpm_tui.models import (
    BusinessCaseLine,
    CaseKind,
    Charter,
    Deliverable,
    Goal,
    Person,
    Project,
    Requirement,
)
from itpm_tui.services.lifecycle.business_case import (
    BusinessCaseError,
    CaseLine,
    CaseResult,
    evaluate,
    verdict,
)
from itpm_tui.services.lifecycle.documents import get_charter, list_records
from itpm_tui.services.lifecycle.gates import GateFacts, load_facts, next_phase, unmet_criteria
from itpm_tui.services.lifecycle.stakeholders import (
    ApprovalRow,
    StakeholderRow,
    list_approvals,
    list_stakeholders,
)
from itpm_tui.services.portfolio.projects import get_project
from itpm_tui.services.resources.people import list_people


@dataclass(frozen=True)
class InitiationData:
    project: Project
    charter: Charter
    has_charter: bool
    goals: list[Goal]
    requirements: list[Requirement]
    deliverables: list[Deliverable]
    case_lines: list[BusinessCaseLine]
    case: CaseResult | None
    verdict: str
    stakeholders: list[StakeholderRow]
    approvals: list[ApprovalRow]
    people: list[Person]
    gate_unmet: list[str]
    gate_to: str


def case_lines(lines: list[BusinessCaseLine]) -> list[CaseLine]:
    return [
        CaseLine(
            amount=line.amount_cents,
            is_benefit=line.kind == CaseKind.BENEFIT.value,
            first_year=line.first_year,
            years=line.years,
        )
        for line in lines
    ]


def business_case(
    lines: list[BusinessCaseLine], charter: Charter, start: date | None
) -> tuple[CaseResult | None, str]:
    try:
        result = evaluate(case_lines(lines), charter.discount_rate_bp, start)
    except BusinessCaseError as exc:
        return None, f"cannot evaluate: {exc}"
    return result, verdict(result, charter.discount_rate_bp, charter.currency)


def load_initiation(session: Session, project_id: int) -> InitiationData:
    project = get_project(session, project_id)
    charter = get_charter(session, project_id)
    has_charter = charter is not None
    charter = charter or Charter(project_id=project_id)
    lines = list_records(session, BusinessCaseLine, project_id)
    case, line = business_case(lines, charter, project.start)
    gate_unmet: list[str] = []
    gate_to = ""
    if project.closed_on is None:
        facts: GateFacts = load_facts(session, project)
        gate_unmet = unmet_criteria(facts)
        gate_to = next_phase(project.phase)
    return InitiationData(
        project=project,
        charter=charter,
        has_charter=has_charter,
        goals=list_records(session, Goal, project_id),
        requirements=list_records(session, Requirement, project_id),
        deliverables=list_records(session, Deliverable, project_id),
        case_lines=lines,
        case=case,
        verdict=line,
        stakeholders=list_stakeholders(session, project_id),
        approvals=list_approvals(session, project_id),
        people=list_people(session),
        gate_unmet=gate_unmet,
        gate_to=gate_to,
    )
