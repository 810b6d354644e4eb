"""Small checks the register services share: required text, choices, people's names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlmodel import Session

from itpm_tui.models import Person, Project
from itpm_tui.services.shared.records import fetch
from itpm_tui.services.shared.text import clean_text


def required(errors: dict[str, str], name: str, value: str, what: str) -> str:
    text = clean_text(value)
    if not text:
        errors[name] = f"{what} is required"
    return text


def choice(errors: dict[str, str], name: str, value: str, allowed: Iterable[str]) -> str:
    options = tuple(allowed)
    if value not in options:
        errors[name] = f"'{value}' is not one of: {', '.join(options)}"
    return value


def person_exists(
    session: Session, errors: dict[str, str], name: str, person_id: int | None
) -> None:
    if person_id is not None and session.get(Person, person_id) is None:
        errors[name] = "that person no longer exists"


def not_before(
    errors: dict[str, str], name: str, later: date | None, earlier: date | None, what: str
) -> None:
    if later is not None and earlier is not None and later < earlier:
        errors[name] = f"must not be before {what} ({earlier.isoformat()})"


def project_of(session: Session, project_id: int) -> Project:
    return fetch(session, Project, project_id, "project")
