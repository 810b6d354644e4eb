"""Lifecycle records: validation with per-field messages, approvals, the grid, the demo."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import (
    BusinessCaseLine,
    Deliverable,
    Feedback,
    Goal,
    Lesson,
    Stakeholder,
)
from itpm_tui.services.lifecycle.documents import (
    delete_record,
    list_records,
    save_charter,
    save_record,
)
from itpm_tui.services.lifecycle.initiation import load_initiation
from itpm_tui.services.lifecycle.stakeholders import (
    list_stakeholders,
    power_interest_grid,
    quadrant,
    record_approval,
)
from itpm_tui.services.portfolio.projects import ProjectInput, create_project, find_project
from itpm_tui.services.resources.people import PersonInput, create_person
from itpm_tui.services.shared.errors import ValidationError

DAY = date(2026, 11, 18)


@pytest.fixture
def pid(engine) -> int:
    with write_session(engine) as session:
        return int(create_project(session, ProjectInput(code="LC-1", name="Lifecycle")).id)  # type: ignore[arg-type]


def _errors(engine, model, pid, values, record_id=None) -> dict[str, str]:
    with write_session(engine) as session, pytest.raises(ValidationError) as caught:
        save_record(session, model, pid, record_id, values)
    return caught.value.errors


def test_goal_needs_a_title_and_a_target(engine, pid) -> None:
    assert _errors(engine, Goal, pid, {"title": "Faster"}) == {
        "target": "a measurable goal needs a target (e.g. 'under 2 s', '95 %')"
    }
    assert "title" in _errors(engine, Goal, pid, {"title": "  ", "target": "x"})
    with read_session(engine) as session:
        assert list_records(session, Goal, pid) == []


def test_accepted_deliverable_needs_who_and_when_and_waived_a_reason(engine, pid) -> None:
    errors = _errors(engine, Deliverable, pid, {"name": "Guide", "state": "accepted"})
    assert set(errors) == {"accepted_by", "accepted_on"}
    assert set(_errors(engine, Deliverable, pid, {"name": "Guide", "state": "waived"})) == {"notes"}


def test_business_case_line_years_out_of_range(engine, pid) -> None:
    line = {"description": "Licences", "kind": "cost", "amount_cents": 100, "recurring": True}
    assert _errors(engine, BusinessCaseLine, pid, {**line, "years": 31}) == {
        "years": "the number of years must be from 1 to 30"
    }
    assert _errors(engine, BusinessCaseLine, pid, {**line, "first_year": "soon"}) == {
        "first_year": "the first year must be a whole number from 0 to 30"
    }
    assert _errors(engine, BusinessCaseLine, pid, {**line, "amount_cents": None}) == {
        "amount_cents": "an amount is required"
    }


def test_charter_rate_out_of_range_saves_nothing(engine, pid) -> None:
    with write_session(engine) as session, pytest.raises(ValidationError) as caught:
        save_charter(session, pid, {"business_need": "x", "discount_rate_bp": 10_001})
    assert caught.value.errors == {
        "discount_rate_bp": "the discount rate must be between 0 % and 100 %"
    }
    with read_session(engine) as session:
        assert load_initiation(session, pid).has_charter is False


def test_charter_text_is_cleaned(engine, pid) -> None:
    with write_session(engine) as session:
        save_charter(session, pid, {"business_need": "Need\x1b[31m it\n", "currency": "usd"})
    with read_session(engine) as session:
        data = load_initiation(session, pid)
        assert data.charter.business_need == "Need[31m it"
        assert data.charter.currency == "USD"


def test_stakeholder_scores_and_duplicates(engine, pid) -> None:
    with write_session(engine) as session:
        ann = create_person(session, PersonInput("Ann"))
    assert _errors(engine, Stakeholder, pid, {"person_id": ann.id, "influence": 6}) == {
        "influence": "influence must be from 1 to 5"
    }
    with write_session(engine) as session:
        save_record(session, Stakeholder, pid, None, {"person_id": ann.id})
    assert _errors(engine, Stakeholder, pid, {"person_id": ann.id}) == {
        "person_id": "already a stakeholder of this project"
    }


def test_approval_only_by_a_stakeholder_whose_approval_is_required(engine, pid) -> None:
    with write_session(engine) as session:
        ann = create_person(session, PersonInput("Ann"))
        bob = create_person(session, PersonInput("Bob"))
        cy = create_person(session, PersonInput("Cy"))
        save_record(
            session, Stakeholder, pid, None, {"person_id": ann.id, "approval_required": True}
        )
        save_record(session, Stakeholder, pid, None, {"person_id": bob.id})

    def refused(person_id, decision="approve", comment="") -> dict[str, str]:
        with write_session(engine) as session, pytest.raises(ValidationError) as caught:
            record_approval(session, pid, person_id, decision, comment, DAY)
        return caught.value.errors

    assert refused(cy.id) == {
        "person_id": "Cy is not a stakeholder of this project: add them to the register first"
    }
    assert refused(bob.id) == {"person_id": "Bob's approval is not required for this project"}
    assert refused(ann.id, "reject") == {"comment": "say why it is rejected"}
    with write_session(engine) as session:
        record_approval(session, pid, ann.id, "reject", "scope unclear", DAY)
        record_approval(session, pid, ann.id, "approve", "fixed", date(2026, 11, 19))
    with read_session(engine) as session:
        rows = list_stakeholders(session, pid)
        assert [(r.name, r.decision) for r in rows] == [("Ann", "approve"), ("Bob", "")]


def test_feedback_and_lesson_rules(engine, pid) -> None:
    assert _errors(engine, Feedback, pid, {"score": 0}) == {
        "score": "the score must be from 1 to 5"
    }
    assert "went_well" in _errors(engine, Lesson, pid, {"category": "vendor"})
    with write_session(engine) as session:
        lesson = save_record(
            session, Lesson, pid, None, {"went_badly": "late", "category": "Vendor "}
        )
        assert lesson.category == "vendor"
        assert lesson.id is not None
        delete_record(session, Lesson, pid, lesson.id)
        assert list_records(session, Lesson, pid) == []


def test_power_interest_grid_places_people_in_quadrants(demo_engine) -> None:
    with read_session(demo_engine) as session:
        rows = list_stakeholders(session, find_project(session, "SEC-MFA").id)  # type: ignore[arg-type]
    grid = power_interest_grid(rows, 76, ascii_only=True)
    assert all(len(line) <= 76 and line.isascii() for line in grid)
    by_name = {r.name: quadrant(r) for r in rows}
    assert by_name == {
        "Li Wei": "Manage closely",
        "Maria Lopez": "Manage closely",
        "Peter Olsen": "Keep informed",
        "Sara Novak": "Monitor",
    }
    text = "\n".join(grid)
    assert "Li Wei* 4/5" in text and "Sara Novak 2/2" in text


def test_demo_has_lifecycle_records(demo_engine) -> None:
    with read_session(demo_engine) as session:
        data = load_initiation(session, find_project(session, "SEC-MFA").id)  # type: ignore[arg-type]
        assert data.verdict.startswith("pays back in 2 y 3 m")
        assert data.gate_unmet == ["approval missing from Maria Lopez"]
        assert session.exec(select(Lesson)).all()
