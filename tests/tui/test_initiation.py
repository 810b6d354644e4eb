"""The Initiation screen by keys: sections, a goal, a business case line, sign-offs, the gate."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from sqlalchemy import Engine
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static, TextArea

from itpm_tui.db import read_session
from itpm_tui.models import Approval, BusinessCaseLine, Goal, PhaseChange
from itpm_tui.screens.lifecycle.initiation import InitiationScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.screens.shared.sections import SectionScreen
from itpm_tui.services.lifecycle.initiation import load_initiation
from itpm_tui.services.portfolio.projects import find_project

from .helpers import (
    column,
    field_error,
    fill,
    known,
    open_code,
    press,
    screen_text,
    settle,
    type_text,
)


def records(pilot: Pilot[Any]) -> DataTable[Text]:
    screen = pilot.app.screen
    assert isinstance(screen, SectionScreen)
    return screen.records()


async def to_section(pilot: Pilot[Any], name: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, InitiationScreen)
    while screen.section.name != name:
        await press(pilot, "right_square_bracket")


def rows_of(engine: Engine, model, code: str) -> list[Any]:
    with read_session(engine) as session:
        pid = find_project(session, code).id
        return list(session.exec(select(model).where(model.project_id == pid)))


def approvers(engine: Engine, code: str) -> list[str]:
    """Names of the stakeholders whose approval the project requires, as the register lists them."""
    with read_session(engine) as session:
        data = load_initiation(session, known(find_project(session, code).id))
        return [s.name for s in data.stakeholders if s.approval_required]


async def test_goal_and_business_case_by_keys(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        assert isinstance(app.screen, InitiationScreen)
        assert "Phishing led to two account takeovers" in screen_text(pilot)

        await to_section(pilot, "goals")
        assert column(records(pilot), 0) == [
            "Staff accounts protected by MFA",
            "Fewer phishing takeovers",
        ]
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "New goal"
        await fill(pilot, "title", "Fewer lockouts")
        await press(pilot, "ctrl+s")
        # No target: refused beside the field, nothing saved.
        assert "needs a target" in field_error(pilot, "target")
        assert len(rows_of(demo_db, Goal, "SEC-MFA")) == 2
        await fill(pilot, "target", "under 20 a week")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, InitiationScreen)
        assert "Fewer lockouts" in column(records(pilot), 0)
        assert records(pilot).cursor_row == 2  # the new goal is selected

        await to_section(pilot, "case")
        before = str(app.screen.query_one("#section-summary", Static).content)
        assert "pays back in 2 y 3 m" in before
        await press(pilot, "n")
        await fill(pilot, "description", "Extra tokens")
        await fill(pilot, "amount_cents", "lots")
        await fill(pilot, "first_year", "40")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "amount_cents") == "^ 'lots' is not an amount"
        assert field_error(pilot, "first_year") == "^ the first year must be from 0 to 30"
        # The case is in EUR: '50,000' could be 50000 or 50 and is refused, naming both.
        await fill(pilot, "amount_cents", "50,000")
        await fill(pilot, "first_year", "0")
        await press(pilot, "ctrl+s")
        assert "reads as 50000 or as 50" in field_error(pilot, "amount_cents")
        await fill(pilot, "amount_cents", "50.000,00")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, InitiationScreen)
        lines = rows_of(demo_db, BusinessCaseLine, "SEC-MFA")
        assert [line.amount_cents for line in lines if line.description == "Extra tokens"] == [
            5_000_000
        ]
        after = str(app.screen.query_one("#section-summary", Static).content)
        # 150,000 up front now: -150k, -105k, -60k, -15k, +30k -> 3 y and 15/45 of 12 = 4 m.
        assert "pays back in 3 y 4 m" in after

        # Delete it again: d, y.
        await press(pilot, "d", "y")
        assert "Extra tokens" not in column(records(pilot), 4)
        assert "pays back in 2 y 3 m" in str(
            app.screen.query_one("#section-summary", Static).content
        )


async def test_sign_off_offers_the_approvers_and_the_gate_needs_a_reason(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        await to_section(pilot, "approvals")
        assert "Maria Lopez: pending" in str(
            app.screen.query_one("#section-summary", Static).content
        )

        # The picker offers the approvers only: not every person, not every stakeholder.
        await press(pilot, "a")
        assert isinstance(app.screen, FormScreen)
        who = app.screen.query_one("#field-person_id", Select)
        offered = [str(label) for label, value in who._options if value is not Select.NULL]
        assert offered == approvers(demo_db, "SEC-MFA")
        assert "David Kim" not in offered and "Peter Olsen" not in offered
        # Saving with nobody chosen is refused beside the field.
        await press(pilot, "ctrl+s")
        assert "choose who signs off" in field_error(pilot, "person_id")
        assert len(rows_of(demo_db, Approval, "SEC-MFA")) == 1
        await press(pilot, "escape")

        # The gate lists what is missing; an empty reason is refused.
        await press(pilot, "greater_than_sign")
        assert isinstance(app.screen, FormScreen)
        assert "approval missing from Maria Lopez" in app.screen.form_title
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "reason") == "^ an override needs a written reason"
        await press(pilot, "escape")

        # Maria signs off from the stakeholder register (preselected): the gate opens.
        await to_section(pilot, "stakeholders")
        table = records(pilot)
        await pilot.press(*["down"] * column(table, 0).index("Maria Lopez"))
        await press(pilot, "a")
        assert app.screen.query_one("#field-person_id", Select).value is not None
        app.screen.query_one("#field-comment", TextArea).focus()
        await type_text(pilot, "Budget agreed")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, InitiationScreen)
        assert "approved" in column(records(pilot), 4)
        await press(pilot, "greater_than_sign")
        assert isinstance(app.screen, ConfirmScreen)
        assert "every criterion is met" in app.screen.question
        await press(pilot, "y")
        assert isinstance(app.screen, PlanningScreen)
        changes = rows_of(demo_db, PhaseChange, "SEC-MFA")
        assert [(c.from_phase, c.to_phase, c.overridden) for c in changes] == [
            ("initiation", "planning", False)
        ]


async def test_gate_override_with_a_reason(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "greater_than_sign")
        assert "no schedule baseline has been saved" in app.screen.form_title
        app.screen.query_one("#field-reason", TextArea).focus()
        await type_text(pilot, "Baseline follows next week")
        await press(pilot, "ctrl+s")
        assert app.screen.PHASE.value == "execution"
        change = rows_of(demo_db, PhaseChange, "NET-CORE")[-1]
        assert (change.to_phase, change.reason, change.overridden) == (
            "execution",
            "Baseline follows next week",
            True,
        )


async def test_charter_edit_refuses_a_rate_out_of_range(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen) and app.screen.form_title == "Charter"
        await fill(pilot, "discount_rate_bp", "150")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "discount_rate_bp") == (
            "^ the discount rate must be between 0 % and 100 %"
        )
        await fill(pilot, "discount_rate_bp", "abc")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "discount_rate_bp") == "^ 'abc' is not a percentage"
        await fill(pilot, "discount_rate_bp", "10")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, InitiationScreen)
        await to_section(pilot, "case")
        assert "at 10 %" in str(app.screen.query_one("#section-summary", Static).content)


async def test_charter_edit_and_sign_off_are_named_for_undo(demo_db, make_app) -> None:
    from .helpers import notices, record_notices

    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen) and app.screen.form_title == "Charter"
        await fill(pilot, "discount_rate_bp", "10")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, InitiationScreen)
        await press(pilot, "u")
        await settle(pilot)
        assert "Undone: edit the charter" in notices(app)

        await to_section(pilot, "stakeholders")
        table = records(pilot)
        await pilot.press(*["down"] * column(table, 0).index("Maria Lopez"))
        await press(pilot, "a")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, InitiationScreen)
        assert len(rows_of(demo_db, Approval, "SEC-MFA")) == 2
        await press(pilot, "u")
        await settle(pilot)
        assert "Undone: sign off the charter: Maria Lopez approves" in notices(app)
        assert len(rows_of(demo_db, Approval, "SEC-MFA")) == 1


async def test_a_gate_override_is_named_for_undo(demo_db, make_app) -> None:
    from .helpers import notices, record_notices

    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        changes = len(rows_of(demo_db, PhaseChange, "NET-CORE"))
        await press(pilot, "greater_than_sign")
        app.screen.query_one("#field-reason", TextArea).focus()
        await type_text(pilot, "Baseline follows next week")
        await press(pilot, "ctrl+s")
        assert app.screen.PHASE.value == "execution"
        assert len(rows_of(demo_db, PhaseChange, "NET-CORE")) == changes + 1
        await press(pilot, "u")
        await settle(pilot)
        assert "Undone: move NET-CORE to Execution (override)" in notices(app)
        assert len(rows_of(demo_db, PhaseChange, "NET-CORE")) == changes
