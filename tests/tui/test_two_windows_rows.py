"""Two windows on one file, the other a real process: every editable row refuses a stale save."""

from __future__ import annotations

from itpm_tui.screens.forms import FormScreen
from itpm_tui.screens.initiation import InitiationScreen
from sqlalchemy import Engine
from sqlmodel import select
from textual.widgets import TextArea

from itpm_tui.db import read_session
from itpm_tui.models import Charter, Project

from .helpers import open_code, press, settle, type_text
from .test_two_windows import _app, _form_error, other_window, wait_for


def _charter(engine: Engine, code: str) -> Charter:
    with read_session(engine) as session:
        project = session.exec(select(Project).where(Project.code == code)).one()
        return session.exec(select(Charter).where(Charter.project_id == project.id)).one()


async def _type_into(pilot, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
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
            from itpm_tui.services.lifecycle import save_charter
            with write_session(engine, "write the charter") as s:
                save_charter(s, {pid}, {{"business_need": "Theirs"}})
            """,
        )
        await _type_into(pilot, "scope_in", "Mine")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "changed elsewhere since you opened it" in _form_error(form)
        assert _charter(demo_db, "SEC-MFA").business_need == "Theirs"
