"""Readable at 80x24 in ASCII: glyphs that carry meaning, dialogs that fit, columns that read."""

from __future__ import annotations

from itpm_tui.screens.changes import ChangesScreen
from itpm_tui.screens.execution import ExecutionScreen
from itpm_tui.screens.forms import FormScreen
from itpm_tui.screens.history import HistoryScreen
from itpm_tui.screens.planning import PlanningScreen
from textual.widgets import Checkbox

from itpm_tui.widgets.task_table import TaskTable

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


async def test_h_on_the_execution_task_list_is_task_history_and_c_opens_changes(
    demo_db, make_app
) -> None:
    app = make_app(demo_db, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "ERP-S4")
        await press(pilot, "3", "T")
        assert isinstance(app.screen, ExecutionScreen)
        title = app.screen.query_one(TaskTable).selected_row().title
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        assert title in app.screen.title_text
        # escape clears the item, then goes back.
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, ExecutionScreen)
        await press(pilot, "C")
        assert isinstance(app.screen, ChangesScreen)
