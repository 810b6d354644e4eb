"""The people screen: add, edit and delete a team member by keys; a bad e-mail is refused."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable

from itpm_tui.db import read_session
from itpm_tui.screens.resources.people import PeopleScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.resources.people import list_people

from .helpers import (
    column,
    field_error,
    fill,
    move_to_row,
    people_names,
    press,
    settle,
    task_rows,
)


def people_table(pilot: Pilot[Any]) -> DataTable[Text]:
    return pilot.app.screen.query_one("#people", DataTable)


async def test_people_add_edit_and_delete_by_keys(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "P")
        assert isinstance(app.screen, PeopleScreen)
        assert column(people_table(pilot), 0) == people_names(demo_db)
        assert len(people_names(demo_db)) == 9

        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen) and app.screen.form_title == "New person"
        await fill(pilot, "name", "Nina Patel")
        await fill(pilot, "email", "nina@example.com")
        await fill(pilot, "cost_rate_cents", "88.50")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PeopleScreen)
        assert "Nina Patel" in people_names(demo_db)
        table = people_table(pilot)
        assert table.row_count == 10
        row = table.get_row_at(table.cursor_row)  # the new person is selected
        assert (str(row[0]), str(row[3])) == ("Nina Patel", "nina@example.com")
        assert str(row[4]).strip() == "88.50"

        await press(pilot, "e")
        assert app.screen.form_title == "Edit person: Nina Patel"
        await fill(pilot, "role", "DBA")
        await press(pilot, "enter")
        assert isinstance(app.screen, PeopleScreen)
        roles = dict(
            zip(column(people_table(pilot), 0), column(people_table(pilot), 1), strict=True)
        )
        assert roles["Nina Patel"] == "DBA"
        with read_session(demo_db) as session:
            nina = next(p for p in list_people(session) if p.name == "Nina Patel")
        assert (nina.role, nina.email, nina.cost_rate_cents) == ("DBA", "nina@example.com", 8850)

        # d then n keeps her; d then y deletes her.
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert "Nina Patel" in people_names(demo_db)
        await press(pilot, "d", "y")
        assert "Nina Patel" not in people_names(demo_db)
        assert "Nina Patel" not in column(people_table(pilot), 0)


async def test_deleting_a_person_leaves_their_tasks_unassigned(demo_db, make_app) -> None:
    assert any(r.assignee == "Tom Becker" for r in task_rows(demo_db, "NET-CORE"))
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "P")
        await move_to_row(pilot, people_table(pilot), "Tom Becker")
        await press(pilot, "d")
        assert "Tom Becker" in app.screen.question
        await press(pilot, "y")
        assert "Tom Becker" not in people_names(demo_db)
        rows = task_rows(demo_db, "NET-CORE")
        assert len(rows) == 7 and not any(r.assignee == "Tom Becker" for r in rows)


async def test_a_bad_email_is_refused_beside_the_field(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "P", "n")
        await fill(pilot, "name", "Nina Patel")
        await fill(pilot, "email", "nina@")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "'nina@' is not an e-mail address" in field_error(pilot, "email")
        assert field_error(pilot, "name") == ""
        assert "Nina Patel" not in people_names(demo_db)
        await fill(pilot, "capacity_hours_per_day", "25")
        await press(pilot, "ctrl+s")
        assert "must be 24 or less" in field_error(pilot, "capacity_hours_per_day")
        await press(pilot, "escape")
        assert isinstance(app.screen, PeopleScreen)
        assert len(people_names(demo_db)) == 9
