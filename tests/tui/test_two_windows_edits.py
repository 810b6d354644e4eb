"""Two windows on one file, the other a real process: the chart, KPI, RACI, calendar, status
date and change-request edits refuse a save over a change made since they opened."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from textual.pilot import Pilot

from itpm_tui.db import read_session
from itpm_tui.screens.shared.forms import FormScreen

from .helpers import fill, press
from .test_two_windows import _app, other_window, wait_for
from .test_two_windows_rows import _refused, _reloads


def _one(engine: Engine, sql: str) -> tuple[Any, ...]:
    with read_session(engine) as session:
        return tuple(session.connection().exec_driver_sql(sql).one())


async def test_a_kpi_target_form_opened_before_a_change_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.monitoring.kpis import KpisScreen

    from .test_kpis import open_kpis

    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot)
        row = screen.selected_target()
        assert row is not None
        (pid,) = _one(demo_db, "SELECT id FROM project WHERE code = 'NET-CORE'")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        theirs = "98.00" if f"{row.target:.2f}" != "98.00" else "97.00"

        other_window(
            demo_db,
            f"""
            from decimal import Decimal
            from itpm_tui.services.monitoring import kpi_records
            with write_session(engine, "target") as s:
                kpi_records.set_target(s, {pid}, "{row.kpi}", Decimal("{theirs}"))
            """,
        )
        await fill(pilot, "target", "96.5")
        await _refused(pilot, form, f"Target: {row.target:.2f} -> {theirs}")
        again = await _reloads(pilot, form)
        assert again.raw_value("target") == theirs
        await fill(pilot, "target", "96.5")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, KpisScreen))
        assert _one(
            demo_db, f"SELECT target FROM kpi_target WHERE project_id = {pid} AND kpi = '{row.kpi}'"
        ) == (9650,)


# --- the Gantt chart: % complete and the date constraint ----------------------------------


async def test_a_percent_form_opened_before_a_change_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.planning.gantt import GanttScreen

    from .test_gantt_screen import open_gantt, select_task, task_id

    tid = task_id(demo_db, "Order hardware")
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Order hardware")
        await press(pilot, "percent_sign")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(
            demo_db,
            f"""
            from itpm_tui.services.planning import plan_edits
            with write_session(engine, "progress") as s:
                plan_edits.set_percent(s, {tid}, 30)
            """,
        )
        await fill(pilot, "percent", "40")
        await _refused(pilot, form, "% complete: 0 -> 30")
        assert _one(demo_db, f"SELECT percent_complete FROM task WHERE id = {tid}") == (30,)
        again = await _reloads(pilot, form)
        assert again.raw_value("percent") == "30"
        await fill(pilot, "percent", "40")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, GanttScreen))
        assert _one(demo_db, f"SELECT percent_complete FROM task WHERE id = {tid}") == (40,)


async def test_a_constraint_form_opened_before_a_change_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.planning.gantt import GanttScreen

    from .helpers import choose
    from .test_gantt_screen import open_gantt, select_task, task_id

    tid = task_id(demo_db, "Cutover complete")
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await select_task(pilot, "Cutover complete")
        await press(pilot, "c")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(
            demo_db,
            f"""
            import datetime
            from itpm_tui.services.planning import plan_edits
            with write_session(engine, "pin") as s:
                plan_edits.set_constraint(s, {tid}, "MFO", datetime.date(2027, 3, 1))
            """,
        )
        await choose(pilot, "kind", "finish no later than")
        await fill(pilot, "day", "2027-04-01")
        await _refused(
            pilot,
            form,
            "Constraint: as soon as possible -> must finish on",
            "Date: (none) -> 2027-03-01",
        )
        assert _one(
            demo_db, f"SELECT constraint_kind, constraint_date FROM task WHERE id = {tid}"
        ) == ("MFO", "2027-03-01")
        again = await _reloads(pilot, form)
        assert again.raw_value("kind") == "MFO"
        await fill(pilot, "day", "2027-03-02")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, GanttScreen))
        assert _one(
            demo_db, f"SELECT constraint_kind, constraint_date FROM task WHERE id = {tid}"
        ) == ("MFO", "2027-03-02")


async def test_a_raci_cell_form_opened_before_a_change_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.registers.raci import RaciScreen

    from .test_registers import open_planning

    app = _app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_planning(pilot)
        await press(pilot, "a")
        screen = app.screen
        assert isinstance(screen, RaciScreen)
        await press(pilot, "down", "down", "down", "down", "down")
        cell = screen._cell()
        assert cell is not None
        task_id, person_id = cell
        (pid,) = _one(demo_db, f"SELECT project_id FROM task WHERE id = {task_id}")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen) and form.raw_value("roles") == ""

        other_window(
            demo_db,
            f"""
            from itpm_tui.services.registers import raci_records as raci
            with write_session(engine, "consult") as s:
                raci.set_roles(s, {pid}, {task_id}, {person_id}, "A/R")
            """,
        )
        await fill(pilot, "roles", "C")
        await _refused(pilot, form, "Roles: (none) -> A/R")
        again = await _reloads(pilot, form)
        assert again.raw_value("roles") == "A/R"
        await fill(pilot, "roles", "a")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        assert _one(
            demo_db,
            f"SELECT roles FROM raci_assignment WHERE task_id = {task_id} "
            f"AND person_id = {person_id}",
        ) == ("A",)


async def test_a_working_days_form_opened_before_a_change_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.planning.calendar import WorkCalendarScreen

    from .test_gantt_screen import open_gantt, project_id

    pid = project_id(demo_db)
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gantt(pilot)
        await press(pilot, "W", "w")
        form = app.screen
        assert isinstance(form, FormScreen) and form.raw_value("weekdays") == "mon-fri"

        other_window(
            demo_db,
            f"""
            import datetime
            from itpm_tui.services.planning import calendar_records as work_calendar
            with write_session(engine, "days") as s:
                work_calendar.set_working_weekdays(s, {pid}, "sun-thu", datetime.date(2026, 1, 5))
            """,
        )
        await fill(pilot, "weekdays", "mon-thu")
        await _refused(pilot, form, "Working days: mon-fri -> mon-thu,sun")
        assert _one(demo_db, f"SELECT working_weekdays FROM project WHERE id = {pid}") == (
            "0,1,2,3,6",
        )
        again = await _reloads(pilot, form)
        assert again.raw_value("weekdays") == "mon-thu,sun"
        await fill(pilot, "weekdays", "mon-thu")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkCalendarScreen))
        assert _one(demo_db, f"SELECT working_weekdays FROM project WHERE id = {pid}") == (
            "0,1,2,3",
        )


async def test_a_status_date_form_opened_before_a_change_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from .test_monitoring import open_monitoring

    (pid,) = _one(demo_db, "SELECT id FROM project WHERE code = 'ERP-S4'")
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_monitoring(pilot)
        await press(pilot, "s")
        form = await _form_shown(pilot)
        assert form.raw_value("status_date") == ""

        other_window(
            demo_db,
            f"""
            import datetime
            from itpm_tui.services.planning.status_date import set_status_date
            with write_session(engine, "as of") as s:
                set_status_date(s, {pid}, datetime.date(2026, 10, 30))
            """,
        )
        await fill(pilot, "status_date", "2026-11-01")
        await _refused(pilot, form, "Status date: (none) -> 2026-10-30")
        assert _one(demo_db, f"SELECT status_date FROM project WHERE id = {pid}") == ("2026-10-30",)
        again = await _reloads(pilot, form)
        assert again.raw_value("status_date") == "2026-10-30"
        await fill(pilot, "status_date", "2026-11-01")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        assert _one(demo_db, f"SELECT status_date FROM project WHERE id = {pid}") == ("2026-11-01",)


async def _form_shown(pilot: Pilot[Any]) -> FormScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def test_a_status_advance_opened_before_a_change_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.registers.changes import ChangesScreen

    from .helpers import open_code, settle

    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "3", "T", "C")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await press(pilot, "n")
        await fill(pilot, "title", "Longer hypercare")
        await fill(pilot, "extend_days", "3")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        (cid,) = _one(demo_db, "SELECT id FROM change_request WHERE title = 'Longer hypercare'")
        await press(pilot, "t", "ctrl+s")  # proposed -> assessed
        await wait_for(pilot, lambda: app.screen is screen)
        await press(pilot, "t")
        form = await _form_shown(pilot)

        # Elsewhere: approved by the board, then edited, which sends it back to assessed.
        other_window(
            demo_db,
            f"""
            import datetime
            from itpm_tui.models.change import ChangeRequest
            from itpm_tui.services.registers import change_records as changes
            with write_session(engine, "approve") as s:
                changes.advance(s, {cid}, "approved", datetime.date(2026, 11, 2), "Board")
            with write_session(engine, "longer") as s:
                c = s.get(ChangeRequest, {cid})
                c.extend_days, c.status, c.decided_by = 9, "assessed", "Board (to re-check)"
            """,
        )
        await fill(pilot, "decided_by", "Steering")
        await _refused(pilot, form, "Decided by: (none) -> Board (to re-check)")
        assert _one(
            demo_db, f"SELECT status, decided_by, extend_days FROM change_request WHERE id = {cid}"
        ) == ("assessed", "Board (to re-check)", 9)
        again = await _reloads(pilot, form)
        assert again.raw_value("decided_by") == "Board (to re-check)"
        await fill(pilot, "decided_by", "Steering")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        assert _one(demo_db, f"SELECT status, decided_by FROM change_request WHERE id = {cid}") == (
            "approved",
            "Steering",
        )
