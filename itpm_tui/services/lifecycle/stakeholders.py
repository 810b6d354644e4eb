"""Stakeholder register, charter approvals and the power/interest grid drawn in text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from itpm_tui.models import Approval, Decision, Person, Stakeholder
from itpm_tui.services.lifecycle.documents import ensure_open
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.text import clean_text

# 1-5 scales; 3 and above counts as high on the grid (a "3" still needs attention).
HIGH = 3


@dataclass(frozen=True)
class StakeholderRow:
    id: int
    person_id: int
    name: str
    role: str
    organisation: str
    influence: int
    interest: int
    communication: str
    approval_required: bool
    decision: str  # the latest approve/reject, or ""
    decided_on: date | None
    comment: str


@dataclass(frozen=True)
class ApprovalRow:
    id: int
    name: str
    decision: str
    comment: str
    decided_on: date


def list_stakeholders(session: Session, project_id: int) -> list[StakeholderRow]:
    rows = session.exec(
        select(Stakeholder, Person)
        .join(Person, col(Person.id) == col(Stakeholder.person_id))
        .where(Stakeholder.project_id == project_id)
        .order_by(col(Person.name), col(Stakeholder.id))
    ).all()
    latest = _latest_decisions(session, project_id)
    out = []
    for holder, person in rows:
        approval = latest.get(holder.id)  # type: ignore[arg-type]
        out.append(
            StakeholderRow(
                id=holder.id,  # type: ignore[arg-type]
                person_id=holder.person_id,
                name=person.name,
                role=holder.role,
                organisation=holder.organisation,
                influence=holder.influence,
                interest=holder.interest,
                communication=holder.communication,
                approval_required=holder.approval_required,
                decision=approval.decision if approval else "",
                decided_on=approval.decided_on if approval else None,
                comment=approval.comment if approval else "",
            )
        )
    return out


def _latest_decisions(session: Session, project_id: int) -> dict[int, Approval]:
    approvals = session.exec(
        select(Approval)
        .where(Approval.project_id == project_id)
        .order_by(col(Approval.decided_on), col(Approval.id))
    ).all()
    return {a.stakeholder_id: a for a in approvals}


def list_approvals(session: Session, project_id: int) -> list[ApprovalRow]:
    rows = session.exec(
        select(Approval, Person)
        .join(Stakeholder, col(Stakeholder.id) == col(Approval.stakeholder_id))
        .join(Person, col(Person.id) == col(Stakeholder.person_id))
        .where(Approval.project_id == project_id)
        .order_by(col(Approval.decided_on).desc(), col(Approval.id).desc())
    ).all()
    return [
        ApprovalRow(a.id, p.name, a.decision, a.comment, a.decided_on)  # type: ignore[arg-type]
        for a, p in rows
    ]


def record_approval(
    session: Session,
    project_id: int,
    person_id: int | None,
    decision: str,
    comment: str,
    on: date | None,
) -> Approval:
    """A sign-off by a person whose approval the project requires; anyone else is refused."""
    ensure_open(session, project_id)
    errors: dict[str, str] = {}
    person = session.get(Person, person_id) if person_id is not None else None
    holder = None
    if person is None:
        errors["person_id"] = "choose who signs off"
    else:
        holder = session.exec(
            select(Stakeholder).where(
                Stakeholder.project_id == project_id, Stakeholder.person_id == person.id
            )
        ).first()
        if holder is None:
            errors["person_id"] = (
                f"{person.name} is not a stakeholder of this project: "
                "add them to the register first"
            )
        elif not holder.approval_required:
            errors["person_id"] = f"{person.name}'s approval is not required for this project"
    if decision not in {d.value for d in Decision}:
        errors["decision"] = "approve or reject"
    text = clean_text(comment or "", multiline=True)
    if decision == Decision.REJECT.value and not text:
        errors["comment"] = "say why it is rejected"
    if on is None:
        errors["decided_on"] = "a date is required"
    if errors:
        raise ValidationError(errors)
    approval = Approval(
        project_id=project_id,
        stakeholder_id=holder.id,  # type: ignore[union-attr,arg-type]
        decision=decision,
        comment=text,
        decided_on=on,  # type: ignore[arg-type]
    )
    session.add(approval)
    session.flush()
    return approval


def missing_approvals(rows: list[StakeholderRow]) -> list[str]:
    """Names of stakeholders whose approval is required and not (latest) given."""
    return [r.name for r in rows if r.approval_required and r.decision != Decision.APPROVE.value]


QUADRANTS = (
    # (title, high influence?, high interest?)
    ("Keep satisfied", True, False),
    ("Manage closely", True, True),
    ("Monitor", False, False),
    ("Keep informed", False, True),
)


def quadrant(row: StakeholderRow) -> str:
    for title, power, interest in QUADRANTS:
        if (row.influence >= HIGH) == power and (row.interest >= HIGH) == interest:
            return title
    raise AssertionError("unreachable")


def power_interest_grid(
    rows: list[StakeholderRow], width: int = 76, ascii_only: bool = True
) -> list[str]:
    """A 2x2 grid: influence up, interest right; each cell lists its stakeholders (I/N scores)."""
    inner = max(20, (width - 3) // 2)
    v, h, corner = ("|", "-", "+") if ascii_only else ("\u2502", "\u2500", "\u253c")
    cells: dict[str, list[str]] = {title: [] for title, _, _ in QUADRANTS}
    for row in rows:
        mark = "*" if row.approval_required else ""
        cells[quadrant(row)].append(f"{row.name}{mark} {row.influence}/{row.interest}")

    def block(left: str, right: str) -> list[str]:
        left_lines = [left.upper(), *cells[left]]
        right_lines = [right.upper(), *cells[right]]
        height = max(len(left_lines), len(right_lines), 2)
        out = []
        for i in range(height):
            a = left_lines[i] if i < len(left_lines) else ""
            b = right_lines[i] if i < len(right_lines) else ""
            out.append(f"{_fit(a, inner)}{v}{_fit(b, inner)}")
        return out

    lines = [
        "Influence ^ (high: " + str(HIGH) + "-5)   * approval required   I/N = influence/interest"
    ]
    lines += block("Keep satisfied", "Manage closely")
    lines.append(h * inner + corner + h * inner)
    lines += block("Monitor", "Keep informed")
    lines.append(f"{'low interest':<{inner}} {'high interest -> Interest':>{inner}}")
    return lines


def _fit(text: str, width: int) -> str:
    text = " " + text
    return text[:width].ljust(width) if len(text) <= width else text[: width - 3] + "..."
