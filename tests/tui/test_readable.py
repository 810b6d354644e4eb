"""Readable at 80x24 in ASCII: glyphs that carry meaning, dialogs that fit, columns that read."""

from __future__ import annotations

from itpm_tui.screens.forms import FormScreen
from itpm_tui.screens.planning import PlanningScreen
from textual.widgets import Checkbox

from .helpers import open_code, press, settle, widget_text


async def test_checkbox_reads_x_when_ticked_and_blank_when_not_in_ascii(demo_db, make_app) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        assert isinstance(app.screen, PlanningScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        box = app.screen.query_one("#field-is_milestone", Checkbox)
        assert not box.value
        assert widget_text(box).startswith("[ ]")
        box.focus()
        await press(pilot, "space")
        assert box.value
        assert widget_text(box).startswith("[x]")
