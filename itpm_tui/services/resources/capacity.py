"""People's days off: the days their capacity is nil."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from itpm_tui.models import DayOff, Person
from itpm_tui.services.shared.errors import ValidationError
from itpm_tui.services.shared.records import fetch
from itpm_tui.services.shared.text import clean_text


def add_day_off(session: Session, person_id: int, on: date | None, note: str = "") -> DayOff:
    fetch(session, Person, person_id, "person")
    if on is None:
        raise ValidationError({"on": "a date is required"})
    clash = session.exec(
        select(DayOff).where(DayOff.person_id == person_id, DayOff.on == on)
    ).first()
    if clash is not None:
        raise ValidationError({"on": f"{on.isoformat()} is already a day off"})
    day = DayOff(person_id=person_id, on=on, note=clean_text(note))
    session.add(day)
    session.flush()
    return day


def delete_day_off(session: Session, person_id: int, on: date) -> bool:
    """Remove the day off on `on`; False when there was none."""
    day = session.exec(select(DayOff).where(DayOff.person_id == person_id, DayOff.on == on)).first()
    if day is None:
        return False
    session.delete(day)
    session.flush()
    return True


def remove_day_off(session: Session, person_id: int, on: date | None) -> bool:
    """Remove the person's day off on `on`; refused beside the date when there is none."""
    if on is None or not delete_day_off(session, person_id, on):
        raise ValidationError({"on": "not a day off of this person"})
    return True
