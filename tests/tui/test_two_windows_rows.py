"""Two windows on one file, the other a real process: every editable row refuses a stale save."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import TextArea

from itpm_tui.db import read_session
from itpm_tui.models import Charter, Project
from itpm_tui.screens.lifecycle.initiation import InitiationScreen
from itpm_tui.screens.shared.forms import FormScreen

from .helpers import fill, known, open_code, press, settle, type_text
from .test_two_windows import _app, _form_error, other_window, wait_for


def _charter(engine: Engine, code: str) -> Charter:
    with read_session(engine) as session:
        project = session.exec(select(Project).where(Project.code == code)).one()
        return session.exec(select(Charter).where(Charter.project_id == project.id)).one()


async def _type_into(pilot: Pilot[Any], field: str, text: str) -> None:
    area = pilot.app.screen.query_one(f"#field-{field}", TextArea)
    area.focus()
    area.move_cursor(area.document.end)
    await settle(pilot)
    await type_text(pilot, text)
    await settle(pilot)


async def test_a_charter_opened_before_an_edit_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    before = _charter(demo_db, "SEC-MFA")
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        assert isinstance(app.screen, InitiationScreen)
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen) and form.form_title == "Charter"

        other_window(
            demo_db,
            f"""
            from itpm_tui.models import Charter
            with write_session(engine, "edit the charter") as s:
                charter = s.get(Charter, {before.id})
                charter.business_need = "Theirs"
                charter.discount_rate_bp = 1000
            """,
        )

        await _type_into(pilot, "business_need", " and mine")
        await press(pilot, "ctrl+s")
        assert app.screen is form  # refused: nothing saved, the form stays
        message = _form_error(form)
        assert "changed elsewhere since you opened it" in message
        assert "Business need: " in message and "-> Theirs" in message
        assert "Discount rate %: 8 -> 10" in message  # shown as the form shows it
        assert "ctrl+l" in message
        after = _charter(demo_db, "SEC-MFA")
        assert (after.business_need, after.discount_rate_bp) == ("Theirs", 1000)

        await press(pilot, "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen is not form)
        assert app.screen.query_one("#field-business_need", TextArea).text == "Theirs"
        await _type_into(pilot, "business_need", " and mine")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, InitiationScreen))
        saved = _charter(demo_db, "SEC-MFA")
        assert (saved.business_need, saved.discount_rate_bp) == ("Theirs and mine", 1000)


async def test_a_charter_written_elsewhere_while_this_form_opened_on_none_is_not_overwritten(
    demo_db: Engine,
) -> None:
    with read_session(demo_db) as session:
        project = session.exec(select(Project).where(Project.code == "SEC-MFA")).one()
        pid = project.id
    other_window(
        demo_db,
        f"""
        from itpm_tui.models import Charter
        with write_session(engine, "drop the charter") as s:
            s.delete(s.exec(select(Charter).where(Charter.project_id == {pid})).one())
        """,
    )
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen) and form.form_title == "Charter"

        other_window(
            demo_db,
            f"""
            from itpm_tui.services.lifecycle.documents import save_charter
            with write_session(engine, "write the charter") as s:
                save_charter(s, {pid}, {{"business_need": "Theirs"}})
            """,
        )
        await _type_into(pilot, "scope_in", "Mine")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "changed elsewhere since you opened it" in _form_error(form)
        assert _charter(demo_db, "SEC-MFA").business_need == "Theirs"


# --- rows edited outside the generic forms --------------------------------------------------


def _id_where(engine: Engine, sql: str) -> int:
    with read_session(engine) as session:
        return int(session.connection().exec_driver_sql(sql).scalar_one())


async def _refused(pilot: Pilot[Any], form: FormScreen, *expected: str) -> None:
    await press(pilot, "ctrl+s")
    assert pilot.app.screen is form  # refused: nothing saved, the form stays
    message = _form_error(form)
    assert "changed elsewhere since you opened it" in message
    for part in expected:
        assert part in message


async def _reloads(pilot: Pilot[Any], form: FormScreen) -> FormScreen:
    await press(pilot, "ctrl+l")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen is not form)
    screen = app.screen
    assert isinstance(screen, FormScreen)
    return screen


async def test_a_sprint_form_opened_before_an_edit_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.kanban.sprints import SprintsScreen

    from .test_board_screen import open_board

    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "I")
        assert isinstance(app.screen, SprintsScreen)
        await press(pilot, "n")
        await fill(pilot, "goal", "Hardware on site")
        await fill(pilot, "start", "2026-11-16")
        await fill(pilot, "finish", "2026-11-27")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SprintsScreen))
        sprint_id = _id_where(demo_db, "SELECT id FROM sprint WHERE goal = 'Hardware on site'")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(
            demo_db,
            f"""
            from itpm_tui.models import Sprint
            with write_session(engine, "regoal") as s:
                s.get(Sprint, {sprint_id}).goal = "Theirs"
            """,
        )
        await fill(pilot, "name", "Mine")
        await _refused(pilot, form, "Goal: Hardware on site -> Theirs")
        again = await _reloads(pilot, form)
        assert again.raw_value("goal") == "Theirs"
        await fill(pilot, "name", "Mine")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SprintsScreen))
        with read_session(demo_db) as session:
            row = session.connection().exec_driver_sql(
                f"SELECT name, goal FROM sprint WHERE id = {sprint_id}"
            )
            assert tuple(row.one()) == ("Mine", "Theirs")


async def test_a_board_column_form_opened_before_an_edit_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.kanban.workflow import WorkflowScreen

    from .test_board_screen import open_board

    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "W")
        assert isinstance(app.screen, WorkflowScreen)
        column_id = app.screen.selected_id()
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(
            demo_db,
            f"""
            from itpm_tui.models import WorkflowColumn
            with write_session(engine, "limit") as s:
                s.get(WorkflowColumn, {column_id}).wip_limit = 7
            """,
        )
        await fill(pilot, "name", "Mine")
        await _refused(pilot, form, "WIP limit: (none) -> 7")
        again = await _reloads(pilot, form)
        assert again.raw_value("wip_limit") == "7"
        await fill(pilot, "name", "Mine")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkflowScreen))
        with read_session(demo_db) as session:
            row = session.connection().exec_driver_sql(
                f"SELECT name, wip_limit FROM workflow_column WHERE id = {column_id}"
            )
            assert tuple(row.one()) == ("Mine", 7)


async def test_a_downtime_form_opened_before_an_edit_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.monitoring.kpis import KpisScreen

    from .test_kpis import open_kpis

    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot)
        await press(pilot, "tab")
        down = screen.selected_downtime()
        assert down is not None
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(
            demo_db,
            f"""
            from itpm_tui.models import Downtime
            with write_session(engine, "note") as s:
                s.get(Downtime, {down.id}).note = "Theirs"
            """,
        )
        await fill(pilot, "system", "Mine")
        await _refused(pilot, form, "Note: ", "-> Theirs")
        assert "Start" not in _form_error(form)  # only what changed is listed
        again = await _reloads(pilot, form)
        assert again.raw_value("note") == "Theirs"
        await fill(pilot, "system", "Mine")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, KpisScreen))
        with read_session(demo_db) as session:
            row = session.connection().exec_driver_sql(
                f"SELECT system, note FROM downtime WHERE id = {down.id}"
            )
            assert tuple(row.one()) == ("Mine", "Theirs")


async def test_a_service_window_form_opened_before_an_edit_elsewhere_is_refused(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.monitoring.kpis import KpisScreen

    from .test_kpis import open_kpis

    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot)
        window = known(screen.overview).window
        assert window is not None
        await press(pilot, "w")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(
            demo_db,
            f"""
            from itpm_tui.models import ServiceWindow
            with write_session(engine, "hours") as s:
                s.get(ServiceWindow, {window.id}).end_hour = 23
            """,
        )
        await fill(pilot, "system", "Mine")
        await _refused(pilot, form, f"To hour: {window.end_hour} -> 23")
        assert "Weekdays" not in _form_error(form)  # unchanged, though stored otherwise
        again = await _reloads(pilot, form)
        assert again.raw_value("end_hour") == "23"
        await fill(pilot, "system", "Mine")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, KpisScreen))
        with read_session(demo_db) as session:
            row = session.connection().exec_driver_sql(
                f"SELECT system, end_hour FROM service_window WHERE id = {window.id}"
            )
            assert tuple(row.one()) == ("Mine", 23)


async def test_a_reassessment_opened_before_an_edit_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.registers.risks import RisksScreen

    with read_session(demo_db) as session:
        project = session.exec(select(Project).where(Project.code == "NET-CORE")).one()
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(RisksScreen(known(project.id)))
        await settle(pilot)
        assert isinstance(app.screen, RisksScreen)
        row = app.screen.selected_row()
        assert row is not None
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        theirs = 1 if row.impact != 1 else 2

        other_window(
            demo_db,
            f"""
            from itpm_tui.models.risk import Risk
            with write_session(engine, "impact") as s:
                s.get(Risk, {row.id}).impact = {theirs}
            """,
        )
        await fill(pilot, "probability", "5")
        await _refused(pilot, form, f"Impact 1-5: {row.impact} -> {theirs}")
        again = await _reloads(pilot, form)
        assert again.raw_value("impact") == str(theirs)
        await fill(pilot, "probability", "5")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, RisksScreen))
        with read_session(demo_db) as session:
            row_now = session.connection().exec_driver_sql(
                f"SELECT probability, impact FROM risk WHERE id = {row.id}"
            )
            assert tuple(row_now.one()) == (5, theirs)
