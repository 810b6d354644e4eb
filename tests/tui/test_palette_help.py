"""Help lists the current screen's keys; the command palette runs actions and opens projects."""

from __future__ import annotations

from itpm_tui.screens.closure import ClosureScreen
from itpm_tui.screens.help import HelpScreen
from itpm_tui.screens.planning import PlanningScreen
from itpm_tui.screens.portfolio import PortfolioScreen
from textual.command import CommandPalette
from textual.widgets import DataTable, Static

from .helpers import column, open_code, press, project_named, screen_text, settle, type_text


def help_rows(pilot) -> dict[str, str]:  # type: ignore[no-untyped-def]
    table = pilot.app.screen.query_one(DataTable)
    return dict(zip(column(table, 1), column(table, 0), strict=True))


async def test_question_mark_lists_the_portfolio_keys_and_escape_closes(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(pilot)
        assert rows["New"] == "n" and rows["Filter"] == "/" and rows["Sort"] == "s"
        assert rows["Reverse sort"] == "S" and rows["People"] == "P"
        assert "New task" not in rows
        # The screen's own keys come first, on the page visible at 80x24.
        names = list(rows)
        assert names.index("Quit") < min(names.index("Focus Next"), names.index("Cursor up"))
        shown = screen_text(pilot)
        assert "Keys - Portfolio" in shown
        assert all(word in shown for word in ("Filter", "Sort", "People", "Quit"))
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_help_on_planning_lists_the_task_keys(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        title = str(app.screen.query_one(Static).content)
        assert title == "Keys - Planning phase"
        rows = help_rows(pilot)
        assert rows["New task"] == "n" and rows["New sub-task"] == "c"
        assert rows["Closure"] == "5" and rows["Edit project"] == "E"
        assert "Filter" not in rows
        # ? again closes it too.
        await press(pilot, "question_mark")
        assert isinstance(app.screen, PlanningScreen)


async def test_palette_goes_to_a_project_or_one_of_its_phases(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "Go to project NET")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, PlanningScreen)
        assert app.screen.project_id == project_named(demo_db, "NET-CORE").id
        # A given phase of another project, from a project screen.
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Go to ERP-S4 Closure")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ClosureScreen)
        assert app.screen.project_id == project_named(demo_db, "ERP-S4").id
        # One project open at a time: escape is back on the portfolio.
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_palette_runs_a_screen_action(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        portfolio = app.screen
        assert isinstance(portfolio, PortfolioScreen) and portfolio.sort_key == "code"
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Sort")
        await settle(pilot)
        await press(pilot, "enter")
        assert app.screen is portfolio
        assert portfolio.sort_key == "name"
        await press(pilot, "ctrl+p")
        await type_text(pilot, "Reverse sort")
        await settle(pilot)
        await press(pilot, "enter")
        assert portfolio.sort_reverse
        assert "sorted by name (descending)" in str(portfolio.query_one("#status", Static).content)


async def test_ascii_mode_names_keys_that_have_no_ascii_symbol(demo_db, make_app) -> None:
    from textual.binding import Binding

    ascii_app = make_app(demo_db, ascii=True)
    unicode_app = make_app(demo_db)
    enter = Binding("enter", "open", "Open")
    assert ascii_app.get_key_display(enter) == "enter"
    assert not unicode_app.get_key_display(enter).isascii()  # the Unicode symbol
    assert ascii_app.get_key_display(Binding("slash", "f", "F", key_display="/")) == "/"


def palette_entries(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    """The palette's entries as listed now, top to bottom."""
    from textual.command import CommandList

    options = pilot.app.screen.query_one(CommandList).options
    return [str(option.hit.text) for option in options]


async def test_palette_lists_itpms_actions_before_textuals_own(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await settle(pilot)
        entries = palette_entries(pilot)
        # The portfolio's own keys open the list; what is on screen at 80x24 is itpm's.
        assert entries[:3] == ["New", "Edit", "Delete"]
        shown = screen_text(pilot)
        assert "New" in shown and "Theme" not in shown and "Maximize" not in shown
        # Then itpm's other commands, Textual's widget keys, and last Textual's commands.
        assert entries.index("Help: list the keys") < entries.index("Cursor up")
        assert entries[-2:] == ["Theme", "Maximize"]
        # Dropped: Keys and Quit say what ? and itpm's Quit say; Screenshot writes a file.
        assert "Keys" not in entries and "Screenshot" not in entries
        assert entries.count("Quit") == 1
        # Still there when searched for.
        await type_text(pilot, "Theme")
        await settle(pilot)
        assert palette_entries(pilot)[0] == "Theme"
