"""Two itpm processes on one file: changes from the other show up, stale edits are refused."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import Static

from itpm_tui.app import ItpmApp
from itpm_tui.config import Display
from itpm_tui.db import open_database, read_session, write_session
from itpm_tui.screens.planning.planning import PlanningScreen
from itpm_tui.screens.portfolio.listing import PortfolioScreen
from itpm_tui.screens.shared.forms import FormScreen
from itpm_tui.services.planning import tasks as task_service
from itpm_tui.services.portfolio import projects as project_service
from itpm_tui.widgets.task_table import TaskTable

from .helpers import TODAY, column, known, open_code, portfolio_table, press, settle, task_rows


@pytest.fixture
def other(demo_db: Engine) -> Iterator[Engine]:
    """A second engine on the same file: what another itpm process would write through."""
    engine = open_database(str(demo_db.url.database))
    yield engine
    engine.dispose()


def _app(engine: Engine) -> ItpmApp:
    # A short interval keeps the test quick; the app's default is two seconds.
    return ItpmApp(engine, display=Display(), today=TODAY, live_refresh=0.2)


def rename_project(engine: Engine, code: str, name: str) -> None:
    with write_session(engine) as session:
        project = project_service.find_project(session, code)
        data = project_service.ProjectInput(
            **{k: v for k, v in project.model_dump().items() if k in _PROJECT_FIELDS}
        )
        data.name = name
        project_service.update_project(session, known(project.id), data)


_PROJECT_FIELDS = set(project_service.ProjectInput.__dataclass_fields__)
_TASK_FIELDS = set(task_service.TaskInput.__dataclass_fields__)


def retitle_task(engine: Engine, task_id: int, title: str) -> None:
    with write_session(engine) as session:
        task = task_service.get_task(session, task_id)
        data = task_service.TaskInput(
            **{k: v for k, v in task.model_dump().items() if k in _TASK_FIELDS}
        )
        data.title = title
        task_service.update_task(session, task_id, data)


async def wait_for(
    pilot: Pilot[Any],
    condition: Callable[[], object],
    seconds: float = 6.0,
    what: str = "the change made elsewhere did not show up",
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await pilot.pause(0.05)
        if condition():
            return
    raise AssertionError(f"{what} in {seconds} s")


async def test_a_change_made_by_another_process_shows_without_a_restart(
    demo_db: Engine, other: Engine
) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Renamed core" not in column(portfolio_table(pilot), 1)

        rename_project(other, "NET-CORE", "Renamed core")

        await wait_for(
            pilot,
            lambda: "Renamed core" in column(portfolio_table(pilot), 1),
        )
        assert isinstance(app.screen, PortfolioScreen)


async def test_a_task_added_elsewhere_appears_on_the_open_project(
    demo_db: Engine, other: Engine
) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        assert isinstance(app.screen, PlanningScreen)
        project_id = app.screen.project_id
        with write_session(other) as session:
            task_service.create_task(session, project_id, task_service.TaskInput("Added in tmux"))

        def shown() -> bool:
            table = app.screen.query_one("#tasks", TaskTable)
            return any("Added in tmux" in str(table.get_row_at(i)) for i in range(table.row_count))

        await wait_for(pilot, shown)


async def test_an_open_form_is_not_reloaded_under_the_user_and_a_stale_save_is_refused(
    demo_db: Engine, other: Engine
) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        first = task_rows(demo_db, "NET-CORE")[0]
        await press(pilot, "e")
        assert isinstance(app.screen, FormScreen)
        form = app.screen

        retitle_task(other, first.id, "Renamed in the other window")
        # The poll sees the change while the form is open and keeps the reload for later:
        # the form stays as the user left it.
        await wait_for(
            pilot,
            lambda: app._reload_pending,
            what="no refresh tick saw the change made elsewhere",
        )
        assert app.screen is form

        await press(pilot, "ctrl+s")
        assert app.screen is form  # nothing saved, the form stays open
        message = str(form.query_one("#form-error", Static).content)
        assert "changed elsewhere since you opened it" in message
        assert task_rows(demo_db, "NET-CORE")[0].title == "Renamed in the other window"

        await press(pilot, "escape")
        table = app.screen.query_one("#tasks", TaskTable)

        def renamed() -> bool:
            # The table's row data: at 80 columns the title cell is cut to fit.
            shown = table.rows_by_id.get(first.id)
            return shown is not None and shown.title == "Renamed in the other window"

        await wait_for(pilot, renamed)


async def test_a_stale_project_edit_is_refused_with_a_clear_message(
    demo_db: Engine, other: Engine
) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_code(pilot, "NET-CORE")
        await press(pilot, "E")
        assert isinstance(app.screen, FormScreen)
        form = app.screen
        rename_project(other, "NET-CORE", "Renamed elsewhere")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "changed elsewhere since you opened it" in str(
            form.query_one("#form-error", Static).content
        )
        with read_session(demo_db) as session:
            assert project_service.find_project(session, "NET-CORE").name == "Renamed elsewhere"


def test_the_watcher_tells_other_writers_from_our_own(demo_db: Engine, other: Engine) -> None:
    from itpm_tui.db import ChangeWatcher

    watcher = ChangeWatcher(demo_db)
    try:
        assert not watcher.changed_elsewhere()
        rename_project(demo_db, "NET-CORE", "Ours")
        assert not watcher.changed_elsewhere()  # our own write: the screen reloaded already
        rename_project(other, "NET-CORE", "Theirs")
        assert watcher.changed_elsewhere()
        assert not watcher.changed_elsewhere()  # reported once
    finally:
        watcher.close()


def test_the_stamp_moves_with_every_commit_and_only_then(demo_db: Engine, other: Engine) -> None:
    from itpm_tui.db import ChangeWatcher

    watcher = ChangeWatcher(demo_db)
    try:
        first = watcher.stamp()
        with read_session(demo_db) as session:
            project_service.find_project(session, "NET-CORE")
        assert watcher.stamp() == first  # reading changes nothing
        rename_project(demo_db, "NET-CORE", "Ours")
        ours = watcher.stamp()
        assert ours != first
        watcher.changed_elsewhere()
        assert watcher.stamp() == ours  # looking for changes does not move it
        rename_project(other, "NET-CORE", "Theirs")
        assert watcher.stamp() != ours
    finally:
        watcher.close()
