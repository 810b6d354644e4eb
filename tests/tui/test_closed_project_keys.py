"""Every writing key of every screen of a closed project: the database stays as it was."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlmodel import select
from textual.screen import ModalScreen
from textual.widgets import Static

from itpm_tui.app import ItpmApp
from itpm_tui.config import Display
from itpm_tui.db import write_session
from itpm_tui.models import Project
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen

from .helpers import TODAY, notices, open_code, press, record_notices, settle
from .walk import PROJECT_STEPS

# Actions that only look, move about or leave: every other key of a screen is pressed.
LOOKING = {
    "back", "board", "budget", "cancel", "choose", "choose_baseline", "clear_filter",
    "clear_filters", "close", "conflicts", "cursor_down", "cursor_up", "cycle_zoom",
    "dashboard", "export", "filter", "filters", "first", "focus_map", "gantt", "group",
    "help", "history", "item", "jump_to_task", "kpis", "lanes", "last", "legend", "lessons",
    "move", "next_card", "next_column", "next_view", "open", "page", "page_down", "page_up",
    "people", "phase", "quit", "register", "registers", "reload", "resources", "reverse",
    "search", "section", "sort", "sprints", "task_history", "task_list", "text_filter",
    "timeline_left", "timeline_right", "today", "toggle_baseline", "workflow", "zoom_out",
    "focus_next", "focus_previous", "command_palette", "write_report", "save_template",
    # Reopening is the one write a closed project takes; undo and redo are the app's
    # (tested on their own: an undo into a closed project is refused the same way).
    "reopen", "undo", "redo",
}  # fmt: skip


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('action', 'change_log', 'clock')"
        ).scalars()
        result = {
            t: [tuple(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{t}" ORDER BY rowid')]
            for t in list(tables)
        }
        conn.rollback()
    return result


def _writing_keys(screen: Any) -> list[str]:
    keys = []
    for key, active in screen.active_bindings.items():
        action = active.binding.action.split("(")[0].removeprefix("app.").removeprefix("screen.")
        if action not in LOOKING and key not in keys:
            keys.append(key)
    return keys


async def _answer(pilot: Any, screen: Any, shown: list[str]) -> None:
    """Say yes to every question and save every form a key opened, then come back."""
    app = pilot.app
    for _ in range(6):
        top = app.screen
        if top is screen:
            return
        if isinstance(top, FormScreen):
            await press(pilot, "ctrl+s")
            if app.screen is top:
                shown.append(str(top.query_one("#form-error", Static).content))
                await press(pilot, "escape")
        elif isinstance(top, ConfirmScreen):
            await press(pilot, "y")
        elif isinstance(top, ModalScreen):
            await press(pilot, "enter")
            if app.screen is top:
                await press(pilot, "escape")
        else:
            app.pop_screen()
            await settle(pilot)
    assert app.screen is screen, app.screen


async def test_every_writing_key_of_every_screen_leaves_a_closed_project_unchanged(
    demo_db: Engine,
) -> None:
    with write_session(demo_db, journal=False) as session:
        project = session.exec(select(Project).where(Project.code == "NET-CORE")).one()
        project.closed_on = date(2026, 11, 17)
    before = dump(demo_db)
    app = ItpmApp(demo_db, display=Display(ascii=True), today=TODAY, live_refresh=None)
    record_notices(app)
    shown: list[str] = []
    pressed: dict[str, list[str]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        for keys, name, _screen in PROJECT_STEPS:
            await press(pilot, *keys)
            screen = app.screen
            if isinstance(screen, ModalScreen) or name in ("history", "palette", "help"):
                continue
            for key in _writing_keys(screen):
                await press(pilot, key)
                await _answer(pilot, screen, shown)
                pressed.setdefault(name, []).append(key)
                after = dump(demo_db)
                changed = {
                    t: set(after[t]) ^ set(before[t]) for t in after if after[t] != before[t]
                }
                assert not changed, (name, key, changed)
    # Keys were pressed on the chart, the board, the registers, the plan ...
    assert {"gantt", "board", "risks", "planning", "budget"} <= set(pressed), pressed
    assert {"right_square_bracket", "percent_sign"} & set(pressed["gantt"]), pressed["gantt"]
    reasons = [text for text in notices(app) + shown if "read-only" in text]
    assert reasons, notices(app) + shown
