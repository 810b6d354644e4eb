"""Writes of the registers and the RACI chart are named for undo after what the person did."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import select
from textual.pilot import Pilot

from itpm_tui.db import read_session
from itpm_tui.models import Risk
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.registers.raci import RaciScreen
from itpm_tui.screens.registers.risks import RisksScreen

from .helpers import fill, notices, open_code, press, record_notices, settle, type_text


def count(engine: Engine, model: Any) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


async def open_planning(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await open_code(pilot, "ERP-S4")
    await press(pilot, "2")
    assert isinstance(pilot.app.screen, PlanningScreen)


async def undo_says(pilot: Pilot[Any], label: str) -> None:
    await press(pilot, "u")
    await settle(pilot)
    assert f"Undone: {label}" in notices(pilot.app)


async def test_a_risk_added_by_its_form_is_named_for_undo(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_planning(pilot)
        await press(pilot, "k")
        assert isinstance(app.screen, RisksScreen)
        risks = count(demo_db, Risk)
        await press(pilot, "n")
        await fill(pilot, "title", "Pen test finds gaps")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert count(demo_db, Risk) == risks + 1
        await undo_says(pilot, "add the risk 'Pen test finds gaps'")
        assert count(demo_db, Risk) == risks


async def test_deleting_a_risk_is_named_for_undo(demo_db: Engine, make_app) -> None:
    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_planning(pilot)
        await press(pilot, "k")
        screen = app.screen
        assert isinstance(screen, RisksScreen)
        await settle(pilot)
        row = screen.selected_row()
        assert row is not None
        risks = count(demo_db, Risk)
        await press(pilot, "d", "y")
        await settle(pilot)
        assert count(demo_db, Risk) == risks - 1
        await undo_says(pilot, f"delete the risk '{row.title}'")
        assert count(demo_db, Risk) == risks


async def test_adding_a_person_to_the_raci_chart_is_named_for_undo(
    demo_db: Engine, make_app
) -> None:
    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_planning(pilot)
        await press(pilot, "a", "n")
        await type_text(pilot, "Tom Becker")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RaciScreen)
        assert screen.matrix is not None and screen.matrix.people[-1].name == "Tom Becker"
        await undo_says(pilot, "add Tom Becker to the RACI chart")
        assert screen.matrix is not None and screen.matrix.people[-1].name != "Tom Becker"
