"""Forms: a wrong field keeps the form open with an error beside it; user text is never markup."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from itpm_tui.screens.lifecycle.initiation import InitiationScreen
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.widgets.task_table import TaskTable

from .helpers import (
    burst,
    column,
    field_error,
    fill,
    open_code,
    portfolio_table,
    press,
    project_codes,
    project_named,
    screen_text,
    settle,
    task_rows,
    type_text,
    widget_text,
)

MARKUP_NAME = "[bold]x[/] [link=http://x]y[/link] [@click=app.quit]z"

# (what is wrong, {field: typed text}, the field marked, part of its message)
PROJECT_CASES = [
    ("empty name", {"code": "NEW-1", "name": ""}, "name", "a name is required"),
    ("empty code", {"code": "", "name": "Nameless"}, "code", "a code is required"),
    (
        "duplicate code",
        {"code": "erp-s4", "name": "Again"},
        "code",
        "ERP-S4 is already the code of another project",
    ),
    (
        "finish before start",
        {"code": "NEW-1", "start": "2026-12-01", "target_finish": "2026-11-01"},
        "target_finish",
        "the target finish is before the start",
    ),
    ("not a date", {"start": "notadate", "target_finish": ""}, "start", "'notadate' is not a date"),
]
TASK_CASES = [
    ("percent 150", {"percent_complete": "150"}, "percent_complete", "must be between 0 and 100"),
    (
        "negative estimate",
        {"percent_complete": "0", "estimate_days": "-2d"},
        "estimate_days",
        "'-2d' is not a duration",
    ),
    ("garbage estimate", {"estimate_days": "lots"}, "estimate_days", "'lots' is not a duration"),
    (
        "not a date",
        {"estimate_days": "2d", "finish": "notadate"},
        "finish",
        "'notadate' is not a date",
    ),
    ("finish before start", {"finish": "2026-11-20"}, "finish", "the finish is before the start"),
    ("no title", {"finish": "2026-11-24", "title": ""}, "title", "a title is required"),
]


def assert_rejected(pilot: Pilot[Any], case: str, field: str, message: str) -> None:
    """The form is still open; only `field` shows an error, with `message`, and has the focus."""
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen), case
    error = field_error(pilot, field)
    assert message in error, (case, error)
    assert screen.query_one(f"#error-{field}", Static).region.height == 1, case
    assert "Nothing was saved" in str(screen.query_one("#form-error", Static).content), case
    assert screen.query_one(f"#field-{field}").has_focus, case
    others = [f.name for f in screen.fields if f.name != field]
    assert [f for f in others if field_error(pilot, f)] == [], case


async def test_project_form_refuses_each_invalid_field_and_saves_nothing(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        for case, typed, field, message in PROJECT_CASES:
            for name, text in typed.items():
                await fill(pilot, name, text)
            await press(pilot, "ctrl+s")
            assert_rejected(pilot, case, field, message)
            assert len(project_codes(demo_db)) == 7, case
        # Put the last field right: the errors go and the project is saved.
        await fill(pilot, "start", "2026-11-01")
        await press(pilot, "enter")
        assert isinstance(app.screen, PortfolioScreen)
        saved = project_named(demo_db, "NEW-1")
        assert (saved.name, saved.start, saved.target_finish) == ("Again", date(2026, 11, 1), None)


async def test_keys_typed_ahead_go_to_the_field_tab_moved_to(demo_db, make_app) -> None:
    # Over a slow link the keys of several fields can arrive in one burst.
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        screen = app.screen
        screen.query_one("#field-code", Input).focus()
        await pilot.pause()
        await type_text(pilot, "NEW-3\tTyped ahead")
        assert screen.query_one("#field-code", Input).value == "NEW-3"
        assert screen.query_one("#field-name", Input).value == "Typed ahead"


async def test_editing_keys_typed_ahead_apply_in_the_order_typed(demo_db, make_app) -> None:
    # Backspace and ctrl+u are the field's bindings; in one burst with text they used to
    # run after it: "ab", backspace, "c" gave "ab", and ctrl+u cleared what followed it.
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        field = app.screen.query_one("#field-code", Input)
        field.focus()
        await pilot.pause()
        await burst(pilot, "a", "b", "backspace", "c")
        assert field.value == "ac"
        await burst(pilot, "ctrl+u", "x", "y", "left", "z")
        assert field.value == "xzy"


async def test_escape_cancels_the_project_form_without_saving(demo_db, make_app) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await fill(pilot, "code", "NEW-2")
        await fill(pilot, "name", "Never")
        await press(pilot, "escape")
        assert isinstance(app.screen, PortfolioScreen)
        assert "NEW-2" not in project_codes(demo_db)


async def test_task_form_refuses_each_invalid_field_and_saves_nothing(demo_db, make_app) -> None:
    before = [(r.id, r.title, r.version) for r in task_rows(demo_db, "NET-CORE")]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        assert isinstance(app.screen, PlanningScreen)
        await press(pilot, "n")
        await fill(pilot, "title", "Audit")
        await fill(pilot, "start", "2026-11-23")
        for case, typed, field, message in TASK_CASES:
            for name, text in typed.items():
                await fill(pilot, name, text)
            await press(pilot, "ctrl+s")
            assert_rejected(pilot, case, field, message)
            assert [(r.id, r.title, r.version) for r in task_rows(demo_db, "NET-CORE")] == before
        await press(pilot, "escape")
        assert isinstance(app.screen, PlanningScreen)
        assert len(task_rows(demo_db, "NET-CORE")) == len(before)


async def test_markup_in_a_project_name_is_shown_literally(demo_db, make_app) -> None:
    app = make_app(demo_db)
    # Wide enough that the portfolio shows the whole name.
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await fill(pilot, "code", "MARK-1")
        await fill(pilot, "name", MARKUP_NAME)
        await press(pilot, "ctrl+s")
        assert project_named(demo_db, "MARK-1").name == MARKUP_NAME
        table = portfolio_table(pilot)
        row = column(table, 0).index("MARK-1")
        assert table.cursor_row == row
        assert column(table, 1)[row] == MARKUP_NAME
        assert MARKUP_NAME in screen_text(pilot)
        # Clicking the name runs no action hidden in it (it opens the project).
        await pilot.click(table, offset=(20, row + 1))
        await settle(pilot)
        assert app.is_running
        if isinstance(app.screen, PortfolioScreen):
            await press(pilot, "enter")
        assert isinstance(app.screen, InitiationScreen)
        assert MARKUP_NAME in widget_text(app.screen.query_one("#details", Static))
        assert MARKUP_NAME in str(app.screen.query_one("#project-title", Static).content)
        # The delete question shows it as typed too.
        await press(pilot, "escape", "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert MARKUP_NAME in app.screen.question
        shown = screen_text(pilot)  # the question wraps at spaces
        assert all(word in shown for word in MARKUP_NAME.split())
        await press(pilot, "n")
        assert app.is_running


async def test_control_characters_and_markup_in_a_task_title_are_harmless(
    demo_db, make_app
) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "n")
        title = app.screen.query_one("#field-title", Input)
        # Pasted, as nobody types ESC into a field.
        title.post_message(events.Paste("\x1b[2J[/]"))
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PlanningScreen)
        stored = [r.title for r in task_rows(demo_db, "NET-CORE") if "[/]" in r.title]
        assert stored == ["[2J[/]"]  # ESC stripped before it was stored
        titles = column(app.screen.query_one(TaskTable), 1)
        assert any(t.strip().startswith("[2J[/]") for t in titles), titles
        assert "[2J[/]" in screen_text(pilot)
        assert app.is_running
        # The edit form and the delete question show it as typed as well.
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "Edit task: [2J[/]"
        assert "Edit task: [2J[/]" in screen_text(pilot)
        await press(pilot, "escape", "d")
        assert "Delete task '[2J[/]'?" in screen_text(pilot)
        await press(pilot, "y")
        assert not [r for r in task_rows(demo_db, "NET-CORE") if "[/]" in r.title]
        assert app.is_running
