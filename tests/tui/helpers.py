"""Helpers for driving the app: wait for database workers, type into fields, read the screen."""

from __future__ import annotations

import io
from datetime import date
from typing import Any, TypeVar

from rich.console import Console
from rich.text import Text
from sqlalchemy import Engine
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select, Static

from itpm_tui.app import ItpmApp
from itpm_tui.db import read_session
from itpm_tui.models import Project
from itpm_tui.services.planning.tasks import TaskRow, list_task_rows
from itpm_tui.services.portfolio.projects import find_project, list_projects
from itpm_tui.services.resources.people import list_people

T = TypeVar("T")

# A Wednesday; the demo is dated around it, so every screen is the same on every run.
TODAY = date(2026, 11, 18)
DEMO_CODES = ["APP-PORTAL", "CLD-BKP", "CRM-AZ", "ERP-S4", "HW-LAPTOP", "NET-CORE", "SEC-MFA"]


def known(value: T | None) -> T:
    """`value`, which the test knows is set (a saved row's id, a loaded screen's data)."""
    assert value is not None
    return value


def record_notices(app: Any) -> None:
    """Keep every notification the app shows, as (severity, message), in `app.notices`.

    A notification leaves the screen after its timeout; on a slow machine that can be
    before the test looks, so tests read this record instead of what is still shown.
    """
    shown = app.notify
    app.notices = []

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        app.notices.append((kwargs.get("severity", "information"), str(message)))
        shown(message, *args, **kwargs)

    app.notify = notify


def notices(app: Any, severity: str | None = None) -> list[str]:
    """Messages of the notifications shown so far (of one severity when given)."""
    return [text for kind, text in app.notices if severity is None or kind == severity]


def _measuring(app: App[Any]) -> bool:
    from textual.widgets import DataTable

    screen = app.screen
    return any(table._require_update_dimensions for table in screen.query(DataTable))


async def settle(pilot: Pilot[Any]) -> None:
    """Let the screen process its messages and every database worker finish.

    A key can take a few rounds of messages before it starts a worker (a dialog closes,
    another: this returns after two pauses in a row with no worker pending or running,
    and no table still to measure its new rows (DataTable does that when idle).
    """
    app = pilot.app
    quiet = 0
    for _ in range(40):
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers) and not _measuring(app):
            quiet += 1
            if quiet == 2:
                return
        else:
            quiet = 0
            await app.workers.wait_for_complete()
    raise AssertionError("database workers still running after 40 rounds")


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys, then settle."""
    await pilot.press(*keys)
    await settle(pilot)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type text key by key into the focused widget.

    The same Key events Pilot.press sends, in one burst: Pilot waits for the app to idle
    after each key, which makes a long text take seconds.
    """
    driver = pilot.app._driver
    assert driver is not None
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await delivered(pilot)


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Keys sent in one go, as they arrive over a slow link: no waiting between them."""
    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await delivered(pilot)


async def delivered(pilot: Pilot[Any]) -> None:
    """Wait until the app has handed on every key it held while earlier keys took effect."""
    app = pilot.app
    assert isinstance(app, ItpmApp)
    hold = app.key_hold
    for _ in range(400):
        await pilot.pause()
        if not hold.waiting:
            return
    raise AssertionError("keys still held after 400 rounds")


async def fill(pilot: Pilot[Any], field: str, text: str) -> None:
    """Focus a form field, clear it by keys and type `text` into it."""
    widget = pilot.app.screen.query_one(f"#field-{field}", Input)
    widget.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)
    assert widget.value == text


async def choose(pilot: Pilot[Any], field: str, label: str) -> None:
    """Focus a form's select, open it with enter, arrow to `label`, enter."""
    widget = pilot.app.screen.query_one(f"#field-{field}", Select)
    widget.focus()
    await pilot.press("enter")
    labels = [str(text) for text, _ in widget._options]
    await pilot.press("home", *["down"] * labels.index(label), "enter")
    await pilot.pause()
    assert widget.value == next(v for t, v in widget._options if str(t) == label)


def screen_text(pilot: Pilot[Any]) -> str:
    """What the terminal shows now, as plain text lines."""
    app = pilot.app
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text(styles=False)


def widget_text(widget: Widget) -> str:
    """The lines a widget renders, as plain text."""
    return "\n".join(strip.text for strip in widget.render_lines(widget.size.region))


def column(table: DataTable[Text], index: int) -> list[str]:
    """The plain text of one column, top to bottom."""
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


def field_error(pilot: Pilot[Any], field: str) -> str:
    """The error shown beside a form field, or '' when it is hidden."""
    box = pilot.app.screen.query_one(f"#error-{field}", Static)
    if not box.display:
        return ""
    return str(box.content).strip()


# --- the database, read through the services ----------------------------------------------


def project_codes(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return [p.code for p in list_projects(session)]


def project_named(engine: Engine, code: str) -> Project:
    with read_session(engine) as session:
        return find_project(session, code)


def task_rows(engine: Engine, code: str) -> list[TaskRow]:
    with read_session(engine) as session:
        return list_task_rows(session, known(find_project(session, code).id))


def people_names(engine: Engine) -> list[str]:
    with read_session(engine) as session:
        return [p.name for p in list_people(session)]


def portfolio_table(pilot: Pilot[Any]) -> DataTable[Text]:
    return pilot.app.screen.query_one("#projects", DataTable)


async def move_to_row(pilot: Pilot[Any], table: DataTable[Text], text: str, col: int = 0) -> None:
    """Move the table's cursor by arrow keys to the row whose column `col` reads `text`."""
    target = column(table, col).index(text)
    current = table.cursor_row
    key = "down" if target > current else "up"
    await pilot.press(*[key] * abs(target - current))
    assert table.cursor_row == target


async def open_code(pilot: Pilot[Any], code: str) -> None:
    """From the portfolio: arrow keys to the project, enter, wait for its screen."""
    await move_to_row(pilot, portfolio_table(pilot), code)
    await press(pilot, "enter")
