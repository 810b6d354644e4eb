"""Dates that stay true on screen: a new project start shows on the Planning list at once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from textual.widgets import Static

from itpm_tui.db import write_session
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.planning.task_edits import save_task
from itpm_tui.services.planning.tasks import TaskInput
from itpm_tui.services.portfolio.projects import ProjectInput, create_project
from itpm_tui.widgets.task_table import TaskTable

from .helpers import TODAY, column, field_error, fill, known, open_code, press, settle, task_rows


def seed_plan(engine: Engine) -> None:
    """OPS-01 in Planning from Monday 23 November: Survey (3 d) and Design (2 d)."""
    with write_session(engine, journal=False) as s:
        data = ProjectInput(code="OPS-01", name="Ops", phase="planning", start=date(2026, 11, 23))
        pid = known(create_project(s, data, TODAY).id)
        for title, days in (("Survey", 3.0), ("Design", 2.0)):
            save_task(s, pid, None, TaskInput(title=title, estimate_days=days), today=TODAY)


async def test_moving_the_project_start_moves_the_planning_list(demo_db, make_app) -> None:
    seed_plan(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "OPS-01")
        assert isinstance(app.screen, PlanningScreen)
        before = max(r.finish for r in task_rows(demo_db, "OPS-01") if r.finish)
        await press(pilot, "E")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "start", "2026-12-07")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PlanningScreen)
        rows = task_rows(demo_db, "OPS-01")
        # The plan moved two weeks later...
        assert min(r.start for r in rows if r.start) == date(2026, 12, 7)
        after = max(r.finish for r in rows if r.finish)
        assert after > before
        # ...and the list and its summary line show the moved dates.
        shown = column(app.screen.query_one(TaskTable), 4)
        assert shown == [r.finish.strftime("%b %d") if r.finish else "" for r in rows]
        assert f"ends {after.isoformat()}" in str(app.screen.query_one("#summary", Static).content)


async def test_an_estimate_typed_in_the_card_form_sets_the_cards_span(demo_db, make_app) -> None:
    from itpm_tui.db import read_session
    from itpm_tui.screens.kanban.board import BoardScreen
    from itpm_tui.services.planning.schedule_records import project_calendar
    from itpm_tui.services.planning.tasks import get_task

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "3")
        assert isinstance(app.screen, BoardScreen)
        await press(pilot, "enter")  # the first card of To do: Order hardware
        assert isinstance(app.screen, FormScreen)
        assert app.screen.raw_value("title") == "Order hardware"
        await fill(pilot, "estimate_days", "8d")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BoardScreen)
    [row] = [r for r in task_rows(demo_db, "NET-CORE") if r.title == "Order hardware"]
    with read_session(demo_db) as s:
        task = get_task(s, row.id)
        calendar = project_calendar(s, task.project_id)
    assert (task.estimate_days, task.duration_days) == (8.0, 8)
    # Eight working days from its start: a day's work a day, not 8 days' work on 3.
    assert row.finish == calendar.add_working_days(known(row.start), 7)


async def test_a_date_or_estimate_no_project_has_is_refused_beside_its_field(
    demo_db, make_app
) -> None:
    seed_plan(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "OPS-01")
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "title", "Forever")
        await fill(pilot, "start", "0001-01-01")
        await fill(pilot, "estimate_days", "99999999999999999999")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "out of range: use 1970-01-01 to 2199-12-31" in field_error(pilot, "start")
        assert "at most 5000 working days" in field_error(pilot, "estimate_days")
        await press(pilot, "escape")
    assert [r.title for r in task_rows(demo_db, "OPS-01")] == ["Survey", "Design"]


async def test_a_project_yet_to_start_is_measured_on_its_start_and_says_so(
    demo_db, make_app
) -> None:
    from itpm_tui.screens.monitoring.monitoring import MonitoringScreen

    from .helpers import notices, screen_text
    from .test_two_windows import wait_for

    seed_plan(demo_db)  # starts Monday 23 November, after TODAY
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "OPS-01")
        await press(pilot, "4")
        screen = app.screen
        assert isinstance(screen, MonitoringScreen) and screen.dashboard is not None
        assert screen.dashboard.status_date == date(2026, 11, 23)
        # The dashboard scrolls back to its headline once drawn (after a refresh).
        await wait_for(pilot, lambda: "as of 2026-11-23" in screen_text(pilot))
        assert notices(app) == [
            "As of 2026-11-23, the project's start: today (2026-11-18) is before it."
        ]


async def test_the_status_date_is_kept_when_the_screen_is_left_and_opened_again(
    demo_db, make_app
) -> None:
    from itpm_tui.screens.monitoring.monitoring import MonitoringScreen

    from .helpers import project_named

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "4")
        await press(pilot, "s")
        assert isinstance(app.screen, FormScreen)
        await fill(pilot, "status_date", "2026-11-06")
        await press(pilot, "enter")
        assert isinstance(app.screen, MonitoringScreen)
        assert known(app.screen.dashboard).status_date == date(2026, 11, 6)
        # Another phase and back: a new screen reads the date the project keeps.
        await press(pilot, "3")
        await press(pilot, "4")
        screen = app.screen
        assert isinstance(screen, MonitoringScreen)
        assert known(screen.dashboard).status_date == date(2026, 11, 6)
        assert project_named(demo_db, "ERP-S4").status_date == date(2026, 11, 6)
        # Blank: as of today again.
        await press(pilot, "s")
        await fill(pilot, "status_date", "")
        await press(pilot, "enter")
        assert known(screen.dashboard).status_date == TODAY
        assert project_named(demo_db, "ERP-S4").status_date is None
