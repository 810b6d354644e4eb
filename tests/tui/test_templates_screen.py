"""Templates by keys: a new project from a template (n), a project saved as one (T)."""

from __future__ import annotations

from itpm_tui.db import read_session
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.lifecycle.templates import list_templates

from .helpers import (
    choose,
    field_error,
    fill,
    move_to_row,
    portfolio_table,
    press,
    project_named,
    settle,
    task_rows,
)


async def test_new_project_from_a_template_and_save_one(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "code", "NET-2027")
        await fill(pilot, "name", "Branch switch refresh")
        await choose(pilot, "template", "Network / infrastructure upgrade")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PortfolioScreen)
        project = project_named(demo_db, "NET-2027")
        assert project.project_type == "network-upgrade"
        rows = task_rows(demo_db, "NET-2027")
        assert [r.title for r in rows if r.is_milestone] == [
            "Design approved",
            "Hardware on site",
            "Migration done",
            "Old kit removed",
        ]

        # Save it as a template; the same name again is refused beside the field.
        await move_to_row(pilot, portfolio_table(pilot), "NET-2027")
        await press(pilot, "T")
        assert app.screen.raw_value("name") == "NET-2027 template"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PortfolioScreen)
        await press(pilot, "T")
        await press(pilot, "ctrl+s")
        assert "already a template" in field_error(pilot, "name")
        await press(pilot, "escape")
        with read_session(demo_db) as session:
            assert list_templates(session)[-1].name == "NET-2027 template"

        # It is offered for the next new project.
        await press(pilot, "n")
        await fill(pilot, "code", "NET-2028")
        await fill(pilot, "name", "Next year")
        await choose(pilot, "template", "NET-2027 template")
        await press(pilot, "ctrl+s")
        assert [r.title for r in task_rows(demo_db, "NET-2028")] == [r.title for r in rows]
