"""The Closure screen by keys: accept, hand over, close (read-only), reopen, report, lessons."""

from __future__ import annotations

import stat
from typing import Any

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Static, TextArea

from itpm_tui.screens.lifecycle.closure import ClosureScreen
from itpm_tui.screens.lifecycle.lessons import LessonsScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.screens.shared.sections import SectionScreen

from .helpers import (
    choose,
    column,
    field_error,
    fill,
    open_code,
    press,
    project_named,
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
    assert isinstance(screen, ClosureScreen)
    while screen.section.name != name:
        await press(pilot, "right_square_bracket")


async def to_row(pilot: Pilot[Any], col: int, text: str) -> None:
    table = records(pilot)
    target = column(table, col).index(text)
    key = "down" if target > table.cursor_row else "up"
    await press(pilot, *[key] * abs(target - table.cursor_row))


def summary(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#section-summary", Static).content)


async def tick(pilot: Pilot[Any]) -> None:
    """Toggle the Done checkbox of the open form."""
    box = pilot.app.screen.query_one("#field-done", Checkbox)
    box.focus()
    await press(pilot, "space")


async def test_accept_hand_over_close_and_reopen(demo_db, make_app, tmp_path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "HW-LAPTOP")
        assert isinstance(app.screen, ClosureScreen)
        assert "not accepted or waived: Asset register updated" in summary(pilot)

        # Accept the open deliverable: who and when are required.
        await to_section(pilot, "acceptance")
        await to_row(pilot, 0, "Asset register updated")
        await press(pilot, "e")
        await choose(pilot, "state", "accepted")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "accepted_by") == "^ say who accepted it"
        await fill(pilot, "accepted_by", "Peter Olsen")
        await fill(pilot, "accepted_on", "2026-11-18")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ClosureScreen)
        assert "4 of 4 deliverables" in summary(pilot)

        # Hand over the two open items; one without an owner is refused first.
        await to_section(pilot, "handover")
        await to_row(pilot, 1, "Monitoring and alerting")
        await press(pilot, "e")
        await tick(pilot)
        await press(pilot, "ctrl+s")
        await to_row(pilot, 1, "Training")
        await press(pilot, "e")
        await tick(pilot)
        await press(pilot, "ctrl+s")
        assert "needs its owner" in field_error(pilot, "owner")
        await fill(pilot, "owner", "Service desk")
        await press(pilot, "ctrl+s")
        assert "6 of 6 done" in summary(pilot)

        # The gate is open: close the project.
        await press(pilot, "greater_than_sign")
        assert isinstance(app.screen, ConfirmScreen)
        assert "every criterion is met" in app.screen.question
        await press(pilot, "y")
        assert isinstance(app.screen, ClosureScreen)
        assert project_named(demo_db, "HW-LAPTOP").closed_on is not None
        title = str(app.screen.query_one("#project-title", Static).content)
        assert title.endswith("closed 2026-11-18, read-only")

        # Closed: a new handover item is refused with the reason, nothing saved.
        await press(pilot, "n")
        await fill(pilot, "title", "One more")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        error = str(app.screen.query_one("#form-error", Static).content)
        assert "read-only" in error
        await press(pilot, "escape")
        assert "One more" not in column(records(pilot), 1)

        # Reopen: a reason is required.
        await press(pilot, "O")
        await press(pilot, "ctrl+s")
        assert field_error(pilot, "reason") == "^ say why the project is reopened"
        app.screen.query_one("#field-reason", TextArea).focus()
        await type_text(pilot, "Warranty claim")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ClosureScreen)
        assert project_named(demo_db, "HW-LAPTOP").closed_on is None
        await to_section(pilot, "history")
        reasons = column(records(pilot), 4)
        assert reasons[-2:] == ["", "Warranty claim"]
        assert column(records(pilot), 2)[-2:] == ["closed", "Closure"]

        # The report, written to a private file.
        await to_section(pilot, "report")
        assert "# Closure report: HW-LAPTOP" in screen_text(pilot)
        await press(pilot, "w")
        target = tmp_path / "hw.md"
        await fill(pilot, "path", str(target))
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ClosureScreen)
        assert target.read_text().startswith("# Closure report: HW-LAPTOP")
        assert "Warranty claim" in target.read_text()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600

    # Each step is one action, named as undo and the history say it.
    from itpm_tui.db import read_session
    from itpm_tui.services.shared.history import history

    pid = project_named(demo_db, "HW-LAPTOP").id
    with read_session(demo_db) as session:
        actions = {entry.action for entry in history(session, project_id=pid)}
    assert {
        "edit deliverable 'Asset register updated'",
        "edit handover item 'Training'",
        "close HW-LAPTOP",
        "reopen the project",
    } <= actions


async def test_feedback_average_and_lessons_search(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "HW-LAPTOP")
        await to_section(pilot, "feedback")
        assert "Average satisfaction 4.0 / 5 from 3" in summary(pilot)
        await press(pilot, "n")
        await choose(pilot, "score", "1")
        await press(pilot, "ctrl+s")
        assert "Average satisfaction 3.3 / 5 from 4" in summary(pilot)

        await to_section(pilot, "lessons")
        await press(pilot, "n")
        await press(pilot, "ctrl+s")
        assert "at least" in field_error(pilot, "went_well")
        await fill(pilot, "category", "Testing")
        app.screen.query_one("#field-recommendation", TextArea).focus()
        await type_text(pilot, "Pilot the image on ten devices first")
        await press(pilot, "ctrl+s")
        assert "testing" in column(records(pilot), 0)

        # Lessons of every project, from the portfolio (L), narrowed by typing.
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)
        await press(pilot, "L")
        assert isinstance(app.screen, LessonsScreen)
        table = app.screen.query_one(DataTable)
        assert set(column(table, 0)) == {"HW-LAPTOP", "CRM-AZ"}
        await press(pilot, "slash")
        await type_text(pilot, "ten devices")
        await settle(pilot)
        assert column(table, 0) == ["HW-LAPTOP"]
        assert app.screen.query_one(Input).value == "ten devices"
        assert "Pilot the image on ten devices first" in screen_text(pilot)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_next_phase_key_on_every_phase_and_lessons_from_the_palette(
    demo_db, make_app
) -> None:
    from textual.command import CommandPalette

    from itpm_tui.screens.shared.help import HelpScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        for key in "12345":
            await press(pilot, key)
            bindings = {b.binding.description: k for k, b in app.screen.active_bindings.items()}
            assert bindings.get("Next phase") == "greater_than_sign", key
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_rows = dict(
            zip(
                column(app.screen.query_one(DataTable), 1),
                column(app.screen.query_one(DataTable), 0),
                strict=True,
            )
        )
        assert help_rows["Next phase"] == ">"
        await press(pilot, "escape")
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Lessons learned")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, LessonsScreen)
