"""People: list, create, edit and delete the team members projects are run with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from itpm_tui.models import Person
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import check_version, fetch, touch
from itpm_tui.services.shared.text import clean_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class PersonInput:
    name: str
    role: str = ""
    email: str = ""
    team: str = ""
    cost_rate_cents: int = 0
    capacity_hours_per_day: float = 8.0


def _validated(data: PersonInput) -> PersonInput:
    clean = PersonInput(
        name=clean_text(data.name),
        role=clean_text(data.role),
        email=clean_text(data.email),
        team=clean_text(data.team),
        cost_rate_cents=data.cost_rate_cents,
        capacity_hours_per_day=data.capacity_hours_per_day,
    )
    errors: dict[str, str] = {}
    if not clean.name:
        errors["name"] = "a name is required"
    if clean.email and not _EMAIL.match(clean.email):
        errors["email"] = f"'{clean.email}' is not an e-mail address"
    if clean.cost_rate_cents < 0:
        errors["cost_rate_cents"] = "must not be negative"
    if not 0 <= clean.capacity_hours_per_day <= 24:
        errors["capacity_hours_per_day"] = "must be between 0 and 24 hours a day"
    if errors:
        raise ValidationError(errors)
    return clean


def list_people(session: Session) -> list[Person]:
    return list(session.exec(select(Person).order_by(col(Person.name), col(Person.id))))


def get_person(session: Session, person_id: int) -> Person:
    return fetch(session, Person, person_id, "person")


def create_person(session: Session, data: PersonInput) -> Person:
    clean = _validated(data)
    person = Person(**clean.__dict__)
    session.add(person)
    session.flush()
    return person


def update_person(
    session: Session, person_id: int, data: PersonInput, expected_version: int | None = None
) -> Person:
    person = get_person(session, person_id)
    check_version(person, expected_version, "person")
    clean = _validated(data)
    for field, value in clean.__dict__.items():
        setattr(person, field, value)
    touch(person)
    session.add(person)
    session.flush()
    return person


def delete_person(session: Session, person_id: int) -> None:
    """Delete a person; their tasks and projects keep going, unassigned."""
    session.delete(get_person(session, person_id))
    session.flush()
