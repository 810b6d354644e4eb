"""Walk every screen of one project (and the portfolio's) by keys, calling back on each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from .helpers import open_code, press, settle

Visit = Callable[[str], Awaitable[None]]

# (keys, name of the view, class name of the screen it shows), from the project's first screen.
PROJECT_STEPS: list[tuple[tuple[str, ...], str, str]] = [
    (("1",), "initiation", "InitiationScreen"),
    (("e",), "project form", "FormScreen"),
    (("escape", "2"), "planning", "PlanningScreen"),
    (("e",), "task form", "FormScreen"),
    (("escape", "3"), "board", "BoardScreen"),
    (("W",), "workflow", "WorkflowScreen"),
    (("escape", "I"), "sprints", "SprintsScreen"),
    (("escape", "T"), "execution task list", "ExecutionScreen"),
    (("4",), "monitoring", "MonitoringScreen"),
    (("5",), "closure", "ClosureScreen"),
    (("G",), "gantt", "GanttScreen"),
    (("question_mark",), "help", "HelpScreen"),
    (("escape", "ctrl+p"), "palette", "CommandPalette"),
    (("escape", "H"), "history", "HistoryScreen"),
    (("escape", "1", "right_square_bracket"), "initiation goals", "InitiationScreen"),
    (("right_square_bracket",) * 3, "business case", "InitiationScreen"),
    (("right_square_bracket",), "stakeholders", "InitiationScreen"),
    (("2", "a"), "raci", "RaciScreen"),
    (("escape", "k"), "risks", "RisksScreen"),
    (("escape", "m"), "communication plan", "CommunicationsScreen"),
    (("escape", "3", "T", "i"), "issues and decisions", "IssueLogScreen"),
    (("escape", "C"), "change requests", "ChangesScreen"),
    (("escape", "R"), "registers", "ChoiceScreen"),
    (("down",) * 5 + ("enter",), "quality", "QualityScreen"),
    (("escape", "R") + ("down",) * 6 + ("enter",), "compliance", "ComplianceScreen"),
    (("escape", "4", "b"), "budget", "BudgetScreen"),
    (("escape", "t"), "time entries", "TimesheetScreen"),
    (("escape", "L"), "resource load", "ResourcesScreen"),
    (("escape", "k"), "kpis and uptime", "KpisScreen"),
    (("escape", "5", "right_square_bracket"), "acceptance", "ClosureScreen"),
    (("right_square_bracket",) * 4, "lessons", "ClosureScreen"),
    (("right_square_bracket",) * 2, "closure report", "ClosureScreen"),
]


async def walk(pilot: Pilot[Any], code: str, visit: Visit) -> list[str]:
    """Visit the portfolio views, then every view of project `code`; the names visited."""
    seen: list[str] = []

    async def at(name: str, screen: str) -> None:
        assert type(pilot.app.screen).__name__ == screen, (name, pilot.app.screen)
        seen.append(name)
        await visit(name)

    await settle(pilot)
    await at("portfolio", "PortfolioScreen")
    await press(pilot, "P")
    await at("people", "PeopleScreen")
    await press(pilot, "escape", "K")
    await at("portfolio board", "PortfolioBoardScreen")
    await press(pilot, "s")
    await at("portfolio board by person", "PortfolioBoardScreen")
    await press(pilot, "escape", "question_mark")
    await at("portfolio help", "HelpScreen")
    await press(pilot, "escape", "D")
    await at("portfolio dashboard", "PortfolioDashboardScreen")
    await press(pilot, "escape", "L")
    await at("lessons learned", "LessonsScreen")
    await press(pilot, "escape", "H")
    await at("portfolio history", "HistoryScreen")
    await press(pilot, "escape")
    await open_code(pilot, code)
    for keys, name, screen in PROJECT_STEPS:
        await press(pilot, *keys)
        await at(name, screen)
    await press(pilot, "escape")
    return seen
