"""Help lists the current screen's keys; the command palette runs actions and opens projects."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from itpm_tui.screens.lifecycle.closure import ClosureScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.help import HelpScreen

from .helpers import (
    burst,
    column,
    known,
    notices,
    open_code,
    press,
    project_named,
    record_notices,
    screen_text,
    settle,
    type_text,
)


def help_rows(pilot: Pilot[Any]) -> dict[str, str]:
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
        await type_text(pilot, "Open the Closure phase of ERP-S4")
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


def palette_entries(pilot: Pilot[Any]) -> list[str]:
    """The palette's entries as listed now, top to bottom."""
    from textual.command import Command, CommandList

    entries = []
    for option in pilot.app.screen.query_one(CommandList).options:
        assert isinstance(option, Command)  # a CommandList lists only commands
        entries.append(str(option.hit.text))
    return entries


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


async def open_board(pilot: Pilot[Any], code: str = "APP-PORTAL") -> int:
    from itpm_tui.screens.kanban.board import BoardScreen

    await settle(pilot)
    await open_code(pilot, code)
    await press(pilot, "3")
    assert isinstance(pilot.app.screen, BoardScreen)
    return pilot.app.screen.project_id


async def test_from_the_board_budget_and_enter_open_that_projects_budget(demo_db, make_app) -> None:
    from itpm_tui.screens.monitoring.budget import BudgetScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        project_id = await open_board(pilot)
        await burst(pilot, "ctrl+p", *"budget", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BudgetScreen)
        assert app.screen.project_id == project_id
        # Over the project's current phase (its board): escape goes back to it.
        await press(pilot, "escape")
        assert [type(s).__name__ for s in app.screen_stack[1:]] == [
            "PortfolioScreen",
            "BoardScreen",
        ]


async def test_from_the_board_the_palette_finds_every_screen_by_its_name(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        found = {}
        for word in ("budget", "baseline", "resources", "risk", "KPI", "sprints", "history"):
            await press(pilot, "ctrl+p")
            await type_text(pilot, word)
            await settle(pilot)
            found[word] = palette_entries(pilot)[0]
            await press(pilot, "escape")
        assert found == {
            "budget": "Open the budget of APP-PORTAL",
            "baseline": "Open the baselines of APP-PORTAL",
            "resources": "Open the resources of the portfolio",
            "risk": "Open the risk register of APP-PORTAL",
            "KPI": "Open the KPIs of APP-PORTAL",
            # The board's own keys come first: the current screen's actions lead.
            "sprints": "Sprints",
            "history": "History",
        }


# The screen each entry opens, by its title without " of <project>".
OPENS = {
    "Open the Initiation phase": "InitiationScreen",
    "Open the Planning phase": "PlanningScreen",
    "Open the Execution phase (Kanban board)": "BoardScreen",
    "Open the Monitoring & Control phase": "MonitoringScreen",
    "Open the Closure phase": "ClosureScreen",
    "Open the Gantt chart": "GanttScreen",
    "Open the baselines": "ChoiceScreen",
    "Open the Execution task list": "ExecutionScreen",
    "Open the sprints": "SprintsScreen",
    "Open the board columns": "WorkflowScreen",
    "Open the RACI chart": "RaciScreen",
    "Open the risk register": "RisksScreen",
    "Open the change requests": "ChangesScreen",
    "Open the issue and decision log": "IssueLogScreen",
    "Open the communication plan": "CommunicationsScreen",
    "Open the quality register": "QualityScreen",
    "Open the compliance register": "ComplianceScreen",
    "Open the working calendar": "WorkCalendarScreen",
    "Open the budget": "BudgetScreen",
    "Open the time entries": "TimesheetScreen",
    "Open the KPIs": "KpisScreen",
    "Open the health thresholds": "HealthThresholdsScreen",
    "Open the history": "HistoryScreen",
    "Open the project list": "PortfolioScreen",
    "Open the dashboard": "PortfolioDashboardScreen",
    "Open the board": "PortfolioBoardScreen",
    "Open the people": "PeopleScreen",
    "Open the resources": "ResourcesScreen",
    "Open the lessons learned": "LessonsScreen",
    "Open the plan export": "ExportScreen",
    "Open the plan import": "ImportScreen",
}


async def test_every_screen_entry_reads_the_same_way_and_opens_its_screen(
    demo_db, make_app
) -> None:
    import re

    from textual.command import CommandList

    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        project_id = await open_board(pilot)
        await press(pilot, "ctrl+p")
        options = pilot.app.screen.query_one(CommandList).options
        entries = [(str(o.hit.text), o.hit.command) for o in options]
        await press(pilot, "escape")
        opening = [(t, c) for t, c in entries if t.startswith("Open ")]
        scheme = re.compile(r"^(Open the [A-Za-z&() ]+?) of (APP-PORTAL|the portfolio)$")
        names = []
        for title, _ in opening:
            match = scheme.match(title)
            assert match, title
            words = title.lower().split()
            assert all(a != b for a, b in zip(words, words[1:], strict=False)), title
            names.append(match.group(1))
        # Every screen of the project and of the portfolio, each once.
        assert sorted(set(names)) == sorted(OPENS)
        for title, command in opening:
            command()
            await settle(pilot)
            name = known(scheme.match(title)).group(1)
            assert type(app.screen).__name__ == OPENS[name], title
            if title.endswith("APP-PORTAL"):
                below = app.screen_stack[2]  # above the portfolio: the project's screen
                assert below.project_id == project_id, title
        assert not notices(app, "error")


async def test_footers_show_each_screens_main_keys_whole_at_80_columns(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        footers = {}
        for key, name in (("3", "board"), ("4", "monitoring"), ("R", "")):
            await press(pilot, key)
            if name:
                footers[name] = screen_text(pilot).splitlines()[-1]
        await press(pilot, "down", "enter")  # the risk register, second in the chooser
        footers["risks"] = screen_text(pilot).splitlines()[-1]
    wanted = {
        "board": ["HL Move", "n Add", "a Assign", "b Block", "S Sprint", "/ Filter"],
        "monitoring": ["b Budget", "t Time", "k KPIs", "L Resources", "s Status date"],
        "risks": ["n New", "e Edit", "a Re-assess", "M Heat map"],
    }
    for name, keys in wanted.items():
        for shown in keys:
            assert shown in footers[name], (name, shown, footers[name])
        # Nothing cut at the right edge: the last key, help, is there whole.
        assert "? Help" in footers[name], (name, footers[name])
