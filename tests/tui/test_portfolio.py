"""The portfolio: every project; sorting, filtering, opening, quitting; loads off the UI thread."""

from __future__ import annotations

import threading
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from itpm_tui.db import read_session
from itpm_tui.screens.kanban.board import BoardScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.resources.people import PeopleScreen
from itpm_tui.screens.shared.help import HelpScreen
from itpm_tui.services.portfolio.projects import list_projects

from .helpers import (
    DEMO_CODES,
    TODAY,
    column,
    open_code,
    portfolio_table,
    press,
    project_named,
    settle,
    type_text,
)


def status(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#status", Static).content)


async def test_portfolio_lists_every_demo_project(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PortfolioScreen)
        table = portfolio_table(pilot)
        assert table.row_count == 7
        assert column(table, 0) == DEMO_CODES
        assert column(table, 2)[DEMO_CODES.index("ERP-S4")] == "Execution"
        assert status(pilot).startswith("7 projects")


async def test_a_first_screenful_read_at_start_is_followed_by_the_rest(demo_db) -> None:
    from itpm_tui.app import ItpmApp
    from itpm_tui.config import Display
    from itpm_tui.services.portfolio.listing import portfolio_rows

    with read_session(demo_db) as session:
        first = portfolio_rows(session, first=3)
    app = ItpmApp(
        demo_db, display=Display(), today=TODAY, portfolio=first, portfolio_complete=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = portfolio_table(pilot)
        assert column(table, 0) == DEMO_CODES
        assert status(pilot).startswith("7 projects")


async def test_empty_portfolio_says_how_to_start(empty_db, make_app) -> None:
    app = make_app(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert portfolio_table(pilot).row_count == 0
        assert "press n to create one" in status(pilot)


async def test_s_cycles_the_sort_key_and_capital_s_reverses(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = portfolio_table(pilot)
        with read_session(demo_db) as session:
            names = {p.code: p.name for p in list_projects(session)}
        by_name = sorted(names, key=lambda code: names[code].lower())
        assert by_name != DEMO_CODES
        # The cursor stays on the same project through a sort.
        await press(pilot, "down", "down", "down")
        assert column(table, 0)[table.cursor_row] == "ERP-S4"
        await press(pilot, "s")
        assert column(table, 0) == by_name
        assert "sorted by name (ascending)" in status(pilot)
        assert column(table, 0)[table.cursor_row] == "ERP-S4"
        await press(pilot, "S")
        assert column(table, 0) == by_name[::-1]
        assert "sorted by name (descending)" in status(pilot)
        await press(pilot, "S", "s")
        phases = column(table, 2)
        order = ["Initiation", "Planning", "Execution", "Monitoring", "Closure"]
        assert [order.index(p) for p in phases] == sorted(order.index(p) for p in phases)
        assert column(table, 0)[0] == "SEC-MFA" and column(table, 0)[-1] == "HW-LAPTOP"
        # Round the cycle (name, phase, health, done, due, manager) back to code.
        await press(pilot, *"sssss")
        assert column(table, 0) == DEMO_CODES


async def test_slash_filters_by_code_name_phase_or_manager_and_escape_clears_it(
    demo_db, make_app
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = portfolio_table(pilot)
        box = app.screen.query_one("#filter", Input)
        assert not box.display
        await press(pilot, "slash")
        assert box.display and box.has_focus
        await type_text(pilot, "network")
        await settle(pilot)
        assert column(table, 0) == ["NET-CORE"]
        assert "1 of 7 projects" in status(pilot)
        assert "filter: network" in status(pilot)
        # enter keeps the filter and goes back to the table; escape there clears it.
        await press(pilot, "enter")
        assert table.has_focus and column(table, 0) == ["NET-CORE"]
        await press(pilot, "escape")
        assert column(table, 0) == DEMO_CODES
        assert not box.display and box.value == ""
        # The filter also matches the phase and the manager.
        await press(pilot, "slash")
        await type_text(pilot, "planning")
        await settle(pilot)
        assert column(table, 0) == ["CLD-BKP", "NET-CORE"]
        await press(pilot, "ctrl+u")
        await type_text(pilot, "aisha")
        await settle(pilot)
        assert column(table, 0) == ["CLD-BKP", "CRM-AZ"]
        await type_text(pilot, "zzz")
        await settle(pilot)
        assert table.row_count == 0
        # escape in the box leaves the filter on; a second one clears it.
        await press(pilot, "escape")
        assert table.has_focus and table.row_count == 0
        await press(pilot, "escape")
        assert table.row_count == 7


async def test_enter_opens_a_project_on_its_current_phase_and_p_opens_people(
    demo_db, make_app
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        # Execution's main view is the project's Kanban board.
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.project_id == project_named(demo_db, "ERP-S4").id
        assert "ERP-S4" in str(app.screen.query_one("#project-title", Static).content)
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)
        await open_code(pilot, "NET-CORE")
        assert isinstance(app.screen, PlanningScreen)
        await press(pilot, "escape", "P")
        assert isinstance(app.screen, PeopleScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_q_quits(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_portfolio_loads_in_a_thread_worker_and_the_ui_stays_responsive(
    demo_db, make_app, monkeypatch
) -> None:
    """While the database is slow the status says so, and keys still work."""
    import itpm_tui.services.portfolio.listing as portfolio_service

    real_rows = portfolio_service.portfolio_rows
    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow_rows(session):
        threads.append(threading.current_thread())
        assert release.wait(10), "the test never released the load"
        return real_rows(session)

    monkeypatch.setattr(portfolio_service, "portfolio_rows", slow_rows)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        groups = [w.group for w in app.workers if w.is_running]
        assert "portfolio-load" in groups
        assert "Loading" in status(pilot)
        # The UI thread is free: the help screen opens and closes while the load waits.
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert threads and threads[0] is not threading.main_thread()
        assert portfolio_table(pilot).row_count == 7


async def test_all_eight_columns_fit_at_120_columns(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = portfolio_table(pilot)
        assert [str(c.label) for c in table.columns.values()][-1] == "In phase"
        assert table.virtual_size.width <= table.size.width
        entered = project_named(demo_db, "ERP-S4").phase_entered_on
        assert entered is not None
        assert column(table, 7)[DEMO_CODES.index("ERP-S4")] == f"{(TODAY - entered).days} d"


async def test_a_closed_project_reads_closed_and_the_filter_finds_it(demo_db, make_app) -> None:
    from itpm_tui.db import write_session
    from itpm_tui.services.portfolio.projects import find_project

    with write_session(demo_db) as session:
        find_project(session, "HW-LAPTOP").closed_on = TODAY
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = portfolio_table(pilot)
        phases = dict(zip(column(table, 0), column(table, 2), strict=True))
        assert phases["HW-LAPTOP"] == "Closed"
        assert phases["ERP-S4"] == "Execution"
        await press(pilot, "slash")
        await type_text(pilot, "closed")
        assert column(portfolio_table(pilot), 0) == ["HW-LAPTOP"]
