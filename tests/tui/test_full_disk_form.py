"""A save that fails for lack of space says so in one line in the form, and saves nothing."""

from __future__ import annotations

from sqlalchemy import Engine, event
from textual.widgets import TextArea

from itpm_tui.screens.shared.forms import FormScreen

from .helpers import open_code, press, settle, type_text
from .test_two_windows import _app, _form_error
from .test_two_windows_rows import _charter


def _fill_the_disk(engine: Engine) -> None:
    # SQLite's own limit on the file's size: a real "database or disk is full" on growth.
    @event.listens_for(engine, "connect")
    def full(connection, _record) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()


async def test_a_form_saved_on_a_full_disk_says_so_in_one_line(demo_db: Engine) -> None:
    before = _charter(demo_db, "SEC-MFA").business_need
    _fill_the_disk(demo_db)
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "SEC-MFA")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        area = form.query_one("#field-business_need", TextArea)
        area.focus()
        await settle(pilot)
        # More than any page has room for: the file must grow, and it cannot.
        await type_text(pilot, "x" * 3000)
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # nothing saved, the form stays
        message = _form_error(form)
        assert message == "Nothing was saved: database or disk is full"
    assert _charter(demo_db, "SEC-MFA").business_need == before
