"""Monitoring & Control by keys: dashboard, alerts leading to their subject, budget, time."""

from __future__ import annotations

import os
import stat
from datetime import date
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from itpm_tui.db import read_session
from itpm_tui.models import BudgetLine, Expense, TimeEntry
from itpm_tui.screens.monitoring.budget import BudgetScreen
from itpm_tui.screens.monitoring.monitoring import MonitoringScreen
from itpm_tui.screens.monitoring.timesheet import TimesheetScreen
from itpm_tui.screens.portfolio.dashboard import PortfolioDashboardScreen
from itpm_tui.screens.resources.load import ResourcesScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.monitoring.dashboard import Dashboard
from itpm_tui.services.resources.load import ResourceLoad

from .helpers import TODAY, choose, column, field_error, fill, open_code, press, screen_text, settle


def count(engine: Engine, model) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


async def open_monitoring(pilot: Pilot[Any], code: str = "ERP-S4") -> MonitoringScreen:
    await settle(pilot)
    await open_code(pilot, code)
    await press(pilot, "4")
    screen = pilot.app.screen
    assert isinstance(screen, MonitoringScreen)
    assert screen.dashboard is not None
    return screen


def dashboard_of(screen: MonitoringScreen) -> Dashboard:
    """The dashboard the screen shows, which the test knows is loaded."""
    assert screen.dashboard is not None
    return screen.dashboard


def load_of(screen: ResourcesScreen) -> ResourceLoad:
    """The resource load the screen shows, which the test knows is loaded."""
    assert screen.data is not None
    return screen.data


async def test_dashboard_shows_health_kpis_evm_and_alerts(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_monitoring(pilot)
        board = dashboard_of(screen)
        assert board.status_date == TODAY
        text = screen_text(pilot)
        assert f"Health {board.health.upper()}" in text
        assert "vs Approved plan" in text
        alerts = column(screen.query_one("#alerts", DataTable), 1)
        assert alerts == [a.text for a in board.alerts]
        assert any("Milestone slipped" in a for a in alerts)
        evm = str(screen.query_one("#evm", Static).content)
        assert f"SPI {board.evm.spi:.2f}" in evm


async def test_enter_on_an_alert_opens_what_it_is_about(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_monitoring(pilot)
        first = dashboard_of(screen).alerts[0]
        assert first.target == "task"
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title.startswith("Edit task")
        await press(pilot, "escape")
        over = next(i for i, a in enumerate(dashboard_of(screen).alerts) if a.target == "resources")
        await press(pilot, *["down"] * over, "enter")
        assert isinstance(app.screen, ResourcesScreen)
        assert "Over-allocated week" in screen_text(pilot)


async def test_register_alerts_open_their_registers(demo_db, make_app) -> None:
    from itpm_tui.screens.registers.compliance import ComplianceScreen
    from itpm_tui.screens.registers.issue_log import IssueLogScreen
    from itpm_tui.screens.registers.quality import QualityScreen
    from itpm_tui.screens.registers.risks import RisksScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_monitoring(pilot)
        alerts = dashboard_of(screen).alerts
        for target, kind in (
            ("risk", RisksScreen),
            ("compliance", ComplianceScreen),
            ("quality", QualityScreen),
            ("log", IssueLogScreen),
        ):
            at = next(i for i, a in enumerate(alerts) if a.target == target)
            table = screen.query_one("#alerts", DataTable)
            table.focus()
            table.move_cursor(row=at)
            await press(pilot, "enter")
            assert isinstance(app.screen, kind)
            await press(pilot, "escape")
            assert app.screen is screen


async def test_status_date_before_the_start_is_refused_beside_the_field(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_monitoring(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "status_date", "2001-01-01")
        await press(pilot, "enter")
        assert "before the project starts" in field_error(pilot, "status_date")
        await fill(pilot, "status_date", "2026-11-01")
        await press(pilot, "enter")
        assert app.screen is screen
        assert dashboard_of(screen).status_date == date(2026, 11, 1)


async def test_budget_screen_adds_an_expense_and_refuses_bad_amounts(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, BudgetScreen)
        before = count(demo_db, Expense)
        await press(pilot, "x")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "amount_cents", "12.3456")
        await press(pilot, "enter")
        assert field_error(pilot, "amount_cents").startswith("^ at most 2 decimals")
        # A EUR project: one mark before three digits reads two ways, and is refused.
        await fill(pilot, "amount_cents", "1,500")
        await press(pilot, "enter")
        assert "'1,500' reads as 1500 or as 1.5" in field_error(pilot, "amount_cents")
        await fill(pilot, "amount_cents", "-5")
        await press(pilot, "enter")
        assert "must not be negative" in field_error(pilot, "amount_cents")
        assert count(demo_db, Expense) == before
        await fill(pilot, "amount_cents", "1.500,00")
        await fill(pilot, "vendor", "Acme")
        await press(pilot, "enter")
        assert isinstance(app.screen, BudgetScreen)
        assert count(demo_db, Expense) == before + 1
        await settle(pilot)
        assert "1,500.00" in column(app.screen.query_one("#expenses", DataTable), 2)
        lines = count(demo_db, BudgetLine)
        await press(pilot, "n")
        await fill(pilot, "name", "Pen test")
        await fill(pilot, "planned_cents", "10000")
        await press(pilot, "enter")
        assert count(demo_db, BudgetLine) == lines + 1


async def test_budget_screen_shows_an_invoiced_commitment_once(demo_db, make_app) -> None:
    """A line planned and committed 85,000 keeps a forecast of 85,000 once it is invoiced."""
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, BudgetScreen)
        await press(pilot, "n")
        await choose(pilot, "category", "Hardware")
        await fill(pilot, "name", "Core switches")
        await fill(pilot, "planned_cents", "85000")
        await fill(pilot, "committed_cents", "85000")
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "x")
        await choose(pilot, "line_id", "Core switches")
        await fill(pilot, "amount_cents", "85000")
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one("#lines", DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[:6] == ["Line", "Planned", "Committed", "Open", "Actual", "Forecast"]
        row = column(table, 0).index("Core switches")
        cells = [str(cell) for cell in table.get_row_at(row)]
        # Planned, committed, open, actual, forecast; no OVER flag.
        assert cells == [
            "Core switches",
            "85,000.00",
            "85,000.00",
            "0.00",
            "85,000.00",
            "85,000.00",
            "",
        ]


async def test_quick_time_entry_from_a_card_refuses_a_day_over_24_hours(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "3")
        before = count(demo_db, TimeEntry)
        await press(pilot, "t")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title.startswith("Log time: ")
        await fill(pilot, "minutes", "-2")
        await press(pilot, "enter")
        assert "must not be negative" in field_error(pilot, "minutes")
        await fill(pilot, "minutes", "23")
        await press(pilot, "enter")
        if isinstance(app.screen, FormScreen):  # hours already booked that day push it over
            assert "at most 24 hours" in field_error(pilot, "minutes")
            assert count(demo_db, TimeEntry) == before
            await fill(pilot, "minutes", "1.5")
            await press(pilot, "enter")
        assert not isinstance(app.screen, FormScreen)
        assert count(demo_db, TimeEntry) == before + 1


async def test_time_and_resources_screens_and_the_gantt_key(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, TimesheetScreen)
        assert app.screen.query_one(DataTable).row_count > 0
        await press(pilot, "escape", "L")
        assert isinstance(app.screen, ResourcesScreen)
        assert "|" in screen_text(pilot)
        await press(pilot, "escape", "G")
        before = count(demo_db, TimeEntry)
        await press(pilot, "T")  # the first row is a summary: no form, a message
        assert not isinstance(app.screen, FormScreen)
        await press(pilot, "down", "T")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "worked_on", "2026-11-14")  # a Saturday: nobody has booked it
        await fill(pilot, "minutes", "2")
        await press(pilot, "enter")
        assert count(demo_db, TimeEntry) == before + 1


async def test_report_written_from_the_screen_is_private(demo_db, make_app, tmp_path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "w")
        target = tmp_path / "erp.md"
        await fill(pilot, "path", str(target))
        await press(pilot, "enter")
        assert target.exists()
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
        assert "# Status report ERP-S4" in target.read_text()


async def test_portfolio_dashboard_sorts_and_opens_monitoring(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "D")
        screen = app.screen
        assert isinstance(screen, PortfolioDashboardScreen)
        table = screen.query_one(DataTable)
        healths = column(table, 1)
        rank = {"RED": 0, "AMBER": 1, "GREEN": 2}
        assert [rank[h] for h in healths] == sorted(rank[h] for h in healths)
        assert "projects:" in screen_text(pilot)
        await press(pilot, "s")
        assert column(table, 0) == sorted(column(table, 0))
        await press(pilot, "enter")
        assert isinstance(app.screen, MonitoringScreen)


async def test_a_day_off_added_on_the_resources_screen_lowers_capacity(demo_db, make_app) -> None:
    from itpm_tui.models import DayOff

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "L")
        screen = app.screen
        assert isinstance(screen, ResourcesScreen)
        person = load_of(screen).people[0]
        week = load_of(screen).loads[person.person_id][1]
        before = count(demo_db, DayOff)
        await press(pilot, "o")
        await fill(pilot, "on", week.week.isoformat())
        await press(pilot, "enter")
        assert count(demo_db, DayOff) == before + 1
        again = load_of(screen).loads[person.person_id][1]
        assert again.capacity == week.capacity - person.hours_per_day
        await press(pilot, "o")
        await fill(pilot, "on", week.week.isoformat())
        await press(pilot, "enter")
        assert "already a day off" in field_error(pilot, "on")
        assert count(demo_db, DayOff) == before + 1


async def test_portfolio_dashboard_lists_every_project_of_a_large_portfolio(
    empty_db, make_app
) -> None:
    from itpm_tui.db import write_session
    from itpm_tui.services.portfolio.projects import ProjectInput, create_project

    with write_session(empty_db) as session:
        for n in range(45):
            create_project(session, ProjectInput(code=f"P{n:02d}", name=f"Project {n}"))
    app = make_app(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "D")
        table = app.screen.query_one(DataTable)
        for _ in range(250):  # the rows below the first screenful follow a moment later
            if table.row_count == 45:
                break
            await pilot.pause(0.02)
        assert table.row_count == 45
        assert "45 projects: 45 green" in screen_text(pilot)


async def test_portfolio_dashboard_is_read_ahead_and_never_shown_stale(empty_db, make_app) -> None:
    from itpm_tui.db import open_database, write_session
    from itpm_tui.screens.portfolio.listing import health_of_portfolio
    from itpm_tui.services.portfolio.projects import ProjectInput, create_project

    with write_session(empty_db) as session:
        for n in range(3):
            create_project(session, ProjectInput(code=f"P{n}", name=f"Project {n}"))
    app = make_app(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        key, _ = health_of_portfolio(TODAY)
        assert [row.code for row in app.kept(key)] == ["P0", "P1", "P2"]  # read while idle
        await press(pilot, "D")
        # Shown from what was read ahead: the dashboard did not read again.
        assert "portfolio-dashboard" not in app._job_numbers
        assert "3 projects: 3 green" in screen_text(pilot)
        await press(pilot, "escape")
        # A change made in this app, then one made by another process on the same file:
        # each time the dashboard reads again instead of showing what it kept.
        with write_session(app.engine) as session:
            create_project(session, ProjectInput(code="P3", name="Project 3"))
        assert app.kept(key) is None
        await press(pilot, "D")
        assert "4 projects: 4 green" in screen_text(pilot)
        await press(pilot, "escape")
        other = open_database(str(empty_db.url.database))
        try:
            with write_session(other) as session:
                create_project(session, ProjectInput(code="P4", name="Project 4"))
        finally:
            other.dispose()
        await press(pilot, "D")
        assert "5 projects: 5 green" in screen_text(pilot)


async def test_portfolio_dashboard_gives_every_dimension_its_reason(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "D")
        screen = app.screen
        assert isinstance(screen, PortfolioDashboardScreen)
        await press(pilot, "home")  # APP-PORTAL, the red one, sorts first
        detail = str(screen.query_one("#reason", Static).render())
        # Red for cost, risk and quality; its amber schedule says why too.
        assert detail.startswith("APP-PORTAL RED")
        assert "schedule AMBER 1 milestone slipped" in detail
        assert "cost RED forecast 12% over budget" in detail


async def test_monitoring_says_why_for_every_dimension_not_only_the_worst(
    demo_db, make_app
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_monitoring(pilot, "APP-PORTAL")
        assert screen.dashboard is not None and screen.dashboard.health == "red"
        why = screen.headline(screen.dashboard).plain.split("Why: ", 1)[1]
        # The amber schedule is not the worst dimension, and still gives its reason.
        assert "schedule: 1 milestone slipped" in why
        assert "cost: forecast 12% over budget" in why


async def test_page_keys_scroll_the_dashboard(demo_db, make_app) -> None:
    from textual.containers import VerticalScroll

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_monitoring(pilot)
        body = screen.query_one("#body", VerticalScroll)
        assert body.scroll_y == 0 and body.max_scroll_y > 0
        await press(pilot, "pagedown")
        assert body.scroll_y > 0
        await press(pilot, "end")
        assert body.scroll_y == body.max_scroll_y
        await press(pilot, "pageup")
        assert 0 < body.scroll_y < body.max_scroll_y
        await press(pilot, "home")
        assert body.scroll_y == 0
        assert isinstance(app.screen, MonitoringScreen)


async def test_deleting_a_budget_line_is_one_action_named_for_undo(demo_db, make_app) -> None:
    from .helpers import notices, record_notices

    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, BudgetScreen)
        await settle(pilot)
        line = screen.selected_line()
        assert line is not None
        name = line.name or line.category
        lines, expenses = count(demo_db, BudgetLine), count(demo_db, Expense)
        await press(pilot, "d", "y")
        await settle(pilot)
        assert count(demo_db, BudgetLine) == lines - 1
        await press(pilot, "u")
        await settle(pilot)
        assert f"Undone: delete the budget line '{name}'" in notices(app)
        assert (count(demo_db, BudgetLine), count(demo_db, Expense)) == (lines, expenses)


async def test_a_budget_line_added_by_its_form_is_named_for_undo(demo_db, make_app) -> None:
    from .helpers import notices, record_notices

    app = make_app(demo_db)
    record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_monitoring(pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, BudgetScreen)
        lines = count(demo_db, BudgetLine)
        await press(pilot, "n")
        await fill(pilot, "name", "Pen test")
        await fill(pilot, "planned_cents", "10000")
        await press(pilot, "enter")
        await settle(pilot)
        assert count(demo_db, BudgetLine) == lines + 1
        await press(pilot, "u")
        await settle(pilot)
        assert "Undone: add the budget line 'Pen test'" in notices(app)
        assert count(demo_db, BudgetLine) == lines
