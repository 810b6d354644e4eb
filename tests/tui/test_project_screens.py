"""The project workspace by keyboard: the five phase screens, and a project's life from n to d."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from itpm_tui.db import read_session, write_session
from itpm_tui.screens.kanban.board import BoardScreen
from itpm_tui.screens.kanban.execution import ExecutionScreen
from itpm_tui.screens.lifecycle.closure import ClosureScreen
from itpm_tui.screens.lifecycle.initiation import InitiationScreen
from itpm_tui.screens.monitoring.monitoring import MonitoringScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.overview import ProjectOverview, project_overview
from itpm_tui.services.portfolio.projects import find_project
from itpm_tui.widgets.task_table import TaskTable

from .helpers import (
    TODAY,
    column,
    fill,
    known,
    open_code,
    portfolio_table,
    press,
    project_codes,
    project_named,
    settle,
    task_rows,
    widget_text,
)


def body(pilot: Pilot[Any], widget_id: str) -> str:
    return widget_text(pilot.app.screen.query_one(f"#{widget_id}", Static))


def overview_of(engine: Engine, code: str) -> ProjectOverview:
    """What the services say about a project today: the screens must show the same."""
    with read_session(engine) as session:
        return project_overview(session, known(find_project(session, code).id), TODAY)


def add_late_task(engine: Engine) -> None:
    """A task of ERP-S4 that should have finished on 2026-11-09 and is still in progress."""
    with write_session(engine) as session:
        create_task(
            session,
            known(find_project(session, "ERP-S4").id),
            TaskInput(
                title="Archive legacy ledgers",
                start=date(2026, 11, 2),
                finish=date(2026, 11, 9),
                estimate_days=6,
                status="in-progress",
            ),
        )


async def test_keys_1_to_5_switch_phase_screens_and_escape_returns(demo_db, make_app) -> None:
    erp = project_named(demo_db, "ERP-S4").id
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        assert isinstance(app.screen, BoardScreen)
        for key, screen_type in (
            ("1", InitiationScreen),
            ("2", PlanningScreen),
            ("3", BoardScreen),
            ("4", MonitoringScreen),
            ("5", ClosureScreen),
            ("3", BoardScreen),
        ):
            await press(pilot, key)
            assert type(app.screen) is screen_type
            assert app.screen.project_id == erp
            assert "ERP-S4" in str(app.screen.query_one("#project-title", Static).content)
            # All five phases fit on the one line of the bar at 80 columns.
            bar = body(pilot, "phase-bar")
            assert "1 Initiation" in bar and "5 Closure" in bar, bar
        # Switching replaces the phase screen: one escape is back on the portfolio.
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)
        assert len(app.screen_stack) == 2


async def test_each_phase_screen_shows_the_projects_content(demo_db, make_app) -> None:
    add_late_task(demo_db)
    overview = overview_of(demo_db, "ERP-S4")
    assert 0 < overview.percent_done < 100
    assert overview.open_tasks and overview.done_milestones
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")

        # Initiation: the charter details.
        await press(pilot, "1")
        details = body(pilot, "details")
        for value in ("CFO Helen Ward", "Maria Lopez", "SAP S/4HANA finance rollout"):
            assert value in details
        assert "three company codes" in body(pilot, "description")
        # The phase bar brackets this screen and stars the project's current phase.
        bar = str(app.screen.query_one("#phase-bar", Static).content)
        assert "[1 Initiation]" in bar and "3 Execution *" in bar

        # Planning: the WBS, and a summary that wraps rather than lose the target at 80.
        await press(pilot, "2")
        assert column(app.screen.query_one(TaskTable), 0) == [r.wbs for r in overview.tasks]
        summary = body(pilot, "summary")
        assert f"{len(overview.work_tasks)} tasks" in summary
        assert f"{len(overview.milestones)} milestones" in summary
        assert known(overview.project.target_finish).isoformat() in summary

        # Execution: the board is the main view; T shows the task list by status.
        await press(pilot, "3", "T")
        assert isinstance(app.screen, ExecutionScreen)
        assert column(app.screen.query_one(TaskTable), 0) == [r.wbs for r in overview.tasks]
        summary = str(app.screen.query_one("#summary", Static).content)
        counts = overview.status_counts
        assert f"Done {counts.get('done', 0)}" in summary
        assert f"In progress {counts.get('in-progress', 0)}" in summary
        assert f"!{len(overview.overdue)} late" in summary and overview.overdue

        # Monitoring: the dashboard; the late task is an alert that leads to it.
        await press(pilot, "4")
        assert isinstance(app.screen, MonitoringScreen)
        board = app.screen.dashboard
        assert board is not None
        assert f"Health {board.health.upper()}" in body(pilot, "headline")
        alerts = column(app.screen.query_one("#alerts", DataTable), 1)
        assert any(a.startswith("Overdue") and "Archive legacy ledgers" in a for a in alerts)
        assert "Earned value" in body(pilot, "evm")

        # Closure: what is still open and the milestones reached.
        await press(pilot, "5")
        still_open = body(pilot, "open")
        assert all(task.title in still_open for task in overview.open_tasks)
        expected = f"{len(overview.open_tasks)} task(s) or milestone(s) still open"
        assert expected in body(pilot, "completion")
        reached = body(pilot, "reached")
        assert all(m.title in reached for m in overview.done_milestones)
        assert "Go-live" in still_open and "Go-live" not in reached


async def test_capital_e_opens_the_project_form_and_saves_an_edit(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "E")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "Edit project: ERP-S4"
        assert app.screen.raw_value("sponsor") == "CFO Helen Ward"
        await fill(pilot, "sponsor", "CFO Jo Park")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        assert project_named(demo_db, "ERP-S4").sponsor == "CFO Jo Park"
        await press(pilot, "1")
        assert "CFO Jo Park" in body(pilot, "details")


async def test_project_and_task_lifecycle_by_keyboard(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # A new project: n, code, name, ctrl+s.
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "code", "ops-01")
        await fill(pilot, "name", "Watchtower")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PortfolioScreen)
        assert "OPS-01" in project_codes(demo_db)
        table = portfolio_table(pilot)
        assert table.row_count == 8
        assert column(table, 0)[table.cursor_row] == "OPS-01"
        # Open it (a new project starts in Initiation) and go to Planning.
        await press(pilot, "enter")
        assert isinstance(app.screen, InitiationScreen)
        await press(pilot, "2")
        assert isinstance(app.screen, PlanningScreen)
        assert "No tasks yet" in str(app.screen.query_one("#summary", Static).content)

        # A task: n, title, estimate, dates, enter.
        await press(pilot, "n")
        assert app.screen.form_title == "New task"
        await fill(pilot, "title", "Agents")
        await fill(pilot, "estimate_days", "3d")
        await fill(pilot, "start", "2026-11-23")
        await fill(pilot, "finish", "2026-11-25")
        await press(pilot, "enter")
        assert isinstance(app.screen, PlanningScreen)
        [task] = task_rows(demo_db, "OPS-01")
        assert (task.title, task.estimate_days) == ("Agents", 3.0)
        assert (task.start, task.finish, task.wbs) == (date(2026, 11, 23), date(2026, 11, 25), "1")
        tasks = app.screen.query_one(TaskTable)
        assert column(tasks, 0) == ["1"] and "Agents" in column(tasks, 1)[0]

        # Edit it: e, new title, ctrl+s.
        await press(pilot, "e")
        assert app.screen.form_title == "Edit task: Agents"
        await fill(pilot, "title", "Agents v2")
        await press(pilot, "ctrl+s")
        [task] = task_rows(demo_db, "OPS-01")
        assert task.title == "Agents v2" and task.estimate_days == 3.0
        assert "Agents v2" in column(app.screen.query_one(TaskTable), 1)[0]

        # A sub-task under it: c.
        await press(pilot, "c")
        assert app.screen.raw_value("parent_id") == task.id
        await fill(pilot, "title", "Servers")
        await press(pilot, "ctrl+s")
        rows = task_rows(demo_db, "OPS-01")
        assert [(r.wbs, r.title) for r in rows] == [
            ("1", "Agents v2"),
            ("1.1", "Servers"),
        ]
        assert rows[1].parent_id == task.id
        tasks = app.screen.query_one(TaskTable)
        assert column(tasks, 0) == ["1", "1.1"]
        assert tasks.cursor_row == 1  # the new sub-task is selected

        # d then n keeps it.
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, PlanningScreen)
        assert len(task_rows(demo_db, "OPS-01")) == 2

        # d then y deletes it.
        await press(pilot, "d")
        assert "Servers" in app.screen.question
        await press(pilot, "y")
        assert [r.title for r in task_rows(demo_db, "OPS-01")] == ["Agents v2"]
        assert column(app.screen.query_one(TaskTable), 0) == ["1"]

        # Back on the portfolio the new project shows its task count in the delete question.
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)
        assert column(portfolio_table(pilot), 0)[portfolio_table(pilot).cursor_row] == "OPS-01"


async def test_deleting_a_project_from_the_portfolio_asks_first(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "escape")
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "NET-CORE" in app.screen.question and "7 task(s)" in app.screen.question
        await press(pilot, "escape")
        assert "NET-CORE" in project_codes(demo_db)
        await press(pilot, "d", "y")
        assert "NET-CORE" not in project_codes(demo_db)
        assert "NET-CORE" not in column(portfolio_table(pilot), 0)
        assert portfolio_table(pilot).row_count == 6
