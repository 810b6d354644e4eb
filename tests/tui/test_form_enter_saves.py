"""Forms: enter saves from any one-line field, a tick box included; a refusal reads once."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlmodel import select
from textual.widgets import Static

from itpm_tui.db import read_session, write_session
from itpm_tui.models.closure import HandoverItem
from itpm_tui.screens.lifecycle.closure import ClosureScreen
from itpm_tui.screens.shared.forms import FormScreen

from .helpers import burst, open_code, press, settle
from .test_closure import to_row, to_section


def item(engine: Engine, title: str) -> tuple[str, bool]:
    with read_session(engine) as s:
        row = s.exec(select(HandoverItem).where(HandoverItem.title == title)).one()
        return row.owner, row.done


async def test_tab_space_enter_on_a_tick_box_ticks_it_and_saves(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "HW-LAPTOP")
        await to_section(pilot, "handover")
        await to_row(pilot, 1, "Training")
        assert item(demo_db, "Training") == ("", False)
        # As typed over a slow link: open the form, the owner, tab to Done, tick, enter.
        await burst(pilot, "e", "tab", "O", "p", "s", "tab", "space", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert isinstance(app.screen, ClosureScreen)
        assert item(demo_db, "Training") == ("Ops", True)


async def test_space_still_toggles_a_tick_box(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "HW-LAPTOP")
        await to_section(pilot, "handover")
        await to_row(pilot, 1, "Training")
        await burst(pilot, "e", "tab", "O", "p", "s", "tab", "space", "space")
        await press(pilot, "ctrl+s")
        assert item(demo_db, "Training") == ("Ops", False)


async def test_a_save_refused_on_a_closed_project_says_nothing_was_saved_once(
    demo_db, make_app
) -> None:
    with write_session(demo_db, journal=False) as s:
        s.connection().execute(
            text("UPDATE project SET closed_on = '2026-11-18' WHERE code = 'HW-LAPTOP'")
        )
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "HW-LAPTOP")
        await press(pilot, "3")  # the board: log time on the first card
        await burst(pilot, "t", "tab", "enter", "down", "enter", "tab", "tab", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        error = str(app.screen.query_one("#form-error", Static).content)
        assert "read-only" in error, error
        assert error.count("Nothing was saved") == 1, error
