"""Charter, goals, requirements, deliverables, business case, stakeholders, handover, feedback
and lessons of a project: validated saves and deletes, refused once the project is closed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, col, select

from itpm_tui.models import (
    BusinessCaseLine,
    CaseKind,
    Charter,
    Deliverable,
    DeliverableState,
    Feedback,
    Goal,
    GoalResult,
    HandoverItem,
    Lesson,
    Person,
    Project,
    Requirement,
    Stakeholder,
)
from itpm_tui.services.lifecycle.business_case import MAX_RATE_BP, MAX_YEAR, MAX_YEARS
from itpm_tui.services.shared.errors import ItpmError, NotFound, StaleEdit, ValidationError
from itpm_tui.services.shared.records import fetch, stale_message, touch
from itpm_tui.services.shared.text import clean_text

RecordT = TypeVar("RecordT", bound=SQLModel)
Values = dict[str, Any]

REQUIREMENT_PRIORITIES = ("must", "should", "could", "wont")
MAX_TEXT = 4000


class ProjectClosed(ItpmError):
    """A write to a closed project."""


def ensure_open(session: Session, project_id: int) -> Project:
    """The project, if it may still be changed; a closed project is read-only."""
    project = fetch(session, Project, project_id, "project")
    if project.closed_on is not None:
        raise ProjectClosed(
            f"{project.code} was closed on {project.closed_on.isoformat()} and is read-only; "
            "reopen it (Closure screen, key O) to change it."
        )
    return project


def closed_reason(session: Session, project_id: int | None) -> str | None:
    """Why a form for this project would refuse to save (it is closed), or None: an opener
    says so at the key rather than open a form only to refuse it at save."""
    if project_id is None:
        return None
    try:
        ensure_open(session, project_id)
    except ProjectClosed as exc:
        return str(exc)
    return None


# --- field cleaning ------------------------------------------------------------------------


def _text(values: Values, name: str, *, multiline: bool = False) -> str:
    return clean_text(str(values.get(name) or ""), multiline=multiline)[:MAX_TEXT]


def _required(errors: dict[str, str], values: Values, name: str, what: str) -> str:
    value = _text(values, name)
    if not value:
        errors[name] = f"{what} is required"
    return value


def _int_in(
    errors: dict[str, str], values: Values, name: str, low: int, high: int, what: str
) -> int:
    raw = values.get(name)
    try:
        number = int(str(raw).strip()) if not isinstance(raw, int) else raw
    except (TypeError, ValueError):
        errors[name] = f"{what} must be a whole number from {low} to {high}"
        return low
    if isinstance(number, bool) or not low <= number <= high:
        errors[name] = f"{what} must be from {low} to {high}"
    return number


def _one_of(errors: dict[str, str], values: Values, name: str, allowed: tuple[str, ...]) -> str:
    value = str(values.get(name) or "")
    if value not in allowed:
        choices = ", ".join(a or "-" for a in allowed)
        errors[name] = f"'{clean_text(value)[:30]}' is not one of {choices}"
    return value


def _date_or_none(errors: dict[str, str], values: Values, name: str) -> date | None:
    value = values.get(name)
    if value is None or isinstance(value, date):
        return value
    errors[name] = "not a date"
    return None


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# --- validators: raw form values -> clean column values ----------------------------------


def clean_goal(session: Session, project_id: int, values: Values) -> Values:
    errors: dict[str, str] = {}
    out = {
        "title": _required(errors, values, "title", "a goal"),
        "target": _text(values, "target"),
        "measure": _text(values, "measure"),
        "result": _one_of(
            errors,
            values | {"result": values.get("result") or ""},
            "result",
            tuple(r.value for r in GoalResult),
        ),
        "evidence": _text(values, "evidence", multiline=True),
    }
    if out["title"] and not out["target"]:
        errors["target"] = "a measurable goal needs a target (e.g. 'under 2 s', '95 %')"
    _raise(errors)
    return out


def clean_requirement(session: Session, project_id: int, values: Values) -> Values:
    errors: dict[str, str] = {}
    out = {
        "text": _required(errors, values, "text", "the requirement"),
        "priority": _one_of(errors, values, "priority", REQUIREMENT_PRIORITIES),
    }
    _raise(errors)
    return out


def clean_deliverable(session: Session, project_id: int, values: Values) -> Values:
    errors: dict[str, str] = {}
    out = {
        "name": _required(errors, values, "name", "a name"),
        "acceptance_criteria": _text(values, "acceptance_criteria", multiline=True),
        "due": _date_or_none(errors, values, "due"),
        "state": _one_of(
            errors,
            values | {"state": values.get("state") or DeliverableState.OPEN.value},
            "state",
            tuple(s.value for s in DeliverableState),
        ),
        "accepted_by": _text(values, "accepted_by"),
        "accepted_on": _date_or_none(errors, values, "accepted_on"),
        "notes": _text(values, "notes", multiline=True),
    }
    if out["state"] == DeliverableState.ACCEPTED.value:
        if not out["accepted_by"]:
            errors["accepted_by"] = "say who accepted it"
        if out["accepted_on"] is None:
            errors["accepted_on"] = "say when it was accepted"
    if out["state"] == DeliverableState.WAIVED.value and not out["notes"]:
        errors["notes"] = "say why it is waived"
    _raise(errors)
    return out


def clean_case_line(session: Session, project_id: int, values: Values) -> Values:
    errors: dict[str, str] = {}
    amount = values.get("amount_cents")
    if amount is None:
        errors["amount_cents"] = "an amount is required"
        amount = 0
    elif not isinstance(amount, int) or amount < 0:
        errors["amount_cents"] = "must be an amount of zero or more"
        amount = 0
    out = {
        "description": _required(errors, values, "description", "a description"),
        "kind": _one_of(errors, values, "kind", tuple(k.value for k in CaseKind)),
        "recurring": bool(values.get("recurring")),
        "amount_cents": amount,
        "first_year": _int_in(errors, values, "first_year", 0, MAX_YEAR, "the first year"),
        "years": 1,
    }
    if out["recurring"]:
        out["years"] = _int_in(errors, values, "years", 1, MAX_YEARS, "the number of years")
    _raise(errors)
    return out


def clean_stakeholder(session: Session, project_id: int, values: Values) -> Values:
    errors: dict[str, str] = {}
    person_id = values.get("person_id")
    if person_id is None:
        errors["person_id"] = "choose a person (add them under People first)"
    elif session.get(Person, person_id) is None:
        errors["person_id"] = "that person no longer exists"
    out = {
        "person_id": person_id,
        "role": _text(values, "role"),
        "organisation": _text(values, "organisation"),
        "influence": _int_in(errors, values, "influence", 1, 5, "influence"),
        "interest": _int_in(errors, values, "interest", 1, 5, "interest"),
        "communication": _text(values, "communication"),
        "approval_required": bool(values.get("approval_required")),
    }
    _raise(errors)
    return out


def clean_handover(session: Session, project_id: int, values: Values) -> Values:
    errors: dict[str, str] = {}
    out = {
        "title": _required(errors, values, "title", "the item"),
        "owner": _text(values, "owner"),
        "done": bool(values.get("done")),
    }
    if out["done"] and not out["owner"]:
        errors["owner"] = "an item handed over needs its owner in operations"
    _raise(errors)
    return out


def clean_feedback(session: Session, project_id: int, values: Values) -> Values:
    errors: dict[str, str] = {}
    stakeholder_id = values.get("stakeholder_id")
    if stakeholder_id is not None:
        found = session.get(Stakeholder, stakeholder_id)
        if found is None or found.project_id != project_id:
            errors["stakeholder_id"] = "not a stakeholder of this project"
    out = {
        "stakeholder_id": stakeholder_id,
        "score": _int_in(errors, values, "score", 1, 5, "the score"),
        "comment": _text(values, "comment", multiline=True),
    }
    _raise(errors)
    return out


def clean_lesson(session: Session, project_id: int, values: Values) -> Values:
    errors: dict[str, str] = {}
    out = {
        "category": _text(values, "category").lower(),
        "went_well": _text(values, "went_well", multiline=True),
        "went_badly": _text(values, "went_badly", multiline=True),
        "recommendation": _text(values, "recommendation", multiline=True),
        "recorded_on": _date_or_none(errors, values, "recorded_on"),
    }
    if not (out["went_well"] or out["went_badly"] or out["recommendation"]):
        errors["went_well"] = "write at least what went well, what did not, or a recommendation"
    _raise(errors)
    return out


Cleaner = Callable[[Session, int, Values], Values]

CLEANERS: dict[type[SQLModel], Cleaner] = {
    Goal: clean_goal,
    Requirement: clean_requirement,
    Deliverable: clean_deliverable,
    BusinessCaseLine: clean_case_line,
    Stakeholder: clean_stakeholder,
    HandoverItem: clean_handover,
    Feedback: clean_feedback,
    Lesson: clean_lesson,
}

# Readable names for messages.
WHAT: dict[type[SQLModel], str] = {
    Goal: "goal",
    Requirement: "requirement",
    Deliverable: "deliverable",
    BusinessCaseLine: "business case line",
    Stakeholder: "stakeholder",
    HandoverItem: "handover item",
    Feedback: "feedback",
    Lesson: "lesson",
}


# --- generic record operations --------------------------------------------------------------


def list_records(session: Session, model: type[RecordT], project_id: int) -> list[RecordT]:
    query = select(model).where(model.project_id == project_id)  # type: ignore[attr-defined]
    return list(session.exec(query.order_by(col(model.id))))  # type: ignore[attr-defined]


def get_record(session: Session, model: type[RecordT], project_id: int, record_id: int) -> RecordT:
    record = fetch(session, model, record_id, WHAT.get(model, "record"))
    if record.project_id != project_id:  # type: ignore[attr-defined]
        raise NotFound(f"That {WHAT.get(model, 'record')} belongs to another project.")
    return record


def save_record(
    session: Session,
    model: type[RecordT],
    project_id: int,
    record_id: int | None,
    values: Values,
) -> RecordT:
    """Create (record_id None) or update one record of a project, all fields validated first."""
    ensure_open(session, project_id)
    existing = get_record(session, model, project_id, record_id) if record_id else None
    # Fields not given keep their value (an update) or the column default (a new record).
    base = (existing or model.model_construct()).model_dump(exclude={"id", "project_id"})
    clean = CLEANERS[model](session, project_id, {**base, **values})
    if model is Stakeholder:
        clash = session.exec(
            select(Stakeholder.id).where(
                Stakeholder.project_id == project_id, Stakeholder.person_id == clean["person_id"]
            )
        ).first()
        if clash is not None and clash != record_id:
            raise ValidationError({"person_id": "already a stakeholder of this project"})
    if existing is None:
        record = model(project_id=project_id, **clean)
    else:
        record = existing
        for name, value in clean.items():
            setattr(record, name, value)
    session.add(record)
    session.flush()
    return record


def delete_record(session: Session, model: type[SQLModel], project_id: int, record_id: int) -> None:
    ensure_open(session, project_id)
    session.delete(get_record(session, model, project_id, record_id))
    session.flush()


# --- the charter -----------------------------------------------------------------------------

CHARTER_TEXTS = (
    "business_need",
    "scope_in",
    "scope_out",
    "constraints",
    "assumptions",
    "known_problems",
    "next_steps",
)


def get_charter(session: Session, project_id: int) -> Charter | None:
    return session.exec(select(Charter).where(Charter.project_id == project_id)).first()


# The version a charter form holds when it was opened before the project had a charter.
NO_CHARTER = 0


def save_charter(
    session: Session, project_id: int, values: Values, version: int | None = None
) -> Charter:
    """Write the charter's texts and business case settings (creating the charter if none).

    `version` is the charter's version when the form was read (NO_CHARTER: there was none);
    a save over any change made since is refused with StaleEdit. None: no check.
    """
    ensure_open(session, project_id)
    if version is not None:
        now = get_charter(session, project_id)
        if (now.version if now is not None else NO_CHARTER) != version:
            raise StaleEdit(stale_message("charter"), now.model_dump() if now else {})
    errors: dict[str, str] = {}
    texts = {name: _text(values, name, multiline=True) for name in CHARTER_TEXTS if name in values}
    rate = values.get("discount_rate_bp")
    if rate is not None and (not isinstance(rate, int) or not 0 <= rate <= MAX_RATE_BP):
        errors["discount_rate_bp"] = "the discount rate must be between 0 % and 100 %"
    currency = _text(values, "currency").upper() if "currency" in values else None
    if currency is not None and not (len(currency) == 3 and currency.isalpha()):
        errors["currency"] = "use a three-letter currency code, e.g. EUR"
    _raise(errors)
    charter = get_charter(session, project_id) or Charter(project_id=project_id)
    for name, value in texts.items():
        setattr(charter, name, value)
    if rate is not None:
        charter.discount_rate_bp = rate
    if currency is not None:
        charter.currency = currency
    if charter.id is not None:
        touch(charter)
    session.add(charter)
    session.flush()
    return charter
