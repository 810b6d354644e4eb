"""Two windows on one file, the other one a real process: nothing it does is lost or hidden."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from itpm_tui.app import ItpmApp
from itpm_tui.config import Display
from itpm_tui.db import ChangeWatcher, open_database, read_session, write_session
from itpm_tui.models import Project, Task
from itpm_tui.models.risk import Risk
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.registers.risks import RisksScreen
from itpm_tui.screens.shared.confirm import ConfirmScreen
from itpm_tui.screens.shared.forms import FormScreen

from .helpers import TODAY, fill, known, notices, open_code, press, record_notices, settle

# The other window: itpm's services in a process of their own, on the same file.
PRELUDE = textwrap.dedent(
    """
    import sys
    from sqlmodel import select
    from itpm_tui.db import open_database, write_session
    from itpm_tui.models import Project, Task, WorkflowColumn
    from itpm_tui.models.risk import Risk
    from itpm_tui.services.kanban import board
    from itpm_tui.services.shared import undo
    engine = open_database(sys.argv[1])
    """
)


def other_window(engine: Engine, code: str) -> None:
    """Run `code` in another process on the database file, to completion."""
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code), str(engine.url.database)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


MOVE_TO_DONE = """
    with write_session(engine, "move 'Install core switches' to Done") as s:
        task = s.exec(select(Task).where(Task.title == "Install core switches")).one()
        done = s.exec(select(WorkflowColumn).where(
            WorkflowColumn.project_id == task.project_id, WorkflowColumn.status == "done")).first()
        board.move_card(s, task.id, done.id, 0, allow_over_limit=True)
"""


def _app(engine: Engine, live_refresh: float | None = 1000.0) -> ItpmApp:
    # The refresh interval is long: tests that need a look call _poll_changes themselves.
    app = ItpmApp(engine, display=Display(ascii=True), today=TODAY, live_refresh=live_refresh)
    record_notices(app)
    return app


def _task(engine: Engine, title: str) -> Task:
    with read_session(engine) as session:
        return session.exec(select(Task).where(Task.title == title)).one()


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], seconds: float = 20.0
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await settle(pilot)
        if condition():
            return
    raise AssertionError("not shown in time")


async def _select_task(pilot: Pilot[Any], title: str) -> None:
    table = pilot.app.screen.query_one("#tasks", DataTable)
    for index in range(table.row_count):
        if title in " ".join(str(cell) for cell in table.get_row_at(index)):
            table.move_cursor(row=index)
            await settle(pilot)
            return
    raise AssertionError(title)


def _form_error(form: FormScreen) -> str:
    return str(form.query_one("#form-error", Static).content)


@pytest.mark.slow
async def test_a_task_form_opened_before_a_board_move_elsewhere_is_refused_and_reloads(
    demo_db: Engine,
) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await _select_task(pilot, "Install core")  # cut at 80 columns
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(demo_db, MOVE_TO_DONE)

        await fill(pilot, "title", "Install the core switches")
        await press(pilot, "ctrl+s")
        assert app.screen is form  # refused: nothing saved, the form stays
        message = _form_error(form)
        assert "changed elsewhere since you opened it" in message
        assert "Status: " in message and "-> Done" in message  # what changed, old -> new
        assert "ctrl+l" in message
        moved = _task(demo_db, "Install core switches")
        assert moved.status == "done"

        await press(pilot, "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen is not form)
        await fill(pilot, "title", "Install the core switches")
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanningScreen))
        saved = _task(demo_db, "Install the core switches")
        assert saved.status == "done"  # the other window's move is kept


@pytest.mark.slow
async def test_a_register_form_opened_before_an_edit_elsewhere_is_refused(
    demo_db: Engine,
) -> None:
    with read_session(demo_db) as session:
        project = session.exec(select(Project).where(Project.code == "NET-CORE")).one()
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(RisksScreen(known(project.id)))
        await settle(pilot)
        table = app.screen.query_one("#register", DataTable)
        risk_id = int(known(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(
            demo_db,
            f"""
            with write_session(engine, "retitle risk") as s:
                s.get(Risk, {risk_id}).title = "Retitled elsewhere"
            """,
        )
        await fill(pilot, "title", "Mine")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        message = _form_error(form)
        assert "changed elsewhere since you opened it" in message
        assert "-> Retitled elsewhere" in message
        with read_session(demo_db) as session:
            assert known(session.get(Risk, risk_id)).title == "Retitled elsewhere"


@pytest.mark.slow
async def test_a_budget_line_form_opened_before_an_edit_elsewhere_is_refused(
    demo_db: Engine,
) -> None:
    from itpm_tui.screens.monitoring.budget import BudgetScreen

    with read_session(demo_db) as session:
        project = session.exec(select(Project).where(Project.code == "ERP-S4")).one()
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(BudgetScreen(known(project.id)))
        await settle(pilot)
        assert isinstance(app.screen, BudgetScreen)
        line = app.screen.selected_line()
        assert line is not None
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)

        other_window(
            demo_db,
            f"""
            from itpm_tui.models import BudgetLine
            with write_session(engine, "replan") as s:
                s.get(BudgetLine, {line.id}).planned_cents = 12_345_600
            """,
        )
        await fill(pilot, "name", "Mine")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        message = _form_error(form)
        assert "changed elsewhere since you opened it" in message
        assert "Planned: " in message and "-> 123,456.00" in message


# --- live refresh --------------------------------------------------------------------------


@pytest.fixture
def other(demo_db: Engine) -> Iterator[Engine]:
    engine = open_database(str(demo_db.url.database))
    yield engine
    engine.dispose()


def _retitle(engine: Engine, title: str, new: str) -> None:
    with write_session(engine, f"retitle {title}") as session:
        session.exec(select(Task).where(Task.title == title)).one().title = new


def test_the_watcher_sees_another_write_in_the_same_interval_as_our_own(
    demo_db: Engine, other: Engine
) -> None:
    watcher = ChangeWatcher(demo_db)
    try:
        assert not watcher.changed_elsewhere()
        _retitle(other, "Install core switches", "Theirs")  # another window ...
        _retitle(demo_db, "Order hardware", "Ours")  # ... then ours, same interval
        assert watcher.changed_elsewhere()
        _retitle(demo_db, "Ours", "Ours again")
        assert not watcher.changed_elsewhere()  # only ours: the screen reloaded already
        _retitle(demo_db, "Ours again", "Ours twice")
        _retitle(other, "Theirs", "Theirs again")
        assert watcher.changed_elsewhere()  # ours first, theirs after
    finally:
        watcher.close()


@pytest.mark.slow
async def test_a_change_elsewhere_shows_even_when_this_window_wrote_in_the_same_interval(
    demo_db: Engine,
) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        other_window(
            demo_db,
            """
            with write_session(engine, "retitle") as s:
                s.exec(select(Task).where(Task.title == "Install core switches")).one().title = (
                    "Retitled in the other window")
            """,
        )
        _retitle(demo_db, "Order hardware", "Retitled here")  # our write, same interval
        app._poll_changes()  # the interval's one look

        def shown() -> bool:
            table = app.screen.query_one("#tasks", DataTable)
            rows = [" ".join(map(str, table.get_row_at(i))) for i in range(table.row_count)]
            return any("Retitled in" in row for row in rows)  # the title, cut at 80 columns

        await wait_for(pilot, shown)


# --- undo: each window its own ------------------------------------------------------------


@pytest.mark.slow
async def test_u_undoes_this_windows_action_and_asks_before_undoing_anothers(
    demo_db: Engine,
) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _retitle(demo_db, "Order hardware", "Mine")  # this window's action
        other_window(
            demo_db,
            """
            with write_session(engine, "retitle in the other window") as s:
                s.exec(select(Task).where(Task.title == "Install core switches")).one().title = (
                    "Theirs")
            """,
        )

        await press(pilot, "u")
        await wait_for(pilot, lambda: any("Undone: retitle" in n for n in notices(app)))
        assert _task(demo_db, "Order hardware").id  # mine is undone ...
        assert _task(demo_db, "Theirs").id  # ... theirs, newer, is untouched

        await press(pilot, "u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.query_one(Static).content)
        assert "'retitle in the other window'" in question and "another window" in question
        await press(pilot, "y")
        await wait_for(pilot, lambda: any("retitle in the other window" in n for n in notices(app)))
        assert _task(demo_db, "Install core switches").id
