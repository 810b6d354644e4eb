"""The risk register: risks of a project, their re-assessments, and which are past review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from itpm_tui.models import Person, Risk, RiskAssessment
from itpm_tui.services.registers import risks as risk_rules
from itpm_tui.services.registers.fields import choice, person_exists, project_of, required
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import check_version, fetch, touch
from itpm_tui.services.shared.text import clean_text


@dataclass
class RiskInput:
    title: str
    category: str = "technical"
    probability: int | None = 3
    impact: int | None = 3
    owner_id: int | None = None
    trigger: str = ""
    response: str = "mitigate"
    mitigation: str = ""
    contingency: str = ""
    status: str = "open"
    next_review: date | None = None


@dataclass(frozen=True)
class RiskRow:
    id: int
    title: str
    category: str
    probability: int
    impact: int
    score: int
    level: str
    owner: str
    response: str
    status: str
    next_review: date | None
    review_due: bool
    trigger: str
    version: int


@dataclass(frozen=True)
class RiskPastReview:
    """For the monitoring dashboard: a risk whose review date has passed."""

    id: int
    title: str
    score: int
    owner: str
    next_review: date
    days_late: int


@dataclass(frozen=True)
class Assessment:
    assessed_on: date
    probability: int
    impact: int
    score: int
    note: str


def _scale(errors: dict[str, str], name: str, value: int | None) -> int:
    if value is None or not 1 <= value <= 5:
        errors[name] = "give a whole number from 1 to 5"
        return 3
    return value


def _validated(session: Session, data: RiskInput) -> RiskInput:
    errors: dict[str, str] = {}
    clean = RiskInput(
        title=required(errors, "title", data.title, "a title"),
        category=choice(errors, "category", data.category, risk_rules.CATEGORIES),
        probability=_scale(errors, "probability", data.probability),
        impact=_scale(errors, "impact", data.impact),
        owner_id=data.owner_id,
        trigger=clean_text(data.trigger),
        response=choice(errors, "response", data.response, risk_rules.RESPONSES),
        mitigation=clean_text(data.mitigation, multiline=True),
        contingency=clean_text(data.contingency, multiline=True),
        status=choice(errors, "status", data.status, risk_rules.STATUSES),
        next_review=data.next_review,
    )
    person_exists(session, errors, "owner_id", data.owner_id)
    if errors:
        raise ValidationError(errors)
    return clean


def get_risk(session: Session, risk_id: int) -> Risk:
    return fetch(session, Risk, risk_id, "risk")


def list_risks(session: Session, project_id: int, today: date) -> list[RiskRow]:
    """Risks of a project, highest score first."""
    query = (
        select(Risk, Person.name)
        .join(Person, col(Risk.owner_id) == col(Person.id), isouter=True)
        .where(Risk.project_id == project_id)
    )
    rows = []
    for risk, owner in session.exec(query):
        value = risk.probability * risk.impact
        rows.append(
            RiskRow(
                id=risk.id,  # type: ignore[arg-type]
                title=risk.title,
                category=risk.category,
                probability=risk.probability,
                impact=risk.impact,
                score=value,
                level=risk_rules.level(value),
                owner=owner or "",
                response=risk.response,
                status=risk.status,
                next_review=risk.next_review,
                review_due=risk_rules.review_due(risk.next_review, risk.status, today),
                trigger=risk.trigger,
                version=risk.version,
            )
        )
    rows.sort(key=lambda r: (-r.score, r.title.lower(), r.id))
    return rows


def _record(session: Session, risk: Risk, on: date, note: str = "") -> None:
    session.add(
        RiskAssessment(
            risk_id=risk.id,  # type: ignore[arg-type]
            assessed_on=on,
            probability=risk.probability,
            impact=risk.impact,
            note=clean_text(note),
        )
    )


def create_risk(session: Session, project_id: int, data: RiskInput, today: date) -> Risk:
    """Add a risk; its first assessment is kept, and a review date follows from its score."""
    project_of(session, project_id)
    clean = _validated(session, data)
    risk = Risk(project_id=project_id, **clean.__dict__)
    if risk.next_review is None:
        risk.next_review = risk_rules.next_review_after(today, risk.probability * risk.impact)
    session.add(risk)
    session.flush()
    _record(session, risk, today, "first assessment")
    session.flush()
    return risk


def update_risk(
    session: Session,
    risk_id: int,
    data: RiskInput,
    today: date,
    expected_version: int | None = None,
) -> Risk:
    """Edit a risk; a changed probability or impact is kept as a re-assessment."""
    risk = get_risk(session, risk_id)
    check_version(risk, expected_version, "risk")
    clean = _validated(session, data)
    rescored = (clean.probability, clean.impact) != (risk.probability, risk.impact)
    for name, value in clean.__dict__.items():
        setattr(risk, name, value)
    touch(risk)
    session.add(risk)
    if rescored:
        _record(session, risk, today, "edited")
    session.flush()
    return risk


def reassess(
    session: Session,
    risk_id: int,
    probability: int | None,
    impact: int | None,
    today: date,
    note: str = "",
    next_review: date | None = None,
) -> Risk:
    """Record a re-assessment: the new score is kept in the history, the review date moves on."""
    risk = get_risk(session, risk_id)
    errors: dict[str, str] = {}
    probability = _scale(errors, "probability", probability)
    impact = _scale(errors, "impact", impact)
    if next_review is not None and next_review < today:
        errors["next_review"] = "the next review cannot be in the past"
    if errors:
        raise ValidationError(errors)
    risk.probability, risk.impact = probability, impact
    risk.next_review = next_review or risk_rules.next_review_after(today, probability * impact)
    touch(risk)
    session.add(risk)
    _record(session, risk, today, note)
    session.flush()
    return risk


def history(session: Session, risk_id: int) -> list[Assessment]:
    """Every assessment of a risk, oldest first."""
    get_risk(session, risk_id)
    query = (
        select(RiskAssessment)
        .where(RiskAssessment.risk_id == risk_id)
        .order_by(col(RiskAssessment.assessed_on), col(RiskAssessment.id))
    )
    return [
        Assessment(a.assessed_on, a.probability, a.impact, a.probability * a.impact, a.note)
        for a in session.exec(query)
    ]


def delete_risk(session: Session, risk_id: int) -> None:
    session.delete(get_risk(session, risk_id))
    session.flush()


def risks_past_review(session: Session, project_id: int, today: date) -> list[RiskPastReview]:
    """Risks not closed whose review date is before today, the longest overdue first."""
    late = [
        RiskPastReview(r.id, r.title, r.score, r.owner, r.next_review, (today - r.next_review).days)  # type: ignore[operator,arg-type]
        for r in list_risks(session, project_id, today)
        if r.review_due
    ]
    return sorted(late, key=lambda r: (-r.days_late, -r.score, r.id))
